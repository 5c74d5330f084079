# Business::Hours::Libsla: the Business::Hours interface, written from its
# documentation (hours 0..6 with Start/End/Breaks, End at or before Start
# runs to the next day, holidays MM-DD or YYYY-MM-DD, between /
# first_after / add_seconds / for_timespan), with an explicit zone.
use strict;
use warnings;
use Test::More;
use FindBin;
use lib "$FindBin::Bin/lib";
use Support;
use Business::Hours::Libsla;

my %hours = (
    0 => { Name => 'Sunday', Start => undef, End => undef },
    6 => { Name => 'Saturday', Start => undef, End => undef },
    map { ($_ => { Name => "day $_", Start => '09:00', End => '17:00',
                   Breaks => [{ Start => '12:00', End => '13:00' }] }) } 1 .. 5,
);

my $bh = Business::Hours::Libsla->new(time_zone => 'America/New_York');
$bh->business_hours(%hours);
$bh->holidays('12-25', '2025-11-27');
my $z = $bh->calendar;
my $at = sub { $z->local_time(@_) };

is($bh->hours_text, join('; ', map { "$_ 09:00-12:00,13:00-17:00" } qw(Mo Tu We Th Fr)),
   'hours and breaks become opening hours');
is($bh->first_after($at->(2025, 12, 24, 17)), $at->(2025, 12, 26, 9), 'yearly holiday skipped');
is($bh->first_after($at->(2026, 12, 24, 17, 30)), $at->(2026, 12, 28, 9), 'MM-DD holds every year');
is($bh->first_after($at->(2025, 11, 26, 18)), $at->(2025, 11, 28, 9), 'dated holiday skipped');
is($bh->first_after($at->(2025, 12, 1, 10)), $at->(2025, 12, 1, 10), 'open: itself');
is($bh->add_seconds($at->(2025, 12, 1, 11), 7200), $at->(2025, 12, 1, 14), 'add across the break');
is($bh->add_seconds($at->(2025, 12, 1, 16), 3600), $at->(2025, 12, 1, 17),
   'libsla convention: a deadline may be the closing time');
is($bh->between($at->(2025, 12, 1, 8), $at->(2025, 12, 1, 18)), 7 * 3600, 'between: one day');
is($bh->between($at->(2025, 12, 1, 10), $at->(2025, 12, 1, 11)), 3600, 'between counts [a, b)');
is($bh->between($at->(2025, 12, 1, 11), $at->(2025, 12, 1, 10)), 0, 'reversed between is 0');

# no 30-day cap: 40 business days of 7 hours
my $far = $bh->add_seconds($at->(2025, 12, 1, 9), 40 * 7 * 3600);
ok($far > $at->(2026, 1, 20, 0), 'no 30-day cap');
is($bh->between($at->(2025, 12, 1, 9), $far), 40 * 7 * 3600, 'add and between agree far out');

# DST: 2025-03-09 (New York springs forward) has no error and no lost hour
my $night = Business::Hours::Libsla->new(time_zone => 'America/New_York');
$night->business_hours(0 => { Name => 'Sunday', Start => '00:00', End => '06:00' });
is($night->between($at->(2025, 3, 9, 0), $at->(2025, 3, 9, 6)), 5 * 3600,
    'spring forward: 5 real hours');
is($night->between($at->(2025, 11, 2, 0), $at->(2025, 11, 2, 6)), 7 * 3600,
    'fall back: 7 real hours');

# overnight hours: End before Start runs into the next day
my $ov = Business::Hours::Libsla->new(time_zone => 'UTC');
$ov->business_hours(5 => { Name => 'Friday', Start => '22:00', End => '06:00' });
my $fri = 1736467200;    # Fri 2025-01-10 00:00 UTC
is($ov->between($fri, $fri + 2 * 86400), 8 * 3600, 'Fri 22:00-Sat 06:00');
is($ov->add_seconds($fri + 23 * 3600, 3 * 3600), $fri + 26 * 3600, 'add inside the night');
is($ov->add_seconds($fri + 23 * 3600, 7 * 3600), $fri + 30 * 3600, 'add to the end of the night');

# the business-hours convention reproduces Business::Hours' closing edges
my $compat = Business::Hours::Libsla->new(time_zone => 'America/New_York',
    convention => 'business-hours');
$compat->business_hours(%hours);
is($compat->add_seconds($at->(2025, 12, 1, 16), 3600), $at->(2025, 12, 2, 9),
    'next opening, not the closing');
is($compat->between($at->(2025, 12, 1, 10), $at->(2025, 12, 1, 11)), 3601, 'between counts [a, b]');

# for_timespan gives the business seconds as a Set::IntSpan
my $set = $bh->for_timespan(Start => $at->(2025, 12, 1, 0), End => $at->(2025, 12, 2, 0));
is($set->cardinality, 7 * 3600, 'for_timespan cardinality');
is($set->min, $at->(2025, 12, 1, 9), 'first second');
is($set->max, $at->(2025, 12, 1, 17) - 1, 'last second');

# bad input is refused, never guessed
eval { my $b = Business::Hours::Libsla->new; $b->business_hours(1 => { Start => '9am',
    End => '17:00' }); $b->calendar };
isa_ok($@, 'Libsla::Error::Invalid', 'malformed Start');
eval { my $b = Business::Hours::Libsla->new; $b->holidays('25/12/2025'); $b->calendar };
isa_ok($@, 'Libsla::Error::Invalid', 'malformed holiday');
eval { Business::Hours::Libsla->new(time_zone => 'Nowhere/City')->calendar };
isa_ok($@, 'Libsla::Error::NoZone', 'unknown zone');
my $never = Business::Hours::Libsla->new;
$never->business_hours(map { ($_ => {}) } 0 .. 6);
is($never->first_after(0), -1, 'never open: -1');
is($never->add_seconds(0, 60), -1, 'never open: -1');
done_testing;
