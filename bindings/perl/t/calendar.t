# The native API: calendars, errors, the int64 audit, NUL bytes, tickets.
use strict;
use warnings;
use Test::More;
use Time::Piece ();
use Math::BigInt;
use FindBin;
use lib "$FindBin::Bin/lib";
use Support;

my $cal = Libsla::Calendar->new(zone => 'Europe/Oslo', hours => 'Mo-Fr 09:00-17:00',
                                holidays => ['2025-04-18']);
my $fri1650 = 1742572200;    # Fri 2025-03-21 16:50 +01:00
my $mon905  = 1742803500;    # Mon 2025-03-24 09:05 +01:00

is($cal->add($fri1650, 900), $mon905, 'add over the weekend');
is($cal->add($fri1650, '15m'), $mon905, 'duration text');
is($cal->sub($mon905, 900), $fri1650, 'sub');
is($cal->diff($fri1650, $mon905), 900, 'diff');
is($cal->diff($mon905, $fri1650), -900, 'diff reversed');
is($cal->is_open($fri1650), 1, 'open');
is($cal->is_open($fri1650 + 86400), 0, 'closed on Saturday');
is($cal->next_open($fri1650 + 86400), $mon905 - 300, 'next_open');
is($cal->next_close($fri1650), $fri1650 + 600, 'next_close');
is($cal->is_holiday(1744970400), 1, 'holiday');
is($cal->local_time(2025, 3, 24, 9, 5), $mon905, 'local_time');
is($cal->format($fri1650), '2025-03-21T16:50:00+01:00', 'format');
is($cal->parse('2025-03-21 16:50'), $fri1650, 'parse local text');
is($cal->add($cal->local_time(2025, 3, 24, 9), 8 * 3600), $cal->local_time(2025, 3, 24, 17),
   'lands on the closing time');

# objects with an epoch method (DateTime, Time::Piece) are accepted
my $tp = Time::Piece::gmtime($fri1650);
my $r = $cal->add($tp, 900);
isa_ok($r, 'Time::Piece');
is($r->epoch, $mon905, 'Time::Piece in, Time::Piece out');
is($cal->diff($tp, $mon905), 900, 'mixed instants');

# arrays
is_deeply($cal->add_many([$fri1650, $mon905], 60), [$cal->add($fri1650, 60), $cal->add($mon905,
    60)],
          'add_many broadcasts a duration');
is_deeply($cal->diff_many([$fri1650], $mon905), [900], 'diff_many broadcasts an instant');
is_deeply($cal->is_open_many([$fri1650, $fri1650 + 86400]), [1, 0], 'is_open_many');
is_deeply($cal->next_open_many([$mon905]), [$mon905], 'next_open_many');
is_deeply($cal->add_many([], 1), [], 'empty arrays');
# elements that are not plain integers are refused, never read as a number
for my $bad ('15m', 1.5, '1-2', '-', '', undef, '1e3x') {
    eval { $cal->add_many([$fri1650, $bad], 60) };
    ok(ref $@ && $@->isa('Libsla::Error') && $@->index == 1,
        'add_many refuses ' . ($bad // 'undef'));
}
is_deeply($cal->add_many([$fri1650], ['15m']), [$mon905], 'duration text in arrays');
eval { $cal->add_many([$fri1650, '9999999999999999999'], 60) };
isa_ok($@, 'Libsla::Error::Range', '19 digits beyond int64');
eval { $cal->add_many([$fri1650], ['9999999999999999999']) };
isa_ok($@, 'Libsla::Error::Range', 'a duration beyond int64');
eval { $cal->add_many([$fri1650, -5], 60) };
isa_ok($@, 'Libsla::Error::Range');
is($@->index, 1, 'the failing element is named');

# errors are objects named after the library errors
eval { Libsla::Calendar->new(zone => 'Nowhere/City') };
isa_ok($@, 'Libsla::Error::NoZone');
is($@->name, 'nozone', 'error name');
is($@->code, -6, 'error code');
isa_ok($@, 'Libsla::Error');
eval { Libsla::Calendar->new(hours => 'Mo 09:00-17:00; sunrise') };
isa_ok($@, 'Libsla::Error::Parse');
ok($@->column >= 1, 'parse errors say where');
eval { Libsla::Calendar->new(hours => 'off')->add(0, 60) };
isa_ok($@, 'Libsla::Error::Never');
eval { $cal->add(0, 1.5) };
isa_ok($@, 'Libsla::Error::Invalid');
like("$@", qr/whole number/, 'fractions are refused');
eval { $cal->add(0, 'soon') };
isa_ok($@, 'Libsla::Error::Parse');

# the int64 audit: never a wrapped value
for my $v (2**63, 2**64 + 3600, -2**63 * 2, '18446744073709555216', '-9223372036854775809',
           Math::BigInt->new(2)->bpow(100)) {
    for my $call ([add => sub { $cal->add($fri1650, $v) }], [sub => sub { $cal->sub($fri1650,
        $v) }],
                  [instant => sub { $cal->add($v, 60) }], [diff => sub { $cal->diff($fri1650,
                      $v) }],
                  [is_open => sub { $cal->is_open($v) }],
                      [next_open => sub { $cal->next_open($v) }],
                  [add_many => sub { $cal->add_many([$fri1650, $v], 60) }],
                  [add_many_d => sub { $cal->add_many([$fri1650], [$v]) }],
                  [diff_many => sub { $cal->diff_many([$fri1650], $v) }],
                  [local_time => sub { $cal->local_time($v, 1, 1) }],
                  [ticket => sub {
                      Libsla::Policy->new(text => 'first_reply * * 4h')->ticket($v) }]) {
        eval { $call->[1]->() };
        isa_ok($@, 'Libsla::Error::Range', "$call->[0]($v)");
    }
}
eval { $cal->add(Libsla::TIME_MAX, 1) };
isa_ok($@, 'Libsla::Error::Range', 'past 2200');

# every text input refuses NUL, naming the field
my %nul = (
    zone => sub { Libsla::Calendar->new(zone => "Europe/Oslo\0x") },
    hours => sub { Libsla::Calendar->new(hours => "Mo 09:00-17:00\0; Tu 09:00-10:00") },
    holiday => sub { Libsla::Calendar->new(holidays => ["2025-01-01\0"]) },
    instant => sub { $cal->parse("2025-01-01\0T00:00Z") },
    duration => sub { $cal->add(0, "1\0005m") },
    policy => sub { Libsla::Policy->new(text => "first_reply email * 1\0005m") },
    'calendar name' => sub { Libsla::Policy->new(calendars => { "a\0b" => $cal }) },
    channel => sub { Libsla::Policy->new->channel("web\0x") },
);
for my $field (sort keys %nul) {
    eval { $nul{$field}->() };
    isa_ok($@, 'Libsla::Error::Invalid', "NUL in $field");
    like("$@", qr/\Q$field\E.*NUL/, "the error names $field");
}

# policies and tickets
my $office = Libsla::Calendar->new(zone => 'Europe/Oslo', hours => 'Mo-Fr 08:00-16:00');
my $pol = Libsla::Policy->new(text => 'first_reply * * 4h calendar=office',
                              calendars => { office => $office });
is($pol->size, 1, 'one target');
my $t0 = $office->local_time(2025, 3, 3, 9);
my $tk = $pol->ticket($t0);
$tk->apply($t0, customer => 'email');
my $st = $tk->status($t0 + 3600);
is($st->{first_reply}{state}, 'running', 'running');
is($st->{first_reply}{elapsed}, 3600, 'elapsed');
is($st->{first_reply}{deadline}, $t0 + 4 * 3600, 'deadline');
my $back = $pol->restore($tk->save);
is_deeply($back->status($t0 + 60), $tk->status($t0 + 60), 'save and restore');
$tk->apply($t0 + 7200, 'reply');
is($tk->status($t0 + 7300)->{first_reply}{state}, 'achieved', 'achieved');
eval { $tk->apply($t0, 'reply') };
isa_ok($@, 'Libsla::Error::Order');
undef $pol;    # the ticket keeps its policy (and the policy its calendar)
undef $office;
is($back->status($t0 + 60)->{first_reply}{elapsed}, 60, 'borrowed objects stay alive');

# combinations and ICS
my $u = Libsla::Calendar->new(hours => 'Mo 09:00-10:00')
    ->union(Libsla::Calendar->new(hours => 'Tu 09:00-10:00'));
is($u->diff(0, 14 * 86400), 4 * 3600, 'union outlives its parts');
my $ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:1\r\n"
        . "DTSTAMP:20250101T000000Z\r\nDTSTART;VALUE=DATE:20250326\r\nSUMMARY:Day off\r\n"
        . "END:VEVENT\r\nEND:VCALENDAR\r\n";
my $h = Libsla::Calendar->new(zone => 'Europe/Oslo', hours => 'Mo-Fr 09:00-17:00', ics => $ics);
is($h->is_holiday($h->local_time(2025, 3, 26, 12)), 1, 'ICS holiday');
is(sprintf('%.4f', Libsla::Erlang->c(100 / 3600, 180, 6)), '0.5875', 'Erlang C');
is(sprintf('%.4f', Libsla::Erlang->b(100 / 3600, 180, 6)), '0.1918', 'Erlang B');
my ($agents) = Libsla::Erlang->c_agents(100 / 3600, 180, 20, 0.8);
ok($agents >= 6, 'staffing for 80% in 20 s');
eval { Libsla::Erlang->c(1, 180, 6) };
isa_ok($@, 'Libsla::Error::Unstable');
eval { Libsla::Erlang->c(0.01, 180, 2**40) };
isa_ok($@, 'Libsla::Error::Range', 'agents beyond a C int');
my $sc = Libsla::scan(Libsla::Calendar->new, 1000, [2000, 500], target => [4000, 4000],
                      warn_at => 0.5, k => 2);
is_deeply($sc->{remaining}, [1000, -500], 'scan remaining');
is($sc->{flags}[1] & 2, 2, 'scan breached');
eval { Libsla::scan(Libsla::Calendar->new, 1000, [2**64]) };
isa_ok($@, 'Libsla::Error::Range', 'scan refuses a deadline beyond int64');
eval { Libsla::scan(Libsla::Calendar->new, 1000, [5000], remaining => ['9999999999999999999'],
                    counting => [0]) };
isa_ok($@, 'Libsla::Error::Range', 'scan refuses a remaining time beyond int64');
is_deeply(Libsla::scan(Libsla::Calendar->new, 1000, [5000], remaining => ['0000000000000000000300'],
                       counting => [0])->{remaining}, [300], 'leading zeros are still the number');

# the 1.1 calls
my $os = Libsla::Calendar->new(zone => 'Europe/Oslo', hours => 'Mo-Fr 08:00-16:00',
                               holidays => ['2025-12-25']);
my $wed15 = $os->local_time(2025, 12, 24, 15);
is($os->prev_open($wed15), $os->local_time(2025, 12, 24, 8), 'prev_open');
is($os->prev_close($wed15), $os->local_time(2025, 12, 23, 16), 'prev_close');
is($os->add_days($wed15, 1), $os->local_time(2025, 12, 26, 15), 'add_days skips the holiday');
is($os->sub_days($os->local_time(2025, 12, 26, 15), 1), $wed15, 'sub_days');
is($os->count_days($wed15, $os->local_time(2025, 12, 31)), 4, 'count_days');
is_deeply([$os->holiday_horizon], [$os->local_time(2026, 1, 1), 1], 'holiday horizon');
eval { $os->add_days($wed15, 2**64) };
isa_ok($@, 'Libsla::Error::Range', 'add_days beyond int64');
my $wp = Libsla::Policy->new(text => 'first_reply * * 4h calendar=o warn=50',
                             calendars => { o => $os });
my $wt = $wp->ticket($wed15);
$wt->apply($wed15, customer => 'email');
is_deeply($wt->next_change($wed15),
          { at => $os->local_time(2025, 12, 26, 9), metric => 'first_reply', kind => 'warning',
            percent => 50 }, 'next_change');
is_deeply([map { $_->{kind} } @{ $wt->crossings($wed15, $wed15 + 5 * 86400) }],
          [qw(warning breach)], 'crossings');

# the loader names what it tried
eval { Libsla->load('/nonexistent/dir/libsla.so.1') };
isa_ok($@, 'Libsla::Error::Load');
like("$@", qr{/nonexistent/dir}, 'the path tried is named');
is_deeply(\@Libsla::MISSING, [], 'every function of the table is exported');
like(Libsla::version(), qr/\A1\.\d+\.\d+/, 'version');
# the source-tree search passes over sanitizer builds (they abort a plain perl)
{
    require File::Temp;
    require File::Path;
    my $d = File::Temp::tempdir(CLEANUP => 1);
    my %builds = ('build' => 'none', 'build-asan' => 'address,undefined', 'build-old' => undef);
    for my $name (sort keys %builds) {
        File::Path::make_path("$d/$name/lib");
        open my $fh, '>', "$d/$name/lib/" . Libsla::SONAME() or die $!;
        close $fh;
        next unless defined $builds{$name};
        File::Path::make_path("$d/$name/meson-info");
        open $fh, '>', "$d/$name/meson-info/intro-buildoptions.json" or die $!;
        print $fh JSON::PP::encode_json([{ name => 'b_sanitize', value => $builds{$name} }]);
        close $fh;
    }
    my @found = sort map { (File::Spec->splitdir($_))[-3] } Libsla::_source_tree_builds($d);
    is_deeply(\@found, ['build', 'build-old'], 'sanitizer builds are passed over');
}

done_testing;
