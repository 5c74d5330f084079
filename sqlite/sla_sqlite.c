/*
 * libsla for SQLite: business-time arithmetic and ticket clocks as SQL
 * functions of a loadable extension (`.load sla` in the sqlite3 shell,
 * sqlite3_load_extension(db, "sla", NULL, &err) in C).
 *
 * Instants are INTEGER epoch seconds (unixepoch()), durations INTEGER seconds
 * or duration text. A calendar is one TEXT value, ZONE|HOURS[|EXCEPTIONS]
 * (see sqlite/README.md); a policy is policy text with `calendar NAME SPEC`
 * lines. Scalar functions are deterministic and innocuous, so they work in
 * index expressions, generated columns and under trusted_schema=OFF. NULL in
 * any argument gives NULL. Bad input is an SQL error naming the function,
 * the argument and the problem; nothing is guessed.
 *
 * Caching: a constant calendar or policy argument is compiled once per
 * statement (sqlite3_set_auxdata); other values go through a small
 * per-connection cache of the most recently used ones, keyed by their text.
 * libsla never calls back into SQLite, and every libsla object is freed
 * before an error is returned.
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) The libsla authors
 */
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsla/sla.h>

/* Most calendars and policies one connection keeps compiled (each about
 * 40 KiB for a calendar with a few years of holidays). */
#define CAL_CACHE 16
#define POL_CACHE 8
/* Longest calendar or policy text accepted (the hours text itself is
 * limited to 4 KiB by libsla). */
#define SPEC_MAX (1 << 20)
/* sla_name_lookup() kinds. */
#define NAME_STATUS 1
#define NAME_PRIORITY 2

/* ---- reference-counted compiled objects ---------------------------------- */

typedef struct cal_ref {
    int refs;
    uint64_t hash;
    char *text;
    size_t len;
    sla_calendar *cal;
} cal_ref;

typedef struct pol_ref {
    int refs;
    uint64_t hash;
    char *text;
    size_t len;
    sla_policy *policy;
    sla_calendar **cals; /* owned; the policy borrows them */
    size_t ncals;
} pol_ref;

/* Per-connection state shared by every function of the extension. */
typedef struct {
    int refs; /* one per registered function and module */
    cal_ref *cals[CAL_CACHE]; /* most recently used first */
    pol_ref *pols[POL_CACHE];
} sla_conn;

static void cal_unref(cal_ref *c)
{
    if (c && --c->refs == 0) {
        sla_calendar_free(c->cal);
        sqlite3_free(c->text);
        sqlite3_free(c);
    }
}

static void pol_unref(pol_ref *p)
{
    size_t i;
    if (p && --p->refs == 0) {
        sla_policy_free(p->policy);
        for (i = 0; i < p->ncals; i++)
            sla_calendar_free(p->cals[i]);
        sqlite3_free(p->cals);
        sqlite3_free(p->text);
        sqlite3_free(p);
    }
}

static void conn_unref(void *arg)
{
    sla_conn *s = arg;
    int i;
    if (!s || --s->refs > 0)
        return;
    for (i = 0; i < CAL_CACHE; i++)
        cal_unref(s->cals[i]);
    for (i = 0; i < POL_CACHE; i++)
        pol_unref(s->pols[i]);
    sqlite3_free(s);
}

static void cal_aux_free(void *p) { cal_unref(p); }
static void pol_aux_free(void *p) { pol_unref(p); }

static uint64_t fnv1a(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    size_t i;
    for (i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h;
}

/* The compiled calendar or policy of a text, from the connection's cache
 * or compiled now; the caller owns the reference returned. NULL with the
 * error in *ret_code and a message in err. */
static cal_ref *cache_calendar(sla_conn *s, const char *text, size_t len, int *ret_code,
                               char *err, size_t errsize);
static pol_ref *cache_policy(sla_conn *s, const char *text, size_t len, int *ret_code,
                             char *err, size_t errsize);

/* ---- errors ----------------------------------------------------------------- */

#if defined(__GNUC__) || defined(__clang__)
#  define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#  define PRINTF_LIKE(f, a)
#endif

/* Report "FN: MESSAGE" as the SQL error of @p ctx. */
static void fail(sqlite3_context *ctx, const char *fn, const char *fmt, ...) PRINTF_LIKE(3, 4);
static void fail(sqlite3_context *ctx, const char *fn, const char *fmt, ...)
{
    char msg[600];
    char *full;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    full = sqlite3_mprintf("%s: %s", fn, msg);
    if (!full) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    sqlite3_result_error(ctx, full, -1);
    sqlite3_free(full);
}

/* Quote at most 60 bytes of a text for an error message. */
static void excerpt(char *out, size_t size, const char *s, size_t n)
{
    size_t k = n > 60 ? 57 : n;
    snprintf(out, size, "'%.*s%s'", (int)k, s, n > 60 ? "..." : "");
}

/* "MESSAGE (column C, construct X)" from a diag, or the error's meaning. */
static void diag_text(char *out, size_t size, int r, const sla_diag *d)
{
    if (r == SLA_EPARSE && d && sla_diag_message(d) && *sla_diag_message(d)) {
        const char *cons = sla_diag_construct(d);
        snprintf(out, size, "%s (line %d, column %d%s%s)", sla_diag_message(d),
                 sla_diag_line(d), sla_diag_column(d), cons && *cons ? ", " : "",
                 cons && *cons ? cons : "");
    } else {
        snprintf(out, size, "%s", sla_strerror(r));
    }
}

/* ---- argument readers ---------------------------------------------------------- */

/* Read a TEXT argument; refuses other types and embedded NUL bytes. */
static int arg_text(sqlite3_context *ctx, const char *fn, sqlite3_value *v, const char *what,
                    const char **ret, size_t *ret_len)
{
    const char *s;
    int n;
    if (sqlite3_value_type(v) != SQLITE_TEXT) {
        fail(ctx, fn, "%s must be TEXT", what);
        return -1;
    }
    s = (const char *)sqlite3_value_text(v);
    n = sqlite3_value_bytes(v);
    if (!s) {
        sqlite3_result_error_nomem(ctx);
        return -1;
    }
    if (memchr(s, '\0', (size_t)n)) {
        fail(ctx, fn, "%s contains a NUL byte at offset %d", what,
             (int)((const char *)memchr(s, '\0', (size_t)n) - s));
        return -1;
    }
    if (n > SPEC_MAX) {
        fail(ctx, fn, "%s is longer than %d bytes", what, SPEC_MAX);
        return -1;
    }
    *ret = s;
    if (ret_len)
        *ret_len = (size_t)n;
    return 0;
}

/* An instant: INTEGER epoch seconds, or instant text (RFC 3339, or a local
 * time read in @p cal's zone). */
static int arg_instant(sqlite3_context *ctx, const char *fn, sqlite3_value *v, const char *what,
                       const sla_calendar *cal, int64_t *ret)
{
    int type = sqlite3_value_type(v);
    if (type == SQLITE_INTEGER) {
        sqlite3_int64 t = sqlite3_value_int64(v);
        if (t < SLA_TIME_MIN || t >= SLA_TIME_MAX) {
            fail(ctx, fn, "%s %lld is outside 1970-01-01 .. 2199-12-31 (epoch seconds)", what,
                 (long long)t);
            return -1;
        }
        *ret = t;
        return 0;
    }
    if (type == SQLITE_TEXT) {
        const char *s;
        size_t n;
        sla_diag *d = NULL;
        int r;
        char why[300], ex[80];
        if (arg_text(ctx, fn, v, what, &s, &n) < 0)
            return -1;
        if (sla_diag_new(&d) < 0) {
            sqlite3_result_error_nomem(ctx);
            return -1;
        }
        r = sla_parse_instant(cal, s, ret, d);
        if (r < 0) {
            diag_text(why, sizeof why, r, d);
            excerpt(ex, sizeof ex, s, n);
            fail(ctx, fn, "%s %s: %s", what, ex, why);
        }
        sla_diag_free(d);
        return r < 0 ? -1 : 0;
    }
    fail(ctx, fn, "%s must be INTEGER epoch seconds (unixepoch(...)) or instant text, not %s",
         what, type == SQLITE_FLOAT ? "REAL" : "a BLOB");
    return -1;
}

/* A duration: INTEGER seconds, or duration text ("15m", "PT15M"; with
 * @p ret_unit also "3bd", business days). */
static int arg_duration_unit(sqlite3_context *ctx, const char *fn, sqlite3_value *v,
                             const char *what, int64_t *ret, int *ret_unit)
{
    int type = sqlite3_value_type(v);
    if (type == SQLITE_INTEGER) {
        sqlite3_int64 d = sqlite3_value_int64(v);
        if (d <= -SLA_TIME_MAX || d >= SLA_TIME_MAX) {
            fail(ctx, fn, "%s %lld seconds is longer than the supported range", what,
                 (long long)d);
            return -1;
        }
        *ret = d;
        if (ret_unit)
            *ret_unit = SLA_UNIT_SECONDS;
        return 0;
    }
    if (type == SQLITE_TEXT) {
        const char *s;
        size_t n;
        sla_diag *d = NULL;
        int r;
        char why[300], ex[80];
        if (arg_text(ctx, fn, v, what, &s, &n) < 0)
            return -1;
        if (sla_diag_new(&d) < 0) {
            sqlite3_result_error_nomem(ctx);
            return -1;
        }
        if (ret_unit)
            r = sla_parse_duration_unit(s, ret, ret_unit, d);
        else
            r = sla_parse_duration(s, ret, d);
        if (r < 0) {
            diag_text(why, sizeof why, r, d);
            excerpt(ex, sizeof ex, s, n);
            fail(ctx, fn, "%s %s: %s", what, ex, why);
        }
        sla_diag_free(d);
        return r < 0 ? -1 : 0;
    }
    fail(ctx, fn, "%s must be INTEGER seconds or duration text ('15m', 'PT15M'), not %s", what,
         type == SQLITE_FLOAT ? "REAL" : "a BLOB");
    return -1;
}

static int arg_duration(sqlite3_context *ctx, const char *fn, sqlite3_value *v, const char *what,
                        int64_t *ret)
{
    return arg_duration_unit(ctx, fn, v, what, ret, NULL);
}

/* ---- calendars ---------------------------------------------------------------- */

static int days_from_civil(int y, int m, int d)
{
    int era, yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int z, int *ry, int *rm, int *rd)
{
    int era, doe, yoe, y, doy, mp, d, m;
    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp + (mp < 10 ? 3 : -9);
    *ry = y + (m <= 2);
    *rm = m;
    *rd = d;
}

/* Skip blanks. */
static const char *blank(const char *s, const char *end)
{
    while (s < end && (*s == ' ' || *s == '\t'))
        s++;
    return s;
}

static int digits(const char *s, const char *end, int n, int *ret)
{
    int v = 0, i;
    if (end - s < n)
        return -1;
    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *ret = v;
    return 0;
}

/* One exception of a calendar text: "YYYY-MM-DD" (a holiday) or
 * "YYYY-MM-DD HH:MM-HH:MM" (a closure of those local times on that date;
 * the end may be 24:00). Writes a message to @p err on failure. */
static int add_exception(sla_calendar_builder *b, const char *s, const char *end, char *err,
                         size_t errsize)
{
    int y, m, d, h0, m0, h1, m1, r;
    int64_t t0, t1;
    const char *p = s;
    if (digits(p, end, 4, &y) || p[4] != '-' || digits(p + 5, end, 2, &m) || p[7] != '-' ||
        digits(p + 8, end, 2, &d))
        goto bad;
    p = blank(p + 10, end);
    if (p == end) {
        r = sla_calendar_builder_add_holiday(b, y, m, d);
        if (r < 0) {
            snprintf(err, errsize, "holiday %.10s: %s", s,
                     r == SLA_EINVAL ? "no such date" : sla_strerror(r));
            return r;
        }
        return 0;
    }
    if (digits(p, end, 2, &h0) || p[2] != ':' || digits(p + 3, end, 2, &m0) || p[5] != '-' ||
        digits(p + 6, end, 2, &h1) || p[8] != ':' || digits(p + 9, end, 2, &m1) ||
        blank(p + 11, end) != end)
        goto bad;
    if (h0 > 23 || m0 > 59 || m1 > 59 || h1 > 24 || (h1 == 24 && m1 != 0) ||
        h1 * 60 + m1 == h0 * 60 + m0) {
        snprintf(err, errsize,
                 "closure '%.*s': times must be HH:MM-HH:MM, 00:00-24:00, with start != end "
                 "(an end before the start is on the next date)",
                 (int)(end - s), s);
        return SLA_EPARSE;
    }
    r = sla_calendar_builder_local_time(b, y, m, d, h0, m0, 0, &t0);
    if (r == 0) {
        /* 24:00, or an end before the start: the end falls on the next date. */
        if (h1 == 24 || h1 * 60 + m1 < h0 * 60 + m0) {
            int ny, nm, nd;
            civil_from_days(days_from_civil(y, m, d) + 1, &ny, &nm, &nd);
            r = sla_calendar_builder_local_time(b, ny, nm, nd, h1 % 24, m1, 0, &t1);
        } else {
            r = sla_calendar_builder_local_time(b, y, m, d, h1, m1, 0, &t1);
        }
    }
    if (r == 0)
        r = sla_calendar_builder_add_closure(b, t0, t1);
    if (r < 0) {
        snprintf(err, errsize, "closure '%.*s': %s", (int)(end - s), s,
                 r == SLA_EINVAL ? "no such date" : sla_strerror(r));
        return r;
    }
    return 0;
bad:
    snprintf(err, errsize,
             "exception '%.*s' is neither a date YYYY-MM-DD nor a closure "
             "YYYY-MM-DD HH:MM-HH:MM",
             (int)(end - s > 40 ? 40 : end - s), s);
    return SLA_EPARSE;
}

/* Compile calendar text ZONE|HOURS[|EXCEPTIONS]; EXCEPTIONS is a comma list.
 * On failure returns the error and writes a message to @p err. */
static int compile_calendar(const char *text, size_t len, sla_calendar **ret, char *err,
                            size_t errsize)
{
    const char *end = text + len, *bar1, *bar2, *p;
    char *zone = NULL, *hours = NULL;
    sla_calendar_builder *b = NULL;
    sla_diag *d = NULL;
    int r;

    bar1 = memchr(text, '|', len);
    if (!bar1) {
        snprintf(err, errsize,
                 "calendar text must be ZONE|HOURS[|EXCEPTIONS], e.g. "
                 "'Europe/Oslo|Mo-Fr 08:00-16:00|2025-05-01' (no '|' found)");
        return SLA_EPARSE;
    }
    bar2 = memchr(bar1 + 1, '|', (size_t)(end - bar1 - 1));
    zone = sqlite3_mprintf("%.*s", (int)(bar1 - text), text);
    hours = sqlite3_mprintf("%.*s", (int)((bar2 ? bar2 : end) - bar1 - 1), bar1 + 1);
    if (!zone || !hours || sla_diag_new(&d) < 0) {
        r = SLA_ENOMEM;
        snprintf(err, errsize, "out of memory");
        goto out;
    }
    r = sla_calendar_builder_new(zone, &b);
    if (r < 0) {
        snprintf(err, errsize, "zone '%.60s': %s", zone,
                 r == SLA_ENOZONE ? "no such IANA time zone in the tz database (e.g. Europe/Oslo, UTC)"
                                  : sla_strerror(r));
        goto out;
    }
    r = sla_calendar_builder_set_hours(b, hours, d);
    if (r < 0) {
        char why[400];
        diag_text(why, sizeof why, r, d);
        snprintf(err, errsize, "hours: %s", why);
        goto out;
    }
    for (p = bar2 ? bar2 + 1 : end; p < end;) {
        const char *q = memchr(p, ',', (size_t)(end - p)), *e = q ? q : end, *s = blank(p, e);
        while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
            e--;
        if (s < e && (r = add_exception(b, s, e, err, errsize)) < 0)
            goto out;
        p = q ? q + 1 : end;
    }
    r = sla_calendar_builder_compile(b, ret);
    if (r < 0)
        snprintf(err, errsize, "%s", sla_strerror(r));
out:
    sla_calendar_builder_free(b);
    sla_diag_free(d);
    sqlite3_free(zone);
    sqlite3_free(hours);
    return r;
}

/* The compiled calendar of argument @p i: from the statement's auxdata, the
 * connection's cache, or compiled now. NULL after reporting an error. */
static const sla_calendar *arg_calendar(sqlite3_context *ctx, const char *fn, int argc,
                                        sqlite3_value **argv, int i)
{
    cal_ref *c = sqlite3_get_auxdata(ctx, i);
    const char *text;
    size_t len;
    int r;
    char err[500], ex[80];
    (void)argc;

    if (c)
        return c->cal;
    if (arg_text(ctx, fn, argv[i], "calendar", &text, &len) < 0)
        return NULL;
    if (!(c = cache_calendar(sqlite3_user_data(ctx), text, len, &r, err, sizeof err))) {
        if (r == SLA_ENOMEM) {
            sqlite3_result_error_nomem(ctx);
        } else {
            excerpt(ex, sizeof ex, text, len);
            fail(ctx, fn, "calendar %s: %s", ex, err);
        }
        return NULL;
    }
    /* The statement keeps this reference while the argument is constant
     * (SQLite drops it at once otherwise; the cache still holds its own). */
    sqlite3_set_auxdata(ctx, i, c, cal_aux_free);
    return c->cal;
}

/* ---- scalar functions ---------------------------------------------------------- */

#define NULL_IN(argc, argv)                                                     \
    do {                                                                        \
        int k_;                                                                 \
        for (k_ = 0; k_ < (argc); k_++)                                         \
            if (sqlite3_value_type((argv)[k_]) == SQLITE_NULL)                  \
                return;                                                         \
    } while (0)

/* Report a failed calendar operation. */
static void fail_op(sqlite3_context *ctx, const char *fn, int r)
{
    if (r == SLA_ENOMEM)
        sqlite3_result_error_nomem(ctx);
    else if (r == SLA_ENEVER)
        fail(ctx, fn, "never: the calendar is never open (or closed) again in 1970-2199 "
                      "from there");
    else if (r == SLA_ERANGE)
        fail(ctx, fn, "range: the result would lie outside 1970-01-01 .. 2199-12-31");
    else
        fail(ctx, fn, "%s", sla_strerror(r));
}

/* sla_calendar(zone, hours [, exceptions]): the calendar text, checked. */
static void fn_calendar(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const char *zone, *hours, *exc = NULL;
    size_t nz, nh, ne = 0;
    char *text, err[500];
    sla_calendar *cal = NULL;
    int r;
    NULL_IN(argc, argv);
    if (arg_text(ctx, "sla_calendar", argv[0], "zone", &zone, &nz) < 0 ||
        arg_text(ctx, "sla_calendar", argv[1], "hours", &hours, &nh) < 0 ||
        (argc > 2 && arg_text(ctx, "sla_calendar", argv[2], "exceptions", &exc, &ne) < 0))
        return;
    if (memchr(zone, '|', nz) || memchr(hours, '|', nh) ||
        (exc && memchr(exc, '|', ne))) {
        fail(ctx, "sla_calendar", "zone, hours and exceptions cannot contain '|'");
        return;
    }
    text = exc ? sqlite3_mprintf("%s|%s|%s", zone, hours, exc)
               : sqlite3_mprintf("%s|%s", zone, hours);
    if (!text) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    r = compile_calendar(text, strlen(text), &cal, err, sizeof err);
    sla_calendar_free(cal);
    if (r < 0) {
        sqlite3_free(text);
        if (r == SLA_ENOMEM)
            sqlite3_result_error_nomem(ctx);
        else
            fail(ctx, "sla_calendar", "%s", err);
        return;
    }
    sqlite3_result_text(ctx, text, -1, sqlite3_free);
}

/* sla_add(cal, t, d) and sla_sub(cal, t, d): d >= 0. */
static void add_or_sub(sqlite3_context *ctx, int argc, sqlite3_value **argv, int sub)
{
    const char *fn = sub ? "sla_sub" : "sla_add";
    const sla_calendar *cal;
    int64_t t, d, u;
    int r, unit = SLA_UNIT_SECONDS;
    NULL_IN(argc, argv);
    if (!(cal = arg_calendar(ctx, fn, argc, argv, 0)) ||
        arg_instant(ctx, fn, argv[1], "instant", cal, &t) < 0 ||
        arg_duration_unit(ctx, fn, argv[2], "duration", &d, &unit) < 0)
        return;
    if (d < 0) {
        fail(ctx, fn, "duration %lld is negative: use %s for the other direction", (long long)d,
             sub ? "sla_add" : "sla_sub");
        return;
    }
    if (unit == SLA_UNIT_BUSINESS_DAYS) /* '3bd': business days (SEMANTICS 2.3) */
        r = sub ? sla_calendar_sub_days(cal, t, d, &u) : sla_calendar_add_days(cal, t, d, &u);
    else
        r = sub ? sla_calendar_sub(cal, t, d, &u) : sla_calendar_add(cal, t, d, &u);
    if (r < 0)
        fail_op(ctx, fn, r);
    else
        sqlite3_result_int64(ctx, u);
}

static void fn_add(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    add_or_sub(ctx, argc, argv, 0);
}

static void fn_sub(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    add_or_sub(ctx, argc, argv, 1);
}

static void fn_diff(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const sla_calendar *cal;
    int64_t a, b, d;
    int r;
    NULL_IN(argc, argv);
    if (!(cal = arg_calendar(ctx, "sla_diff", argc, argv, 0)) ||
        arg_instant(ctx, "sla_diff", argv[1], "start", cal, &a) < 0 ||
        arg_instant(ctx, "sla_diff", argv[2], "end", cal, &b) < 0)
        return;
    r = sla_calendar_diff(cal, a, b, &d);
    if (r < 0)
        fail_op(ctx, "sla_diff", r);
    else
        sqlite3_result_int64(ctx, d);
}

static void fn_is_open(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const sla_calendar *cal;
    int64_t t;
    int open, r;
    NULL_IN(argc, argv);
    if (!(cal = arg_calendar(ctx, "sla_is_open", argc, argv, 0)) ||
        arg_instant(ctx, "sla_is_open", argv[1], "instant", cal, &t) < 0)
        return;
    r = sla_calendar_is_open(cal, t, &open);
    if (r < 0)
        fail_op(ctx, "sla_is_open", r);
    else
        sqlite3_result_int(ctx, open);
}

typedef int (*cal_step_fn)(const sla_calendar *, int64_t, int64_t *);

static void instant_op(sqlite3_context *ctx, int argc, sqlite3_value **argv, const char *fn,
                       cal_step_fn op)
{
    const sla_calendar *cal;
    int64_t t, u;
    int r;
    NULL_IN(argc, argv);
    if (!(cal = arg_calendar(ctx, fn, argc, argv, 0)) ||
        arg_instant(ctx, fn, argv[1], "instant", cal, &t) < 0)
        return;
    r = op(cal, t, &u);
    if (r < 0)
        fail_op(ctx, fn, r);
    else
        sqlite3_result_int64(ctx, u);
}

static void fn_next_open(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    instant_op(ctx, argc, argv, "sla_next_open", sla_calendar_next_open);
}

static void fn_next_close(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    instant_op(ctx, argc, argv, "sla_next_close", sla_calendar_next_close);
}

static void fn_prev_open(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    instant_op(ctx, argc, argv, "sla_prev_open", sla_calendar_prev_open);
}

static void fn_prev_close(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    instant_op(ctx, argc, argv, "sla_prev_close", sla_calendar_prev_close);
}

/* sla_add_days(cal, t, n) and sla_sub_days(cal, t, n): n business days. */
static void days_op(sqlite3_context *ctx, int argc, sqlite3_value **argv, int sub)
{
    const char *fn = sub ? "sla_sub_days" : "sla_add_days";
    const sla_calendar *cal;
    int64_t t, u;
    sqlite3_int64 n;
    int r;
    NULL_IN(argc, argv);
    if (!(cal = arg_calendar(ctx, fn, argc, argv, 0)) ||
        arg_instant(ctx, fn, argv[1], "instant", cal, &t) < 0)
        return;
    if (sqlite3_value_type(argv[2]) != SQLITE_INTEGER) {
        fail(ctx, fn, "days must be an INTEGER number of business days");
        return;
    }
    n = sqlite3_value_int64(argv[2]);
    if (n < 0 || n > 100000) {
        fail(ctx, fn, "days %lld: give 0 to 100000 business days (use %s for the other "
                      "direction)",
             (long long)n, sub ? "sla_add_days" : "sla_sub_days");
        return;
    }
    r = sub ? sla_calendar_sub_days(cal, t, n, &u) : sla_calendar_add_days(cal, t, n, &u);
    if (r < 0)
        fail_op(ctx, fn, r);
    else
        sqlite3_result_int64(ctx, u);
}

static void fn_add_days(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    days_op(ctx, argc, argv, 0);
}

static void fn_sub_days(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    days_op(ctx, argc, argv, 1);
}

/* sla_count_days(cal, a, b): business dates with open time in [a, b). */
static void fn_count_days(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const sla_calendar *cal;
    int64_t a, b;
    size_t n;
    int r;
    NULL_IN(argc, argv);
    if (!(cal = arg_calendar(ctx, "sla_count_days", argc, argv, 0)) ||
        arg_instant(ctx, "sla_count_days", argv[1], "start", cal, &a) < 0 ||
        arg_instant(ctx, "sla_count_days", argv[2], "end", cal, &b) < 0)
        return;
    if (b < a) {
        fail(ctx, "sla_count_days", "end is before start");
        return;
    }
    r = sla_calendar_count_days(cal, a, b, &n);
    if (r < 0)
        fail_op(ctx, "sla_count_days", r);
    else
        sqlite3_result_int64(ctx, (sqlite3_int64)n);
}

/* sla_holiday_horizon(cal): the first instant past the holidays the
 * calendar knows (NULL when no finite holiday source limits them). */
static void fn_holiday_horizon(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const sla_calendar *cal;
    int64_t end;
    int bounded, r;
    NULL_IN(argc, argv);
    if (!(cal = arg_calendar(ctx, "sla_holiday_horizon", argc, argv, 0)))
        return;
    r = sla_calendar_holiday_horizon(cal, &end, &bounded);
    if (r < 0)
        fail_op(ctx, "sla_holiday_horizon", r);
    else if (!bounded || end >= SLA_TIME_MAX)
        sqlite3_result_null(ctx);
    else
        sqlite3_result_int64(ctx, end);
}

/* sla_instant(cal, text): epoch seconds of instant text, local times read in
 * the calendar's zone. */
static void fn_instant(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const sla_calendar *cal;
    int64_t t;
    NULL_IN(argc, argv);
    if (!(cal = arg_calendar(ctx, "sla_instant", argc, argv, 0)))
        return;
    if (sqlite3_value_type(argv[1]) != SQLITE_TEXT) {
        fail(ctx, "sla_instant", "instant must be TEXT");
        return;
    }
    if (arg_instant(ctx, "sla_instant", argv[1], "instant", cal, &t) == 0)
        sqlite3_result_int64(ctx, t);
}

/* sla_format(cal, t): RFC 3339 text in the calendar's zone. */
static void fn_format(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const sla_calendar *cal;
    int64_t t;
    char buf[64];
    int n;
    NULL_IN(argc, argv);
    if (!(cal = arg_calendar(ctx, "sla_format", argc, argv, 0)) ||
        arg_instant(ctx, "sla_format", argv[1], "instant", cal, &t) < 0)
        return;
    n = sla_format_instant(cal, t, buf, sizeof buf);
    if (n < 0 || (size_t)n >= sizeof buf)
        fail_op(ctx, "sla_format", n < 0 ? n : SLA_ERANGE);
    else
        sqlite3_result_text(ctx, buf, n, SQLITE_TRANSIENT);
}

/* sla_duration(text): seconds of duration text. */
static void fn_duration(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    int64_t d;
    NULL_IN(argc, argv);
    if (sqlite3_value_type(argv[0]) != SQLITE_TEXT) {
        fail(ctx, "sla_duration", "duration must be TEXT ('15m', 'PT15M')");
        return;
    }
    if (arg_duration(ctx, "sla_duration", argv[0], "duration", &d) == 0)
        sqlite3_result_int64(ctx, d);
}

/* ---- policies and tickets --------------------------------------------------- */

/* Compile policy text: `calendar NAME SPEC` lines define calendars (blanked
 * before the rest goes to sla_policy_parse, so line numbers stay right). */
static int compile_policy(const char *text, size_t len, pol_ref *p, char *err, size_t errsize)
{
    char *copy = sqlite3_malloc64(len + 1), *line, *next;
    sla_diag *d = NULL;
    int r = 0, ln = 1;

    if (!copy || sla_diag_new(&d) < 0) {
        sqlite3_free(copy);
        snprintf(err, errsize, "out of memory");
        return SLA_ENOMEM;
    }
    memcpy(copy, text, len);
    copy[len] = '\0';
    if ((r = sla_policy_new(&p->policy)) < 0) {
        snprintf(err, errsize, "out of memory");
        goto out;
    }
    for (line = copy; line && *line; line = next, ln++) {
        char *s = line, *e, *end, *name, *spec;
        next = strchr(line, '\n');
        end = e = next ? next : line + strlen(line);
        while (s < e && (*s == ' ' || *s == '\t'))
            s++;
        if (e - s > 9 && !memcmp(s, "calendar", 8) && (s[8] == ' ' || s[8] == '\t')) {
            sla_calendar *cal = NULL, **grown;
            name = (char *)blank(s + 9, e);
            spec = name;
            while (spec < e && *spec != ' ' && *spec != '\t')
                spec++;
            if (spec == name || spec == e) {
                snprintf(err, errsize, "line %d: expected 'calendar NAME ZONE|HOURS[|EXCEPTIONS]'",
                         ln);
                r = SLA_EPARSE;
                goto out;
            }
            *spec++ = '\0';
            spec = (char *)blank(spec, e);
            while (e > spec && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
                e--;
            {
                char cerr[500];
                r = compile_calendar(spec, (size_t)(e - spec), &cal, cerr, sizeof cerr);
                if (r < 0) {
                    snprintf(err, errsize, "line %d: calendar %s: %s", ln, name, cerr);
                    goto out;
                }
            }
            grown = sqlite3_realloc64(p->cals, (p->ncals + 1) * sizeof *grown);
            if (!grown) {
                sla_calendar_free(cal);
                r = SLA_ENOMEM;
                snprintf(err, errsize, "out of memory");
                goto out;
            }
            p->cals = grown;
            p->cals[p->ncals++] = cal;
            r = sla_policy_add_calendar(p->policy, name, cal);
            if (r < 0) {
                snprintf(err, errsize, "line %d: calendar name '%.40s': %s", ln, name,
                         r == SLA_EINVAL ? "not a usable name (\"24/7\" and \"*\" are reserved)"
                                         : sla_strerror(r));
                goto out;
            }
            /* Blank the line for the policy parser. */
            memset(line, ' ', (size_t)(end - line));
        }
        if (next)
            next++;
    }
    r = sla_policy_parse(p->policy, copy, d);
    if (r < 0) { /* the policy parser's message names line and column itself */
        const char *cons = sla_diag_construct(d);
        snprintf(err, errsize, "%s%s",
                 r == SLA_EPARSE && sla_diag_message(d) ? sla_diag_message(d) : sla_strerror(r),
                 r == SLA_EPARSE && cons && !strcmp(cons, "calendar")
                     ? "; define it in the policy text with a line "
                       "'calendar NAME ZONE|HOURS[|EXCEPTIONS]'"
                     : "");
    }
out:
    sqlite3_free(copy);
    sla_diag_free(d);
    return r;
}

/* The compiled policy of argument @p i (as arg_calendar()). */
static pol_ref *arg_policy(sqlite3_context *ctx, const char *fn, sqlite3_value **argv, int i,
                           int use_aux)
{
    pol_ref *p = use_aux ? sqlite3_get_auxdata(ctx, i) : NULL;
    const char *text;
    size_t len;
    int r;
    char err[600];

    if (p)
        return p;
    if (arg_text(ctx, fn, argv[i], "policy", &text, &len) < 0)
        return NULL;
    if (!(p = cache_policy(sqlite3_user_data(ctx), text, len, &r, err, sizeof err))) {
        if (r == SLA_ENOMEM)
            sqlite3_result_error_nomem(ctx);
        else
            fail(ctx, fn, "policy: %s", err);
        return NULL;
    }
    /* With use_aux the statement keeps the reference (as arg_calendar());
     * without, the caller owns it. */
    if (use_aux)
        sqlite3_set_auxdata(ctx, i, p, pol_aux_free);
    return p;
}

/* Apply one event row (sla-watch's vocabulary) to *tk, creating it on
 * `created`. On error writes a message and changes nothing. */
static int apply_event(const sla_policy *policy, sla_ticket **tk, int64_t at, const char *ev,
                       const char *chan, const char *prio, char *err, size_t errsize)
{
    int ch = SLA_CHANNEL_EMAIL, pr = SLA_PRIORITY_NORMAL, val, r;
    if (chan && *chan && sla_policy_channel(policy, chan, &ch) < 0) {
        snprintf(err, errsize, "unknown channel '%.40s' (declare it in the policy with 'channel %.40s')",
                 chan, chan);
        return SLA_EINVAL;
    }
    if (prio && *prio && sla_name_lookup(NAME_PRIORITY, prio, &pr) < 0) {
        snprintf(err, errsize, "unknown priority '%.40s' (low, normal, high, urgent)", prio);
        return SLA_EINVAL;
    }
    if (strcmp(ev, "created") && strcmp(ev, "customer") && strcmp(ev, "reply") &&
        strcmp(ev, "note") && strncmp(ev, "status:", 7) && strncmp(ev, "priority:", 9) &&
        strncmp(ev, "channel:", 8)) {
        snprintf(err, errsize,
                 "unknown event '%.40s' (created, customer, reply, note, status:S, priority:P, "
                 "channel:C)",
                 ev);
        return SLA_EINVAL;
    }
    if (!strcmp(ev, "created")) {
        if (*tk) {
            snprintf(err, errsize, "the ticket is created twice");
            return SLA_ESTATE;
        }
        r = sla_ticket_new(policy, at, ch, pr, tk);
    } else if (!*tk) {
        snprintf(err, errsize, "event '%.40s' before the ticket's 'created' event", ev);
        return SLA_ESTATE;
    } else if (!strcmp(ev, "customer")) {
        r = sla_ticket_customer_message(*tk, at, ch);
    } else if (!strcmp(ev, "reply")) {
        r = sla_ticket_agent_reply(*tk, at);
    } else if (!strcmp(ev, "note")) {
        r = sla_ticket_note(*tk, at);
    } else if (!strncmp(ev, "status:", 7) && sla_name_lookup(NAME_STATUS, ev + 7, &val) == 0) {
        r = sla_ticket_set_status(*tk, at, val);
    } else if (!strncmp(ev, "priority:", 9) &&
               sla_name_lookup(NAME_PRIORITY, ev + 9, &val) == 0) {
        r = sla_ticket_set_priority(*tk, at, val);
    } else if (!strncmp(ev, "channel:", 8) && sla_policy_channel(policy, ev + 8, &val) == 0) {
        r = sla_ticket_set_channel(*tk, at, val);
    } else {
        snprintf(err, errsize, "unknown value in event '%.40s' (status:new|open|pending|on_hold|"
                               "solved|closed, priority:low|normal|high|urgent, channel:NAME)",
                 ev);
        return SLA_EINVAL;
    }
    if (r < 0) {
        if (r == SLA_EORDER)
            snprintf(err, errsize, "order: event '%.40s' at %lld is older than the last event "
                                   "applied (feed events in time order)",
                     ev, (long long)at);
        else if (r == SLA_ECLOSED)
            snprintf(err, errsize, "closed: event '%.40s' after the ticket was closed", ev);
        else
            snprintf(err, errsize, "event '%.40s': %s", ev, sla_strerror(r));
    }
    return r;
}

/* Optional TEXT argument (NULL or absent allowed). */
static int opt_text(sqlite3_context *ctx, const char *fn, int argc, sqlite3_value **argv, int i,
                    const char *what, const char **ret)
{
    *ret = NULL;
    if (i >= argc || sqlite3_value_type(argv[i]) == SQLITE_NULL)
        return 0;
    return arg_text(ctx, fn, argv[i], what, ret, NULL);
}

/* What a failed sla_ticket_restore() means. */
static const char *restore_error(int r)
{
    switch (r) {
    case SLA_ESTATE:
        return "the saved state was made with another policy";
    case SLA_EPARSE:
        return "corrupt or truncated bytes (not a state made by sla_replay() or sla_apply())";
    case SLA_EVERSION:
        return "saved in a format version this libsla does not know (made by a newer one?)";
    default:
        return sla_strerror(r);
    }
}

/* The ticket of a saved state, restored against @p p. */
static int restore_state(sqlite3_context *ctx, const char *fn, const pol_ref *p,
                         sqlite3_value *v, sla_ticket **ret)
{
    int r;
    if (sqlite3_value_type(v) != SQLITE_BLOB) {
        fail(ctx, fn, "state must be a BLOB made by sla_replay() or sla_apply()");
        return -1;
    }
    r = sla_ticket_restore(p->policy, sqlite3_value_blob(v), (size_t)sqlite3_value_bytes(v), ret);
    if (r < 0) {
        if (r == SLA_ENOMEM)
            sqlite3_result_error_nomem(ctx);
        else
            fail(ctx, fn, "state: %s", restore_error(r));
        return -1;
    }
    return 0;
}

/* The saved bytes of @p tk as the BLOB result. */
static void result_state(sqlite3_context *ctx, const char *fn, const sla_ticket *tk)
{
    int n = sla_ticket_save(tk, NULL, 0);
    void *buf;
    if (n < 0) {
        fail(ctx, fn, "%s", sla_strerror(n));
        return;
    }
    buf = sqlite3_malloc(n);
    if (!buf) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    sla_ticket_save(tk, buf, (size_t)n);
    sqlite3_result_blob(ctx, buf, n, sqlite3_free);
}

/* sla_apply(policy, state, at, event [, channel [, priority]]): the state
 * after one more event; state NULL with event 'created' starts a ticket. */
static void fn_apply(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    pol_ref *p;
    sla_ticket *tk = NULL;
    const char *ev, *chan, *prio;
    int64_t at;
    char err[300];
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[2]) == SQLITE_NULL ||
        sqlite3_value_type(argv[3]) == SQLITE_NULL)
        return;
    if (!(p = arg_policy(ctx, "sla_apply", argv, 0, 1)) ||
        arg_instant(ctx, "sla_apply", argv[2], "at", NULL, &at) < 0 ||
        arg_text(ctx, "sla_apply", argv[3], "event", &ev, NULL) < 0 ||
        opt_text(ctx, "sla_apply", argc, argv, 4, "channel", &chan) < 0 ||
        opt_text(ctx, "sla_apply", argc, argv, 5, "priority", &prio) < 0)
        return;
    if (sqlite3_value_type(argv[1]) != SQLITE_NULL &&
        restore_state(ctx, "sla_apply", p, argv[1], &tk) < 0)
        return;
    if (apply_event(p->policy, &tk, at, ev, chan, prio, err, sizeof err) < 0)
        fail(ctx, "sla_apply", "%s", err);
    else
        result_state(ctx, "sla_apply", tk);
    sla_ticket_free(tk);
}

/* sla_next_change(policy, state, now): the instant of the ticket's next
 * change of stage if no event arrives (NULL: nothing pending); store it in
 * an indexed column and wake up then. */
static void fn_next_change(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    pol_ref *p;
    sla_ticket *tk = NULL;
    int64_t now, at;
    int r;
    NULL_IN(argc, argv);
    if (!(p = arg_policy(ctx, "sla_next_change", argv, 0, 1)) ||
        arg_instant(ctx, "sla_next_change", argv[2], "now", NULL, &now) < 0 ||
        restore_state(ctx, "sla_next_change", p, argv[1], &tk) < 0)
        return;
    r = sla_ticket_next_change(tk, now, &at, NULL, NULL, NULL);
    sla_ticket_free(tk);
    if (r == SLA_EORDER)
        fail(ctx, "sla_next_change", "now is before the ticket's last event");
    else if (r < 0)
        fail_op(ctx, "sla_next_change", r);
    else if (at == SLA_NO_TIME)
        sqlite3_result_null(ctx);
    else
        sqlite3_result_int64(ctx, at);
}

/* sla_rebase(old_policy, new_policy, state, now): the state recomputed under
 * a new version of its policy (README, "Rebase"); the same bytes when
 * nothing a caller stores changed, so `WHERE new IS NOT old` finds the rows
 * to write. */
static void fn_rebase(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    pol_ref *po, *pn;
    sla_ticket *tk = NULL;
    sla_diag *d = NULL;
    int64_t now;
    int r, changed = 0;
    NULL_IN(argc, argv);
    if (!(po = arg_policy(ctx, "sla_rebase", argv, 0, 1)) ||
        !(pn = arg_policy(ctx, "sla_rebase", argv, 1, 1)) ||
        arg_instant(ctx, "sla_rebase", argv[3], "now", NULL, &now) < 0)
        return;
    if (sqlite3_value_type(argv[2]) != SQLITE_BLOB) {
        fail(ctx, "sla_rebase", "state must be a BLOB made by sla_replay() or sla_apply()");
        return;
    }
    if (sla_diag_new(&d) < 0) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    r = sla_ticket_rebase_saved(po->policy, sqlite3_value_blob(argv[2]),
                                (size_t)sqlite3_value_bytes(argv[2]), pn->policy, now, d, &tk,
                                &changed);
    if (r == SLA_ENOMEM)
        sqlite3_result_error_nomem(ctx);
    else if (r == SLA_ESTATE && sla_diag_message(d) && *sla_diag_message(d))
        fail(ctx, "sla_rebase", "the new policy does not fit the state: %s",
             sla_diag_message(d));
    else if (r < 0)
        fail(ctx, "sla_rebase", "state: %s", restore_error(r));
    else if (!changed)
        sqlite3_result_value(ctx, argv[2]);
    else
        result_state(ctx, "sla_rebase", tk);
    sla_ticket_free(tk);
    sla_diag_free(d);
}

/* sla_replay(policy, at, event [, channel [, priority]]): aggregate. */
typedef struct {
    pol_ref *p;
    sla_ticket *tk;
} replay_ctx;

static void replay_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    replay_ctx *rc = sqlite3_aggregate_context(ctx, sizeof *rc);
    const char *ev, *chan, *prio;
    int64_t at;
    char err[300];
    if (!rc) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL ||
        sqlite3_value_type(argv[2]) == SQLITE_NULL) {
        fail(ctx, "sla_replay", "policy, at and event must not be NULL");
        return;
    }
    if (!rc->p) {
        if (!(rc->p = arg_policy(ctx, "sla_replay", argv, 0, 0)))
            return; /* rc->p owns the reference arg_policy() gave */
    } else if (sqlite3_value_type(argv[0]) != SQLITE_TEXT ||
               (size_t)sqlite3_value_bytes(argv[0]) != rc->p->len ||
               memcmp(sqlite3_value_text(argv[0]), rc->p->text, rc->p->len)) {
        fail(ctx, "sla_replay", "every row of one ticket must name the same policy");
        return;
    }
    if (arg_instant(ctx, "sla_replay", argv[1], "at", NULL, &at) < 0 ||
        arg_text(ctx, "sla_replay", argv[2], "event", &ev, NULL) < 0 ||
        opt_text(ctx, "sla_replay", argc, argv, 3, "channel", &chan) < 0 ||
        opt_text(ctx, "sla_replay", argc, argv, 4, "priority", &prio) < 0)
        return;
    if (apply_event(rc->p->policy, &rc->tk, at, ev, chan, prio, err, sizeof err) < 0)
        fail(ctx, "sla_replay", "%s", err);
}

static void replay_final(sqlite3_context *ctx)
{
    replay_ctx *rc = sqlite3_aggregate_context(ctx, 0);
    if (!rc)
        return; /* no rows: NULL */
    if (rc->tk)
        result_state(ctx, "sla_replay", rc->tk);
    sla_ticket_free(rc->tk);
    pol_unref(rc->p);
    rc->tk = NULL;
    rc->p = NULL;
}

/* ---- table-valued functions ------------------------------------------------- */

/* Shared vtab boilerplate: an eponymous table whose hidden columns are the
 * function's arguments, all required as equality constraints. */
typedef struct {
    sqlite3_vtab base;
    sla_conn *conn;
} tvf_vtab;

static int tvf_connect(sqlite3 *db, void *aux, const char *schema, sqlite3_vtab **ret,
                       char **err)
{
    tvf_vtab *v;
    int r = sqlite3_declare_vtab(db, schema);
    (void)err;
    if (r != SQLITE_OK)
        return r;
    v = sqlite3_malloc(sizeof *v);
    if (!v)
        return SQLITE_NOMEM;
    memset(v, 0, sizeof *v);
    v->conn = aux;
    sqlite3_vtab_config(db, SQLITE_VTAB_INNOCUOUS);
    *ret = &v->base;
    return SQLITE_OK;
}

/* Declared separately per module because sqlite3_module.xConnect gets the
 * declaration through pAux only; each module passes its own schema. */
static int spans_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
                         sqlite3_vtab **ret, char **err)
{
    (void)argc;
    (void)argv;
    return tvf_connect(db, aux,
                       "CREATE TABLE x(opens INTEGER, closes INTEGER, "
                       "cal HIDDEN, t0 HIDDEN, t1 HIDDEN)",
                       ret, err);
}

static const char *const status_columns =
    "CREATE TABLE x(metric TEXT, state TEXT, target INTEGER, elapsed INTEGER, "
    "remaining INTEGER, elapsed_wall INTEGER, remaining_wall INTEGER, deadline INTEGER, "
    "breached_at INTEGER, fulfilled_at INTEGER, started_at INTEGER, cycles INTEGER, "
    "breached_cycles INTEGER, warned INTEGER, warnings TEXT, channel TEXT, "
    "counts_24_7 INTEGER, policy HIDDEN, state_bytes HIDDEN, now HIDDEN)";
#define STATUS_VISIBLE 17

static int status_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
                          sqlite3_vtab **ret, char **err)
{
    (void)argc;
    (void)argv;
    return tvf_connect(db, aux, status_columns, ret, err);
}

static int tvf_disconnect(sqlite3_vtab *v)
{
    sqlite3_free(v);
    return SQLITE_OK;
}

/* The hidden columns (from @p first, @p n of them) are the arguments, given
 * by '='. A plan in which an argument is not yet available is refused; one
 * in which an argument was never written is accepted so that xFilter can
 * say which is missing (idxNum has a bit per argument given). */
static int tvf_best_index(sqlite3_index_info *info, int first, int n)
{
    int i, idx[8], mask = 0, argv_i = 0;
    for (i = 0; i < n; i++)
        idx[i] = -1;
    for (i = 0; i < info->nConstraint; i++) {
        const struct sqlite3_index_constraint *c = &info->aConstraint[i];
        int col = c->iColumn - first;
        if (col < 0 || col >= n || c->op != SQLITE_INDEX_CONSTRAINT_EQ)
            continue;
        if (!c->usable)
            return SQLITE_CONSTRAINT; /* the argument comes from a later loop: not this plan */
        idx[col] = i;
    }
    for (i = 0; i < n; i++) {
        if (idx[i] < 0)
            continue;
        info->aConstraintUsage[idx[i]].argvIndex = ++argv_i;
        info->aConstraintUsage[idx[i]].omit = 1;
        mask |= 1 << i;
    }
    info->idxNum = mask;
    info->estimatedCost = 10;
    info->estimatedRows = 16;
    return SQLITE_OK;
}

static int spans_best_index(sqlite3_vtab *v, sqlite3_index_info *info)
{
    (void)v;
    return tvf_best_index(info, 2, 3);
}

static int status_best_index(sqlite3_vtab *v, sqlite3_index_info *info)
{
    (void)v;
    return tvf_best_index(info, STATUS_VISIBLE, 3);
}

static int vtab_error(sqlite3_vtab *v, const char *fmt, ...) PRINTF_LIKE(2, 3);
static int vtab_error(sqlite3_vtab *v, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    sqlite3_free(v->zErrMsg);
    v->zErrMsg = sqlite3_mprintf("%s", msg);
    return SQLITE_ERROR;
}

/* A fake function context is not available inside xFilter, so the cursors
 * compile their calendar and policy directly (through the same cache). */
static cal_ref *cache_calendar(sla_conn *s, const char *text, size_t len, int *ret_code,
                               char *err, size_t errsize)
{
    uint64_t h = fnv1a(text, len);
    cal_ref *hit;
    sla_calendar *cal = NULL;
    int k, r;
    for (k = 0; k < CAL_CACHE && s->cals[k]; k++) {
        hit = s->cals[k];
        if (hit->hash == h && hit->len == len && !memcmp(hit->text, text, len)) {
            memmove(s->cals + 1, s->cals, (size_t)k * sizeof s->cals[0]);
            s->cals[0] = hit;
            hit->refs++;
            return hit;
        }
    }
    *ret_code = r = compile_calendar(text, len, &cal, err, errsize);
    if (r < 0)
        return NULL;
    hit = sqlite3_malloc(sizeof *hit);
    if (hit)
        hit->text = sqlite3_malloc64(len + 1);
    if (!hit || !hit->text) {
        sqlite3_free(hit);
        sla_calendar_free(cal);
        snprintf(err, errsize, "out of memory");
        *ret_code = SLA_ENOMEM;
        return NULL;
    }
    memcpy(hit->text, text, len);
    hit->text[len] = '\0';
    hit->len = len;
    hit->hash = h;
    hit->cal = cal;
    hit->refs = 2; /* the cache's and the caller's */
    cal_unref(s->cals[CAL_CACHE - 1]);
    memmove(s->cals + 1, s->cals, (CAL_CACHE - 1) * sizeof s->cals[0]);
    s->cals[0] = hit;
    return hit;
}

static const char *value_text(sqlite3_value *v, size_t *len, const char **why)
{
    const char *s;
    if (sqlite3_value_type(v) != SQLITE_TEXT) {
        *why = "must be TEXT";
        return NULL;
    }
    s = (const char *)sqlite3_value_text(v);
    *len = (size_t)sqlite3_value_bytes(v);
    if (!s) {
        *why = "out of memory";
        return NULL;
    }
    if (memchr(s, '\0', *len)) {
        *why = "contains a NUL byte";
        return NULL;
    }
    return s;
}

static int value_instant(sqlite3_value *v, int64_t *ret)
{
    sqlite3_int64 t;
    if (sqlite3_value_type(v) != SQLITE_INTEGER)
        return -1;
    t = sqlite3_value_int64(v);
    if (t < SLA_TIME_MIN || t >= SLA_TIME_MAX)
        return -1;
    *ret = t;
    return 0;
}

/* sla_open_spans(cal, t0, t1): the open periods of cal clipped to [t0, t1). */
typedef struct {
    sqlite3_vtab_cursor base;
    cal_ref *c;
    int64_t t1, opens, closes, row;
    int eof;
} spans_cursor;

static int spans_open(sqlite3_vtab *v, sqlite3_vtab_cursor **ret)
{
    spans_cursor *c = sqlite3_malloc(sizeof *c);
    (void)v;
    if (!c)
        return SQLITE_NOMEM;
    memset(c, 0, sizeof *c);
    c->eof = 1;
    *ret = &c->base;
    return SQLITE_OK;
}

static int spans_close(sqlite3_vtab_cursor *cur)
{
    spans_cursor *c = (spans_cursor *)cur;
    cal_unref(c->c);
    sqlite3_free(c);
    return SQLITE_OK;
}

/* Find the open period at or after @p from, clipped to [from, t1). */
static int spans_seek(spans_cursor *c, int64_t from)
{
    int64_t s, e;
    int r;
    if (from >= c->t1) {
        c->eof = 1;
        return SQLITE_OK;
    }
    r = sla_calendar_next_open(c->c->cal, from, &s);
    if (r == SLA_ENEVER || r == SLA_ERANGE || (r == 0 && s >= c->t1)) {
        c->eof = 1;
        return SQLITE_OK;
    }
    if (r < 0)
        return vtab_error(c->base.pVtab, "sla_open_spans: %s", sla_strerror(r));
    r = sla_calendar_next_close(c->c->cal, s, &e);
    if (r == SLA_ENEVER || r == SLA_ERANGE)
        e = c->t1;
    else if (r < 0)
        return vtab_error(c->base.pVtab, "sla_open_spans: %s", sla_strerror(r));
    c->opens = s;
    c->closes = e < c->t1 ? e : c->t1;
    c->eof = 0;
    return SQLITE_OK;
}

static int spans_filter(sqlite3_vtab_cursor *cur, int idx, const char *idxs, int argc,
                        sqlite3_value **argv)
{
    spans_cursor *c = (spans_cursor *)cur;
    tvf_vtab *v = (tvf_vtab *)cur->pVtab;
    const char *text, *why = NULL;
    size_t len;
    int64_t t0;
    char err[500];
    int r;
    (void)idxs;
    (void)argc;
    cal_unref(c->c);
    c->c = NULL;
    c->eof = 1;
    c->row = 0;
    if (idx != 7)
        return vtab_error(cur->pVtab, "sla_open_spans(calendar, t0, t1) takes all three "
                                      "arguments");
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL ||
        sqlite3_value_type(argv[2]) == SQLITE_NULL)
        return SQLITE_OK;
    if (!(text = value_text(argv[0], &len, &why)))
        return vtab_error(cur->pVtab, "sla_open_spans: calendar %s", why);
    if (value_instant(argv[1], &t0) < 0 || value_instant(argv[2], &c->t1) < 0)
        return vtab_error(cur->pVtab, "sla_open_spans: t0 and t1 must be INTEGER epoch seconds "
                                      "in 1970-01-01 .. 2199-12-31");
    if (!(c->c = cache_calendar(v->conn, text, len, &r, err, sizeof err)))
        return vtab_error(cur->pVtab, "sla_open_spans: calendar: %s", err);
    return spans_seek(c, t0);
}

static int spans_next(sqlite3_vtab_cursor *cur)
{
    spans_cursor *c = (spans_cursor *)cur;
    c->row++;
    return spans_seek(c, c->closes);
}

static int spans_eof(sqlite3_vtab_cursor *cur)
{
    return ((spans_cursor *)cur)->eof;
}

static int spans_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col)
{
    spans_cursor *c = (spans_cursor *)cur;
    if (col == 0)
        sqlite3_result_int64(ctx, c->opens);
    else if (col == 1)
        sqlite3_result_int64(ctx, c->closes);
    return SQLITE_OK;
}

static int spans_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *ret)
{
    *ret = ((spans_cursor *)cur)->row;
    return SQLITE_OK;
}

/* sla_status(policy, state, now): one row per metric. */
typedef struct {
    sqlite3_vtab_cursor base;
    sla_status *st;
    pol_ref *p;
    int metric;
} status_cursor;

static int status_open(sqlite3_vtab *v, sqlite3_vtab_cursor **ret)
{
    status_cursor *c = sqlite3_malloc(sizeof *c);
    (void)v;
    if (!c)
        return SQLITE_NOMEM;
    memset(c, 0, sizeof *c);
    c->metric = SLA_METRIC_COUNT;
    if (sla_status_new(&c->st) < 0) {
        sqlite3_free(c);
        return SQLITE_NOMEM;
    }
    *ret = &c->base;
    return SQLITE_OK;
}

static int status_close(sqlite3_vtab_cursor *cur)
{
    status_cursor *c = (status_cursor *)cur;
    sla_status_free(c->st);
    pol_unref(c->p);
    sqlite3_free(c);
    return SQLITE_OK;
}

static pol_ref *cache_policy(sla_conn *s, const char *text, size_t len, int *ret_code,
                             char *err, size_t errsize)
{
    uint64_t h = fnv1a(text, len);
    pol_ref *hit;
    int k, r;
    for (k = 0; k < POL_CACHE && s->pols[k]; k++) {
        hit = s->pols[k];
        if (hit->hash == h && hit->len == len && !memcmp(hit->text, text, len)) {
            memmove(s->pols + 1, s->pols, (size_t)k * sizeof s->pols[0]);
            s->pols[0] = hit;
            hit->refs++;
            return hit;
        }
    }
    hit = sqlite3_malloc(sizeof *hit);
    if (!hit) {
        snprintf(err, errsize, "out of memory");
        *ret_code = SLA_ENOMEM;
        return NULL;
    }
    memset(hit, 0, sizeof *hit);
    hit->refs = 1;
    r = compile_policy(text, len, hit, err, errsize);
    if (r == 0 && !(hit->text = sqlite3_malloc64(len + 1))) {
        snprintf(err, errsize, "out of memory");
        r = SLA_ENOMEM;
    }
    if (r < 0) {
        *ret_code = r;
        pol_unref(hit);
        return NULL;
    }
    memcpy(hit->text, text, len);
    hit->text[len] = '\0';
    hit->len = len;
    hit->hash = h;
    hit->refs = 2;
    pol_unref(s->pols[POL_CACHE - 1]);
    memmove(s->pols + 1, s->pols, (POL_CACHE - 1) * sizeof s->pols[0]);
    s->pols[0] = hit;
    return hit;
}

static int status_filter(sqlite3_vtab_cursor *cur, int idx, const char *idxs, int argc,
                         sqlite3_value **argv)
{
    status_cursor *c = (status_cursor *)cur;
    tvf_vtab *v = (tvf_vtab *)cur->pVtab;
    const char *text, *why = NULL;
    size_t len;
    int64_t now;
    sla_ticket *tk = NULL;
    char err[600];
    int r;
    (void)idxs;
    (void)argc;
    pol_unref(c->p);
    c->p = NULL;
    c->metric = SLA_METRIC_COUNT;
    if (idx != 7)
        return vtab_error(cur->pVtab, "sla_status(policy, state, now) takes all three "
                                      "arguments");
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL ||
        sqlite3_value_type(argv[2]) == SQLITE_NULL)
        return SQLITE_OK;
    if (!(text = value_text(argv[0], &len, &why)))
        return vtab_error(cur->pVtab, "sla_status: policy %s", why);
    if (sqlite3_value_type(argv[1]) != SQLITE_BLOB)
        return vtab_error(cur->pVtab,
                          "sla_status: state must be a BLOB made by sla_replay() or sla_apply()");
    if (value_instant(argv[2], &now) < 0)
        return vtab_error(cur->pVtab, "sla_status: now must be INTEGER epoch seconds in "
                                      "1970-01-01 .. 2199-12-31");
    if (!(c->p = cache_policy(v->conn, text, len, &r, err, sizeof err)))
        return vtab_error(cur->pVtab, "sla_status: policy: %s", err);
    r = sla_ticket_restore(c->p->policy, sqlite3_value_blob(argv[1]),
                           (size_t)sqlite3_value_bytes(argv[1]), &tk);
    if (r < 0)
        return vtab_error(cur->pVtab, "sla_status: state: %s", restore_error(r));
    r = sla_ticket_status(tk, now, c->st);
    sla_ticket_free(tk);
    if (r == SLA_EORDER)
        return vtab_error(cur->pVtab, "sla_status: now is before the ticket's last event");
    if (r < 0)
        return vtab_error(cur->pVtab, "sla_status: %s", sla_strerror(r));
    c->metric = 0;
    return SQLITE_OK;
}

static int status_next(sqlite3_vtab_cursor *cur)
{
    ((status_cursor *)cur)->metric++;
    return SQLITE_OK;
}

static int status_eof(sqlite3_vtab_cursor *cur)
{
    return ((status_cursor *)cur)->metric >= SLA_METRIC_COUNT;
}

static void result_instant(sqlite3_context *ctx, int64_t t)
{
    if (t == SLA_NO_TIME)
        sqlite3_result_null(ctx);
    else
        sqlite3_result_int64(ctx, t);
}

static int status_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col)
{
    static const int fields[] = {
        -1, SLA_FIELD_STATE, SLA_FIELD_TARGET, SLA_FIELD_ELAPSED, SLA_FIELD_REMAINING,
        SLA_FIELD_ELAPSED_WALL, SLA_FIELD_REMAINING_WALL, SLA_FIELD_DEADLINE,
        SLA_FIELD_BREACHED_AT, SLA_FIELD_FULFILLED_AT, SLA_FIELD_STARTED_AT, SLA_FIELD_CYCLES,
        SLA_FIELD_BREACHED_CYCLES, SLA_FIELD_WARNED, -1, SLA_FIELD_CHANNEL,
        SLA_FIELD_CALENDAR_24_7};
    status_cursor *c = (status_cursor *)cur;
    int m = c->metric;
    int64_t v = 0, target = 0;
    if (col >= STATUS_VISIBLE)
        return SQLITE_OK; /* hidden argument columns read back as NULL */
    if (col == 0) {
        sqlite3_result_text(ctx, sla_metric_name(m), -1, SQLITE_STATIC);
        return SQLITE_OK;
    }
    if (col == 14) { /* warnings: JSON [{"percent":P,"at":T|null},...] */
        int64_t n = 0, at;
        int i, pct;
        sqlite3_str *s = sqlite3_str_new(NULL);
        sla_status_get(c->st, m, SLA_FIELD_WARNINGS, &n);
        sqlite3_str_appendchar(s, 1, '[');
        for (i = 0; i < n; i++) {
            if (sla_status_warning(c->st, m, i, &pct, &at) < 0)
                break;
            if (at == SLA_NO_TIME)
                sqlite3_str_appendf(s, "%s{\"percent\":%d,\"at\":null}", i ? "," : "", pct);
            else
                sqlite3_str_appendf(s, "%s{\"percent\":%d,\"at\":%lld}", i ? "," : "", pct,
                                    (long long)at);
        }
        sqlite3_str_appendchar(s, 1, ']');
        if (sqlite3_str_errcode(s)) {
            sqlite3_free(sqlite3_str_finish(s));
            return SQLITE_NOMEM;
        }
        sqlite3_result_text(ctx, sqlite3_str_finish(s), -1, sqlite3_free);
        return SQLITE_OK;
    }
    if (sla_status_get(c->st, m, fields[col], &v) < 0)
        return SQLITE_ERROR;
    sla_status_get(c->st, m, SLA_FIELD_TARGET, &target);
    switch (col) {
    case 1:
        sqlite3_result_text(ctx, sla_clock_state_name((int)v), -1, SQLITE_STATIC);
        break;
    case 2:
        if (v < 0)
            sqlite3_result_null(ctx); /* no target applies */
        else
            sqlite3_result_int64(ctx, v);
        break;
    case 7: case 8: case 9: case 10:
        result_instant(ctx, v);
        break;
    case 15: {
        const char *name = sla_policy_channel_name(c->p->policy, (int)v);
        if (name)
            sqlite3_result_text(ctx, name, -1, SQLITE_TRANSIENT);
        else
            sqlite3_result_null(ctx);
        break;
    }
    default:
        sqlite3_result_int64(ctx, v);
    }
    return SQLITE_OK;
}

static int status_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *ret)
{
    *ret = ((status_cursor *)cur)->metric;
    return SQLITE_OK;
}

/* sla_crossings(policy, state, t0, t1): every warning and breach crossed in
 * (t0, t1], each exactly once however the interval is split. */
#define CROSS_MAX (SLA_METRIC_COUNT * (SLA_WARN_MAX + 1))

static int cross_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
                         sqlite3_vtab **ret, char **err)
{
    (void)argc;
    (void)argv;
    return tvf_connect(db, aux,
                       "CREATE TABLE x(metric TEXT, kind TEXT, percent INTEGER, at INTEGER, "
                       "policy HIDDEN, state HIDDEN, t0 HIDDEN, t1 HIDDEN)",
                       ret, err);
}

static int cross_best_index(sqlite3_vtab *v, sqlite3_index_info *info)
{
    (void)v;
    return tvf_best_index(info, 4, 4);
}

typedef struct {
    sqlite3_vtab_cursor base;
    int metrics[CROSS_MAX], percents[CROSS_MAX];
    int64_t instants[CROSS_MAX];
    size_t n, i;
} cross_cursor;

static int cross_open(sqlite3_vtab *v, sqlite3_vtab_cursor **ret)
{
    cross_cursor *c = sqlite3_malloc(sizeof *c);
    (void)v;
    if (!c)
        return SQLITE_NOMEM;
    memset(c, 0, sizeof *c);
    *ret = &c->base;
    return SQLITE_OK;
}

static int cross_close(sqlite3_vtab_cursor *cur)
{
    sqlite3_free(cur);
    return SQLITE_OK;
}

static int cross_filter(sqlite3_vtab_cursor *cur, int idx, const char *idxs, int argc,
                        sqlite3_value **argv)
{
    cross_cursor *c = (cross_cursor *)cur;
    tvf_vtab *v = (tvf_vtab *)cur->pVtab;
    const char *text, *why = NULL;
    size_t len;
    int64_t t0, t1;
    sla_ticket *tk = NULL;
    pol_ref *p;
    char err[600];
    int r, k;
    (void)idxs;
    (void)argc;
    c->n = c->i = 0;
    if (idx != 15)
        return vtab_error(cur->pVtab, "sla_crossings(policy, state, t0, t1) takes all four "
                                      "arguments");
    for (k = 0; k < 4; k++)
        if (sqlite3_value_type(argv[k]) == SQLITE_NULL)
            return SQLITE_OK;
    if (!(text = value_text(argv[0], &len, &why)))
        return vtab_error(cur->pVtab, "sla_crossings: policy %s", why);
    if (sqlite3_value_type(argv[1]) != SQLITE_BLOB)
        return vtab_error(cur->pVtab,
                          "sla_crossings: state must be a BLOB made by sla_replay() or "
                          "sla_apply()");
    if (value_instant(argv[2], &t0) < 0 || value_instant(argv[3], &t1) < 0 || t1 < t0)
        return vtab_error(cur->pVtab, "sla_crossings: t0 <= t1 must be INTEGER epoch seconds "
                                      "in 1970-01-01 .. 2199-12-31");
    if (!(p = cache_policy(v->conn, text, len, &r, err, sizeof err)))
        return vtab_error(cur->pVtab, "sla_crossings: policy: %s", err);
    r = sla_ticket_restore(p->policy, sqlite3_value_blob(argv[1]),
                           (size_t)sqlite3_value_bytes(argv[1]), &tk);
    if (r == 0)
        r = sla_ticket_crossings(tk, t0, t1, c->metrics, c->percents, c->instants, CROSS_MAX,
                                 &c->n);
    sla_ticket_free(tk);
    pol_unref(p);
    if (r < 0) {
        c->n = 0;
        return vtab_error(cur->pVtab, "sla_crossings: %s", restore_error(r));
    }
    if (c->n > CROSS_MAX)
        c->n = CROSS_MAX; /* cannot happen: at most CROSS_MAX by the library's contract */
    return SQLITE_OK;
}

static int cross_next(sqlite3_vtab_cursor *cur)
{
    ((cross_cursor *)cur)->i++;
    return SQLITE_OK;
}

static int cross_eof(sqlite3_vtab_cursor *cur)
{
    cross_cursor *c = (cross_cursor *)cur;
    return c->i >= c->n;
}

static int cross_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col)
{
    cross_cursor *c = (cross_cursor *)cur;
    size_t i = c->i;
    switch (col) {
    case 0:
        sqlite3_result_text(ctx, sla_metric_name(c->metrics[i]), -1, SQLITE_STATIC);
        break;
    case 1:
        sqlite3_result_text(ctx, c->percents[i] == SLA_BREACH_PERCENT ? "breach" : "warning", -1,
                            SQLITE_STATIC);
        break;
    case 2:
        sqlite3_result_int(ctx, c->percents[i]);
        break;
    case 3:
        sqlite3_result_int64(ctx, c->instants[i]);
        break;
    default:
        break;
    }
    return SQLITE_OK;
}

static int cross_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *ret)
{
    *ret = (sqlite3_int64)((cross_cursor *)cur)->i;
    return SQLITE_OK;
}

static sqlite3_module cross_module = {
    0, NULL, cross_connect, cross_best_index, tvf_disconnect, NULL, cross_open, cross_close,
    cross_filter, cross_next, cross_eof, cross_column, cross_rowid,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL};

static sqlite3_module spans_module = {
    0, NULL, spans_connect, spans_best_index, tvf_disconnect, NULL, spans_open, spans_close,
    spans_filter, spans_next, spans_eof, spans_column, spans_rowid,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL};

static sqlite3_module status_module = {
    0, NULL, status_connect, status_best_index, tvf_disconnect, NULL, status_open, status_close,
    status_filter, status_next, status_eof, status_column, status_rowid,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL};

/* ---- registration ----------------------------------------------------------- */

static const struct {
    const char *name;
    int nargs;
    void (*fn)(sqlite3_context *, int, sqlite3_value **);
} scalars[] = {
    {"sla_calendar", 2, fn_calendar}, {"sla_calendar", 3, fn_calendar},
    {"sla_add", 3, fn_add},           {"sla_sub", 3, fn_sub},
    {"sla_diff", 3, fn_diff},         {"sla_is_open", 2, fn_is_open},
    {"sla_next_open", 2, fn_next_open}, {"sla_next_close", 2, fn_next_close},
    {"sla_instant", 2, fn_instant},   {"sla_format", 2, fn_format},
    {"sla_duration", 1, fn_duration}, {"sla_apply", 4, fn_apply},
    {"sla_apply", 5, fn_apply},       {"sla_apply", 6, fn_apply},
    {"sla_prev_open", 2, fn_prev_open}, {"sla_prev_close", 2, fn_prev_close},
    {"sla_add_days", 3, fn_add_days}, {"sla_sub_days", 3, fn_sub_days},
    {"sla_count_days", 3, fn_count_days}, {"sla_holiday_horizon", 1, fn_holiday_horizon},
    {"sla_next_change", 3, fn_next_change}, {"sla_rebase", 4, fn_rebase},
};

#ifdef _WIN32
__declspec(dllexport)
#else
__attribute__((visibility("default")))
#endif
int sqlite3_sla_init(sqlite3 *db, char **err, const sqlite3_api_routines *api);

int sqlite3_sla_init(sqlite3 *db, char **err, const sqlite3_api_routines *api)
{
    const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
    sla_conn *s;
    size_t i;
    int r = SQLITE_OK, n;
    SQLITE_EXTENSION_INIT2(api);

    if (sla_version_number() < SLA_VERSION_NUMBER) {
        *err = sqlite3_mprintf("sla: libsla %s is older than the %s this extension was built "
                               "against",
                               sla_version_string(), SLA_VERSION_STRING);
        return SQLITE_ERROR;
    }
    s = sqlite3_malloc(sizeof *s);
    if (!s)
        return SQLITE_NOMEM;
    memset(s, 0, sizeof *s);
    s->refs = 1; /* held until the loop below is done */
    for (i = 0; i < sizeof scalars / sizeof scalars[0] && r == SQLITE_OK; i++) {
        s->refs++;
        r = sqlite3_create_function_v2(db, scalars[i].name, scalars[i].nargs, flags, s,
                                       scalars[i].fn, NULL, NULL, conn_unref);
    }
    /* The aggregate depends on row order, so it is not deterministic. */
    for (n = 3; n <= 5 && r == SQLITE_OK; n++) {
        s->refs++;
        r = sqlite3_create_function_v2(db, "sla_replay", n, SQLITE_UTF8 | SQLITE_INNOCUOUS, s,
                                       NULL, replay_step, replay_final, conn_unref);
    }
    if (r == SQLITE_OK) {
        s->refs++;
        r = sqlite3_create_module_v2(db, "sla_open_spans", &spans_module, s, conn_unref);
    }
    if (r == SQLITE_OK) {
        s->refs++;
        r = sqlite3_create_module_v2(db, "sla_status", &status_module, s, conn_unref);
    }
    if (r == SQLITE_OK) {
        s->refs++;
        r = sqlite3_create_module_v2(db, "sla_crossings", &cross_module, s, conn_unref);
    }
    conn_unref(s);
    if (r != SQLITE_OK)
        *err = sqlite3_mprintf("sla: could not register the functions: %s", sqlite3_errstr(r));
    return r;
}
