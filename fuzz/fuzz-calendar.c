/* Semantic fuzz target for the calendar arithmetic (SEMANTICS 2.3).
 *
 * The fuzz bytes choose a zone from a short list, opening-hours text that is
 * valid by construction, holidays, closures and extra openings, and a second
 * calendar for union and intersection; the rest of the bytes are queries.
 * Every query checks the invariants of the contract and abort()s on a
 * violation:
 *   add(t, 0) = t;  diff(t, add(t, d)) = d;  add is monotone in d;
 *   s = sub(add(t, d), d) satisfies t <= s <= add(t, d), diff(s, add) = d and
 *   add(s, d) = add(t, d);  diff(a, b) = -diff(b, a) and is additive;
 *   next_open / next_close agree with is_open and diff;
 *   is_open(t) iff diff(t, t + 1) = 1;
 *   an add or sub that fails does so only with "range" or "never", and only
 *   when the supported range really lacks that much open time;
 *   union and intersection agree with the two calendars instant by instant
 *   and diff(union) + diff(intersection) = diff(a) + diff(b);
 *   the *_many calls agree with the single calls.
 * Text that the generator made valid must parse: a refusal is a bug.
 *
 * Cost: compiling a calendar (1970-2200) takes most of an input's time, so
 * compiled calendars are kept for later inputs with the same recipe (see
 * calendars_for()); the queries run on every input. Inputs longer than 512
 * bytes are ignored (12 queries take at most about 250 bytes).
 * fuzz-options: -max_len=512
 * SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsla/sla.h>

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz-calendar: check failed at line %d: %s\n", __LINE__, #cond);      \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* ---- a little data producer ------------------------------------------------ */

typedef struct {
    const uint8_t *p;
    size_t n;
} bytes;

static unsigned take8(bytes *b)
{
    unsigned v;
    if (b->n == 0)
        return 0;
    v = b->p[0];
    b->p++;
    b->n--;
    return v;
}

static uint32_t take32(bytes *b)
{
    uint32_t v = 0;
    int i;
    for (i = 0; i < 4; i++)
        v = (v << 8) | take8(b);
    return v;
}

/* ---- generating a calendar ------------------------------------------------- */

static const char *const zones[] = {
    "UTC",              "Europe/Oslo",  "America/New_York", "Australia/Lord_Howe",
    "Asia/Kolkata",     "Europe/Dublin", "America/Sao_Paulo", "Pacific/Apia",
};
static const char *const wd[] = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};
static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* 2024-01-01T00:00:00Z: queries mostly fall in the three years after it. */
#define BASE ((int64_t)1704067200)
#define SPAN ((int64_t)3 * 366 * 86400)

typedef struct {
    char s[1024];
    size_t len;
} text;

static void put(text *t, const char *s)
{
    size_t k = strlen(s);
    if (t->len + k < sizeof t->s) {
        memcpy(t->s + t->len, s, k + 1);
        t->len += k;
    }
}

static void put_time(text *t, unsigned minutes)
{
    char buf[8];
    snprintf(buf, sizeof buf, "%02u:%02u", minutes / 60, minutes % 60);
    put(t, buf);
}

static void gen_weekdays(text *t, bytes *b)
{
    unsigned n = 1 + take8(b) % 3, i;
    for (i = 0; i < n; i++) {
        unsigned k = take8(b);
        if (i)
            put(t, ",");
        if (k % 8 == 7) {
            put(t, "PH");
        } else if (k & 8) {
            put(t, wd[k % 7]);
            put(t, "-");
            put(t, wd[(k / 16) % 7]); /* ranges may wrap: Fr-Mo */
        } else {
            put(t, wd[k % 7]);
        }
    }
}

static void gen_spans(text *t, bytes *b)
{
    unsigned n = 1 + take8(b) % 3, i;
    for (i = 0; i < n; i++) {
        unsigned start = (take8(b) % 96) * 15; /* quarter hours */
        unsigned len = (1 + take8(b) % 96) * 15;
        unsigned end = start + len;
        if (take8(b) & 1) {
            start += take8(b) % 15;
            end -= take8(b) % 15;
        }
        if (end <= start)
            end = start + 1;
        if (i)
            put(t, ",");
        put_time(t, start);
        put(t, "-");
        if (end < 1440)
            put_time(t, end);
        else if (end == 1440)
            put(t, "24:00");
        else if (end - 1440 < start)
            put_time(t, end - 1440); /* overnight: runs into the next day */
        else
            put(t, "24:00");
    }
}

static int gen_rule(text *t, bytes *b)
{
    unsigned k = take8(b), v;
    int has_wd = 0, has_sel = 0;
    char buf[32];

    if (k % 16 == 0) {
        put(t, "24/7");
        return 0;
    }
    if (k & 0x10) { /* a year or a range of years */
        v = take8(b);
        snprintf(buf, sizeof buf, "%u", 2024 + v % 3);
        put(t, buf);
        if (v & 0x80) {
            snprintf(buf, sizeof buf, "-%u", 2024 + v % 3 + (v / 4) % 3);
            put(t, buf);
        }
        put(t, " ");
        has_sel = 1;
    }
    if (k & 0x20) { /* months or a month day */
        v = take8(b);
        put(t, mon[v % 12]);
        if (v & 0x80) {
            snprintf(buf, sizeof buf, " %02u", 1 + (v / 12) % 28);
            put(t, buf);
            if (take8(b) & 1) {
                snprintf(buf, sizeof buf, "-%02u", 1 + (v / 12) % 28 + take8(b) % 3);
                put(t, buf);
            }
        } else if (v & 0x40) {
            put(t, "-");
            put(t, mon[(v % 12 + 1 + take8(b) % 11) % 12]); /* may wrap: Nov-Feb */
        }
        put(t, " ");
        has_sel = 1;
    }
    if (k & 0x40 || !has_sel) {
        gen_weekdays(t, b);
        put(t, " ");
        has_wd = !has_sel; /* the rule starts with its weekday selector */
    }
    v = take8(b) % 8;
    if (v == 0)
        put(t, "off");
    else if (v == 1)
        put(t, "closed");
    else if (v == 2)
        put(t, "open");
    else
        gen_spans(t, b);
    return has_wd;
}

static void gen_hours(text *t, bytes *b)
{
    unsigned n = 1 + take8(b) % 4, i;
    t->len = 0;
    t->s[0] = '\0';
    for (i = 0; i < n; i++) {
        text r = {"", 0};
        int starts_wd;
        /* A rule that starts with a weekday may be joined with ", " (an
         * additional rule); anything else needs "; ". */
        starts_wd = gen_rule(&r, b);
        if (i)
            put(t, (starts_wd && (take8(b) & 1)) ? ", " : "; ");
        put(t, r.s);
    }
}

/* A calendar to build: the zone, the hours text and the exceptions,
 * all taken from the bytes before anything is compiled. */
typedef struct {
    const char *zone;
    text hours;
    int full;
    unsigned n_holidays, n_spans;
    int hy[4], hm[4], hd[4];
    int64_t s[3], e[3];
    int closure[3];
} recipe;

static void gen_recipe(bytes *b, int full, recipe *r)
{
    unsigned i;

    memset(r, 0, sizeof *r);
    r->zone = zones[take8(b) % (sizeof zones / sizeof zones[0])];
    gen_hours(&r->hours, b);
    r->full = full;
    if (!full)
        return;
    r->n_holidays = take8(b) % 5;
    for (i = 0; i < r->n_holidays; i++) {
        unsigned v = take8(b);
        r->hy[i] = 2024 + (int)(v % 3);
        r->hm[i] = 1 + (int)(v / 3) % 12;
        r->hd[i] = 1 + (int)take8(b) % 28;
    }
    r->n_spans = take8(b) % 4;
    for (i = 0; i < r->n_spans; i++) {
        r->s[i] = BASE + (int64_t)(take32(b) % (uint32_t)SPAN);
        r->e[i] = r->s[i] + (int64_t)(take32(b) % (10u * 86400u));
        r->closure[i] = take8(b) & 1;
    }
}

static int same_recipe(const recipe *a, const recipe *b)
{
    unsigned i;
    if (a->zone != b->zone || a->full != b->full || a->n_holidays != b->n_holidays ||
        a->n_spans != b->n_spans || strcmp(a->hours.s, b->hours.s) != 0)
        return 0;
    for (i = 0; i < a->n_holidays; i++)
        if (a->hy[i] != b->hy[i] || a->hm[i] != b->hm[i] || a->hd[i] != b->hd[i])
            return 0;
    for (i = 0; i < a->n_spans; i++)
        if (a->s[i] != b->s[i] || a->e[i] != b->e[i] || a->closure[i] != b->closure[i])
            return 0;
    return 1;
}

/* Compile the calendar of a recipe, checking every step; NULL when the zone
 * is not installed. */
static sla_calendar *compile_recipe(const recipe *rc)
{
    sla_calendar_builder *bld = NULL;
    sla_calendar *cal = NULL;
    sla_diag *diag = NULL;
    unsigned i;
    int r;

    if (sla_calendar_builder_new(rc->zone, &bld) != 0)
        return NULL; /* no tz database here: nothing to check */
    CHECK(sla_diag_new(&diag) == 0);
    r = sla_calendar_builder_set_hours(bld, rc->hours.s, diag);
    if (r != 0) {
        fprintf(stderr, "fuzz-calendar: valid hours refused (%s): \"%s\": col %d %s: %s\n",
                sla_error_name(r), rc->hours.s, sla_diag_column(diag), sla_diag_construct(diag),
                sla_diag_message(diag));
        abort();
    }
    for (i = 0; i < rc->n_holidays; i++)
        CHECK(sla_calendar_builder_add_holiday(bld, rc->hy[i], rc->hm[i], rc->hd[i]) == 0);
    for (i = 0; i < rc->n_spans; i++) {
        if (rc->closure[i])
            CHECK(sla_calendar_builder_add_closure(bld, rc->s[i], rc->e[i]) == 0);
        else
            CHECK(sla_calendar_builder_add_opening(bld, rc->s[i], rc->e[i]) == 0);
    }
    CHECK(sla_calendar_builder_compile(bld, &cal) == 0);
    sla_calendar_builder_free(bld);
    sla_diag_free(diag);
    return cal;
}

/* Compiled calendars of recent inputs, by recipe. libFuzzer mutates one
 * corpus input several times in a row, and most mutations change only the
 * queries, so most inputs ask for a calendar compiled a moment ago. A
 * compile is deterministic: the same recipe gives the same calendar and has
 * passed the same checks, so a hit skips only work already done (every
 * recipe is compiled and checked the first time it appears). The union and
 * intersection of a pair are kept with its second calendar. */
#define CACHE_SLOTS 64

typedef struct {
    int used;
    unsigned long stamp;
    recipe r, r2; /* r2: the second calendar (r2.zone NULL when none) */
    sla_calendar *cal, *cal2, *u, *x;
} cache_slot;

static cache_slot cache[CACHE_SLOTS];
static unsigned long cache_clock;

static void slot_clear(cache_slot *s)
{
    sla_calendar_free(s->x);
    sla_calendar_free(s->u);
    sla_calendar_free(s->cal2);
    sla_calendar_free(s->cal);
    memset(s, 0, sizeof *s);
}

/* The calendar of recipe r and, when r2 is given, the second calendar with
 * the union and intersection. NULL: the zone is not installed. */
static cache_slot *calendars_for(const recipe *r, const recipe *r2)
{
    cache_slot *s, *old = &cache[0];
    int i;

    for (i = 0; i < CACHE_SLOTS; i++) {
        s = &cache[i];
        if (s->used && same_recipe(&s->r, r) &&
            (r2 ? s->r2.zone && same_recipe(&s->r2, r2) : !s->r2.zone)) {
            s->stamp = ++cache_clock;
            return s;
        }
        if (!s->used || s->stamp < old->stamp)
            old = s;
    }
    s = old;
    slot_clear(s);
    s->cal = compile_recipe(r);
    if (!s->cal)
        return NULL;
    s->r = *r;
    if (r2) {
        s->cal2 = compile_recipe(r2);
        if (s->cal2) {
            s->r2 = *r2;
            CHECK(sla_calendar_union(s->cal, s->cal2, &s->u) == 0);
            CHECK(sla_calendar_intersect(s->cal, s->cal2, &s->x) == 0);
            CHECK(strcmp(sla_calendar_zone(s->u), sla_calendar_zone(s->cal)) == 0);
        } else {
            slot_clear(s);
            return NULL;
        }
    }
    s->used = 1;
    s->stamp = ++cache_clock;
    return s;
}

/* ---- the invariants ---------------------------------------------------------- */

static int is_open(const sla_calendar *c, int64_t t)
{
    int o = -1;
    CHECK(sla_calendar_is_open(c, t, &o) == 0);
    CHECK(o == 0 || o == 1);
    return o;
}

static int64_t diff(const sla_calendar *c, int64_t a, int64_t b)
{
    int64_t d = -1;
    CHECK(sla_calendar_diff(c, a, b, &d) == 0);
    return d;
}

static void check_point(const sla_calendar *c, int64_t t, int64_t d, int64_t d2, int64_t t2)
{
    int64_t u = -7, u2 = -7, s = -7, x = -7, v = -7;
    int rc, rc2, open_t = is_open(c, t);

    /* is_open and diff agree, and diff is antisymmetric and additive. */
    if (t + 1 < SLA_TIME_MAX)
        CHECK(diff(c, t, t + 1) == open_t);
    CHECK(diff(c, t, t) == 0);
    CHECK(diff(c, t, t2) == -diff(c, t2, t));
    {
        int64_t m = t + (t2 - t) / 2;
        CHECK(diff(c, t, t2) == diff(c, t, m) + diff(c, m, t2));
    }

    /* add(t, 0) = t, even when closed. */
    CHECK(sla_calendar_add(c, t, 0, &x) == 0 && x == t);
    CHECK(sla_calendar_sub(c, t, 0, &x) == 0 && x == t);

    /* add and its inverse. */
    rc = sla_calendar_add(c, t, d, &u);
    CHECK(rc == 0 || rc == SLA_ERANGE || rc == SLA_ENEVER);
    if (rc == 0) {
        CHECK(u >= t && u < SLA_TIME_MAX);
        CHECK(u - t >= d);
        CHECK(diff(c, t, u) == d);
        if (d > 0)
            CHECK(is_open(c, u - 1)); /* the deadline ends an open second */
        CHECK(sla_calendar_sub(c, u, d, &s) == 0);
        CHECK(s >= t && s <= u);
        CHECK(diff(c, s, u) == d);
        if (d > 0)
            CHECK(is_open(c, s));
        CHECK(sla_calendar_add(c, s, d, &x) == 0 && x == u);
    } else {
        CHECK(u == -7);
        CHECK(diff(c, t, SLA_TIME_MAX - 1) < d);
    }

    /* add is monotone in d. */
    rc2 = sla_calendar_add(c, t, d2, &u2);
    CHECK(rc2 == 0 || rc2 == SLA_ERANGE || rc2 == SLA_ENEVER);
    if (rc == 0 && rc2 == 0)
        CHECK(d2 >= d ? u2 >= u : u2 <= u);
    if (rc != 0 && d2 >= d)
        CHECK(rc2 != 0);

    /* sub on its own. */
    rc = sla_calendar_sub(c, t, d, &s);
    CHECK(rc == 0 || rc == SLA_ERANGE || rc == SLA_ENEVER);
    if (rc == 0) {
        CHECK(s <= t && s >= SLA_TIME_MIN);
        CHECK(diff(c, s, t) == d);
    } else {
        CHECK(diff(c, SLA_TIME_MIN, t) < d);
    }

    /* next_open / next_close. */
    rc = sla_calendar_next_open(c, t, &v);
    CHECK(rc == 0 || rc == SLA_ENEVER);
    if (rc == 0) {
        CHECK(v >= t && is_open(c, v));
        CHECK((v == t) == open_t);
        CHECK(diff(c, t, v) == 0);
    } else {
        CHECK(!open_t && diff(c, t, SLA_TIME_MAX - 1) == 0);
    }
    rc = sla_calendar_next_close(c, t, &v);
    CHECK(rc == 0 || rc == SLA_ENEVER);
    if (rc == 0) {
        CHECK(v >= t && !is_open(c, v));
        CHECK((v == t) == !open_t);
        CHECK(diff(c, t, v) == v - t);
    } else {
        CHECK(open_t && diff(c, t, SLA_TIME_MAX - 1) == SLA_TIME_MAX - 1 - t);
    }

    /* prev_open / prev_close. */
    rc = sla_calendar_prev_open(c, t, &v);
    CHECK(rc == 0 || rc == SLA_ENEVER);
    if (rc == 0) {
        CHECK(v <= t && v >= SLA_TIME_MIN && is_open(c, v));
        CHECK(v == SLA_TIME_MIN || !is_open(c, v - 1));
        if (open_t)
            CHECK(diff(c, v, t) == t - v);
    }
    rc = sla_calendar_prev_close(c, t, &v);
    CHECK(rc == 0 || rc == SLA_ENEVER);
    if (rc == 0) {
        /* a period may end exactly at 1970-01-01T00:00Z, having opened before it */
        CHECK(v <= t && v >= SLA_TIME_MIN && !is_open(c, v));
        CHECK(v == SLA_TIME_MIN || is_open(c, v - 1));
        if (!open_t)
            CHECK(diff(c, v, t) == 0);
    }

    /* add_days: monotone in n, undone by sub_days. */
    {
        int64_t n = d % 40, a0 = -7, a1 = -7, b0 = -7;
        rc = sla_calendar_add_days(c, t, n, &a0);
        CHECK(rc == 0 || rc == SLA_ERANGE || rc == SLA_ENEVER);
        if (rc == 0) {
            CHECK(a0 >= t && a0 < SLA_TIME_MAX);
            CHECK(n > 0 || (open_t ? a0 == t : is_open(c, a0) && diff(c, t, a0) == 0));
            rc2 = sla_calendar_add_days(c, t, n + 1, &a1);
            CHECK(rc2 != 0 || a1 > a0);
            CHECK(sla_calendar_sub_days(c, a0, n, &b0) == 0);
            CHECK(b0 >= t && b0 <= a0);
            CHECK(sla_calendar_add_days(c, b0, n, &x) == 0 && x == a0);
        }
        rc = sla_calendar_sub_days(c, t, n, &b0);
        CHECK(rc == 0 || rc == SLA_ERANGE || rc == SLA_ENEVER);
        if (rc == 0) {
            CHECK(b0 <= t && b0 >= SLA_TIME_MIN);
            CHECK(sla_calendar_add_days(c, b0, n, &x) == 0 && x <= t);
        }
    }
}

static void check_many(const sla_calendar *c, const int64_t *t, const int64_t *d, size_t n)
{
    int64_t r[8], one;
    int st[8], o[8], rc, i;

    CHECK(n <= 8);
    sla_calendar_add_many(c, t, d, n, r, st);
    for (i = 0; i < (int)n; i++) {
        rc = sla_calendar_add(c, t[i], d[i], &one);
        CHECK(st[i] == rc);
        CHECK(rc == 0 ? r[i] == one : r[i] == 0);
    }
    sla_calendar_sub_many(c, t, d, n, r, st);
    for (i = 0; i < (int)n; i++) {
        rc = sla_calendar_sub(c, t[i], d[i], &one);
        CHECK(st[i] == rc && (rc == 0 ? r[i] == one : r[i] == 0));
    }
    CHECK(sla_calendar_is_open_many(c, t, n, o, st) == 0);
    for (i = 0; i < (int)n; i++)
        CHECK(st[i] == 0 && o[i] == is_open(c, t[i]));
    {
        int64_t b2[8];
        for (i = 0; i < (int)n; i++)
            b2[i] = t[n - 1 - (size_t)i];
        CHECK(sla_calendar_diff_many(c, t, b2, n, r, st) == 0);
        for (i = 0; i < (int)n; i++)
            CHECK(st[i] == 0 && r[i] == diff(c, t[i], b2[i]));
    }
    sla_calendar_next_open_many(c, t, n, r, st);
    for (i = 0; i < (int)n; i++) {
        rc = sla_calendar_next_open(c, t[i], &one);
        CHECK(st[i] == rc && (rc == 0 ? r[i] == one : r[i] == 0));
    }
    sla_calendar_next_close_many(c, t, n, r, st);
    for (i = 0; i < (int)n; i++) {
        rc = sla_calendar_next_close(c, t[i], &one);
        CHECK(st[i] == rc && (rc == 0 ? r[i] == one : r[i] == 0));
    }
}

static int64_t gen_instant(bytes *b)
{
    unsigned k = take8(b);
    uint32_t v = take32(b);
    switch (k % 16) {
    case 0:
        return SLA_TIME_MIN + (int64_t)(v % 200000u);
    case 1:
        return SLA_TIME_MAX - 1 - (int64_t)(v % 200000u);
    case 2: /* anywhere in the supported range */
        return (int64_t)(((uint64_t)v << 1) % (uint64_t)SLA_TIME_MAX);
    default:
        return BASE + (int64_t)(v % (uint32_t)SPAN);
    }
}

static int64_t gen_duration(bytes *b)
{
    unsigned k = take8(b);
    uint32_t v = take32(b);
    switch (k % 8) {
    case 0:
        return 0;
    case 1:
        return (int64_t)(v % 120u);
    case 2: /* far beyond what the range holds */
        return (int64_t)v * 4096;
    default:
        return (int64_t)(v % (40u * 86400u));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bytes b = {data, size};
    static recipe ra, rb;
    const sla_calendar *a, *c = NULL, *u = NULL, *x = NULL;
    cache_slot *slot;
    int64_t ts[8], ds[8];
    size_t n = 0;
    int q, two;

    if (size > 512)
        return 0;
    gen_recipe(&b, 1, &ra);
    two = take8(&b) & 1;
    if (two)
        gen_recipe(&b, 0, &rb);
    slot = calendars_for(&ra, two ? &rb : NULL);
    if (!slot && two) /* the second zone is not installed: the first alone */
        slot = calendars_for(&ra, NULL);
    if (!slot)
        return 0;
    a = slot->cal;
    if (slot->cal2) {
        c = slot->cal2;
        u = slot->u;
        x = slot->x;
    }

    for (q = 0; q < 12 && b.n > 0; q++) {
        int64_t t = gen_instant(&b), d = gen_duration(&b), d2 = gen_duration(&b);
        int64_t t2 = gen_instant(&b);
        check_point(a, t, d, d2, t2);
        if (u) {
            CHECK(is_open(u, t) == (is_open(a, t) | is_open(c, t)));
            CHECK(is_open(x, t) == (is_open(a, t) & is_open(c, t)));
            CHECK(diff(u, t, t2) + diff(x, t, t2) == diff(a, t, t2) + diff(c, t, t2));
            check_point(u, t, d, d2, t2);
            check_point(x, t, d, d2, t2);
        }
        if (n < 8) {
            ts[n] = t;
            ds[n] = d;
            n++;
        }
    }
    if (n > 0)
        check_many(a, ts, ds, n);
    return 0;
}
