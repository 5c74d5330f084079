# frozen_string_literal: true

# libsla: business-hours calendars, SLA clocks and breach prediction, over
# the C library libsla.so.1 through Ruby's ffi (no compiler needed).
#
#   require 'libsla'
#   cal = Libsla::Calendar.new('Europe/Oslo', 'Mo-Fr 08:00-16:00')
#   cal.add(Time.now, '4h')            # => a Time in Oslo's offset
#
# The biz-compatible layer is in 'libsla/biz'.
require_relative 'libsla/errors'
require_relative 'libsla/ffi'
require_relative 'libsla/core'
require_relative 'libsla/calendar'
require_relative 'libsla/policy'
require_relative 'libsla/predict'
