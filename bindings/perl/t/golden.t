# The golden cases through the native API: this project's table
# (tests/golden/data) and the shared cases when present.
use strict;
use warnings;
use Test::More;
use FindBin;
use lib "$FindBin::Bin/lib";
use Support;

my @sets = Support::golden_sets();
ok(@{ $sets[0] }, 'the project table is there');
diag('shared golden cases not present') unless Support::shared_cases();
my $checked = 0;
for my $path (map { @$_ } @sets) {
    (my $name = $path) =~ s/\.cal\z//;
    my $cal = Support::calendar(Support::read_cal($path));
    if (-e "${name}_add.csv") {
        my $r = Support::rows("${name}_add.csv");
        my @bad = grep { $cal->add($_->[0], $_->[1]) != $_->[2] } @$r;
        is(scalar @bad, 0, "$name add") or diag(explain($bad[0]));
        is_deeply($cal->add_many([map { $_->[0] } @$r], [map { $_->[1] } @$r]),
            [map { $_->[2] } @$r],
                  "$name add_many");
        $checked += @$r;
    }
    if (-e "${name}_diff.csv") {
        my $r = Support::rows("${name}_diff.csv");
        my @bad = grep { $cal->diff($_->[0], $_->[1]) != $_->[2] } @$r;
        is(scalar @bad, 0, "$name diff") or diag(explain($bad[0]));
        is_deeply($cal->diff_many([map { $_->[0] } @$r], [map { $_->[1] } @$r]),
            [map { $_->[2] } @$r],
                  "$name diff_many");
        $checked += @$r;
    }
}
ok($checked > 0, "$checked rows checked");
done_testing;
