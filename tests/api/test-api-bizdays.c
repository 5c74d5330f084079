/* Business days, previous open and close, and the holiday horizon
 * (SEMANTICS 2.3), through the public API: expected values written from the
 * contract, a brute-force oracle that walks minutes and dates (the library
 * never does), and properties over random instants.
 * SPDX-License-Identifier: MIT */
#include <stdbool.h>

#include "api-common.h"

#define DAY 86400
#define MIN 60

static sla_calendar *cal_with(const char *zone, const char *hours, const char *const *hol)
{
    return make_cal_h(zone, hours, hol);
}

static int64_t at(const sla_calendar *c, int y, int mo, int d, int h, int mi)
{
    int64_t u = SENTINEL;
    assert_int_equal(sla_calendar_local_time(c, y, mo, d, h, mi, 0, &u), 0);
    return u;
}

static int64_t utc(int y, int mo, int d, int h, int mi)
{
    sla_calendar *c = make_cal("UTC", "24/7");
    int64_t u = at(c, y, mo, d, h, mi);
    sla_calendar_free(c);
    return u;
}

static int64_t add_days(const sla_calendar *c, int64_t t, int64_t n)
{
    int64_t u = SENTINEL;
    int r = sla_calendar_add_days(c, t, n, &u);
    if (r != 0)
        print_error("add_days(%lld, %lld): %s\n", (long long)t, (long long)n, sla_error_name(r));
    assert_int_equal(r, 0);
    return u;
}

static int64_t sub_days(const sla_calendar *c, int64_t t, int64_t n)
{
    int64_t u = SENTINEL;
    int r = sla_calendar_sub_days(c, t, n, &u);
    if (r != 0)
        print_error("sub_days(%lld, %lld): %s\n", (long long)t, (long long)n, sla_error_name(r));
    assert_int_equal(r, 0);
    return u;
}

static int64_t prev_open(const sla_calendar *c, int64_t t)
{
    int64_t u = SENTINEL;
    int r = sla_calendar_prev_open(c, t, &u);
    if (r != 0)
        print_error("prev_open(%lld): %s\n", (long long)t, sla_error_name(r));
    assert_int_equal(r, 0);
    return u;
}

static int64_t prev_close(const sla_calendar *c, int64_t t)
{
    int64_t u = SENTINEL;
    int r = sla_calendar_prev_close(c, t, &u);
    if (r != 0)
        print_error("prev_close(%lld): %s\n", (long long)t, sla_error_name(r));
    assert_int_equal(r, 0);
    return u;
}

static size_t count_days(const sla_calendar *c, int64_t a, int64_t b)
{
    size_t n = 12345;
    assert_int_equal(sla_calendar_count_days(c, a, b, &n), 0);
    return n;
}

/* ---- the oracle: minutes and dates, one by one ------------------------- */
/* Every calendar below changes state on whole minutes only. */

static int64_t o_off(const sla_calendar *c, int64_t u)
{
    int o = 0;
    assert_int_equal(sla_calendar_utc_offset(c, u, &o), 0);
    return o;
}

static int64_t o_date(const sla_calendar *c, int64_t u)
{
    int64_t l = u + o_off(c, u);
    return l >= 0 ? l / DAY : -((-l + DAY - 1) / DAY);
}

static int64_t o_tod(const sla_calendar *c, int64_t u)
{
    return u + o_off(c, u) - o_date(c, u) * DAY;
}

/* The first instant of local date d, by walking minutes. */
static int64_t o_date_start(const sla_calendar *c, int64_t d)
{
    int64_t u = d * DAY - 15 * 3600;
    while (o_date(c, u) < d)
        u += MIN;
    return u;
}

static bool o_business(const sla_calendar *c, int64_t d)
{
    int64_t u, end = o_date_start(c, d + 1);
    for (u = o_date_start(c, d); u < end; u += MIN)
        if (cal_open(c, u))
            return true;
    return false;
}

static int64_t o_ceil_min(int64_t t)
{
    return (t + MIN - 1) / MIN * MIN;
}

/* add_days by the words of SEMANTICS 2.3; -1 when beyond `limit` dates. */
static int64_t o_add_days(const sla_calendar *c, int64_t t, int n, int limit)
{
    int64_t s = t, d, tod, x, u, end, last = -1;
    int k;

    if (!cal_open(c, t)) {
        for (s = o_ceil_min(t); !cal_open(c, s); s += MIN)
            if (s > t + (int64_t)limit * DAY)
                return -1;
    }
    if (n == 0)
        return s;
    d = o_date(c, s);
    tod = o_tod(c, s);
    for (x = d, k = 0; k < n;) {
        x++;
        if (x > d + limit)
            return -1;
        if (o_business(c, x))
            k++;
    }
    end = o_date_start(c, x + 1);
    for (u = o_date_start(c, x); u < end; u += MIN) {
        if (!cal_open(c, u))
            continue;
        last = u;
        int64_t skip = tod - o_tod(c, u);
        if (skip < 0)
            skip = 0;
        if (skip < MIN && u + skip < end)
            return u + skip;
    }
    assert_true(last >= 0);
    return last + MIN < end ? last + MIN : end;
}

/* The latest u <= t with open(u) (minute walk backwards), or -1. */
static int64_t o_prev_open(const sla_calendar *c, int64_t t, int64_t floor)
{
    int64_t u = t / MIN * MIN;
    if (!cal_open(c, u)) {
        while (u > floor && !cal_open(c, u - MIN))
            u -= MIN;
        if (u <= floor)
            return -1;
        u -= MIN; /* the last open minute */
    }
    while (u > floor && cal_open(c, u - MIN))
        u -= MIN;
    return u <= floor ? -1 : u;
}

static int64_t o_prev_close(const sla_calendar *c, int64_t t, int64_t floor)
{
    int64_t u = t / MIN * MIN;
    if (cal_open(c, u)) {
        while (u > floor && cal_open(c, u - MIN))
            u -= MIN;
        if (u <= floor)
            return -1;
    } else if (u == t) {
        /* at a closed minute: is it the end of a period? */
    }
    while (u > floor && !cal_open(c, u - MIN))
        u -= MIN;
    return u <= floor ? -1 : u;
}

static uint64_t rng = 0x9E3779B97F4A7C15ULL;

static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

typedef struct {
    const char *zone, *hours;
    const char *const *hol;
    int64_t from; /* random instants in [from, from + span) */
    int64_t span;
    int max_n, limit;
} sample;

static const char *const oslo_hol[] = {"2025-05-01", "2025-05-29", "2025-12-24", "2025-12-25",
                                       "2025-12-26", "2026-01-01", NULL};

static const sample samples[] = {
    {"Europe/Oslo", "Mo-Fr 09:00-17:00", oslo_hol, 1735689600, 400 * DAY, 4, 40},
    {"Europe/Oslo", "Mo-Fr 09:00-17:00; Fr 09:00-12:00", NULL, 1735689600, 400 * DAY, 4, 40},
    {"Europe/Oslo", "Mo-Fr 22:00-06:00", oslo_hol, 1735689600, 400 * DAY, 4, 40},
    {"Europe/Oslo", "Mo-Su 01:00-04:00", NULL, 1740787200, 60 * DAY, 3, 40},
    {"Europe/Oslo", "Mo-Su 01:00-04:00", NULL, 1759276800, 60 * DAY, 3, 40},
    {"America/New_York", "Mo-Fr 08:00-18:00; Sa 10:00-14:00", NULL, 1735689600, 400 * DAY, 5, 40},
    {"Australia/Lord_Howe", "Mo-Su 01:30-02:30,09:00-17:00", NULL, 1743000000, 200 * DAY, 3, 40},
    {"Pacific/Apia", "Mo-Su 08:00-12:00", NULL, 1324800000, 20 * DAY, 3, 40},
    {"Europe/Oslo",
     "Jan 15,Feb 15,Mar 15,Apr 15,May 15,Jun 15,Jul 15,Aug 15,Sep 15,Oct 15,Nov 15,Dec 15 "
     "10:00-12:00",
     NULL, 1735689600, 365 * DAY, 2, 100},
    {"UTC", "24/7", NULL, 1735689600, 100 * DAY, 3, 40},
};

static void test_oracle(void **state)
{
    size_t i;
    int j, compared = 0;
    (void)state;
    for (i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        const sample *s = &samples[i];
        sla_calendar *c = cal_with(s->zone, s->hours, s->hol);
        for (j = 0; j < 40; j++) {
            int64_t t = s->from + (int64_t)(rnd() % (uint64_t)(s->span / MIN)) * MIN;
            int n = (int)(rnd() % (uint64_t)(s->max_n + 1));
            int64_t want = o_add_days(c, t, n, s->limit), got, u;
            if (want < 0)
                continue;
            got = add_days(c, t, n);
            if (got != want)
                print_error("%s %s: add_days(%lld, %d) = %lld, oracle %lld\n", s->zone, s->hours,
                            (long long)t, n, (long long)got, (long long)want);
            assert_int_equal(got, want);
            /* sub_days: the latest u <= t with add_days(u, n) <= t */
            u = sub_days(c, t, n);
            assert_true(u <= t);
            want = o_add_days(c, u, n, s->limit);
            assert_true(want >= 0 && want <= t);
            assert_int_equal(add_days(c, u, n), want);
            if (u < t)
                assert_true(o_add_days(c, u + 1, n, s->limit) > t);
            /* previous open and close */
            want = o_prev_open(c, t, t - 40 * DAY);
            if (want >= 0)
                assert_int_equal(prev_open(c, t), want);
            want = o_prev_close(c, t, t - 40 * DAY);
            if (want >= 0)
                assert_int_equal(prev_close(c, t), want);
            compared++;
        }
        sla_calendar_free(c);
    }
    print_message("oracle: %d instants compared\n", compared);
    assert_true(compared > 200);
}

/* A union across zones (follow the sun) and an intersection: the business
 * dates come from the combined eras, in the first calendar's zone. */
static void test_oracle_combined(void **state)
{
    sla_calendar *oslo = cal_with("Europe/Oslo", "Mo-Fr 09:00-17:00", oslo_hol);
    sla_calendar *ny = cal_with("America/New_York", "Mo-Fr 09:00-17:00; Sa 10:00-12:00", NULL);
    sla_calendar *both[2] = {NULL, NULL};
    int k, j, compared = 0;
    (void)state;
    assert_int_equal(sla_calendar_union(oslo, ny, &both[0]), 0);
    assert_int_equal(sla_calendar_intersect(ny, oslo, &both[1]), 0);
    for (k = 0; k < 2; k++) {
        for (j = 0; j < 30; j++) {
            int64_t t = 1740000000 + (int64_t)(rnd() % (uint64_t)(300 * DAY / MIN)) * MIN;
            int n = (int)(rnd() % 4);
            int64_t want = o_add_days(both[k], t, n, 60), u;
            if (want < 0)
                continue;
            assert_int_equal(add_days(both[k], t, n), want);
            u = sub_days(both[k], t, n);
            assert_true(u <= t && o_add_days(both[k], u, n, 60) <= t);
            if (u < t)
                assert_true(o_add_days(both[k], u + 1, n, 60) > t);
            want = o_prev_open(both[k], t, t - 40 * DAY);
            if (want >= 0)
                assert_int_equal(prev_open(both[k], t), want);
            want = o_prev_close(both[k], t, t - 40 * DAY);
            if (want >= 0)
                assert_int_equal(prev_close(both[k], t), want);
            compared++;
        }
    }
    print_message("oracle, combined calendars: %d instants compared\n", compared);
    assert_true(compared > 40);
    sla_calendar_free(both[0]);
    sla_calendar_free(both[1]);
    sla_calendar_free(oslo);
    sla_calendar_free(ny);
}

/* ---- expected values from the contract --------------------------------- */

static void test_examples(void **state)
{
    sla_calendar *c = cal_with("Europe/Oslo", "Mo-Fr 09:00-17:00", oslo_hol);
    (void)state;
    /* 2025-04-30 is a Wednesday; Thursday 2025-05-01 a holiday. */
    assert_int_equal(add_days(c, at(c, 2025, 4, 30, 10, 0), 1), at(c, 2025, 5, 2, 10, 0));
    assert_int_equal(add_days(c, at(c, 2025, 4, 30, 16, 30), 2), at(c, 2025, 5, 5, 16, 30));
    /* closed t: s = next_open(t) */
    assert_int_equal(add_days(c, at(c, 2025, 4, 29, 18, 0), 1), at(c, 2025, 5, 2, 9, 0));
    assert_int_equal(add_days(c, at(c, 2025, 4, 29, 18, 0), 0), at(c, 2025, 4, 30, 9, 0));
    assert_int_equal(add_days(c, at(c, 2025, 4, 30, 12, 0), 0), at(c, 2025, 4, 30, 12, 0));
    /* Christmas: 24-26 and New Year's Day; Dec 27-28 is a weekend */
    assert_int_equal(add_days(c, at(c, 2025, 12, 23, 11, 0), 1), at(c, 2025, 12, 29, 11, 0));
    assert_int_equal(add_days(c, at(c, 2025, 12, 23, 11, 0), 3), at(c, 2025, 12, 31, 11, 0));
    assert_int_equal(add_days(c, at(c, 2025, 12, 23, 11, 0), 4), at(c, 2026, 1, 2, 11, 0));
    /* sub_days mirrors */
    assert_int_equal(sub_days(c, at(c, 2025, 5, 2, 10, 0), 1), at(c, 2025, 4, 30, 10, 0));
    assert_int_equal(sub_days(c, at(c, 2025, 4, 30, 8, 0), 1), at(c, 2025, 4, 28, 16, 59) + 59);
    assert_int_equal(sub_days(c, at(c, 2025, 4, 30, 18, 0), 1), at(c, 2025, 4, 29, 16, 59) + 59);
    assert_int_equal(sub_days(c, at(c, 2025, 4, 30, 10, 0), 0), at(c, 2025, 4, 30, 10, 0));
    /* count of business dates with open time in [a, b) */
    assert_int_equal(count_days(c, at(c, 2025, 4, 28, 0, 0), at(c, 2025, 5, 5, 0, 0)), 4);
    assert_int_equal(count_days(c, at(c, 2025, 4, 30, 10, 0), at(c, 2025, 5, 2, 10, 0)), 2);
    assert_int_equal(count_days(c, at(c, 2025, 4, 30, 17, 0), at(c, 2025, 5, 2, 9, 0)), 0);
    assert_int_equal(count_days(c, at(c, 2025, 1, 1, 0, 0), at(c, 2026, 1, 1, 0, 0)), 261 - 5);
    /* prev_open / prev_close at and around the edges */
    assert_int_equal(prev_open(c, at(c, 2025, 4, 30, 10, 0)), at(c, 2025, 4, 30, 9, 0));
    assert_int_equal(prev_open(c, at(c, 2025, 4, 30, 9, 0)), at(c, 2025, 4, 30, 9, 0));
    assert_int_equal(prev_open(c, at(c, 2025, 4, 30, 17, 0)), at(c, 2025, 4, 30, 9, 0));
    assert_int_equal(prev_open(c, at(c, 2025, 4, 30, 8, 59)), at(c, 2025, 4, 29, 9, 0));
    assert_int_equal(prev_open(c, at(c, 2025, 5, 2, 8, 0)), at(c, 2025, 4, 30, 9, 0));
    assert_int_equal(prev_close(c, at(c, 2025, 4, 30, 10, 0)), at(c, 2025, 4, 29, 17, 0));
    assert_int_equal(prev_close(c, at(c, 2025, 4, 30, 9, 0)), at(c, 2025, 4, 29, 17, 0));
    assert_int_equal(prev_close(c, at(c, 2025, 4, 30, 17, 0)), at(c, 2025, 4, 30, 17, 0));
    assert_int_equal(prev_close(c, at(c, 2025, 4, 30, 17, 1)), at(c, 2025, 4, 30, 17, 0));
    assert_int_equal(prev_close(c, at(c, 2025, 5, 5, 9, 30)), at(c, 2025, 5, 2, 17, 0));
    sla_calendar_free(c);
}

static void test_half_days_and_nights(void **state)
{
    sla_calendar *c = cal_with("Europe/Oslo", "Mo-Fr 09:00-17:00; Fr 09:00-12:00", NULL);
    (void)state;
    /* Friday has no open time at or after 14:00: the end of its last period */
    assert_int_equal(add_days(c, at(c, 2025, 5, 8, 14, 0), 1), at(c, 2025, 5, 9, 12, 0));
    assert_int_equal(add_days(c, at(c, 2025, 5, 8, 11, 0), 1), at(c, 2025, 5, 9, 11, 0));
    assert_int_equal(add_days(c, at(c, 2025, 5, 9, 11, 0), 1), at(c, 2025, 5, 12, 11, 0));
    sla_calendar_free(c);

    /* A night shift: Mo-Fr 22:00-06:00 makes Monday to Saturday business
     * dates (a date has open time if any open instant lies on it). */
    c = cal_with("Europe/Oslo", "Mo-Fr 22:00-06:00", NULL);
    /* 2025-05-09 is a Friday */
    assert_int_equal(add_days(c, at(c, 2025, 5, 9, 23, 0), 1), at(c, 2025, 5, 10, 6, 0));
    assert_int_equal(add_days(c, at(c, 2025, 5, 9, 23, 0), 2), at(c, 2025, 5, 12, 23, 0));
    assert_int_equal(add_days(c, at(c, 2025, 5, 10, 3, 0), 1), at(c, 2025, 5, 12, 22, 0));
    assert_int_equal(count_days(c, at(c, 2025, 5, 5, 0, 0), at(c, 2025, 5, 12, 0, 0)), 6);
    assert_int_equal(prev_open(c, at(c, 2025, 5, 10, 3, 0)), at(c, 2025, 5, 9, 22, 0));
    assert_int_equal(prev_close(c, at(c, 2025, 5, 11, 12, 0)), at(c, 2025, 5, 10, 6, 0));
    sla_calendar_free(c);
}

static void test_dst(void **state)
{
    sla_calendar *c = cal_with("Europe/Oslo", "Mo-Su 01:00-04:00", NULL);
    (void)state;
    /* 2025-03-30: 02:00 -> 03:00. 02:30 does not exist: the first instant
     * at or after it is 03:00 CEST = 01:00Z. */
    assert_int_equal(add_days(c, at(c, 2025, 3, 29, 2, 30), 1), utc(2025, 3, 30, 1, 0));
    assert_int_equal(add_days(c, at(c, 2025, 3, 30, 3, 30), 1), at(c, 2025, 3, 31, 3, 30));
    /* 2025-10-26: 03:00 -> 02:00. 02:30 is its first occurrence, 00:30Z. */
    assert_int_equal(add_days(c, at(c, 2025, 10, 25, 2, 30), 1), utc(2025, 10, 26, 0, 30));
    /* the open period of that night is 4 real hours: 23:00Z to 03:00Z */
    assert_int_equal(prev_open(c, utc(2025, 10, 26, 2, 30)), utc(2025, 10, 25, 23, 0));
    assert_int_equal(prev_close(c, utc(2025, 10, 26, 12, 0)), utc(2025, 10, 26, 3, 0));
    assert_int_equal(sub_days(c, utc(2025, 10, 26, 0, 30), 1), at(c, 2025, 10, 25, 2, 30));
    /* 02:10 CET is the second 02:10 of that night: the deadlines reached by
     * then include every wall-clock time of the first pass up to 02:59:59
     * CEST, so the latest source instant is Saturday 02:59:59. */
    assert_int_equal(sub_days(c, utc(2025, 10, 26, 1, 10), 1), at(c, 2025, 10, 25, 2, 59) + 59);
    assert_int_equal(add_days(c, at(c, 2025, 10, 25, 2, 59) + 59, 1),
                     utc(2025, 10, 26, 0, 59) + 59);
    assert_int_equal(add_days(c, at(c, 2025, 10, 25, 3, 0), 1), utc(2025, 10, 26, 2, 0));
    sla_calendar_free(c);

    /* The same in New York (2025-11-02, 02:00 EDT -> 01:00 EST), 15 days back. */
    c = cal_with("America/New_York", "Mo-Su 01:00-04:00", NULL);
    assert_int_equal(sub_days(c, utc(2025, 11, 2, 6, 9) + 54, 15),
                     at(c, 2025, 10, 18, 1, 59) + 59);
    sla_calendar_free(c);

    /* Apia skipped 2011-12-30 entirely: not a business date. */
    c = cal_with("Pacific/Apia", "Mo-Su 08:00-12:00", NULL);
    assert_int_equal(add_days(c, at(c, 2011, 12, 29, 9, 0), 1), at(c, 2011, 12, 31, 9, 0));
    assert_int_equal(sub_days(c, at(c, 2011, 12, 31, 9, 0), 1), at(c, 2011, 12, 29, 9, 0));
    sla_calendar_free(c);
}

static void test_one_day_a_month(void **state)
{
    sla_calendar *c = cal_with("Europe/Oslo",
                               "Jan 15,Feb 15,Mar 15,Apr 15,May 15,Jun 15,Jul 15,Aug 15,Sep 15,"
                               "Oct 15,Nov 15,Dec 15 10:00-12:00",
                               NULL);
    (void)state;
    assert_int_equal(add_days(c, at(c, 2025, 1, 15, 11, 0), 1), at(c, 2025, 2, 15, 11, 0));
    assert_int_equal(add_days(c, at(c, 2025, 1, 16, 0, 0), 12), at(c, 2026, 2, 15, 10, 0));
    assert_int_equal(sla_calendar_add_days(c, at(c, 2025, 1, 15, 11, 0), 2400, &(int64_t){0}),
                     SLA_ERANGE);
    assert_int_equal(sub_days(c, at(c, 2025, 3, 1, 0, 0), 1), at(c, 2025, 1, 15, 11, 59) + 59);
    assert_int_equal(prev_open(c, at(c, 2025, 3, 1, 0, 0)), at(c, 2025, 2, 15, 10, 0));
    assert_int_equal(prev_close(c, at(c, 2025, 3, 1, 0, 0)), at(c, 2025, 2, 15, 12, 0));
    assert_int_equal(count_days(c, at(c, 2025, 1, 1, 0, 0), at(c, 2026, 1, 1, 0, 0)), 12);
    sla_calendar_free(c);
}

/* Monotone in n and t; sub_days undoes add_days; a deadline never leaves
 * its business date. */
static void test_properties(void **state)
{
    static const char *const hours[] = {"Mo-Fr 09:00-17:00; Fr 09:00-12:00", "Mo-Fr 22:00-06:00",
                                        "Mo-Su 01:00-04:00", "Tu,Th 10:00-11:00,15:00-16:00"};
    static const char *const zones[] = {"Europe/Oslo", "America/New_York", "Australia/Lord_Howe"};
    size_t hi, zi;
    int j;
    (void)state;
    for (hi = 0; hi < 4; hi++) {
        for (zi = 0; zi < 3; zi++) {
            sla_calendar *c = cal_with(zones[zi], hours[hi], oslo_hol);
            for (j = 0; j < 300; j++) {
                int64_t t = 1700000000 + (int64_t)(rnd() % (3ULL * 365 * DAY));
                int64_t t2 = t + (int64_t)(rnd() % (3ULL * DAY));
                int64_t n = (int64_t)(rnd() % 20);
                int64_t d = add_days(c, t, n), d1 = add_days(c, t, n + 1), u, x;
                assert_true(d >= t);
                assert_true(d1 > d);
                assert_true(add_days(c, t2, n) >= d);
                u = sub_days(c, d, n);
                assert_true(u >= t || add_days(c, u, n) == d);
                assert_int_equal(add_days(c, u, n), d);
                assert_true(sub_days(c, t2, n) >= sub_days(c, t, n));
                u = sub_days(c, t, n);
                assert_true(u <= t && add_days(c, u, n) <= t);
                assert_true(add_days(c, u + 1, n) > t);
                /* the deadline's business date is the n-th after that of s */
                if (n > 0) {
                    int64_t s = add_days(c, t, 0);
                    x = cal_open(c, d) ? d : d - 1;
                    assert_true(cal_open(c, x));
                    /* business dates with open time in [s, x]: s's date,
                     * n - 1 between, and x's date */
                    assert_int_equal(count_days(c, s, x + 1), n + 1);
                }
            }
            sla_calendar_free(c);
        }
    }
}

/* Calendars that never open again, or never opened before (issue: a closure
 * over the remaining range must give `never`, not `range`). */
static void test_never(void **state)
{
    sla_calendar_builder *b = NULL;
    sla_calendar *c = NULL;
    sla_diag *diag = NULL;
    int64_t u = SENTINEL, t = utc(2025, 4, 16, 15, 0), ta[2], ra[2];
    int st[2];
    size_t k = 7;
    (void)state;

    /* closure over the whole range */
    assert_int_equal(sla_diag_new(&diag), 0);
    assert_int_equal(sla_calendar_builder_new("UTC", &b), 0);
    assert_int_equal(sla_calendar_builder_set_hours(b, "Mo-Fr 09:00-17:00", diag), 0);
    assert_int_equal(sla_calendar_builder_add_closure(b, 0, SLA_TIME_MAX), 0);
    assert_int_equal(sla_calendar_builder_compile(b, &c), 0);
    assert_int_equal(sla_calendar_add(c, t, 60, &u), SLA_ENEVER);
    assert_int_equal(sla_calendar_sub(c, t, 60, &u), SLA_ENEVER);
    assert_int_equal(sla_calendar_add(c, t, 0, &u), 0);
    assert_int_equal(sla_calendar_next_open(c, t, &u), SLA_ENEVER);
    assert_int_equal(sla_calendar_next_close(c, t, &u), 0);
    assert_int_equal(u, t);
    assert_int_equal(sla_calendar_prev_open(c, t, &u), SLA_ENEVER);
    assert_int_equal(sla_calendar_prev_close(c, t, &u), SLA_ENEVER);
    assert_int_equal(sla_calendar_add_days(c, t, 0, &u), SLA_ENEVER);
    assert_int_equal(sla_calendar_add_days(c, t, 3, &u), SLA_ENEVER);
    assert_int_equal(sla_calendar_sub_days(c, t, 0, &u), SLA_ENEVER);
    assert_int_equal(sla_calendar_sub_days(c, t, 3, &u), SLA_ENEVER);
    assert_int_equal(sla_calendar_diff(c, t, t + DAY, &u), 0);
    assert_int_equal(u, 0);
    assert_int_equal(sla_calendar_count_days(c, t, t + 10 * DAY, &k), 0);
    assert_int_equal(k, 0);
    ta[0] = t;
    ta[1] = t + DAY;
    assert_int_equal(sla_calendar_add_many(c, ta, ta, 2, ra, st), SLA_ENEVER);
    assert_int_equal(st[0], SLA_ENEVER);
    assert_int_equal(sla_calendar_sub_many(c, ta, ta, 2, ra, st), SLA_ENEVER);
    assert_int_equal(sla_calendar_next_open_many(c, ta, 2, ra, st), SLA_ENEVER);
    assert_int_equal(sla_calendar_prev_open_many(c, ta, 2, ra, st), SLA_ENEVER);
    assert_int_equal(st[1], SLA_ENEVER);
    assert_int_equal(sla_calendar_prev_close_many(c, ta, 2, ra, st), SLA_ENEVER);
    sla_calendar_free(c);

    /* a closure from 2030 on: never again after it, fine before */
    sla_calendar_builder_free(b);
    assert_int_equal(sla_calendar_builder_new("UTC", &b), 0);
    assert_int_equal(sla_calendar_builder_set_hours(b, "Mo-Fr 09:00-17:00", diag), 0);
    assert_int_equal(sla_calendar_builder_add_closure(b, utc(2030, 1, 1, 0, 0), SLA_TIME_MAX), 0);
    assert_int_equal(sla_calendar_builder_compile(b, &c), 0);
    assert_int_equal(sla_calendar_add(c, t, 3600, &u), 0);
    assert_int_equal(sla_calendar_add(c, t, 10LL * 365 * DAY, &u), SLA_ENEVER);
    assert_int_equal(sla_calendar_add_days(c, t, 3, &u), 0);
    assert_int_equal(sla_calendar_add_days(c, t, 5000, &u), SLA_ENEVER);
    assert_int_equal(sla_calendar_add_days(c, utc(2031, 1, 1, 0, 0), 0, &u), SLA_ENEVER);
    assert_int_equal(prev_close(c, utc(2031, 1, 1, 0, 0)), utc(2029, 12, 31, 17, 0));
    assert_int_equal(sub_days(c, utc(2031, 1, 1, 0, 0), 1), utc(2029, 12, 28, 16, 59) + 59);
    sla_calendar_free(c);
    sla_calendar_builder_free(b);

    /* never opened before: the calendar opens only in 2025 */
    c = make_cal("UTC", "2025 Mo-Fr 09:00-17:00");
    assert_int_equal(sla_calendar_sub(c, t, 100LL * DAY, &u), SLA_ENEVER);
    assert_int_equal(sla_calendar_sub_days(c, t, 400, &u), SLA_ENEVER);
    assert_int_equal(sla_calendar_prev_open(c, utc(2024, 6, 1, 0, 0), &u), SLA_ENEVER);
    assert_int_equal(sla_calendar_prev_close(c, utc(2025, 1, 1, 10, 0), &u), SLA_ENEVER);
    assert_int_equal(sla_calendar_add_days(c, t, 400, &u), SLA_ENEVER);
    assert_int_equal(sla_calendar_add(c, t, 400LL * DAY, &u), SLA_ENEVER);
    sla_calendar_free(c);

    /* off */
    c = make_cal("Europe/Oslo", "off");
    assert_int_equal(sla_calendar_add_days(c, t, 1, &u), SLA_ENEVER);
    assert_int_equal(sla_calendar_sub_days(c, t, 1, &u), SLA_ENEVER);
    assert_int_equal(sla_calendar_prev_open(c, t, &u), SLA_ENEVER);
    assert_int_equal(sla_calendar_prev_close(c, t, &u), SLA_ENEVER);
    sla_calendar_free(c);

    /* a calendar that keeps opening: past 2200 is `range` */
    c = make_cal("UTC", "24/7");
    assert_int_equal(sla_calendar_add_days(c, utc(2199, 12, 31, 12, 0), 1, &u), SLA_ERANGE);
    assert_int_equal(add_days(c, utc(2199, 12, 30, 12, 0), 1), utc(2199, 12, 31, 12, 0));
    assert_int_equal(sla_calendar_sub_days(c, utc(1970, 1, 1, 12, 0), 1, &u), SLA_ERANGE);
    assert_int_equal(sla_calendar_add(c, utc(2199, 12, 31, 12, 0), DAY, &u), SLA_ERANGE);
    /* open since before 1970, open until after 2200 */
    assert_int_equal(sla_calendar_prev_open(c, t, &u), SLA_ENEVER);
    assert_int_equal(sla_calendar_prev_close(c, t, &u), SLA_ENEVER);
    assert_int_equal(sla_calendar_prev_open(c, SLA_TIME_MAX, &u), SLA_ERANGE);
    assert_int_equal(sla_calendar_add_days(c, t, -1, &u), SLA_EINVAL);
    assert_int_equal(sla_calendar_sub_days(c, t, -1, &u), SLA_EINVAL);
    assert_int_equal(sla_calendar_add_days(c, t, INT64_MAX, &u), SLA_ERANGE);
    assert_int_equal(sla_calendar_count_days(c, t + 1, t, &k), SLA_EINVAL);
    assert_int_equal(sla_calendar_add_days(NULL, t, 1, &u), SLA_EINVAL);
    assert_int_equal(sla_calendar_add_days(c, t, 1, NULL), SLA_EINVAL);
    assert_int_equal(sla_calendar_prev_open(NULL, t, &u), SLA_EINVAL);
    sla_calendar_free(c);

    /* holidays on every remaining date */
    assert_int_equal(sla_calendar_builder_new("UTC", &b), 0);
    assert_int_equal(sla_calendar_builder_set_hours(b, "Mo-Fr 09:00-17:00", diag), 0);
    for (int64_t day = 0; day < 84006; day++) {
        if (day >= 20000) {
            int y = 0, m = 0, dd = 0;
            char buf[40];
            int64_t tt = day * DAY;
            assert_true(sla_format_instant(NULL, tt, buf, sizeof buf) > 0);
            assert_int_equal(sscanf(buf, "%d-%d-%d", &y, &m, &dd), 3);
            assert_int_equal(sla_calendar_builder_add_holiday(b, y, m, dd), 0);
        }
    }
    assert_int_equal(sla_calendar_builder_compile(b, &c), 0);
    assert_int_equal(sla_calendar_add(c, t, 60, &u), SLA_ENEVER);
    assert_int_equal(sla_calendar_add_days(c, t, 1, &u), SLA_ENEVER);
    assert_int_equal(prev_close(c, t), utc(2024, 10, 3, 17, 0));
    sla_calendar_free(c);
    sla_calendar_builder_free(b);
    sla_diag_free(diag);
}

/* The holiday horizon of hand-given dates, and through union/intersection. */
static void test_horizon(void **state)
{
    static const char *const hol[] = {"2025-12-25", "2026-01-01", NULL};
    sla_calendar *a = cal_with("Europe/Oslo", "Mo-Fr 09:00-17:00", hol);
    sla_calendar *b = cal_with("Europe/Oslo", "Mo-Fr 08:00-12:00", NULL), *u = NULL;
    int64_t end = SENTINEL;
    int bounded = -1;
    (void)state;
    /* complete up to December 31 of the latest year given */
    assert_int_equal(sla_calendar_holiday_horizon(a, &end, &bounded), 0);
    assert_int_equal(bounded, 1);
    assert_int_equal(end, at(a, 2027, 1, 1, 0, 0));
    /* no holiday source: nothing limits it */
    assert_int_equal(sla_calendar_holiday_horizon(b, &end, &bounded), 0);
    assert_int_equal(bounded, 0);
    assert_int_equal(end, SLA_TIME_MAX);
    assert_int_equal(sla_calendar_union(b, a, &u), 0);
    assert_int_equal(sla_calendar_holiday_horizon(u, &end, &bounded), 0);
    assert_int_equal(bounded, 1);
    assert_int_equal(end, at(a, 2027, 1, 1, 0, 0));
    sla_calendar_free(u);
    assert_int_equal(sla_calendar_intersect(a, b, &u), 0);
    assert_int_equal(sla_calendar_holiday_horizon(u, &end, &bounded), 0);
    assert_int_equal(end, at(a, 2027, 1, 1, 0, 0));
    assert_int_equal(sla_calendar_holiday_horizon(NULL, &end, &bounded), SLA_EINVAL);
    assert_int_equal(sla_calendar_holiday_horizon(u, NULL, &bounded), SLA_EINVAL);
    sla_calendar_free(u);
    sla_calendar_free(a);
    sla_calendar_free(b);
}

static int64_t horizon_of(const char *ics, const char *hand, int *bounded)
{
    sla_calendar_builder *b = NULL;
    sla_calendar *c = NULL;
    int64_t end = SENTINEL;
    assert_int_equal(sla_calendar_builder_new("Europe/Oslo", &b), 0);
    if (hand) {
        int y, m, d;
        assert_int_equal(sscanf(hand, "%d-%d-%d", &y, &m, &d), 3);
        assert_int_equal(sla_calendar_builder_add_holiday(b, y, m, d), 0);
    }
    if (ics)
        assert_int_equal(sla_calendar_builder_add_ics(b, ics, strlen(ics), NULL, NULL), 0);
    assert_int_equal(sla_calendar_builder_compile(b, &c), 0);
    assert_int_equal(sla_calendar_holiday_horizon(c, &end, bounded), 0);
    sla_calendar_free(c);
    sla_calendar_builder_free(b);
    return end;
}

#define ICS_HEAD "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\n"
#define ICS_EVENT(UID, START, RULE)                                                                \
    "BEGIN:VEVENT\r\nUID:" UID "\r\nDTSTART;VALUE=DATE:" START "\r\n" RULE "END:VEVENT\r\n"
#define ICS_TAIL "END:VCALENDAR\r\n"

/* The horizon of iCalendar feeds: hand-made (always) and the real
 * Norwegian feed (when the shared data is present). */
static void test_horizon_feeds(void **state)
{
    static const char finite[] = ICS_HEAD ICS_EVENT("a", "20240501", "")
        ICS_EVENT("b", "20240101", "RRULE:FREQ=YEARLY;COUNT=3\r\n") ICS_TAIL;
    static const char endless[] = ICS_HEAD ICS_EVENT("a", "20240501", "")
        ICS_EVENT("b", "20240101", "RRULE:FREQ=YEARLY\r\n") ICS_TAIL;
    static const char until[] = ICS_HEAD
        ICS_EVENT("b", "20240101", "RRULE:FREQ=YEARLY;UNTIL=20281231\r\n") ICS_TAIL;
    static const char closures[] = ICS_HEAD "BEGIN:VEVENT\r\nUID:c\r\n"
        "DTSTART:20240501T100000Z\r\nDTEND:20240501T120000Z\r\nEND:VEVENT\r\n" ICS_TAIL;
    sla_calendar *oslo = make_cal("Europe/Oslo", "24/7");
    int bounded = -1;
    const char *dir = getenv("SLA_SHARED_DIR");
    (void)state;

    /* COUNT=3 from 2024: the last holiday is in 2026 */
    assert_int_equal(horizon_of(finite, NULL, &bounded), at(oslo, 2027, 1, 1, 0, 0));
    assert_int_equal(bounded, 1);
    assert_int_equal(horizon_of(until, NULL, &bounded), at(oslo, 2029, 1, 1, 0, 0));
    assert_int_equal(horizon_of(endless, NULL, &bounded), SLA_TIME_MAX);
    assert_int_equal(bounded, 0);
    /* timed events are closures, not a holiday source */
    assert_int_equal(horizon_of(closures, NULL, &bounded), SLA_TIME_MAX);
    assert_int_equal(bounded, 0);
    /* every finite source counts: the earlier one wins */
    assert_int_equal(horizon_of(finite, "2030-06-01", &bounded), at(oslo, 2027, 1, 1, 0, 0));
    assert_int_equal(horizon_of(endless, "2030-06-01", &bounded), at(oslo, 2031, 1, 1, 0, 0));
    assert_int_equal(bounded, 1);

    /* a failed load leaves the horizon as it was */
    {
        sla_calendar_builder *b = NULL;
        sla_calendar *c = NULL;
        static const char bad[] = ICS_HEAD ICS_EVENT("a", "20240501", "") "BEGIN:VEVENT\r\n"
                                  "DTSTART;VALUE=DATE:2024XX01\r\nEND:VEVENT\r\n" ICS_TAIL;
        int64_t end = 0;
        assert_int_equal(sla_calendar_builder_new("Europe/Oslo", &b), 0);
        assert_int_equal(sla_calendar_builder_add_holiday(b, 2030, 1, 1), 0);
        assert_true(sla_calendar_builder_add_ics(b, bad, strlen(bad), NULL, NULL) < 0);
        assert_int_equal(sla_calendar_builder_compile(b, &c), 0);
        assert_int_equal(sla_calendar_holiday_horizon(c, &end, &bounded), 0);
        assert_int_equal(end, at(oslo, 2031, 1, 1, 0, 0));
        sla_calendar_free(c);
        sla_calendar_builder_free(b);
    }

    if (dir) {
        char path[4096];
        sla_calendar_builder *b = NULL;
        sla_calendar *c = NULL;
        int64_t end = 0;
        FILE *f;
        snprintf(path, sizeof path, "%s/data/holidays-ics/tb-NorwegianHolidays.ics", dir);
        f = fopen(path, "rb");
        if (!f) {
            print_message("tb-NorwegianHolidays.ics not found: real feed skipped\n");
        } else {
            fclose(f);
            assert_int_equal(sla_calendar_builder_new("Europe/Oslo", &b), 0);
            assert_int_equal(sla_calendar_builder_add_ics_file(b, path, NULL, NULL), 0);
            assert_int_equal(sla_calendar_builder_compile(b, &c), 0);
            assert_int_equal(sla_calendar_holiday_horizon(c, &end, &bounded), 0);
            /* the feed stops in 2020 */
            assert_int_equal(bounded, 1);
            assert_int_equal(end, at(oslo, 2021, 1, 1, 0, 0));
            sla_calendar_free(c);
            sla_calendar_builder_free(b);
        }
    }
    sla_calendar_free(oslo);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_examples),
        cmocka_unit_test(test_half_days_and_nights),
        cmocka_unit_test(test_dst),
        cmocka_unit_test(test_one_day_a_month),
        cmocka_unit_test(test_properties),
        cmocka_unit_test(test_never),
        cmocka_unit_test(test_oracle),
        cmocka_unit_test(test_oracle_combined),
        cmocka_unit_test(test_horizon),
        cmocka_unit_test(test_horizon_feeds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
