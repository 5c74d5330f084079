#!/usr/bin/perl
# Benchmark of the Perl binding: the overhead of one scalar call over the C
# call, and the cost per element of the array calls. The C reference is the
# many-at-once C call into preallocated buffers (a C loop: what the library
# costs per query without Perl). Times are thread CPU time, so a busy
# machine inflates them less. Targets: at most 1000 ns over C per scalar
# call, at most 150 ns per array element. Also: Business::Hours::Libsla
# add_seconds per call, and the real Business::Hours when installed.
#
# Usage: perl -Ilib bench.pl [N]   (default 200000 calls per row; best of 5)
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/lib";
use Time::HiRes qw(clock_gettime CLOCK_THREAD_CPUTIME_ID);
use FFI::Platypus::Buffer qw(scalar_to_buffer);
use Libsla;
use Business::Hours::Libsla;

my $N = $ARGV[0] // 200000;
my $REPS = 5;
my $YEAR = 365 * 86400;

sub best {
    my ($code, $n) = @_;
    my $min;
    for (1 .. $REPS) {
        my $t = clock_gettime(CLOCK_THREAD_CPUTIME_ID);
        $code->();
        my $e = clock_gettime(CLOCK_THREAD_CPUTIME_ID) - $t;
        $min = $e if !defined $min || $e < $min;
    }
    return $min * 1e9 / ($n // $N);
}

srand(42);
my @hol = qw(2025-01-01 2025-01-20 2025-02-17 2025-05-26 2025-07-04 2025-09-01 2025-11-27
             2025-12-25 2026-01-01 2026-05-25 2026-07-03 2026-09-07 2026-11-26 2026-12-25);
my $cal = Libsla::Calendar->new(zone => 'America/New_York',
                                hours => 'Mo-Fr 09:00-12:00,13:00-17:00; Sa 10:00-14:00',
                                holidays => \@hol);
my $t0 = 1735689600;
my @ts = map { $t0 + int(rand(2 * $YEAR)) } 1 .. $N;
my @ds = map { int(exp(log(30) + rand(log($YEAR) - log(30)))) } 1 .. $N;
my @bs = map { $ts[$_] + $ds[$_] } 0 .. $N - 1;
printf "libsla %s Perl binding benchmark (perl %vd, FFI::Platypus %s), %d queries per row, "
    . "best of %d, thread CPU time\n",
    Libsla::version(), $^V, $FFI::Platypus::VERSION, $N, $REPS;
print "  library: $Libsla::LIB_PATH\n";

my ($ta, $da, $ba) = (pack('q*', @ts), pack('q*', @ds), pack('q*', @bs));
my $out = "\0" x (8 * $N);
my ($pt, $pd, $pb, $po) = map { (scalar_to_buffer($_))[0] } $ta, $da, $ba, $out;
my $h = $cal->handle;
my $c_add = best(sub { Libsla::C::sla_calendar_add_many($h, $pt, $pd, $N, $po, undef) });
my $c_diff = best(sub { Libsla::C::sla_calendar_diff_many($h, $pt, $pb, $N, $po, undef) });
my $pl_add = best(sub { for my $i (0 .. $N - 1) { $cal->add($ts[$i], $ds[$i]) } });
my $pl_diff = best(sub { for my $i (0 .. $N - 1) { $cal->diff($ts[$i], $bs[$i]) } });
my $pl_add_many = best(sub { $cal->add_many(\@ts, \@ds) });
my $pl_diff_many = best(sub { $cal->diff_many(\@ts, \@bs) });

my %hours = map { ($_ => { Name => "d$_", Start => '09:00', End => '17:00' }) } 1 .. 5;
my $bh = Business::Hours::Libsla->new(time_zone => 'America/New_York');
$bh->business_hours(%hours);
my $m = $N / 10;
my $bh_add = best(sub { for my $i (0 .. $m - 1) { $bh->add_seconds($ts[$i], 4 * 3600) } }, $m);

printf "  %-34s %9s %9s %9s\n", 'call', 'ns/call', 'C ns', 'over C';
printf "  %-34s %9.0f %9.0f %9.0f   (target <= 1000 over C)\n", @$_
    for ['add (scalar)', $pl_add, $c_add, $pl_add - $c_add], ['diff (scalar)', $pl_diff, $c_diff,
        $pl_diff - $c_diff];
printf "  %-34s %9.0f %9.0f %9.0f   (target <= 150 per element)\n", @$_
    for ['add_many (per element)', $pl_add_many, $c_add, $pl_add_many - $c_add],
        ['diff_many (per element)', $pl_diff_many, $c_diff, $pl_diff_many - $c_diff];
printf "  %-34s %9.0f   (%.0f deadlines per second)\n", 'Business::Hours::Libsla add_seconds',
    $bh_add, 1e9 / $bh_add;
if (eval { require Business::Hours; 1 }) {
    local $ENV{TZ} = 'America/New_York';
    require POSIX;
    POSIX::tzset();
    my $real = Business::Hours->new;
    $real->business_hours(%hours);
    my $k = 50;
    my $v = best(sub { for my $i (0 .. $k - 1) { $real->add_seconds($ts[$i], 4 * 3600) } }, $k);
    printf "  %-34s %9.0f   (%.0f deadlines per second)\n", 'Business::Hours add_seconds', $v,
        1e9 / $v;
}
