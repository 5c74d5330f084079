# frozen_string_literal: true

# The Ruby binding's specs: run with `rspec` from bindings/ruby, against the
# library named by LIBSLA_PATH (set by the meson test) or the newest build*/
# of the source tree.
$LOAD_PATH.unshift(File.expand_path('../lib', __dir__))
require 'libsla'
require 'libsla/biz'

module SpecSupport
  SOURCE = File.expand_path('../../..', __dir__)

  module_function

  def source_dir
    ENV['SLA_SOURCE_DIR'] || SOURCE
  end

  # The shared golden cases, when present (skipped, not failed, when absent).
  def shared_cases
    d = ENV['SLA_SHARED_DIR'] || File.join(source_dir, '..', 'shared')
    c = File.join(d, 'cases')
    File.directory?(c) ? c : nil
  end

  # This project's own hand-computed table, read by every binding's tests.
  def golden_data
    File.join(source_dir, 'tests', 'golden', 'data')
  end

  # A Libsla::Calendar from a NAME.cal file (tz, hours, holiday, closed/open).
  def load_cal(path)
    zone = 'UTC'
    hours = '24/7'
    holidays = []
    spans = { 'closed' => [], 'open' => [] }
    File.foreach(path) do |raw|
      line = raw.split('#', 2).first.strip
      next if line.empty?

      key, rest = line.split(/\s+/, 2)
      case key
      when 'tz' then zone = rest
      when 'hours' then hours = rest
      when 'holiday' then holidays << rest
      when 'closed', 'open' then spans[key] << rest.split
      else raise "#{path}: unknown setting #{key}"
      end
    end
    zc = Libsla::Calendar.new(zone)
    conv = spans.transform_values do |list|
      list.map do |date, span|
        y, m, d = date.split('-').map(&:to_i)
        a, b = span.split('-')
        ah, am = a.split(':').map(&:to_i)
        bh, bm = b.split(':').map(&:to_i)
        s = zc.local_time(y, m, d, ah, am)
        end_day = Date.new(y, m, d) + ((b == '24:00' || b <= a) ? 1 : 0)
        bh = 0 if b == '24:00'
        [s, zc.local_time(end_day.year, end_day.month, end_day.day, bh, bm)]
      end
    end
    Libsla::Calendar.new(zone, hours, holidays: holidays, closures: conv['closed'],
                                      openings: conv['open'])
  end

  # Rows of a CSV of integers (header and # comments skipped).
  def rows(path)
    File.readlines(path).drop(1).map(&:strip).reject { |l| l.empty? || l.start_with?('#') }
        .map { |l| l.split(',').map { |x| Integer(x, 10) } }
  end

  def golden_sets
    [golden_data, shared_cases].compact.flat_map { |d| Dir.glob(File.join(d, '*.cal')).sort }
  end
end

RSpec.configure do |config|
  config.include SpecSupport
  config.disable_monkey_patching!
  config.order = :defined
end
