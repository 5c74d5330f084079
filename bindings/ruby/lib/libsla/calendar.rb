# frozen_string_literal: true

require 'date'
require_relative 'core'

module Libsla
  # A business-hours calendar: one IANA time zone, opening hours in local
  # wall-clock time (the opening-hours text of the README), holidays, timed
  # closures and extra openings, compiled into an immutable object that
  # answers in O(log n) and may be shared by any number of threads.
  #
  # Instants are Integer epoch seconds, Time (or DateTime) or text. Results
  # come back in the kind given: Integer in, Integer out; Time (or text) in,
  # a Time with the calendar's UTC offset at that instant out. Durations are
  # Integer seconds or text ("15m"); diff returns Integer seconds.
  class Calendar
    ICS_MODES = { holidays: 0, opening_hours: 1 }.freeze

    # The C handle (an FFI::AutoPointer freed with sla_calendar_free).
    attr_reader :to_ptr, :zone

    # Calendar.new('Europe/Oslo', 'Mo-Fr 08:00-16:00', holidays: ['2025-12-25'])
    #
    # holidays: Date, "YYYY-MM-DD" or [y, m, d] (whole local dates closed);
    # closures / openings: [start, end] pairs (Integer, Time, or local text
    # "2025-12-24 12:00" in +zone+); ics: iCalendar text (or an Array of
    # texts), ics_file: paths, ics_mode: :holidays (default) or
    # :opening_hours; tzdir: a directory of compiled TZif files.
    def initialize(zone = 'UTC', hours = '24/7', holidays: [], closures: [], openings: [],
                   ics: nil, ics_file: nil, ics_mode: :holidays, tzdir: nil)
      c = Libsla.lib
      z = Libsla.cstr(zone, 'zone')
      h = Libsla.cstr(hours, 'hours')
      pp = ::FFI::MemoryPointer.new(:pointer)
      rc = if tzdir
             c.sla_calendar_builder_new_tzdir(z, Libsla.cstr(tzdir.to_s, 'tzdir'), pp)
           else
             c.sla_calendar_builder_new(z, pp)
           end
      Libsla.check(rc, "zone #{zone.inspect}")
      builder = ::FFI::AutoPointer.new(pp.read_pointer, c.method(:sla_calendar_builder_free))
      begin
        Libsla.with_diag do |diag|
          rc = c.sla_calendar_builder_set_hours(builder, h, diag)
          Libsla.check(rc, "hours #{h.inspect}", diag: diag, text: h) unless rc.zero?
        end
        Array(holidays).each do |d|
          y, m, dd = Calendar.date_parts(d)
          Libsla.check(c.sla_calendar_builder_add_holiday(builder, y, m, dd),
                       Kernel.format('holiday %04d-%02d-%02d', y, m, dd))
        end
        zone_cal = nil
        conv = lambda do |t, field|
          next Libsla.instant_in(t, nil, field) unless t.is_a?(String)

          zone_cal ||= Calendar.new(zone, '24/7', tzdir: tzdir)
          Libsla.parse_instant(t, zone_cal, field)
        end
        closures.each do |s, e|
          Libsla.check(c.sla_calendar_builder_add_closure(builder, conv.call(s, 'closure start'),
                                                          conv.call(e, 'closure end')), 'closure')
        end
        openings.each do |s, e|
          Libsla.check(c.sla_calendar_builder_add_opening(builder, conv.call(s, 'opening start'),
                                                          conv.call(e, 'opening end')), 'opening')
        end
        if ics || ics_file
          mode = ICS_MODES.fetch(ics_mode) do
            raise InvalidError, "ics_mode #{ics_mode.inspect}: expected :holidays or :opening_hours"
          end
          op = ::FFI::MemoryPointer.new(:pointer)
          Libsla.check(c.sla_ics_options_new(op), 'sla_ics_options_new')
          opts = ::FFI::AutoPointer.new(op.read_pointer, c.method(:sla_ics_options_free))
          Libsla.check(c.sla_ics_options_set_mode(opts, mode), 'ics_mode')
          Array(ics).each do |text|
            unless text.is_a?(String)
              raise InvalidError, "ics: expected iCalendar text, got #{text.class}"
            end

            Libsla.with_diag do |diag|
              rc = c.sla_calendar_builder_add_ics(builder, text, text.bytesize, opts, diag)
              Libsla.check(rc, 'ics', diag: diag) unless rc.zero?
            end
          end
          Array(ics_file).each do |path|
            p = Libsla.cstr(path.to_s, 'ics_file')
            Libsla.with_diag do |diag|
              rc = c.sla_calendar_builder_add_ics_file(builder, p, opts, diag)
              Libsla.check(rc, "ics file #{p}", diag: diag) unless rc.zero?
            end
          end
        end
        Libsla.check(c.sla_calendar_builder_compile(builder, pp), 'compile')
      ensure
        builder.free
      end
      adopt(pp.read_pointer, zone)
    end

    # A Calendar over a handle the caller gives up (internal).
    def self.from_handle(ptr, zone = nil)
      cal = allocate
      cal.send(:adopt, ptr, zone)
      cal
    end

    def self.date_parts(d)
      case d
      when ::Date then [d.year, d.month, d.day]
      when String
        unless d.strip =~ /\A(\d{4})-(\d{2})-(\d{2})\z/
          raise InvalidError, "holiday #{d.inspect}: expected YYYY-MM-DD"
        end

        [$1.to_i, $2.to_i, $3.to_i]
      when Array then d.map { |x| Libsla.int64(x, 'holiday') }.tap do |a|
        raise InvalidError, 'holiday: expected [year, month, day]' unless a.size == 3
        raise RangeError, "holiday #{a.inspect}: out of range" unless a.all? { |x| x.abs < 2**31 }
      end
      else raise InvalidError, "holiday: expected a Date, 'YYYY-MM-DD' or [y, m, d], got #{d.class}"
      end
    end

    def inspect
      "#<Libsla::Calendar #{@zone}>"
    end

    # ---- queries

    # The instant +d+ of open time after +t+ (a deadline).
    def add(t, d)
      v = t.is_a?(Integer) && t.bit_length < 64 ? t : Libsla.instant_in(t, self)
      d = Libsla.duration_in(d) unless d.is_a?(Integer) && d.bit_length < 64
      out = Libsla.cell64
      rc = C.sla_calendar_add(@to_ptr, v, d, out)
      Libsla.check(rc, 'add') unless rc.zero?
      result(out.read_int64, t)
    end

    # The instant +d+ of open time before +t+.
    def sub(t, d)
      v = t.is_a?(Integer) && t.bit_length < 64 ? t : Libsla.instant_in(t, self)
      d = Libsla.duration_in(d) unless d.is_a?(Integer) && d.bit_length < 64
      out = Libsla.cell64
      rc = C.sla_calendar_sub(@to_ptr, v, d, out)
      Libsla.check(rc, 'sub') unless rc.zero?
      result(out.read_int64, t)
    end

    # Open seconds from +a+ to +b+ (negative when b < a).
    def diff(a, b)
      x = a.is_a?(Integer) && a.bit_length < 64 ? a : Libsla.instant_in(a, self, 'a')
      y = b.is_a?(Integer) && b.bit_length < 64 ? b : Libsla.instant_in(b, self, 'b')
      out = Libsla.cell64
      rc = C.sla_calendar_diff(@to_ptr, x, y, out)
      Libsla.check(rc, 'diff') unless rc.zero?
      out.read_int64
    end

    def open?(t)
      out = Libsla.cell32
      rc = C.sla_calendar_is_open(@to_ptr, Libsla.instant_in(t, self), out)
      Libsla.check(rc, 'open?') unless rc.zero?
      out.read_int != 0
    end

    # True when +t+ lies on a holiday (a local date given as a holiday).
    def holiday?(t)
      out = Libsla.cell32
      rc = C.sla_calendar_is_holiday(@to_ptr, Libsla.instant_in(t, self), out)
      Libsla.check(rc, 'holiday?') unless rc.zero?
      out.read_int != 0
    end

    # The first open instant at or after +t+.
    def next_open(t)
      v = Libsla.instant_in(t, self)
      out = Libsla.cell64
      rc = C.sla_calendar_next_open(@to_ptr, v, out)
      Libsla.check(rc, 'next_open') unless rc.zero?
      result(out.read_int64, t)
    end

    # The first closed instant at or after +t+.
    def next_close(t)
      v = Libsla.instant_in(t, self)
      out = Libsla.cell64
      rc = C.sla_calendar_next_close(@to_ptr, v, out)
      Libsla.check(rc, 'next_close') unless rc.zero?
      result(out.read_int64, t)
    end

    # The start of the open period that contains +t+, or of the last one
    # that ended at or before +t+ (1.1).
    def prev_open(t)
      v = Libsla.instant_in(t, self)
      out = Libsla.cell64
      rc = C.sla_calendar_prev_open(@to_ptr, v, out)
      Libsla.check(rc, 'prev_open') unless rc.zero?
      result(out.read_int64, t)
    end

    # The end of the last open period that ended at or before +t+ (1.1).
    def prev_close(t)
      v = Libsla.instant_in(t, self)
      out = Libsla.cell64
      rc = C.sla_calendar_prev_close(@to_ptr, v, out)
      Libsla.check(rc, 'prev_close') unless rc.zero?
      result(out.read_int64, t)
    end

    # +n+ business days after +t+ (a business date has open time), at the
    # same local time of day or the next open instant on that date (1.1).
    def add_days(t, n)
      v = Libsla.instant_in(t, self)
      out = Libsla.cell64
      rc = C.sla_calendar_add_days(@to_ptr, v, Libsla.int64(n, 'days'), out)
      Libsla.check(rc, 'add_days') unless rc.zero?
      result(out.read_int64, t)
    end

    # The mirror image of add_days (1.1).
    def sub_days(t, n)
      v = Libsla.instant_in(t, self)
      out = Libsla.cell64
      rc = C.sla_calendar_sub_days(@to_ptr, v, Libsla.int64(n, 'days'), out)
      Libsla.check(rc, 'sub_days') unless rc.zero?
      result(out.read_int64, t)
    end

    # The number of business dates with open time inside [a, b) (1.1).
    def count_days(a, b)
      out = ::FFI::MemoryPointer.new(:size_t)
      Libsla.check(C.sla_calendar_count_days(@to_ptr, Libsla.instant_in(a, self, 'a'),
                                             Libsla.instant_in(b, self, 'b'), out), 'count_days')
      out.read(:size_t)
    end

    # [first instant past the holiday horizon, bounded?] (1.1): answers past
    # it may miss a holiday.
    def holiday_horizon
      e = ::FFI::MemoryPointer.new(:int64)
      b = ::FFI::MemoryPointer.new(:int)
      Libsla.check(C.sla_calendar_holiday_horizon(@to_ptr, e, b), 'holiday_horizon')
      [e.read_int64, b.read_int != 0]
    end

    # The UTC offset in seconds of the calendar's zone at +t+.
    def utc_offset(t)
      out = Libsla.cell32
      rc = C.sla_calendar_utc_offset(@to_ptr, Libsla.instant_in(t, nil), out)
      Libsla.check(rc, 'utc_offset') unless rc.zero?
      out.read_int
    end

    # Epoch seconds of a local wall-clock time in the calendar's zone (a gap
    # time reads forward, a repeated time takes the first reading).
    def local_time(year, month, day, hour = 0, minute = 0, second = 0)
      parts = [year, month, day, hour, minute, second].map do |x|
        v = Libsla.int64(x, 'local_time')
        raise RangeError, "local_time: #{v} is out of range" if v.abs >= 2**31

        v
      end
      out = ::FFI::MemoryPointer.new(:int64)
      Libsla.check(C.sla_calendar_local_time(@to_ptr, *parts, out), 'local_time')
      out.read_int64
    end

    # Local text in RFC 3339 with the zone's offset.
    def format(t)
      Libsla.format_instant(t, self)
    end

    def parse(text)
      Libsla.parse_instant(text, self)
    end

    def memory_size
      C.sla_calendar_memory_size(@to_ptr)
    end

    # Open when either is open (the zone of self).
    def union(other)
      combine(:sla_calendar_union, other)
    end

    # Open when both are open.
    def intersect(other)
      combine(:sla_calendar_intersect, other)
    end

    alias | union
    alias & intersect

    # ---- many at once: Arrays of Integer epoch seconds (or one value for
    # every element where a second argument is broadcast). Return an Array;
    # with status: true, [values, statuses] where a failing element has its
    # error code and 0 as value; without, the first failing element raises
    # (its #index says which).

    def add_many(t, d, status: false)
      many(:sla_calendar_add_many, 'add_many', t, d, :duration, status)
    end

    def sub_many(t, d, status: false)
      many(:sla_calendar_sub_many, 'sub_many', t, d, :duration, status)
    end

    def diff_many(a, b, status: false)
      many(:sla_calendar_diff_many, 'diff_many', a, b, :instant, status)
    end

    def open_many(t, status: false)
      many(:sla_calendar_is_open_many, 'open_many', t, nil, nil, status, :int)
    end

    def next_open_many(t, status: false)
      many(:sla_calendar_next_open_many, 'next_open_many', t, nil, nil, status)
    end

    def next_close_many(t, status: false)
      many(:sla_calendar_next_close_many, 'next_close_many', t, nil, nil, status)
    end

    def prev_open_many(t, status: false)
      many(:sla_calendar_prev_open_many, 'prev_open_many', t, nil, nil, status)
    end

    def prev_close_many(t, status: false)
      many(:sla_calendar_prev_close_many, 'prev_close_many', t, nil, nil, status)
    end

    private

    def adopt(ptr, zone)
      @to_ptr = ::FFI::AutoPointer.new(ptr, C.method(:sla_calendar_free))
      @zone = zone || C.sla_calendar_zone(@to_ptr)
    end

    def result(v, like)
      like.is_a?(Integer) ? v : Libsla.time_out(v, self)
    end

    def combine(fname, other)
      unless other.is_a?(Calendar)
        raise InvalidError, "expected a Libsla::Calendar, got #{other.class}"
      end

      pp = ::FFI::MemoryPointer.new(:pointer)
      Libsla.check(C.public_send(fname, @to_ptr, other.to_ptr, pp),
                   fname.to_s.sub('sla_calendar_', ''))
      Calendar.from_handle(pp.read_pointer, @zone)
    end

    def int64_buffer(values, n, what)
      buf = ::FFI::MemoryPointer.new(:int64, n)
      begin
        buf.put_array_of_int64(0, values)
      rescue ::RangeError, ::TypeError
        values.each_with_index do |x, i|
          Libsla.int64(x, "#{what}[#{i}]")
        rescue Libsla::Error => e
          raise e.class.new(e.message, index: i)
        end
        raise
      end
      buf
    end

    def instants(values, what)
      values.all?(Integer) ? values : values.map { |x| Libsla.instant_in(x, self, what) }
    end

    def many(fname, what, first, second, kind, status, out_type = :int64)
      raise InvalidError, "#{what}: expected an Array" unless first.is_a?(Array)

      n = first.size
      return status ? [[], []] : [] if n.zero?

      a = int64_buffer(instants(first, what), n, what)
      args = [@to_ptr, a]
      if kind
        second = if second.is_a?(Array)
                   if second.size != n
                     raise InvalidError, "#{what}: arrays of #{n} and #{second.size}"
                   end

                   if second.all?(Integer) then second
                   elsif kind == :duration then second.map { |d| Libsla.duration_in(d) }
                   else instants(second, what)
                   end
                 else
                   v = if kind == :duration then Libsla.duration_in(second)
                       else Libsla.instant_in(second, self)
                       end
                   Array.new(n, v)
                 end
        args << int64_buffer(second, n, what)
      end
      out = ::FFI::MemoryPointer.new(out_type, n)
      st = ::FFI::MemoryPointer.new(:int, n) if status
      rc = C.public_send(fname, *args, n, out, st)
      if !rc.zero? && !status
        st = ::FFI::MemoryPointer.new(:int, n)
        C.public_send(fname, *args, n, out, st)
        codes = st.get_array_of_int(0, n)
        index = codes.index { |x| x != 0 }
        raise Libsla.error(codes[index] || rc, what: "#{what}[#{index}]", index: index)
      end
      vals = if out_type == :int then out.get_array_of_int(0, n).map { |x| x != 0 }
             else out.get_array_of_int64(0, n)
             end
      status ? [vals, st.get_array_of_int(0, n)] : vals
    end
  end
end
