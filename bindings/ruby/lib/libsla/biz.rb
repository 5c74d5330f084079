# frozen_string_literal: true

require 'date'
require 'delegate'
require 'set'
require_relative '../libsla'

module Libsla
  # A biz-compatible layer (the calls Zammad and Zendesk make on the biz gem)
  # over a libsla calendar:
  #
  #   schedule = Libsla::Biz::Schedule.new do |config|
  #     config.hours = { mon: { '09:00' => '17:00' }, tue: { '09:00' => '17:00' } }
  #     config.holidays = [Date.new(2025, 12, 25)]
  #     config.breaks = { Date.new(2025, 12, 24) => { '12:00' => '17:00' } }
  #     config.time_zone = 'Europe/Oslo'
  #   end
  #   schedule.time(30, :minutes).after(Time.now)   # a UTC Time
  #   schedule.within(a, b).in_minutes
  #
  # The conventions follow biz where biz defines them (see the README,
  # "Switching from biz"); each calculation costs a few O(log n) calls into
  # libsla, never a walk over periods.
  module Biz
    class Error < StandardError
      Configuration = Class.new(self)
    end

    WEEKDAYS = %i[sun mon tue wed thu fri sat].freeze
    OSM_DAYS = %w[Su Mo Tu We Th Fr Sa].freeze

    # A time of day in seconds from midnight, 0..86400 (biz's DayTime).
    class DayTime
      include Comparable
      PATTERN = /\A(\d{2}):(\d{2})(?::(\d{2}))?\z/.freeze

      attr_reader :day_second

      def self.from_timestamp(text)
        m = PATTERN.match(text.to_s)
        unless m && m[1].to_i <= 24 && m[2].to_i < 60 && m[3].to_i < 60
          raise Error::Configuration, "invalid timestamp #{text.inspect}: must be in `HH:MM` " \
                                      'or `HH:MM:SS` format'
        end
        v = (m[1].to_i * 3600) + (m[2].to_i * 60) + m[3].to_i
        raise Error::Configuration, "invalid timestamp #{text.inspect}: after 24:00" if v > 86_400

        new(v)
      end

      def self.from_time(time)
        new((time.hour * 3600) + (time.min * 60) + time.sec)
      end

      def self.midnight = new(0)
      def self.endnight = new(86_400)

      def initialize(day_second)
        @day_second = Integer(day_second)
        raise ArgumentError, 'second not within a day' unless (0..86_400).cover?(@day_second)
      end

      def hour = day_second / 3600
      def minute = day_second % 3600 / 60
      def second = day_second % 60
      def <=>(other) = other.is_a?(DayTime) ? day_second <=> other.day_second : nil

      def timestamp
        return Kernel.format('%02d:%02d', hour, minute) if second.zero?

        Kernel.format('%02d:%02d:%02d', hour, minute, second)
      end
    end

    # An amount of business time in whole seconds.
    class Duration
      include Comparable

      def self.seconds(n) = new(n)
      def self.minutes(n) = new(n * 60)
      def self.hours(n) = new(n * 3600)
      def self.days(n) = new(n * 86_400)

      class << self
        alias second seconds
        alias minute minutes
        alias hour hours
        alias day days
      end

      def initialize(seconds)
        @seconds = Integer(seconds)
      end

      def in_seconds = @seconds
      def in_minutes = @seconds / 60
      def in_hours = @seconds / 3600
      def in_days = @seconds / 86_400
      def +(other) = Duration.new(@seconds + other.in_seconds)
      def -(other) = Duration.new(@seconds - other.in_seconds)
      def positive? = @seconds.positive?
      def abs = Duration.new(@seconds.abs)
      def <=>(other) = other.is_a?(Duration) ? @seconds <=> other.in_seconds : nil
      def hash = @seconds.hash
      def eql?(other) = other.is_a?(Duration) && other.in_seconds == @seconds
      def inspect = "#<Libsla::Biz::Duration #{@seconds}s>"
    end

    # A span of real time [start_time, end_time] (UTC Times).
    class TimeSegment
      include Comparable
      attr_reader :start_time, :end_time

      def initialize(start_time, end_time)
        @start_time = start_time
        @end_time = end_time
      end

      def date = start_time.to_date
      def duration = Duration.new([end_time - start_time, 0].max)
      def endpoints = [start_time, end_time]
      def empty? = start_time == end_time
      def disjoint? = start_time > end_time
      def contains?(time) = (start_time...end_time).cover?(time)
      def <=>(other) = other.is_a?(TimeSegment) ? endpoints <=> other.endpoints : nil

      def &(other)
        TimeSegment.new([start_time, other.start_time].max, [end_time, other.end_time].min)
      end

      def inspect
        "#<Libsla::Biz::TimeSegment start_time=#{start_time} end_time=#{end_time}>"
      end
    end

    # The block argument of Schedule.new: the settings of a schedule.
    class Configuration
      DEFAULT_HOURS = %i[mon tue wed thu fri].to_h { |d| [d, { '09:00' => '17:00' }.freeze] }.freeze
      attr_accessor :hours, :shifts, :breaks, :holidays, :time_zone
      alias business_hours= hours=

      def initialize
        @hours = DEFAULT_HOURS
        @shifts = {}
        @breaks = {}
        @holidays = []
        @time_zone = 'Etc/UTC'
      end
    end

    # A biz schedule over a compiled Libsla::Calendar. Immutable and safe to
    # share between threads.
    class Schedule
      attr_reader :calendar, :time_zone, :holidays, :breaks, :shifts, :hours, :weekdays

      def initialize(configuration = nil)
        config = configuration || Configuration.new
        yield config if block_given?
        @hours = normalize_hours(config.hours)
        @time_zone = zone_name(config.time_zone)
        @holidays = Array(config.holidays).map { |d| to_date(d, 'holiday') }.uniq.sort.freeze
        @holiday_set = @holidays.to_set.freeze
        @breaks = normalize_dated(config.breaks, 'breaks')
        @shifts = normalize_dated(config.shifts, 'shifts')
        @weekdays = @hours.keys.freeze
        @calendar = build_calendar
        @break_spans = @breaks.flat_map do |date, spans|
          spans.map { |s, e| [on_date_i(date, s), on_date_i(date, e)] }
        end.sort.freeze
        @overnight = @hours.values.flatten(1).any? { |s, e| e <= s }
        freeze
      end

      # The calculation of +scalar+ units of business time (:second(s),
      # :minute(s), :hour(s), :day(s)); call #after(time) or #before(time).
      def time(scalar, unit)
        raise ArgumentError, 'unsupported unit' unless Calculation::UNITS.include?(unit)

        n = Integer(scalar)
        raise ArgumentError, 'negative scalar' if n.negative?

        Calculation.new(self, n, unit)
      end

      # Business time from +origin+ to +terminus+ (zero when reversed).
      def within(origin, terminus)
        a = epoch(origin)
        b = epoch(terminus)
        Duration.new(b <= a ? 0 : @calendar.diff(a, b))
      end

      def in_hours?(time)
        @calendar.open?(epoch(time))
      end

      alias business_hours? in_hours?

      def on_break?(time)
        t = epoch(time)
        @break_spans.any? { |s, e| s <= t && t < e }
      end

      def on_holiday?(time)
        @holiday_set.include?(local_date(epoch(time)))
      end

      def periods
        Periods.new(self)
      end

      def dates
        Dates.new(self)
      end

      alias date dates

      def in_zone
        Zone.new(self)
      end

      # The intersection (biz semantics): intersected hours, the union of
      # breaks and holidays, the time zone of self; shifts are dropped.
      def &(other)
        hours = {}
        @hours.each do |day, spans|
          theirs = other.hours[day] or next
          cut = spans.product(theirs).map { |(a, b), (c, d)| [[a, c].max, [b, d].min] }
                     .select { |s, e| s < e }
          next if cut.empty?

          hours[day] = cut.to_h { |s, e| [DayTime.new(s).timestamp, DayTime.new(e).timestamp] }
        end
        breaks = Hash.new { |h, k| h[k] = {} }
        [@breaks, other.breaks].each do |bs|
          bs.each do |d, spans|
            spans.each { |s, e| breaks[d][DayTime.new(s).timestamp] = DayTime.new(e).timestamp }
          end
        end
        zone = @time_zone
        hol = (@holidays + other.holidays).uniq
        Schedule.new do |c|
          c.hours = hours
          c.breaks = breaks.to_h
          c.holidays = hol
          c.time_zone = zone
        end
      end

      # ---- helpers used by the calculations (epoch seconds in and out)

      def epoch(time)
        case time
        when Integer then Libsla.int64(time, 'time')
        when ::Time then time.to_i
        else
          return time.to_time.to_i if time.respond_to?(:to_time)

          raise ArgumentError, "expected a Time, got #{time.class}"
        end
      end

      def utc(seconds)
        ::Time.at(seconds).utc
      end

      # The local date and second of day of +t+ in the schedule's zone.
      def local_parts(t)
        lt = ::Time.at(t + @calendar.utc_offset(t)).utc
        [::Date.new(lt.year, lt.month, lt.day), (lt.hour * 3600) + (lt.min * 60) + lt.sec]
      end

      def local_date(t)
        local_parts(t).first
      end

      # Epoch seconds of a local date and second of day (86400 = next midnight).
      def on_date_i(date, second)
        d = date + (second / 86_400)
        s = second % 86_400
        @calendar.local_time(d.year, d.month, d.day, s / 3600, s % 3600 / 60, s % 60)
      end

      def active_date?(date)
        @weekdays.include?(WEEKDAYS[date.wday]) && !@holiday_set.include?(date)
      end

      # The first open instant at or after t, or t itself when t closes a
      # period (biz yields the empty period there).
      def forward_moment(t)
        return t if @calendar.open?(t) || (t > TIME_MIN && @calendar.open?(t - 1))

        @calendar.next_open(t)
      end

      # The last instant at or before t that is open or closes a period.
      def backward_moment(t)
        return t if @calendar.open?(t) || (t > TIME_MIN && @calendar.open?(t - 1))

        prev_close(t)
      end

      # The end of the last open period ending at or before t (for t closed,
      # or at an opening).
      def prev_close(t)
        return @calendar.prev_close(t) if Biz.prev_calls?

        @calendar.sub(t, 1) + 1
      end

      # The start of the open period whose last second is e - 1.
      def span_start(e)
        return @calendar.prev_open(e - 1) if Biz.prev_calls?

        span_search(e)
      end

      # span_start for a libsla 1.0 without prev_open: an exponential then
      # binary search over diff (about 2 log2(period length) calls).
      def span_search(e)
        step = 3600
        lo = e
        loop do
          s = [e - step, TIME_MIN].max
          break lo = s if s == TIME_MIN && @calendar.diff(s, e) == e - s
          break if @calendar.diff(s, e) != e - s

          lo = s
          step *= 2
        end
        return lo if lo == TIME_MIN && @calendar.open?(TIME_MIN)

        hi = lo # [hi, e) is open; find the smallest such hi
        low = [e - step, TIME_MIN].max # [low, e) is not all open
        while hi - low > 1
          mid = (low + hi) / 2
          if @calendar.diff(mid, e) == e - mid then hi = mid else low = mid end
        end
        hi
      end

      def overnight?
        @overnight
      end

      private

      def zone_name(z)
        name = z.respond_to?(:identifier) ? z.identifier : z.to_s
        Libsla::Calendar.new(name)
        name
      rescue Libsla::Error => e
        raise Error::Configuration, "time zone #{name.inspect}: #{e.message}"
      end

      def to_date(d, what)
        return d if d.instance_of?(::Date)
        return d.to_date if d.respond_to?(:to_date)

        raise Error::Configuration, "#{what}: expected a Date, got #{d.inspect}"
      end

      def spans(h, what)
        unless h.respond_to?(:map)
          raise Error::Configuration, "#{what}: expected a Hash of 'HH:MM' => 'HH:MM'"
        end

        h.map do |s, e|
          a = DayTime.from_timestamp(s).day_second
          b = DayTime.from_timestamp(e).day_second
          raise Error::Configuration, 'nonsensical hours provided' if a == b

          [a, b]
        end.sort
      end

      def normalize_hours(hours)
        raise Error::Configuration, 'hours not provided' if hours.nil? || hours.empty?

        out = {}
        hours.each do |day, h|
          sym = day.to_sym
          raise Error::Configuration, "unknown weekday #{day.inspect}" unless WEEKDAYS.include?(sym)

          s = spans(h, "hours #{day}")
          out[sym] = s.freeze unless s.empty?
        end
        raise Error::Configuration, 'hours not provided' if out.empty?

        out.freeze
      end

      def normalize_dated(h, what)
        (h || {}).to_h do |date, sp|
          s = spans(sp, "#{what} #{date}")
          s.each { |a, b| raise Error::Configuration, 'nonsensical hours provided' if b < a }
          [to_date(date, what), s.freeze]
        end.freeze
      end

      def text_hours
        rules = @hours.map do |day, s|
          "#{OSM_DAYS[WEEKDAYS.index(day)]} " + s.map { |a, b| "#{hhmm(a)}-#{hhmm(b)}" }.join(',')
        end
        rules.join('; ')
      end

      def hhmm(sec)
        unless (sec % 60).zero?
          raise Error::Configuration, "#{DayTime.new(sec).timestamp}: opening hours with " \
                                      'seconds are not supported (whole minutes only)'
        end
        Kernel.format('%02d:%02d', sec / 3600, sec % 3600 / 60)
      end

      def build_calendar
        zone_cal = Libsla::Calendar.new(@time_zone)
        at = lambda do |date, second|
          d = date + (second / 86_400)
          s = second % 86_400
          zone_cal.local_time(d.year, d.month, d.day, s / 3600, s % 3600 / 60, s % 60)
        end
        spans = ->(date, sp) { sp.map { |a, b| [at.call(date, a), at.call(date, b)] } }
        closures = @breaks.flat_map { |date, sp| spans.call(date, sp) }
        shift_days = @shifts.keys.reject { |d| @holidays.include?(d) }
        openings = shift_days.flat_map { |date| spans.call(date, @shifts[date]) }
        # A shift replaces the date's weekly hours: the date is closed like a
        # holiday and the shift's spans are opened on it.
        Libsla::Calendar.new(@time_zone, text_hours, holidays: (@holidays + shift_days).uniq,
                                                     closures: closures, openings: openings)
      rescue Libsla::Error => e
        raise Error::Configuration, e.message
      end
    end

    # time(n, unit).after(t) / .before(t).
    class Calculation
      UNITS = %i[second seconds minute minutes hour hours day days].freeze
      FACTOR = { second: 1, seconds: 1, minute: 60, minutes: 60, hour: 3600, hours: 3600 }.freeze

      def initialize(schedule, scalar, unit)
        @schedule = schedule
        @scalar = scalar
        @unit = unit
      end

      def after(time)
        s = @schedule
        cal = s.calendar
        t = s.epoch(time)
        if (f = FACTOR[@unit])
          r = cal.add(t, Libsla.int64(@scalar * f, 'duration'))
          # biz: a deadline that uses up a period exactly (and time(0)) moves
          # to the next business moment.
          r = cal.next_open(r) unless cal.open?(r)
          return s.utc(r)
        end
        date, sec = s.local_parts(t)
        target = Dates.new(s).days(@scalar).after(date)
        s.utc(s.forward_moment(s.on_date_i(target, sec)))
      end

      def before(time)
        s = @schedule
        cal = s.calendar
        t = s.epoch(time)
        if (f = FACTOR[@unit])
          r = cal.sub(t, Libsla.int64(@scalar * f, 'duration'))
          # biz: landing on an opening moves back to the previous closing.
          r = s.prev_close(r) unless r > TIME_MIN && cal.open?(r - 1)
          return s.utc(r)
        end
        date, sec = s.local_parts(t)
        target = Dates.new(s).days(@scalar).before(date)
        s.utc(s.backward_moment(s.on_date_i(target, sec)))
      end
    end

    # Dates with weekly hours that are not holidays (biz's dates).
    class Dates
      def initialize(schedule)
        @schedule = schedule
      end

      def active?(date)
        @schedule.active_date?(date)
      end

      def days(n)
        DayCount.new(@schedule, Integer(n))
      end

      # The active dates after +date+ (not +date+ itself), lazily.
      def after(date)
        Enumerator.new do |y|
          d = date
          loop do
            d += 1
            y << d if active?(d)
          end
        end.lazy
      end

      # The active dates before +date+, latest first, lazily.
      def before(date)
        Enumerator.new do |y|
          d = date
          loop do
            d -= 1
            y << d if active?(d)
          end
        end.lazy
      end
    end

    # The n-th active date after / before a date (n = 0: the date itself
    # when active, else the next / previous active one).
    class DayCount
      def initialize(schedule, n)
        @schedule = schedule
        @n = n
      end

      def after(date)
        step(date, 1)
      end

      def before(date)
        step(date, -1)
      end

      private

      def step(date, dir)
        d = date
        left = @n
        if left.zero?
          d += dir until @schedule.active_date?(d)
          return d
        end
        while left.positive?
          d += dir
          left -= 1 if @schedule.active_date?(d)
        end
        d
      end
    end

    # The periods of Periods#after / #before: an Enumerable, evaluated
    # lazily, with biz's #timeline (until(time), for(duration)).
    class Stream
      include Enumerable

      def initialize(direction, schedule, &producer)
        @direction = direction
        @schedule = schedule
        @producer = producer
      end

      def each(&block)
        return enum_for(:each) unless block

        Enumerator.new(&@producer).each(&block)
      end

      def lazy
        each.lazy
      end

      def timeline
        Timeline.new(self, @direction)
      end
    end

    # biz's timeline: the periods up to a terminus, or until a duration is
    # used (with biz's convention: a period used exactly yields the empty
    # start of the next one).
    class Timeline
      def initialize(stream, direction)
        @stream = stream
        @forward = direction == :forward
      end

      def forward
        self
      end

      def backward
        self
      end

      def until(terminus)
        return enum_for(:until, terminus) unless block_given?

        @stream.each do |p|
          if @forward
            break if p.start_time > terminus

            q = TimeSegment.new(p.start_time, [p.end_time, terminus].min)
          else
            break if p.end_time < terminus

            q = TimeSegment.new([p.start_time, terminus].max, p.end_time)
          end
          yield q unless q.disjoint?
        end
      end

      def for(duration)
        return enum_for(:for, duration) unless block_given?

        left = duration.in_seconds
        @stream.each do |p|
          if p.duration.in_seconds == left
            left = 0
            yield p
          else
            q = if @forward
                  TimeSegment.new(p.start_time, [p.end_time, p.start_time + left].min)
                else
                  TimeSegment.new([p.start_time, p.end_time - left].max, p.end_time)
                end
            left -= q.duration.in_seconds
            yield q
            break unless left.positive?
          end
        end
      end
    end

    # periods.after(t) / .before(t): lazy enumerators of TimeSegments in
    # order of time (before: backwards), split at local midnight as biz's
    # periods are; periods.on(date).
    class Periods
      def initialize(schedule)
        @schedule = schedule
      end

      def after(origin)
        s = @schedule
        t = s.epoch(origin)
        Stream.new(:forward, s) do |y|
          cal = s.calendar
          closing = !cal.open?(t) && t > TIME_MIN && cal.open?(t - 1)
          y << TimeSegment.new(s.utc(t), s.utc(t)) if closing
          loop do
            a = cal.next_open(t)
            b = cal.next_close(a)
            split(a, b).each { |p, q| y << TimeSegment.new(s.utc(p), s.utc(q)) }
            t = b
          end
        end
      end

      def before(origin)
        s = @schedule
        t = s.epoch(origin)
        Stream.new(:backward, s) do |y|
          cal = s.calendar
          opening = cal.open?(t) && (t == TIME_MIN || !cal.open?(t - 1))
          y << TimeSegment.new(s.utc(t), s.utc(t)) if opening
          loop do
            break if t <= TIME_MIN

            e = cal.open?(t - 1) ? t : s.prev_close(t)
            a = s.span_start(e)
            split(a, e).reverse_each { |p, q| y << TimeSegment.new(s.utc(p), s.utc(q)) }
            t = a
          end
        end
      end

      # The periods of a local date (biz: periods.on(date)).
      def on(date)
        s = @schedule
        a = s.on_date_i(date, 0)
        b = s.on_date_i(date, 86_400)
        after(a).take_while { |p| p.start_time.to_i < b || (p.empty? && p.start_time.to_i == b) }
                .map { |p| TimeSegment.new(p.start_time, [p.end_time, s.utc(b)].min) }
                .reject(&:empty?)
      end

      private

      # [a, b) cut at the local midnights inside it (weekly hours in biz
      # never cross midnight; with overnight hours the span stays whole).
      def split(a, b)
        return [[a, b]] if @schedule.overnight?

        out = []
        loop do
          date, = @schedule.local_parts(a)
          m = @schedule.on_date_i(date, 86_400)
          break out << [a, b] if m >= b

          out << [a, m]
          a = m
        end
        out
      end
    end

    # schedule.in_zone: conversions in the schedule's time zone.
    class Zone
      def initialize(schedule)
        @schedule = schedule
      end

      # +time+ as a Time with the zone's UTC offset at that instant.
      def local(time)
        t = @schedule.epoch(time)
        ::Time.at(t).localtime(@schedule.calendar.utc_offset(t))
      end

      # The UTC Time of a local date and time of day ('HH:MM', DayTime or
      # seconds of the day).
      def on_date(date, day_time)
        sec = case day_time
              when DayTime then day_time.day_second
              when Integer then day_time
              else DayTime.from_timestamp(day_time).day_second
              end
        @schedule.utc(@schedule.on_date_i(date, sec))
      end
    end

    # biz's unit constants (Biz::Time.day_seconds...).
    class Time
      {
        minute_seconds: 60, hour_minutes: 60, day_hours: 24, week_days: 7, hour_seconds: 3600,
        day_seconds: 86_400, day_minutes: 1440, week_minutes: 10_080
      }.each { |name, v| define_singleton_method(name) { v } }

      def self.big_bang = ::Time.at(TIME_MIN).utc
      def self.heat_death = ::Time.at(TIME_MAX - 1).utc
    end

    # The entry points biz names below Schedule, for callers that use them
    # directly: Calculation::ForDuration.with_unit(schedule, n, unit) (and
    # .minutes(schedule, n)...), Calculation::DurationWithin, Active,
    # OnBreak, OnHoliday (#result), Periods::After / Before.
    class Calculation
      module ForDuration
        def self.units = Calculation::UNITS

        def self.with_unit(schedule, scalar, unit)
          raise ArgumentError, 'unsupported unit' unless Calculation::UNITS.include?(unit)

          schedule.time(scalar, unit)
        end

        Calculation::UNITS.each do |u|
          define_singleton_method(u) { |schedule, scalar| schedule.time(scalar, u) }
        end
      end

      # The business time of a TimeSegment (a Duration).
      class DurationWithin < SimpleDelegator
        def initialize(schedule, segment)
          super(schedule.within(segment.start_time, segment.end_time))
        end
      end

      { Active: :in_hours?, OnBreak: :on_break?, OnHoliday: :on_holiday? }.each do |name, m|
        const_set(name, Class.new do
          define_method(:initialize) { |schedule, time| @schedule = schedule; @time = time }
          define_method(:result) { @schedule.public_send(m, @time) }
        end)
      end
    end

    class Periods
      After = Class.new { def self.new(schedule, origin) = Periods.new(schedule).after(origin) }
      Before = Class.new { def self.new(schedule, origin) = Periods.new(schedule).before(origin) }
      Proxy = Class.new { def self.new(schedule) = Periods.new(schedule) }
    end

    @lock = Mutex.new

    class << self
      # True when the loaded library has prev_open / prev_close (1.1).
      def prev_calls?
        return @prev_calls unless @prev_calls.nil?

        @prev_calls = !Libsla.lib.missing.include?(:sla_calendar_prev_open)
      end

      # The global schedule (biz's Biz.configure), one per thread as in biz.
      def configure(&block)
        Thread.current[:libsla_biz_schedule] = Schedule.new(&block)
      end

      def schedule
        Thread.current[:libsla_biz_schedule] or raise Error::Configuration, "#{name} not configured"
      end

      %i[holidays time_zone periods date dates time within in_hours? business_hours? on_break?
         on_holiday? in_zone].each do |m|
        define_method(m) { |*args| schedule.public_send(m, *args) }
      end
    end
  end
end
