/*
 * API tests of every public calendar, text and core function through the
 * shared library: results, argument validation (SLA_EINVAL with outputs left
 * untouched), range errors at the 1970 and 2200 edges, and "never" errors.
 *
 * Expected instants were computed independently with Python's zoneinfo; the
 * expression is given beside each literal.
 *
 * SPDX-License-Identifier: MIT
 */
#include "api-common.h"

/* datetime(2025,3,28,15,50,tzinfo=timezone.utc).timestamp() */
#define T_2025_03_28_1550Z INT64_C(1743177000)
/* datetime(2025,3,24,9,0,tzinfo=ZoneInfo("Europe/Oslo")).timestamp(): a Monday */
#define OSLO_MON_0900 INT64_C(1742803200)
/* datetime(2025,3,24,17,0,tzinfo=ZoneInfo("Europe/Oslo")).timestamp() */
#define OSLO_MON_1700 INT64_C(1742832000)
/* datetime(2025,3,29,10,0,tzinfo=ZoneInfo("Europe/Oslo")).timestamp(): a Saturday */
#define OSLO_SAT_1000 INT64_C(1743238800)
/* datetime(2025,3,31,9,0,tzinfo=ZoneInfo("Europe/Oslo")).timestamp(): Monday, summer time */
#define OSLO_NEXT_MON_0900 INT64_C(1743404400)
/* datetime(2025,12,24,9,0,tzinfo=ZoneInfo("Europe/Oslo")).timestamp() */
#define OSLO_2025_12_24_0900 INT64_C(1766563200)
/* datetime(2025,12,24,12,0,tzinfo=ZoneInfo("Europe/Oslo")).timestamp() */
#define OSLO_2025_12_24_1200 INT64_C(1766574000)

/* ---- core: versions, errors, diagnostics --------------------------------- */

static void test_version(void **state)
{
    (void)state;
    assert_int_equal(sla_version_number(), SLA_VERSION_NUMBER);
    assert_string_equal(sla_version_string(), SLA_VERSION_STRING);
}

static void test_errors(void **state)
{
    (void)state;
    static const struct {
        int code;
        const char *name;
    } names[] = {
        {SLA_OK, "ok"},          {SLA_EINVAL, "invalid"},   {SLA_ENOMEM, "nomem"},
        {SLA_ERANGE, "range"},   {SLA_ENEVER, "never"},     {SLA_EPARSE, "parse"},
        {SLA_ENOZONE, "nozone"}, {SLA_EIO, "io"},           {SLA_EUNSUPPORTED, "unsupported"},
        {SLA_ELIMIT, "limit"},   {SLA_EORDER, "order"},     {SLA_ECLOSED, "closed"},
        {SLA_ESTATE, "state"},   {SLA_EVERSION, "version"}, {SLA_EUNSTABLE, "unstable"},
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        assert_string_equal(sla_error_name(names[i].code), names[i].name);
        assert_non_null(sla_strerror(names[i].code));
        assert_true(strlen(sla_strerror(names[i].code)) > 0);
    }
    assert_string_equal(sla_error_name(-9999), "unknown");
    assert_string_equal(sla_error_name(42), "unknown");
    assert_string_equal(sla_strerror(-9999), "unknown error");
    /* Pinned values. */
    assert_int_equal(SLA_EINVAL, -1);
    assert_int_equal(SLA_ERANGE, -3);
    assert_int_equal(SLA_ENEVER, -4);
    assert_int_equal(SLA_EUNSTABLE, -14);
}

static void test_diag(void **state)
{
    (void)state;
    sla_diag *diag = NULL;
    assert_int_equal(sla_diag_new(NULL), SLA_EINVAL);
    assert_int_equal(sla_diag_new(&diag), 0);
    assert_non_null(diag);
    assert_int_equal(sla_diag_code(diag), 0);
    assert_string_equal(sla_diag_message(diag), "");
    assert_string_equal(sla_diag_construct(diag), "");

    sla_calendar *cal = (sla_calendar *)&diag; /* a sentinel pointer */
    assert_int_equal(sla_calendar_new("UTC", "Mo-Fr sunrise-sunset", &cal, diag), SLA_EPARSE);
    assert_ptr_equal(cal, (sla_calendar *)&diag);
    assert_int_equal(sla_diag_code(diag), SLA_EPARSE);
    assert_true(strlen(sla_diag_message(diag)) > 0);
    assert_int_equal(sla_diag_line(diag), 1);
    assert_int_equal(sla_diag_column(diag), 7);
    assert_true(strlen(sla_diag_construct(diag)) > 0);

    /* Success clears it. */
    cal = NULL;
    assert_int_equal(sla_calendar_new("UTC", "Mo-Fr 09:00-17:00", &cal, diag), 0);
    assert_int_equal(sla_diag_code(diag), 0);
    assert_string_equal(sla_diag_message(diag), "");
    sla_calendar_free(cal);
    sla_diag_free(diag);
    sla_diag_free(NULL);
}

/* ---- builders ------------------------------------------------------------ */

static void test_builder_args(void **state)
{
    (void)state;
    sla_calendar_builder *b = (sla_calendar_builder *)state; /* sentinel */
    sla_calendar_builder *keep = b;
    assert_int_equal(sla_calendar_builder_new(NULL, &b), SLA_EINVAL);
    assert_ptr_equal(b, keep);
    assert_int_equal(sla_calendar_builder_new("UTC", NULL), SLA_EINVAL);
    assert_int_equal(sla_calendar_builder_new("Europe/Nowhere", &b), SLA_ENOZONE);
    assert_ptr_equal(b, keep);
    int r = sla_calendar_builder_new("", &b);
    assert_true(r == SLA_ENOZONE || r == SLA_EINVAL);
    assert_ptr_equal(b, keep);
    r = sla_calendar_builder_new("../../etc/passwd", &b);
    assert_true(r == SLA_ENOZONE || r == SLA_EINVAL);
    assert_ptr_equal(b, keep);
    assert_int_equal(sla_calendar_builder_new_tzdir("Europe/Oslo", "/nonexistent-tzdir", &b),
                     SLA_ENOZONE);
    assert_ptr_equal(b, keep);
    assert_int_equal(sla_calendar_builder_new_tzdir("Europe/Oslo", NULL, &b), 0);
    assert_ptr_not_equal(b, keep);
    sla_calendar_builder_free(b);
    b = NULL;
    assert_int_equal(sla_calendar_builder_new_tzdir("Europe/Oslo", "/usr/share/zoneinfo", &b), 0);

    /* set_hours */
    assert_int_equal(sla_calendar_builder_set_hours(NULL, "24/7", NULL), SLA_EINVAL);
    assert_int_equal(sla_calendar_builder_set_hours(b, NULL, NULL), SLA_EINVAL);
    assert_int_equal(sla_calendar_builder_set_hours(b, "Mo-Fr 09:00-17:00", NULL), 0);
    /* A failed set_hours leaves the earlier hours in place. */
    assert_int_equal(sla_calendar_builder_set_hours(b, "Mo-Fr 09:00-17:00 || Sa 10:00-12:00",
                                                    NULL),
                     SLA_EPARSE);
    assert_int_equal(sla_calendar_builder_set_hours(b, "Mo-Fr 25:00-26:00", NULL), SLA_EPARSE);
    assert_int_equal(sla_calendar_builder_set_hours(b, "Mo-Fr sunrise-sunset", NULL), SLA_EPARSE);
    assert_int_equal(sla_calendar_builder_set_hours(b, "Mo-Fr 09:00-17:00; SH off", NULL),
                     SLA_EPARSE);

    /* holidays */
    assert_int_equal(sla_calendar_builder_add_holiday(NULL, 2025, 1, 1), SLA_EINVAL);
    assert_int_equal(sla_calendar_builder_add_holiday(b, 2025, 2, 29), SLA_EINVAL);
    assert_int_equal(sla_calendar_builder_add_holiday(b, 2025, 13, 1), SLA_EINVAL);
    assert_int_equal(sla_calendar_builder_add_holiday(b, 2025, 4, 31), SLA_EINVAL);
    assert_int_equal(sla_calendar_builder_add_holiday(b, 2025, 0, 1), SLA_EINVAL);
    assert_int_equal(sla_calendar_builder_add_holiday(b, 1969, 12, 31), SLA_ERANGE);
    assert_int_equal(sla_calendar_builder_add_holiday(b, 2200, 1, 1), SLA_ERANGE);
    assert_int_equal(sla_calendar_builder_add_holiday(b, 2024, 2, 29), 0);
    assert_int_equal(sla_calendar_builder_add_holiday(b, 2024, 2, 29), 0); /* twice: harmless */
    assert_int_equal(sla_calendar_builder_add_holiday(b, 1970, 1, 1), 0);
    assert_int_equal(sla_calendar_builder_add_holiday(b, 2199, 12, 31), 0);

    /* closures and openings */
    assert_int_equal(sla_calendar_builder_add_closure(NULL, 0, 10), SLA_EINVAL);
    assert_int_equal(sla_calendar_builder_add_closure(b, 10, 5), SLA_EINVAL);
    assert_int_equal(sla_calendar_builder_add_closure(b, -1, 5), SLA_ERANGE);
    assert_int_equal(sla_calendar_builder_add_closure(b, 5, SLA_TIME_MAX + 1), SLA_ERANGE);
    assert_int_equal(sla_calendar_builder_add_opening(NULL, 0, 10), SLA_EINVAL);
    assert_int_equal(sla_calendar_builder_add_opening(b, 10, 5), SLA_EINVAL);
    assert_int_equal(sla_calendar_builder_add_opening(b, -1, 5), SLA_ERANGE);

    /* local time */
    int64_t t = SENTINEL;
    assert_int_equal(sla_calendar_builder_local_time(NULL, 2025, 1, 1, 0, 0, 0, &t), SLA_EINVAL);
    assert_int_equal(sla_calendar_builder_local_time(b, 2025, 1, 1, 0, 0, 0, NULL), SLA_EINVAL);
    assert_int_equal(sla_calendar_builder_local_time(b, 2025, 2, 29, 0, 0, 0, &t), SLA_EINVAL);
    assert_int_equal(sla_calendar_builder_local_time(b, 2025, 1, 1, 25, 0, 0, &t), SLA_EINVAL);
    assert_int_equal(sla_calendar_builder_local_time(b, 2025, 1, 1, 0, 60, 0, &t), SLA_EINVAL);
    assert_int_equal(sla_calendar_builder_local_time(b, 2025, 1, 1, 0, 0, -1, &t), SLA_EINVAL);
    assert_int_equal(sla_calendar_builder_local_time(b, 1969, 6, 1, 0, 0, 0, &t), SLA_ERANGE);
    assert_int_equal(sla_calendar_builder_local_time(b, 2200, 6, 1, 0, 0, 0, &t), SLA_ERANGE);
    assert_int_equal(t, SENTINEL);
    assert_int_equal(sla_calendar_builder_local_time(b, 2025, 3, 24, 9, 0, 0, &t), 0);
    assert_int_equal(t, OSLO_MON_0900);

    /* compile */
    sla_calendar *cal = (sla_calendar *)state;
    assert_int_equal(sla_calendar_builder_compile(NULL, &cal), SLA_EINVAL);
    assert_ptr_equal(cal, (sla_calendar *)state);
    assert_int_equal(sla_calendar_builder_compile(b, NULL), SLA_EINVAL);
    assert_int_equal(sla_calendar_builder_compile(b, &cal), 0);
    /* The failed set_hours calls above left Mo-Fr 09:00-17:00 in place. */
    assert_int_equal(cal_open(cal, OSLO_MON_0900), 1);
    assert_int_equal(cal_open(cal, OSLO_SAT_1000), 0);
    /* The builder may be compiled again, and is unchanged by compiling. */
    sla_calendar *cal2 = NULL;
    assert_int_equal(sla_calendar_builder_compile(b, &cal2), 0);
    assert_int_equal(cal_diff(cal2, OSLO_MON_0900, OSLO_NEXT_MON_0900), 5 * 8 * 3600);
    sla_calendar_free(cal2);
    sla_calendar_free(cal);
    sla_calendar_builder_free(b);
    sla_calendar_builder_free(NULL);
    sla_calendar_free(NULL);
}

static void test_builder_parts(void **state)
{
    (void)state;
    sla_calendar_builder *b = NULL;
    sla_calendar *cal = NULL;
    assert_int_equal(sla_calendar_builder_new("Europe/Oslo", &b), 0);
    /* Starts as 24/7. */
    assert_int_equal(sla_calendar_builder_compile(b, &cal), 0);
    assert_int_equal(cal_open(cal, OSLO_SAT_1000), 1);
    assert_int_equal(cal_diff(cal, OSLO_MON_0900, OSLO_MON_1700), 8 * 3600);
    sla_calendar_free(cal);

    assert_int_equal(sla_calendar_builder_set_hours(b, "Mo-Fr 09:00-17:00", NULL), 0);
    /* Holiday: Friday 2025-03-28. */
    assert_int_equal(sla_calendar_builder_add_holiday(b, 2025, 3, 28), 0);
    /* Closure Mon 2025-03-24 12:00-13:00 +01:00 (= OSLO_MON_0900 + 3h .. + 4h). */
    assert_int_equal(sla_calendar_builder_add_closure(b, OSLO_MON_0900 + 3 * 3600,
                                                      OSLO_MON_0900 + 4 * 3600),
                     0);
    /* Extra opening Sat 2025-03-29 10:00-12:00, and one inside the closure (loses). */
    assert_int_equal(sla_calendar_builder_add_opening(b, OSLO_SAT_1000, OSLO_SAT_1000 + 7200), 0);
    assert_int_equal(sla_calendar_builder_add_opening(b, OSLO_MON_0900 + 3 * 3600 + 600,
                                                      OSLO_MON_0900 + 3 * 3600 + 1200),
                     0);
    /* An empty span is fine. */
    assert_int_equal(sla_calendar_builder_add_closure(b, OSLO_SAT_1000, OSLO_SAT_1000), 0);
    assert_int_equal(sla_calendar_builder_compile(b, &cal), 0);
    sla_calendar_builder_free(b);

    /* Monday: 8h minus the 1h closure. */
    assert_int_equal(cal_diff(cal, OSLO_MON_0900, OSLO_MON_1700), 7 * 3600);
    assert_int_equal(cal_open(cal, OSLO_MON_0900 + 3 * 3600 + 900), 0);
    assert_int_equal(cal_next_open(cal, OSLO_MON_0900 + 3 * 3600), OSLO_MON_0900 + 4 * 3600);
    assert_int_equal(cal_next_close(cal, OSLO_MON_0900), OSLO_MON_0900 + 3 * 3600);
    /* The week Mon 24 .. Mon 31 09:00: 7 + 8 + 8 + 8 + 0 (holiday) + 2 (Saturday opening). */
    assert_int_equal(cal_diff(cal, OSLO_MON_0900, OSLO_NEXT_MON_0900), 33 * 3600);
    assert_int_equal(cal_open(cal, OSLO_SAT_1000), 1);
    assert_int_equal(cal_next_close(cal, OSLO_SAT_1000), OSLO_SAT_1000 + 7200);
    sla_calendar_free(cal);
}

/* ---- calendars ----------------------------------------------------------- */

static void test_calendar_new(void **state)
{
    (void)state;
    sla_calendar *cal = (sla_calendar *)state;
    assert_int_equal(sla_calendar_new(NULL, "24/7", &cal, NULL), SLA_EINVAL);
    assert_int_equal(sla_calendar_new("UTC", "24/7", NULL, NULL), SLA_EINVAL);
    assert_int_equal(sla_calendar_new("Mars/Olympus_Mons", "24/7", &cal, NULL), SLA_ENOZONE);
    assert_int_equal(sla_calendar_new("UTC", "Mo-Fr 9-17", &cal, NULL), SLA_EPARSE);
    assert_ptr_equal(cal, (sla_calendar *)state);

    assert_int_equal(sla_calendar_new("Europe/Oslo", NULL, &cal, NULL), 0);
    assert_string_equal(sla_calendar_zone(cal), "Europe/Oslo");
    assert_true(sla_calendar_memory_size(cal) > 0);
    assert_int_equal(cal_open(cal, OSLO_SAT_1000), 1); /* NULL hours = 24/7 */
    sla_calendar_free(cal);

    cal = make_cal("UTC", "Mo-Fr 09:00-17:00");
    assert_string_equal(sla_calendar_zone(cal), "UTC");
    sla_calendar_free(cal);
}

static void test_offsets_and_local_time(void **state)
{
    (void)state;
    sla_calendar *cal = make_cal("Europe/Oslo", "Mo-Fr 09:00-17:00");
    int off = 12345;
    assert_int_equal(sla_calendar_utc_offset(NULL, 0, &off), SLA_EINVAL);
    assert_int_equal(sla_calendar_utc_offset(cal, 0, NULL), SLA_EINVAL);
    assert_int_equal(sla_calendar_utc_offset(cal, -1, &off), SLA_ERANGE);
    assert_int_equal(sla_calendar_utc_offset(cal, SLA_TIME_MAX, &off), SLA_ERANGE);
    assert_int_equal(off, 12345);
    assert_int_equal(sla_calendar_utc_offset(cal, OSLO_MON_0900, &off), 0);
    assert_int_equal(off, 3600);
    assert_int_equal(sla_calendar_utc_offset(cal, OSLO_NEXT_MON_0900, &off), 0);
    assert_int_equal(off, 7200);
    assert_int_equal(sla_calendar_utc_offset(cal, 0, &off), 0);
    assert_int_equal(off, 3600);
    assert_int_equal(sla_calendar_utc_offset(cal, SLA_TIME_MAX - 1, &off), 0);
    assert_int_equal(off, 3600);

    int64_t t = SENTINEL;
    assert_int_equal(sla_calendar_local_time(NULL, 2025, 3, 24, 9, 0, 0, &t), SLA_EINVAL);
    assert_int_equal(sla_calendar_local_time(cal, 2025, 3, 24, 9, 0, 0, NULL), SLA_EINVAL);
    assert_int_equal(sla_calendar_local_time(cal, 2025, 2, 30, 9, 0, 0, &t), SLA_EINVAL);
    assert_int_equal(sla_calendar_local_time(cal, 1969, 12, 31, 0, 0, 0, &t), SLA_ERANGE);
    assert_int_equal(t, SENTINEL);
    assert_int_equal(sla_calendar_local_time(cal, 2025, 3, 24, 9, 0, 0, &t), 0);
    assert_int_equal(t, OSLO_MON_0900);
    /* 02:30 on 2025-03-30 is in the gap: read with +01:00, i.e. 01:30Z.
     * datetime(2025,3,30,2,30,tzinfo=ZoneInfo("Europe/Oslo")).timestamp() */
    assert_int_equal(sla_calendar_local_time(cal, 2025, 3, 30, 2, 30, 0, &t), 0);
    assert_int_equal(t, INT64_C(1743298200));
    /* 02:30 on 2025-10-26 occurs twice: the first (+02:00).
     * datetime(2025,10,26,2,30,tzinfo=ZoneInfo("Europe/Oslo")).timestamp() */
    assert_int_equal(sla_calendar_local_time(cal, 2025, 10, 26, 2, 30, 0, &t), 0);
    assert_int_equal(t, INT64_C(1761438600));
    /* 1970-01-01 00:00 in Oslo (+01:00) is before the supported range. */
    t = SENTINEL;
    assert_int_equal(sla_calendar_local_time(cal, 1970, 1, 1, 0, 0, 0, &t), SLA_ERANGE);
    assert_int_equal(t, SENTINEL);
    assert_int_equal(sla_calendar_local_time(cal, 1970, 1, 1, 1, 0, 0, &t), 0);
    assert_int_equal(t, 0);
    sla_calendar_free(cal);
}

static void test_queries_args(void **state)
{
    (void)state;
    sla_calendar *cal = make_cal("Europe/Oslo", "Mo-Fr 09:00-17:00");
    int64_t u = SENTINEL;
    int open = 7;

    assert_int_equal(sla_calendar_is_open(NULL, OSLO_MON_0900, &open), SLA_EINVAL);
    assert_int_equal(sla_calendar_is_open(cal, OSLO_MON_0900, NULL), SLA_EINVAL);
    assert_int_equal(sla_calendar_is_open(cal, -1, &open), SLA_ERANGE);
    assert_int_equal(sla_calendar_is_open(cal, SLA_TIME_MAX, &open), SLA_ERANGE);
    assert_int_equal(open, 7);

    assert_int_equal(sla_calendar_add(NULL, OSLO_MON_0900, 1, &u), SLA_EINVAL);
    assert_int_equal(sla_calendar_add(cal, OSLO_MON_0900, 1, NULL), SLA_EINVAL);
    assert_int_equal(sla_calendar_add(cal, OSLO_MON_0900, -1, &u), SLA_EINVAL);
    assert_int_equal(sla_calendar_add(cal, -5, 1, &u), SLA_ERANGE);
    assert_int_equal(sla_calendar_add(cal, SLA_TIME_MAX, 0, &u), SLA_ERANGE);
    assert_int_equal(sla_calendar_sub(NULL, OSLO_MON_0900, 1, &u), SLA_EINVAL);
    assert_int_equal(sla_calendar_sub(cal, OSLO_MON_0900, 1, NULL), SLA_EINVAL);
    assert_int_equal(sla_calendar_sub(cal, OSLO_MON_0900, -1, &u), SLA_EINVAL);
    assert_int_equal(sla_calendar_sub(cal, -5, 1, &u), SLA_ERANGE);
    assert_int_equal(sla_calendar_diff(NULL, 0, 1, &u), SLA_EINVAL);
    assert_int_equal(sla_calendar_diff(cal, 0, 1, NULL), SLA_EINVAL);
    assert_int_equal(sla_calendar_diff(cal, -1, 1, &u), SLA_ERANGE);
    assert_int_equal(sla_calendar_diff(cal, 1, SLA_TIME_MAX, &u), SLA_ERANGE);
    assert_int_equal(sla_calendar_next_open(NULL, 0, &u), SLA_EINVAL);
    assert_int_equal(sla_calendar_next_open(cal, 0, NULL), SLA_EINVAL);
    assert_int_equal(sla_calendar_next_open(cal, -1, &u), SLA_ERANGE);
    assert_int_equal(sla_calendar_next_close(NULL, 0, &u), SLA_EINVAL);
    assert_int_equal(sla_calendar_next_close(cal, 0, NULL), SLA_EINVAL);
    assert_int_equal(sla_calendar_next_close(cal, SLA_TIME_MAX, &u), SLA_ERANGE);
    assert_int_equal(u, SENTINEL);

    /* Results. */
    assert_int_equal(cal_open(cal, OSLO_MON_0900), 1);
    assert_int_equal(cal_open(cal, OSLO_MON_0900 - 1), 0);
    assert_int_equal(cal_open(cal, OSLO_MON_1700 - 1), 1);
    assert_int_equal(cal_open(cal, OSLO_MON_1700), 0); /* [s, e) */
    assert_int_equal(cal_add(cal, OSLO_SAT_1000, 0), OSLO_SAT_1000);
    assert_int_equal(cal_add(cal, OSLO_MON_0900, 8 * 3600), OSLO_MON_1700);
    assert_int_equal(cal_add(cal, OSLO_MON_0900, 8 * 3600 + 1), OSLO_MON_0900 + 86400 + 1);
    assert_int_equal(cal_sub(cal, OSLO_MON_1700, 8 * 3600), OSLO_MON_0900);
    assert_int_equal(cal_sub(cal, OSLO_SAT_1000, 0), OSLO_SAT_1000);
    /* sub is the latest start: from Monday 09:00 back 1s is Friday 16:59:59 +01:00. */
    assert_int_equal(cal_sub(cal, OSLO_MON_0900 + 3600, 3601), OSLO_MON_0900 - 2 * 86400 - 16 * 3600 - 1);
    assert_int_equal(cal_diff(cal, OSLO_MON_1700, OSLO_MON_0900), -8 * 3600);
    assert_int_equal(cal_diff(cal, OSLO_MON_0900, OSLO_MON_0900), 0);
    assert_int_equal(cal_next_open(cal, OSLO_SAT_1000), OSLO_NEXT_MON_0900);
    assert_int_equal(cal_next_open(cal, OSLO_MON_0900), OSLO_MON_0900);
    assert_int_equal(cal_next_close(cal, OSLO_MON_0900), OSLO_MON_1700);
    assert_int_equal(cal_next_close(cal, OSLO_SAT_1000), OSLO_SAT_1000);
    sla_calendar_free(cal);
}

static void test_range_edges(void **state)
{
    (void)state;
    sla_calendar *always = make_cal("UTC", "24/7");
    int64_t u = SENTINEL;
    assert_int_equal(cal_add(always, 0, 0), 0);
    assert_int_equal(cal_add(always, SLA_TIME_MAX - 10, 9), SLA_TIME_MAX - 1);
    assert_int_equal(sla_calendar_add(always, SLA_TIME_MAX - 10, 10, &u), SLA_ERANGE);
    assert_int_equal(sla_calendar_add(always, 0, INT64_MAX, &u), SLA_ERANGE);
    assert_int_equal(sla_calendar_add(always, SLA_TIME_MAX - 1, INT64_MAX, &u), SLA_ERANGE);
    assert_int_equal(cal_sub(always, 10, 10), 0);
    assert_int_equal(sla_calendar_sub(always, 10, 11, &u), SLA_ERANGE);
    assert_int_equal(sla_calendar_sub(always, 10, INT64_MAX, &u), SLA_ERANGE);
    assert_int_equal(u, SENTINEL);
    assert_int_equal(cal_diff(always, 0, SLA_TIME_MAX - 1), SLA_TIME_MAX - 1);
    assert_int_equal(cal_diff(always, SLA_TIME_MAX - 1, 0), -(SLA_TIME_MAX - 1));
    assert_int_equal(cal_open(always, 0), 1);
    assert_int_equal(cal_open(always, SLA_TIME_MAX - 1), 1);
    assert_int_equal(sla_calendar_next_close(always, 0, &u), SLA_ENEVER);
    assert_int_equal(u, SENTINEL);
    assert_int_equal(cal_next_open(always, SLA_TIME_MAX - 1), SLA_TIME_MAX - 1);
    sla_calendar_free(always);

    /* Business hours near both ends: a result before 1970 or from 2200 on is
     * out of range (or "never", when no open time is left in the range). */
    sla_calendar *cal = make_cal("UTC", "Mo-Fr 09:00-17:00");
    /* Sun 1970-01-04 00:00: only 16 h of open time lie before it in the range. */
    assert_int_equal(cal_sub(cal, 3 * 86400, 16 * 3600), 9 * 3600);
    int r = sla_calendar_sub(cal, 3 * 86400, 16 * 3600 + 1, &u);
    assert_true(r == SLA_ERANGE || r == SLA_ENEVER);
    r = sla_calendar_add(cal, SLA_TIME_MAX - 86400, 30 * 86400, &u);
    assert_true(r == SLA_ERANGE || r == SLA_ENEVER);
    assert_int_equal(u, SENTINEL);
    /* 1970-01-01 was a Thursday: open 09:00-17:00 UTC. */
    assert_int_equal(cal_next_open(cal, 0), 9 * 3600);
    assert_int_equal(cal_add(cal, 0, 3600), 10 * 3600);
    assert_int_equal(cal_sub(cal, 10 * 3600, 3600), 9 * 3600);
    /* 2199-12-31 is a Tuesday; 2200-01-01 00:00 is the end of the range. */
    assert_int_equal(cal_diff(cal, SLA_TIME_MAX - 86400, SLA_TIME_MAX - 1), 8 * 3600);
    assert_int_equal(cal_add(cal, SLA_TIME_MAX - 86400, 8 * 3600), SLA_TIME_MAX - 7 * 3600);
    sla_calendar_free(cal);
}

static void test_never(void **state)
{
    (void)state;
    int64_t u = SENTINEL;
    sla_diag *diag = NULL;
    assert_int_equal(sla_diag_new(&diag), 0);

    /* A calendar that is always closed. */
    sla_calendar *off = NULL;
    int r = sla_calendar_new("Europe/Oslo", "off", &off, diag);
    if (r != 0)
        print_error("'off': %s\n", sla_diag_message(diag));
    assert_int_equal(r, 0);
    assert_int_equal(cal_open(off, OSLO_MON_0900), 0);
    assert_int_equal(sla_calendar_add(off, OSLO_MON_0900, 1, &u), SLA_ENEVER);
    assert_int_equal(sla_calendar_sub(off, OSLO_MON_0900, 1, &u), SLA_ENEVER);
    assert_int_equal(sla_calendar_next_open(off, 0, &u), SLA_ENEVER);
    assert_int_equal(u, SENTINEL);
    assert_int_equal(cal_add(off, OSLO_MON_0900, 0), OSLO_MON_0900);
    assert_int_equal(cal_diff(off, 0, SLA_TIME_MAX - 1), 0);
    assert_int_equal(cal_next_close(off, OSLO_MON_0900), OSLO_MON_0900);
    sla_calendar_free(off);

    /* Open only on one date: closed for ever after it. */
    sla_calendar *once = make_cal("Europe/Oslo", "2025 Dec 24 09:00-12:00");
    assert_int_equal(cal_next_open(once, 0), OSLO_2025_12_24_0900);
    assert_int_equal(cal_next_close(once, OSLO_2025_12_24_0900), OSLO_2025_12_24_1200);
    assert_int_equal(cal_add(once, 0, 3 * 3600), OSLO_2025_12_24_1200);
    assert_int_equal(sla_calendar_add(once, 0, 3 * 3600 + 1, &u), SLA_ENEVER);
    assert_int_equal(sla_calendar_add(once, OSLO_2025_12_24_1200, 1, &u), SLA_ENEVER);
    assert_int_equal(sla_calendar_next_open(once, OSLO_2025_12_24_1200, &u), SLA_ENEVER);
    assert_int_equal(u, SENTINEL);
    assert_int_equal(cal_sub(once, SLA_TIME_MAX - 1, 3 * 3600), OSLO_2025_12_24_0900);
    assert_int_equal(sla_calendar_sub(once, SLA_TIME_MAX - 1, 3 * 3600 + 1, &u), SLA_ENEVER);
    assert_int_equal(cal_diff(once, 0, SLA_TIME_MAX - 1), 3 * 3600);
    assert_int_equal(cal_add(once, OSLO_2025_12_24_1200 + 5, 0), OSLO_2025_12_24_1200 + 5);
    sla_calendar_free(once);
    sla_diag_free(diag);
}

static void test_many(void **state)
{
    (void)state;
    sla_calendar *cal = make_cal("Europe/Oslo", "Mo-Fr 09:00-17:00");
    int64_t t[4] = {OSLO_MON_0900, OSLO_SAT_1000, -1, OSLO_MON_1700};
    int64_t d[4] = {3600, 0, 5, -1};
    int64_t out[4];
    int oi[4];
    int st[4];

    /* NULL arrays with n > 0: EINVAL, nothing written. */
    out[0] = SENTINEL;
    st[0] = 99;
    assert_int_equal(sla_calendar_add_many(NULL, t, d, 4, out, st), SLA_EINVAL);
    assert_int_equal(sla_calendar_add_many(cal, NULL, d, 4, out, st), SLA_EINVAL);
    assert_int_equal(sla_calendar_add_many(cal, t, NULL, 4, out, st), SLA_EINVAL);
    assert_int_equal(sla_calendar_add_many(cal, t, d, 4, NULL, st), SLA_EINVAL);
    assert_int_equal(sla_calendar_diff_many(cal, t, NULL, 4, out, st), SLA_EINVAL);
    assert_int_equal(sla_calendar_is_open_many(cal, NULL, 4, oi, st), SLA_EINVAL);
    assert_int_equal(out[0], SENTINEL);
    assert_int_equal(st[0], 99);
    /* n = 0 does nothing. */
    assert_int_equal(sla_calendar_add_many(cal, t, d, 0, out, st), 0);

    /* Element by element, with per-element status. */
    assert_int_equal(sla_calendar_add_many(cal, t, d, 4, out, st), SLA_ERANGE);
    assert_int_equal(st[0], 0);
    assert_int_equal(out[0], OSLO_MON_0900 + 3600);
    assert_int_equal(st[1], 0);
    assert_int_equal(out[1], OSLO_SAT_1000);
    assert_int_equal(st[2], SLA_ERANGE);
    assert_int_equal(out[2], 0);
    assert_int_equal(st[3], SLA_EINVAL);
    assert_int_equal(out[3], 0);
    /* ret_status may be NULL. */
    assert_int_equal(sla_calendar_add_many(cal, t, d, 2, out, NULL), 0);
    assert_int_equal(out[1], OSLO_SAT_1000);

    int64_t s[2] = {OSLO_MON_1700, OSLO_MON_1700};
    int64_t sd[2] = {8 * 3600, 0};
    assert_int_equal(sla_calendar_sub_many(cal, s, sd, 2, out, st), 0);
    assert_int_equal(out[0], OSLO_MON_0900);
    assert_int_equal(out[1], OSLO_MON_1700);

    int64_t a[2] = {OSLO_MON_0900, OSLO_MON_1700};
    int64_t b[2] = {OSLO_MON_1700, OSLO_MON_0900};
    assert_int_equal(sla_calendar_diff_many(cal, a, b, 2, out, st), 0);
    assert_int_equal(out[0], 8 * 3600);
    assert_int_equal(out[1], -8 * 3600);

    assert_int_equal(sla_calendar_is_open_many(cal, t, 4, oi, st), SLA_ERANGE);
    assert_int_equal(oi[0], 1);
    assert_int_equal(oi[1], 0);
    assert_int_equal(st[2], SLA_ERANGE);
    assert_int_equal(oi[2], 0);
    assert_int_equal(oi[3], 0);

    assert_int_equal(sla_calendar_next_open_many(cal, t, 2, out, st), 0);
    assert_int_equal(out[0], OSLO_MON_0900);
    assert_int_equal(out[1], OSLO_NEXT_MON_0900);
    assert_int_equal(sla_calendar_next_close_many(cal, t, 2, out, st), 0);
    assert_int_equal(out[0], OSLO_MON_1700);
    assert_int_equal(out[1], OSLO_SAT_1000);
    sla_calendar_free(cal);
}

/* ---- text ----------------------------------------------------------------- */

static void test_parse_instant(void **state)
{
    (void)state;
    sla_calendar *oslo = make_cal("Europe/Oslo", "24/7");
    sla_diag *diag = NULL;
    assert_int_equal(sla_diag_new(&diag), 0);
    static const char *const same[] = {
        "2025-03-28T15:50:00Z", "2025-03-28T16:50:00+01:00", "2025-03-28T10:50:00-05:00",
        "1743177000",           "2025-03-28t15:50:00z",
    };
    for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
        int64_t t = SENTINEL;
        int r = sla_parse_instant(NULL, same[i], &t, diag);
        if (r != 0)
            print_error("'%s': %s\n", same[i], sla_diag_message(diag));
        assert_int_equal(r, 0);
        assert_int_equal(t, T_2025_03_28_1550Z);
    }
    /* Local times need a calendar; they are read in its zone. */
    int64_t t = SENTINEL;
    assert_int_not_equal(sla_parse_instant(NULL, "2025-03-28 16:50", &t, NULL), 0);
    assert_int_equal(t, SENTINEL);
    assert_int_equal(sla_parse_instant(oslo, "2025-03-28 16:50", &t, NULL), 0);
    assert_int_equal(t, T_2025_03_28_1550Z);
    t = SENTINEL;
    assert_int_equal(sla_parse_instant(oslo, "2025-03-28T16:50:00", &t, NULL), 0);
    assert_int_equal(t, T_2025_03_28_1550Z);
    /* In the gap: read with the offset before it.
     * datetime(2025,3,30,2,30,tzinfo=ZoneInfo("Europe/Oslo")).timestamp() */
    assert_int_equal(sla_parse_instant(oslo, "2025-03-30 02:30", &t, NULL), 0);
    assert_int_equal(t, INT64_C(1743298200));
    /* With an offset, the calendar does not matter. */
    assert_int_equal(sla_parse_instant(oslo, "2025-03-28T15:50:00Z", &t, NULL), 0);
    assert_int_equal(t, T_2025_03_28_1550Z);
    assert_int_equal(sla_parse_instant(NULL, "0", &t, NULL), 0);
    assert_int_equal(t, 0);

    /* Errors. */
    t = SENTINEL;
    assert_int_equal(sla_parse_instant(NULL, NULL, &t, NULL), SLA_EINVAL);
    assert_int_equal(sla_parse_instant(NULL, "0", NULL, NULL), SLA_EINVAL);
    assert_int_equal(sla_parse_instant(oslo, "", &t, diag), SLA_EPARSE);
    assert_int_equal(sla_parse_instant(oslo, "tomorrow", &t, diag), SLA_EPARSE);
    assert_int_equal(sla_diag_code(diag), SLA_EPARSE);
    assert_int_equal(sla_parse_instant(oslo, "2025-02-30T10:00:00Z", &t, diag), SLA_EPARSE);
    assert_int_equal(sla_parse_instant(oslo, "2025-03-28T15:50:00Zjunk", &t, diag), SLA_EPARSE);
    assert_int_equal(sla_parse_instant(oslo, "1969-12-31T23:59:59Z", &t, diag), SLA_ERANGE);
    assert_int_equal(sla_parse_instant(oslo, "2200-01-01T00:00:00Z", &t, diag), SLA_ERANGE);
    assert_int_equal(sla_parse_instant(oslo, "7258118400", &t, diag), SLA_ERANGE);
    assert_int_equal(t, SENTINEL);
    assert_int_equal(sla_parse_instant(oslo, "2199-12-31T23:59:59Z", &t, diag), 0);
    assert_int_equal(t, SLA_TIME_MAX - 1);
    sla_diag_free(diag);
    sla_calendar_free(oslo);
}

static void test_parse_duration(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int64_t value;
    } ok[] = {
        {"0", 0},          {"90", 90},         {"90s", 90},      {"15m", 900},
        {"2h", 7200},      {"1h30m", 5400},    {"3d", 259200},   {"1w", 604800},
        {"PT15M", 900},    {"P1DT2H", 93600},  {"-15m", -900},   {"PT0S", 0},
        {"1d2h3m4s", 93784},
    };
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        int64_t d = SENTINEL;
        int r = sla_parse_duration(ok[i].text, &d, NULL);
        if (r != 0)
            print_error("'%s': %s\n", ok[i].text, sla_error_name(r));
        assert_int_equal(r, 0);
        assert_int_equal(d, ok[i].value);
    }
    sla_diag *diag = NULL;
    assert_int_equal(sla_diag_new(&diag), 0);
    int64_t d = SENTINEL;
    assert_int_equal(sla_parse_duration(NULL, &d, NULL), SLA_EINVAL);
    assert_int_equal(sla_parse_duration("15m", NULL, NULL), SLA_EINVAL);
    static const char *const bad[] = {"", "m", "15x", "1.5h", "soon", "15m junk", "P", "--5"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        int r = sla_parse_duration(bad[i], &d, diag);
        if (r != SLA_EPARSE)
            print_error("'%s': %s\n", bad[i], sla_error_name(r));
        assert_int_equal(r, SLA_EPARSE);
        assert_int_equal(sla_diag_code(diag), SLA_EPARSE);
        assert_true(strlen(sla_diag_message(diag)) > 0);
    }
    assert_int_equal(sla_parse_duration("999999999999999999999", &d, NULL) < 0, 1);
    assert_int_equal(d, SENTINEL);
    sla_diag_free(diag);
}

static void test_format(void **state)
{
    (void)state;
    sla_calendar *oslo = make_cal("Europe/Oslo", "24/7");
    char buf[64];
    assert_int_equal(sla_format_instant(oslo, T_2025_03_28_1550Z, buf, sizeof buf), 25);
    assert_string_equal(buf, "2025-03-28T16:50:00+01:00");
    assert_int_equal(sla_format_instant(NULL, T_2025_03_28_1550Z, buf, sizeof buf), 20);
    assert_string_equal(buf, "2025-03-28T15:50:00Z");
    assert_int_equal(sla_format_instant(oslo, OSLO_NEXT_MON_0900, buf, sizeof buf), 25);
    assert_string_equal(buf, "2025-03-31T09:00:00+02:00");
    /* snprintf-style truncation. */
    memset(buf, 'x', sizeof buf);
    assert_int_equal(sla_format_instant(NULL, 0, buf, 5), 20);
    assert_string_equal(buf, "1970");
    assert_int_equal(sla_format_instant(NULL, 0, NULL, 0), 20);
    assert_int_equal(sla_format_instant(NULL, -1, buf, sizeof buf), SLA_ERANGE);
    assert_int_equal(sla_format_instant(NULL, SLA_TIME_MAX, buf, sizeof buf), SLA_ERANGE);
    assert_int_equal(sla_format_instant(NULL, SLA_TIME_MAX - 1, buf, sizeof buf), 20);
    assert_string_equal(buf, "2199-12-31T23:59:59Z");
    /* Round trip through the parser. */
    int64_t t;
    assert_int_equal(sla_format_instant(oslo, INT64_C(1761438600), buf, sizeof buf), 25);
    assert_string_equal(buf, "2025-10-26T02:30:00+02:00");
    assert_int_equal(sla_parse_instant(NULL, buf, &t, NULL), 0);
    assert_int_equal(t, INT64_C(1761438600));
    /* The second 02:30 that day is +01:00 (1761438600 + 3600). */
    assert_int_equal(sla_format_instant(oslo, INT64_C(1761442200), buf, sizeof buf), 25);
    assert_string_equal(buf, "2025-10-26T02:30:00+01:00");

    static const struct {
        int64_t d;
        const char *text;
    } durs[] = {
        {0, "0s"},      {45, "45s"},           {900, "15m"},     {5400, "1h30m"},
        {266400, "3d2h"}, {-900, "-15m"},      {3600, "1h"},     {90061, "1d1h1m1s"},
    };
    for (size_t i = 0; i < sizeof durs / sizeof *durs; i++) {
        int n = sla_format_duration(durs[i].d, buf, sizeof buf);
        assert_int_equal(n, (int)strlen(durs[i].text));
        assert_string_equal(buf, durs[i].text);
        int64_t back;
        assert_int_equal(sla_parse_duration(buf, &back, NULL), 0);
        assert_int_equal(back, durs[i].d);
    }
    assert_int_equal(sla_format_duration(5400, buf, 3), 5);
    assert_string_equal(buf, "1h");
    assert_int_equal(sla_format_duration(5400, NULL, 0), 5);
    sla_calendar_free(oslo);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_version),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_diag),
        cmocka_unit_test(test_builder_args),
        cmocka_unit_test(test_builder_parts),
        cmocka_unit_test(test_calendar_new),
        cmocka_unit_test(test_offsets_and_local_time),
        cmocka_unit_test(test_queries_args),
        cmocka_unit_test(test_range_edges),
        cmocka_unit_test(test_never),
        cmocka_unit_test(test_many),
        cmocka_unit_test(test_parse_instant),
        cmocka_unit_test(test_parse_duration),
        cmocka_unit_test(test_format),
    };
    return cmocka_run_group_tests_name("api-calendar", tests, NULL, NULL);
}
