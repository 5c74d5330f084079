# frozen_string_literal: true

module Libsla
  # A libsla call failed. Every library error has its own subclass, named
  # after the error (`invalid` is InvalidError, `never` NeverError...).
  class Error < StandardError
    # The C error code (negative) and its short name ("never", "parse"...).
    attr_reader :code, :name, :index

    def initialize(message = nil, code: nil, name: nil, index: nil)
      super(message)
      @code = code || self.class::CODE
      @name = name || self.class::NAME
      @index = index
    end

    CODE = 0
    NAME = 'error'
  end

  # The shared library could not be found or loaded, or is too old.
  class LoadError < ::LoadError; end

  # A parse error also says where (line and column, from 1) and which
  # construct was refused.
  class ParseError < Error
    attr_reader :line, :column, :construct, :text

    def initialize(message = nil, line: 0, column: 0, construct: nil, text: nil, **kw)
      super(message, **kw)
      @line = line
      @column = column
      @construct = construct
      @text = text
    end
  end

  ERRORS = {}

  {
    -1 => %w[InvalidError invalid], -2 => %w[NoMemoryError nomem],
    -3 => %w[RangeError range], -4 => %w[NeverError never], -5 => %w[ParseError parse],
    -6 => %w[NoZoneError nozone], -7 => %w[IOError io], -8 => %w[UnsupportedError unsupported],
    -9 => %w[LimitError limit], -10 => %w[OrderError order], -11 => %w[ClosedError closed],
    -12 => %w[StateError state], -13 => %w[VersionError version],
    -14 => %w[UnstableError unstable]
  }.each do |code, (cname, ename)|
    cls = if const_defined?(cname, false) then const_get(cname, false)
          else const_set(cname, Class.new(Error))
          end
    cls.const_set(:CODE, code)
    cls.const_set(:NAME, ename)
    ERRORS[code] = cls
  end
  ERRORS.freeze
end
