# frozen_string_literal: true

require_relative 'ffi'

module Libsla
  # First supported instant (1970-01-01T00:00:00Z) and first unsupported one
  # (2200-01-01T00:00:00Z).
  TIME_MIN = 0
  TIME_MAX = 7_258_118_400
  INT64_MIN = -(2**63)
  INT64_MAX = 2**63 - 1

  module_function

  # ---- internal helpers shared by the wrapper files

  # The exception for a failing call's return code; with a diag its message
  # (and, for parse errors, line, column and construct).
  def error(code, what: nil, diag: nil, index: nil, text: nil)
    c = lib
    cls = ERRORS.fetch(code, Error)
    message = c.sla_strerror(code).to_s
    kw = {}
    if diag && !diag.null?
      dmsg = c.sla_diag_message(diag).to_s
      message = dmsg unless dmsg.empty?
      if cls == ParseError
        kw = { line: c.sla_diag_line(diag), column: c.sla_diag_column(diag),
               construct: c.sla_diag_construct(diag), text: text }
      end
    end
    kw = { text: text } if cls == ParseError && kw.empty?
    message = "#{what}: #{message}" if what
    cls.new(message, code: code, name: c.sla_error_name(code).to_s, index: index, **kw)
  end

  def check(rc, what = nil, **kw)
    raise error(rc, what: what, **kw) unless rc.zero?

    rc
  end

  # Run the block with a fresh sla_diag, freed afterwards.
  def with_diag
    c = lib
    pp = ::FFI::MemoryPointer.new(:pointer)
    check(c.sla_diag_new(pp), 'sla_diag_new')
    diag = pp.read_pointer
    begin
      yield diag
    ensure
      c.sla_diag_free(diag)
    end
  end

  # Text for a C string argument: a String without NUL bytes (the C API reads
  # up to the first NUL, so one inside would silently cut the value).
  def cstr(value, field)
    s = value.is_a?(Symbol) ? value.to_s : value
    raise InvalidError, "#{field}: expected a String, got #{value.class}" unless s.is_a?(String)
    if s.include?("\0")
      raise InvalidError, "#{field}: text contains a NUL byte at offset #{s.index("\0")}; " \
                          'remove it'
    end
    s.encoding == Encoding::UTF_8 || s.ascii_only? ? s : s.encode(Encoding::UTF_8)
  end

  # An Integer that fits int64, else RangeError (never a wrapped value).
  def int64(value, field)
    unless value.is_a?(Integer)
      raise InvalidError, "#{field}: expected an Integer, got #{value.class}"
    end
    if value < INT64_MIN || value > INT64_MAX
      raise RangeError.new("#{field}: #{value} is outside int64 (the supported instants are " \
                           "#{TIME_MIN}..#{TIME_MAX - 1})")
    end
    value
  end

  # Epoch seconds of an instant argument: an Integer, a Time (or anything
  # with #to_time, like DateTime; sub-seconds floored), or text parsed in the
  # zone of +cal+ (RFC 3339, epoch digits, or a local time without offset).
  def instant_in(t, cal = nil, field = 'instant')
    case t
    when Integer then int64(t, field)
    when ::Time then t.to_i
    when String then parse_instant(t, cal, field)
    else
      return t.to_time.to_i if t.respond_to?(:to_time)

      raise InvalidError, "#{field}: expected an Integer, Time or String, got #{t.class}"
    end
  end

  # Seconds of a duration argument: an Integer, text ("15m", "1h 30m",
  # "PT2H"), or anything with #to_i that is not a Float (ActiveSupport
  # durations).
  def duration_in(d, field = 'duration')
    case d
    when Integer then int64(d, field)
    when String then parse_duration(d, field)
    when Float then raise InvalidError, "#{field}: whole seconds expected, got the Float #{d}"
    else
      return int64(d.to_i, field) if d.respond_to?(:to_i)

      raise InvalidError, "#{field}: expected Integer seconds or text, got #{d.class}"
    end
  end

  # A Time at epoch seconds +t+ with the UTC offset +cal+ has then.
  def time_out(t, cal)
    ::Time.at(t).localtime(cal ? cal.utc_offset(t) : 0)
  end

  def cell64
    Thread.current[:__libsla_i64] ||= ::FFI::MemoryPointer.new(:int64)
  end

  def cell32
    Thread.current[:__libsla_i32] ||= ::FFI::MemoryPointer.new(:int)
  end

  # ---- text

  # Epoch seconds of text: RFC 3339 with offset or Z, epoch digits, or a
  # local time without offset read in +cal+'s zone (UTC without a calendar).
  def parse_instant(text, cal = nil, field = 'instant')
    s = cstr(text, field)
    out = ::FFI::MemoryPointer.new(:int64)
    with_diag do |diag|
      rc = lib.sla_parse_instant(cal&.to_ptr, s, out, diag)
      check(rc, "#{field} #{s.inspect}", diag: diag, text: s)
    end
    out.read_int64
  end

  # Seconds of a duration text ("15m", "1h 30m", "2d", "PT2H").
  def parse_duration(text, field = 'duration')
    s = cstr(text, field)
    out = ::FFI::MemoryPointer.new(:int64)
    with_diag do |diag|
      rc = lib.sla_parse_duration(s, out, diag)
      check(rc, "#{field} #{s.inspect}", diag: diag, text: s)
    end
    out.read_int64
  end

  # RFC 3339 text of an instant in +cal+'s zone (UTC with "Z" without one).
  def format_instant(t, cal = nil)
    v = instant_in(t, cal)
    buf = ::FFI::MemoryPointer.new(:char, 64)
    n = lib.sla_format_instant(cal&.to_ptr, v, buf, 64)
    check(n, 'format_instant') if n.negative?
    buf.read_string(n)
  end

  # Compact text of a duration ("1h 30m").
  def format_duration(d)
    v = duration_in(d)
    buf = ::FFI::MemoryPointer.new(:char, 64)
    n = lib.sla_format_duration(v, buf, 64)
    check(n, 'format_duration') if n.negative?
    buf.read_string(n)
  end
end
