package Libsla;

# libsla for Perl: business-hours calendars and SLA clocks over the C
# library libsla.so.1 through FFI::Platypus (no compiler needed).
#
#   use Libsla;
#   my $cal = Libsla::Calendar->new(zone => 'Europe/Oslo', hours => 'Mo-Fr 08:00-16:00');
#   my $due = $cal->add(time, 4 * 3600);    # epoch seconds
#
# Instants are epoch seconds (or any object with an epoch method, such as
# DateTime or Time::Piece; the result is then epoch seconds as well).
# Errors are thrown as Libsla::Error objects (->name, ->code, ->message),
# one class per library error: Libsla::Error::Range, Libsla::Error::Never...

use strict;
use warnings;
use Carp ();
use File::Spec;
use File::Basename ();
use JSON::PP ();
use Scalar::Util qw(blessed looks_like_number);
use FFI::Platypus 2.00;
use FFI::Platypus::DL qw(dlopen dlclose dlerror RTLD_PLATYPUS_DEFAULT);
use FFI::Platypus::Buffer qw(scalar_to_buffer);

our $VERSION = '1.1.0';

use constant {
    TIME_MIN  => 0,
    TIME_MAX  => 7258118400,
    SONAME    => 'libsla.so.1',
    REQUIRED_MAJOR => 1,
    MINIMUM_MINOR  => 0,
};

# ---- errors ---------------------------------------------------------------

package Libsla::Error {
    use overload '""' => sub { $_[0]->{message} }, fallback => 1;

    sub new {
        my ($class, %a) = @_;
        return bless { message => $a{message}, code => $a{code} // $class->CODE,
                       name => $a{name} // $class->NAME, index => $a{index},
                       line => $a{line}, column => $a{column}, construct => $a{construct} },
                     $class;
    }
    sub throw { my $class = shift; die $class->new(@_) }
    sub message   { $_[0]->{message} }
    sub code      { $_[0]->{code} }
    sub name      { $_[0]->{name} }
    sub index     { $_[0]->{index} }
    sub line      { $_[0]->{line} }
    sub column    { $_[0]->{column} }
    sub construct { $_[0]->{construct} }
    sub CODE { 0 }
    sub NAME { 'error' }
}

package Libsla::Error::Load { our @ISA = ('Libsla::Error'); sub NAME { 'load' } }

package Libsla;

our %ERRORS;
{
    my %names = (-1 => [Invalid => 'invalid'], -2 => [NoMem => 'nomem'],
                 -3 => [Range => 'range'], -4 => [Never => 'never'],
                 -5 => [Parse => 'parse'], -6 => [NoZone => 'nozone'], -7 => [IO => 'io'],
                 -8 => [Unsupported => 'unsupported'], -9 => [Limit => 'limit'],
                 -10 => [Order => 'order'], -11 => [Closed => 'closed'],
                 -12 => [State => 'state'], -13 => [Version => 'version'],
                 -14 => [Unstable => 'unstable']);
    for my $code (keys %names) {
        my ($cls, $name) = @{ $names{$code} };
        my $full = "Libsla::Error::$cls";
        no strict 'refs';
        @{"${full}::ISA"} = ('Libsla::Error');
        *{"${full}::CODE"} = sub { $code };
        *{"${full}::NAME"} = sub { $name };
        $ERRORS{$code} = $full;
    }
}

# ---- the function table ----------------------------------------------------

# name => [argument types, result type], in the order of sla.h (the
# functions this binding calls).
our %FUNCTIONS = (
    sla_version_number => [[], 'int'],
    sla_version_string => [[], 'string'],
    sla_strerror => [['int'], 'string'],
    sla_error_name => [['int'], 'string'],
    sla_diag_new => [['opaque*'], 'int'],
    sla_diag_free => [['opaque'], 'void'],
    sla_diag_message => [['opaque'], 'string'],
    sla_diag_line => [['opaque'], 'int'],
    sla_diag_column => [['opaque'], 'int'],
    sla_diag_construct => [['opaque'], 'string'],
    sla_calendar_builder_new => [['string', 'opaque*'], 'int'],
    sla_calendar_builder_new_tzdir => [['string', 'string', 'opaque*'], 'int'],
    sla_calendar_builder_free => [['opaque'], 'void'],
    sla_calendar_builder_set_hours => [['opaque', 'string', 'opaque'], 'int'],
    sla_calendar_builder_add_holiday => [['opaque', 'int', 'int', 'int'], 'int'],
    sla_calendar_builder_add_closure => [['opaque', 'sint64', 'sint64'], 'int'],
    sla_calendar_builder_add_opening => [['opaque', 'sint64', 'sint64'], 'int'],
    sla_calendar_builder_compile => [['opaque', 'opaque*'], 'int'],
    sla_calendar_builder_add_ics => [['opaque', 'opaque', 'size_t', 'opaque', 'opaque'], 'int'],
    sla_calendar_free => [['opaque'], 'void'],
    sla_calendar_union => [['opaque', 'opaque', 'opaque*'], 'int'],
    sla_calendar_intersect => [['opaque', 'opaque', 'opaque*'], 'int'],
    sla_calendar_zone => [['opaque'], 'string'],
    sla_calendar_is_holiday => [['opaque', 'sint64', 'int*'], 'int'],
    sla_calendar_utc_offset => [['opaque', 'sint64', 'int*'], 'int'],
    sla_calendar_local_time => [['opaque', 'int', 'int', 'int', 'int', 'int', 'int', 'sint64*'],
        'int'],
    sla_calendar_is_open => [['opaque', 'sint64', 'int*'], 'int'],
    sla_calendar_add => [['opaque', 'sint64', 'sint64', 'sint64*'], 'int'],
    sla_calendar_sub => [['opaque', 'sint64', 'sint64', 'sint64*'], 'int'],
    sla_calendar_diff => [['opaque', 'sint64', 'sint64', 'sint64*'], 'int'],
    sla_calendar_next_open => [['opaque', 'sint64', 'sint64*'], 'int'],
    sla_calendar_next_close => [['opaque', 'sint64', 'sint64*'], 'int'],
    sla_calendar_is_open_many => [['opaque', 'opaque', 'size_t', 'opaque', 'opaque'], 'int'],
    sla_calendar_add_many => [['opaque', 'opaque', 'opaque', 'size_t', 'opaque', 'opaque'], 'int'],
    sla_calendar_sub_many => [['opaque', 'opaque', 'opaque', 'size_t', 'opaque', 'opaque'], 'int'],
    sla_calendar_diff_many => [['opaque', 'opaque', 'opaque', 'size_t', 'opaque', 'opaque'], 'int'],
    sla_calendar_next_open_many => [['opaque', 'opaque', 'size_t', 'opaque', 'opaque'], 'int'],
    sla_calendar_next_close_many => [['opaque', 'opaque', 'size_t', 'opaque', 'opaque'], 'int'],
    sla_calendar_prev_open => [['opaque', 'sint64', 'sint64*'], 'int'],
    sla_calendar_prev_close => [['opaque', 'sint64', 'sint64*'], 'int'],
    sla_calendar_add_days => [['opaque', 'sint64', 'sint64', 'sint64*'], 'int'],
    sla_calendar_sub_days => [['opaque', 'sint64', 'sint64', 'sint64*'], 'int'],
    sla_calendar_count_days => [['opaque', 'sint64', 'sint64', 'size_t*'], 'int'],
    sla_calendar_holiday_horizon => [['opaque', 'sint64*', 'int*'], 'int'],
    sla_parse_instant => [['opaque', 'string', 'sint64*', 'opaque'], 'int'],
    sla_parse_duration => [['string', 'sint64*', 'opaque'], 'int'],
    sla_format_instant => [['opaque', 'sint64', 'opaque', 'size_t'], 'int'],
    sla_ics_options_new => [['opaque*'], 'int'],
    sla_ics_options_free => [['opaque'], 'void'],
    sla_policy_new => [['opaque*'], 'int'],
    sla_policy_free => [['opaque'], 'void'],
    sla_policy_add_calendar => [['opaque', 'string', 'opaque'], 'int'],
    sla_policy_parse => [['opaque', 'string', 'opaque'], 'int'],
    sla_policy_channel => [['opaque', 'string', 'int*'], 'int'],
    sla_policy_target_count => [['opaque'], 'size_t'],
    sla_name_lookup => [['int', 'string', 'int*'], 'int'],
    sla_ticket_new => [['opaque', 'sint64', 'int', 'int', 'opaque*'], 'int'],
    sla_ticket_free => [['opaque'], 'void'],
    sla_ticket_apply => [['opaque', 'sint64', 'int', 'int'], 'int'],
    sla_ticket_save => [['opaque', 'opaque', 'size_t'], 'int'],
    sla_ticket_restore => [['opaque', 'opaque', 'size_t', 'opaque*'], 'int'],
    sla_status_new => [['opaque*'], 'int'],
    sla_status_free => [['opaque'], 'void'],
    sla_ticket_status => [['opaque', 'sint64', 'opaque'], 'int'],
    sla_status_get => [['opaque', 'int', 'int', 'sint64*'], 'int'],
    sla_ticket_next_change => [['opaque', 'sint64', 'sint64*', 'int*', 'int*', 'int*'], 'int'],
    sla_ticket_crossings => [['opaque', 'sint64', 'sint64', 'opaque', 'opaque', 'opaque', 'size_t',
                              'size_t*'], 'int'],
    sla_erlang_b => [['double', 'double', 'int', 'double*'], 'int'],
    sla_erlang_c => [['double', 'double', 'int', 'double*'], 'int'],
    sla_erlang_c_service_level => [['double', 'double', 'int', 'double', 'double*'], 'int'],
    sla_erlang_c_asa => [['double', 'double', 'int', 'double*'], 'int'],
    sla_erlang_c_occupancy => [['double', 'double', 'int', 'double*'], 'int'],
    sla_erlang_c_agents => [['double', 'double', 'double', 'double', 'double', 'double', 'int*',
                             'int*'], 'int'],
    sla_erlang_a_wait => [['double', 'double', 'double', 'int', 'double*'], 'int'],
    sla_erlang_a_abandon => [['double', 'double', 'double', 'int', 'double*'], 'int'],
    sla_erlang_a_service_level => [['double', 'double', 'double', 'int', 'double', 'double*'],
                                   'int'],
    sla_scan => [['opaque', 'size_t', 'opaque', 'sint64', 'opaque', 'opaque', 'opaque', 'opaque',
                  'size_t', 'double', 'opaque', 'opaque', 'size_t', 'opaque', 'size_t*'], 'int'],
);

our ($LIB_PATH, $LIB_VERSION, @MISSING);
my $ffi;

sub candidates {
    my @out;
    if (my $env = $ENV{LIBSLA_PATH}) {
        push @out, ['LIBSLA_PATH', -d $env ? File::Spec->catfile($env, SONAME) : $env];
    }
    if (my $b = $ENV{LIBSLA_BUILD_DIR}) {
        push @out, map { ['LIBSLA_BUILD_DIR', File::Spec->catfile($b, $_, SONAME)] } qw(lib .);
    }
    # Run from the source tree: <root>/bindings/perl/lib/Libsla.pm; the
    # newest <root>/build*/lib wins.
    my $root = File::Spec->rel2abs(File::Basename::dirname(__FILE__) . '/../../..');
    if (-f "$root/include/libsla/sla.h") {
        push @out, map { ['source tree', $_] } _source_tree_builds($root);
    }
    push @out, ['system', SONAME];
    return @out;
}

# The libraries of a source tree's build*/ directories, newest first, but for
# those meson built with a sanitizer (b_sanitize): such a library aborts a perl
# built without it. LIBSLA_PATH still loads one.
sub _source_tree_builds {
    my ($root) = @_;
    my @found = grep { !_sanitizer_build(File::Basename::dirname(File::Basename::dirname($_))) }
        glob("$root/build*/lib/" . SONAME);
    return sort { (stat $b)[9] <=> (stat $a)[9] } @found;
}

sub _sanitizer_build {
    my ($build) = @_;
    open my $fh, '<', "$build/meson-info/intro-buildoptions.json" or return 0;
    my $text = do { local $/; <$fh> };
    close $fh;
    my $options = eval { JSON::PP::decode_json($text) };
    return 0 unless ref $options eq 'ARRAY';
    for my $o (@$options) {
        next unless ref $o eq 'HASH' && defined $o->{name} && $o->{name} eq 'b_sanitize';
        my $v = $o->{value};
        return 1 if defined $v && !ref $v && $v ne '' && $v ne 'none';
    }
    return 0;
}

# Libsla->load($path): load libsla.so.1 (a file or a directory holding it);
# without a path try LIBSLA_PATH, LIBSLA_BUILD_DIR, the source tree's newest
# build*/lib, then the system. Dies with Libsla::Error::Load listing what
# was tried.
sub load {
    my (undef, $path) = @_;
    my @tried;
    my @cands = defined $path
        ? (['explicit path', -d $path ? File::Spec->catfile($path, SONAME) : $path])
        : candidates();
    for my $c (@cands) {
        my ($how, $p) = @$c;
        if ($p =~ m{/} && !-e $p) { push @tried, "$how: $p (no such file)"; next }
        my $h = dlopen($p, RTLD_PLATYPUS_DEFAULT);
        unless ($h) { push @tried, "$how: $p (" . (dlerror() // 'cannot load') . ')'; next }
        dlclose($h);
        my $f = FFI::Platypus->new(api => 2, lib => [$p]);
        my $vnum = $f->function(sla_version_number => [] => 'int');
        unless ($vnum) { push @tried, "$how: $p (not libsla)"; next }
        my $n = $vnum->call;
        my ($major, $minor) = (int($n / 10000), int($n / 100) % 100);
        unless ($major == REQUIRED_MAJOR && $minor >= MINIMUM_MINOR) {
            push @tried, "$how: $p (libsla $n; need 1.0 or a later 1.x)";
            next;
        }
        @MISSING = ();
        for my $name (sort keys %FUNCTIONS) {
            my ($args, $ret) = @{ $FUNCTIONS{$name} };
            no strict 'refs';
            no warnings 'redefine';
            if ($f->find_symbol($name)) {
                $f->attach([$name => "Libsla::C::$name"] => $args => $ret);
            } else {
                push @MISSING, $name;
                my $v = $n;
                *{"Libsla::C::$name"} = sub {
                    Libsla::Error::Unsupported->throw(
                        message => "$name() is not in the loaded libsla; "
                                 . 'a newer libsla.so.1 is needed');
                };
            }
        }
        $ffi = $f;
        $LIB_PATH = $p;
        $LIB_VERSION = Libsla::C::sla_version_string();
        return $p;
    }
    Libsla::Error::Load->throw(message => "cannot find libsla.so.1; set LIBSLA_PATH to the "
        . "library file or call Libsla->load(\$path). Tried:\n  " . join("\n  ", @tried));
}

sub lib { $ffi or Libsla->load; $ffi }
sub version { lib(); $LIB_VERSION }

# ---- helpers ----------------------------------------------------------------

sub _error {
    my ($code, $what, $diag, $index) = @_;
    my $cls = $ERRORS{$code} // 'Libsla::Error';
    my $msg = Libsla::C::sla_strerror($code) // 'error';
    my %kw;
    if ($diag) {
        my $d = Libsla::C::sla_diag_message($diag);
        $msg = $d if defined $d && length $d;
        %kw = (line => Libsla::C::sla_diag_line($diag), column => Libsla::C::sla_diag_column($diag),
               construct => Libsla::C::sla_diag_construct($diag)) if $code == -5;
    }
    $msg = "$what: $msg" if defined $what;
    return $cls->new(message => $msg, code => $code, name => Libsla::C::sla_error_name($code),
                     index => $index, %kw);
}

sub _check {
    my ($rc, $what, $diag) = @_;
    die _error($rc, $what, $diag) if $rc;
    return;
}

sub _with_diag {
    my ($code) = @_;
    my $d;
    _check(Libsla::C::sla_diag_new(\$d), 'sla_diag_new');
    my @r = eval { $code->($d) };
    my $err = $@;
    Libsla::C::sla_diag_free($d);
    die $err if $err;
    return wantarray ? @r : $r[0];
}

# Text for a C string: defined, without NUL bytes (C would cut it there).
sub _cstr {
    my ($s, $field) = @_;
    Libsla::Error::Invalid->throw(message => "$field: undefined") unless defined $s;
    my $i = index($s, "\0");
    Libsla::Error::Invalid->throw(
        message => "$field: text contains a NUL byte at offset $i; remove it")
        if $i >= 0;
    utf8::encode($s) if utf8::is_utf8($s);
    return $s;
}

my $I64_MAX = '9223372036854775807';
my $I64_MIN = '9223372036854775808';

# An int64 from a Perl value: integers (or digit strings, or Math::BigInt)
# inside int64, else Libsla::Error::Range; never a wrapped value.
sub _int64 {
    my ($v, $field) = @_;
    return $v if defined $v && !ref $v && $v =~ /\A-?[0-9]{1,18}\z/;
    Libsla::Error::Invalid->throw(message => "$field: undefined") unless defined $v;
    if (blessed $v && $v->isa('Math::BigInt')) {
        $v = $v->bstr;
    } elsif (ref $v) {
        Libsla::Error::Invalid->throw(message => "$field: expected an integer, got a " . ref($v));
    }
    if ($v =~ /\A(-?)0*([0-9]+)\z/) {
        my ($neg, $digits) = ($1, $2);
        my $lim = $neg ? $I64_MIN : $I64_MAX;
        if (length($digits) > 19 || (length($digits) == 19 && $digits gt $lim)) {
            Libsla::Error::Range->throw(message => "$field: $v is outside int64 (the supported "
                . "instants are " . TIME_MIN . ".." . (TIME_MAX - 1) . ")");
        }
        return 0 + "$neg$digits";
    }
    if (looks_like_number($v)) {
        Libsla::Error::Range->throw(message => "$field: $v is outside int64")
            if $v != $v || $v >= 9.2233720368547758e18 || $v < -9.2233720368547758e18;
        Libsla::Error::Invalid->throw(message => "$field: $v is not a whole number of seconds")
            if $v != int($v);
        return int($v);
    }
    Libsla::Error::Invalid->throw(message => "$field: expected an integer, got '$v'");
}

# Epoch seconds of an instant: an integer, or an object with ->epoch
# (DateTime, Time::Piece, Time::Moment).
sub _instant {
    my ($t, $field) = @_;
    return $t if defined $t && !ref $t && $t =~ /\A-?[0-9]{1,18}\z/;
    return _int64($t->epoch, $field // 'instant') if blessed $t && $t->can('epoch')
        && !$t->isa('Math::BigInt');
    return _int64($t, $field // 'instant');
}

# Seconds of a duration: an integer, or text ("15m", "1h 30m", "PT2H").
sub _duration {
    my ($d, $field) = @_;
    return $d if defined $d && !ref $d && $d =~ /\A-?[0-9]{1,18}\z/;
    return parse_duration($d, $field)
        if defined $d && !ref $d && !looks_like_number($d) && $d =~ /[A-Za-z]/;
    return _int64($d, $field // 'duration');
}

sub parse_duration {
    my ($text, $field) = @_;
    $field //= 'duration';
    my $s = _cstr($text, $field);
    my $out = 0;
    _with_diag(sub { my $rc = Libsla::C::sla_parse_duration($s, \$out, $_[0]);
                     _check($rc, "$field '$s'", $_[0]) });
    return $out;
}

# Instants out as given: an epoch for an epoch, an object of the same class
# (DateTime, Time::Piece) for an object.
sub _out {
    my ($v, $like, $zone) = @_;
    return $v unless blessed $like;
    if ($like->isa('DateTime')) {
        return ref($like)->from_epoch(epoch => $v, time_zone => $zone // 'UTC');
    }
    if ($like->isa('Time::Piece')) {
        return Time::Piece::gmtime($v);
    }
    return $v;
}

# ---- calendars ---------------------------------------------------------------

package Libsla::Calendar;

use Scalar::Util qw(blessed);
use FFI::Platypus::Buffer qw(scalar_to_buffer);

# Libsla::Calendar->new(zone => 'Europe/Oslo', hours => 'Mo-Fr 09:00-17:00',
#     holidays => ['2025-12-25'], closures => [[$start, $end], ...],
#     openings => [[$start, $end]], ics => $text)
sub new {
    my ($class, %a) = @_;
    Libsla::lib();
    my $zone = Libsla::_cstr($a{zone} // 'UTC', 'zone');
    my $hours = Libsla::_cstr($a{hours} // '24/7', 'hours');
    my $b;
    Libsla::_check(Libsla::C::sla_calendar_builder_new($zone, \$b), "zone '$zone'");
    my $cal;
    my $ok = eval {
        Libsla::_with_diag(sub {
            Libsla::_check(Libsla::C::sla_calendar_builder_set_hours($b, $hours, $_[0]),
                           "hours '$hours'", $_[0]);
        });
        for my $h (@{ $a{holidays} // [] }) {
            my ($y, $m, $d) = ref $h eq 'ARRAY' ? @$h
                : blessed $h && $h->can('ymd') ? split(/-/, $h->ymd)
                : (Libsla::_cstr($h, 'holiday') =~ /\A\s*([0-9]{4})-([0-9]{2})-([0-9]{2})\s*\z/);
            Libsla::Error::Invalid->throw(message => "holiday '$h': expected YYYY-MM-DD")
                unless defined $d;
            Libsla::_check(Libsla::C::sla_calendar_builder_add_holiday($b, $y, $m, $d),
                           "holiday $y-$m-$d");
        }
        for my $c (@{ $a{closures} // [] }) {
            Libsla::_check(Libsla::C::sla_calendar_builder_add_closure($b,
                Libsla::_instant($c->[0], 'closure start'), Libsla::_instant($c->[1],
                    'closure end')),
                'closure');
        }
        for my $c (@{ $a{openings} // [] }) {
            Libsla::_check(Libsla::C::sla_calendar_builder_add_opening($b,
                Libsla::_instant($c->[0], 'opening start'), Libsla::_instant($c->[1],
                    'opening end')),
                'opening');
        }
        if (defined $a{ics}) {
            my $text = $a{ics};
            utf8::encode($text) if utf8::is_utf8($text);
            my ($ptr, $len) = scalar_to_buffer($text);
            Libsla::_with_diag(sub {
                Libsla::_check(Libsla::C::sla_calendar_builder_add_ics($b, $ptr, $len, undef,
                    $_[0]),
                               'ics', $_[0]);
            });
        }
        Libsla::_check(Libsla::C::sla_calendar_builder_compile($b, \$cal), 'compile');
        1;
    };
    my $err = $@;
    Libsla::C::sla_calendar_builder_free($b);
    die $err unless $ok;
    return bless { h => $cal, zone => $a{zone} // 'UTC' }, $class;
}

sub DESTROY {
    my $self = shift;
    Libsla::C::sla_calendar_free($self->{h}) if $self->{h};
    $self->{h} = undef;
}

sub zone { $_[0]->{zone} }
sub handle { $_[0]->{h} }

sub add {
    my ($self, $t, $d) = @_;
    my $out = 0;
    my $rc = Libsla::C::sla_calendar_add($self->{h},
        (!ref $t && defined $t && $t =~ /\A[0-9]{1,18}\z/) ? $t : Libsla::_instant($t),
        (!ref $d && defined $d && $d =~ /\A[0-9]{1,18}\z/) ? $d : Libsla::_duration($d), \$out);
    die Libsla::_error($rc, 'add') if $rc;
    return ref $t ? Libsla::_out($out, $t, $self->{zone}) : $out;
}

sub sub {
    my ($self, $t, $d) = @_;
    my $out = 0;
    my $rc = Libsla::C::sla_calendar_sub($self->{h}, Libsla::_instant($t), Libsla::_duration($d),
        \$out);
    die Libsla::_error($rc, 'sub') if $rc;
    return ref $t ? Libsla::_out($out, $t, $self->{zone}) : $out;
}

sub diff {
    my ($self, $a, $b) = @_;
    my $out = 0;
    my $rc = Libsla::C::sla_calendar_diff($self->{h},
        (!ref $a && defined $a && $a =~ /\A[0-9]{1,18}\z/) ? $a : Libsla::_instant($a, 'a'),
        (!ref $b && defined $b && $b =~ /\A[0-9]{1,18}\z/) ? $b : Libsla::_instant($b, 'b'), \$out);
    die Libsla::_error($rc, 'diff') if $rc;
    return $out;
}

sub is_open {
    my ($self, $t) = @_;
    my $out = 0;
    my $rc = Libsla::C::sla_calendar_is_open($self->{h}, Libsla::_instant($t), \$out);
    die Libsla::_error($rc, 'is_open') if $rc;
    return $out ? 1 : 0;
}

sub is_holiday {
    my ($self, $t) = @_;
    my $out = 0;
    Libsla::_check(Libsla::C::sla_calendar_is_holiday($self->{h}, Libsla::_instant($t), \$out),
        'is_holiday');
    return $out ? 1 : 0;
}

sub next_open {
    my ($self, $t) = @_;
    my $out = 0;
    my $rc = Libsla::C::sla_calendar_next_open($self->{h}, Libsla::_instant($t), \$out);
    die Libsla::_error($rc, 'next_open') if $rc;
    return ref $t ? Libsla::_out($out, $t, $self->{zone}) : $out;
}

sub next_close {
    my ($self, $t) = @_;
    my $out = 0;
    my $rc = Libsla::C::sla_calendar_next_close($self->{h}, Libsla::_instant($t), \$out);
    die Libsla::_error($rc, 'next_close') if $rc;
    return ref $t ? Libsla::_out($out, $t, $self->{zone}) : $out;
}

# The 1.1 calls: previous opening and closing, business days.
sub _instant_call {
    my ($self, $fn, $what, $t, @more) = @_;
    my $out = 0;
    no strict 'refs';
    my $rc = &{"Libsla::C::$fn"}($self->{h}, Libsla::_instant($t), @more, \$out);
    die Libsla::_error($rc, $what) if $rc;
    return ref $t ? Libsla::_out($out, $t, $self->{zone}) : $out;
}

sub prev_open  { $_[0]->_instant_call('sla_calendar_prev_open', 'prev_open', $_[1]) }
sub prev_close { $_[0]->_instant_call('sla_calendar_prev_close', 'prev_close', $_[1]) }

sub add_days {
    my ($self, $t, $n) = @_;
    return $self->_instant_call('sla_calendar_add_days', 'add_days', $t,
                                Libsla::_int64($n, 'days'));
}

sub sub_days {
    my ($self, $t, $n) = @_;
    return $self->_instant_call('sla_calendar_sub_days', 'sub_days', $t,
                                Libsla::_int64($n, 'days'));
}

# The number of business dates with open time inside [a, b).
sub count_days {
    my ($self, $a, $b) = @_;
    my $out = 0;
    my $rc = Libsla::C::sla_calendar_count_days($self->{h}, Libsla::_instant($a, 'a'),
                                                Libsla::_instant($b, 'b'), \$out);
    Libsla::_check($rc, 'count_days');
    return $out;
}

# (first instant past the holiday horizon, bounded): answers past it may
# miss a holiday.
sub holiday_horizon {
    my ($self) = @_;
    my ($end, $bounded) = (0, 0);
    Libsla::_check(Libsla::C::sla_calendar_holiday_horizon($self->{h}, \$end, \$bounded),
                   'holiday_horizon');
    return ($end, $bounded);
}

sub utc_offset {
    my ($self, $t) = @_;
    my $out = 0;
    Libsla::_check(Libsla::C::sla_calendar_utc_offset($self->{h}, Libsla::_instant($t), \$out),
        'utc_offset');
    return $out;
}

# Epoch seconds of a local wall-clock time in the calendar's zone.
sub local_time {
    my ($self, @p) = @_;
    push @p, 0 while @p < 6;
    for (@p) {
        my $v = Libsla::_int64($_, 'local_time');
        Libsla::Error::Range->throw(message => "local_time: $v is out of range")
            if abs($v) >= 2**31;
        $_ = $v;
    }
    my $out = 0;
    Libsla::_check(Libsla::C::sla_calendar_local_time($self->{h}, @p, \$out), 'local_time');
    return $out;
}

sub format {
    my ($self, $t) = @_;
    my $buf = "\0" x 64;
    my ($ptr) = scalar_to_buffer($buf);
    my $n = Libsla::C::sla_format_instant($self->{h}, Libsla::_instant($t), $ptr, 64);
    Libsla::_check($n, 'format') if $n < 0;
    return substr($buf, 0, $n);
}

sub parse {
    my ($self, $text) = @_;
    my $s = Libsla::_cstr($text, 'instant');
    my $out = 0;
    Libsla::_with_diag(sub {
        Libsla::_check(Libsla::C::sla_parse_instant($self->{h}, $s, \$out, $_[0]),
            "instant '$s'", $_[0]);
    });
    return $out;
}

sub _combine {
    my ($self, $fn, $other) = @_;
    Libsla::Error::Invalid->throw(message => 'expected a Libsla::Calendar')
        unless blessed $other && $other->isa('Libsla::Calendar');
    my $out;
    no strict 'refs';
    Libsla::_check(&{"Libsla::C::$fn"}($self->{h}, $other->{h}, \$out), $fn);
    return bless { h => $out, zone => $self->{zone} }, ref $self;
}

sub union     { $_[0]->_combine('sla_calendar_union', $_[1]) }
sub intersect { $_[0]->_combine('sla_calendar_intersect', $_[1]) }

# ---- many at once: array refs of epoch seconds (a second argument may be
# one value for every element). Returns an array ref; the first failing
# element dies with ->index set.

# One int64 buffer of an array ref (or of one value repeated $n times).
# Fast path: when the joined values are plain integers of at most 18 digits,
# pack them as they are; anything else (19 digits or more, fractions, text,
# undef) goes through $conv element by element, so nothing is ever wrapped.
sub _pack64 {
    my ($list, $n, $what, $conv) = @_;
    if (ref $list ne 'ARRAY') {
        return pack('q', $conv->($list, $what)) x $n;
    }
    Libsla::Error::Invalid->throw(message => "$what: " . scalar(@$list) . " values for $n")
        if @$list != $n;
    no warnings 'uninitialized';
    my $j = join(',', @$list);
    # each field is -?[0-9]+: no other character, no empty field, a minus
    # only first and before a digit
    return pack('q*', @$list)
        if $j !~ /[^0-9,-]/ && $j !~ /[0-9]{19}/ && index($j, ',,') < 0 && substr($j, 0, 1) ne ','
        && substr($j, -1) ne ',' && length $j
        && (index($j, '-') < 0 || ($j !~ /-(?![0-9])/ && $j !~ /[0-9]-/));
    return pack('q*', _checked($list, $what, $conv));
}

# Every element through $conv (the slow path), dying with ->index set.
sub _checked {
    my ($list, $what, $conv) = @_;
    my @v = @$list;
    for my $i (0 .. $#v) {
        next if defined $v[$i] && !ref $v[$i] && $v[$i] =~ /\A-?[0-9]{1,18}\z/;
        my $x = eval { $conv->($v[$i], "${what}[$i]") };
        if (my $e = $@) { $e->{index} = $i if ref $e; die $e }
        $v[$i] = $x;
    }
    return @v;
}

sub _many {
    my ($self, $fn, $what, $first, $second, $conv, $out_fmt) = @_;
    Libsla::Error::Invalid->throw(message => "$what: expected an array reference")
        unless ref $first eq 'ARRAY';
    my $n = @$first;
    return [] unless $n;
    my $a = _pack64($first, $n, $what, \&Libsla::_instant);
    my @args = ($self->{h}, (scalar_to_buffer($a))[0]);
    my $b;
    if ($conv) {
        $b = _pack64($second, $n, $what, $conv);
        push @args, (scalar_to_buffer($b))[0];
    }
    my $size = $out_fmt eq 'q' ? 8 : 4;
    my $out = "\0" x ($size * $n);
    my $st = "\0" x (4 * $n);
    no strict 'refs';
    my $rc = &{"Libsla::C::$fn"}(@args, $n, (scalar_to_buffer($out))[0],
        (scalar_to_buffer($st))[0]);
    if ($rc) {
        _checked($first, $what, \&Libsla::_instant);
        _checked($second, $what, $conv) if $conv && ref $second eq 'ARRAY';
        my @codes = unpack('l*', $st);
        my ($i) = grep { $codes[$_] } 0 .. $#codes;
        die Libsla::_error($codes[$i] // $rc, "${what}[" . ($i // '?') . ']', undef, $i);
    }
    return [unpack("$out_fmt*", $out)];
}

sub add_many  { $_[0]->_many('sla_calendar_add_many', 'add_many', $_[1], $_[2],
    \&Libsla::_duration, 'q') }
sub sub_many  { $_[0]->_many('sla_calendar_sub_many', 'sub_many', $_[1], $_[2],
    \&Libsla::_duration, 'q') }
sub diff_many { $_[0]->_many('sla_calendar_diff_many', 'diff_many', $_[1], $_[2],
    \&Libsla::_instant, 'q') }
sub is_open_many    { $_[0]->_many('sla_calendar_is_open_many', 'is_open_many', $_[1], undef,
    undef, 'l') }
sub next_open_many  { $_[0]->_many('sla_calendar_next_open_many', 'next_open_many', $_[1], undef,
    undef, 'q') }
sub next_close_many { $_[0]->_many('sla_calendar_next_close_many', 'next_close_many', $_[1],
    undef, undef, 'q') }

# ---- policies and tickets -------------------------------------------------------

package Libsla::Policy;

use Scalar::Util qw(blessed);

# Libsla::Policy->new(text => "first_reply * * 4h calendar=office",
#                     calendars => { office => $cal })
sub new {
    my ($class, %a) = @_;
    Libsla::lib();
    my $h;
    Libsla::_check(Libsla::C::sla_policy_new(\$h), 'sla_policy_new');
    my $self = bless { h => $h, cals => [] }, $class;
    for my $name (sort keys %{ $a{calendars} // {} }) {
        my $cal = $a{calendars}{$name};
        Libsla::_check(Libsla::C::sla_policy_add_calendar($h, Libsla::_cstr($name, 'calendar name'),
                                                          $cal->handle), "calendar $name");
        push @{ $self->{cals} }, $cal;
    }
    $self->parse($a{text}) if defined $a{text};
    return $self;
}

sub parse {
    my ($self, $text) = @_;
    my $s = Libsla::_cstr($text, 'policy');
    Libsla::_with_diag(sub { Libsla::_check(Libsla::C::sla_policy_parse($self->{h}, $s, $_[0]),
        'policy', $_[0]) });
    return $self;
}

sub size { Libsla::C::sla_policy_target_count($_[0]->{h}) }

sub channel {
    my ($self, $name) = @_;
    return $name if $name =~ /\A[0-9]+\z/;
    my $out = 0;
    Libsla::_check(Libsla::C::sla_policy_channel($self->{h}, Libsla::_cstr($name, 'channel'),
        \$out),
                   "channel '$name'");
    return $out;
}

sub ticket {
    my ($self, $created, %a) = @_;
    return Libsla::Ticket->new($self, $created, %a);
}

sub restore {
    my ($self, $bytes) = @_;
    my ($ptr, $len) = FFI::Platypus::Buffer::scalar_to_buffer($bytes);
    my $t;
    Libsla::_check(Libsla::C::sla_ticket_restore($self->{h}, $ptr, $len, \$t), 'restore');
    return bless { h => $t, policy => $self }, 'Libsla::Ticket';
}

sub DESTROY { my $s = shift; Libsla::C::sla_policy_free($s->{h}) if $s->{h}; $s->{h} = undef }

package Libsla::Ticket;

use FFI::Platypus::Buffer qw(scalar_to_buffer);

my %EVENTS = (customer => 1, reply => 2, note => 3, status => 4, priority => 5, channel => 6);
my @METRICS = qw(first_reply next_reply periodic_update pausable_update resolution
                 first_resolution requester_wait agent_work);
my @FIELDS = qw(state target elapsed remaining elapsed_wall remaining_wall deadline breached_at
                fulfilled_at started_at cycles breached_cycles warnings warned channel
                calendar_24_7);
my @STATES = qw(inactive running paused achieved breached);

sub _lookup {
    my ($kind, $name) = @_;
    return $name if $name =~ /\A[0-9]+\z/;
    my $out = 0;
    Libsla::_check(Libsla::C::sla_name_lookup($kind, Libsla::_cstr($name, 'name'), \$out),
                   "unknown name '$name'");
    return $out;
}

sub new {
    my ($class, $policy, $created, %a) = @_;
    my $t;
    Libsla::_check(Libsla::C::sla_ticket_new($policy->{h}, Libsla::_instant($created, 'created'),
                                             $policy->channel($a{channel} // 'email'),
                                             _lookup(2, $a{priority} // 'normal'), \$t), 'ticket');
    return bless { h => $t, policy => $policy }, $class;
}

# $ticket->apply($time, customer => 'email'), ->apply($time, 'reply'), 'note',
# status => 'pending', priority => 'high', channel => 'chat'
sub apply {
    my ($self, $time, $event, $arg) = @_;
    my $ev = $EVENTS{$event} // Libsla::Error::Invalid->throw(message => "unknown event '$event'");
    my $v = $ev == 1 || $ev == 6 ? $self->{policy}->channel($arg // 'email')
          : $ev == 4 ? _lookup(1, $arg) : $ev == 5 ? _lookup(2, $arg) : 0;
    Libsla::_check(Libsla::C::sla_ticket_apply($self->{h}, Libsla::_instant($time, 'time'), $ev,
        $v), $event);
    return $self;
}

# A hash ref metric => { state => 'running', deadline => epoch|undef, ... }.
sub status {
    my ($self, $now) = @_;
    my $s = $self->{status};
    unless ($s) { Libsla::_check(Libsla::C::sla_status_new(\$s),
        'sla_status_new'); $self->{status} = $s }
    Libsla::_check(Libsla::C::sla_ticket_status($self->{h}, Libsla::_instant($now, 'now'), $s),
        'status');
    my %r;
    for my $m (0 .. $#METRICS) {
        my %f;
        for my $i (0 .. $#FIELDS) {
            my $v = 0;
            Libsla::_check(Libsla::C::sla_status_get($s, $m, $i, \$v), "status $FIELDS[$i]");
            $f{ $FIELDS[$i] } = $v;
        }
        $f{state} = $STATES[ $f{state} ];
        $f{$_} = undef for grep { $f{$_} == -1 } qw(deadline breached_at fulfilled_at started_at);
        $f{target} = undef if $f{target} < 0;
        $r{ $METRICS[$m] } = \%f;
    }
    return \%r;
}

my @KINDS = qw(none warning breach);

# The next change of stage after $now if no event arrives: a hash ref
# { at, metric, kind => 'warning' | 'breach', percent }, or undef.
sub next_change {
    my ($self, $now) = @_;
    my ($at, $m, $k, $p) = (0, 0, 0, 0);
    Libsla::_check(Libsla::C::sla_ticket_next_change($self->{h}, Libsla::_instant($now, 'now'),
                                                     \$at, \$m, \$k, \$p), 'next_change');
    return undef unless $k;
    return { at => $at, metric => $METRICS[$m], kind => $KINDS[$k], percent => $p };
}

# Every warning and breach crossed in ($t0, $t1], in time order.
sub crossings {
    my ($self, $t0, $t1) = @_;
    my $cap = 40;
    my ($m, $p, $at) = ("\0" x (4 * $cap), "\0" x (4 * $cap), "\0" x (8 * $cap));
    my $n = 0;
    Libsla::_check(Libsla::C::sla_ticket_crossings($self->{h}, Libsla::_instant($t0, 't0'),
        Libsla::_instant($t1, 't1'), (scalar_to_buffer($m))[0], (scalar_to_buffer($p))[0],
        (scalar_to_buffer($at))[0], $cap, \$n), 'crossings');
    $n = $cap if $n > $cap;
    my @m = unpack("l$n", $m);
    my @p = unpack("l$n", $p);
    my @t = unpack("q$n", $at);
    return [map {
        { at => $t[$_], metric => $METRICS[ $m[$_] ],
          kind => $p[$_] == 100 ? 'breach' : 'warning', percent => $p[$_] }
    } 0 .. $n - 1];
}

sub save {
    my $self = shift;
    my $n = Libsla::C::sla_ticket_save($self->{h}, undef, 0);
    Libsla::_check($n, 'save') if $n < 0;
    my $buf = "\0" x $n;
    my $m = Libsla::C::sla_ticket_save($self->{h},
        (FFI::Platypus::Buffer::scalar_to_buffer($buf))[0], $n);
    Libsla::_check($m, 'save') if $m < 0;
    return substr($buf, 0, $m);
}

sub DESTROY {
    my $s = shift;
    Libsla::C::sla_status_free($s->{status}) if $s->{status};
    Libsla::C::sla_ticket_free($s->{h}) if $s->{h};
    $s->{h} = $s->{status} = undef;
}

package Libsla::Erlang;

# Erlang B, C and A (rates per second, times in seconds, as in sla.h):
# Libsla::Erlang->c($rate, $aht, $agents), ->b, ->c_service_level($rate,
# $aht, $agents, $answer_time), ->c_asa, ->c_occupancy, ->c_agents($rate,
# $aht, $answer_time, $level, $max_occupancy, $shrinkage) (a list: agents,
# scheduled), ->a_wait($rate, $aht, $patience, $agents), ->a_abandon,
# ->a_service_level($rate, $aht, $patience, $agents, $answer_time).
sub _agents {
    my ($n) = @_;
    my $v = Libsla::_int64($n, 'agents');
    Libsla::Error::Range->throw(message => "agents: $v is outside a C int") if abs($v) >= 2**31;
    return $v;
}

sub _call {
    my ($fn, @args) = @_;
    Libsla::lib();
    my $out = 0.0;
    no strict 'refs';
    Libsla::_check(&{"Libsla::C::sla_$fn"}(@args, \$out), $fn);
    return $out;
}

sub b { my (undef, $r, $h, $n) = @_; _call('erlang_b', $r, $h, _agents($n)) }
sub c { my (undef, $r, $h, $n) = @_; _call('erlang_c', $r, $h, _agents($n)) }
sub c_asa { my (undef, $r, $h, $n) = @_; _call('erlang_c_asa', $r, $h, _agents($n)) }
sub c_occupancy { my (undef, $r, $h, $n) = @_; _call('erlang_c_occupancy', $r, $h, _agents($n)) }

sub c_service_level {
    my (undef, $r, $h, $n, $answer) = @_;
    return _call('erlang_c_service_level', $r, $h, _agents($n), $answer);
}

sub c_agents {
    my (undef, $r, $h, $answer, $level, $occ, $shrink) = @_;
    Libsla::lib();
    my ($agents, $scheduled) = (0, 0);
    Libsla::_check(Libsla::C::sla_erlang_c_agents($r, $h, $answer, $level, $occ // 1.0,
                                                  $shrink // 0.0, \$agents, \$scheduled),
                   'erlang_c_agents');
    return ($agents, $scheduled);
}

sub a_wait { my (undef, $r, $h, $p, $n) = @_; _call('erlang_a_wait', $r, $h, $p, _agents($n)) }

sub a_abandon {
    my (undef, $r, $h, $p, $n) = @_;
    return _call('erlang_a_abandon', $r, $h, $p, _agents($n));
}

sub a_service_level {
    my (undef, $r, $h, $p, $n, $answer) = @_;
    return _call('erlang_a_service_level', $r, $h, $p, _agents($n), $answer);
}

package Libsla;

# Libsla::scan(\@calendars, $now, \@deadline, remaining => \@r, counting => \@c,
#              cal_index => \@i, target => \@t, warn_at => 0.75, k => 10):
# many SLA clocks at once; a hash ref { remaining => [...], flags => [...],
# top => [...] } (flags: 1 counting, 2 breached, 4 warned).
sub scan {
    my ($cals, $now, $deadline, %a) = @_;
    lib();
    my @cals = ref $cals eq 'ARRAY' ? @$cals : ($cals);
    Libsla::Error::Invalid->throw(message => 'scan: 1 to 64 calendars') if !@cals || @cals > 64;
    my $n = @$deadline;
    my $tab = pack('J*', map { $_->handle } @cals);
    my $i64 = sub {
        my ($v, $what) = @_;
        return undef unless defined $v;
        return Libsla::Calendar::_pack64($v, $n, $what, \&Libsla::_duration);
    };
    my $i32 = sub {
        my ($v, $what) = @_;
        return undef unless defined $v;
        my @v = ref $v eq 'ARRAY' ? @$v : (($v) x $n);
        Libsla::Error::Invalid->throw(message => "$what: " . scalar(@v) . " values for $n")
            if @v != $n;
        for (@v) {
            my $x = _int64($_, $what);
            Libsla::Error::Range->throw(message => "$what: $x is outside a C int")
                if abs($x) >= 2**31;
            $_ = $x;
        }
        return pack('l*', @v);
    };
    my %buf = (d => Libsla::Calendar::_pack64($deadline, $n, 'deadline', \&Libsla::_instant),
               r => $i64->($a{remaining}, 'remaining'), t => $i64->($a{target}, 'target'),
               c => $i32->($a{counting}, 'counting'), i => $i32->($a{cal_index}, 'cal_index'));
    my $k = $a{k} // 0;
    my ($ro, $fo, $top) = ("\0" x (8 * ($n || 1)), "\0" x (4 * ($n || 1)), "\0" x (8 * ($k || 1)));
    my $ntop = 0;
    my $ptr = sub { defined $_[0] ? (scalar_to_buffer($_[0]))[0] : undef };
    my $rc = Libsla::C::sla_scan($ptr->($tab), scalar @cals, $ptr->($buf{i}),
                                 _instant($now, 'now'), $ptr->($buf{c}), $ptr->($buf{d}),
                                 $ptr->($buf{r}), $ptr->($buf{t}), $n, $a{warn_at} // 0.0,
                                 $ptr->($ro), $ptr->($fo), $k, $k ? $ptr->($top) : undef,
                                 $k ? \$ntop : undef);
    _check($rc, 'scan');
    return { remaining => [unpack("q$n", $ro)], flags => [unpack("l$n", $fo)],
             top => [$k ? unpack("Q$ntop", $top) : ()] };
}

package Libsla;

1;
