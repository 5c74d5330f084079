# frozen_string_literal: true

require_relative 'spec_helper'

RSpec.describe 'lifetimes and threads' do
  it 'frees dropped handles under GC and keeps borrowed ones alive' do
    tickets = Array.new(50) do
      cal = Libsla::Calendar.new('Europe/Oslo', 'Mo-Fr 08:00-16:00')
      pol = Libsla::Policy.new('first_reply * * 4h calendar=c', calendars: { 'c' => cal })
      t = pol.ticket(1_740_988_800)
      t.customer_message(1_740_988_800)
      t
    end
    # Only the tickets are still referenced: their policies and calendars
    # must survive a full collection.
    3.times { GC.start(full_mark: true, immediate_sweep: true) }
    tickets.each do |t|
      expect(t.status(1_740_992_400).first_reply.elapsed).to eq(3600)
    end
    1000.times { Libsla::Calendar.new('UTC', 'Mo-Fr 09:00-17:00') }
    GC.start
    expect(Libsla::Calendar.new('UTC').add(0, 60)).to eq(60)
  end

  it 'keeps a combined calendar valid after its parts are collected' do
    u = Libsla::Calendar.new('UTC', 'Mo 09:00-10:00') |
        Libsla::Calendar.new('UTC', 'Tu 09:00-10:00')
    GC.start
    expect(u.diff(0, 14 * 86_400)).to eq(4 * 3600)
  end

  it 'gives the same answers from many threads on one calendar' do
    cal = Libsla::Calendar.new('America/New_York', 'Mo-Fr 09:00-12:00,13:00-17:00')
    starts = Array.new(2000) { |i| 1_735_689_600 + (i * 7919) }
    want = starts.map { |t| cal.add(t, 3600 * 5) }
    threads = Array.new(8) do
      Thread.new { Array.new(5) { starts.map { |t| cal.add(t, 3600 * 5) } } }
    end
    threads.each { |th| th.value.each { |got| expect(got).to eq(want) } }
    many = Array.new(4) { Thread.new { cal.add_many(starts, 3600 * 5) } }.map(&:value)
    expect(many).to all(eq(want))
  end
end
