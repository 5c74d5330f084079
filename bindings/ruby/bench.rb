# frozen_string_literal: true

# Benchmark of the Ruby binding: the overhead of one scalar call over the C
# call, and the cost per element of the array calls. The C reference is the
# many-at-once C call timed with a preallocated buffer (a C loop: what the
# library costs per query without Ruby). Times are thread CPU time, so a
# busy machine inflates them less. Targets: at most 1000 ns over C per
# scalar call, at most 150 ns per array element.
#
# Usage: ruby -Ilib bench.rb [N]   (default 200000 calls per row; best of 5)
$LOAD_PATH.unshift(File.expand_path('lib', __dir__))
require 'libsla'
require 'libsla/biz'

N = Integer(ARGV[0] || 200_000)
REPS = 5
YEAR = 365 * 86_400

def best
  Array.new(REPS) do
    t = Process.clock_gettime(Process::CLOCK_THREAD_CPUTIME_ID)
    yield
    Process.clock_gettime(Process::CLOCK_THREAD_CPUTIME_ID) - t
  end.min * 1e9 / N
end

rng = Random.new(42)
holidays = %w[2025-01-01 2025-01-20 2025-02-17 2025-05-26 2025-07-04 2025-09-01 2025-11-27
              2025-12-25 2026-01-01 2026-05-25 2026-07-03 2026-09-07 2026-11-26 2026-12-25]
cal = Libsla::Calendar.new('America/New_York', 'Mo-Fr 09:00-12:00,13:00-17:00; Sa 10:00-14:00',
                           holidays: holidays)
t0 = 1_735_689_600
ts = Array.new(N) { t0 + rng.rand(2 * YEAR) }
ds = Array.new(N) { Math.exp(rng.rand(Math.log(30)..Math.log(YEAR))).to_i }
bs = ts.zip(ds).map { |t, d| t + d }
puts "libsla #{Libsla.version} Ruby binding benchmark (ruby #{RUBY_VERSION}, " \
     "ffi #{FFI::VERSION}), #{N} queries per row, best of #{REPS}, thread CPU time"
puts "  library: #{Libsla::C.path}"

# The C reference: the array call into preallocated buffers.
c = Libsla::C
ta = FFI::MemoryPointer.new(:int64, N).put_array_of_int64(0, ts)
da = FFI::MemoryPointer.new(:int64, N).put_array_of_int64(0, ds)
ba = FFI::MemoryPointer.new(:int64, N).put_array_of_int64(0, bs)
out = FFI::MemoryPointer.new(:int64, N)
h = cal.to_ptr
c_add = best { c.sla_calendar_add_many(h, ta, da, N, out, nil) }
c_diff = best { c.sla_calendar_diff_many(h, ta, ba, N, out, nil) }

rb_add = best { i = 0; while i < N; cal.add(ts[i], ds[i]); i += 1; end }
rb_diff = best { i = 0; while i < N; cal.diff(ts[i], bs[i]); i += 1; end }
rb_add_many = best { cal.add_many(ts, ds) }
rb_diff_many = best { cal.diff_many(ts, bs) }
biz = Libsla::Biz::Schedule.new do |cfg|
  cfg.hours = %i[mon tue wed thu fri].to_h { |d| [d, { '09:00' => '17:00' }] }
  cfg.time_zone = 'America/New_York'
end
times = ts.first(N / 10).map { |t| Time.at(t) }
biz_add = best { times.each { |t| biz.time(240, :minutes).after(t) } } * 10

printf("  %-34s %9s %9s %9s\n", 'call', 'ns/call', 'C ns', 'over C')
[['add (scalar)', rb_add, c_add], ['diff (scalar)', rb_diff, c_diff]].each do |name, v, cv|
  printf("  %-34s %9.0f %9.0f %9.0f   (target <= 1000 over C)\n", name, v, cv, v - cv)
end
[['add_many (per element)', rb_add_many, c_add],
 ['diff_many (per element)', rb_diff_many, c_diff]].each do |name, v, cv|
  printf("  %-34s %9.0f %9.0f %9.0f   (target <= 150 per element)\n", name, v, cv, v - cv)
end
printf("  %-34s %9.0f   (%.0f deadlines per second)\n", 'Biz time(240, :minutes).after',
       biz_add, 1e9 / biz_add)
