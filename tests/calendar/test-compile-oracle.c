/* The calendar compiler against a direct reading of SEMANTICS 2: for an
 * instant u, look at the local dates around it, take each date's spans from
 * the opening-hours rules that select it by weekday and date, and on a
 * holiday apply the PH rules after all others (SEMANTICS 2.1, holidays are
 * dates): the date's wall-clock hours include what runs past midnight from
 * the day before; a ';' PH rule replaces 00:00-24:00 of the date, a ',' PH
 * rule adds, 'off' with times removes them, a text without PH ends in
 * '; PH off'; what runs past the holiday's own midnight stands. Map each
 * boundary by the wall-clock rule, then apply extra openings and closures.
 * No eras, no patterns: a day-by-day, minute-by-minute oracle, slow and
 * obviously right, built on the separately tested opening-hours and
 * time-zone layers (the PH rules are applied here, from the table below, not
 * by the library). Random calendars with seasonal rules, holidays,
 * overnight spans, closures and openings, in zones with DST, 30-minute
 * shifts, a skipped day and a midnight gap.
 * SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar/calendar.h"
#include "text/hours.h"
#include "tz/tz.h"

#define DAY 86400

typedef struct {
    const char *zone;
    char text[512];
    size_t pick[4], n_pick; /* rules[] used, in order */
    bool additional[4];
    int64_t hol[32];
    size_t n_hol;
    int64_t clo[8][2], opn[8][2];
    size_t n_clo, n_opn;
} spec;

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static int64_t pick(int64_t lo, int64_t hi) /* [lo, hi] */
{
    return lo + (int64_t)(rnd() % (uint64_t)(hi - lo + 1));
}

static const char *zones[] = {"Europe/Oslo", "Europe/London", "America/New_York",
                              "Australia/Sydney", "Australia/Lord_Howe", "Pacific/Apia",
                              "America/Sao_Paulo", "UTC"};

/* A rule of the random texts; for the ones that select PH, what they do on
 * a holiday: mod 0 open, 2 off; t0..t1 in minutes (no times: whole day);
 * month: 0 any. */
typedef struct {
    const char *text;
    bool ph;
    int mod, t0, t1, month;
} orule;

static const orule rules[] = {
    {"Mo-Fr 08:00-16:00", false, 0, 0, 0, 0},
    {"Mo-Fr 09:00-12:00,13:00-17:30", false, 0, 0, 0, 0},
    {"Mo-Fr 22:00-06:00", false, 0, 0, 0, 0},
    {"Sa 10:00-14:00", false, 0, 0, 0, 0},
    {"Su 00:30-02:30", false, 0, 0, 0, 0},
    {"Mo-Su 00:00-24:00", false, 0, 0, 0, 0},
    {"Tu,Th 01:30-03:15", false, 0, 0, 0, 0},
    {"Jun-Aug Mo-Fr 09:00-15:00", false, 0, 0, 0, 0},
    {"Dec 24 off", false, 0, 0, 0, 0},
    {"Dec 24-26 off", false, 0, 0, 0, 0},
    {"2025 Dec 24 09:00-12:00", false, 0, 0, 0, 0},
    {"PH off", true, 2, 0, 0, 0},
    {"PH 10:00-14:00", true, 0, 600, 840, 0},
    {"PH 14:00-14:30 off", true, 2, 840, 870, 0},
    {"PH 01:00-02:00 off", true, 2, 60, 120, 0},
    {"PH 23:00-01:00 off", true, 2, 1380, 1500, 0},
    {"Mo-Su 20:00-04:00", false, 0, 0, 0, 0},
    {"PH 20:00-03:00", true, 0, 1200, 1620, 0},
    {"Sa,PH 09:00-13:00", true, 0, 540, 780, 0},
    {"Dec PH 10:00-12:00", true, 0, 600, 720, 12},
    {"Fr 20:00-26:00", false, 0, 0, 0, 0},
    {"We 12:00-13:00 off", false, 0, 0, 0, 0},
    {"Nov-Feb Sa off", false, 0, 0, 0, 0},
    {"Mar 25-Apr 05 Mo-Fr 02:00-04:00", false, 0, 0, 0, 0},
    {"2026 Oct 20-2026 Nov 10 00:00-24:00", false, 0, 0, 0, 0},
    {"week 10-20/3 Sa 08:00-09:00", false, 0, 0, 0, 0},
    {"Mo[1],Fr[-1] 23:00-01:00", false, 0, 0, 0, 0},
    {"easter -2 days-easter +1 day off", false, 0, 0, 0, 0},
    /* nth weekdays whose overnight spans differ from one state to the next
     * (a run's first hours, and a fall-back Sunday after a last Saturday) */
    {"Sa[-1] 11:40-26:40", false, 0, 0, 0, 0},
    {"Mo[1,3,5],Tu[2,4],We[1,3,5],Th[2,4],Fr[1,3,5],Sa[2,4],Su[1,3,5] 23:20-27:00", false, 0, 0,
     0, 0},
    {"Su[-1],Sa[4] 01:10-03:20,22:30-25:15", false, 0, 0, 0, 0},
};

#define N_RULES (sizeof rules / sizeof rules[0])

static void make_spec(spec *s)
{
    size_t i, n = 1 + (size_t)(rnd() % 4);
    s->zone = zones[rnd() % (sizeof zones / sizeof zones[0])];
    s->text[0] = '\0';
    s->n_pick = n;
    for (i = 0; i < n; i++) {
        s->additional[i] = i && rnd() % 4 == 0;
        if (i)
            strcat(s->text, s->additional[i] ? ", " : "; ");
        s->pick[i] = (size_t)(rnd() % N_RULES);
        strcat(s->text, rules[s->pick[i]].text);
    }
    /* most in the windows checked below (January 2025 and the DST changes
     * of 2025), some in a row, some anywhere */
    s->n_hol = (size_t)(rnd() % 16);
    for (i = 0; i < s->n_hol; i++) {
        static const int64_t near[][2] = {{20089, 20114}, {20150, 20180}, {20360, 20400},
                                          {20089, 20820}};
        size_t k = (size_t)(rnd() % 4);
        s->hol[i] = (i && rnd() % 4 == 0) ? s->hol[i - 1] + 1
                    : (rnd() % 6)          ? pick(near[k][0], near[k][1])
                                           : pick(1, 84000);
    }
    s->n_clo = (size_t)(rnd() % 4);
    for (i = 0; i < s->n_clo; i++) {
        s->clo[i][0] = pick(1735689600, 1798761600) / 60 * 60; /* whole minutes */
        s->clo[i][1] = s->clo[i][0] + pick(0, 3 * 1440) * 60;
    }
    s->n_opn = (size_t)(rnd() % 4);
    for (i = 0; i < s->n_opn; i++) {
        s->opn[i][0] = pick(1735689600, 1798761600) / 60 * 60;
        s->opn[i][1] = s->opn[i][0] + pick(0, 2 * 1440) * 60;
    }
}

typedef struct {
    const spec *s;
    sla_tz *tz;
    sla_hours *h;
} oracle;

static bool holiday(const oracle *o, int64_t d)
{
    for (size_t i = 0; i < o->s->n_hol; i++)
        if (o->s->hol[i] == d)
            return true;
    return false;
}

/* The open minutes of date d, 0 .. 2880 (past 1440: the next date). */
static void date_minutes(const oracle *o, int64_t d, bool *open, int depth)
{
    sla__span sp[SLA__MAX_DAY_SPANS];
    size_t n, i;
    int t;
    bool any_ph = false;

    memset(open, 0, 2880 * sizeof *open);
    /* the rules that select the date by its weekday and date */
    sla__hours_day(o->h, d, false, sp, &n);
    for (i = 0; i < n; i++)
        for (t = sp[i].start / 60; t < sp[i].end / 60; t++)
            open[t] = true;
    if (!holiday(o, d))
        return;
    /* a holiday: what runs past midnight from the day before ... */
    if (depth < 16) {
        bool prev[2880];
        date_minutes(o, d - 1, prev, depth + 1);
        for (t = 0; t < 1440; t++)
            open[t] = open[t] || prev[1440 + t];
    }
    /* ... then the PH rules in their order */
    for (i = 0; i < o->s->n_pick; i++) {
        const orule *r = &rules[o->s->pick[i]];
        int64_t y;
        unsigned m, dd;
        int a = r->t1 ? r->t0 : 0, b = r->t1 ? r->t1 : 1440;
        if (!r->ph)
            continue;
        any_ph = true;
        sla__civil_from_days(d, &y, &m, &dd);
        if (r->month && (int)m != r->month)
            continue;
        if (r->mod == 2) {
            for (t = a; t < b; t++)
                open[t] = false;
            continue;
        }
        if (!o->s->additional[i])
            memset(open, 0, 1440 * sizeof *open);
        for (t = a; t < b; t++)
            open[t] = true;
    }
    if (!any_ph)
        memset(open, 0, 1440 * sizeof *open);
}

/* The open periods of date d as instants (cut at the next date's midnight
 * when that date is a holiday: its hours already hold what is left), for
 * the last dates asked for (the minute grid asks for the same few dates
 * again and again). */
static struct {
    const oracle *o;
    int64_t day;
    size_t n;
    int64_t s[1440], e[1440];
} cache[8];

static size_t date_periods(const oracle *o, int64_t d, const int64_t **s, const int64_t **e)
{
    size_t k = (size_t)(d & 7);
    if (cache[k].o != o || cache[k].day != d) {
        bool mins[2880];
        int t, lim = holiday(o, d + 1) ? 1440 : 2880;
        date_minutes(o, d, mins, 0);
        cache[k].n = 0;
        for (t = 0; t < lim; t++) {
            int x;
            if (!mins[t] || (t > 0 && mins[t - 1]))
                continue;
            for (x = t; x < lim && mins[x]; x++)
                ;
            cache[k].s[cache[k].n] = sla__tz_local_to_utc(o->tz, d * DAY + t * 60);
            cache[k].e[cache[k].n] = sla__tz_local_to_utc(o->tz, d * DAY + x * 60);
            cache[k].n++;
        }
        cache[k].o = o;
        cache[k].day = d;
    }
    *s = cache[k].s;
    *e = cache[k].e;
    return cache[k].n;
}

static bool oracle_open(const oracle *o, int64_t u)
{
    int64_t ld = sla__floordiv(u + sla__tz_offset_at(o->tz, u), DAY), d;
    bool open = false;
    size_t i;

    for (d = ld - 3; d <= ld + 2 && !open; d++) {
        const int64_t *ps, *pe;
        size_t n = date_periods(o, d, &ps, &pe);
        for (i = 0; i < n; i++)
            if (ps[i] <= u && u < pe[i])
                open = true;
    }
    for (i = 0; i < o->s->n_opn; i++)
        if (o->s->opn[i][0] <= u && u < o->s->opn[i][1])
            open = true;
    for (i = 0; i < o->s->n_clo; i++)
        if (o->s->clo[i][0] <= u && u < o->s->clo[i][1])
            open = false;
    return open;
}

static sla_calendar *compile_spec(const spec *s)
{
    sla_calendar_builder *b = NULL;
    sla_calendar *c = NULL;
    size_t i;
    assert_int_equal(sla_calendar_builder_new(s->zone, &b), 0);
    assert_int_equal(sla_calendar_builder_set_hours(b, s->text, NULL), 0);
    for (i = 0; i < s->n_hol; i++) {
        int64_t y;
        unsigned m, d;
        sla__civil_from_days(s->hol[i], &y, &m, &d);
        assert_int_equal(sla_calendar_builder_add_holiday(b, (int)y, (int)m, (int)d), 0);
    }
    for (i = 0; i < s->n_clo; i++)
        assert_int_equal(sla_calendar_builder_add_closure(b, s->clo[i][0], s->clo[i][1]), 0);
    for (i = 0; i < s->n_opn; i++)
        assert_int_equal(sla_calendar_builder_add_opening(b, s->opn[i][0], s->opn[i][1]), 0);
    assert_int_equal(sla_calendar_builder_compile(b, &c), 0);
    sla_calendar_builder_free(b);
    return c;
}

/* Check one window [t0, t0 + len) minute by minute (plus the boundary
 * seconds of every transition and span found), and diff over it. */
static void check_window(const oracle *o, const sla_calendar *c, int64_t t0, int64_t len)
{
    int64_t t, count = 0, v, step = 60;
    for (t = t0; t < t0 + len; t += step) {
        int got;
        bool want = oracle_open(o, t);
        assert_int_equal(sla_calendar_is_open(c, t, &got), 0);
        if (got != (int)want)
            fail_msg("%s '%s': is_open(%lld) = %d, oracle %d", o->s->zone, o->s->text,
                     (long long)t, got, (int)want);
        count += want ? step : 0;
    }
    assert_int_equal(sla_calendar_diff(c, t0, t0 + len, &v), 0);
    if (v != count)
        fail_msg("%s '%s': diff over %lld+%lld = %lld, oracle %lld", o->s->zone, o->s->text,
                 (long long)t0, (long long)len, (long long)v, (long long)count);
}

/* The oracle of spec s and the compiled calendar to check against it. */
static sla_calendar *oracle_begin(oracle *o, spec *s)
{
    o->s = s;
    memset(cache, 0, sizeof cache);
    assert_int_equal(sla__tz_load(s->zone, NULL, &o->tz), 0);
    assert_int_equal(sla__hours_parse(s->text, &o->h, NULL), 0);
    return compile_spec(s);
}

static void oracle_end(oracle *o, sla_calendar *c)
{
    sla_calendar_free(c);
    sla__hours_free(o->h);
    sla__tz_unref(o->tz);
}

static void compiled_calendars_match_the_oracle(void **state)
{
    int k, iters = getenv("SLA_ORACLE_ITERATIONS") ? atoi(getenv("SLA_ORACLE_ITERATIONS")) : 400;
    (void)state;
    if (getenv("SLA_TEST_SEED"))
        rng_state ^= strtoull(getenv("SLA_TEST_SEED"), NULL, 10) * 0x2545F4914F6CDD1DULL;
    for (k = 0; k < iters; k++) {
        spec s;
        oracle o;
        sla_calendar *c;
        const int64_t *tu;
        const int32_t *tb, *ta;
        size_t nt, i;

        memset(&s, 0, sizeof s);
        make_spec(&s);
        c = oracle_begin(&o, &s);
        /* Every boundary here falls on a whole minute, so a minute grid
         * sees every change. */
        check_window(&o, c, 1735689600 + pick(0, 500) * 3600, 21 * DAY); /* 2025-2026 */
        check_window(&o, c, pick(0, 7000000000 / 3600) * 3600, 3 * DAY); /* anywhere */
        for (i = 0; i < s.n_clo; i++)
            check_window(&o, c, (s.clo[i][0] / 60) * 60 - 3600, 2 * 3600);
        nt = sla__tz_transitions(o.tz, &tu, &tb, &ta);
        for (i = 0; i < nt; i++) /* around two DST changes of the sample years */
            if (tu[i] > 1735689600 && tu[i] < 1798761600 && (tu[i] < 1767225600 || rnd() % 2))
                check_window(&o, c, (tu[i] / 60) * 60 - 2 * DAY, 4 * DAY);
        oracle_end(&o, c);
    }
}

/* The same for the pathological days: Apia's skipped day and Sao Paulo's
 * midnight gap, with hours at and around midnight. */
static void skipped_day_and_midnight_gap(void **state)
{
    static const char *texts[] = {"Mo-Fr 00:00-02:00", "Mo-Su 23:00-01:00", "Fr 09:00-17:00",
                                  "Sa 00:00-24:00", "Mo-Su 00:30-00:45",
                                  /* rules that change on the skipped date itself */
                                  "Jan 26-Dec 29 11:30-12:00", "Dec 30 off; Mo-Su 22:00-02:00",
                                  "Dec 29-31 10:00-11:00, Dec 31 23:00-01:00"};
    (void)state;
    for (size_t z = 0; z < 2; z++) {
        for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
            spec s;
            oracle o;
            sla_calendar *c;
            memset(&s, 0, sizeof s);
            s.zone = z ? "America/Sao_Paulo" : "Pacific/Apia";
            snprintf(s.text, sizeof s.text, "%s", texts[i]);
            c = oracle_begin(&o, &s);
            /* Apia 2011-12-28..2012-01-02; Sao Paulo 2017-10-12..17 */
            check_window(&o, c, z ? 1507766400 : 1325030400, 5 * DAY);
            oracle_end(&o, c);
        }
    }
}

/* nth-weekday texts whose overnight spans change with the selector state,
 * at every DST change of 2025-2027 in every zone: a run of periodic dates
 * begins where the state changes, and the date before reaches into it
 * (on 2026-10-25 in Oslo, a fall-back Sunday after a Saturday that is not
 * the last, while the Sunday's state reads Saturdays as the last). */
static void nth_overnight_at_dst_changes(void **state)
{
    static const char *texts[] = {"Sa[-1] 11:40-26:40",
                                  ("Mo[1,3,5],Tu[2,4],We[1,3,5],Th[2,4],Fr[1,3,5],Sa[2,4],"
                                   "Su[1,3,5] 23:20-27:00"),
                                  "Su[-1],Sa[4] 01:10-03:20,22:30-25:15",
                                  "Mo[1] 20:00-30:00; Tu[-1] 00:00-24:00"};
    (void)state;
    for (size_t z = 0; z < sizeof zones / sizeof zones[0]; z++) {
        for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
            spec s;
            oracle o;
            sla_calendar *c;
            const int64_t *tu;
            const int32_t *tb, *ta;
            size_t nt, k;
            memset(&s, 0, sizeof s);
            s.zone = zones[z];
            snprintf(s.text, sizeof s.text, "%s", texts[i]);
            c = oracle_begin(&o, &s);
            nt = sla__tz_transitions(o.tz, &tu, &tb, &ta);
            for (k = 0; k < nt; k++) /* 2025-2027 */
                if (tu[k] > 1735689600 && tu[k] < 1830297600)
                    check_window(&o, c, (tu[k] / 60) * 60 - 2 * DAY, 4 * DAY);
            check_window(&o, c, 1735689600, 40 * DAY); /* and some plain weeks */
            oracle_end(&o, c);
        }
    }
}

/* Spans that end in a repeated hour two dates after the date they start
 * on: in Sao Paulo, clocks went back from Sunday 00:00 to Saturday 23:00,
 * so a Friday span to 47:10 ends at the first 23:10 of the Saturday, and the
 * second 23:00-23:10 stays closed (1988-02-06 and 1992-02-08, among
 * others, once reopened it). */
static void spans_ending_in_a_repeated_hour(void **state)
{
    static const char *texts[] = {"Fr 22:10-47:10", "Fr 12:00-47:30; Sa 10:00-12:00",
                                  "Th[-1],Fr 20:00-47:59; Mo-Fr 09:00-17:00"};
    (void)state;
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        spec s;
        oracle o;
        sla_calendar *c;
        const int64_t *tu;
        const int32_t *tb, *ta;
        size_t nt, k, seen = 0;
        memset(&s, 0, sizeof s);
        s.zone = "America/Sao_Paulo";
        snprintf(s.text, sizeof s.text, "%s", texts[i]);
        c = oracle_begin(&o, &s);
        nt = sla__tz_transitions(o.tz, &tu, &tb, &ta);
        for (k = 0; k < nt; k++)
            if (ta[k] < tb[k] && tu[k] > 473385600 && tu[k] < 1577836800) { /* 1985-2019 */
                check_window(&o, c, (tu[k] / 60) * 60 - 3 * DAY, 4 * DAY);
                seen++;
            }
        assert_true(seen >= 30);
        oracle_end(&o, c);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(compiled_calendars_match_the_oracle),
        cmocka_unit_test(skipped_day_and_midnight_gap),
        cmocka_unit_test(nth_overnight_at_dst_changes),
        cmocka_unit_test(spans_ending_in_a_repeated_hour),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
