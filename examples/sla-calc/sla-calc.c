/*
 * sla-calc: business-time arithmetic from the command line, on libsla.
 *
 *   sla-calc [OPTIONS] add START DURATION
 *   sla-calc [OPTIONS] sub END DURATION
 *   sla-calc [OPTIONS] diff A B
 *   sla-calc [OPTIONS] open T
 *   sla-calc [OPTIONS] batch  < ops.csv
 *   sla-calc                  (a short demo)
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) The libsla authors
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libsla/sla.h>

#include "../common/tool-cal.h"
#include "../common/tool.h"

enum { EXIT_OK = TOOL_OK, EXIT_FAIL = TOOL_FAIL, EXIT_USAGE = TOOL_USAGE };


/* Local dates typed on the command line: civil dates from ../common/tool.h. */

static bool valid_date(int y, int m, int d)
{
    return m >= 1 && m <= 12 && d >= 1 && d <= civil_month_length(y, m);
}

/* Read exactly `n` digits at *p, advancing it. */
static bool read_digits(const char **p, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        char c = (*p)[i];
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    *p += n;
    *out = v;
    return true;
}

/* "YYYY-MM-DD" at *p. */
static bool read_date(const char **p, int *y, int *m, int *d)
{
    const char *s = *p;
    if (!read_digits(&s, 4, y) || *s++ != '-' || !read_digits(&s, 2, m) || *s++ != '-' ||
        !read_digits(&s, 2, d))
        return false;
    if (!valid_date(*y, *m, *d))
        return false;
    *p = s;
    return true;
}

/* "HH:MM" or "HH:MM:SS" at *p, as seconds after midnight; 24:00 allowed. */
static bool read_clock(const char **p, int *secs)
{
    const char *s = *p;
    int h, mi, se = 0;
    if (!read_digits(&s, 2, &h) || *s++ != ':' || !read_digits(&s, 2, &mi))
        return false;
    if (*s == ':') {
        s++;
        if (!read_digits(&s, 2, &se))
            return false;
    }
    if (h > 24 || mi > 59 || se > 59 || (h == 24 && (mi != 0 || se != 0)))
        return false;
    *secs = h * 3600 + mi * 60 + se;
    *p = s;
    return true;
}

/* ------------------------------------------------------------------------ */
/* Options                                                                  */
/* ------------------------------------------------------------------------ */

enum span_kind { SPAN_CLOSED, SPAN_OPEN };

struct span_opt {
    const char *text;
    enum span_kind kind;
};

/*
 * Calendar parts read from files (iCalendar holidays, closures, openings).
 * Each kind is one entry of file_kinds[]: the option that names it and the
 * function that adds the file's contents to a builder. The iCalendar
 * loaders plug in here.
 */
struct options;

struct file_kind {
    const char *option;
    int (*load)(sla_calendar_builder *b, const char *path, const struct options *o,
                sla_diag *diag);
};

struct file_opt {
    const struct file_kind *kind;
    const char *path;
};

struct options {
    const char *tz;
    const char *hours;
    const char *tzdir;
    bool epoch;
    const char **holidays;
    size_t n_holidays;
    struct span_opt *spans;
    size_t n_spans;
    struct file_opt *files;
    size_t n_files;
    /* iCalendar filters, for every file: keep/drop by category or summary */
    const char **ics_filters;
    char *ics_filter_kinds; /* 'k' keep category, 'c' drop category, 's' keep, 'S' drop */
    size_t n_ics_filters;
    char **args; /* command and its arguments */
    size_t n_args;
};

/* iCalendar options for a mode, with the command line's filters (and an
 * optional window of years); NULL on allocation failure. */
static sla_ics_options *ics_options(const struct options *o, int mode, int year_from,
                                    int year_to)
{
    sla_ics_options *opts = NULL;
    int r;

    if (sla_ics_options_new(&opts) != 0)
        return NULL;
    r = sla_ics_options_set_mode(opts, mode);
    for (size_t i = 0; r == 0 && i < o->n_ics_filters; i++) {
        const char *v = o->ics_filters[i];
        switch (o->ics_filter_kinds[i]) {
        case 'k': r = sla_ics_options_keep_category(opts, v); break;
        case 'c': r = sla_ics_options_drop_category(opts, v); break;
        case 's': r = sla_ics_options_keep_summary(opts, v); break;
        default: r = sla_ics_options_drop_summary(opts, v); break;
        }
    }
    if (r == 0 && year_from > 0)
        r = sla_ics_options_set_window(opts, year_from, year_to);
    if (r != 0) {
        sla_ics_options_free(opts);
        return NULL;
    }
    return opts;
}

static int load_ics(sla_calendar_builder *b, const char *path, const struct options *o, int mode,
                    sla_diag *diag)
{
    sla_ics_options *opts = ics_options(o, mode, 0, 0);
    int r;
    if (!opts)
        return SLA_ENOMEM;
    r = sla_calendar_builder_add_ics_file(b, path, opts, diag);
    sla_ics_options_free(opts);
    return r;
}

static int load_ics_holidays(sla_calendar_builder *b, const char *path, const struct options *o,
                             sla_diag *diag)
{
    return load_ics(b, path, o, SLA_ICS_HOLIDAYS, diag);
}

static int load_ics_openings(sla_calendar_builder *b, const char *path, const struct options *o,
                             sla_diag *diag)
{
    return load_ics(b, path, o, SLA_ICS_OPENING_HOURS, diag);
}

static const struct file_kind file_kinds[] = {
    {"holidays", load_ics_holidays},
    {"open-ics", load_ics_openings},
    {NULL, NULL},
};

static void options_free(struct options *o)
{
    free(o->holidays);
    free(o->spans);
    free(o->files);
    free(o->ics_filters);
    free(o->ics_filter_kinds);
    free(o->args);
}

static void usage_hint(void)
{
    fprintf(stderr, "Try '%s --help' for the commands and options.\n", tool_prog);
}

static void print_help(FILE *f)
{
    fprintf(f,
        "Usage: %s [OPTIONS] COMMAND [ARGS]\n"
        "Business-time arithmetic on a business-hours calendar (libsla %s).\n"
        "\n"
        "Commands:\n"
        "  add START DURATION   the deadline: START plus DURATION of open time; in business\n"
        "                       days (3bd): on the 3rd business date after START's, at the\n"
        "                       same wall-clock time (or that date's last closing)\n"
        "  sub END DURATION     the latest start that reaches END after DURATION of open time\n"
        "                       (or, in business days, after that many business days)\n"
        "  diff A B             open time between A and B, in seconds and as a duration\n"
        "                       (negative when B is before A), e.g. '28800 (8h)'\n"
        "  open T               whether the calendar is open at T, and until when\n"
        "  prev-open T          the start of the open period at T, or of the last one before\n"
        "  prev-close T         the end of the last open period that ended at or before T\n"
        "  days A B             the number of business dates with open time in [A, B)\n"
        "  batch                read lines 'OP,X,Y' from standard input and write one result\n"
        "                       line per non-empty input line (see below)\n"
        "  holidays FILE YEARS  list what an iCalendar file yields in YEARS (2025 or\n"
        "                       2025-2026): each date or span and its name, to check a\n"
        "                       holiday feed before using it (uses --tz and the filters)\n"
        "  demo                 worked examples on a built-in calendar (also: no command)\n"
        "\n"
        "Calendar options:\n"
        "  --tz ZONE            IANA time zone of the calendar (default UTC)\n"
        "  --hours TEXT         opening hours, OpenStreetMap opening_hours subset\n"
        "                       (default 'Mo-Fr 09:00-17:00'), e.g. 'Mo-Fr 08:00-16:00; PH off',\n"
        "                       '24/7', 'Mo-Fr 22:00-06:00', 'Mo-Fr 09:00-17:00; Dec 24 off'\n"
        "  --holiday DATE       a closed local date YYYY-MM-DD (repeatable)\n"
        "  --closed SPAN        a closed local span 'YYYY-MM-DD HH:MM-HH:MM' (repeatable);\n"
        "                       an end at or before the start is on the next day (so\n"
        "                       '2025-12-24 00:00-00:00' is the whole date), 24:00 is the\n"
        "                       end of the date\n"
        "  --open SPAN          an extra opening, same form as --closed (repeatable);\n"
        "                       closures win over openings\n"
        "  --holidays FILE      an iCalendar (.ics) file of holidays and closures: all-day\n"
        "                       events are holidays, timed events closed spans (repeatable)\n"
        "  --open-ics FILE      an iCalendar file whose events are open periods (repeatable;\n"
        "                       use --hours off when the file holds all the opening hours)\n"
        "  --ics-keep-category C   use only events of category C (repeatable; any match)\n"
        "  --ics-drop-category C   skip events of category C (repeatable; always wins)\n"
        "  --ics-keep TEXT      use only events whose name contains TEXT (repeatable)\n"
        "  --ics-drop TEXT      skip events whose name contains TEXT, e.g. 'Valentine'\n"
        "                       (repeatable); the filters apply to every file\n"
        "  --tzdir DIR          read compiled TZif zone files from DIR\n"
        "                       (default: the system tz database)\n"
        "\n",
        tool_prog, sla_version_string());
    fprintf(f,
        "Output options:\n"
        "  --epoch              print instants as epoch seconds instead of RFC 3339\n"
        "                       in the calendar's zone\n"
        "  -h, --help           show this help and exit\n"
        "  -V, --version        show the version and exit\n"
        "\n"
        "Instants: RFC 3339 with an offset or Z (2025-03-28T15:50:00Z,\n"
        "  2025-03-28T16:50:00+01:00), a local time in the calendar's zone\n"
        "  (2025-03-28 16:50, 2025-03-28T16:50:00), epoch seconds (1743177000), or 'now'.\n"
        "  A local time that occurs twice is its first occurrence; one inside a\n"
        "  spring-forward gap is read with the offset before the gap.\n"
        "Durations: 90, 90s, 15m, 2h, 1h30m, 3d (24 h of open time), 1w, PT15M, P1DT2H,\n"
        "  or business days: 3bd (a business date is a local date with open time).\n"
        "  add and sub refuse negative durations.\n"
        "Holidays: when an answer lies past the last date the holiday sources cover\n"
        "  (an iCalendar feed that stops, the last year given with --holiday), a warning\n"
        "  goes to standard error; the answer is still printed.\n"
        "\n"
        "Batch: each line is 'OP,X,Y' or 'OP,X' with OP one of add, sub, diff, add_days,\n"
        "  sub_days (two arguments; add and sub also take 3bd) or is_open, next_open,\n"
        "  next_close, prev_open, prev_close (one). Output per line: an epoch second\n"
        "  (add, sub, add_days, sub_days, next_/prev_ open and close), seconds (diff),\n"
        "  0 or 1 (is_open), or 'error:NAME' (error:parse for unreadable X or Y,\n"
        "  error:invalid for an unknown operation or wrong number of fields,\n"
        "  error:range, error:never, ...).\n"
        "  Spaces around fields and CRLF line ends are ignored; empty lines give no output.\n"
        "\n"
        "Exit status: 0 success, 1 the command failed (bad zone, hours, instant, duration,\n"
        "  a result outside 1970-2199, a calendar that never opens), 2 usage error.\n"
        "\n"
        "Examples:\n"
        "  %s --tz Europe/Oslo add '2025-03-21 16:50' 15m\n"
        "  %s --tz America/New_York --hours 'Mo-Fr 09:00-17:00; PH off' \\\n"
        "           --holiday 2025-07-04 diff 2025-07-03T12:00:00Z 2025-07-07T12:00:00Z\n"
        "  printf 'add,1743177000,900\\nis_open,1743177000\\n' | %s --tz Europe/Oslo batch\n",
        tool_prog, tool_prog, tool_prog);
}

/* Whether `arg` names option `name` ("--name" or "--name=value"); sets *value. */
static bool match_option(const char *arg, const char *name, const char **value)
{
    size_t n = strlen(name);
    if (strncmp(arg + 2, name, n) != 0)
        return false;
    if (arg[2 + n] == '\0') {
        *value = NULL;
        return true;
    }
    if (arg[2 + n] == '=') {
        *value = arg + 3 + n;
        return true;
    }
    return false;
}

/* Parse argv into *o. Returns -1 to continue, or an exit status. */
static int parse_args(int argc, char **argv, struct options *o)
{
    static const char *const with_value[] = {"tz",       "hours",
                                             "holiday",  "closed",
                                             "open",     "tzdir",
                                             "ics-keep-category", "ics-drop-category",
                                             "ics-keep", "ics-drop"};
    bool options_done = false;

    o->tz = "UTC";
    o->hours = "Mo-Fr 09:00-17:00";
    o->args = xrealloc(NULL, sizeof(char *) * (size_t)argc);

    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (options_done || arg[0] != '-' || arg[1] == '\0' ||
            (arg[1] != '-' && arg[1] != 'h' && arg[1] != 'V')) {
            /* Positional; "-15m" is a (negative) duration, not an option. */
            o->args[o->n_args++] = argv[i];
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            options_done = true;
            continue;
        }
        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            print_help(stdout);
            return EXIT_OK;
        }
        if (strcmp(arg, "-V") == 0 || strcmp(arg, "--version") == 0) {
            printf("sla-calc %s (libsla %s)\n", SLA_VERSION_STRING, sla_version_string());
            return EXIT_OK;
        }
        if (arg[1] != '-') {
            fprintf(stderr, "%s: unknown option '%s'\n", tool_prog, arg);
            usage_hint();
            return EXIT_USAGE;
        }
        const char *value = NULL;
        if (match_option(arg, "epoch", &value)) {
            if (value) {
                fprintf(stderr, "%s: --epoch takes no value\n", tool_prog);
                return EXIT_USAGE;
            }
            o->epoch = true;
            continue;
        }
        /* Options that take a value: "--name value" or "--name=value". */
        const char *name = NULL;
        for (size_t k = 0; k < sizeof with_value / sizeof *with_value && !name; k++)
            if (match_option(arg, with_value[k], &value))
                name = with_value[k];
        const struct file_kind *fk = NULL;
        for (const struct file_kind *k = file_kinds; k->option && !name; k++)
            if (match_option(arg, k->option, &value)) {
                name = k->option;
                fk = k;
            }
        if (!name) {
            fprintf(stderr, "%s: unknown option '%s'\n", tool_prog, arg);
            usage_hint();
            return EXIT_USAGE;
        }
        if (!value) {
            if (i + 1 >= argc) {
                fprintf(stderr, "%s: option --%s needs a value\n", tool_prog, name);
                usage_hint();
                return EXIT_USAGE;
            }
            value = argv[++i];
        }
        if (fk) {
            o->files = xrealloc(o->files, sizeof *o->files * (o->n_files + 1));
            o->files[o->n_files++] = (struct file_opt){fk, value};
        } else if (strcmp(name, "tz") == 0) {
            o->tz = value;
        } else if (strcmp(name, "hours") == 0) {
            o->hours = value;
        } else if (strcmp(name, "tzdir") == 0) {
            o->tzdir = value;
        } else if (strncmp(name, "ics-", 4) == 0) {
            char kind = strcmp(name, "ics-keep-category") == 0   ? 'k'
                        : strcmp(name, "ics-drop-category") == 0 ? 'c'
                        : strcmp(name, "ics-keep") == 0          ? 's'
                                                                 : 'S';
            o->ics_filters = xrealloc(o->ics_filters, sizeof *o->ics_filters * (o->n_ics_filters + 1));
            o->ics_filter_kinds = xrealloc(o->ics_filter_kinds, o->n_ics_filters + 1);
            o->ics_filters[o->n_ics_filters] = value;
            o->ics_filter_kinds[o->n_ics_filters++] = kind;
        } else if (strcmp(name, "holiday") == 0) {
            o->holidays = xrealloc(o->holidays, sizeof *o->holidays * (o->n_holidays + 1));
            o->holidays[o->n_holidays++] = value;
        } else {
            o->spans = xrealloc(o->spans, sizeof *o->spans * (o->n_spans + 1));
            o->spans[o->n_spans++] =
                (struct span_opt){value, strcmp(name, "open") == 0 ? SPAN_OPEN : SPAN_CLOSED};
        }
    }
    return -1;
}

/* ------------------------------------------------------------------------ */
/* Building the calendar                                                    */
/* ------------------------------------------------------------------------ */

/* Quote `text` with a caret under column `col`; a long text only around the
 * column (at most 72 bytes), never whole. */
static void quote_text(const char *text, int col)
{
    size_t len = strlen(text), from, to;
    from = len > 72 && (size_t)col > 36 ? (size_t)col - 36 : 0;
    to = from + 72 < len ? from + 72 : len;
    if (to - from < 72 && to == len && len > 72)
        from = len - 72;
    fprintf(stderr, "  %s%.*s%s\n  %*s^\n", from ? "..." : "", (int)(to - from), text + from,
            to < len ? "..." : "", (int)((size_t)col - 1 - from + (from ? 3 : 0)), "");
}

/* Print a parse diagnostic for `what` with a caret under the column. */
static void report_diag(const char *what, const char *text, const sla_diag *diag, int code)
{
    const char *msg = diag ? sla_diag_message(diag) : "";
    int col = diag ? sla_diag_column(diag) : 0;
    fprintf(stderr, "%s: %s: %s\n", tool_prog, what, *msg ? msg : sla_strerror(code));
    if (text && col > 0 && strchr(text, '\n') == NULL) {
        quote_text(text, col);
    }
}

/* "YYYY-MM-DD HH:MM-HH:MM" (a 'T' may stand for the space) as an instant span. */
static int local_span(const sla_calendar_builder *b, const char *text, int64_t *ret_start,
                      int64_t *ret_end)
{
    const char *p = text;
    int y, m, d, s0, s1;
    while (*p == ' ')
        p++;
    if (!read_date(&p, &y, &m, &d) || (*p != ' ' && *p != 'T'))
        return SLA_EPARSE;
    while (*p == ' ' || *p == 'T')
        p++;
    if (!read_clock(&p, &s0) || *p++ != '-' || !read_clock(&p, &s1))
        return SLA_EPARSE;
    while (*p == ' ')
        p++;
    if (*p != '\0' || s0 == 86400)
        return SLA_EPARSE;
    int64_t day = civil_days(y, m, d);
    int64_t end_day = s1 <= s0 ? day + 1 : day;
    if (s1 == 86400) {
        end_day++;
        s1 = 0;
    }
    int ey, em, ed;
    civil_date(end_day, &ey, &em, &ed);
    int r = sla_calendar_builder_local_time(b, y, m, d, s0 / 3600, s0 / 60 % 60, s0 % 60,
                                            ret_start);
    if (r == 0)
        r = sla_calendar_builder_local_time(b, ey, em, ed, s1 / 3600, s1 / 60 % 60, s1 % 60,
                                            ret_end);
    return r;
}

static int build_calendar(const struct options *o, sla_calendar **ret)
{
    sla_calendar_builder *b = NULL;
    sla_diag *diag = NULL;
    int status = EXIT_FAIL;
    int r;

    if (sla_diag_new(&diag) != 0) {
        fprintf(stderr, "%s: out of memory\n", tool_prog);
        return EXIT_FAIL;
    }
    if (tool_builder_new("--tz", o->tz, o->tzdir, &b) != 0)
        goto out;
    r = sla_calendar_builder_set_hours(b, o->hours, diag);
    if (r != 0) {
        report_diag("--hours", o->hours, diag, r);
        goto out;
    }
    for (size_t i = 0; i < o->n_holidays; i++)
        if (tool_add_holiday(b, "--holiday", o->holidays[i]) != 0)
            goto out;
    for (size_t i = 0; i < o->n_spans; i++) {
        const struct span_opt *sp = &o->spans[i];
        const char *opt = sp->kind == SPAN_OPEN ? "--open" : "--closed";
        int64_t s, e;
        r = local_span(b, sp->text, &s, &e);
        if (r == 0)
            r = sp->kind == SPAN_OPEN ? sla_calendar_builder_add_opening(b, s, e)
                                      : sla_calendar_builder_add_closure(b, s, e);
        if (r == SLA_EPARSE) {
            fprintf(stderr,
                    "%s: %s '%s': expected a local span 'YYYY-MM-DD HH:MM-HH:MM', "
                    "e.g. '2025-12-24 12:00-17:00'\n",
                    tool_prog, opt, sp->text);
            goto out;
        } else if (r != 0) {
            fprintf(stderr, "%s: %s '%s': %s\n", tool_prog, opt, sp->text, sla_strerror(r));
            goto out;
        }
    }
    for (size_t i = 0; i < o->n_files; i++) {
        const struct file_opt *f = &o->files[i];
        r = f->kind->load(b, f->path, o, diag);
        if (r != 0) {
            char what[512];
            snprintf(what, sizeof what, "--%s %s", f->kind->option, f->path);
            report_diag(what, NULL, diag, r);
            goto out;
        }
    }
    r = sla_calendar_builder_compile(b, ret);
    if (r != 0) {
        fprintf(stderr, "%s: cannot compile the calendar: %s\n", tool_prog, sla_strerror(r));
        goto out;
    }
    status = EXIT_OK;
out:
    sla_calendar_builder_free(b);
    sla_diag_free(diag);
    return status;
}

/* ------------------------------------------------------------------------ */
/* Single commands                                                          */
/* ------------------------------------------------------------------------ */

struct ctx {
    const struct options *opt;
    sla_calendar *cal;
};

static bool get_instant(const struct ctx *c, const char *what, const char *text, int64_t *ret)
{
    if (strcmp(text, "now") == 0) {
        *ret = (int64_t)time(NULL);
        return true;
    }
    sla_diag *diag = NULL;
    (void)sla_diag_new(&diag);
    int r = sla_parse_instant(c->cal, text, ret, diag);
    if (r != 0) {
        char buf[160];
        snprintf(buf, sizeof buf, "%s '%s'", what, text);
        report_diag(buf, text, diag, r);
        fprintf(stderr,
                "  write an instant as 2025-03-28T16:50:00+01:00, 2025-03-28T15:50:00Z, a local "
                "time '2025-03-28 16:50' (in %s) or epoch seconds\n",
                sla_calendar_zone(c->cal));
    }
    sla_diag_free(diag);
    return r == 0;
}

static bool get_duration(const char *what, const char *text, const char *other_op, int64_t *ret,
                         int *ret_unit)
{
    sla_diag *diag = NULL;
    (void)sla_diag_new(&diag);
    int r = sla_parse_duration_unit(text, ret, ret_unit, diag);
    if (r != 0) {
        char buf[160];
        snprintf(buf, sizeof buf, "%s '%s'", what, text);
        report_diag(buf, text, diag, r);
        fprintf(stderr, "  write a duration as 90, 90s, 15m, 2h, 1h30m, 3d, PT15M or 3bd "
                        "(business days)\n");
    } else if (*ret < 0) {
        fprintf(stderr, "%s: %s '%s' is negative; add and sub take a duration >= 0 "
                        "(to go the other way, use %s with '%s')\n",
                tool_prog, what, text, other_op, text + 1);
        r = SLA_EINVAL;
    }
    sla_diag_free(diag);
    return r == 0;
}

static void print_instant(const struct ctx *c, int64_t t)
{
    if (c->opt->epoch) {
        printf("%lld", (long long)t);
        return;
    }
    char buf[64];
    int n = sla_format_instant(c->cal, t, buf, sizeof buf);
    if (n < 0)
        printf("%lld", (long long)t);
    else
        fputs(buf, stdout);
}

static int fail_op(const char *op, int r)
{
    bool back = !strcmp(op, "sub") || !strcmp(op, "prev-open") || !strcmp(op, "prev-close");
    bool days = strchr(op, '(') != NULL; /* "add (business days)" */
    switch (r) {
    case SLA_ERANGE:
        fprintf(stderr, "%s: %s: the result would fall outside the supported range "
                        "(1970-01-01 to 2199-12-31 UTC)\n",
                tool_prog, op);
        break;
    case SLA_ENEVER:
        if (!strcmp(op, "prev-open") || !strcmp(op, "prev-close"))
            fprintf(stderr, "%s: %s: no open period %s at or before that instant since 1970 "
                            "(the calendar never opened before it, or has been open since "
                            "before 1970)\n",
                    tool_prog, op, strcmp(op, "prev-open") ? "ended" : "started");
        else if (back)
            fprintf(stderr, "%s: %s: the calendar never had that much open time before "
                            "(it was not open enough since 1970); check --hours and --closed\n",
                    tool_prog, op);
        else if (days && !strncmp(op, "sub", 3))
            fprintf(stderr, "%s: %s: the calendar had not that many business days before "
                            "(since 1970); check --hours and --closed\n",
                    tool_prog, op);
        else if (days)
            fprintf(stderr, "%s: %s: the calendar never has that many business days again "
                            "(it stops opening before 2200); check --hours and --closed\n",
                    tool_prog, op);
        else
            fprintf(stderr, "%s: %s: the calendar never has that much open time again "
                            "(it never reopens before 2200); check --hours and --closed\n",
                    tool_prog, op);
        break;
    default:
        fprintf(stderr, "%s: %s: %s\n", tool_prog, op, sla_strerror(r));
        break;
    }
    return EXIT_FAIL;
}

static int cmd_add_sub(const struct ctx *c, char **args, bool sub)
{
    int64_t t, d, u;
    int unit = SLA_UNIT_SECONDS, r;
    if (!get_instant(c, sub ? "END" : "START", args[0], &t) ||
        !get_duration("DURATION", args[1], sub ? "add" : "sub", &d, &unit))
        return EXIT_FAIL;
    if (unit == SLA_UNIT_BUSINESS_DAYS)
        r = sub ? sla_calendar_sub_days(c->cal, t, d, &u) : sla_calendar_add_days(c->cal, t, d, &u);
    else
        r = sub ? sla_calendar_sub(c->cal, t, d, &u) : sla_calendar_add(c->cal, t, d, &u);
    if (r != 0)
        return fail_op(unit == SLA_UNIT_BUSINESS_DAYS ? (sub ? "sub (business days)"
                                                             : "add (business days)")
                                                      : (sub ? "sub" : "add"),
                       r);
    print_instant(c, u);
    putchar('\n');
    tool_horizon_warn(c->cal, sub ? t : u, sub ? "END" : "the deadline");
    return EXIT_OK;
}

static int cmd_add(const struct ctx *c, char **args) { return cmd_add_sub(c, args, false); }
static int cmd_sub(const struct ctx *c, char **args) { return cmd_add_sub(c, args, true); }

static int cmd_diff(const struct ctx *c, char **args)
{
    int64_t a, b, d;
    if (!get_instant(c, "A", args[0], &a) || !get_instant(c, "B", args[1], &b))
        return EXIT_FAIL;
    int r = sla_calendar_diff(c->cal, a, b, &d);
    if (r != 0)
        return fail_op("diff", r);
    char buf[64];
    if (sla_format_duration(d, buf, sizeof buf) < 0)
        buf[0] = '\0';
    printf("%lld (%s)\n", (long long)d, buf);
    tool_horizon_warn(c->cal, a > b ? a : b, a > b ? "A" : "B");
    return EXIT_OK;
}

static int cmd_days(const struct ctx *c, char **args)
{
    int64_t a, b;
    size_t n;
    if (!get_instant(c, "A", args[0], &a) || !get_instant(c, "B", args[1], &b))
        return EXIT_FAIL;
    if (b < a) {
        fprintf(stderr, "%s: days: B is before A; give the earlier instant first\n", tool_prog);
        return EXIT_FAIL;
    }
    int r = sla_calendar_count_days(c->cal, a, b, &n);
    if (r != 0)
        return fail_op("days", r);
    printf("%zu\n", n);
    tool_horizon_warn(c->cal, b, "B");
    return EXIT_OK;
}

static int cmd_prev(const struct ctx *c, char **args, bool close)
{
    int64_t t, u;
    if (!get_instant(c, "T", args[0], &t))
        return EXIT_FAIL;
    int r = close ? sla_calendar_prev_close(c->cal, t, &u) : sla_calendar_prev_open(c->cal, t, &u);
    if (r != 0)
        return fail_op(close ? "prev-close" : "prev-open", r);
    print_instant(c, u);
    putchar('\n');
    tool_horizon_warn(c->cal, t, "T");
    return EXIT_OK;
}

static int cmd_prev_open(const struct ctx *c, char **args) { return cmd_prev(c, args, false); }
static int cmd_prev_close(const struct ctx *c, char **args) { return cmd_prev(c, args, true); }

static int cmd_open(const struct ctx *c, char **args)
{
    int64_t t, next;
    int open;
    if (!get_instant(c, "T", args[0], &t))
        return EXIT_FAIL;
    int r = sla_calendar_is_open(c->cal, t, &open);
    if (r != 0)
        return fail_op("open", r);
    r = open ? sla_calendar_next_close(c->cal, t, &next) : sla_calendar_next_open(c->cal, t, &next);
    if (r == SLA_ENEVER) {
        puts(open ? "open (never closes before 2200)" : "closed (never opens again before 2200)");
        tool_horizon_warn(c->cal, t, "T");
        return EXIT_OK;
    }
    if (r != 0)
        return fail_op("open", r);
    fputs(open ? "open until " : "closed until ", stdout);
    print_instant(c, next);
    putchar('\n');
    tool_horizon_warn(c->cal, next, open ? "the closing" : "the opening");
    return EXIT_OK;
}

/* ------------------------------------------------------------------------ */
/* Batch                                                                    */
/* ------------------------------------------------------------------------ */

#define IN_SIZE (1u << 20)   /* input block; also the longest line accepted */
#define OUT_SIZE (1u << 16)

struct outbuf {
    char data[OUT_SIZE];
    size_t len;
    bool failed;
};

static void out_flush(struct outbuf *o)
{
    if (o->len && fwrite(o->data, 1, o->len, stdout) != o->len)
        o->failed = true;
    o->len = 0;
}

static void out_str(struct outbuf *o, const char *s, size_t n)
{
    if (o->len + n > OUT_SIZE)
        out_flush(o);
    memcpy(o->data + o->len, s, n);
    o->len += n;
}

static void out_int(struct outbuf *o, int64_t v)
{
    char tmp[24];
    char *p = tmp + sizeof tmp;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    *--p = '\n';
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *--p = '-';
    out_str(o, p, (size_t)(tmp + sizeof tmp - p));
}

static void out_error(struct outbuf *o, int code)
{
    const char *name = sla_error_name(code);
    out_str(o, "error:", 6);
    out_str(o, name, strlen(name));
    out_str(o, "\n", 1);
}

/* Plain decimal digits (up to 18) as a non-negative integer. */
static inline bool fast_uint(const char *s, size_t n, int64_t *ret)
{
    if (n == 0 || n > 18)
        return false;
    int64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned c = (unsigned)(unsigned char)s[i] - '0';
        if (c > 9)
            return false;
        v = v * 10 + (int64_t)c;
    }
    *ret = v;
    return true;
}

static int batch_instant(const sla_calendar *cal, char *s, size_t n, int64_t *ret)
{
    if (fast_uint(s, n, ret))
        return 0;
    return sla_parse_instant(cal, s, ret, NULL);
}

static int batch_duration(char *s, size_t n, int64_t *ret, int *ret_unit)
{
    *ret_unit = SLA_UNIT_SECONDS;
    if (fast_uint(s, n, ret))
        return 0;
    return sla_parse_duration_unit(s, ret, ret_unit, NULL);
}

/* A number of business days: plain digits. */
static int batch_days(char *s, size_t n, int64_t *ret)
{
    if (fast_uint(s, n, ret))
        return 0;
    return SLA_EPARSE;
}

/* Operations with two arguments come first (OP_SUB_DAYS is the last). */
enum batch_op {
    OP_ADD,
    OP_SUB,
    OP_DIFF,
    OP_ADD_DAYS,
    OP_SUB_DAYS,
    OP_IS_OPEN,
    OP_NEXT_OPEN,
    OP_NEXT_CLOSE,
    OP_PREV_OPEN,
    OP_PREV_CLOSE,
    OP_UNKNOWN
};

static enum batch_op batch_op_of(const char *s, size_t n)
{
    switch (n) {
    case 3:
        if (memcmp(s, "add", 3) == 0)
            return OP_ADD;
        if (memcmp(s, "sub", 3) == 0)
            return OP_SUB;
        break;
    case 4:
        if (memcmp(s, "diff", 4) == 0)
            return OP_DIFF;
        break;
    case 7:
        if (memcmp(s, "is_open", 7) == 0)
            return OP_IS_OPEN;
        break;
    case 8:
        if (memcmp(s, "add_days", 8) == 0)
            return OP_ADD_DAYS;
        if (memcmp(s, "sub_days", 8) == 0)
            return OP_SUB_DAYS;
        break;
    case 9:
        if (memcmp(s, "next_open", 9) == 0)
            return OP_NEXT_OPEN;
        if (memcmp(s, "prev_open", 9) == 0)
            return OP_PREV_OPEN;
        break;
    case 10:
        if (memcmp(s, "next_close", 10) == 0)
            return OP_NEXT_CLOSE;
        if (memcmp(s, "prev_close", 10) == 0)
            return OP_PREV_CLOSE;
        break;
    default:
        break;
    }
    return OP_UNKNOWN;
}

static inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

/* The holiday horizon of the batch calendar, and the answers past it. */
static int64_t batch_horizon = INT64_MAX;
static size_t batch_past;

/* One line (no newline, may be modified in place) -> one output line. */
static void batch_line(const sla_calendar *cal, char *line, size_t len, long lineno,
                       struct outbuf *out)
{
    char *field[3];
    size_t flen[3];
    size_t nf = 0;
    size_t i = 0;
    const char *nul = memchr(line, '\0', len);

    /* A NUL byte would cut a field short and give a different answer. */
    if (nul) {
        static const char *const names[] = {"OP", "X", "Y"};
        size_t k = 0;
        for (const char *q = line; q < nul; q++)
            k += *q == ',';
        fprintf(stderr, "%s: batch: line %ld: field %zu (%s) holds a NUL byte\n", tool_prog,
                lineno, k + 1, k < 3 ? names[k] : "extra");
        out_error(out, SLA_EPARSE);
        return;
    }

    while (len > 0 && is_space(line[len - 1]))
        len--;
    while (i < len && is_space(line[i]))
        i++;
    if (i == len)
        return; /* empty line: no output */

    /* Split on commas, trimming each field and terminating it with NUL. */
    for (;;) {
        size_t start = i;
        while (i < len && line[i] != ',')
            i++;
        size_t end = i;
        while (start < end && is_space(line[start]))
            start++;
        while (end > start && is_space(line[end - 1]))
            end--;
        if (nf == 3) {
            out_error(out, SLA_EINVAL);
            return;
        }
        field[nf] = line + start;
        flen[nf] = end - start;
        nf++;
        if (i == len) {
            line[end] = '\0';
            break;
        }
        line[end] = '\0';
        i++;
    }

    enum batch_op op = batch_op_of(field[0], flen[0]);
    size_t want = op <= OP_SUB_DAYS ? 3 : 2;
    if (op == OP_UNKNOWN || nf != want) {
        out_error(out, SLA_EINVAL);
        return;
    }

    int64_t x, y, v;
    int open = 0, unit = SLA_UNIT_SECONDS;
    int r = batch_instant(cal, field[1], flen[1], &x);
    if (r == 0 && op == OP_DIFF)
        r = batch_instant(cal, field[2], flen[2], &y);
    else if (r == 0 && (op == OP_ADD || op == OP_SUB))
        r = batch_duration(field[2], flen[2], &y, &unit);
    else if (r == 0 && (op == OP_ADD_DAYS || op == OP_SUB_DAYS))
        r = batch_days(field[2], flen[2], &y);
    if (r != 0) {
        out_error(out, r);
        return;
    }
    if (unit == SLA_UNIT_BUSINESS_DAYS)
        op = op == OP_ADD ? OP_ADD_DAYS : OP_SUB_DAYS;
    switch (op) {
    case OP_ADD: r = sla_calendar_add(cal, x, y, &v); break;
    case OP_SUB: r = sla_calendar_sub(cal, x, y, &v); break;
    case OP_DIFF: r = sla_calendar_diff(cal, x, y, &v); break;
    case OP_IS_OPEN:
        r = sla_calendar_is_open(cal, x, &open);
        v = open;
        break;
    case OP_NEXT_OPEN: r = sla_calendar_next_open(cal, x, &v); break;
    case OP_NEXT_CLOSE: r = sla_calendar_next_close(cal, x, &v); break;
    case OP_ADD_DAYS: r = sla_calendar_add_days(cal, x, y, &v); break;
    case OP_SUB_DAYS: r = sla_calendar_sub_days(cal, x, y, &v); break;
    case OP_PREV_OPEN: r = sla_calendar_prev_open(cal, x, &v); break;
    case OP_PREV_CLOSE: r = sla_calendar_prev_close(cal, x, &v); break;
    default: r = SLA_EINVAL; break;
    }
    if (r != 0) {
        out_error(out, r);
        return;
    }
    out_int(out, v);
    /* past the holiday horizon: counted, one warning at the end */
    if (x >= batch_horizon || (op == OP_DIFF && y >= batch_horizon) ||
        (op != OP_IS_OPEN && op != OP_DIFF && v >= batch_horizon))
        batch_past++;
}

static int cmd_batch(const struct ctx *c, char **args)
{
    (void)args;
    static char in[IN_SIZE];
    static struct outbuf out;
    size_t have = 0;     /* bytes in `in` */
    bool skipping = false; /* inside an over-long line */
    bool eof = false;
    long lineno = 0;
    char date[64];

    if (tool_horizon_passed(c->cal, SLA_TIME_MAX - 1, date, sizeof date)) {
        int bounded;
        (void)sla_calendar_holiday_horizon(c->cal, &batch_horizon, &bounded);
    }

    while (!eof) {
        size_t got = fread(in + have, 1, IN_SIZE - have, stdin);
        if (got == 0) {
            if (ferror(stdin)) {
                out_flush(&out);
                fprintf(stderr, "%s: batch: error reading standard input: %s\n", tool_prog,
                        strerror(errno));
                return EXIT_FAIL;
            }
            eof = true;
        }
        have += got;
        char *p = in;
        char *end = in + have;
        for (;;) {
            char *nl = memchr(p, '\n', (size_t)(end - p));
            if (!nl)
                break;
            lineno++;
            if (skipping)
                skipping = false;
            else
                batch_line(c->cal, p, (size_t)(nl - p), lineno, &out);
            p = nl + 1;
        }
        size_t rest = (size_t)(end - p);
        if (eof) {
            if (rest && !skipping)
                batch_line(c->cal, p, rest, lineno + 1, &out);
            have = 0;
        } else if (rest == IN_SIZE) {
            /* A line longer than the buffer: answer it once, drop the rest. */
            if (!skipping)
                out_error(&out, SLA_EINVAL);
            skipping = true;
            have = 0;
        } else {
            memmove(in, p, rest);
            have = rest;
        }
    }
    out_flush(&out);
    if (fflush(stdout) != 0 || out.failed) {
        fprintf(stderr, "%s: batch: error writing standard output: %s\n", tool_prog, strerror(errno));
        return EXIT_FAIL;
    }
    if (batch_past)
        fprintf(stderr,
                "%s: warning: %zu answer%s lie%s past %s, the last date the holiday sources "
                "cover; later holidays are missing and count as working days\n",
                tool_prog, batch_past, batch_past == 1 ? "" : "s", batch_past == 1 ? "s" : "",
                date);
    return EXIT_OK;
}

/* ------------------------------------------------------------------------ */
/* Demo                                                                     */
/* ------------------------------------------------------------------------ */

static const char *const demo_holidays[] = {"2025-04-17", "2025-04-18", "2025-04-21",
                                            "2025-05-01", "2025-05-17", "2025-05-29",
                                            "2025-06-09", "2025-12-25", "2025-12-26"};

static const char *const weekday_names[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

/* "HH:MM" of instant t in the calendar's zone (from its RFC 3339 text). */
static void hhmm(const sla_calendar *cal, int64_t t, char out[6])
{
    char buf[64];
    if (sla_format_instant(cal, t, buf, sizeof buf) >= 16)
        memcpy(out, buf + 11, 5);
    else
        memcpy(out, "??:??", 5);
    out[5] = '\0';
}

/* One line per local date: the open periods that start on it. */
static void demo_week(const sla_calendar *cal, int y, int m, int d, int ndays)
{
    int64_t day0 = civil_days(y, m, d);
    for (int k = 0; k < ndays; k++) {
        int yy, mm, dd, ny, nm, nd;
        int64_t s, e, t;
        civil_date(day0 + k, &yy, &mm, &dd);
        civil_date(day0 + k + 1, &ny, &nm, &nd);
        if (sla_calendar_local_time(cal, yy, mm, dd, 0, 0, 0, &s) != 0 ||
            sla_calendar_local_time(cal, ny, nm, nd, 0, 0, 0, &e) != 0)
            return;
        printf("    %s %04d-%02d-%02d  ", weekday_names[civil_weekday(day0 + k)], yy, mm, dd);
        int n = 0;
        t = s;
        for (;;) {
            int64_t o, c;
            if (sla_calendar_next_open(cal, t, &o) != 0 || o >= e)
                break;
            if (sla_calendar_next_close(cal, o, &c) != 0)
                break;
            char a[6], b[6];
            hhmm(cal, o, a);
            hhmm(cal, c, b);
            printf("%s%s-%s", n++ ? ", " : "", a, b);
            t = c;
        }
        if (n == 0)
            printf("closed");
        int off0, off1;
        if (sla_calendar_utc_offset(cal, s, &off0) == 0 &&
            sla_calendar_utc_offset(cal, e - 1, &off1) == 0 && off0 != off1)
            printf("   (clocks change: UTC%+d -> UTC%+d)", off0 / 3600, off1 / 3600);
        for (size_t h = 0; h < sizeof demo_holidays / sizeof *demo_holidays; h++) {
            char date[11];
            snprintf(date, sizeof date, "%04d-%02d-%02d", yy, mm, dd);
            if (strcmp(date, demo_holidays[h]) == 0)
                printf("   (holiday)");
        }
        putchar('\n');
    }
}

static void demo_instant(const sla_calendar *cal, int64_t t)
{
    char buf[64];
    int off;
    if (sla_format_instant(cal, t, buf, sizeof buf) < 0 ||
        sla_calendar_utc_offset(cal, t, &off) != 0) {
        printf("%lld", (long long)t);
        return;
    }
    int64_t days = (t + off) / 86400;
    printf("%s %.10s %.5s", weekday_names[civil_weekday(days)], buf, buf + 11);
}

static int demo_add(const sla_calendar *cal, const char *title, const char *cmdline,
                    const char *start, const char *dur)
{
    int64_t t, d, u;
    if (sla_parse_instant(cal, start, &t, NULL) != 0 || sla_parse_duration(dur, &d, NULL) != 0 ||
        sla_calendar_add(cal, t, d, &u) != 0)
        return EXIT_FAIL;
    char full[64];
    sla_format_instant(cal, u, full, sizeof full);
    printf("  %s\n    $ %s\n    ", title, cmdline);
    demo_instant(cal, t);
    printf(" + %s of business time  ->  ", dur);
    demo_instant(cal, u);
    printf("\n    %s\n\n", full);
    return EXIT_OK;
}

static int cmd_demo(const struct ctx *c0, char **args)
{
    (void)c0;
    (void)args;
    struct options o = {0};
    sla_calendar *oslo = NULL, *night = NULL;
    int status = EXIT_FAIL;

    o.tz = "Europe/Oslo";
    o.hours = "Mo-Fr 09:00-17:00";
    o.tzdir = c0->opt->tzdir;
    o.holidays = (const char **)demo_holidays;
    o.n_holidays = sizeof demo_holidays / sizeof *demo_holidays;
    if (build_calendar(&o, &oslo) != EXIT_OK)
        goto out;
    o.tz = "Australia/Sydney";
    o.hours = "Mo-Fr 22:00-06:00";
    o.n_holidays = 0;
    if (build_calendar(&o, &night) != EXIT_OK)
        goto out;

    printf("sla-calc %s: business-time arithmetic with libsla\n\n", sla_version_string());
    printf("Calendar: Europe/Oslo, 'Mo-Fr 09:00-17:00', holidays");
    for (size_t h = 0; h < sizeof demo_holidays / sizeof *demo_holidays; h++)
        printf("%s%s", h ? ", " : " ", demo_holidays[h]);
    printf("\n\n  Week of 24 March 2025 (summer time starts on Sunday):\n");
    demo_week(oslo, 2025, 3, 24, 7);
    printf("  Easter 2025:\n");
    demo_week(oslo, 2025, 4, 16, 7);
    printf("\nWorked examples:\n\n");

    if (demo_add(oslo, "A 15-minute email reply for a message that arrives on Friday at 16:50:",
                 "sla-calc --tz Europe/Oslo add '2025-03-21 16:50' 15m", "2025-03-21 16:50",
                 "15m") != EXIT_OK)
        goto out;
    if (demo_add(oslo,
                 "Four hours of work from Friday 15:00, over the weekend the clocks go forward:",
                 "sla-calc --tz Europe/Oslo add '2025-03-28 15:00' 4h", "2025-03-28 15:00",
                 "4h") != EXIT_OK)
        goto out;
    if (demo_add(night,
                 "A night shift in Sydney (Mo-Fr 22:00-06:00): Friday's span runs into Saturday,\n"
                 "  and the deadline falls after the clocks go back on Sunday 6 April:",
                 "sla-calc --tz Australia/Sydney --hours 'Mo-Fr 22:00-06:00' add "
                 "'2025-04-05 03:00' 8h",
                 "2025-04-05 03:00", "8h") != EXIT_OK)
        goto out;

    int64_t a, b, d;
    char dbuf[32];
    if (sla_parse_instant(oslo, "2025-04-16 10:00", &a, NULL) != 0 ||
        sla_parse_instant(oslo, "2025-04-22 10:00", &b, NULL) != 0 ||
        sla_calendar_diff(oslo, a, b, &d) != 0 || sla_format_duration(d, dbuf, sizeof dbuf) < 0)
        goto out;
    printf("  Business time a ticket waited over Easter:\n"
           "    $ sla-calc --tz Europe/Oslo --holiday 2025-04-17 --holiday 2025-04-18 \\\n"
           "               --holiday 2025-04-21 diff '2025-04-16 10:00' '2025-04-22 10:00'\n"
           "    %lld (%s)   (wall clock: %lldh)\n\n",
           (long long)d, dbuf, (long long)((b - a) / 3600));
    printf("More: %s --help\n", tool_prog);
    status = EXIT_OK;
out:
    if (status != EXIT_OK)
        fprintf(stderr, "%s: the demo failed; is the tz database installed (--tzdir)?\n", tool_prog);
    sla_calendar_free(oslo);
    sla_calendar_free(night);
    return status;
}

/* ------------------------------------------------------------------------ */
/* Main                                                                     */
/* ------------------------------------------------------------------------ */

struct command {
    const char *name;
    size_t n_args;
    const char *usage;
    int (*run)(const struct ctx *c, char **args);
    bool needs_calendar;
};

/* holidays FILE YEARS: what a feed yields, for a person to check. */
static int cmd_holidays(const struct ctx *c, char **args)
{
    const struct options *o = c->opt;
    sla_ics_options *opts;
    sla_ics_list *list = NULL;
    sla_diag *diag = NULL;
    int y0 = 0, y1 = 0, n = 0, r;
    char tail;

    if (sscanf(args[1], "%d-%d%c", &y0, &y1, &tail) == 2 ||
        (sscanf(args[1], "%d%c", &y0, &tail) == 1 && (y1 = y0))) {
        if (y0 < 1970 || y1 > 2199 || y1 < y0)
            n = -1;
    } else {
        n = -1;
    }
    if (n < 0) {
        fprintf(stderr, "%s: holidays: YEARS must be a year or a range like 2025-2026 "
                        "within 1970-2199, not '%s'\n", tool_prog, args[1]);
        return EXIT_USAGE;
    }
    opts = ics_options(o, SLA_ICS_HOLIDAYS, y0, y1);
    if (!opts || sla_diag_new(&diag) != 0) {
        sla_ics_options_free(opts);
        fprintf(stderr, "%s: out of memory\n", tool_prog);
        return EXIT_FAIL;
    }
    r = sla_ics_list_new_file(args[0], o->tz, opts, &list, diag);
    if (r != 0) {
        char what[512];
        snprintf(what, sizeof what, "%s", args[0]);
        report_diag(what, NULL, diag, r);
    } else {
        sla_calendar *zone = NULL;
        size_t count = sla_ics_list_count(list);
        sla_calendar_new(o->tz, "24/7", &zone, NULL);
        for (size_t i = 0; i < count; i++) {
            const char *name = sla_ics_list_summary(list, i);
            if (sla_ics_list_is_all_day(list, i) == 1) {
                int32_t first = 0, last = 0;
                sla_ics_list_dates(list, i, &first, &last);
                if (first == last)
                    printf("%04d-%02d-%02d             %s\n", first / 10000, first / 100 % 100,
                           first % 100, name ? name : "");
                else
                    printf("%04d-%02d-%02d..%04d-%02d-%02d %s\n", first / 10000,
                           first / 100 % 100, first % 100, last / 10000, last / 100 % 100,
                           last % 100, name ? name : "");
            } else {
                int64_t s = 0, e = 0;
                char a[64], b[64];
                sla_ics_list_span(list, i, &s, &e);
                sla_format_instant(zone, s, a, sizeof a);
                sla_format_instant(zone, e, b, sizeof b);
                printf("%s .. %s closed  %s\n", a, b, name ? name : "");
            }
        }
        fprintf(stderr, "%zu instance%s in %d-%d (zone %s)\n", count, count == 1 ? "" : "s", y0,
                y1, o->tz);
        sla_calendar_free(zone);
    }
    sla_ics_list_free(list);
    sla_ics_options_free(opts);
    sla_diag_free(diag);
    return r == 0 ? EXIT_OK : EXIT_FAIL;
}

static const struct command commands[] = {
    {"add", 2, "add START DURATION", cmd_add, true},
    {"sub", 2, "sub END DURATION", cmd_sub, true},
    {"diff", 2, "diff A B", cmd_diff, true},
    {"open", 1, "open T", cmd_open, true},
    {"prev-open", 1, "prev-open T", cmd_prev_open, true},
    {"prev-close", 1, "prev-close T", cmd_prev_close, true},
    {"days", 2, "days A B", cmd_days, true},
    {"batch", 0, "batch < FILE", cmd_batch, true},
    {"holidays", 2, "holidays FILE YEARS", cmd_holidays, false},
    {"demo", 0, "demo", cmd_demo, false},
};

int main(int argc, char **argv)
{
    struct options o = {0};
    struct ctx c = {&o, NULL};
    tool_prog = "sla-calc";
    int status = parse_args(argc, argv, &o);
    if (status >= 0)
        goto out;

    const char *name = o.n_args ? o.args[0] : "demo";
    const struct command *cmd = NULL;
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (strcmp(name, commands[i].name) == 0)
            cmd = &commands[i];
    if (!cmd) {
        fprintf(stderr, "%s: unknown command '%s'; use add, sub, diff, open, prev-open, "
                "prev-close, days, batch, holidays or demo\n",
                tool_prog, name);
        usage_hint();
        status = EXIT_USAGE;
        goto out;
    }
    if (o.n_args > 0 && o.n_args - 1 != cmd->n_args) {
        fprintf(stderr, "%s: '%s' takes %zu argument%s: %s %s\n", tool_prog, name, cmd->n_args,
                cmd->n_args == 1 ? "" : "s", tool_prog, cmd->usage);
        usage_hint();
        status = EXIT_USAGE;
        goto out;
    }
    if (cmd->needs_calendar) {
        status = build_calendar(&o, &c.cal);
        if (status != EXIT_OK)
            goto out;
    }
    if (cmd->run == cmd_batch)
        setvbuf(stdout, NULL, _IOFBF, 1u << 16);
    status = cmd->run(&c, o.n_args ? o.args + 1 : o.args);
out:
    sla_calendar_free(c.cal);
    options_free(&o);
    if (fflush(stdout) != 0 && status == EXIT_OK) {
        fprintf(stderr, "%s: error writing standard output\n", tool_prog);
        status = EXIT_FAIL;
    }
    return status;
}
