# frozen_string_literal: true

require 'ffi'
require 'rbconfig'
require 'json'
require_relative 'errors'

module Libsla
  # The C function table and the loader of libsla.so.1.
  #
  # Every exported function of the library is declared once in FUNCTIONS
  # (name => [argument types, result type], in the order of sla.h). The other
  # files call C only through Libsla::C, set up by Libsla.load.
  module C
    extend ::FFI::Library

    REQUIRED_MAJOR = 1
    MINIMUM_MINOR = 0
    SONAME = 'libsla.so.1'

    FUNCTIONS = {
      sla_version_number: [[], :int32],
      sla_version_string: [[], :string],
      sla_strerror: [[:int32], :string],
      sla_error_name: [[:int32], :string],
      sla_diag_new: [[:pointer], :int32],
      sla_diag_free: [[:pointer], :void],
      sla_diag_code: [[:pointer], :int32],
      sla_diag_message: [[:pointer], :string],
      sla_diag_line: [[:pointer], :int32],
      sla_diag_column: [[:pointer], :int32],
      sla_diag_construct: [[:pointer], :string],
      sla_calendar_builder_new: [[:string, :pointer], :int32],
      sla_calendar_builder_new_tzdir: [[:string, :string, :pointer], :int32],
      sla_calendar_builder_free: [[:pointer], :void],
      sla_calendar_builder_set_hours: [[:pointer, :string, :pointer], :int32],
      sla_calendar_builder_add_holiday: [[:pointer, :int32, :int32, :int32], :int32],
      sla_calendar_builder_add_closure: [[:pointer, :int64, :int64], :int32],
      sla_calendar_builder_add_opening: [[:pointer, :int64, :int64], :int32],
      sla_calendar_builder_local_time: [[:pointer, :int32, :int32, :int32, :int32, :int32, :int32,
                                         :pointer], :int32],
      sla_calendar_builder_compile: [[:pointer, :pointer], :int32],
      sla_calendar_new: [[:string, :string, :pointer, :pointer], :int32],
      sla_calendar_free: [[:pointer], :void],
      sla_calendar_union: [[:pointer, :pointer, :pointer], :int32],
      sla_calendar_intersect: [[:pointer, :pointer, :pointer], :int32],
      sla_calendar_zone: [[:pointer], :string],
      sla_calendar_memory_size: [[:pointer], :size_t],
      sla_calendar_is_holiday: [[:pointer, :int64, :pointer], :int32],
      sla_calendar_utc_offset: [[:pointer, :int64, :pointer], :int32],
      sla_calendar_local_time: [[:pointer, :int32, :int32, :int32, :int32, :int32, :int32,
                                 :pointer], :int32],
      sla_calendar_is_open: [[:pointer, :int64, :pointer], :int32],
      sla_calendar_add: [[:pointer, :int64, :int64, :pointer], :int32],
      sla_calendar_sub: [[:pointer, :int64, :int64, :pointer], :int32],
      sla_calendar_diff: [[:pointer, :int64, :int64, :pointer], :int32],
      sla_calendar_next_open: [[:pointer, :int64, :pointer], :int32],
      sla_calendar_next_close: [[:pointer, :int64, :pointer], :int32],
      sla_calendar_prev_open: [[:pointer, :int64, :pointer], :int32],
      sla_calendar_prev_close: [[:pointer, :int64, :pointer], :int32],
      sla_calendar_prev_open_many: [[:pointer, :pointer, :size_t, :pointer, :pointer], :int32],
      sla_calendar_prev_close_many: [[:pointer, :pointer, :size_t, :pointer, :pointer], :int32],
      sla_calendar_add_days: [[:pointer, :int64, :int64, :pointer], :int32],
      sla_calendar_sub_days: [[:pointer, :int64, :int64, :pointer], :int32],
      sla_calendar_count_days: [[:pointer, :int64, :int64, :pointer], :int32],
      sla_calendar_holiday_horizon: [[:pointer, :pointer, :pointer], :int32],
      sla_calendar_is_open_many: [[:pointer, :pointer, :size_t, :pointer, :pointer], :int32],
      sla_calendar_add_many: [[:pointer, :pointer, :pointer, :size_t, :pointer, :pointer], :int32],
      sla_calendar_sub_many: [[:pointer, :pointer, :pointer, :size_t, :pointer, :pointer], :int32],
      sla_calendar_diff_many: [[:pointer, :pointer, :pointer, :size_t, :pointer, :pointer], :int32],
      sla_calendar_next_open_many: [[:pointer, :pointer, :size_t, :pointer, :pointer], :int32],
      sla_calendar_next_close_many: [[:pointer, :pointer, :size_t, :pointer, :pointer], :int32],
      sla_parse_instant: [[:pointer, :string, :pointer, :pointer], :int32],
      sla_parse_duration: [[:string, :pointer, :pointer], :int32],
      sla_parse_duration_unit: [[:string, :pointer, :pointer, :pointer], :int32],
      sla_format_instant: [[:pointer, :int64, :pointer, :size_t], :int32],
      sla_format_duration: [[:int64, :pointer, :size_t], :int32],
      sla_ics_options_new: [[:pointer], :int32],
      sla_ics_options_free: [[:pointer], :void],
      sla_ics_options_set_mode: [[:pointer, :int32], :int32],
      sla_ics_options_keep_category: [[:pointer, :string], :int32],
      sla_ics_options_drop_category: [[:pointer, :string], :int32],
      sla_ics_options_keep_summary: [[:pointer, :string], :int32],
      sla_ics_options_drop_summary: [[:pointer, :string], :int32],
      sla_ics_options_set_window: [[:pointer, :int32, :int32], :int32],
      sla_calendar_builder_add_ics: [[:pointer, :string, :size_t, :pointer, :pointer], :int32],
      sla_calendar_builder_add_ics_file: [[:pointer, :string, :pointer, :pointer], :int32],
      sla_ics_list_new: [[:string, :size_t, :string, :pointer, :pointer, :pointer], :int32],
      sla_ics_list_new_file: [[:string, :string, :pointer, :pointer, :pointer], :int32],
      sla_ics_list_free: [[:pointer], :void],
      sla_ics_list_count: [[:pointer], :size_t],
      sla_ics_list_is_all_day: [[:pointer, :size_t], :int32],
      sla_ics_list_dates: [[:pointer, :size_t, :pointer, :pointer], :int32],
      sla_ics_list_span: [[:pointer, :size_t, :pointer, :pointer], :int32],
      sla_ics_list_summary: [[:pointer, :size_t], :string],
      sla_ics_list_line: [[:pointer, :size_t], :int32],
      sla_policy_new: [[:pointer], :int32],
      sla_policy_new_default: [[:pointer, :pointer, :pointer], :int32],
      sla_policy_free: [[:pointer], :void],
      sla_policy_add_channel: [[:pointer, :string, :pointer], :int32],
      sla_policy_channel: [[:pointer, :string, :pointer], :int32],
      sla_policy_channel_name: [[:pointer, :int32], :string],
      sla_policy_channel_count: [[:pointer], :int32],
      sla_policy_add_calendar: [[:pointer, :string, :pointer], :int32],
      sla_policy_add_target: [[:pointer, :int32, :int32, :int32, :int64, :pointer, :uint32,
                               :pointer, :size_t], :int32],
      sla_policy_parse: [[:pointer, :string, :pointer], :int32],
      sla_policy_target_count: [[:pointer], :size_t],
      sla_policy_lookup: [[:pointer, :int32, :int32, :int32, :pointer, :pointer], :int32],
      sla_metric_name: [[:int32], :string],
      sla_ticket_status_name: [[:int32], :string],
      sla_priority_name: [[:int32], :string],
      sla_clock_state_name: [[:int32], :string],
      sla_name_lookup: [[:int32, :string, :pointer], :int32],
      sla_ticket_new: [[:pointer, :int64, :int32, :int32, :pointer], :int32],
      sla_ticket_free: [[:pointer], :void],
      sla_ticket_apply: [[:pointer, :int64, :int32, :int32], :int32],
      sla_ticket_customer_message: [[:pointer, :int64, :int32], :int32],
      sla_ticket_agent_reply: [[:pointer, :int64], :int32],
      sla_ticket_note: [[:pointer, :int64], :int32],
      sla_ticket_set_status: [[:pointer, :int64, :int32], :int32],
      sla_ticket_set_priority: [[:pointer, :int64, :int32], :int32],
      sla_ticket_set_channel: [[:pointer, :int64, :int32], :int32],
      sla_ticket_info: [[:pointer, :pointer, :pointer, :pointer, :pointer, :pointer], :int32],
      sla_ticket_save: [[:pointer, :pointer, :size_t], :int32],
      sla_ticket_restore: [[:pointer, :pointer, :size_t, :pointer], :int32],
      sla_status_new: [[:pointer], :int32],
      sla_status_free: [[:pointer], :void],
      sla_ticket_status: [[:pointer, :int64, :pointer], :int32],
      sla_status_get: [[:pointer, :int32, :int32, :pointer], :int32],
      sla_status_warning: [[:pointer, :int32, :int32, :pointer, :pointer], :int32],
      sla_ticket_timeline: [[:pointer, :int64, :int32, :pointer, :pointer, :pointer, :size_t,
                             :pointer], :int32],
      sla_ticket_next_change: [[:pointer, :int64, :pointer, :pointer, :pointer, :pointer], :int32],
      sla_ticket_crossings: [[:pointer, :int64, :int64, :pointer, :pointer, :pointer, :size_t,
                              :pointer], :int32],
      sla_ticket_rebase: [[:pointer, :pointer, :int64, :pointer, :pointer], :int32],
      sla_ticket_rebase_saved: [[:pointer, :pointer, :size_t, :pointer, :int64, :pointer, :pointer,
                                 :pointer], :int32],
      sla_erlang_b: [[:double, :double, :int32, :pointer], :int32],
      sla_erlang_c: [[:double, :double, :int32, :pointer], :int32],
      sla_erlang_c_service_level: [[:double, :double, :int32, :double, :pointer], :int32],
      sla_erlang_c_asa: [[:double, :double, :int32, :pointer], :int32],
      sla_erlang_c_occupancy: [[:double, :double, :int32, :pointer], :int32],
      sla_erlang_c_agents: [[:double, :double, :double, :double, :double, :double, :pointer,
                             :pointer], :int32],
      sla_staffing_table: [[:pointer, :size_t, :int64, :double, :double, :double, :double, :double,
                            :pointer, :pointer], :int32],
      sla_erlang_a_wait: [[:double, :double, :double, :int32, :pointer], :int32],
      sla_erlang_a_abandon: [[:double, :double, :double, :int32, :pointer], :int32],
      sla_erlang_a_service_level: [[:double, :double, :double, :int32, :double, :pointer], :int32],
      sla_erlang_a_asa: [[:double, :double, :double, :int32, :pointer], :int32],
      sla_erlang_a_occupancy: [[:double, :double, :double, :int32, :pointer], :int32],
      sla_erlang_a_agents: [[:double, :double, :double, :double, :double, :double, :double,
                             :pointer, :pointer], :int32],
      sla_coverage_gap: [[:pointer, :int64, :pointer, :size_t, :int64, :pointer, :pointer,
                          :pointer], :int32],
      sla_scan: [[:pointer, :size_t, :pointer, :int64, :pointer, :pointer, :pointer, :pointer,
                  :size_t, :double, :pointer, :pointer, :size_t, :pointer, :pointer], :int32],
      sla_roster_new: [[:string, :pointer], :int32],
      sla_roster_free: [[:pointer], :void],
      sla_roster_add_holiday: [[:pointer, :int32, :int32, :int32], :int32],
      sla_roster_add_shift: [[:pointer, :int32, :string, :int32, :int32, :pointer,
                              :pointer], :int32],
      sla_roster_shift_count: [[:pointer], :int32],
      sla_roster_set_handle_time: [[:pointer, :int32, :double, :double], :int32],
      sla_roster_set_handle_model: [[:pointer, :int32, :int32], :int32],
      sla_roster_set_arrivals: [[:pointer, :int32, :pointer, :size_t, :int32, :int64], :int32],
      sla_forecast_new: [[:pointer, :int64, :pointer, :pointer, :pointer, :pointer, :size_t, :int32,
                          :int32, :int64, :pointer], :int32],
      sla_forecast_free: [[:pointer], :void],
      sla_forecast_count: [[:pointer], :size_t],
      sla_forecast_results: [[:pointer, :pointer, :pointer, :pointer, :pointer], :int32],
      sla_forecast_pickups: [[:pointer, :pointer], :int32],
      sla_forecast_expected_breaches: [[:pointer], :double],
      sla_forecast_advise: [[:pointer, :int64, :pointer, :pointer, :pointer, :pointer, :size_t,
                             :int32, :int32, :pointer, :size_t, :pointer], :int32],
      sla_forecast_promise: [[:pointer, :int64, :pointer, :pointer, :pointer, :pointer, :size_t,
                              :int32, :int32, :int32, :int64, :int32, :int64, :pointer,
                              :pointer], :int32],
      sla_forecast_promise_for: [[:pointer, :int32, :int32, :int64, :int64, :pointer, :pointer,
                                  :pointer], :int32],
    }.freeze

    # Functions of this table are attached when Libsla.load runs; those the
    # loaded library lacks raise UnsupportedError when called.
    @missing = []
    @path = nil
    class << self
      attr_reader :missing, :path, :version, :version_number
    end

    def self.attach_all(path)
      ffi_lib(path)
      vnum = ::FFI::Function.new(:int, [], ffi_libraries.first.find_function('sla_version_number'))
      number = vnum.call
      major = number / 10_000
      minor = number / 100 % 100
      unless major == REQUIRED_MAJOR && minor >= MINIMUM_MINOR
        raise Libsla::LoadError, "#{path} is libsla #{number}; these bindings need " \
                                 "#{REQUIRED_MAJOR}.#{MINIMUM_MINOR} or a later #{REQUIRED_MAJOR}.x"
      end
      @missing = []
      FUNCTIONS.each do |name, (args, ret)|
        begin
          attach_function(name, args, ret)
        rescue ::FFI::NotFoundError
          @missing << name
          define_singleton_method(name) do |*_|
            raise Libsla::UnsupportedError,
                  "#{name}() is not in the loaded libsla #{@version}; a newer libsla.so.1 is needed"
          end
        end
      end
      @path = path
      @version_number = number
      @version = sla_version_string
    end
  end

  @lock = Mutex.new
  @loaded = false

  # (how, path) pairs in search order, without an explicit path.
  def self.candidates
    out = []
    env = ENV['LIBSLA_PATH']
    if env && !env.empty?
      out << ['LIBSLA_PATH', File.directory?(env) ? File.join(env, C::SONAME) : env]
    end
    build = ENV['LIBSLA_BUILD_DIR']
    if build && !build.empty?
      %w[lib .].each { |sub| out << ['LIBSLA_BUILD_DIR', File.join(build, sub, C::SONAME)] }
    end
    # Run from the source tree: <root>/bindings/ruby/lib/libsla/ffi.rb; the
    # newest <root>/build*/lib wins.
    root = File.expand_path('../../../../..', __FILE__)
    if File.file?(File.join(root, 'include', 'libsla', 'sla.h'))
      source_tree_builds(root).each { |p| out << ['source tree', p] }
    end
    out << ['system', C::SONAME]
    out
  end

  # The libraries of a source tree's build*/ directories, newest first, but
  # for those meson built with a sanitizer (b_sanitize): such a library aborts
  # an interpreter built without it. LIBSLA_PATH still loads one.
  def self.source_tree_builds(root)
    Dir.glob(File.join(root, 'build*', 'lib', C::SONAME))
       .reject { |p| sanitizer_build?(File.dirname(File.dirname(p))) }
       .sort_by { |p| -File.mtime(p).to_f }
  end

  def self.sanitizer_build?(build)
    options = JSON.parse(File.read(File.join(build, 'meson-info', 'intro-buildoptions.json')))
    options.is_a?(Array) && options.any? do |o|
      o.is_a?(Hash) && o['name'] == 'b_sanitize' && !['none', '', nil, []].include?(o['value'])
    end
  rescue SystemCallError, JSON::ParserError
    false
  end

  # Load libsla.so.1 (a file, or a directory holding it). Without a path try,
  # in order: ENV['LIBSLA_PATH'] (file or directory), ENV['LIBSLA_BUILD_DIR']
  # (a meson build directory), the newest build*/lib of the source tree this
  # file is run from, and libsla.so.1 on the system's library path. Raises
  # Libsla::LoadError listing every place tried.
  def self.load(path = nil)
    @lock.synchronize do
      if path
        target = File.directory?(path) ? File.join(path, C::SONAME) : path.to_s
        begin
          C.attach_all(target)
        rescue ::LoadError => e
          raise if e.is_a?(Libsla::LoadError)
          raise Libsla::LoadError, "cannot load libsla from #{target}: #{e.message}"
        end
      else
        tried = []
        ok = candidates.any? do |how, cand|
          if cand.include?('/') && !File.exist?(cand)
            tried << "#{how}: #{cand} (no such file)"
            next false
          end
          begin
            C.attach_all(cand)
            true
          rescue ::LoadError => e
            tried << "#{how}: #{cand} (#{e.message.lines.first.to_s.strip})"
            false
          end
        end
        unless ok
          raise Libsla::LoadError, "cannot find libsla.so.1; set LIBSLA_PATH to the library " \
                                   "file or call Libsla.load(path). Tried:\n  #{tried.join("\n  ")}"
        end
      end
      @loaded = true
      C
    end
  end

  # The loaded function table, loading the library on first use.
  def self.lib
    return C if @loaded

    load
  end

  def self.loaded?
    @loaded
  end

  # Runtime version string and number (major * 10000 + minor * 100 + patch).
  def self.version
    lib.version
  end

  def self.version_number
    lib.version_number
  end
end
