/* The calendar compiler against a direct reading of SEMANTICS 2: for an
 * instant u, look at the local dates around it, take each date's spans from
 * the opening-hours rules (only PH rules on holidays), cut an overnight span
 * at a holiday's midnight, map each boundary by the wall-clock rule, then
 * apply extra openings and closures. No eras, no patterns: a day-by-day
 * oracle, slow and obviously right, built on the separately tested
 * opening-hours and time-zone layers. Random calendars with seasonal rules,
 * holidays, overnight spans, closures and openings, in zones with DST,
 * 30-minute shifts, a skipped day and a midnight gap.
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
    int64_t hol[24];
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

static const char *rules[] = {
    "Mo-Fr 08:00-16:00", "Mo-Fr 09:00-12:00,13:00-17:30", "Mo-Fr 22:00-06:00",
    "Sa 10:00-14:00", "Su 00:30-02:30", "Mo-Su 00:00-24:00", "Tu,Th 01:30-03:15",
    "Jun-Aug Mo-Fr 09:00-15:00", "Dec 24 off", "Dec 24-26 off", "2025 Dec 24 09:00-12:00",
    "PH off", "PH 10:00-14:00", "Fr 20:00-26:00", "We 12:00-13:00 off", "Nov-Feb Sa off",
    "Mar 25-Apr 05 Mo-Fr 02:00-04:00", "2026 Oct 20-2026 Nov 10 00:00-24:00",
};

static void make_spec(spec *s)
{
    size_t i, n = 1 + (size_t)(rnd() % 4);
    s->zone = zones[rnd() % (sizeof zones / sizeof zones[0])];
    s->text[0] = '\0';
    for (i = 0; i < n; i++) {
        if (i)
            strcat(s->text, (rnd() % 4) ? "; " : ", ");
        strcat(s->text, rules[rnd() % (sizeof rules / sizeof rules[0])]);
    }
    s->n_hol = (size_t)(rnd() % 12);
    for (i = 0; i < s->n_hol; i++) /* around 2025-2026 and a few far away */
        s->hol[i] = (rnd() % 5) ? pick(20089, 20820) : pick(1, 84000);
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

static bool oracle_open(const oracle *o, int64_t u)
{
    int64_t ld = sla__floordiv(u + sla__tz_offset_at(o->tz, u), DAY), d;
    bool open = false;
    size_t i;

    for (d = ld - 3; d <= ld + 2 && !open; d++) {
        sla__span sp[SLA__MAX_DAY_SPANS];
        size_t n;
        sla__hours_day(o->h, d, holiday(o, d), sp, &n);
        for (i = 0; i < n; i++) {
            int64_t ls = d * DAY + sp[i].start, le = d * DAY + sp[i].end;
            if (holiday(o, d + 1) && le > (d + 1) * DAY)
                le = (d + 1) * DAY;
            if (le <= ls)
                continue;
            if (sla__tz_local_to_utc(o->tz, ls) <= u && u < sla__tz_local_to_utc(o->tz, le))
                open = true;
        }
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

static void compiled_calendars_match_the_oracle(void **state)
{
    int k, iters = getenv("SLA_ORACLE_ITERATIONS") ? atoi(getenv("SLA_ORACLE_ITERATIONS")) : 60;
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
        o.s = &s;
        assert_int_equal(sla__tz_load(s.zone, NULL, &o.tz), 0);
        assert_int_equal(sla__hours_parse(s.text, &o.h, NULL), 0);
        c = compile_spec(&s);
        /* Every boundary here falls on a whole minute, so a minute grid
         * sees every change. */
        check_window(&o, c, 1735689600 + pick(0, 500) * 3600, 21 * DAY); /* 2025-2026 */
        check_window(&o, c, pick(0, 7000000000 / 3600) * 3600, 3 * DAY); /* anywhere */
        for (i = 0; i < s.n_clo; i++)
            check_window(&o, c, (s.clo[i][0] / 60) * 60 - 3600, 2 * 3600);
        nt = sla__tz_transitions(o.tz, &tu, &tb, &ta);
        for (i = 0; i < nt; i++) /* around two DST changes of the sample years */
            if (tu[i] > 1735689600 && tu[i] < 1798761600 && rnd() % 2)
                check_window(&o, c, (tu[i] / 60) * 60 - 2 * DAY, 4 * DAY);
        sla_calendar_free(c);
        sla__hours_free(o.h);
        sla__tz_unref(o.tz);
    }
}

/* The same for the pathological days: Apia's skipped day and Sao Paulo's
 * midnight gap, with hours at and around midnight. */
static void skipped_day_and_midnight_gap(void **state)
{
    static const char *texts[] = {"Mo-Fr 00:00-02:00", "Mo-Su 23:00-01:00", "Fr 09:00-17:00",
                                  "Sa 00:00-24:00", "Mo-Su 00:30-00:45"};
    (void)state;
    for (size_t z = 0; z < 2; z++) {
        for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
            spec s;
            oracle o;
            sla_calendar *c;
            memset(&s, 0, sizeof s);
            s.zone = z ? "America/Sao_Paulo" : "Pacific/Apia";
            snprintf(s.text, sizeof s.text, "%s", texts[i]);
            o.s = &s;
            assert_int_equal(sla__tz_load(s.zone, NULL, &o.tz), 0);
            assert_int_equal(sla__hours_parse(s.text, &o.h, NULL), 0);
            c = compile_spec(&s);
            /* Apia 2011-12-28..2012-01-02; Sao Paulo 2017-10-12..17 */
            check_window(&o, c, z ? 1507766400 : 1325030400, 5 * DAY);
            sla_calendar_free(c);
            sla__hours_free(o.h);
            sla__tz_unref(o.tz);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(compiled_calendars_match_the_oracle),
        cmocka_unit_test(skipped_day_and_midnight_gap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
