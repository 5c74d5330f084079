# Differential test against the real Business::Hours (Debian's
# libbusiness-hours-perl) on the golden calendars: the same configuration
# through both engines, queried at the instants of the golden tables. Every
# disagreement must fall into a documented class, counted and printed:
#   cap      Business::Hours gives up after 30 days (-1)
#   dst      Business::Hours' DST handling (a holiday is local midnight +
#            86400 s; local times in a gap or overlap)
#   closing  its closing convention: between() counts [a, b], and
#            add_seconds() never returns a closing time but the next opening
# In the 'business-hours' convention of Business::Hours::Libsla, the closing
# class must be empty.
use strict;
use warnings;
use Test::More;
use POSIX ();
use FindBin;
use lib "$FindBin::Bin/lib";
use Support;
use Business::Hours::Libsla;

BEGIN {
    unless (eval { require Business::Hours; 1 }) {
        plan skip_all => 'Business::Hours is not installed (libbusiness-hours-perl)';
    }
}

my $PER_OP = $ENV{SLA_DIFF_ROWS} // 100;   # sampled queries per operation and calendar
my @DAYS = qw(Su Mo Tu We Th Fr Sa);

# Business::Hours configuration of an opening-hours text of the golden
# calendars ("24/7", "Mo-Fr 09:00-12:00,13:00-17:00; Sa 10:00-14:00"), or
# undef when it has no such form.
sub bh_hours {
    my ($text) = @_;
    return map { ($_ => { Name => $DAYS[$_], Start => '00:00', End => '00:00' }) } 0 .. 6
        if $text eq '24/7';
    my %h;
    for my $rule (split /\s*;\s*/, $text) {
        my ($days, $spans) = $rule =~ /\A([A-Za-z,-]+)\s+(\S+)\z/ or return;
        my @d;
        for my $part (split /,/, $days) {
            my ($a, $b) = split /-/, $part;
            my ($i, $j) = map { my $x = $_; my ($k) = grep { $DAYS[$_] eq $x } 0 .. 6; $k } ($a,
                $b // $a);
            return unless defined $i && defined $j;
            push @d, $i <= $j ? ($i .. $j) : (($i .. 6), (0 .. $j));
        }
        my @s = map { [split /-/] } split /,/, $spans;
        my %day = (Start => $s[0][0], End => $s[-1][1],
                   Breaks => [map { { Start => $s[$_][1], End => $s[$_ + 1][0] } } 0 .. $#s - 1]);
        $h{$_} = { Name => $DAYS[$_], %day } for @d;
    }
    return %h;
}

sub sample {
    my ($rows, $n) = @_;
    return @$rows if @$rows <= $n;
    my $step = @$rows / $n;
    return map { $rows->[int($_ * $step)] } 0 .. $n - 1;
}

# Does the zone's UTC offset change anywhere in [a - 1 day, b]? (A holiday
# on a change day spills over into the next day in Business::Hours.)
sub offset_changes {
    my ($cal, $a, $b) = @_;
    ($a, $b) = ($b, $a) if $b < $a;
    $a = $a > 86400 ? $a - 86400 : 0;
    my $o = $cal->utc_offset($a);
    for (my $t = $a; $t < $b + 21600; $t += 21600) {
        return 1 if $cal->utc_offset($t < $b ? $t : $b) != $o;
    }
    return 0;
}

# Besides the golden calendars: holidays on the days Oslo's clocks change,
# queried hour by hour around them (the DST class of disagreements).
my %extra = (
    'dst-holidays' => {
        cal => { zone => 'Europe/Oslo', hours => 'Su-Mo 00:00-04:00',
                 holidays => ['2025-03-30', '2025-10-26'] },
        queries => [map { my $d = $_; map { $d + 3600 * $_ } 0 .. 54 } 1743199200, 1761429600],
    },
);

my %total;
my $calendars = 0;
for my $path ((map { @$_ } Support::golden_sets()), sort keys %extra) {
    (my $name = $path) =~ s/\.cal\z//;
    my $c = $extra{$path} ? $extra{$path}{cal} : Support::read_cal($path);
    my %hours = bh_hours($c->{hours}) or next;
    $calendars++;
    local $ENV{TZ} = $c->{zone};
    POSIX::tzset();
    for my $conv ('libsla', 'business-hours') {
        my $ours = Business::Hours::Libsla->new(time_zone => $c->{zone}, convention => $conv);
        $ours->business_hours(%hours);
        $ours->holidays(@{ $c->{holidays} });
        my $cal = $ours->calendar;
        my $theirs = sub {
            my $b = Business::Hours->new;
            $b->business_hours(%hours);
            $b->holidays(@{ $c->{holidays} });
            return $b;
        };
        my %n = (agree => 0, cap => 0, dst => 0, closing => 0, other => 0);
        my @other;
        my $classify = sub {
            my ($what, $q, $mine, $bh, $lo, $hi, $closing_ok) = @_;
            if ($mine == $bh) { $n{agree}++; return }
            if ($bh == -1) { $n{cap}++; return }
            if ($conv eq 'libsla' && $closing_ok) { $n{closing}++; return }
            if (offset_changes($cal, $lo, $hi)) { $n{dst}++; return }
            $n{other}++;
            push @other, "$what(@$q): libsla $mine, Business::Hours $bh";
        };
        if (-e "${name}_add.csv") {
            my $rows = Support::rows("${name}_add.csv");
            my @near = grep { $_->[2] - $_->[0] <= 3 * 86400 } @$rows;
            my @far = grep { $_->[2] - $_->[0] > 30 * 86400 } @$rows;
            for my $r (sample(\@near, $PER_OP), sample(\@far, 3)) {
                my ($s, $d) = @$r;
                my $mine = $ours->add_seconds($s, $d);
                my $bh = $theirs->()->add_seconds($s, $d);
                my $closing = !$cal->is_open($mine) && $bh == $cal->next_open($mine);
                $classify->('add_seconds', [$s, $d], $mine, $bh, $s, ($mine > $bh ? $mine : $bh),
                    $closing);
                my $f = $ours->first_after($s);
                my $fb = $theirs->()->first_after($s);
                $classify->('first_after', [$s], $f, $fb, $s, ($f > $fb ? $f : $fb), 0);
            }
        }
        if (my $q = $extra{$path} && $extra{$path}{queries}) {
            for my $t (@$q) {
                my $mine = $ours->add_seconds($t, 3600);
                my $bh = $theirs->()->add_seconds($t, 3600);
                my $closing = !$cal->is_open($mine) && $bh == $cal->next_open($mine);
                $classify->('add_seconds', [$t, 3600], $mine, $bh, $t, ($mine > $bh ? $mine : $bh),
                            $closing);
                my $m2 = $ours->between($t, $t + 4 * 3600);
                my $b2 = $theirs->()->between($t, $t + 4 * 3600);
                $classify->('between', [$t, $t + 4 * 3600], $m2, $b2, $t, $t + 4 * 3600,
                            $b2 == $m2 + $cal->is_open($t + 4 * 3600));
            }
        }
        if (-e "${name}_diff.csv") {
            my $rows = Support::rows("${name}_diff.csv");
            my @fwd = grep { $_->[0] <= $_->[1] && $_->[1] - $_->[0] <= 60 * 86400 } @$rows;
            for my $r (sample(\@fwd, $PER_OP)) {
                my ($a, $b) = @$r;
                my $mine = $ours->between($a, $b);
                my $bh = $theirs->()->between($a, $b);
                $classify->('between', [$a, $b], $mine, $bh, $a, $b,
                    $bh == $mine + $cal->is_open($b));
            }
        }
        my $label = sprintf('%-14s %-15s', File::Basename::basename($name), $conv);
        diag(sprintf('%s agree %3d  cap %2d  dst %2d  closing %2d  other %d', $label,
                     @n{qw(agree cap dst closing other)}));
        is($n{other}, 0, "$label: every disagreement is documented") or diag(join "\n",
            @other[0 .. 4]);
        is($n{closing}, 0,
            "$label: no closing-convention disagreement") if $conv eq 'business-hours';
        $total{$conv}{$_} += $n{$_} for keys %n;
    }
}
ok($calendars > 0, "$calendars calendars compared");
for my $conv (sort keys %total) {
    diag(sprintf('total %-15s agree %d  cap %d  dst %d  closing %d  other %d', $conv,
                 @{ $total{$conv} }{qw(agree cap dst closing other)}));
}
done_testing;
