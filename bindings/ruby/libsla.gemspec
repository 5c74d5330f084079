# frozen_string_literal: true

Gem::Specification.new do |s|
  s.name = 'libsla'
  s.version = '1.1.0'
  s.summary = 'Business-hours calendars, SLA clocks and breach prediction over libsla'
  s.description = 'Pure-Ruby bindings (ffi) to the libsla C library, with a biz-compatible ' \
                  'layer (Libsla::Biz). Needs libsla.so.1 at run time.'
  s.license = 'MIT'
  s.authors = ['libsla contributors']
  s.files = Dir['lib/**/*.rb'] + ['README.md']
  s.require_paths = ['lib']
  s.required_ruby_version = '>= 3.0'
  s.add_runtime_dependency 'ffi', '>= 1.15'
end
