# frozen_string_literal: true

require_relative 'spec_helper'
require 'tmpdir'
require 'fileutils'

RSpec.describe Libsla::Calendar do
  # Europe/Oslo, Mon-Fri 09:00-17:00; 2025-03-30 summer time starts.
  let(:cal) { described_class.new('Europe/Oslo', 'Mo-Fr 09:00-17:00', holidays: ['2025-04-18']) }
  let(:fri1650) { Time.utc(2025, 3, 21, 15, 50) } # 16:50 +01:00

  describe 'instants' do
    it 'gives Integer for Integer' do
      t = fri1650.to_i
      expect(cal.add(t, 900)).to eq(Time.utc(2025, 3, 24, 8, 5).to_i)
    end

    it 'gives a Time in the calendar offset for a Time' do
      r = cal.add(fri1650, '15m')
      expect(r).to be_a(Time)
      expect(r).to eq(Time.utc(2025, 3, 24, 8, 5))
      expect(r.utc_offset).to eq(3600)
      expect(cal.add(Time.utc(2025, 3, 28, 14), '4h').utc_offset).to eq(7200)
    end

    it 'reads text in the zone' do
      expect(cal.add('2025-03-21 16:50', 900)).to eq(Time.utc(2025, 3, 24, 8, 5))
      expect(cal.parse('2025-03-21T16:50:00+01:00')).to eq(fri1650.to_i)
      expect(cal.format(fri1650.to_i)).to eq('2025-03-21T16:50:00+01:00')
    end

    it 'subtracts, diffs, opens and closes' do
      mon905 = Time.utc(2025, 3, 24, 8, 5)
      expect(cal.sub(mon905, 900)).to eq(fri1650)
      expect(cal.diff(fri1650, mon905)).to eq(900)
      expect(cal.diff(mon905, fri1650)).to eq(-900)
      expect(cal.open?(fri1650)).to be true
      expect(cal.open?(Time.utc(2025, 3, 22, 12))).to be false
      expect(cal.next_open(Time.utc(2025, 3, 22, 12))).to eq(Time.utc(2025, 3, 24, 8))
      expect(cal.next_close(fri1650)).to eq(Time.utc(2025, 3, 21, 16))
      expect(cal.holiday?(Time.utc(2025, 4, 18, 12))).to be true
    end

    it 'lands on the closing time, not the next opening' do
      mon9 = cal.local_time(2025, 3, 24, 9)
      expect(cal.add(mon9, 8 * 3600)).to eq(cal.local_time(2025, 3, 24, 17))
    end
  end

  describe 'arrays' do
    it 'computes element by element, broadcasting one value' do
      ts = [fri1650.to_i, Time.utc(2025, 3, 24, 8).to_i]
      expect(cal.add_many(ts, 900)).to eq(ts.map { |t| cal.add(t, 900) })
      expect(cal.sub_many(ts, [60, 60])).to eq(ts.map { |t| cal.sub(t, 60) })
      expect(cal.diff_many(ts, ts.last)).to eq(ts.map { |t| cal.diff(t, ts.last) })
      expect(cal.open_many(ts)).to eq([true, true])
      expect(cal.next_open_many(ts)).to eq(ts)
      expect(cal.next_close_many(ts)).to eq(ts.map { |t| cal.next_close(t) })
      expect(cal.add_many([], 1)).to eq([])
    end

    it 'names the failing element, or reports statuses' do
      expect { cal.add_many([fri1650.to_i, -5], 60) }.to raise_error(Libsla::RangeError) { |e|
        expect(e.index).to eq(1)
        expect(e.name).to eq('range')
      }
      vals, st = cal.add_many([fri1650.to_i, -5], 60, status: true)
      expect(st).to eq([0, Libsla::RangeError::CODE])
      expect(vals[0]).to eq(cal.add(fri1650.to_i, 60))
      expect { cal.add_many([1, 2], [1]) }.to raise_error(Libsla::InvalidError)
    end
  end

  describe 'integer range audit' do
    big = [2**63, 2**64 + 3600, -(2**63) - 1, 2**100]
    big.each do |v|
      it "refuses #{v} everywhere, never wrapping" do
        t = fri1650.to_i
        expect { cal.add(t, v) }.to raise_error(Libsla::RangeError)
        expect { cal.sub(t, v) }.to raise_error(Libsla::RangeError)
        expect { cal.add(v, 60) }.to raise_error(Libsla::RangeError)
        expect { cal.diff(t, v) }.to raise_error(Libsla::RangeError)
        expect { cal.open?(v) }.to raise_error(Libsla::RangeError)
        expect { cal.next_open(v) }.to raise_error(Libsla::RangeError)
        expect { cal.add_many([t, v], 60) }.to raise_error(Libsla::RangeError) { |e| expect(e.index)
          .to eq(1) }
        expect { cal.add_many([t], [v]) }.to raise_error(Libsla::RangeError)
        expect { cal.diff_many([t], v) }.to raise_error(Libsla::RangeError)
        expect { cal.local_time(v, 1, 1) }.to raise_error(Libsla::RangeError)
        pol = Libsla::Policy.new('first_reply * * 4h')
        expect { pol.ticket(v) }.to raise_error(Libsla::RangeError)
        expect { pol.add_target(:resolution, v) }.to raise_error(Libsla::RangeError)
        tk = pol.ticket(t)
        expect { tk.reply(v) }.to raise_error(Libsla::RangeError)
        expect { tk.status(v) }.to raise_error(Libsla::RangeError)
        expect { Libsla.scan(cal, t, [v]) }.to raise_error(Libsla::RangeError)
      end
    end

    it 'refuses instants outside the supported range with the library error' do
      expect { cal.add(Libsla::TIME_MAX, 1) }.to raise_error(Libsla::RangeError)
      expect { cal.add(-1, 1) }.to raise_error(Libsla::RangeError)
    end
  end

  describe 'text inputs refuse NUL, naming the field' do
    {
      'zone' => -> { described_class.new("Europe/Oslo\0x") },
      'hours' => -> { described_class.new('UTC', "Mo 09:00-17:00\0; Tu 09:00-10:00") },
      'instant' => -> { described_class.new.add("2025-01-01\0T00:00Z", 1) },
      'duration' => -> { described_class.new.add(0, "1\0005m") },
      'policy' => -> { Libsla::Policy.new("first_reply email * 1\0005m") },
      'channel name' => -> { Libsla::Policy.new.add_channel("web\0x") },
      'calendar name' => -> { Libsla::Policy.new.add_calendar("a\0b", described_class.new) }
    }.each do |field, call|
      it field do
        expect { call.call }.to raise_error(Libsla::InvalidError, /#{field}.*NUL/)
      end
    end

    it 'refuses NUL in ICS file names and shift hours' do
      expect { described_class.new('UTC', ics_file: "/tmp/x\0.ics") }
        .to raise_error(Libsla::InvalidError, /ics_file/)
      expect { Libsla::Roster.new('UTC').add_shift(:email, "24/7\0", 1) }
        .to raise_error(Libsla::InvalidError, /hours/)
    end
  end

  describe 'errors' do
    it 'are classes named after the library errors, with code and name' do
      expect { described_class.new('Nowhere/City') }.to raise_error(Libsla::NoZoneError) { |e|
        expect(e.code).to eq(-6)
        expect(e.name).to eq('nozone')
        expect(e).to be_a(Libsla::Error)
      }
      expect { described_class.new('UTC', 'Mo 09:00-17:00; sunrise') }
        .to raise_error(Libsla::ParseError) { |e|
        expect(e.line).to be >= 1
        expect(e.column).to be >= 1
      }
      expect { described_class.new('UTC', 'off').add(0, 60) }.to raise_error(Libsla::NeverError)
      expect { cal.add(0, -1) }.to raise_error(Libsla::InvalidError)
      expect { cal.add(0, 1.5) }.to raise_error(Libsla::InvalidError, /whole seconds/)
    end
  end

  describe 'construction' do
    it 'takes closures, openings, ICS text and combinations' do
      c = described_class.new('Europe/Oslo', 'Mo-Fr 09:00-17:00',
                              closures: [['2025-03-27 12:00', '2025-03-27 13:00']],
                              openings: [['2025-03-29 10:00', '2025-03-29 11:00']])
      expect(c.diff('2025-03-27 08:00', '2025-03-27 18:00')).to eq(7 * 3600)
      expect(c.open?('2025-03-29 10:30')).to be true
      ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:1\r\n" \
            "DTSTAMP:20250101T000000Z\r\nDTSTART;VALUE=DATE:20250326\r\nSUMMARY:Day off\r\n" \
            "END:VEVENT\r\nEND:VCALENDAR\r\n"
      h = described_class.new('Europe/Oslo', 'Mo-Fr 09:00-17:00', ics: ics)
      expect(h.open?('2025-03-26 12:00')).to be false
      expect(h.holiday?('2025-03-26 12:00')).to be true
      both = c & h
      expect(both.open?('2025-03-26 12:00')).to be false
      expect((c | h).open?('2025-03-29 10:30')).to be true
      expect(c.memory_size).to be > 0
    end
  end

  describe 'loader' do
    it 'names what it tried' do
      expect { Libsla.load('/nonexistent/dir/libsla.so.1') }
        .to raise_error(Libsla::LoadError, %r{/nonexistent/dir})
      expect(Libsla.candidates.map(&:first)).to include('system')
      expect(Libsla.version).to match(/\A1\.\d+\.\d+/)
    end

    it 'passes over sanitizer builds of a source tree' do
      Dir.mktmpdir do |d|
        { 'build' => 'none', 'build-asan' => 'address,undefined', 'build-old' => nil }
          .each do |name, sanitize|
            FileUtils.mkdir_p(File.join(d, name, 'lib'))
            FileUtils.touch(File.join(d, name, 'lib', Libsla::C::SONAME))
            next unless sanitize
            FileUtils.mkdir_p(File.join(d, name, 'meson-info'))
            File.write(File.join(d, name, 'meson-info', 'intro-buildoptions.json'),
                       JSON.generate([{ name: 'b_sanitize', value: sanitize }]))
          end
        found = Libsla.source_tree_builds(d).map { |p| File.basename(File.dirname(File.dirname(p))) }
        expect(found.sort).to eq(%w[build build-old])
      end
    end

    it 'has every function of the table, as the library exports them' do
      expect(Libsla::C.missing).to eq([])
    end

    it 'declares every function of the version map' do
      map = File.read(File.join(SpecSupport.source_dir, 'lib', 'libsla.map'))
      exported = map.gsub(%r{/\*.*?\*/}m, '').scan(/^\s*(sla_\w+);/).flatten
      expect(exported).not_to be_empty
      expect(exported.map(&:to_sym) - Libsla::C::FUNCTIONS.keys).to eq([])
    end
  end
end

RSpec.describe 'the 1.1 calls' do
  let(:cal) { Libsla::Calendar.new('Europe/Oslo', 'Mo-Fr 08:00-16:00', holidays: ['2025-12-25']) }
  let(:wed15) { cal.local_time(2025, 12, 24, 15) }

  it 'finds the previous opening and closing' do
    expect(cal.prev_open(wed15)).to eq(cal.local_time(2025, 12, 24, 8))
    expect(cal.prev_close(wed15)).to eq(cal.local_time(2025, 12, 23, 16))
    expect(cal.prev_close(cal.local_time(2025, 12, 24, 16))).to eq(cal.local_time(2025, 12, 24, 16))
    expect(cal.prev_open_many([wed15])).to eq([cal.local_time(2025, 12, 24, 8)])
    expect(cal.prev_close_many([wed15])).to eq([cal.local_time(2025, 12, 23, 16)])
  end

  it 'counts business days' do
    # Wednesday + 1 business day: Thursday is a holiday, Friday 15:00
    expect(cal.add_days(wed15, 1)).to eq(cal.local_time(2025, 12, 26, 15))
    expect(cal.sub_days(cal.local_time(2025, 12, 26, 15), 1)).to eq(wed15)
    expect(cal.count_days(wed15, cal.local_time(2025, 12, 31, 0))).to eq(4)
    expect(cal.holiday_horizon).to eq([cal.local_time(2026, 1, 1), true])
    expect { cal.add_days(wed15, 2**64) }.to raise_error(Libsla::RangeError)
  end

  it 'tells the next change, the crossings, and rebases' do
    pol = Libsla::Policy.new('first_reply * * 4h calendar=o warn=50', calendars: { 'o' => cal })
    tk = pol.ticket(wed15)
    tk.customer_message(wed15)
    nc = tk.next_change(wed15)
    expect(nc).to be_frozen
    expect([nc.metric, nc.kind, nc.percent]).to eq([:first_reply, :warning, 50])
    expect(nc.at).to eq(cal.local_time(2025, 12, 26, 9))
    cr = tk.crossings(wed15, wed15 + (5 * 86_400))
    expect(cr.map(&:kind)).to eq(%i[warning breach])
    expect(cr.last.at).to eq(cal.local_time(2025, 12, 26, 11) + 1)
    longer = Libsla::Policy.new('first_reply * * 8h calendar=o', calendars: { 'o' => cal })
    expect(tk.rebase(longer, wed15 + 60)).to include(:deadline)
    expect(tk.status(wed15 + 60).first_reply.deadline).to eq(cal.local_time(2025, 12, 26, 15))
    back, changed = longer.rebase_saved(longer, tk.save, wed15 + 120)
    expect(changed).to eq([])
    expect(back.status(wed15 + 120).first_reply.deadline).to eq(cal.local_time(2025, 12, 26, 15))
  end
end
