package Business::Hours::Libsla;

# A Business::Hours-compatible class over libsla: the same configuration
# (business_hours(0..6 => {Name, Start, End, Breaks}), holidays with MM-DD
# and YYYY-MM-DD) and the same calls (for_timespan, between, first_after,
# add_seconds), with an explicit time zone instead of the process's, no
# 30-day cap, exact DST handling, and O(log n) calls instead of sets of
# seconds.
#
#   my $bh = Business::Hours::Libsla->new(time_zone => 'America/New_York');
#   $bh->business_hours(%hours);   # as for Business::Hours
#   $bh->holidays('01-01', '2025-12-24');
#   my $due = $bh->add_seconds($start, 4 * 3600);
#
# Conventions (see the README, "Switching from Business::Hours"):
# - convention => 'libsla' (default): between($a, $b) counts the open
#   seconds of [a, b) and add_seconds may land on a closing time, as every
#   libsla call does; convention => 'business-hours' reproduces
#   Business::Hours' closing convention: between counts [a, b] (the second
#   at b too), and add_seconds never returns a closing time but the next
#   opening.
# - a reversed between is 0; first_after and add_seconds return -1 only when
#   the calendar never opens again before 2200 (Business::Hours: after 30
#   days).

use strict;
use warnings;
use Libsla;

our $VERSION = '1.1.0';

my @DAY_NAMES = qw(Sunday Monday Tuesday Wednesday Thursday Friday Saturday);
my @OSM = qw(Su Mo Tu We Th Fr Sa);

# The default of Business::Hours: Monday to Friday, 09:00-18:00.
my %DEFAULT = map { ($_ => { Name => $DAY_NAMES[$_], Start => '09:00', End => '18:00' }) } 1 .. 5;

sub new {
    my ($class, %a) = @_;
    my $conv = $a{convention} // 'libsla';
    Libsla::Error::Invalid->throw(
        message => "convention '$conv': expected 'libsla' or 'business-hours'")
        unless $conv eq 'libsla' || $conv eq 'business-hours';
    my $self = bless { zone => $a{time_zone} // 'UTC', hours => { %DEFAULT }, holidays => [],
                       convention => $conv, cal => undef }, $class;
    return $self;
}

# The IANA zone the hours are read in (get, or set).
sub time_zone {
    my $self = shift;
    if (@_) { $self->{zone} = shift; $self->{cal} = undef }
    return $self->{zone};
}

sub business_hours {
    my $self = shift;
    if (@_) {
        my %h = @_;
        my $hol = delete $h{holidays};
        $self->{hours} = \%h;
        $self->{holidays} = ref $hol eq 'ARRAY' ? [@$hol] : [];
        $self->{cal} = undef;
    }
    return %{ $self->{hours} };
}

sub holidays {
    my $self = shift;
    if (@_) { $self->{holidays} = [@_]; $self->{cal} = undef }
    return @{ $self->{holidays} };
}

# Minutes from midnight of 'HH:MM' (Business::Hours reads any two numbers).
sub _minutes {
    my ($text, $what) = @_;
    return undef unless defined $text && length $text;
    my ($h, $m) = $text =~ /\A\s*([0-9]{1,2})\D([0-9]{2})\s*\z/
        or Libsla::Error::Invalid->throw(message => "$what '$text': expected HH:MM");
    Libsla::Error::Invalid->throw(message => "$what '$text': not a time of day")
        if $h > 24 || $m > 59;
    return $h * 60 + $m;
}

sub _hhmm { sprintf('%02d:%02d', int($_[0] / 60), $_[0] % 60) }

# The opening-hours text of the configuration: each day's span (an End at
# or before the Start runs to the next day) minus its breaks.
sub hours_text {
    my $self = shift;
    my %days;
    for my $dow (0 .. 6) {
        my $d = $self->{hours}{$dow} or next;
        Libsla::Error::Invalid->throw(message => "business_hours $dow: expected a hash reference")
            unless ref $d eq 'HASH';
        my $s = _minutes($d->{Start}, "day $dow Start");
        my $e = _minutes($d->{End}, "day $dow End");
        next unless defined $s && defined $e;
        $e += 1440 if $e <= $s;
        my @spans = ([$s, $e]);
        for my $b (@{ $d->{Breaks} // [] }) {
            my $bs = _minutes($b->{Start}, "day $dow break Start");
            my $be = _minutes($b->{End}, "day $dow break End");
            next unless defined $bs && defined $be;
            $be += 1440 if $be <= $bs;
            @spans = map {
                my ($x, $y) = @$_;
                ($be <= $x || $bs >= $y) ? [$x, $y]
                    : (($x < $bs ? [$x, $bs] : ()), ($be < $y ? [$be, $y] : ()));
            } @spans;
        }
        for my $sp (@spans) {
            my ($x, $y) = @$sp;
            if ($x >= 1440) {
                push @{ $days{ ($dow + 1) % 7 } }, [$x - 1440, $y - 1440];
            } else {
                push @{ $days{$dow} }, [$x, $y];
            }
        }
    }
    return 'off' unless %days;
    return join '; ', map {
        my $dow = $_;
        "$OSM[$dow] " . join(',', map {
            my ($x, $y) = @$_;
            _hhmm($x) . '-' . ($y > 1440 ? _hhmm($y - 1440) : _hhmm($y));
        } sort { $a->[0] <=> $b->[0] } @{ $days{$dow} });
    } sort keys %days;
}

# The libsla calendar of the configuration (compiled on first use).
sub calendar {
    my $self = shift;
    return $self->{cal} if $self->{cal};
    my @dates;
    for my $h (@{ $self->{holidays} }) {
        if ($h =~ /\A\s*([0-9]{4})\D([0-9]{2})\D([0-9]{2})\s*\z/) {
            push @dates, [$1, $2, $3];
        } elsif ($h =~ /\A\s*([0-9]{2})\D([0-9]{2})\s*\z/) {
            my ($m, $d) = ($1, $2);
            # a yearly holiday: every year libsla covers (a 29 February in leap years)
            for my $y (1970 .. 2199) {
                next if $m == 2 && $d == 29 && !($y % 4 == 0 && ($y % 100 != 0 || $y % 400 == 0));
                push @dates, [$y, $m, $d];
            }
        } else {
            Libsla::Error::Invalid->throw(message => "holiday '$h': expected MM-DD or YYYY-MM-DD");
        }
    }
    $self->{cal} = Libsla::Calendar->new(zone => $self->{zone}, hours => $self->hours_text,
                                         holidays => \@dates);
    return $self->{cal};
}

# The business seconds of [Start, End] as a Set::IntSpan (as
# Business::Hours returns), built from the open periods.
sub for_timespan {
    my ($self, %a) = @_;
    require Set::IntSpan;
    my $cal = $self->calendar;
    my ($t, $end) = (Libsla::_instant($a{Start}, 'Start'), Libsla::_instant($a{End}, 'End'));
    my @runs;
    while ($t <= $end) {
        my $o = eval { $cal->next_open($t) };
        last if !defined $o || $o > $end;
        my $c = $cal->next_close($o);
        push @runs, $o . '-' . (($c - 1) < $end ? $c - 1 : $end);
        $t = $c;
    }
    $self->{start} = $a{Start};
    $self->{end} = $a{End};
    return $self->{calculated} = Set::IntSpan->new(join ',', @runs);
}

# Business seconds from $start to $end (see the conventions above).
sub between {
    my ($self, $start, $end) = @_;
    my ($a, $b) = (Libsla::_instant($start, 'start'), Libsla::_instant($end, 'end'));
    return 0 if $b < $a;
    $b += 1 if $self->{convention} eq 'business-hours';
    return $self->calendar->diff($a, $b);
}

# The first business second at or after $start; -1 when the calendar never
# opens again.
sub first_after {
    my ($self, $start) = @_;
    my $r = eval { $self->calendar->next_open(Libsla::_instant($start, 'start')) };
    return $r if defined $r;
    return -1 if ref $@ && $@->name eq 'never';
    die $@;
}

# The instant $seconds business seconds after $start; -1 when the calendar
# never has that much open time again.
sub add_seconds {
    my ($self, $start, $seconds) = @_;
    my $cal = $self->calendar;
    my $r = eval { $cal->add(Libsla::_instant($start, 'start'), Libsla::_duration($seconds,
        'seconds')) };
    unless (defined $r) {
        return -1 if ref $@ && $@->name eq 'never';
        die $@;
    }
    $r = $cal->next_open($r) if $self->{convention} eq 'business-hours' && !$cal->is_open($r);
    return $r;
}

1;
