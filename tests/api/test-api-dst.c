/*
 * API tests of business time across daylight-saving changes and calendar
 * edges: every expected instant or duration below was computed independently
 * with Python's zoneinfo; the expression is in the comment beside it, where
 *   e(s, z) = int(datetime.fromisoformat(s).replace(tzinfo=ZoneInfo(z)).timestamp())
 * (fold=0: a repeated time is its first occurrence, a time in a gap takes
 * the offset before the gap, as RFC 5545 3.3.5 and SEMANTICS 2.4 say).
 *
 * SPDX-License-Identifier: MIT
 */
#include "api-common.h"

#define H INT64_C(3600)

/* Open time of one local span [from, to) of a Sunday-only calendar, checked
 * three ways: diff over the whole day, add from the opening, next_close. */
static void check_span(const sla_calendar *cal, int64_t open_at, int64_t real_len)
{
    assert_int_equal(cal_open(cal, open_at), 1);
    assert_int_equal(cal_open(cal, open_at - 1), 0);
    assert_int_equal(cal_next_close(cal, open_at), open_at + real_len);
    assert_int_equal(cal_next_open(cal, open_at - 12 * H), open_at);
    assert_int_equal(cal_diff(cal, open_at - 12 * H, open_at + 12 * H), real_len);
    assert_int_equal(cal_add(cal, open_at, real_len), open_at + real_len);
    assert_int_equal(cal_sub(cal, open_at + real_len, real_len), open_at);
}

static void test_oslo(void **state)
{
    (void)state;
    sla_calendar *always = make_cal("Europe/Oslo", "24/7");
    /* e('2025-03-31 00:00','Europe/Oslo') - e('2025-03-30 00:00','Europe/Oslo') == 82800 */
    int64_t d30;
    assert_int_equal(sla_calendar_local_time(always, 2025, 3, 30, 0, 0, 0, &d30), 0);
    assert_int_equal(cal_diff(always, d30, d30 + 82800), 82800);
    assert_int_equal(cal_add(always, d30, 82800), d30 + 82800);
    sla_calendar_free(always);

    sla_calendar *su = make_cal("Europe/Oslo", "Su 01:00-04:00");
    /* e('2025-03-30 01:00','Europe/Oslo') == 1743292800; the span is
     * e('2025-03-30 04:00',..) - e('2025-03-30 01:00',..) == 7200 (one hour lost) */
    check_span(su, INT64_C(1743292800), 2 * H);
    /* e('2025-10-26 01:00','Europe/Oslo') == 1761433200; span == 14400 (one hour twice) */
    check_span(su, INT64_C(1761433200), 4 * H);
    /* add of 3h from 01:00 on 2025-10-26 lands on e('2025-10-26 03:00','Europe/Oslo') ==
     * 1761444000, which is 01:00 + 3h of real time */
    assert_int_equal(cal_add(su, INT64_C(1761433200), 3 * H), INT64_C(1761444000));
    sla_calendar_free(su);

    /* A boundary inside the gap and one in the repeated hour. */
    sla_calendar *gap = make_cal("Europe/Oslo", "Su 02:30-05:00");
    /* e('2025-03-30 02:30','Europe/Oslo') == 1743298200 (gap: read at +01:00 = 03:30 CEST);
     * e('2025-03-30 05:00','Europe/Oslo') == 1743303600 -> 5400 s */
    check_span(gap, INT64_C(1743298200), INT64_C(1743303600) - INT64_C(1743298200));
    /* e('2025-10-26 02:30','Europe/Oslo') == 1761438600 (first occurrence);
     * e('2025-10-26 05:00','Europe/Oslo') == 1761451200 -> 12600 s */
    check_span(gap, INT64_C(1761438600), INT64_C(1761451200) - INT64_C(1761438600));
    sla_calendar_free(gap);
}

static void test_new_york(void **state)
{
    (void)state;
    sla_calendar *su = make_cal("America/New_York", "Su 01:00-04:00");
    /* e('2025-03-09 01:00','America/New_York') == 1741500000; span 7200 */
    check_span(su, INT64_C(1741500000), 2 * H);
    /* e('2025-11-02 01:00','America/New_York') == 1762059600; span 14400 */
    check_span(su, INT64_C(1762059600), 4 * H);
    sla_calendar_free(su);

    /* Weekday hours are untouched by a Sunday 02:00 change: Fri 09:00 EST +
     * 9h -> Mon 10:00 EDT. e('2025-03-07 09:00','America/New_York') == 1741356000,
     * e('2025-03-10 10:00','America/New_York') == 1741615200 */
    sla_calendar *wk = make_cal("America/New_York", "Mo-Fr 09:00-17:00");
    assert_int_equal(cal_add(wk, INT64_C(1741356000), 9 * H), INT64_C(1741615200));
    assert_int_equal(cal_diff(wk, INT64_C(1741356000), INT64_C(1741615200)), 9 * H);
    sla_calendar_free(wk);
}

static void test_sydney(void **state)
{
    (void)state;
    sla_calendar *su = make_cal("Australia/Sydney", "Su 00:00-06:00");
    /* e('2025-04-06 06:00','Australia/Sydney') - e('2025-04-06 00:00',..) == 25200 */
    int64_t apr, oct;
    assert_int_equal(sla_calendar_local_time(su, 2025, 4, 6, 0, 0, 0, &apr), 0);
    /* e('2025-04-06 00:00','Australia/Sydney') == 1743858000 */
    assert_int_equal(apr, INT64_C(1743858000));
    check_span(su, apr, 25200);
    assert_int_equal(sla_calendar_local_time(su, 2025, 10, 5, 0, 0, 0, &oct), 0);
    /* e('2025-10-05 00:00','Australia/Sydney') == 1759586400; span 18000 */
    assert_int_equal(oct, INT64_C(1759586400));
    check_span(su, oct, 18000);
    sla_calendar_free(su);

    /* Overnight span Saturday 22:00 -> Sunday 06:00 across the April change:
     * e('2025-04-05 22:00','Australia/Sydney') == 1743850800,
     * e('2025-04-06 06:00','Australia/Sydney') == 1743883200 -> 32400 s */
    sla_calendar *night = make_cal("Australia/Sydney", "Sa 22:00-06:00");
    check_span(night, INT64_C(1743850800), 32400);
    sla_calendar_free(night);
}

static void test_lord_howe(void **state)
{
    (void)state;
    sla_calendar *su = make_cal("Australia/Lord_Howe", "Su 00:00-06:00");
    /* e('2025-04-06 00:00','Australia/Lord_Howe') == 1743858000; 06:00 - 00:00 == 23400
     * (+11:00 -> +10:30, half an hour repeated) */
    check_span(su, INT64_C(1743858000), 23400);
    /* e('2025-10-05 00:00','Australia/Lord_Howe') == 1759584600; span 19800
     * (+10:30 -> +11:00, half an hour skipped) */
    check_span(su, INT64_C(1759584600), 19800);
    int off;
    assert_int_equal(sla_calendar_utc_offset(su, INT64_C(1759584600), &off), 0);
    assert_int_equal(off, 37800);
    assert_int_equal(sla_calendar_utc_offset(su, INT64_C(1759604400), &off), 0);
    assert_int_equal(off, 39600);
    sla_calendar_free(su);
}

static void test_apia(void **state)
{
    (void)state;
    /* Samoa skipped Friday 2011-12-30: Thursday 29th (-10:00) is followed by
     * Saturday 31st (+14:00). */
    sla_calendar *always = make_cal("Pacific/Apia", "24/7");
    /* e('2011-12-31 12:00','Pacific/Apia') - e('2011-12-29 12:00','Pacific/Apia') == 86400 */
    assert_int_equal(cal_diff(always, INT64_C(1325196000), INT64_C(1325282400)), 86400);
    sla_calendar_free(always);

    sla_calendar *cal = make_cal("Pacific/Apia", "Mo-Th 09:00-17:00; Sa 09:00-17:00");
    /* e('2011-12-29 09:00','Pacific/Apia') == 1325185200,
     * e('2011-12-31 17:00','Pacific/Apia') == 1325300400: Thursday 8h + Saturday 8h */
    assert_int_equal(cal_diff(cal, INT64_C(1325185200), INT64_C(1325300400)), 16 * H);
    /* e('2011-12-29 16:00','Pacific/Apia') == 1325210400 + 2h -> 1h Thursday, then
     * e('2011-12-31 10:00','Pacific/Apia') == 1325275200 */
    assert_int_equal(cal_add(cal, INT64_C(1325210400), 2 * H), INT64_C(1325275200));
    /* The Thursday close is followed directly by Saturday's opening:
     * e('2011-12-31 09:00','Pacific/Apia') == 1325271600 */
    assert_int_equal(cal_next_open(cal, INT64_C(1325210400) + H), INT64_C(1325271600));
    int off;
    assert_int_equal(sla_calendar_utc_offset(cal, INT64_C(1325271600), &off), 0);
    assert_int_equal(off, 14 * 3600);
    int64_t t = SENTINEL;
    assert_int_equal(sla_calendar_local_time(cal, 2011, 12, 31, 9, 0, 0, &t), 0);
    assert_int_equal(t, INT64_C(1325271600));
    sla_calendar_free(cal);
}

static void test_london(void **state)
{
    (void)state;
    sla_calendar *su = make_cal("Europe/London", "Su 00:30-02:30");
    /* Span containing the gap: e('2025-03-30 00:30','Europe/London') == 1743294600,
     * e('2025-03-30 02:30',..) - that == 3600 */
    check_span(su, INT64_C(1743294600), H);
    /* Span containing the repeated hour: e('2025-10-26 00:30','Europe/London') == 1761435000,
     * e('2025-10-26 02:30',..) == 1761445800 -> 10800 */
    check_span(su, INT64_C(1761435000), 3 * H);
    /* Inside the repeated hour both 01:15 BST and 01:15 GMT are open:
     * e('2025-10-26 01:15','Europe/London') == 1761437700 (BST), + 3600 (GMT) */
    assert_int_equal(cal_open(su, INT64_C(1761437700)), 1);
    assert_int_equal(cal_open(su, INT64_C(1761437700) + H), 1);
    sla_calendar_free(su);

    /* An opening time inside the gap: Su 01:30-03:00.
     * e('2025-03-30 01:30','Europe/London') == 1743298200 (01:30 GMT = 02:30 BST);
     * e('2025-03-30 03:00','Europe/London') - that == 1800 */
    sla_calendar *gap = make_cal("Europe/London", "Su 01:30-03:00");
    check_span(gap, INT64_C(1743298200), 1800);
    /* In October 01:30 is its first occurrence (BST):
     * e('2025-10-26 03:00','Europe/London') - e('2025-10-26 01:30','Europe/London') == 9000 */
    int64_t t;
    assert_int_equal(sla_calendar_local_time(gap, 2025, 10, 26, 1, 30, 0, &t), 0);
    assert_int_equal(t, INT64_C(1761438600));
    check_span(gap, t, 9000);
    sla_calendar_free(gap);
}

static void test_overnight_and_midnight(void **state)
{
    (void)state;
    sla_calendar *night = make_cal("UTC", "Mo-Fr 22:00-06:00");
    /* Fri 2025-03-21 22:00Z = 1742594400 to Sat 06:00Z = 1742623200: Friday's span. */
    assert_int_equal(cal_open(night, INT64_C(1742594400)), 1);
    assert_int_equal(cal_open(night, INT64_C(1742623200) - 60), 1);
    assert_int_equal(cal_next_close(night, INT64_C(1742594400)), INT64_C(1742623200));
    /* Monday 05:00 is closed: no span starts on Sunday. Mon 2025-03-24 05:00Z = 1742792400 */
    assert_int_equal(cal_open(night, INT64_C(1742792400)), 0);
    /* The whole weekend night of Fri: 8h; from Fri 20:00 to Mon 20:00: 8h. */
    assert_int_equal(cal_diff(night, INT64_C(1742594400) - 2 * H, INT64_C(1742594400) + 70 * H),
                     8 * H);
    sla_calendar_free(night);

    /* 24:00 meets 00:00 of the next day: the periods merge. */
    sla_calendar *mid = make_cal("UTC", "Fr 18:00-24:00; Sa 00:00-02:00");
    /* Fri 2025-03-21 20:00Z = 1742587200; Sat 02:00Z = 1742608800 */
    assert_int_equal(cal_next_close(mid, INT64_C(1742587200)), INT64_C(1742608800));
    assert_int_equal(cal_add(mid, INT64_C(1742587200), 5 * H), INT64_C(1742605200));
    assert_int_equal(cal_open(mid, INT64_C(1742601600)), 1); /* Sat 00:00Z */
    sla_calendar_free(mid);

    /* Holiday cuts an overnight span at its midnight (SEMANTICS 2.1). Thu
     * 2025-03-20 22:00Z = 1742508000; Fri 2025-03-21 is a holiday. */
    static const char *const hol[] = {"2025-03-21", NULL};
    sla_calendar *h = make_cal_h("UTC", "Mo-Fr 22:00-06:00", hol);
    assert_int_equal(cal_next_close(h, INT64_C(1742508000)), INT64_C(1742508000) + 2 * H);
    assert_int_equal(cal_open(h, INT64_C(1742508000) + 3 * H), 0);
    /* The holiday is closed 00:00-24:00, but the part of its own night past
     * midnight lies on Saturday, an ordinary date: open Sat 00:00-06:00Z. */
    assert_int_equal(cal_next_open(h, INT64_C(1742508000) + 3 * H),
                     INT64_C(1742508000) + 26 * H);
    assert_int_equal(cal_next_close(h, INT64_C(1742508000) + 26 * H),
                     INT64_C(1742508000) + 32 * H);
    /* then nothing starts on the weekend: next is Mon 2025-03-24 22:00Z. */
    assert_int_equal(cal_next_open(h, INT64_C(1742508000) + 32 * H),
                     INT64_C(1742508000) + 4 * 86400);
    sla_calendar_free(h);
}

static void test_year_ends_and_leap_days(void **state)
{
    (void)state;
    sla_calendar *always = make_cal("UTC", "24/7");
    /* datetime(2025,1,1,tzinfo=timezone.utc).timestamp() - datetime(2024,1,1,..) == 366 days */
    assert_int_equal(cal_diff(always, INT64_C(1704067200), INT64_C(1735689600)), 366 * 86400);
    /* 2024-02-28 12:00Z = 1709121600 + 1d -> 2024-02-29 12:00Z = 1709208000 */
    assert_int_equal(cal_add(always, INT64_C(1709121600), 86400), INT64_C(1709208000));
    sla_calendar_free(always);

    sla_calendar *oslo = make_cal("Europe/Oslo", "Mo-Fr 08:00-16:00");
    /* 2028-02-29 is a Tuesday. e('2028-02-28 00:00','Europe/Oslo') == 1835305200,
     * e('2028-03-01 00:00','Europe/Oslo') == 1835478000: Mon + Tue (leap day) = 16h */
    assert_int_equal(cal_diff(oslo, INT64_C(1835305200), INT64_C(1835478000)), 16 * H);
    /* Wed 2025-12-31 15:00 +01:00 = e('2025-12-31 15:00','Europe/Oslo') == 1767189600;
     * + 2h -> Thu 2026-01-01 09:00 = 1767254400 (no holidays in this calendar) */
    assert_int_equal(cal_add(oslo, INT64_C(1767189600), 2 * H), INT64_C(1767254400));
    /* With New Year's Day a holiday, Friday 2026-01-02 09:00 (+86400). */
    sla_calendar_free(oslo);
    static const char *const hol[] = {"2026-01-01", NULL};
    oslo = make_cal_h("Europe/Oslo", "Mo-Fr 08:00-16:00", hol);
    assert_int_equal(cal_add(oslo, INT64_C(1767189600), 2 * H), INT64_C(1767254400) + 86400);
    sla_calendar_free(oslo);

    /* "Feb 29" rules exist only in leap years. */
    sla_calendar *leap = make_cal("UTC", "Feb 29 10:00-11:00");
    /* datetime(2024,2,29,10,tzinfo=timezone.utc).timestamp() == 1709200800;
     * next: datetime(2028,2,29,10,tzinfo=timezone.utc).timestamp() == 1835431200 */
    assert_int_equal(cal_next_open(leap, INT64_C(1709200800) - 1), INT64_C(1709200800));
    assert_int_equal(cal_next_open(leap, INT64_C(1709200800) + H), INT64_C(1835431200));
    assert_int_equal(cal_add(leap, INT64_C(1709200800), 2 * H), INT64_C(1835431200) + H);
    sla_calendar_free(leap);
}

static void test_union_intersection(void **state)
{
    (void)state;
    sla_calendar *oslo = make_cal("Europe/Oslo", "Mo-Fr 09:00-17:00");
    sla_calendar *ny = make_cal("America/New_York", "Mo-Fr 09:00-17:00");
    sla_calendar *u = NULL, *i = NULL;
    sla_calendar *keep = (sla_calendar *)state;
    sla_calendar *out = keep;
    assert_int_equal(sla_calendar_union(NULL, ny, &out), SLA_EINVAL);
    assert_int_equal(sla_calendar_union(oslo, NULL, &out), SLA_EINVAL);
    assert_int_equal(sla_calendar_union(oslo, ny, NULL), SLA_EINVAL);
    assert_int_equal(sla_calendar_intersect(NULL, ny, &out), SLA_EINVAL);
    assert_int_equal(sla_calendar_intersect(oslo, ny, NULL), SLA_EINVAL);
    assert_ptr_equal(out, keep);
    assert_int_equal(sla_calendar_union(oslo, ny, &u), 0);
    assert_int_equal(sla_calendar_intersect(oslo, ny, &i), 0);
    assert_string_equal(sla_calendar_zone(u), "Europe/Oslo");
    assert_string_equal(sla_calendar_zone(i), "Europe/Oslo");

    /* Mon 2025-01-06 (datetime(2025,1,6,tzinfo=timezone.utc).timestamp() == 1736121600):
     * Oslo (+1) is open 08-16Z, New York (-5) 14-22Z. */
    int64_t mon = INT64_C(1736121600);
    assert_int_equal(cal_diff(u, mon, mon + 86400), 14 * H);
    assert_int_equal(cal_diff(i, mon, mon + 86400), 2 * H);
    assert_int_equal(cal_next_open(i, mon), mon + 14 * H);
    assert_int_equal(cal_next_close(i, mon + 14 * H), mon + 16 * H);
    assert_int_equal(cal_next_close(u, mon + 8 * H), mon + 22 * H);
    /* Mon 2025-03-17 (1742169600): New York already on EDT (-4), Oslo still +1:
     * Oslo 08-16Z, New York 13-21Z. */
    int64_t mar = INT64_C(1742169600);
    assert_int_equal(cal_diff(u, mar, mar + 86400), 13 * H);
    assert_int_equal(cal_diff(i, mar, mar + 86400), 3 * H);
    /* A whole week: 5 days each. */
    assert_int_equal(cal_diff(u, mon, mon + 7 * 86400), 5 * 14 * H);
    assert_int_equal(cal_add(i, mon, 3 * H), mon + 86400 + 15 * H);
    /* The union of a calendar with itself is itself. */
    sla_calendar *self = NULL;
    assert_int_equal(sla_calendar_union(oslo, oslo, &self), 0);
    assert_int_equal(cal_diff(self, mon, mon + 7 * 86400), 40 * H);
    sla_calendar_free(self);
    sla_calendar_free(u);
    sla_calendar_free(i);
    sla_calendar_free(oslo);
    sla_calendar_free(ny);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_oslo),
        cmocka_unit_test(test_new_york),
        cmocka_unit_test(test_sydney),
        cmocka_unit_test(test_lord_howe),
        cmocka_unit_test(test_apia),
        cmocka_unit_test(test_london),
        cmocka_unit_test(test_overnight_and_midnight),
        cmocka_unit_test(test_year_ends_and_leap_days),
        cmocka_unit_test(test_union_intersection),
    };
    return cmocka_run_group_tests_name("api-dst", tests, NULL, NULL);
}
