/*
 * sla-staff: how many agents a helpdesk needs over the week, and what its
 * business hours leave uncovered, from an arrival log or a weekly profile.
 *
 *   sla-staff [OPTIONS] --log FILE.csv      arrivals, one row per contact
 *   sla-staff [OPTIONS] --profile FILE      336 contacts per half hour
 *   sla-staff [OPTIONS] [--demo]            a built-in generated profile
 *
 * The arrival profile is 336 half-hour buckets of the week (Monday
 * 00:00-00:30 first) in local wall-clock time of --tz. Agents per bucket
 * come from Erlang C (sla_staffing_table), or Erlang A with --patience; the
 * coverage gap from the business calendar (sla_coverage_gap).
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) The libsla authors
 */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <libsla/sla.h>

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

#define NB 336          /* half-hour buckets in a week */
#define BUCKET 1800     /* seconds per bucket */
#define PER_DAY 48
#define MAX_HOLIDAYS 512
#define MAX_BAD_SHOWN 5 /* bad log rows described one by one on stderr */

static const char *prog = "sla-staff";
static const char *const day_names[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

/* ------------------------------------------------------------------------ */
/* Small utilities                                                          */
/* ------------------------------------------------------------------------ */

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fprintf(stderr, "%s: out of memory\n", prog);
        exit(EXIT_FAIL);
    }
    return p;
}

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) {
        fprintf(stderr, "%s: out of memory\n", prog);
        exit(EXIT_FAIL);
    }
    return p;
}

static int64_t floordiv64(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static int64_t days_of_date(int64_t y, int m, int d)
{
    if (m <= 2)
        y--;
    int64_t era = floordiv64(y, 400);
    int64_t yoe = y - era * 400;
    int64_t mp = m > 2 ? m - 3 : m + 9;
    int64_t doy = (153 * mp + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void date_of_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = floordiv64(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* 0 = Monday ... 6 = Sunday; 1970-01-01 was a Thursday. */
static int weekday_of_days(int64_t days)
{
    return (int)(((days + 3) % 7 + 7) % 7);
}

static int month_length(int y, int m)
{
    static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return len[m - 1];
}

/* "YYYY-MM-DD" exactly. */
static bool parse_date(const char *s, int *y, int *m, int *d)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    *y = atoi(s);
    *m = atoi(s + 5);
    *d = atoi(s + 8);
    return *y >= 1970 && *y <= 2199 && *m >= 1 && *m <= 12 && *d >= 1 &&
           *d <= month_length(*y, *m);
}

static void format_date(int64_t days, char *buf, size_t size)
{
    int y, m, d;
    date_of_days(days, &y, &m, &d);
    snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
}

/* "Tue 17:30" of a bucket of the week. */
static void format_bucket(int b, char *buf, size_t size)
{
    int s = (b % PER_DAY) * 30;
    snprintf(buf, size, "%s %02d:%02d", day_names[b / PER_DAY], s / 60, s % 60);
}

static void format_hours(double secs, char *buf, size_t size)
{
    long m = lround(secs / 60.0);
    if (m >= 60)
        snprintf(buf, size, "%ldh%02ldm", m / 60, m % 60);
    else
        snprintf(buf, size, "%ldm", m);
}

/* ------------------------------------------------------------------------ */
/* Options                                                                  */
/* ------------------------------------------------------------------------ */

struct options {
    const char *log, *profile, *time_column, *tz, *hours, *svg;
    const char *from, *to, *week;
    const char *holidays[MAX_HOLIDAYS];
    size_t n_holidays;
    bool demo, csv, hourly, color, plain;
    double aht, level, answer_time, max_occupancy, shrinkage, patience;
};

static void usage_hint(void)
{
    fprintf(stderr, "Try '%s --help'.\n", prog);
}

static void help(void)
{
    printf(
        "Usage: %s [OPTIONS] [--log FILE.csv | --profile FILE | --demo]\n"
        "\n"
        "Agents needed per half hour of the week (Erlang C) and the coverage gap of\n"
        "the team's business hours, from an arrival log or an arrival profile.\n"
        "\n"
        "Input (one of; default --demo):\n"
        "  --log FILE.csv        one row per contact; a header row is detected. The\n"
        "                        timestamp may be RFC 3339 (2025-03-28T15:50:00Z, with\n"
        "                        an offset, or local time read in --tz), epoch seconds\n"
        "                        (a fraction is dropped), or Twitter's\n"
        "                        'Tue Oct 31 22:10:47 +0000 2017'\n"
        "  --time-column NAME    the timestamp column (header name, or a 1-based number);\n"
        "                        default: a column named like created_at/timestamp/time/\n"
        "                        date, else the first one that holds a timestamp\n"
        "  --from DATE, --to DATE  first and last local day (YYYY-MM-DD) of the log to\n"
        "                        use; default: from the first to the last busy day (a\n"
        "                        day with at least 1/4 of the median daily count)\n"
        "  --profile FILE        336 expected contacts per half hour, Monday 00:00 first,\n"
        "                        one per line or separated by commas; '#' starts a comment\n"
        "  --demo                a built-in profile with an evening peak\n"
        "\n"
        "Staffing:\n"
        "  --aht SECONDS         mean handle time (default 240; '4m' also works)\n"
        "  --target L/T          service level L %% answered within T s (default 80/20;\n"
        "                        chat is usually 80/30)\n"
        "  --max-occupancy X     highest share of time agents are busy (default 0.85;\n"
        "                        '85%%' also works)\n"
        "  --shrinkage X         share of paid time agents are unavailable (default 0.3)\n"
        "  --patience SECONDS    customers abandon after this mean wait: Erlang A\n"
        "                        instead of Erlang C (chat)\n"
        "\n"
        "Business calendar (for the coverage gap):\n"
        "  --tz ZONE             IANA zone of the profile and the hours (default UTC)\n"
        "  --hours TEXT          opening hours (default 'Mo-Fr 09:00-17:00')\n"
        "  --holiday DATE        a closed local date YYYY-MM-DD (repeatable)\n"
        "  --week DATE           the week whose calendar is compared with the profile\n"
        "                        (default: the week of the first --holiday, else the\n"
        "                        first week of the log, else 2025-01-13; a week with a\n"
        "                        DST change is passed over)\n"
        "\n"
        "Output:\n"
        "  --csv                 the table as CSV (day,start,contacts,agents,scheduled,\n"
        "                        open_fraction) instead of the report\n"
        "  --svg FILE            also write a chart as a self-contained SVG\n"
        "  --hourly              heat maps with 24 hourly columns (automatic when the\n"
        "                        terminal is narrow)\n"
        "  --color, --plain      force colour / plain ASCII heat maps (default: colour\n"
        "                        on a terminal unless NO_COLOR is set, then shade blocks;\n"
        "                        ASCII when not a terminal)\n"
        "  --help                this text\n"
        "\n"
        "Bad rows of a log are skipped and counted on stderr; the run fails only when\n"
        "no row is usable. Exit status: 0 success, 1 failure, 2 usage error.\n"
        "\n"
        "Example:\n"
        "  %s --log tickets.csv --tz Europe/London --hours 'Mo-Fr 08:00-18:00' \\\n"
        "            --aht 300 --target 80/60 --svg week.svg\n",
        prog, prog);
}

/* A finite number, the whole text. */
static bool parse_double(const char *s, double *ret)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || errno != 0 || !isfinite(v))
        return false;
    *ret = v;
    return true;
}

/* A share: "0.3" or "30%". */
static bool parse_share(const char *s, double *ret)
{
    char buf[64];
    size_t n = strlen(s);
    if (n == 0 || n >= sizeof buf)
        return false;
    memcpy(buf, s, n + 1);
    bool pct = buf[n - 1] == '%';
    if (pct)
        buf[n - 1] = '\0';
    if (!parse_double(buf, ret))
        return false;
    if (pct)
        *ret /= 100.0;
    return true;
}

/* A duration in seconds, > 0: "240", "4m", "PT4M". */
static bool parse_seconds(const char *s, double *ret)
{
    int64_t d;
    if (sla_parse_duration(s, &d, NULL) == 0 && d > 0) {
        *ret = (double)d;
        return true;
    }
    double v;
    if (parse_double(s, &v) && v > 0) {
        *ret = v;
        return true;
    }
    return false;
}

/* "80/20", "80%/20s", "0.8/20". */
static bool parse_target(const char *s, double *level, double *answer)
{
    char buf[64];
    if (strlen(s) >= sizeof buf)
        return false;
    strcpy(buf, s);
    char *slash = strchr(buf, '/');
    if (!slash)
        return false;
    *slash = '\0';
    char *l = buf, *t = slash + 1;
    size_t ll = strlen(l), tl = strlen(t);
    if (ll && l[ll - 1] == '%')
        l[--ll] = '\0';
    if (tl && (t[tl - 1] == 's' || t[tl - 1] == 'S'))
        t[--tl] = '\0';
    double lv, tv;
    if (!parse_double(l, &lv) || !parse_double(t, &tv) || tv < 0)
        return false;
    if (lv >= 1.0)
        lv /= 100.0;
    if (lv <= 0.0 || lv >= 1.0)
        return false;
    *level = lv;
    *answer = tv;
    return true;
}

/* 0 on success, EXIT_USAGE after a message. */
static int parse_options(int argc, char **argv, struct options *o, bool *want_help)
{
    static const char *const with_value[] = {
        "log", "profile", "time-column", "tz", "hours", "svg", "from", "to", "week",
        "holiday", "aht", "target", "max-occupancy", "shrinkage", "patience"};
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strncmp(arg, "--", 2) != 0) {
            fprintf(stderr, "%s: unexpected argument '%s'\n", prog, arg);
            usage_hint();
            return EXIT_USAGE;
        }
        char name[32];
        const char *value = NULL;
        const char *eq = strchr(arg + 2, '=');
        size_t nlen = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
        if (nlen >= sizeof name) {
            fprintf(stderr, "%s: unknown option '%s'\n", prog, arg);
            usage_hint();
            return EXIT_USAGE;
        }
        memcpy(name, arg + 2, nlen);
        name[nlen] = '\0';
        bool takes = false;
        for (size_t k = 0; k < sizeof with_value / sizeof *with_value; k++)
            if (strcmp(name, with_value[k]) == 0)
                takes = true;
        if (takes) {
            if (eq) {
                value = eq + 1;
            } else if (i + 1 < argc) {
                value = argv[++i];
            } else {
                fprintf(stderr, "%s: option --%s needs a value\n", prog, name);
                usage_hint();
                return EXIT_USAGE;
            }
        } else if (eq) {
            fprintf(stderr, "%s: option --%s takes no value\n", prog, name);
            usage_hint();
            return EXIT_USAGE;
        }

        bool ok = true;
        if (strcmp(name, "help") == 0)
            *want_help = true;
        else if (strcmp(name, "demo") == 0)
            o->demo = true;
        else if (strcmp(name, "csv") == 0)
            o->csv = true;
        else if (strcmp(name, "hourly") == 0)
            o->hourly = true;
        else if (strcmp(name, "color") == 0 || strcmp(name, "colour") == 0)
            o->color = true;
        else if (strcmp(name, "plain") == 0)
            o->plain = true;
        else if (strcmp(name, "log") == 0)
            o->log = value;
        else if (strcmp(name, "profile") == 0)
            o->profile = value;
        else if (strcmp(name, "time-column") == 0)
            o->time_column = value;
        else if (strcmp(name, "tz") == 0)
            o->tz = value;
        else if (strcmp(name, "hours") == 0)
            o->hours = value;
        else if (strcmp(name, "svg") == 0)
            o->svg = value;
        else if (strcmp(name, "from") == 0 || strcmp(name, "to") == 0 ||
                 strcmp(name, "week") == 0 || strcmp(name, "holiday") == 0) {
            int y, m, d;
            ok = parse_date(value, &y, &m, &d);
            if (ok && name[0] == 'f')
                o->from = value;
            else if (ok && name[0] == 't')
                o->to = value;
            else if (ok && name[0] == 'w')
                o->week = value;
            else if (ok) {
                if (o->n_holidays == MAX_HOLIDAYS) {
                    fprintf(stderr, "%s: more than %d holidays\n", prog, MAX_HOLIDAYS);
                    return EXIT_USAGE;
                }
                o->holidays[o->n_holidays++] = value;
            }
        } else if (strcmp(name, "aht") == 0)
            ok = parse_seconds(value, &o->aht);
        else if (strcmp(name, "patience") == 0)
            ok = parse_seconds(value, &o->patience);
        else if (strcmp(name, "target") == 0)
            ok = parse_target(value, &o->level, &o->answer_time);
        else if (strcmp(name, "max-occupancy") == 0) {
            ok = parse_share(value, &o->max_occupancy);
            ok = ok && o->max_occupancy > 0.0 && o->max_occupancy <= 1.0;
        } else if (strcmp(name, "shrinkage") == 0) {
            ok = parse_share(value, &o->shrinkage);
            ok = ok && o->shrinkage >= 0.0 && o->shrinkage < 1.0;
        } else {
            fprintf(stderr, "%s: unknown option '--%s'\n", prog, name);
            usage_hint();
            return EXIT_USAGE;
        }
        if (!ok) {
            fprintf(stderr, "%s: --%s: invalid value '%s'\n", prog, name, value);
            usage_hint();
            return EXIT_USAGE;
        }
    }
    int inputs = (o->log != NULL) + (o->profile != NULL) + o->demo;
    if (inputs > 1) {
        fprintf(stderr, "%s: give only one of --log, --profile and --demo\n", prog);
        usage_hint();
        return EXIT_USAGE;
    }
    if ((o->from || o->to || o->time_column) && !o->log) {
        fprintf(stderr, "%s: --time-column, --from and --to apply to --log only\n", prog);
        usage_hint();
        return EXIT_USAGE;
    }
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Reading files                                                            */
/* ------------------------------------------------------------------------ */

/* The whole file, NUL-terminated; NULL after a message. */
static char *read_file(const char *path, size_t *ret_len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, len = 0;
    char *buf = xmalloc(cap + 1);
    for (;;) {
        size_t n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (len < cap)
            break;
        cap *= 2;
        buf = xrealloc(buf, cap + 1);
    }
    bool err = ferror(f) != 0;
    if (f != stdin)
        fclose(f);
    if (err) {
        fprintf(stderr, "%s: %s: read error\n", prog, path);
        free(buf);
        return NULL;
    }
    buf[len] = '\0';
    *ret_len = len;
    return buf;
}

/*
 * CSV records (RFC 4180, leniently). Fields are separated by ',' and
 * records by LF or CR LF; a field that starts with '"' is quoted and may
 * hold commas, line breaks and doubled quotes. A bare CR inside a field is
 * an ordinary character: logs exported from real systems contain them.
 * Fields are unescaped in place and NUL-terminated.
 */
struct csv {
    char *buf;
    size_t len, pos;
    long line;      /* physical line of the next record (1-based) */
    char **fields;
    size_t nfields, cap;
};

/* Next record into c->fields; false at the end. *ret_line: its first line. */
static bool csv_next(struct csv *c, long *ret_line)
{
    if (c->pos >= c->len)
        return false;
    *ret_line = c->line;
    c->nfields = 0;
    size_t r = c->pos;
    for (;;) {
        size_t w = r;
        if (c->nfields == c->cap) {
            c->cap = c->cap ? c->cap * 2 : 16;
            c->fields = xrealloc(c->fields, c->cap * sizeof *c->fields);
        }
        c->fields[c->nfields++] = c->buf + w;
        if (r < c->len && c->buf[r] == '"') {
            r++;
            while (r < c->len) {
                char ch = c->buf[r];
                if (ch == '"') {
                    if (r + 1 < c->len && c->buf[r + 1] == '"') {
                        c->buf[w++] = '"';
                        r += 2;
                        continue;
                    }
                    r++;
                    break;
                }
                if (ch == '\n')
                    c->line++;
                c->buf[w++] = ch;
                r++;
            }
        }
        while (r < c->len && c->buf[r] != ',' && c->buf[r] != '\n' &&
               !(c->buf[r] == '\r' && r + 1 < c->len && c->buf[r + 1] == '\n'))
            c->buf[w++] = c->buf[r++];
        /* w <= r, and buf[len] is the terminating NUL, so this is in bounds. */
        if (r >= c->len) {
            c->buf[w] = '\0';
            c->pos = c->len;
            return true;
        }
        char sep = c->buf[r];
        c->buf[w] = '\0';
        if (sep == ',') {
            r++;
            continue;
        }
        r += sep == '\r' ? 2 : 1;
        c->line++;
        c->pos = r;
        return true;
    }
}

static const char *skip_space(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

/*
 * Twitter's created_at: "Tue Oct 31 22:10:47 +0000 2017" (weekday, month,
 * day, time, UTC offset, year; single spaces). The weekday must match.
 */
static bool parse_twitter_time(const char *s, int64_t *ret)
{
    static const char *const months[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int wd = -1, mon = -1;
    for (int i = 0; i < 7; i++)
        if (strncmp(s, day_names[i], 3) == 0)
            wd = i;
    if (wd < 0 || s[3] != ' ')
        return false;
    for (int i = 0; i < 12; i++)
        if (strncmp(s + 4, months[i], 3) == 0)
            mon = i + 1;
    if (mon < 0 || s[7] != ' ')
        return false;
    int day, hh, mm, ss, oh, om, year;
    char sign;
    int used = 0;
    if (sscanf(s + 8, "%2d %2d:%2d:%2d %c%2d%2d %4d%n", &day, &hh, &mm, &ss, &sign, &oh, &om,
               &year, &used) != 8)
        return false;
    if (*skip_space(s + 8 + used) != '\0')
        return false;
    if ((sign != '+' && sign != '-') || year < 1970 || year > 2199 || day < 1 ||
        day > month_length(year, mon) || hh > 23 || mm > 59 || ss > 59 || oh > 23 || om > 59 ||
        hh < 0 || mm < 0 || ss < 0 || oh < 0 || om < 0)
        return false;
    int64_t days = days_of_date(year, mon, day);
    if (weekday_of_days(days) != wd)
        return false;
    int64_t off = (sign == '-' ? -1 : 1) * (int64_t)(oh * 3600 + om * 60);
    int64_t t = days * 86400 + hh * 3600 + mm * 60 + ss - off;
    if (t < SLA_TIME_MIN || t >= SLA_TIME_MAX)
        return false;
    *ret = t;
    return true;
}

/*
 * A timestamp of a log row: Twitter's format, epoch seconds with an optional
 * fraction (dropped), or what sla_parse_instant() reads (RFC 3339, local
 * times in @p cal's zone), after dropping a fraction of a second from
 * "...HH:MM:SS.fff". Returns 0 or an SLA_E* code.
 */
static int parse_time(const sla_calendar *cal, const char *text, int64_t *ret)
{
    char buf[80];
    const char *s = skip_space(text);
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    if (n == 0 || n >= sizeof buf)
        return SLA_EPARSE;
    memcpy(buf, s, n);
    buf[n] = '\0';
    if ((buf[0] >= 'A' && buf[0] <= 'Z') || (buf[0] >= 'a' && buf[0] <= 'z'))
        return parse_twitter_time(buf, ret) ? 0 : SLA_EPARSE;
    /* Drop a fraction of a second: after a run of digits that follows ':'
     * (clock time) or that is the whole text so far (epoch seconds). */
    char *dot = strchr(buf, '.');
    if (dot && dot > buf && dot[1] >= '0' && dot[1] <= '9') {
        char *p = dot - 1;
        while (p > buf && p[-1] >= '0' && p[-1] <= '9')
            p--;
        if (p == buf || p[-1] == ':') {
            char *e = dot + 1;
            while (*e >= '0' && *e <= '9')
                e++;
            memmove(dot, e, strlen(e) + 1);
        }
    }
    return sla_parse_instant(cal, buf, ret, NULL);
}

static bool name_is(const char *a, const char *b)
{
    return strcasecmp(a, b) == 0;
}

/* A header name that suggests arrival times. */
static int time_name_rank(const char *name)
{
    static const char *const exact[] = {"created_at", "created", "createdat", "creation_time",
                                        "arrival", "arrived_at", "arrival_time", "received_at",
                                        "opened_at", "timestamp", "time", "datetime", "date",
                                        "completetimestamp"};
    for (size_t i = 0; i < sizeof exact / sizeof *exact; i++)
        if (name_is(name, exact[i]))
            return (int)(sizeof exact / sizeof *exact - i) + 100;
    if (strcasestr(name, "time") || strcasestr(name, "created") || strcasestr(name, "date"))
        return 1;
    return 0;
}

struct log_result {
    int64_t *t;
    size_t n, cap;
    size_t rows, skipped;
    long first_bad_line;
    char column[64];
};

/* Read a log's arrivals. 0, or EXIT_FAIL / EXIT_USAGE after a message. */
static int read_log(const struct options *o, const sla_calendar *cal, struct log_result *res)
{
    size_t len;
    char *buf = read_file(o->log, &len);
    if (!buf)
        return EXIT_FAIL;
    struct csv c = {buf, len, 0, 1, NULL, 0, 0};
    /* Skip a UTF-8 byte-order mark. */
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        c.pos = 3;

    long line;
    int col = -1;
    bool header = false;
    int rc = 0;
    /* The first non-blank record: a header unless one of its fields is a timestamp. */
    while (csv_next(&c, &line))
        if (!(c.nfields == 1 && *skip_space(c.fields[0]) == '\0'))
            break;
    if (c.nfields == 0 || (c.nfields == 1 && *skip_space(c.fields[0]) == '\0')) {
        fprintf(stderr, "%s: %s: empty file\n", prog, o->log);
        rc = EXIT_FAIL;
        goto out;
    }
    size_t first_nfields = c.nfields;
    int64_t tmp;
    header = true;
    for (size_t i = 0; i < c.nfields; i++)
        if (parse_time(cal, c.fields[i], &tmp) == 0)
            header = false;
    if (o->time_column) {
        if (header)
            for (size_t i = 0; i < c.nfields && col < 0; i++)
                if (name_is(skip_space(c.fields[i]), o->time_column))
                    col = (int)i;
        if (col < 0) {
            char *end;
            long k = strtol(o->time_column, &end, 10);
            if (*end == '\0' && k >= 1 && (size_t)k <= c.nfields)
                col = (int)k - 1;
        }
        if (col < 0) {
            fprintf(stderr, "%s: %s: no column '%s'%s\n", prog, o->log, o->time_column,
                    header ? " in the header" : " (the file has no header; give a number)");
            rc = EXIT_USAGE;
            goto out;
        }
    } else if (header) {
        int best = 0;
        for (size_t i = 0; i < c.nfields; i++) {
            int rank = time_name_rank(skip_space(c.fields[i]));
            if (rank > best) {
                best = rank;
                col = (int)i;
            }
        }
    }
    snprintf(res->column, sizeof res->column, "%s",
             header && col >= 0 ? skip_space(c.fields[col]) : "");
    if (col >= 0 && !header)
        snprintf(res->column, sizeof res->column, "%d", col + 1);
    /* Header names stay valid: later records are unescaped further on. */
    char **hdr = NULL;
    size_t nhdr = 0;
    if (header) {
        nhdr = c.nfields;
        hdr = xmalloc(nhdr * sizeof *hdr);
        for (size_t i = 0; i < nhdr; i++)
            hdr[i] = (char *)skip_space(c.fields[i]);
    }
    if (!header) {
        /* The first record is data: rewind to read it again. */
        free(buf);
        buf = read_file(o->log, &len);
        if (!buf)
            return EXIT_FAIL;
        c.buf = buf;
        c.len = len;
        c.pos = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
        c.line = 1;
    }

    bool col_chosen = col >= 0;
    while (csv_next(&c, &line)) {
        if (c.nfields == 1 && *skip_space(c.fields[0]) == '\0')
            continue; /* blank line */
        res->rows++;
        if (!col_chosen) {
            /* No name told us: the first field of this row that reads as a
             * timestamp (a plain number only when nothing else does). */
            int numeric = -1;
            for (size_t i = 0; i < c.nfields && col < 0; i++) {
                const char *f = skip_space(c.fields[i]);
                bool digits = *f != '\0' && strspn(f, "0123456789.") == strlen(f);
                if (parse_time(cal, f, &tmp) == 0) {
                    if (!digits)
                        col = (int)i;
                    else if (numeric < 0)
                        numeric = (int)i;
                }
            }
            if (col < 0)
                col = numeric;
            if (col >= 0) {
                col_chosen = true;
                if (header && (size_t)col < nhdr)
                    snprintf(res->column, sizeof res->column, "%s", hdr[col]);
                else
                    snprintf(res->column, sizeof res->column, "%d", col + 1);
            }
        }
        int r = SLA_EPARSE;
        const char *why = "no timestamp";
        int64_t t = 0;
        if (col >= 0 && (size_t)col < c.nfields) {
            r = parse_time(cal, c.fields[col], &t);
            why = r == SLA_ERANGE ? "timestamp outside 1970-2199" : "cannot read timestamp";
        } else if (col >= 0) {
            why = "too few fields";
        }
        if (r != 0) {
            if (res->skipped < MAX_BAD_SHOWN) {
                const char *f = col >= 0 && (size_t)col < c.nfields ? c.fields[col] : "";
                fprintf(stderr, "%s: %s:%ld: skipped: %s '%.40s'%s (%zu of %zu fields)\n", prog,
                        o->log, line, why, f, strlen(f) > 40 ? "..." : "", c.nfields,
                        first_nfields);
            }
            if (res->skipped == 0)
                res->first_bad_line = line;
            res->skipped++;
            continue;
        }
        if (res->n == res->cap) {
            res->cap = res->cap ? res->cap * 2 : 4096;
            res->t = xrealloc(res->t, res->cap * sizeof *res->t);
        }
        res->t[res->n++] = t;
    }
    if (res->skipped > 0)
        fprintf(stderr, "%s: %s: skipped %zu of %zu rows (%.2f %%), the first at line %ld\n",
                prog, o->log, res->skipped, res->rows,
                100.0 * (double)res->skipped / (double)res->rows, res->first_bad_line);
    if (res->n == 0) {
        fprintf(stderr, "%s: %s: no usable rows%s\n", prog, o->log,
                col < 0 ? " (no column holds a timestamp; see --time-column)" : "");
        rc = EXIT_FAIL;
    }
    free(hdr);
out:
    free(c.fields);
    free(buf);
    return rc;
}

/* ------------------------------------------------------------------------ */
/* Arrival profiles                                                         */
/* ------------------------------------------------------------------------ */

struct window {
    int64_t first_day, last_day; /* local days, inclusive */
    size_t used, before, after;
    double weeks;
};

/*
 * Arrivals -> average contacts per half hour of the week in local time.
 * The window is whole local days: --from/--to, else the first and last
 * busy days. Each bucket is divided by the number of times its weekday
 * occurs in the window, so partial weeks at the ends count by their days.
 */
static int build_log_profile(const struct options *o, const sla_calendar *cal,
                             const struct log_result *lg, double *profile, struct window *win)
{
    size_t n = lg->n;
    int64_t *day = xmalloc(n * sizeof *day);
    int *bucket = xmalloc(n * sizeof *bucket);
    int64_t dmin = INT64_MAX, dmax = INT64_MIN;
    for (size_t i = 0; i < n; i++) {
        int off = 0;
        int r = sla_calendar_utc_offset(cal, lg->t[i], &off);
        if (r != 0) {
            fprintf(stderr, "%s: %s\n", prog, sla_strerror(r));
            free(day);
            free(bucket);
            return EXIT_FAIL;
        }
        int64_t local = lg->t[i] + off;
        day[i] = floordiv64(local, 86400);
        int64_t sec = local - day[i] * 86400;
        bucket[i] = weekday_of_days(day[i]) * PER_DAY + (int)(sec / BUCKET);
        if (day[i] < dmin)
            dmin = day[i];
        if (day[i] > dmax)
            dmax = day[i];
    }
    /* Busy days: at least a quarter of the median count of the days that
     * have arrivals. Leading and trailing days below that are a sparse tail
     * (stray old messages), not a period the log covers. */
    size_t ndays = (size_t)(dmax - dmin + 1);
    size_t *count = calloc(ndays, sizeof *count);
    if (!count) {
        fprintf(stderr, "%s: out of memory\n", prog);
        exit(EXIT_FAIL);
    }
    for (size_t i = 0; i < n; i++)
        count[day[i] - dmin]++;
    size_t nz = 0;
    for (size_t d = 0; d < ndays; d++)
        if (count[d])
            count[nz++] = count[d]; /* compacted copy for the median, below */
    /* (count[] is rebuilt after the median.) */
    size_t *sorted = xmalloc(nz * sizeof *sorted);
    memcpy(sorted, count, nz * sizeof *sorted);
    for (size_t i = 1; i < nz; i++) { /* insertion sort: at most one entry per day */
        size_t v = sorted[i], j = i;
        while (j > 0 && sorted[j - 1] > v) {
            sorted[j] = sorted[j - 1];
            j--;
        }
        sorted[j] = v;
    }
    double median = nz % 2 ? (double)sorted[nz / 2]
                           : ((double)sorted[nz / 2 - 1] + (double)sorted[nz / 2]) / 2.0;
    free(sorted);
    memset(count, 0, ndays * sizeof *count);
    for (size_t i = 0; i < n; i++)
        count[day[i] - dmin]++;
    double thr = median / 4.0;
    int64_t d0 = dmin, d1 = dmax;
    while (d0 < d1 && (double)count[d0 - dmin] < thr)
        d0++;
    while (d1 > d0 && (double)count[d1 - dmin] < thr)
        d1--;
    free(count);
    int y, m, d;
    if (o->from && parse_date(o->from, &y, &m, &d))
        d0 = days_of_date(y, m, d);
    if (o->to && parse_date(o->to, &y, &m, &d))
        d1 = days_of_date(y, m, d);
    if (d1 < d0) {
        fprintf(stderr, "%s: --from is after --to\n", prog);
        free(day);
        free(bucket);
        return EXIT_USAGE;
    }

    double occ[7] = {0};
    int64_t span = d1 - d0 + 1;
    for (int w = 0; w < 7; w++)
        occ[w] = (double)(span / 7);
    for (int64_t k = 0; k < span % 7; k++)
        occ[weekday_of_days(d0 + k)] += 1.0;
    double sums[NB] = {0};
    memset(win, 0, sizeof *win);
    for (size_t i = 0; i < n; i++) {
        if (day[i] < d0)
            win->before++;
        else if (day[i] > d1)
            win->after++;
        else {
            sums[bucket[i]] += 1.0;
            win->used++;
        }
    }
    free(day);
    free(bucket);
    for (int b = 0; b < NB; b++)
        profile[b] = occ[b / PER_DAY] > 0 ? sums[b] / occ[b / PER_DAY] : 0.0;
    win->first_day = d0;
    win->last_day = d1;
    win->weeks = (double)span / 7.0;
    if (win->used == 0) {
        fprintf(stderr, "%s: %s: no arrivals between --from and --to\n", prog, o->log);
        return EXIT_FAIL;
    }
    if (span < 7)
        fprintf(stderr,
                "%s: %s: the log covers only %lld day%s; weekdays it does not cover count "
                "as no contacts\n",
                prog, o->log, (long long)span, span == 1 ? "" : "s");
    return 0;
}

/* A profile file: 336 numbers. 0 or EXIT_FAIL after a message. */
static int read_profile(const char *path, double *profile)
{
    size_t len;
    char *buf = read_file(path, &len);
    if (!buf)
        return EXIT_FAIL;
    size_t k = 0;
    long line = 1;
    char *p = buf;
    int rc = 0;
    while (*p) {
        if (*p == '\n') {
            line++;
            p++;
            continue;
        }
        if (*p == ' ' || *p == '\t' || *p == '\r' || *p == ',' || *p == ';') {
            p++;
            continue;
        }
        if (*p == '#') {
            while (*p && *p != '\n')
                p++;
            continue;
        }
        char *end;
        errno = 0;
        double v = strtod(p, &end);
        if (end == p || errno != 0 || !isfinite(v) || v < 0 ||
            (*end && !strchr(" \t\r\n,;#", *end))) {
            char *e = p;
            while (*e && !strchr(" \t\r\n,;", *e))
                e++;
            fprintf(stderr, "%s: %s:%ld: not a count of contacts (a number >= 0): '%.*s'\n",
                    prog, path, line, (int)(e - p > 40 ? 40 : e - p), p);
            rc = EXIT_FAIL;
            break;
        }
        if (k == NB) {
            fprintf(stderr, "%s: %s:%ld: more than %d numbers (one per half hour of the week)\n",
                    prog, path, line, NB);
            rc = EXIT_FAIL;
            break;
        }
        profile[k++] = v;
        p = end;
    }
    if (rc == 0 && k != NB) {
        fprintf(stderr, "%s: %s: %zu numbers; a profile has %d (one per half hour, Monday "
                        "00:00 first)\n",
                prog, path, k, NB);
        rc = EXIT_FAIL;
    }
    free(buf);
    return rc;
}

/*
 * The demo: a consumer help line with a daytime plateau and a sharper
 * evening peak around 20:30, quieter at weekends except for the evening.
 */
static void demo_profile(double *profile)
{
    static const double day_scale[7] = {1.15, 1.05, 1.0, 1.0, 0.95, 0.75, 0.85};
    for (int b = 0; b < NB; b++) {
        int wd = b / PER_DAY;
        double h = (b % PER_DAY) / 2.0 + 0.25;
        double day = exp(-pow((h - 13.0) / 3.6, 2.0));
        double eve = exp(-pow((h - 20.5) / 1.5, 2.0));
        double night = 0.6 + 0.4 * cos((h - 3.0) / 24.0 * 2.0 * M_PI);
        double weekend = wd >= 5 ? 0.6 : 1.0;
        double v = day_scale[wd] * (1.5 * night + 16.0 * weekend * day + 22.0 * eve);
        profile[b] = round(v * 10.0) / 10.0;
    }
}

/* ------------------------------------------------------------------------ */
/* Staffing                                                                 */
/* ------------------------------------------------------------------------ */

/* ceil(n / (1 - shrinkage)) with the library's relative tolerance. */
static int scheduled_of(int n, double shrinkage)
{
    double s = (double)n / (1.0 - shrinkage);
    double f = floor(s);
    if (s - f <= 1e-9 * s)
        return (int)f;
    return (int)ceil(s);
}

/* Erlang A: does @p n agents meet the target? 1 yes, 0 no, < 0 error. */
static int erlang_a_meets(const struct options *o, double rate, int n)
{
    double sl, occ;
    int r = sla_erlang_a_service_level(rate, o->aht, o->patience, n, o->answer_time, &sl);
    if (r == 0)
        r = sla_erlang_a_occupancy(rate, o->aht, o->patience, n, &occ);
    if (r != 0)
        return r;
    return sl >= o->level && occ <= o->max_occupancy + 1e-12;
}

/* The least agent count meeting the target under Erlang A (binary search:
 * service level grows and occupancy falls with more agents). */
static int erlang_a_agents(const struct options *o, double rate, int *ret)
{
    if (rate == 0.0) {
        *ret = 0;
        return 0;
    }
    int lo = 0, hi = 1, r;
    while ((r = erlang_a_meets(o, rate, hi)) == 0) {
        lo = hi;
        if (hi >= SLA_ERLANG_MAX_AGENTS)
            return SLA_ELIMIT;
        hi = hi * 2 > SLA_ERLANG_MAX_AGENTS ? SLA_ERLANG_MAX_AGENTS : hi * 2;
    }
    if (r < 0)
        return r;
    while (hi - lo > 1) {
        int mid = lo + (hi - lo) / 2;
        r = erlang_a_meets(o, rate, mid);
        if (r < 0)
            return r;
        if (r)
            hi = mid;
        else
            lo = mid;
    }
    *ret = hi;
    return 0;
}

static int staff(const struct options *o, const double *profile, int *agents, int *scheduled)
{
    if (o->patience <= 0.0)
        return sla_staffing_table(profile, NB, BUCKET, o->aht, o->answer_time, o->level,
                                  o->max_occupancy, o->shrinkage, agents, scheduled);
    for (int b = 0; b < NB; b++) {
        int r = erlang_a_agents(o, profile[b] / BUCKET, &agents[b]);
        if (r != 0)
            return r;
        scheduled[b] = scheduled_of(agents[b], o->shrinkage);
    }
    return 0;
}

/* ------------------------------------------------------------------------ */
/* The business calendar and the reference week                             */
/* ------------------------------------------------------------------------ */

static int build_calendar(const struct options *o, sla_calendar **ret)
{
    sla_calendar_builder *b = NULL;
    sla_diag *diag = NULL;
    int r = sla_calendar_builder_new(o->tz, &b);
    if (r != 0) {
        fprintf(stderr, "%s: --tz '%s': %s\n", prog, o->tz, sla_strerror(r));
        return EXIT_USAGE;
    }
    if (sla_diag_new(&diag) != 0) {
        fprintf(stderr, "%s: out of memory\n", prog);
        sla_calendar_builder_free(b);
        return EXIT_FAIL;
    }
    r = sla_calendar_builder_set_hours(b, o->hours, diag);
    if (r != 0) {
        fprintf(stderr, "%s: --hours '%s': column %d: %s\n", prog, o->hours,
                sla_diag_column(diag), sla_diag_message(diag)[0] ? sla_diag_message(diag)
                                                                  : sla_strerror(r));
        sla_diag_free(diag);
        sla_calendar_builder_free(b);
        return EXIT_USAGE;
    }
    sla_diag_free(diag);
    for (size_t i = 0; i < o->n_holidays; i++) {
        int y, m, d;
        parse_date(o->holidays[i], &y, &m, &d);
        r = sla_calendar_builder_add_holiday(b, y, m, d);
        if (r != 0) {
            fprintf(stderr, "%s: --holiday %s: %s\n", prog, o->holidays[i], sla_strerror(r));
            sla_calendar_builder_free(b);
            return EXIT_USAGE;
        }
    }
    r = sla_calendar_builder_compile(b, ret);
    sla_calendar_builder_free(b);
    if (r != 0) {
        fprintf(stderr, "%s: calendar: %s\n", prog, sla_strerror(r));
        return EXIT_FAIL;
    }
    return 0;
}

/* Monday 00:00 local of the week holding local day @p day, moved on by
 * whole weeks (at most a year) while the week has a DST change. */
static int reference_week(const sla_calendar *cal, int64_t day, int64_t *ret_start,
                          int64_t *ret_monday)
{
    int64_t monday = day - weekday_of_days(day);
    for (int k = 0; k < 53; k++, monday += 7) {
        int y, m, d, y2, m2, d2;
        int64_t a, b;
        date_of_days(monday, &y, &m, &d);
        date_of_days(monday + 7, &y2, &m2, &d2);
        int r = sla_calendar_local_time(cal, y, m, d, 0, 0, 0, &a);
        if (r == 0)
            r = sla_calendar_local_time(cal, y2, m2, d2, 0, 0, 0, &b);
        if (r != 0)
            return r;
        if (b - a == 7 * 86400) {
            *ret_start = a;
            *ret_monday = monday;
            return 0;
        }
    }
    return SLA_ERANGE;
}

/* ------------------------------------------------------------------------ */
/* Terminal heat maps                                                       */
/* ------------------------------------------------------------------------ */

enum style { STYLE_ASCII, STYLE_SHADES, STYLE_COLOR };

static const char ascii_ramp[] = " .:-=+*#%@";
static const char *const shade_ramp[] = {" ", "\u2591", "\u2592", "\u2593", "\u2588"};
/* 256-colour backgrounds, pale yellow to dark red. */
static const int color_ramp[] = {230, 229, 222, 215, 209, 203, 167, 160, 124};

static int ramp_levels(enum style st)
{
    switch (st) {
    case STYLE_ASCII:
        return (int)sizeof ascii_ramp - 1;
    case STYLE_SHADES:
        return 5;
    default:
        return (int)(sizeof color_ramp / sizeof *color_ramp) + 1;
    }
}

/*
 * Level 0 only for zero; otherwise 1 ... levels-1 by share of the maximum.
 * Whole numbers up to levels-1 (agent counts) get one level each.
 */
static int level_of(double v, double max, int levels, bool exact)
{
    if (v <= 0.0 || max <= 0.0)
        return 0;
    if (exact)
        return (int)v;
    int l = (int)ceil(v / max * (levels - 1) - 1e-9);
    return l < 1 ? 1 : l > levels - 1 ? levels - 1 : l;
}

static int cell_color = -1; /* the background colour in effect on this row, -1: none */

static void put_cell(enum style st, int level)
{
    switch (st) {
    case STYLE_ASCII:
        putchar(ascii_ramp[level]);
        break;
    case STYLE_SHADES:
        fputs(shade_ramp[level], stdout);
        break;
    default:
        if (level == 0) {
            if (cell_color >= 0)
                fputs("\033[0m", stdout);
            cell_color = -1;
        } else if (cell_color != color_ramp[level - 1]) {
            cell_color = color_ramp[level - 1];
            printf("\033[48;5;%dm", cell_color);
        }
        putchar(' ');
        break;
    }
}

/*
 * A 7 x cols map of @p v (336 half-hour values). With 24 columns, an hour
 * shows the sum of its two half hours (contacts) or their maximum (agents).
 */
/* End a run of coloured cells. */
static void end_cells(void)
{
    if (cell_color >= 0)
        fputs("\033[0m", stdout);
    cell_color = -1;
}

static void heat_map(const char *title, const double *v, bool sum_hours, int cols,
                     enum style st, const char *row_label, int decimals)
{
    double cell[7][PER_DAY];
    double rowval[7];
    double max = 0.0;
    int per = PER_DAY / cols;
    for (int d = 0; d < 7; d++) {
        rowval[d] = 0.0;
        for (int c = 0; c < cols; c++) {
            double x = 0.0;
            for (int k = 0; k < per; k++) {
                double y = v[d * PER_DAY + c * per + k];
                x = sum_hours ? x + y : (y > x ? y : x);
            }
            cell[d][c] = x;
            if (x > max)
                max = x;
        }
        for (int k = 0; k < PER_DAY; k++) {
            double y = v[d * PER_DAY + k];
            rowval[d] = sum_hours ? rowval[d] + y : (y > rowval[d] ? y : rowval[d]);
        }
    }
    int levels = ramp_levels(st);
    bool whole = true;
    for (int b = 0; b < NB; b++)
        if (v[b] != floor(v[b]))
            whole = false;
    bool exact = whole && max <= levels - 1;
    if (exact)
        levels = (int)max + 1;
    printf("%s\n", title);
    printf("     ");
    int step = cols == PER_DAY ? 6 : 3; /* columns between labels: every 3 hours */
    for (int c = 0; c < cols; c += step) {
        int h = c * 24 / cols;
        printf("%02d%*s", h, step - 2, "");
    }
    printf("  %s\n", row_label);
    for (int d = 0; d < 7; d++) {
        printf("%s |", day_names[d]);
        for (int c = 0; c < cols; c++)
            put_cell(st, level_of(cell[d][c], max, levels, exact));
        end_cells();
        printf("| %.*f\n", decimals, rowval[d]);
    }
    printf("     scale:");
    for (int l = 0; l < levels; l++) {
        putchar(' ');
        put_cell(st, l);
        end_cells();
        if (l == 0)
            printf(" 0");
        else if (exact)
            printf(" %d", l);
        else
            printf(" <=%.*f", max < 20 && !whole ? 1 : 0, max * l / (levels - 1));
    }
    printf("  (%s)\n\n", cols == PER_DAY ? "one column per half hour"
                                          : sum_hours ? "one column per hour, summed"
                                                      : "one column per hour, the larger");
}

/* ------------------------------------------------------------------------ */
/* SVG chart                                                                */
/* ------------------------------------------------------------------------ */

static void xml_text(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '&':
            fputs("&amp;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        default:
            if ((unsigned char)*s >= 0x20 || *s == '\t')
                fputc(*s, f);
            break;
        }
    }
}

/* A "nice" axis step (1, 2 or 5 x 10^k) giving about @p ticks ticks. */
static double nice_step(double max, int ticks)
{
    if (max <= 0.0)
        return 1.0;
    double raw = max / ticks;
    double p = pow(10.0, floor(log10(raw)));
    double m = raw / p;
    return (m <= 1.0 ? 1.0 : m <= 2.0 ? 2.0 : m <= 5.0 ? 5.0 : 10.0) * p;
}

struct report {
    const char *source;
    double profile[NB];
    int agents[NB], scheduled[NB];
    double open_fraction[NB];
    double closed_contacts, closed_share;
};

static int write_svg(const struct options *o, const struct report *rp)
{
    FILE *f = fopen(o->svg, "w");
    if (!f) {
        fprintf(stderr, "%s: %s: %s\n", prog, o->svg, strerror(errno));
        return EXIT_FAIL;
    }
    const double L = 70, R = 70, T = 78, B = 64, BW = 3.0;
    const double PW = BW * NB, PH = 300;
    const double W = L + PW + R, H = T + PH + B;
    double cmax = 0, amax = 0;
    for (int b = 0; b < NB; b++) {
        if (rp->profile[b] > cmax)
            cmax = rp->profile[b];
        if (rp->scheduled[b] > amax)
            amax = rp->scheduled[b];
    }
    double cstep = nice_step(cmax, 5), astep = nice_step(amax, 5);
    if (astep < 1.0)
        astep = 1.0;
    /* Headroom above the highest bar and line. */
    double ctop = floor(cmax / cstep + 1.0) * cstep, atop = floor(amax / astep + 1.0) * astep;
    if (ctop <= 0)
        ctop = cstep;
    if (atop <= 0)
        atop = astep;
    /* Make both axes share the grid: the same number of steps. */
    int csteps = (int)lround(ctop / cstep), asteps = (int)lround(atop / astep);
    int steps = csteps > asteps ? csteps : asteps;
    ctop = cstep * steps;
    atop = astep * steps;

    fprintf(f,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
            "viewBox=\"0 0 %.0f %.0f\" font-family=\"DejaVu Sans, Helvetica, Arial, "
            "sans-serif\" font-size=\"12\">\n",
            W, H, W, H);
    fprintf(f, "<title>Contacts and agents needed per half hour</title>\n");
    fprintf(f, "<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n");
    /* Title and subtitle. */
    fprintf(f, "<text x=\"%.0f\" y=\"26\" font-size=\"17\" font-weight=\"bold\" "
               "fill=\"#222\">Contacts and agents needed per half hour of the week</text>\n",
            L);
    fprintf(f, "<text x=\"%.0f\" y=\"46\" fill=\"#555\">", L);
    xml_text(f, rp->source);
    fprintf(f, " \xC2\xB7 %s, AHT %.0f s, %.0f%% in %.0f s, occupancy \xE2\x89\xA4 %.0f%%, "
               "shrinkage %.0f%%%s \xC2\xB7 zone ",
            o->patience > 0 ? "Erlang A" : "Erlang C", o->aht, o->level * 100.0, o->answer_time,
            o->max_occupancy * 100.0, o->shrinkage * 100.0, "");
    xml_text(f, o->tz);
    fprintf(f, "</text>\n");

    /* Closed periods: grey bands, darker the more of the half hour is closed. */
    fprintf(f, "<g fill=\"#9aa0a6\">\n");
    for (int b = 0; b < NB;) {
        double shut = 1.0 - rp->open_fraction[b];
        int e = b + 1;
        while (e < NB && fabs((1.0 - rp->open_fraction[e]) - shut) < 1e-9)
            e++;
        if (shut > 1e-9)
            fprintf(f, "<rect x=\"%.1f\" y=\"%.0f\" width=\"%.1f\" height=\"%.0f\" "
                       "fill-opacity=\"%.3f\"/>\n",
                    L + b * BW, T, (e - b) * BW, PH, 0.28 * shut);
        b = e;
    }
    fprintf(f, "</g>\n");

    /* Grid and axes' numbers. */
    fprintf(f, "<g stroke=\"#e3e3e3\" stroke-width=\"1\">\n");
    for (int k = 1; k <= steps; k++) {
        double y = T + PH - PH * k / steps;
        fprintf(f, "<line x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\"/>\n", L, y, L + PW, y);
    }
    fprintf(f, "</g>\n<g fill=\"#4c78a8\" text-anchor=\"end\">\n");
    for (int k = 0; k <= steps; k++) {
        double y = T + PH - PH * k / steps;
        fprintf(f, "<text x=\"%.0f\" y=\"%.1f\">%g</text>\n", L - 6, y + 4, cstep * k);
    }
    fprintf(f, "</g>\n<g fill=\"#c0392b\" text-anchor=\"start\">\n");
    for (int k = 0; k <= steps; k++) {
        double y = T + PH - PH * k / steps;
        fprintf(f, "<text x=\"%.0f\" y=\"%.1f\">%g</text>\n", L + PW + 6, y + 4, astep * k);
    }
    fprintf(f, "</g>\n");

    /* Bars of contacts. */
    fprintf(f, "<g fill=\"#4c78a8\">\n");
    for (int b = 0; b < NB; b++) {
        if (rp->profile[b] <= 0)
            continue;
        double h = PH * rp->profile[b] / ctop;
        fprintf(f, "<rect x=\"%.1f\" y=\"%.2f\" width=\"%.1f\" height=\"%.2f\"/>\n",
                L + b * BW + 0.3, T + PH - h, BW - 0.6, h);
    }
    fprintf(f, "</g>\n");

    /* Step lines: agents needed (solid) and scheduled (dashed). */
    for (int which = 0; which < 2; which++) {
        const int *v = which ? rp->scheduled : rp->agents;
        fprintf(f, "<path fill=\"none\" stroke=\"%s\" stroke-width=\"%s\"%s d=\"",
                which ? "#e67e22" : "#c0392b", which ? "1.5" : "2",
                which ? " stroke-dasharray=\"4 3\"" : "");
        for (int b = 0; b < NB; b++) {
            double y = T + PH - PH * v[b] / atop;
            if (b == 0)
                fprintf(f, "M%.1f %.2f", L, y);
            else
                fprintf(f, "V%.2f", y);
            fprintf(f, "H%.1f", L + (b + 1) * BW);
        }
        fprintf(f, "\"/>\n");
    }

    /* Day separators, day names and hour ticks. */
    fprintf(f, "<g stroke=\"#666\" stroke-width=\"1\">\n");
    for (int d = 0; d <= 7; d++) {
        double x = L + d * PER_DAY * BW;
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\"/>\n", x, T, x,
                T + PH + 22);
    }
    for (int d = 0; d < 7; d++)
        for (int h = 6; h < 24; h += 6) {
            double x = L + (d * PER_DAY + h * 2) * BW;
            fprintf(f, "<line x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\"/>\n", x,
                    T + PH, x, T + PH + 4);
        }
    fprintf(f, "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\"/>\n", L, T + PH, L + PW,
            T + PH);
    fprintf(f, "</g>\n<g fill=\"#777\" font-size=\"9\" text-anchor=\"middle\">\n");
    for (int d = 0; d < 7; d++)
        for (int h = 6; h < 24; h += 6)
            fprintf(f, "<text x=\"%.1f\" y=\"%.0f\">%02d</text>\n",
                    L + (d * PER_DAY + h * 2) * BW, T + PH + 14, h);
    fprintf(f, "</g>\n<g fill=\"#222\" font-size=\"13\" text-anchor=\"middle\">\n");
    for (int d = 0; d < 7; d++)
        fprintf(f, "<text x=\"%.1f\" y=\"%.0f\">%s</text>\n", L + (d + 0.5) * PER_DAY * BW,
                T + PH + 32, day_names[d]);
    fprintf(f, "</g>\n");

    /* Axis titles. */
    fprintf(f, "<text transform=\"translate(%.0f %.0f) rotate(-90)\" text-anchor=\"middle\" "
               "fill=\"#4c78a8\">contacts per half hour</text>\n",
            L - 48, T + PH / 2);
    fprintf(f, "<text transform=\"translate(%.0f %.0f) rotate(90)\" text-anchor=\"middle\" "
               "fill=\"#c0392b\">agents</text>\n",
            L + PW + 44, T + PH / 2);
    fprintf(f, "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"middle\" fill=\"#555\">local time "
               "(",
            L + PW / 2, H - 8);
    xml_text(f, o->tz);
    fprintf(f, "), Monday to Sunday; shaded: closed (");
    xml_text(f, o->hours);
    fprintf(f, "), %.1f%% of contacts</text>\n", rp->closed_share * 100.0);

    /* Legend. */
    double lx = L, ly = 62;
    fprintf(f, "<g font-size=\"12\" fill=\"#333\">\n");
    fprintf(f, "<rect x=\"%.0f\" y=\"%.0f\" width=\"14\" height=\"10\" fill=\"#4c78a8\"/>"
               "<text x=\"%.0f\" y=\"%.0f\">contacts</text>\n",
            lx, ly - 9, lx + 19, ly);
    lx += 90;
    fprintf(f, "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"#c0392b\" "
               "stroke-width=\"2\"/><text x=\"%.0f\" y=\"%.0f\">agents needed</text>\n",
            lx, ly - 4, lx + 18, ly - 4, lx + 23, ly);
    lx += 120;
    fprintf(f, "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"#e67e22\" "
               "stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/><text x=\"%.0f\" y=\"%.0f\">"
               "to schedule (with shrinkage)</text>\n",
            lx, ly - 4, lx + 18, ly - 4, lx + 23, ly);
    lx += 200;
    fprintf(f, "<rect x=\"%.0f\" y=\"%.0f\" width=\"14\" height=\"10\" fill=\"#9aa0a6\" "
               "fill-opacity=\"0.28\" stroke=\"#bbb\"/><text x=\"%.0f\" y=\"%.0f\">closed</text>\n",
            lx, ly - 9, lx + 19, ly);
    fprintf(f, "</g>\n</svg>\n");
    if (fclose(f) != 0) {
        fprintf(stderr, "%s: %s: write error\n", prog, o->svg);
        return EXIT_FAIL;
    }
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Report                                                                   */
/* ------------------------------------------------------------------------ */

static int terminal_width(void)
{
    struct winsize ws;
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    const char *c = getenv("COLUMNS");
    if (c && atoi(c) > 0)
        return atoi(c);
    return 80;
}

static void print_csv(const struct report *rp)
{
    printf("day,start,contacts,agents,scheduled,open_fraction\n");
    for (int b = 0; b < NB; b++) {
        int s = (b % PER_DAY) * 30;
        printf("%s,%02d:%02d,%.3f,%d,%d,%.3f\n", day_names[b / PER_DAY], s / 60, s % 60,
               rp->profile[b], rp->agents[b], rp->scheduled[b], rp->open_fraction[b]);
    }
}

/* One line about half hour @p b: its demand and what the calendar leaves
 * of it unanswered, and for how long. */
static void describe_slot(const char *label, const sla_calendar *cal, int64_t week_start,
                          const struct report *rp, int b)
{
    char when[32], wait[32] = "";
    format_bucket(b, when, sizeof when);
    double shut = 1.0 - rp->open_fraction[b];
    printf("  %-22s %s-%02d:%02d: %.1f contacts, %d agents needed; ", label, when,
           ((b % PER_DAY) + 1) * 30 / 60 % 24, ((b % PER_DAY) + 1) * 30 % 60, rp->profile[b],
           rp->agents[b]);
    if (shut <= 1e-9) {
        printf("open, answered\n");
        return;
    }
    int64_t t = week_start + (int64_t)b * BUCKET + BUCKET / 2, u;
    int open = 0;
    if (sla_calendar_is_open(cal, t, &open) == 0 && open)
        t -= BUCKET / 2;
    if (sla_calendar_next_open(cal, t, &u) == 0)
        format_hours((double)(u - t), wait, sizeof wait);
    printf("%.0f %% of it (%.1f) unanswered%s%s%s\n", shut * 100.0, rp->profile[b] * shut,
           wait[0] ? ", waiting " : "", wait, wait[0] ? " to opening" : " (never opens)");
}

static int print_report(const struct options *o, const sla_calendar *cal, int64_t week_start,
                        const struct report *rp)
{
    enum style st = STYLE_ASCII;
    bool tty = isatty(STDOUT_FILENO) != 0;
    const char *nc = getenv("NO_COLOR");
    bool no_color = nc && *nc;
    if (o->color)
        st = STYLE_COLOR;
    else if (o->plain || !tty)
        st = STYLE_ASCII;
    else
        st = no_color ? STYLE_SHADES : STYLE_COLOR;
    int cols = o->hourly || terminal_width() < 5 + PER_DAY + 10 ? 24 : PER_DAY;

    double agents_d[NB];
    for (int b = 0; b < NB; b++)
        agents_d[b] = rp->agents[b];
    heat_map(cols == PER_DAY ? "Contacts per half hour (average week)"
                             : "Contacts per hour (average week)",
             rp->profile, true, cols, st,
             "per day", 0);
    heat_map(o->patience > 0 ? "Agents needed (Erlang A)" : "Agents needed (Erlang C)",
             agents_d, false, cols, st, "peak", 0);

    double total = 0, ah = 0, sh = 0, ah_open = 0, sh_open = 0;
    int peak = 0;
    for (int b = 0; b < NB; b++) {
        total += rp->profile[b];
        ah += rp->agents[b] * 0.5;
        sh += rp->scheduled[b] * 0.5;
        ah_open += rp->agents[b] * 0.5 * rp->open_fraction[b];
        sh_open += rp->scheduled[b] * 0.5 * rp->open_fraction[b];
        if (rp->profile[b] > rp->profile[peak])
            peak = b;
    }
    char when[32];
    printf("Summary\n");
    printf("  contacts per week      %.1f\n", total);
    format_bucket(peak, when, sizeof when);
    printf("  peak half hour         %s-%02d:%02d, %.1f contacts, %d agents (%d to schedule)\n", when, ((peak % PER_DAY) + 1) * 30 / 60 % 24, ((peak % PER_DAY) + 1) * 30 % 60,
           rp->profile[peak], rp->agents[peak], rp->scheduled[peak]);
    if (o->patience > 0 && rp->agents[peak] > 0) {
        double ab;
        if (sla_erlang_a_abandon(rp->profile[peak] / BUCKET, o->aht, o->patience,
                                 rp->agents[peak], &ab) == 0)
            printf("                         %.1f %% of its contacts abandon\n", ab * 100.0);
    }
    printf("  agent-hours per week   %.1f needed around the clock, %.1f to schedule "
           "(shrinkage %.0f %%)\n",
           ah, sh, o->shrinkage * 100.0);
    printf("                         %.1f needed within business hours, %.1f to schedule\n",
           ah_open, sh_open);

    /* Coverage gap. */
    printf("\nCoverage gap vs '%s' (%s)\n", o->hours, o->tz);
    printf("  arriving while closed  %.1f %% of contacts (%.1f per week)\n",
           rp->closed_share * 100.0, rp->closed_contacts);
    double wsum = 0, wtot = 0;
    bool never = false;
    int worst = -1;
    double worst_closed = 0;
    for (int b = 0; b < NB; b++) {
        double closed = rp->profile[b] * (1.0 - rp->open_fraction[b]);
        if (closed <= 0)
            continue;
        if (closed > worst_closed) {
            worst_closed = closed;
            worst = b;
        }
        /* Wait until the next opening, from the middle of the half hour
         * (or its start when the middle is open). */
        int64_t t = week_start + (int64_t)b * BUCKET + BUCKET / 2, u;
        int open = 0;
        if (sla_calendar_is_open(cal, t, &open) == 0 && open)
            t -= BUCKET / 2;
        int r = sla_calendar_next_open(cal, t, &u);
        if (r == SLA_ENEVER) {
            never = true;
            continue;
        }
        if (r != 0)
            continue;
        wsum += closed * (double)(u - t);
        wtot += closed;
    }
    if (never) {
        printf("  the calendar never opens: every contact goes unanswered\n");
    } else if (wtot > 0) {
        char buf[32];
        format_hours(wsum / wtot, buf, sizeof buf);
        printf("  their wait to opening  %s on average\n", buf);
    }
    /* The evening: the busiest half hour from 17:00 on, any day; then the
     * busiest closed half hour when that is another one. */
    int eve = -1;
    for (int b = 0; b < NB; b++)
        if (b % PER_DAY >= 34 && (eve < 0 || rp->profile[b] > rp->profile[eve]))
            eve = b;
    if (eve >= 0 && rp->profile[eve] > 0)
        describe_slot("evening peak (17:00+)", cal, week_start, rp, eve);
    if (worst >= 0 && worst != eve)
        describe_slot("busiest closed slot", cal, week_start, rp, worst);

    printf("\n  %-3s %10s   %-11s %10s %7s %12s %12s\n", "day", "contacts", "busiest",
           "contacts", "agents", "to schedule", "agent-hours");
    for (int d = 0; d < 7; d++) {
        double sum = 0, hours = 0;
        int pk = d * PER_DAY;
        for (int k = 0; k < PER_DAY; k++) {
            int b = d * PER_DAY + k;
            sum += rp->profile[b];
            hours += rp->agents[b] * 0.5;
            if (rp->agents[b] > rp->agents[pk] ||
                (rp->agents[b] == rp->agents[pk] && rp->profile[b] > rp->profile[pk]))
                pk = b;
        }
        int s = (pk % PER_DAY) * 30;
        printf("  %s %10.1f   %02d:%02d-%02d:%02d %10.1f %7d %12d %12.1f\n", day_names[d], sum,
               s / 60, s % 60, (s + 30) / 60 % 24, (s + 30) % 60, rp->profile[pk],
               rp->agents[pk], rp->scheduled[pk], hours);
    }
    return 0;
}

/* ------------------------------------------------------------------------ */

int main(int argc, char **argv)
{
    static struct options o;
    static struct report rp;
    o.tz = "UTC";
    o.hours = "Mo-Fr 09:00-17:00";
    o.aht = 240;
    o.level = 0.8;
    o.answer_time = 20;
    o.max_occupancy = 0.85;
    o.shrinkage = 0.3;
    bool want_help = false;
    int rc = parse_options(argc, argv, &o, &want_help);
    if (rc != 0)
        return rc;
    if (want_help) {
        help();
        return EXIT_OK;
    }

    sla_calendar *cal = NULL;
    rc = build_calendar(&o, &cal);
    if (rc != 0)
        return rc;

    char source[512];
    struct window win;
    bool from_log = false;
    struct log_result lg;
    memset(&lg, 0, sizeof lg);
    double seconds = 0;
    if (o.log) {
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        rc = read_log(&o, cal, &lg);
        if (rc == 0)
            rc = build_log_profile(&o, cal, &lg, rp.profile, &win);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
        if (rc != 0)
            goto out;
        const char *base = strrchr(o.log, '/');
        snprintf(source, sizeof source, "%s", base ? base + 1 : o.log);
        from_log = true;
    } else if (o.profile) {
        rc = read_profile(o.profile, rp.profile);
        if (rc != 0)
            goto out;
        const char *base = strrchr(o.profile, '/');
        snprintf(source, sizeof source, "profile %s", base ? base + 1 : o.profile);
    } else {
        demo_profile(rp.profile);
        snprintf(source, sizeof source, "built-in demo profile");
    }
    rp.source = source;

    int r = staff(&o, rp.profile, rp.agents, rp.scheduled);
    if (r != 0) {
        fprintf(stderr, "%s: staffing: %s\n", prog, sla_strerror(r));
        rc = EXIT_FAIL;
        goto out;
    }

    /* The reference week for the calendar. */
    int64_t ref_day;
    int y, m, d;
    if (o.week && parse_date(o.week, &y, &m, &d))
        ref_day = days_of_date(y, m, d);
    else if (o.n_holidays > 0 && parse_date(o.holidays[0], &y, &m, &d))
        ref_day = days_of_date(y, m, d);
    else if (from_log)
        ref_day = win.first_day;
    else
        ref_day = days_of_date(2025, 1, 13);
    int64_t week_start = 0, monday = 0;
    r = reference_week(cal, ref_day, &week_start, &monday);
    if (r != 0) {
        fprintf(stderr, "%s: reference week: %s\n", prog, sla_strerror(r));
        rc = EXIT_FAIL;
        goto out;
    }
    for (size_t i = 0; i < o.n_holidays; i++) {
        parse_date(o.holidays[i], &y, &m, &d);
        int64_t hd = days_of_date(y, m, d);
        if (hd < monday || hd >= monday + 7) {
            char wb[16];
            format_date(monday, wb, sizeof wb);
            fprintf(stderr, "%s: note: --holiday %s is outside the reference week of %s and "
                            "changes nothing\n",
                    prog, o.holidays[i], wb);
        }
    }
    r = sla_coverage_gap(cal, week_start + 43200, rp.profile, NB, BUCKET, rp.open_fraction,
                         &rp.closed_contacts, &rp.closed_share);
    if (r != 0) {
        fprintf(stderr, "%s: coverage gap: %s\n", prog, sla_strerror(r));
        rc = EXIT_FAIL;
        goto out;
    }

    if (o.csv) {
        print_csv(&rp);
    } else {
        char a[16], b[16], wk[16];
        format_date(monday, wk, sizeof wk);
        if (from_log) {
            format_date(win.first_day, a, sizeof a);
            format_date(win.last_day, b, sizeof b);
            printf("Log %s, column %s: %zu arrivals read in %.3f s", source,
                   lg.column[0] ? lg.column : "?", lg.n, seconds);
            if (lg.skipped)
                printf(", %zu rows skipped", lg.skipped);
            printf("\n  window %s .. %s (%.2f weeks, %s): %zu arrivals", a, b, win.weeks, o.tz,
                   win.used);
            if (win.before || win.after)
                printf("; left out %zu before and %zu after it (sparse tail)", win.before,
                       win.after);
            printf("\n");
        } else {
            printf("%s%s\n", source[0] == 'b' ? "B" : "P", source + 1);
        }
        printf("%s: AHT %.0f s, target %.0f %% in %.0f s, max occupancy %.0f %%, shrinkage "
               "%.0f %%",
               o.patience > 0 ? "Erlang A" : "Erlang C", o.aht, o.level * 100.0,
               o.answer_time, o.max_occupancy * 100.0, o.shrinkage * 100.0);
        if (o.patience > 0)
            printf(", patience %.0f s", o.patience);
        printf("\nCalendar %s '%s', week of %s\n\n", o.tz, o.hours, wk);
        print_report(&o, cal, week_start, &rp);
    }
    if (o.svg) {
        rc = write_svg(&o, &rp);
        if (rc == 0 && !o.csv)
            printf("\nChart written to %s\n", o.svg);
    }
out:
    free(lg.t);
    sla_calendar_free(cal);
    if (fflush(stdout) != 0 && rc == 0)
        rc = EXIT_FAIL;
    return rc;
}
