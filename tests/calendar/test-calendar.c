/* The calendar engine's corner cases: era boundaries, "never" versus
 * "range", holiday cuts, closures over openings, and union/intersection
 * against a brute-force oracle. Expected instants are worked out by hand
 * (comments give the local times) or checked with Python's zoneinfo.
 * SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>

#include "libsla/sla.h"

#define H 3600
#define D 86400

static sla_calendar *mk(const char *zone, const char *hours)
{
    sla_calendar *c = NULL;
    sla_diag *d = NULL;
    assert_int_equal(sla_diag_new(&d), 0);
    if (sla_calendar_new(zone, hours, &c, d) != 0)
        fail_msg("calendar %s '%s': %s", zone, hours, sla_diag_message(d));
    sla_diag_free(d);
    return c;
}

static int64_t utc(int y, int mo, int d, int h, int mi)
{
    sla_calendar *c = mk("UTC", "24/7");
    int64_t t = 0;
    assert_int_equal(sla_calendar_local_time(c, y, mo, d, h, mi, 0, &t), 0);
    sla_calendar_free(c);
    return t;
}

static void always_open_never_closes(void **state)
{
    /* 24/7, and every day 00:00-24:00 in a DST zone: the open time runs
     * through every era boundary, so next_close is "never". */
    const char *zones[] = {"UTC", "Europe/Oslo", "Australia/Lord_Howe"};
    int64_t t = utc(2025, 3, 30, 0, 30), u;
    (void)state;
    for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 2; j++) {
            sla_calendar *c = mk(zones[i], j ? "Mo-Su 00:00-24:00" : "24/7");
            assert_int_equal(sla_calendar_next_close(c, t, &u), SLA_ENEVER);
            assert_int_equal(sla_calendar_next_open(c, t, &u), 0);
            assert_int_equal(u, t);
            /* ten years of business time is ten years of real time */
            assert_int_equal(sla_calendar_add(c, t, 3652 * (int64_t)D, &u), 0);
            assert_int_equal(u - t, 3652 * (int64_t)D);
            /* running off the end of the supported range is "range" */
            assert_int_equal(sla_calendar_add(c, SLA_TIME_MAX - 10, 11, &u), SLA_ERANGE);
            assert_int_equal(sla_calendar_sub(c, 10, 11, &u), SLA_ERANGE);
            sla_calendar_free(c);
        }
    }
}

static void closed_forever_is_never(void **state)
{
    /* Open only on 2025-12-24 09:00-12:00 (UTC): 3 hours in all. */
    sla_calendar *c = mk("UTC", "off; 2025 Dec 24 09:00-12:00");
    int64_t t = utc(2025, 12, 1, 0, 0), u;
    (void)state;
    assert_int_equal(sla_calendar_add(c, t, 3 * H, &u), 0);
    assert_int_equal(u, utc(2025, 12, 24, 12, 0));
    assert_int_equal(sla_calendar_add(c, t, 3 * H + 1, &u), SLA_ENEVER);
    assert_int_equal(sla_calendar_next_open(c, utc(2025, 12, 24, 12, 0), &u), SLA_ENEVER);
    assert_int_equal(sla_calendar_sub(c, utc(2030, 1, 1, 0, 0), 3 * H, &u), 0);
    assert_int_equal(u, utc(2025, 12, 24, 9, 0));
    assert_int_equal(sla_calendar_sub(c, utc(2030, 1, 1, 0, 0), 3 * H + 1, &u), SLA_ENEVER);
    sla_calendar_free(c);

    c = mk("Europe/Oslo", "off");
    assert_int_equal(sla_calendar_add(c, t, 1, &u), SLA_ENEVER);
    assert_int_equal(sla_calendar_add(c, t, 0, &u), 0); /* add(t, 0) = t even when closed */
    assert_int_equal(u, t);
    assert_int_equal(sla_calendar_next_open(c, t, &u), SLA_ENEVER);
    assert_int_equal(sla_calendar_next_close(c, t, &u), 0);
    assert_int_equal(u, t);
    sla_calendar_free(c);
}

static void deadline_on_closing_time(void **state)
{
    /* Mo-Fr 09:00-17:00 UTC: 1 h from Friday 16:00 is Friday 17:00 (the
     * closing time), not Monday 09:00; one more second is Monday 09:00:01. */
    sla_calendar *c = mk("UTC", "Mo-Fr 09:00-17:00");
    int64_t fri16 = utc(2025, 3, 7, 16, 0), u;
    (void)state;
    assert_int_equal(sla_calendar_add(c, fri16, H, &u), 0);
    assert_int_equal(u, utc(2025, 3, 7, 17, 0));
    assert_int_equal(sla_calendar_add(c, fri16, H + 1, &u), 0);
    assert_int_equal(u, utc(2025, 3, 10, 9, 0) + 1);
    /* sub lands on the opening time, the latest instant with that much */
    assert_int_equal(sla_calendar_sub(c, utc(2025, 3, 10, 10, 0), H, &u), 0);
    assert_int_equal(u, utc(2025, 3, 10, 9, 0));
    assert_int_equal(sla_calendar_sub(c, utc(2025, 3, 10, 10, 0), H + 1, &u), 0);
    assert_int_equal(u, utc(2025, 3, 7, 17, 0) - 1);
    sla_calendar_free(c);
}

static void holiday_cuts_overnight_span(void **state)
{
    /* Mo-Fr 22:00-06:00 UTC with Wednesday 2025-03-12 a holiday (SEMANTICS
     * 2.1, holidays are dates): Tuesday's night stops at Wednesday 00:00
     * (2 h), Wednesday is closed 00:00-24:00, the part of Wednesday's night
     * past midnight is on an ordinary date and stays open (Thursday
     * 00:00-06:00, 6 h), and Thursday's night is whole (8 h). */
    sla_calendar_builder *b = NULL;
    sla_calendar *c = NULL;
    int64_t v;
    (void)state;
    assert_int_equal(sla_calendar_builder_new("UTC", &b), 0);
    assert_int_equal(sla_calendar_builder_set_hours(b, "Mo-Fr 22:00-06:00", NULL), 0);
    assert_int_equal(sla_calendar_builder_add_holiday(b, 2025, 3, 12), 0);
    assert_int_equal(sla_calendar_builder_compile(b, &c), 0);
    assert_int_equal(sla_calendar_diff(c, utc(2025, 3, 11, 12, 0), utc(2025, 3, 12, 12, 0), &v), 0);
    assert_int_equal(v, 2 * H);
    assert_int_equal(sla_calendar_diff(c, utc(2025, 3, 12, 0, 0), utc(2025, 3, 13, 0, 0), &v), 0);
    assert_int_equal(v, 0);
    assert_int_equal(sla_calendar_diff(c, utc(2025, 3, 12, 12, 0), utc(2025, 3, 13, 12, 0), &v), 0);
    assert_int_equal(v, 6 * H);
    assert_int_equal(sla_calendar_diff(c, utc(2025, 3, 13, 12, 0), utc(2025, 3, 14, 12, 0), &v), 0);
    assert_int_equal(v, 8 * H);
    {
        int hol = -1;
        assert_int_equal(sla_calendar_is_holiday(c, utc(2025, 3, 12, 23, 59), &hol), 0);
        assert_int_equal(hol, 1);
        assert_int_equal(sla_calendar_is_holiday(c, utc(2025, 3, 13, 0, 0), &hol), 0);
        assert_int_equal(hol, 0);
        assert_int_equal(sla_calendar_is_holiday(c, SLA_TIME_MAX, &hol), SLA_ERANGE);
    }
    sla_calendar_free(c);
    /* "PH 10:00-14:00" gives the holiday those hours instead. */
    assert_int_equal(sla_calendar_builder_set_hours(b, "Mo-Fr 22:00-06:00; PH 10:00-14:00", NULL), 0);
    assert_int_equal(sla_calendar_builder_compile(b, &c), 0);
    assert_int_equal(sla_calendar_diff(c, utc(2025, 3, 12, 0, 0), utc(2025, 3, 13, 0, 0), &v), 0);
    assert_int_equal(v, 4 * H);
    sla_calendar_free(c);
    sla_calendar_builder_free(b);
}

/* The newcomer's night team (SEMANTICS 2.1): Oslo, Mo-Fr 22:00-06:00;
 * PH off, 2025-05-01 (a Thursday) a holiday. Oslo is at UTC+2 in May.
 * Wednesday's night stops at Thursday 00:00 local, Thursday is closed
 * 00:00-24:00, and Friday 00:00-06:00 (Thursday's own night, past the
 * holiday's midnight, on an ordinary date) is open. */
static void oslo_night_team_on_a_holiday(void **state)
{
    sla_calendar_builder *b = NULL;
    sla_calendar *c = NULL;
    int64_t v, u;
    int open;
    (void)state;
    assert_int_equal(sla_calendar_builder_new("Europe/Oslo", &b), 0);
    assert_int_equal(sla_calendar_builder_set_hours(b, "Mo-Fr 22:00-06:00; PH off", NULL), 0);
    assert_int_equal(sla_calendar_builder_add_holiday(b, 2025, 5, 1), 0);
    assert_int_equal(sla_calendar_builder_compile(b, &c), 0);
    sla_calendar_builder_free(b);
    /* Wed 23:00 local open; Thu 00:00 local closed; Thu 23:00 closed */
    assert_int_equal(sla_calendar_is_open(c, utc(2025, 4, 30, 21, 0), &open), 0);
    assert_int_equal(open, 1);
    assert_int_equal(sla_calendar_next_close(c, utc(2025, 4, 30, 21, 0), &u), 0);
    assert_int_equal(u, utc(2025, 4, 30, 22, 0));
    assert_int_equal(sla_calendar_is_open(c, utc(2025, 5, 1, 21, 0), &open), 0);
    assert_int_equal(open, 0);
    /* Fri 00:00-06:00 local open */
    assert_int_equal(sla_calendar_next_open(c, utc(2025, 4, 30, 22, 0), &u), 0);
    assert_int_equal(u, utc(2025, 5, 1, 22, 0));
    assert_int_equal(sla_calendar_next_close(c, u, &u), 0);
    assert_int_equal(u, utc(2025, 5, 2, 4, 0));
    /* Thursday 00:00 to Friday 12:00 local: 6 h, all of it on Friday */
    assert_int_equal(sla_calendar_diff(c, utc(2025, 4, 30, 22, 0), utc(2025, 5, 2, 10, 0), &v), 0);
    assert_int_equal(v, 6 * H);
    /* a 30-minute target from Wed 23:45 local: 15 min before the holiday,
     * the rest on Friday at 00:15 */
    assert_int_equal(sla_calendar_add(c, utc(2025, 4, 30, 21, 45), 30 * 60, &u), 0);
    assert_int_equal(u, utc(2025, 5, 1, 22, 15));
    sla_calendar_free(c);
}

/* A PH rule that only removes times (SEMANTICS 2.1) keeps the holiday open
 * otherwise; a timed closure removes its own span only. */
static void ph_off_with_times_and_closures(void **state)
{
    sla_calendar_builder *b = NULL;
    sla_calendar *c = NULL;
    int64_t v;
    (void)state;
    assert_int_equal(sla_calendar_builder_new("UTC", &b), 0);
    assert_int_equal(sla_calendar_builder_set_hours(b, "open; Tu-Su,PH 14:00-14:30 off", NULL), 0);
    assert_int_equal(sla_calendar_builder_add_holiday(b, 2025, 5, 5), 0); /* a Monday */
    assert_int_equal(sla_calendar_builder_add_closure(b, utc(2025, 5, 5, 9, 0),
                                                      utc(2025, 5, 5, 10, 0)), 0);
    assert_int_equal(sla_calendar_builder_compile(b, &c), 0);
    sla_calendar_builder_free(b);
    assert_int_equal(sla_calendar_diff(c, utc(2025, 5, 5, 0, 0), utc(2025, 5, 6, 0, 0), &v), 0);
    assert_int_equal(v, 24 * H - 30 * 60 - H);
    assert_int_equal(sla_calendar_diff(c, utc(2025, 5, 12, 0, 0), utc(2025, 5, 13, 0, 0), &v), 0);
    assert_int_equal(v, 24 * H); /* an ordinary Monday */
    sla_calendar_free(c);
}

static void closures_win_over_openings(void **state)
{
    /* Closed all week-end, opened Saturday 10:00-16:00 by an extra opening,
     * with a closure 12:00-13:00 inside it: 5 hours open on Saturday. */
    sla_calendar_builder *b = NULL;
    sla_calendar *c = NULL;
    int64_t v, sat = utc(2025, 3, 8, 0, 0);
    int open = -1;
    (void)state;
    assert_int_equal(sla_calendar_builder_new("UTC", &b), 0);
    assert_int_equal(sla_calendar_builder_set_hours(b, "Mo-Fr 09:00-17:00", NULL), 0);
    assert_int_equal(sla_calendar_builder_add_opening(b, sat + 10 * H, sat + 16 * H), 0);
    assert_int_equal(sla_calendar_builder_add_closure(b, sat + 12 * H, sat + 13 * H), 0);
    /* a closure over Monday morning too */
    assert_int_equal(sla_calendar_builder_add_closure(b, sat + 2 * D + 9 * H, sat + 2 * D + 11 * H), 0);
    assert_int_equal(sla_calendar_builder_add_closure(b, 5, 4), SLA_EINVAL);
    assert_int_equal(sla_calendar_builder_add_opening(b, -5, 4), SLA_ERANGE);
    assert_int_equal(sla_calendar_builder_compile(b, &c), 0);
    assert_int_equal(sla_calendar_diff(c, sat, sat + D, &v), 0);
    assert_int_equal(v, 5 * H);
    assert_int_equal(sla_calendar_is_open(c, sat + 12 * H + 30 * 60, &open), 0);
    assert_int_equal(open, 0);
    assert_int_equal(sla_calendar_diff(c, sat + 2 * D, sat + 3 * D, &v), 0);
    assert_int_equal(v, 6 * H);
    assert_int_equal(sla_calendar_next_open(c, sat + 2 * D, &v), 0);
    assert_int_equal(v, sat + 2 * D + 11 * H);
    sla_calendar_free(c);
    sla_calendar_builder_free(b);
}

static void dst_day_lengths(void **state)
{
    /* Europe/London Su 00:30-02:30: on 2025-03-30 the clocks skip 01:00-02:00
     * (1 h open), on 2025-10-26 they repeat 01:00-02:00 (3 h open). */
    sla_calendar *c = mk("Europe/London", "Su 00:30-02:30");
    int64_t v;
    (void)state;
    assert_int_equal(sla_calendar_diff(c, utc(2025, 3, 29, 12, 0), utc(2025, 3, 30, 12, 0), &v), 0);
    assert_int_equal(v, H);
    assert_int_equal(sla_calendar_diff(c, utc(2025, 10, 25, 12, 0), utc(2025, 10, 26, 12, 0), &v), 0);
    assert_int_equal(v, 3 * H);
    assert_int_equal(sla_calendar_diff(c, utc(2025, 5, 31, 12, 0), utc(2025, 6, 1, 12, 0), &v), 0); /* BST: 23:30Z-01:30Z */
    assert_int_equal(v, 2 * H);
    sla_calendar_free(c);
}

static void memory_and_structure_stay_small(void **state)
{
    /* Europe/Oslo Mo-Fr 08:00-16:00 with a holiday a month over 230 years:
     * every DST change and holiday costs a few eras, never a day each. */
    sla_calendar_builder *b = NULL;
    sla_calendar *c = NULL;
    (void)state;
    assert_int_equal(sla_calendar_builder_new("Europe/Oslo", &b), 0);
    assert_int_equal(sla_calendar_builder_set_hours(b, "Mo-Fr 08:00-16:00", NULL), 0);
    assert_int_equal(sla_calendar_builder_compile(b, &c), 0);
    assert_true(sla_calendar_memory_size(c) < 64 * 1024);
    sla_calendar_free(c);
    for (int y = 2024; y <= 2028; y++)
        for (int m = 1; m <= 12; m++)
            assert_int_equal(sla_calendar_builder_add_holiday(b, y, m, 11), 0);
    assert_int_equal(sla_calendar_builder_compile(b, &c), 0);
    assert_true(sla_calendar_memory_size(c) < 64 * 1024);
    sla_calendar_free(c);
    sla_calendar_builder_free(b);
}

/* Brute force over a minute grid: union and intersection of calendars in
 * different zones agree with is_open of the parts, and diff with the count
 * of open minutes (all boundaries here are on whole minutes). */
static void combine_matches_brute_force(void **state)
{
    sla_calendar *a = mk("Europe/Oslo", "Mo-Fr 08:00-16:00; Sa 10:00-14:00");
    sla_calendar *b = mk("America/New_York", "Mo-Fr 09:00-17:00,22:00-02:00");
    sla_calendar *u = NULL, *x = NULL;
    int64_t t0 = utc(2025, 3, 5, 0, 0), t1 = utc(2025, 4, 2, 0, 0), cu = 0, cx = 0, v;
    (void)state;
    assert_int_equal(sla_calendar_union(a, b, &u), 0);
    assert_int_equal(sla_calendar_intersect(a, b, &x), 0);
    assert_string_equal(sla_calendar_zone(u), "Europe/Oslo");
    for (int64_t t = t0; t < t1; t += 60) { /* four weeks over both DST changes */
        int oa, ob, ou, ox;
        sla_calendar_is_open(a, t, &oa);
        sla_calendar_is_open(b, t, &ob);
        sla_calendar_is_open(u, t, &ou);
        sla_calendar_is_open(x, t, &ox);
        assert_int_equal(ou, oa || ob);
        assert_int_equal(ox, oa && ob);
        cu += ou ? 60 : 0;
        cx += ox ? 60 : 0;
    }
    assert_int_equal(sla_calendar_diff(u, t0, t1, &v), 0);
    assert_int_equal(v, cu);
    assert_int_equal(sla_calendar_diff(x, t0, t1, &v), 0);
    assert_int_equal(v, cx);
    assert_true(cx > 0 && cu > cx);
    /* add on the union inverts diff */
    assert_int_equal(sla_calendar_add(u, t0, cu, &v), 0);
    assert_true(v <= t1);
    assert_int_equal(sla_calendar_diff(u, t0, v, &v), 0);
    assert_int_equal(v, cu);
    sla_calendar_free(u);
    sla_calendar_free(x);
    sla_calendar_free(a);
    sla_calendar_free(b);
}

static void errors_change_nothing(void **state)
{
    sla_calendar *c = mk("UTC", "Mo-Fr 09:00-17:00");
    int64_t u = 42;
    int open = 7;
    (void)state;
    assert_int_equal(sla_calendar_add(c, -1, 10, &u), SLA_ERANGE);
    assert_int_equal(sla_calendar_add(c, 0, -10, &u), SLA_EINVAL);
    assert_int_equal(sla_calendar_add(c, 0, INT64_MAX, &u), SLA_ERANGE);
    assert_int_equal(sla_calendar_diff(c, 0, SLA_TIME_MAX, &u), SLA_ERANGE);
    assert_int_equal(sla_calendar_is_open(c, SLA_TIME_MAX, &open), SLA_ERANGE);
    assert_int_equal(sla_calendar_add(NULL, 0, 10, &u), SLA_EINVAL);
    assert_int_equal(sla_calendar_add(c, 0, 10, NULL), SLA_EINVAL);
    assert_int_equal(u, 42);
    assert_int_equal(open, 7);
    sla_calendar_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(always_open_never_closes),
        cmocka_unit_test(closed_forever_is_never),
        cmocka_unit_test(deadline_on_closing_time),
        cmocka_unit_test(holiday_cuts_overnight_span),
        cmocka_unit_test(oslo_night_team_on_a_holiday),
        cmocka_unit_test(ph_off_with_times_and_closures),
        cmocka_unit_test(closures_win_over_openings),
        cmocka_unit_test(dst_day_lengths),
        cmocka_unit_test(memory_and_structure_stay_small),
        cmocka_unit_test(combine_matches_brute_force),
        cmocka_unit_test(errors_change_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
