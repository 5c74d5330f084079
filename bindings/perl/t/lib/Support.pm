package Support;

# Helpers of the Perl binding's tests: the golden tables (this project's
# tests/golden/data, and the shared cases when present) and a reader of
# NAME.cal files.
use strict;
use warnings;
use File::Basename qw(dirname);
use File::Spec;
use Libsla;

sub source_dir {
    return $ENV{SLA_SOURCE_DIR} if $ENV{SLA_SOURCE_DIR};
    return File::Spec->rel2abs(dirname(__FILE__) . '/../../../..');
}

sub shared_cases {
    my $d = $ENV{SLA_SHARED_DIR} // source_dir() . '/../shared';
    return -d "$d/cases" ? "$d/cases" : undef;
}

sub golden_data { source_dir() . '/tests/golden/data' }

sub golden_sets {
    return map { [sort glob("$_/*.cal")] } grep { defined } golden_data(), shared_cases();
}

# { zone, hours, holidays => [..], closed => [[s, e]], open => [[s, e]] }
sub read_cal {
    my ($path) = @_;
    my %c = (zone => 'UTC', hours => '24/7', holidays => [], closed => [], open => [],
             spans => []);
    open my $fh, '<', $path or die "$path: $!";
    my @spans;
    while (my $line = <$fh>) {
        $line =~ s/#.*//;
        $line =~ s/^\s+|\s+$//g;
        next unless length $line;
        my ($key, $rest) = split /\s+/, $line, 2;
        if ($key eq 'tz') { $c{zone} = $rest }
        elsif ($key eq 'hours') { $c{hours} = $rest }
        elsif ($key eq 'holiday') { push @{ $c{holidays} }, $rest }
        elsif ($key eq 'closed' || $key eq 'open') { push @spans, [$key, split /\s+/, $rest] }
        else { die "$path: unknown setting $key" }
    }
    my $zc = Libsla::Calendar->new(zone => $c{zone});
    for my $s (@spans) {
        my ($kind, $date, $span) = @$s;
        my ($y, $m, $d) = split /-/, $date;
        my ($a, $b) = split /-/, $span;
        my ($ah, $am) = split /:/, $a;
        my ($bh, $bm) = split /:/, $b;
        my $start = $zc->local_time($y, $m, $d, $ah, $am);
        my $next = ($b eq '24:00' || $b le $a);
        $bh = 0 if $b eq '24:00';
        my $end = $next ? do {
            my $noon = $zc->local_time($y, $m, $d, 12) + 86400;
            my @g = gmtime($noon + $zc->utc_offset($noon));
            $zc->local_time($g[5] + 1900, $g[4] + 1, $g[3], $bh, $bm);
        } : $zc->local_time($y, $m, $d, $bh, $bm);
        push @{ $c{$kind} }, [$start, $end];
    }
    return \%c;
}

sub calendar {
    my ($c) = @_;
    return Libsla::Calendar->new(zone => $c->{zone}, hours => $c->{hours},
        holidays => $c->{holidays},
                                 closures => $c->{closed}, openings => $c->{open});
}

sub rows {
    my ($path) = @_;
    open my $fh, '<', $path or die "$path: $!";
    my @r;
    <$fh>;
    while (my $l = <$fh>) {
        $l =~ s/^\s+|\s+$//g;
        next if $l eq '' || $l =~ /^#/;
        push @r, [split /,/, $l];
    }
    return \@r;
}

1;
