# frozen_string_literal: true

require_relative 'spec_helper'

RSpec.describe Libsla::Policy do
  let(:office) { Libsla::Calendar.new('Europe/Oslo', 'Mo-Fr 08:00-16:00') }
  let(:policy) do
    described_class.new('first_reply * * 4h calendar=office', calendars: { 'office' => office })
  end
  let(:t0) { office.local_time(2025, 3, 3, 9) } # Monday 09:00

  it 'counts a first reply in business time and freezes its reports' do
    tk = policy.ticket(t0)
    tk.customer_message(t0)
    st = tk.status(t0 + 3600)
    fr = st.first_reply
    expect(st).to be_frozen
    expect(fr).to be_frozen
    expect(fr.state).to eq(:running)
    expect(fr.elapsed).to eq(3600)
    expect(fr.remaining).to eq(3 * 3600)
    expect(fr.deadline).to eq(t0 + (4 * 3600))
    expect(st[:first_reply]).to eq(fr)
    tk.reply(t0 + 7200)
    expect(tk.status(t0 + 7300).first_reply.state).to eq(:achieved)
    expect(tk.status(Time.at(t0 + 7300)).first_reply.fulfilled_at).to eq(Time.at(t0 + 7200).utc)
  end

  it 'pauses a deadline past closing into the next day' do
    tk = policy.ticket(office.local_time(2025, 3, 3, 15))
    tk.customer_message(office.local_time(2025, 3, 3, 15))
    expect(tk.status(office.local_time(2025, 3, 3, 15)).first_reply.deadline)
      .to eq(office.local_time(2025, 3, 4, 11))
  end

  it 'saves and restores a ticket' do
    tk = policy.ticket(t0)
    tk.customer_message(t0)
    bytes = tk.save
    expect(bytes.encoding).to eq(Encoding::BINARY)
    back = policy.restore(bytes)
    expect(back.status(t0 + 60).first_reply.to_h).to eq(tk.status(t0 + 60).first_reply.to_h)
    expect { policy.restore(bytes[0, 3]) }.to raise_error(Libsla::Error)
  end

  it 'refuses events out of order and after closing' do
    tk = policy.ticket(t0)
    tk.customer_message(t0 + 100)
    expect { tk.reply(t0) }.to raise_error(Libsla::OrderError)
    tk.set_status(t0 + 200, :closed)
    expect { tk.reply(t0 + 300) }.to raise_error(Libsla::ClosedError)
    expect(tk.info[:status]).to eq(:closed)
  end

  it 'reports the timeline and looks targets up' do
    tk = policy.ticket(t0)
    tk.customer_message(t0)
    seg = tk.timeline(t0 + 600, :first_reply)
    expect(seg.first.kind).to eq(:counted)
    expect(policy.lookup(:first_reply, :email, :normal)).to eq(4 * 3600)
    expect(policy.lookup(:resolution, :email, :normal)).to be_nil
    expect(policy.size).to eq(1)
    expect(policy.channels).to include('email')
    policy.add_target(:resolution, '2d', priority: :urgent, calendar: office, warn: [75])
    expect(policy.lookup(:resolution, :chat, :urgent)).to eq(2 * 86_400)
    expect { policy.add_target(:nope, 1) }.to raise_error(Libsla::InvalidError)
  end
end

RSpec.describe 'scan, forecast and Erlang' do
  it 'scans clocks' do
    cal = Libsla::Calendar.new
    r = Libsla.scan(cal, 1000, [2000, 500], target: [4000, 4000], warn_at: 0.5, k: 2)
    expect(r.remaining).to eq([1000, -500])
    expect(r.breached).to eq([1])
    expect(r).to be_frozen
  end

  it 'computes Erlang C against its textbook value' do
    # 100 calls an hour, 3 minutes each: a = 5 Erlangs; 6 agents: P(wait) = 0.5875
    expect(Libsla::Erlang.c(100 / 3600.0, 180, 6)).to be_within(1e-4).of(0.5875)
    expect(Libsla::Erlang.b(100 / 3600.0, 180, 6)).to be_within(1e-4).of(0.1918)
    expect { Libsla::Erlang.c(1, 180, 6) }.to raise_error(Libsla::UnstableError)
  end

  it 'forecasts a queue' do
    r = Libsla::Roster.new('UTC')
    r.add_shift(:email, '24/7', 1)
    r.set_handle_time(:email, 600)
    f = r.forecast(1000, channel: :email, priority: :normal, arrival: [900, 950],
                         deadline: [5000, 1200])
    res = f.results
    expect(f.size).to eq(2)
    expect(res[:pickup][0]).to eq(1000)
    expect(res[:pickup][1]).to eq(1600)
    expect(res[:p_breach]).to eq([0.0, 1.0])
  end

  it 'promises the forecast, rounded up, beside the deadline' do
    r = Libsla::Roster.new('UTC')
    r.add_shift(:email, '24/7', 1)
    r.set_handle_time(:email, 600)
    f = r.forecast(1000, channel: :email, priority: :normal, arrival: [900, 950],
                         deadline: [5000, 1200])
    # one agent, 10 minutes a reply: the queue is answered at 1600 and 2200,
    # so a ticket written now is answered at 2800 and promised at 3000
    p = f.promise_for(:email, 2000)
    expect(p).to eq({ promise: 3000, p90: 2800, at_risk: true })
    expect(f.promise_for(:email, 5000)[:at_risk]).to be(false)
    expect(f.promise_for(:email, 5000, step: 0)[:promise]).to eq(2800)
  end

  it 'staffs Erlang A to the least number of agents that meets the level' do
    rate, aht, patience = 100 / 3600.0, 180, 120
    n = Libsla::Erlang.a_agents(rate, aht, patience, 20, 0.8)[:agents]
    expect(Libsla::Erlang.a_service_level(rate, aht, patience, n, 20)).to be >= 0.8
    expect(Libsla::Erlang.a_service_level(rate, aht, patience, n - 1, 20)).to be < 0.8
  end
end

RSpec.describe 'C int arguments' do
  it 'refuse Integers outside a C int with RangeError' do
    pol = Libsla::Policy.new('first_reply * * 4h')
    expect { pol.ticket(0, channel: 2**40) }.to raise_error(Libsla::RangeError)
    expect { pol.add_target(:resolution, 60, priority: 2**33) }.to raise_error(Libsla::RangeError)
    expect { pol.add_target(:resolution, 60, warn: [2**40]) }.to raise_error(Libsla::RangeError)
    expect { Libsla::Erlang.c(0.01, 180, 2**40) }.to raise_error(Libsla::RangeError)
    expect { Libsla::Roster.new('UTC').add_shift(:email, '24/7', 2**40) }
      .to raise_error(Libsla::RangeError)
  end
end
