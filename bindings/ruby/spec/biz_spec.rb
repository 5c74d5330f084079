# frozen_string_literal: true

require_relative 'spec_helper'

# The biz-compatible layer, written from biz's documented semantics (its
# README: configuration, usage, the period listings, day calculation and
# intersection) and from the conventions listed in the README of this
# project ("Switching from biz").
RSpec.describe Libsla::Biz::Schedule do
  # The configuration of biz's README.
  let(:schedule) do
    described_class.new do |config|
      config.hours = {
        mon: { '09:00' => '17:00' },
        tue: { '00:00' => '24:00' },
        wed: { '09:00' => '17:00' },
        thu: { '09:00' => '12:00', '13:00' => '17:00' },
        sat: { '10:00' => '14:00' }
      }
      config.breaks = {
        Date.new(2006, 1, 2) => { '10:00' => '11:30' },
        Date.new(2006, 1, 3) => { '14:15' => '14:30', '15:40' => '15:50' }
      }
      config.holidays = [Date.new(2016, 1, 1), Date.new(2016, 12, 25)]
      config.time_zone = 'America/Los_Angeles'
    end
  end

  # Mon-Fri 09:00-17:00 UTC, the biz default.
  let(:weekdays) { described_class.new }

  describe 'time(n, unit).after / .before' do
    it 'adds and subtracts business time, returning UTC times' do
      r = weekdays.time(2, :hours).after(Time.utc(2015, 12, 25, 9, 30))
      expect(r).to eq(Time.utc(2015, 12, 25, 11, 30))
      expect(r.utc?).to be true
      expect(weekdays.time(30, :minutes).before(Time.utc(2015, 1, 1, 11, 45)))
        .to eq(Time.utc(2015, 1, 1, 11, 15))
      expect(weekdays.time(90, :seconds).after(Time.utc(2015, 1, 1, 16, 59)))
        .to eq(Time.utc(2015, 1, 2, 9, 0, 30))
    end

    it 'moves a deadline that uses up a period exactly to the next opening' do
      expect(weekdays.time(1, :hour).after(Time.utc(2015, 1, 2, 16))).to eq(Time.utc(2015, 1, 5, 9))
      expect(weekdays.time(8, :hours).after(Time.utc(2015, 1, 5, 9))).to eq(Time.utc(2015, 1, 6, 9))
      # and, going back, a start that reaches an opening exactly to the previous closing
      expect(weekdays.time(1, :hour).before(Time.utc(2015, 1, 5, 10)))
        .to eq(Time.utc(2015, 1, 2, 17))
    end

    it 'treats time(0) as the next / previous business moment' do
      expect(weekdays.time(0, :hours).after(Time.utc(2016, 1, 8, 20)))
        .to eq(Time.utc(2016, 1, 11, 9))
      expect(weekdays.time(0, :hours).after(Time.utc(2016, 1, 8, 12)))
        .to eq(Time.utc(2016, 1, 8, 12))
      expect(weekdays.time(0, :hours).before(Time.utc(2016, 1, 8, 6)))
        .to eq(Time.utc(2016, 1, 7, 17))
      expect(weekdays.time(0, :hours).before(Time.utc(2016, 1, 8, 12)))
        .to eq(Time.utc(2016, 1, 8, 12))
    end

    it 'skips holidays and breaks' do
      # 2006-01-02 (Mon) has a 10:00-11:30 break in Los Angeles (UTC-8)
      expect(schedule.time(2, :hours).after(Time.utc(2006, 1, 2, 17)))
        .to eq(Time.utc(2006, 1, 2, 20, 30))
      # 2015-12-31 Thu 16:00 PST + 2h: 1h Thursday, Friday holiday... (2016-01-01),
      # Saturday 10:00 PST + 1h
      expect(schedule.time(2, :hours).after(Time.utc(2016, 1, 1, 0)))
        .to eq(Time.utc(2016, 1, 2, 19))
    end

    it 'counts days as business days keeping the time of day' do
      # Thursday 2015-01-08 10:00 UTC + 1 day: Friday 10:00
      expect(weekdays.time(1, :day).after(Time.utc(2015, 1, 8, 10))).to eq(Time.utc(2015, 1, 9, 10))
      # Friday + 1 day: Monday (the weekend has no hours)
      expect(weekdays.time(1, :day).after(Time.utc(2015, 1, 9, 12)))
        .to eq(Time.utc(2015, 1, 12, 12))
      expect(weekdays.time(2, :days).before(Time.utc(2015, 1, 12, 12)))
        .to eq(Time.utc(2015, 1, 8, 12))
      # before the day's hours: the next business moment after the advanced time
      expect(weekdays.time(1, :day).after(Time.utc(2015, 1, 8, 7))).to eq(Time.utc(2015, 1, 9, 9))
      # after the day's hours, going back: the previous business moment
      expect(weekdays.time(1, :day).before(Time.utc(2015, 1, 9, 20)))
        .to eq(Time.utc(2015, 1, 8, 17))
      hol = described_class.new { |c| c.holidays = [Date.new(2015, 1, 9)] }
      expect(hol.time(1, :day).after(Time.utc(2015, 1, 8, 12))).to eq(Time.utc(2015, 1, 12, 12))
    end

    it 'refuses unknown units and negative scalars like biz' do
      expect { weekdays.time(1, :weeks) }.to raise_error(ArgumentError, /unsupported unit/)
      expect { weekdays.time(-1, :hours) }.to raise_error(ArgumentError, /negative scalar/)
    end
  end

  describe 'within' do
    it 'sums business time, zero when reversed' do
      d = schedule.within(Time.utc(2015, 3, 7), Time.utc(2015, 3, 14))
      # Sat 4h + Mon 8h + Tue 24h + Wed 8h + Thu 7h (Mar 7 00:00 UTC is Fri 16:00 PST)
      expect(d.in_hours).to eq(51)
      expect(d.in_seconds).to eq(51 * 3600)
      expect(weekdays.within(Time.utc(2015, 1, 5, 10), Time.utc(2015, 1, 5, 10, 30, 59)).in_minutes)
        .to eq(30)
      expect(weekdays.within(Time.utc(2015, 1, 5, 12), Time.utc(2015, 1, 5, 10)).in_seconds)
        .to eq(0)
    end
  end

  describe 'predicates' do
    it 'answers in_hours?, on_break? and on_holiday?' do
      expect(schedule.in_hours?(Time.utc(2015, 1, 12, 18))).to be true
      expect(schedule.business_hours?(Time.utc(2015, 1, 11, 18))).to be false
      expect(schedule.on_break?(Time.utc(2006, 1, 2, 18, 30))).to be true
      expect(schedule.in_hours?(Time.utc(2006, 1, 2, 18, 30))).to be false
      expect(schedule.on_holiday?(Time.utc(2016, 1, 1, 12))).to be true
      expect(schedule.on_holiday?(Time.utc(2016, 1, 1, 6))).to be false # still Dec 31 in LA
    end
  end

  describe 'periods' do
    it 'lists the periods after a time as biz documents' do
      got = schedule.periods.after(Time.utc(2015, 1, 10, 10)).timeline
                    .until(Time.utc(2015, 1, 17, 10)).to_a
      expect(got.map(&:endpoints)).to eq([
        [Time.utc(2015, 1, 10, 18), Time.utc(2015, 1, 10, 22)],
        [Time.utc(2015, 1, 12, 17), Time.utc(2015, 1, 13, 1)],
        [Time.utc(2015, 1, 13, 8), Time.utc(2015, 1, 14, 8)],
        [Time.utc(2015, 1, 14, 17), Time.utc(2015, 1, 15, 1)],
        [Time.utc(2015, 1, 15, 17), Time.utc(2015, 1, 15, 20)],
        [Time.utc(2015, 1, 15, 21), Time.utc(2015, 1, 16, 1)]
      ])
    end

    it 'lists the periods before a time for a duration as biz documents' do
      got = schedule.periods.before(Time.utc(2015, 5, 5, 12, 34, 57)).timeline
                    .for(Libsla::Biz::Duration.minutes(3_598)).to_a
      expect(got.first.endpoints).to eq([Time.utc(2015, 5, 5, 7), Time.utc(2015, 5, 5, 12, 34, 57)])
      expect(got.last.endpoints).to eq([Time.utc(2015, 4, 27, 20, 36, 57), Time.utc(2015, 4, 28)])
      expect(got.size).to eq(8)
      expect(got.sum { |p| p.duration.in_seconds }).to eq(3_598 * 60)
    end

    it 'gives the first period, and the periods of a date' do
      p = weekdays.periods.after(Time.utc(2015, 1, 10)).first
      expect(p.endpoints).to eq([Time.utc(2015, 1, 12, 9), Time.utc(2015, 1, 12, 17)])
      expect(weekdays.periods.before(Time.utc(2015, 1, 10)).first.end_time)
        .to eq(Time.utc(2015, 1, 9, 17))
      on = schedule.periods.on(Date.new(2015, 1, 15))
      expect(on.map(&:endpoints)).to eq([[Time.utc(2015, 1, 15, 17), Time.utc(2015, 1, 15, 20)],
                                         [Time.utc(2015, 1, 15, 21), Time.utc(2015, 1, 16, 1)]])
    end
  end

  describe 'configuration' do
    it 'replaces a date with its shifts' do
      s = described_class.new do |c|
        c.shifts = { Date.new(2015, 1, 5) => { '03:00' => '05:00' } }
      end
      expect(s.in_hours?(Time.utc(2015, 1, 5, 4))).to be true
      expect(s.in_hours?(Time.utc(2015, 1, 5, 10))).to be false
      expect(s.within(Time.utc(2015, 1, 5), Time.utc(2015, 1, 6)).in_hours).to eq(2)
    end

    it 'refuses what biz refuses' do
      expect { described_class.new { |c| c.hours = {} } }
        .to raise_error(Libsla::Biz::Error::Configuration)
      expect { described_class.new { |c| c.hours = { mon: { '09:00' => '09:00' } } } }
        .to raise_error(Libsla::Biz::Error::Configuration, /nonsensical/)
      expect { described_class.new { |c| c.hours = { mon: { '9am' => '17:00' } } } }
        .to raise_error(Libsla::Biz::Error::Configuration, /HH:MM/)
      expect { described_class.new { |c| c.time_zone = 'Mars/Olympus' } }
        .to raise_error(Libsla::Biz::Error::Configuration)
    end

    it 'takes overnight hours (an end before the start runs to the next day), unlike biz' do
      s = described_class.new { |c| c.hours = { fri: { '22:00' => '06:00' } } }
      expect(s.time(3, :hours).after(Time.utc(2015, 1, 9, 23))).to eq(Time.utc(2015, 1, 10, 2))
      expect(s.in_hours?(Time.utc(2015, 1, 10, 5))).to be true
    end

    it 'counts real time across DST changes' do
      s = described_class.new do |c|
        c.hours = { sun: { '00:00' => '06:00' } }
        c.time_zone = 'America/New_York'
      end
      # 2025-03-09: 02:00 -> 03:00, the six local hours are five real ones
      day = [Time.utc(2025, 3, 9, 5), Time.utc(2025, 3, 9, 11)]
      expect(s.within(*day).in_hours).to eq(5)
      # 2025-11-02: 02:00 -> 01:00, seven real hours
      expect(s.within(Time.utc(2025, 11, 2, 4), Time.utc(2025, 11, 2, 12)).in_hours).to eq(7)
    end

    it 'intersects schedules as biz documents' do
      a = described_class.new do |c|
        c.hours = { mon: { '09:00' => '17:00' }, tue: { '10:00' => '16:00' } }
        c.holidays = [Date.new(2016, 1, 1)]
        c.time_zone = 'Etc/UTC'
      end
      b = described_class.new do |c|
        c.hours = { mon: { '08:00' => '10:00' }, tue: { '11:00' => '15:00' },
                    wed: { '16:00' => '18:00' } }
        c.holidays = [Date.new(2016, 7, 4)]
        c.time_zone = 'America/Los_Angeles'
      end
      x = a & b
      expect(x.hours).to eq(mon: [[9 * 3600, 10 * 3600]], tue: [[11 * 3600, 15 * 3600]])
      expect(x.holidays).to eq([Date.new(2016, 1, 1), Date.new(2016, 7, 4)])
      expect(x.time_zone).to eq('Etc/UTC')
    end
  end

  describe 'zones and globals' do
    it 'converts in the zone' do
      l = schedule.in_zone.local(Time.utc(2015, 1, 10, 18))
      expect([l.hour, l.utc_offset]).to eq([10, -8 * 3600])
      expect(schedule.in_zone.on_date(Date.new(2015, 7, 1), '09:00'))
        .to eq(Time.utc(2015, 7, 1, 16))
    end

    it 'configures a global schedule and serves as Biz' do
      Libsla::Biz.configure { |c| c.time_zone = 'Europe/Oslo' }
      expect(Libsla::Biz.time(1, :hour).after(Time.utc(2025, 1, 6, 8)))
        .to eq(Time.utc(2025, 1, 6, 9))
      require 'libsla/as_biz'
      expect(::Biz::Schedule).to equal(described_class)
      expect(Libsla::Biz.in_hours?(Time.utc(2025, 1, 6, 8))).to be true
    end
  end
end

RSpec.describe Libsla::Biz::Dates do
  it 'lists the active dates after and before a date, the date itself excluded' do
    s = Libsla::Biz::Schedule.new do |c|
      c.hours = { mon: { '01:00' => '02:00' } }
      c.holidays = [Date.new(2006, 1, 9)]
    end
    expect(s.dates.after(Date.new(2006, 1, 2)).first(2))
      .to eq([Date.new(2006, 1, 16), Date.new(2006, 1, 23)])
    expect(s.dates.before(Date.new(2006, 1, 16)).first).to eq(Date.new(2006, 1, 2))
    expect(s.dates.active?(Date.new(2006, 1, 9))).to be false
  end
end
