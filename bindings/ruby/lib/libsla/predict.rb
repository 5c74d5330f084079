# frozen_string_literal: true

require_relative 'policy'

module Libsla
  # Erlang B / C / A queueing formulas and staffing (rates per second, times
  # in seconds, as in sla.h).
  module Erlang
    module_function

    def n(agents) = Libsla.int32(Integer(agents), 'agents')

    def call(fname, *args)
      out = ::FFI::MemoryPointer.new(:double)
      Libsla.check(Libsla.lib.public_send(fname, *args, out), fname.to_s.sub('sla_', ''))
      out.read_double
    end

    def b(rate, aht, agents) = call(:sla_erlang_b, Float(rate), Float(aht), n(agents))
    def c(rate, aht, agents) = call(:sla_erlang_c, Float(rate), Float(aht), n(agents))

    def c_asa(rate, aht, agents)
      call(:sla_erlang_c_asa, Float(rate), Float(aht), n(agents))
    end

    def c_service_level(rate, aht, agents, answer_time)
      call(:sla_erlang_c_service_level, Float(rate), Float(aht), n(agents),
           Float(answer_time))
    end

    def c_occupancy(rate, aht, agents)
      call(:sla_erlang_c_occupancy, Float(rate), Float(aht), n(agents))
    end

    # {agents:, scheduled:} needed for +level+ answered within +answer_time+.
    def c_agents(rate, aht, answer_time, level, max_occupancy: 1.0, shrinkage: 0.0)
      a = ::FFI::MemoryPointer.new(:int)
      s = ::FFI::MemoryPointer.new(:int)
      rc = Libsla.lib.sla_erlang_c_agents(Float(rate), Float(aht), Float(answer_time), Float(level),
                                          Float(max_occupancy), Float(shrinkage), a, s)
      Libsla.check(rc, 'erlang_c_agents')
      { agents: a.read_int, scheduled: s.read_int }.freeze
    end

    def a_wait(rate, aht, patience, agents)
      call(:sla_erlang_a_wait, Float(rate), Float(aht), Float(patience), n(agents))
    end

    def a_abandon(rate, aht, patience, agents)
      call(:sla_erlang_a_abandon, Float(rate), Float(aht), Float(patience), n(agents))
    end

    def a_service_level(rate, aht, patience, agents, answer_time)
      call(:sla_erlang_a_service_level, Float(rate), Float(aht), Float(patience),
           n(agents),
           Float(answer_time))
    end

    def a_asa(rate, aht, patience, agents)
      call(:sla_erlang_a_asa, Float(rate), Float(aht), Float(patience), n(agents))
    end

    def a_occupancy(rate, aht, patience, agents)
      call(:sla_erlang_a_occupancy, Float(rate), Float(aht), Float(patience), n(agents))
    end

    # {agents:, scheduled:} needed with customers who abandon after +patience+.
    def a_agents(rate, aht, patience, answer_time, level, max_occupancy: 1.0, shrinkage: 0.0)
      a = ::FFI::MemoryPointer.new(:int)
      s = ::FFI::MemoryPointer.new(:int)
      rc = Libsla.lib.sla_erlang_a_agents(Float(rate), Float(aht), Float(patience),
                                          Float(answer_time), Float(level), Float(max_occupancy),
                                          Float(shrinkage), a, s)
      Libsla.check(rc, 'erlang_a_agents')
      { agents: a.read_int, scheduled: s.read_int }.freeze
    end
  end

  ScanResult = Struct.new(:remaining, :flags, :top) do
    def breached
      flags.each_index.select { |i| (flags[i] & 2) != 0 }
    end

    def warned
      flags.each_index.select { |i| (flags[i] & 4) != 0 }
    end
  end

  module_function

  def i64buf(values, n, what)
    buf = ::FFI::MemoryPointer.new(:int64, [n, 1].max)
    values = Array.new(n, values) unless values.is_a?(Array)
    raise InvalidError, "#{what}: #{values.size} values for #{n} clocks" if values.size != n

    unless values.all? { |x| x.is_a?(Integer) && x.bit_length < 64 }
      values.each_with_index { |x, i| int64(x, "#{what}[#{i}]") }
    end
    buf.put_array_of_int64(0, values)
    buf
  end

  def i32buf(values, n, what)
    buf = ::FFI::MemoryPointer.new(:int, [n, 1].max)
    values = Array.new(n, values) unless values.is_a?(Array)
    raise InvalidError, "#{what}: #{values.size} values for #{n} clocks" if values.size != n
    unless values.all? { |x| x.is_a?(Integer) && x.bit_length < 32 }
      raise RangeError, "#{what}: values must be 32-bit integers"
    end

    buf.put_array_of_int(0, values)
    buf
  end

  # Scan many SLA clocks at +now+ in one pass: deadline (Array of the
  # counting clocks' deadlines), cal_index, counting (1/0), remaining (the
  # paused clocks' remaining seconds), target, warn_at (0.75), k (how many
  # soonest-breaching clocks to list). Returns a frozen ScanResult.
  def scan(calendars, now, deadline, cal_index: nil, counting: nil, remaining: nil, target: nil,
           warn_at: 0.0, k: 0)
    cals = Array(calendars)
    raise InvalidError, 'scan: 1 to 64 calendars' if cals.empty? || cals.size > 64

    n = deadline.size
    arr = ::FFI::MemoryPointer.new(:pointer, cals.size)
    arr.put_array_of_pointer(0, cals.map(&:to_ptr))
    ro = ::FFI::MemoryPointer.new(:int64, [n, 1].max)
    fo = ::FFI::MemoryPointer.new(:int, [n, 1].max)
    top = ::FFI::MemoryPointer.new(:size_t, [k, 1].max)
    ntop = ::FFI::MemoryPointer.new(:size_t)
    rc = lib.sla_scan(arr, cals.size, cal_index && i32buf(cal_index, n, 'cal_index'),
                    instant_in(now, nil, 'now'), counting && i32buf(counting, n, 'counting'),
                    i64buf(deadline, n, 'deadline'), remaining && i64buf(remaining, n, 'remaining'),
                    target && i64buf(target, n, 'target'), n, Float(warn_at), ro, fo, k,
                    k.positive? ? top : nil, k.positive? ? ntop : nil)
    check(rc, 'scan')
    tops = k.positive? ? top.get_array_of_uint64(0, ntop.read(:size_t)) : []
    ScanResult.new(ro.get_array_of_int64(0, n).freeze, fo.get_array_of_int(0, n).freeze,
                   tops.freeze).freeze
  end

  ORDERS = { fifo: 0, edf: 1, priority: 2 }.freeze
  HANDLE_MODELS = { lognormal: 0, exponential: 1 }.freeze

  # A week of agent shifts per channel, handle times and arrival rates: the
  # model of the queue forecast.
  class Roster
    attr_reader :to_ptr

    def initialize(zone = 'UTC')
      pp = ::FFI::MemoryPointer.new(:pointer)
      Libsla.check(Libsla.lib.sla_roster_new(Libsla.cstr(zone, 'zone'), pp), "zone #{zone.inspect}")
      @to_ptr = ::FFI::AutoPointer.new(pp.read_pointer, C.method(:sla_roster_free))
    end

    def add_holiday(date)
      y, m, d = Calendar.date_parts(date)
      Libsla.check(C.sla_roster_add_holiday(@to_ptr, y, m, d), 'holiday')
      self
    end

    # +agents+ agents on +channel+ whenever +hours+ is open; the shift index.
    def add_shift(channel, hours, agents, concurrency = 1)
      h = Libsla.cstr(hours, 'hours')
      out = ::FFI::MemoryPointer.new(:int)
      ag = Libsla.int32(Integer(agents), 'agents')
      co = Libsla.int32(Integer(concurrency), 'concurrency')
      Libsla.with_diag do |diag|
        rc = C.sla_roster_add_shift(@to_ptr, ch(channel), h, ag, co, out, diag)
        Libsla.check(rc, "shift #{h.inspect}", diag: diag, text: h) unless rc.zero?
      end
      out.read_int
    end

    def size
      C.sla_roster_shift_count(@to_ptr)
    end

    def set_handle_time(channel, mean, sd = 0)
      Libsla.check(C.sla_roster_set_handle_time(@to_ptr, ch(channel), Float(mean), Float(sd)),
                   'handle time')
      self
    end

    def set_handle_model(channel, model)
      m = HANDLE_MODELS.fetch(model.to_sym) { raise InvalidError, "handle model #{model.inspect}" }
      Libsla.check(C.sla_roster_set_handle_model(@to_ptr, ch(channel), m), 'handle model')
      self
    end

    # Arrivals per hour of the week from Monday 00:00 local time.
    def set_arrivals(channel, per_hour, priority: :normal, target: 0)
      b = ::FFI::MemoryPointer.new(:double, [per_hour.size, 1].max)
      b.put_array_of_double(0, per_hour.map { |x| Float(x) })
      pr = Libsla.enum_arg(priority, PRIORITIES, 'priority')
      Libsla.check(C.sla_roster_set_arrivals(@to_ptr, ch(channel), per_hour.empty? ? nil : b,
                                             per_hour.size, pr, Libsla.duration_in(target)),
                   'arrivals')
      self
    end

    # A Forecast of the queue: when each waiting ticket is picked up.
    def forecast(now, channel:, priority:, arrival:, deadline:, order: :fifo, samples: 0, seed: 0)
      args = queue(channel, priority, arrival, deadline)
      pp = ::FFI::MemoryPointer.new(:pointer)
      rc = C.sla_forecast_new(@to_ptr, Libsla.instant_in(now, nil, 'now'), *args, ord(order),
                              Libsla.int32(Integer(samples), 'samples'), Libsla.int64(seed, 'seed'),
                              pp)
      Libsla.check(rc, 'forecast')
      Forecast.new(pp.read_pointer, self)
    end

    # {extra: [agents to add per shift], remaining: breaches left}.
    def advise(now, channel:, priority:, arrival:, deadline:, order: :fifo, max_extra: 100)
      args = queue(channel, priority, arrival, deadline)
      ns = size
      extra = ::FFI::MemoryPointer.new(:int, [ns, 1].max)
      left = ::FFI::MemoryPointer.new(:size_t)
      rc = C.sla_forecast_advise(@to_ptr, Libsla.instant_in(now, nil, 'now'), *args, ord(order),
                                 Libsla.int32(Integer(max_extra), 'max_extra'), extra, ns, left)
      Libsla.check(rc, 'advise')
      { extra: extra.get_array_of_int(0, ns).freeze, remaining: left.read(:size_t) }.freeze
    end

    # {promise:, high:} for one new ticket joining the queue.
    def promise(now, new_deadline, new_channel: 0, new_priority: :normal, channel: [], priority: [],
                arrival: [], deadline: [], order: :fifo, samples: 0, seed: 0)
      args = queue(channel, priority, arrival, deadline)
      pr = ::FFI::MemoryPointer.new(:int64)
      hi = ::FFI::MemoryPointer.new(:int64)
      rc = C.sla_forecast_promise(@to_ptr, Libsla.instant_in(now, nil, 'now'), *args, ord(order),
                                  ch(new_channel),
                                  Libsla.enum_arg(new_priority, PRIORITIES, 'priority'),
                                  Libsla.instant_in(new_deadline, nil, 'new_deadline'),
                                  Libsla.int32(Integer(samples), 'samples'),
                                  Libsla.int64(seed, 'seed'), pr, hi)
      Libsla.check(rc, 'promise')
      h = hi.read_int64
      { promise: pr.read_int64, high: h == -1 ? nil : h }.freeze
    end

    private

    def ch(c)
      c.is_a?(Integer) ? c : Libsla.enum_arg(c, CHANNELS, 'channel')
    end

    def ord(o)
      o.is_a?(Integer) ? o : ORDERS.fetch(o.to_sym) { raise InvalidError, "order #{o.inspect}" }
    end

    def queue(channel, priority, arrival, deadline)
      n = arrival.size
      chs = channel.is_a?(Array) ? channel.map { |c| ch(c) } : ch(channel)
      prs = if priority.is_a?(Array)
              priority.map { |p| Libsla.enum_arg(p, PRIORITIES, 'priority') }
            else
              Libsla.enum_arg(priority, PRIORITIES, 'priority')
            end
      arr = arrival.map { |t| Libsla.instant_in(t, nil, 'arrival') }
      dl = deadline
      dl = deadline.map { |t| Libsla.instant_in(t, nil, 'deadline') } if deadline.is_a?(Array)
      @keep = [Libsla.i32buf(chs, n, 'channel'), Libsla.i32buf(prs, n, 'priority'),
               Libsla.i64buf(arr, n, 'arrival'), Libsla.i64buf(dl, n, 'deadline')]
      @keep + [n]
    end
  end

  # The result of Roster#forecast.
  class Forecast
    attr_reader :to_ptr

    def initialize(ptr, roster)
      @to_ptr = ::FFI::AutoPointer.new(ptr, C.method(:sla_forecast_free))
      @roster = roster
    end

    def size
      C.sla_forecast_count(@to_ptr)
    end

    def expected_breaches
      C.sla_forecast_expected_breaches(@to_ptr)
    end

    # {promise:, p90:, at_risk:} for a customer who writes now: the forecast's
    # 90th percentile rounded up to +step+ seconds, beside the SLA +deadline+.
    def promise_for(channel, deadline, priority: :normal, step: 300)
      pr, p9 = Array.new(2) { ::FFI::MemoryPointer.new(:int64) }
      risk = ::FFI::MemoryPointer.new(:int)
      ch = channel.is_a?(Integer) ? channel : Libsla.enum_arg(channel, CHANNELS, 'channel')
      dl = deadline.nil? ? -1 : Libsla.instant_in(deadline, nil, 'deadline')
      rc = C.sla_forecast_promise_for(@to_ptr, ch, Libsla.enum_arg(priority, PRIORITIES, 'priority'),
                                      dl, Libsla.int64(step, 'step'), pr, p9, risk)
      Libsla.check(rc, 'promise_for')
      none = ->(v) { v == -1 ? nil : v }
      { promise: none.(pr.read_int64), p90: none.(p9.read_int64),
        at_risk: risk.read_int == 1 }.freeze
    end

    # {expected:, low:, high:, p_breach:, pickup:} arrays, one per ticket.
    def results
      n = size
      e, l, h, pk = Array.new(4) { ::FFI::MemoryPointer.new(:int64, [n, 1].max) }
      pb = ::FFI::MemoryPointer.new(:double, [n, 1].max)
      if n.positive?
        Libsla.check(C.sla_forecast_results(@to_ptr, e, l, h, pb), 'forecast results')
        Libsla.check(C.sla_forecast_pickups(@to_ptr, pk), 'forecast pickups')
      end
      { expected: e.get_array_of_int64(0, n), low: l.get_array_of_int64(0, n),
        high: h.get_array_of_int64(0, n), p_breach: pb.get_array_of_double(0, n),
        pickup: pk.get_array_of_int64(0, n), expected_breaches: expected_breaches }.freeze
    end
  end
end
