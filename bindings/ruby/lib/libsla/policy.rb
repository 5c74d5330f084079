# frozen_string_literal: true

require_relative 'calendar'

module Libsla
  METRICS = %i[first_reply next_reply periodic_update pausable_update resolution
               first_resolution requester_wait agent_work].freeze
  CHANNELS = %i[email chat phone social messaging web user].freeze
  PRIORITIES = %i[low normal high urgent].freeze
  STATUSES = %i[new open pending on_hold solved closed].freeze
  CLOCK_STATES = %i[inactive running paused achieved breached].freeze
  SEGMENTS = %i[counted paused out_of_hours holiday stopped].freeze
  EVENTS = { customer: 1, reply: 2, note: 3, status: 4, priority: 5, channel: 6 }.freeze
  PAUSE = { new: 1, open: 2, pending: 4, on_hold: 8 }.freeze
  ANY = -1
  NO_TIME = -1

  # An Integer that fits a C int, else RangeError.
  def self.int32(value, field)
    raise RangeError, "#{field}: #{value} is outside a C int" unless value.bit_length < 32

    value
  end

  # The number of a symbol or name in +list+ (or an Integer as is).
  def self.enum_arg(value, list, kind)
    return int32(value, kind) if value.is_a?(Integer)

    i = list.index(value.to_s.downcase.to_sym) if value.is_a?(String) || value.is_a?(Symbol)
    raise InvalidError, "unknown #{kind} #{value.inspect}; one of #{list.join(', ')}" unless i

    i
  end

  # One metric's clock in a Status (frozen). Instants are Integer epoch
  # seconds or Time, as +now+ was given; nil where there is none.
  MetricStatus = Struct.new(:metric, :state, :target, :elapsed, :remaining, :elapsed_wall,
                            :remaining_wall, :deadline, :breached_at, :fulfilled_at,
                            :started_at, :cycles, :breached_cycles, :warned, :channel,
                            :calendar_24_7, :warnings, keyword_init: true) do
    def breached?
      state == :breached
    end

    def active?
      %i[running paused].include?(state)
    end
  end

  # A warning threshold: percent of the target and the instant it is reached.
  Warning = Struct.new(:percent, :at)

  # Every metric's clock at +now+ (frozen value object): status[:first_reply]
  # or status.first_reply.
  class Status
    include Enumerable
    attr_reader :now

    def initialize(now, metrics)
      @now = now
      @metrics = metrics.freeze
      freeze
    end

    def [](metric)
      @metrics.fetch(metric.is_a?(Integer) ? METRICS.fetch(metric) : metric.to_sym)
    end

    def each(&block)
      @metrics.each_value(&block)
    end

    def to_h
      @metrics
    end

    METRICS.each { |m| define_method(m) { @metrics[m] } }
  end

  # A warning or breach crossing, or the next change of a ticket.
  Change = Struct.new(:at, :metric, :kind, :percent)

  # A segment of a clock's timeline.
  Segment = Struct.new(:start, :end, :kind)

  # An ordered list of SLA targets: metric, channel, priority -> a duration
  # counted in a calendar, with pauses and warnings. Borrows its calendars
  # (kept alive by this object).
  class Policy
    attr_reader :to_ptr

    # Policy.new("first_reply email * 4h calendar=office", calendars: {'office' => cal})
    def initialize(text = nil, calendars: {})
      pp = ::FFI::MemoryPointer.new(:pointer)
      Libsla.check(Libsla.lib.sla_policy_new(pp), 'sla_policy_new')
      adopt(pp.read_pointer)
      calendars.each { |name, cal| add_calendar(name, cal) }
      parse(text) if text
    end

    # The built-in default policy over +business_hours+ and +live_hours+.
    def self.default(business_hours = nil, live_hours = nil)
      pp = ::FFI::MemoryPointer.new(:pointer)
      rc = Libsla.lib.sla_policy_new_default(business_hours&.to_ptr, live_hours&.to_ptr, pp)
      Libsla.check(rc, 'policy default')
      pol = allocate
      pol.send(:adopt, pp.read_pointer)
      pol.instance_variable_get(:@cals).push(business_hours, live_hours)
      pol
    end

    def add_calendar(name, cal)
      raise InvalidError, 'calendar: expected a Libsla::Calendar' unless cal.is_a?(Calendar)

      Libsla.check(C.sla_policy_add_calendar(@to_ptr, Libsla.cstr(name.to_s, 'calendar name'),
                                             cal.to_ptr), "calendar #{name}")
      @cals << cal
      self
    end

    def add_channel(name)
      out = ::FFI::MemoryPointer.new(:int)
      Libsla.check(C.sla_policy_add_channel(@to_ptr, Libsla.cstr(name.to_s, 'channel name'), out),
                   "channel #{name}")
      out.read_int
    end

    # The number of a channel name (built in or added).
    def channel(name)
      return Libsla.int32(name, 'channel') if name.is_a?(Integer)

      out = ::FFI::MemoryPointer.new(:int)
      Libsla.check(C.sla_policy_channel(@to_ptr, Libsla.cstr(name.to_s, 'channel'), out),
                   "channel #{name.inspect}")
      out.read_int
    end

    def channel_name(ch)
      C.sla_policy_channel_name(@to_ptr, ch)
    end

    def channels
      (0...C.sla_policy_channel_count(@to_ptr)).map { |i| channel_name(i) }
    end

    # Add one target: add_target(:first_reply, '4h', channel: :email,
    # priority: :urgent, calendar: cal, pause: [:pending], warn: [75]).
    def add_target(metric, target, channel: ANY, priority: ANY, calendar: nil, pause: [:pending],
                   warn: [])
      m = Libsla.enum_arg(metric, METRICS, 'metric')
      ch = channel == ANY ? ANY : self.channel(channel)
      pr = priority == ANY ? ANY : Libsla.enum_arg(priority, PRIORITIES, 'priority')
      mask = Array(pause).sum do |s|
        PAUSE.fetch(s.to_sym) { raise InvalidError, "pause #{s.inspect}" }
      end
      warn = Array(warn).map { |x| Libsla.int32(Integer(x), 'warn') }
      w = ::FFI::MemoryPointer.new(:int, [warn.size, 1].max)
      w.put_array_of_int(0, warn) unless warn.empty?
      @cals << calendar if calendar
      Libsla.check(C.sla_policy_add_target(@to_ptr, m, ch, pr, Libsla.duration_in(target, 'target'),
                                           calendar&.to_ptr, mask, w, warn.size), 'add_target')
      self
    end

    # Append the targets of policy text (all or nothing).
    def parse(text)
      s = Libsla.cstr(text, 'policy')
      Libsla.with_diag do |diag|
        rc = C.sla_policy_parse(@to_ptr, s, diag)
        Libsla.check(rc, 'policy', diag: diag, text: s) unless rc.zero?
      end
      self
    end

    def size
      C.sla_policy_target_count(@to_ptr)
    end

    # [target seconds or nil, calendar handle or nil] that applies.
    def lookup(metric, channel, priority)
      t = ::FFI::MemoryPointer.new(:int64)
      c = ::FFI::MemoryPointer.new(:pointer)
      rc = C.sla_policy_lookup(@to_ptr, Libsla.enum_arg(metric, METRICS, 'metric'),
                               self.channel(channel),
                               Libsla.enum_arg(priority, PRIORITIES, 'priority'), t, c)
      Libsla.check(rc, 'lookup')
      v = t.read_int64
      v.negative? ? nil : v
    end

    def ticket(created, channel: :email, priority: :normal)
      Ticket.new(self, created, channel: channel, priority: priority)
    end

    # A ticket from Ticket#save bytes.
    def restore(data)
      raise InvalidError, 'restore: expected a String of bytes' unless data.is_a?(String)

      buf = ::FFI::MemoryPointer.new(:char, [data.bytesize, 1].max)
      buf.put_bytes(0, data)
      pp = ::FFI::MemoryPointer.new(:pointer)
      Libsla.check(C.sla_ticket_restore(@to_ptr, buf, data.bytesize, pp), 'restore')
      Ticket.from_handle(self, pp.read_pointer)
    end

    # Restore saved bytes of +old_policy+'s ticket and rebase them onto self
    # at +now+ (1.1): [ticket, changed symbols].
    def rebase_saved(old_policy, data, now)
      buf = ::FFI::MemoryPointer.new(:char, [data.bytesize, 1].max)
      buf.put_bytes(0, data)
      pp = ::FFI::MemoryPointer.new(:pointer)
      ch = ::FFI::MemoryPointer.new(:int)
      Libsla.with_diag do |diag|
        rc = C.sla_ticket_rebase_saved(old_policy.to_ptr, buf, data.bytesize, @to_ptr,
                                       Libsla.instant_in(now, nil, 'now'), diag, pp, ch)
        Libsla.check(rc, 'rebase_saved', diag: diag) unless rc.zero?
      end
      [Ticket.from_handle(self, pp.read_pointer),
       Ticket::REBASE_BITS.select { |_, b| (ch.read_int & b) != 0 }.keys.freeze]
    end

    private

    def adopt(ptr)
      @to_ptr = ::FFI::AutoPointer.new(ptr, C.method(:sla_policy_free))
      @cals = []
    end
  end

  # One ticket's SLA clocks, fed its events in time order. Borrows its
  # policy (kept alive by this object). One thread at a time.
  class Ticket
    attr_reader :policy, :to_ptr

    def initialize(policy, created, channel: :email, priority: :normal)
      @policy = policy
      pp = ::FFI::MemoryPointer.new(:pointer)
      rc = C.sla_ticket_new(policy.to_ptr, Libsla.instant_in(created, nil, 'created'),
                            policy.channel(channel),
                            Libsla.enum_arg(priority, PRIORITIES, 'priority'), pp)
      Libsla.check(rc, 'ticket')
      adopt(pp.read_pointer)
    end

    def self.from_handle(policy, ptr)
      t = allocate
      t.instance_variable_set(:@policy, policy)
      t.send(:adopt, ptr)
      t
    end

    def apply(time, event, arg = 0)
      ev = event
      ev = EVENTS.fetch(event.to_sym) { raise InvalidError, "event #{event.inspect}" } unless
        event.is_a?(Integer)
      rc(C.sla_ticket_apply(@to_ptr, at(time), ev, arg), 'apply')
    end

    def customer_message(time, channel = nil)
      ch = channel.nil? ? info[:channel] : @policy.channel(channel)
      rc(C.sla_ticket_customer_message(@to_ptr, at(time), ch),
         'customer_message')
    end

    def reply(time)
      rc(C.sla_ticket_agent_reply(@to_ptr, at(time)), 'reply')
    end

    def note(time)
      rc(C.sla_ticket_note(@to_ptr, at(time)), 'note')
    end

    def set_status(time, status)
      rc(C.sla_ticket_set_status(@to_ptr, at(time), Libsla.enum_arg(status, STATUSES, 'status')),
         'set_status')
    end

    def set_priority(time, priority)
      pr = Libsla.enum_arg(priority, PRIORITIES, 'priority')
      rc(C.sla_ticket_set_priority(@to_ptr, at(time), pr),
         'set_priority')
    end

    def set_channel(time, channel)
      rc(C.sla_ticket_set_channel(@to_ptr, at(time), @policy.channel(channel)), 'set_channel')
    end

    # {status:, priority:, channel:, created:, last:} (frozen).
    def info
      st, pr, ch = Array.new(3) { ::FFI::MemoryPointer.new(:int) }
      cr, la = Array.new(2) { ::FFI::MemoryPointer.new(:int64) }
      Libsla.check(C.sla_ticket_info(@to_ptr, st, pr, ch, cr, la), 'info')
      { status: STATUSES[st.read_int], priority: PRIORITIES[pr.read_int], channel: ch.read_int,
        channel_name: @policy.channel_name(ch.read_int), created: cr.read_int64,
        last: la.read_int64 }.freeze
    end

    FIELDS = %i[state target elapsed remaining elapsed_wall remaining_wall deadline breached_at
                fulfilled_at started_at cycles breached_cycles warnings warned channel
                calendar_24_7].freeze
    INSTANT_FIELDS = %i[deadline breached_at fulfilled_at started_at].freeze

    # Every metric's clock at +now+ (not before the last event), as a frozen
    # Status. Instants are Integer when +now+ is, else UTC Time.
    def status(now)
      n = at(now)
      c = C
      unless @status
        pp = ::FFI::MemoryPointer.new(:pointer)
        Libsla.check(c.sla_status_new(pp), 'sla_status_new')
        @status = ::FFI::AutoPointer.new(pp.read_pointer, c.method(:sla_status_free))
      end
      Libsla.check(c.sla_ticket_status(@to_ptr, n, @status), 'status')
      as_time = !now.is_a?(Integer)
      out = ::FFI::MemoryPointer.new(:int64)
      pct = ::FFI::MemoryPointer.new(:int)
      conv = ->(v) { v == NO_TIME ? nil : (as_time ? ::Time.at(v).utc : v) }
      metrics = {}
      METRICS.each_with_index do |m, mi|
        vals = {}
        FIELDS.each_with_index do |f, fi|
          Libsla.check(c.sla_status_get(@status, mi, fi, out), "status field #{f}")
          vals[f] = out.read_int64
        end
        warnings = (0...vals.delete(:warnings)).map do |w|
          Libsla.check(c.sla_status_warning(@status, mi, w, pct, out), 'status warning')
          Warning.new(pct.read_int, conv.call(out.read_int64)).freeze
        end
        vals[:target] = nil if vals[:target].negative?
        INSTANT_FIELDS.each { |k| vals[k] = conv.call(vals[k]) }
        vals[:state] = CLOCK_STATES[vals[:state]]
        vals[:calendar_24_7] = vals[:calendar_24_7] != 0
        metrics[m] = MetricStatus.new(metric: m, warnings: warnings.freeze, **vals).freeze
      end
      Status.new(now, metrics)
    end

    # The segments of +metric+'s current (or last) cycle up to +now+.
    def timeline(now, metric)
      n = at(now)
      m = Libsla.enum_arg(metric, METRICS, 'metric')
      cap = 16
      total = ::FFI::MemoryPointer.new(:size_t)
      loop do
        s = ::FFI::MemoryPointer.new(:int64, cap)
        e = ::FFI::MemoryPointer.new(:int64, cap)
        k = ::FFI::MemoryPointer.new(:int, cap)
        Libsla.check(C.sla_ticket_timeline(@to_ptr, n, m, s, e, k, cap, total), 'timeline')
        cnt = total.read(:size_t)
        if cnt <= cap
          ss = s.get_array_of_int64(0, cnt)
          ee = e.get_array_of_int64(0, cnt)
          kk = k.get_array_of_int(0, cnt)
          return (0...cnt).map { |i| Segment.new(ss[i], ee[i], SEGMENTS[kk[i]]).freeze }
        end
        cap = cnt
      end
    end

    CHANGE_KINDS = %i[none warning breach].freeze

    # The next change of stage after +now+ if no event arrives (1.1): a
    # frozen Change (at, metric, kind :warning/:breach, percent), or nil when
    # nothing is pending.
    def next_change(now)
      when_p = ::FFI::MemoryPointer.new(:int64)
      m, k, pc = Array.new(3) { ::FFI::MemoryPointer.new(:int) }
      Libsla.check(C.sla_ticket_next_change(@to_ptr, at(now), when_p, m, k, pc), 'next_change')
      return nil if k.read_int.zero?

      Change.new(when_p.read_int64, METRICS[m.read_int], CHANGE_KINDS[k.read_int],
                 pc.read_int).freeze
    end

    # Every warning and breach crossed in (t0, t1], in time order (1.1):
    # frozen Changes.
    def crossings(t0, t1)
      cap = 40
      m, pc = Array.new(2) { ::FFI::MemoryPointer.new(:int, cap) }
      ts_p = ::FFI::MemoryPointer.new(:int64, cap)
      n = ::FFI::MemoryPointer.new(:size_t)
      rc = C.sla_ticket_crossings(@to_ptr, at(t0), at(t1), m, pc, ts_p, cap, n)
      Libsla.check(rc, 'crossings')
      cnt = [n.read(:size_t), cap].min
      ms = m.get_array_of_int(0, cnt)
      ps = pc.get_array_of_int(0, cnt)
      ts = ts_p.get_array_of_int64(0, cnt)
      (0...cnt).map do |i|
        Change.new(ts[i], METRICS[ms[i]], ps[i] == 100 ? :breach : :warning, ps[i]).freeze
      end
    end

    REBASE_BITS = { deadline: 1, state: 2, next: 4 }.freeze

    # Rebase onto +policy+ (a new version of the ticket's policy) at +now+
    # (1.1); the symbols of what changed (:deadline, :state, :next).
    def rebase(policy, now)
      ch = ::FFI::MemoryPointer.new(:int)
      Libsla.with_diag do |diag|
        rc = C.sla_ticket_rebase(@to_ptr, policy.to_ptr, at(now), diag, ch)
        Libsla.check(rc, 'rebase', diag: diag) unless rc.zero?
      end
      @policy = policy
      REBASE_BITS.select { |_, b| (ch.read_int & b) != 0 }.keys.freeze
    end

    # The clock state as compact versioned bytes (binary String), for
    # Policy#restore.
    def save
      n = C.sla_ticket_save(@to_ptr, nil, 0)
      Libsla.check(n, 'save') if n.negative?
      buf = ::FFI::MemoryPointer.new(:char, [n, 1].max)
      m = C.sla_ticket_save(@to_ptr, buf, n)
      Libsla.check(m, 'save') if m.negative?
      buf.get_bytes(0, m)
    end

    private

    def adopt(ptr)
      @to_ptr = ::FFI::AutoPointer.new(ptr, C.method(:sla_ticket_free))
      @status = nil
    end

    def at(t)
      Libsla.instant_in(t, nil, 'time')
    end

    def rc(code, what)
      Libsla.check(code, what) unless code.zero?
      self
    end
  end
end
