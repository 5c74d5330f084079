/* Unit tests: instants and durations as text.
 * SPDX-License-Identifier: MIT
 *
 * Expected instants were computed with Python:
 *   int(datetime.fromisoformat(s).timestamp())
 *   int(datetime(*a, tzinfo=ZoneInfo(z)).timestamp())          # local, fold=0
 *   datetime.fromtimestamp(t, ZoneInfo(z)).isoformat()           # formatting
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/timetext.h"

static sla_tz *load_or_skip(const char *name)
{
    sla_tz *tz = NULL;
    int r = sla__tz_load(name, NULL, &tz);
    if (r == SLA_ENOZONE)
        skip();
    assert_int_equal(r, 0);
    return tz;
}

/* ------------------------------------------------------------------------ */
/* Instants.                                                                 */

static void test_instant_accepted(void **state)
{
    static const struct {
        const char *text;
        int64_t want;
    } cases[] = {
        {"2025-03-28T15:50:00Z", 1743177000},
        {"2025-03-28T16:50:00+01:00", 1743177000},
        {"2025-03-28T16:50:00+0100", 1743177000},
        {"2025-03-28T10:50:00-05", 1743177000},
        {"2025-03-28T10:50:00-05:00", 1743177000},
        {"2025-03-28t15:50:00z", 1743177000},
        {"2025-03-28 15:50:00Z", 1743177000},
        {"2025-03-28T15:50Z", 1743177000},
        {"2025-03-28T16:50+01:00", 1743177000},
        {"2025-03-28T15:50:00.000Z", 1743177000},
        {"2025-03-28T15:50:00,0Z", 1743177000},
        {"2025-03-28T15:50:00-00:00", 1743177000},
        {"  2025-03-28T15:50:00Z\n", 1743177000},
        {"2025-03-28T24:00:00Z", 1743206400}, /* = 2025-03-29T00:00:00Z */
        {"2025-03-28T24:00Z", 1743206400},
        {"2024-02-29T00:00:00Z", 1709164800},
        {"1971-05-31T23:15:30-00:44:30", 44582400},
        {"1970-01-01T00:00:00Z", 0},
        {"2199-12-31T23:59:59Z", 7258118399},
        {"1743177000", 1743177000},
        {" 1743177000 ", 1743177000},
        {"0", 0},
        {"-0", 0},
        {"7258118399", 7258118399},
    };
    size_t i;
    sla_diag *diag = NULL;
    (void)state;
    assert_int_equal(sla_diag_new(&diag), 0);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t t = -1;
        int r = sla__parse_instant_tz(NULL, cases[i].text, &t, diag);
        if (r != 0 || t != cases[i].want)
            print_error("\"%s\": r=%d t=%lld (%s)\n", cases[i].text, r, (long long)t,
                        sla_diag_message(diag));
        assert_int_equal(r, 0);
        assert_int_equal(t, cases[i].want);
        assert_int_equal(sla_diag_code(diag), 0);
    }
    sla_diag_free(diag);
}

static void test_instant_local(void **state)
{
    static const struct {
        const char *zone;
        const char *text;
        int64_t want;
    } cases[] = {
        {"Europe/Oslo", "2025-03-28 16:50", 1743177000},
        {"Europe/Oslo", "2025-03-28T16:50:00", 1743177000},
        {"Europe/Oslo", "2025-03-28", 1743116400},        /* local midnight */
        {"Europe/Oslo", "2025-03-28T15:50:00Z", 1743177000}, /* offset wins */
        {"America/Sao_Paulo", "2017-10-15", 1508036400},  /* midnight gap -> 03:00Z */
        {"Europe/London", "2025-03-30 01:30", 1743298200}, /* gap: offset before */
        {"Europe/London", "2025-10-26 01:30", 1761438600}, /* twice: first */
        {"Pacific/Apia", "2011-12-30 08:00", 1325268000},  /* skipped day */
        {"Australia/Lord_Howe", "2025-10-05 02:15", 1759592700},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sla_tz *tz = load_or_skip(cases[i].zone);
        int64_t t = -1;
        assert_int_equal(sla__parse_instant_tz(tz, cases[i].text, &t, NULL), 0);
        if (t != cases[i].want)
            print_error("%s \"%s\": %lld\n", cases[i].zone, cases[i].text, (long long)t);
        assert_int_equal(t, cases[i].want);
        sla__tz_unref(tz);
    }
}

static void test_instant_refused(void **state)
{
    static const struct {
        const char *text;
        int code;
        int column;
        const char *construct;
    } cases[] = {
        {"", SLA_EPARSE, 1, "instant"},
        {"   ", SLA_EPARSE, 1, "instant"},
        {"2025-13-01T00:00Z", SLA_EPARSE, 6, "date"},
        {"2025-00-01T00:00Z", SLA_EPARSE, 6, "date"},
        {"2025-02-29T00:00Z", SLA_EPARSE, 9, "date"},
        {"2025-04-31", SLA_EPARSE, 9, "date"},
        {"2025-03-28X15:50Z", SLA_EPARSE, 11, "date"},
        {"25-03-28", SLA_EPARSE, 1, "date"},
        {"2025-3-28", SLA_EPARSE, 5, "date"},
        {"12a", SLA_EPARSE, 1, "date"},
        {"2025-03-28T", SLA_EPARSE, 12, "time"},
        {"2025-03-28T25:00Z", SLA_EPARSE, 12, "time"},
        {"2025-03-28T1550Z", SLA_EPARSE, 14, "time"},
        {"2025-03-28T15:60Z", SLA_EPARSE, 15, "time"},
        {"2025-03-28T15:50:60Z", SLA_EPARSE, 18, "time"},
        {"2025-03-28T15:50:5Z", SLA_EPARSE, 17, "time"},
        {"2025-03-28T24:30:00Z", SLA_EPARSE, 12, "time"},
        {"2025-03-28T15:50:00.5Z", SLA_EPARSE, 21, "fraction"},
        {"2025-03-28T15:50:00.Z", SLA_EPARSE, 21, "fraction"},
        {"2025-03-28T15:50:00+25:00", SLA_EPARSE, 20, "offset"},
        {"2025-03-28T15:50:00+01:60", SLA_EPARSE, 20, "offset"},
        {"2025-03-28T15:50:00+1", SLA_EPARSE, 21, "offset"},
        {"2025-03-28T15:50:00+01:00x", SLA_EPARSE, 26, "offset"},
        {"2025-03-28T15:50:00 Z", SLA_EPARSE, 20, "offset"},
        {"2025-03-28T15:50:00ZZ", SLA_EPARSE, 21, "offset"},
        /* local times need a zone */
        {"2025-03-28T15:50:00", SLA_EPARSE, 20, "offset"},
        {"2025-03-28 15:50", SLA_EPARSE, 17, "offset"},
        {"2025-03-28", SLA_EPARSE, 11, "date"},
        /* range */
        {"2200-01-01T00:00:00Z", SLA_ERANGE, 1, "instant"},
        {"1969-12-31T23:59:59Z", SLA_ERANGE, 1, "instant"},
        {"1970-01-01T00:00:00+01:00", SLA_ERANGE, 1, "instant"},
        {"9999-12-31T23:59:59Z", SLA_ERANGE, 1, "instant"},
        {"0000-01-01T00:00:00Z", SLA_ERANGE, 1, "instant"},
        {"7258118400", SLA_ERANGE, 1, "instant"},
        {"-1", SLA_ERANGE, 1, "instant"},
        {"99999999999999999999999999", SLA_ERANGE, 1, "instant"},
        {"-", SLA_EPARSE, 1, "date"},
    };
    sla_diag *diag = NULL;
    size_t i;
    (void)state;
    assert_int_equal(sla_diag_new(&diag), 0);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t t = 42;
        int r = sla__parse_instant_tz(NULL, cases[i].text, &t, diag);
        if (r != cases[i].code || sla_diag_column(diag) != cases[i].column ||
            strcmp(sla_diag_construct(diag), cases[i].construct) != 0)
            print_error("\"%s\": r=%d column=%d construct=%s (%s)\n", cases[i].text, r,
                        sla_diag_column(diag), sla_diag_construct(diag), sla_diag_message(diag));
        assert_int_equal(r, cases[i].code);
        assert_int_equal(t, 42); /* untouched */
        assert_int_equal(sla_diag_code(diag), cases[i].code);
        assert_int_equal(sla_diag_line(diag), 1);
        assert_int_equal(sla_diag_column(diag), cases[i].column);
        assert_string_equal(sla_diag_construct(diag), cases[i].construct);
        assert_true(strlen(sla_diag_message(diag)) > 0);
    }
    /* the leading whitespace counts in the column */
    assert_int_equal(sla__parse_instant_tz(NULL, "  2025-13-01", NULL, diag), SLA_EINVAL);
    assert_int_equal(sla__parse_instant_tz(NULL, "  2025-13-01Z", &(int64_t){0}, diag),
                     SLA_EPARSE);
    assert_int_equal(sla_diag_column(diag), 8);
    assert_int_equal(sla__parse_instant_tz(NULL, NULL, &(int64_t){0}, diag), SLA_EINVAL);
    sla_diag_free(diag);
}

/* ------------------------------------------------------------------------ */
/* Formatting and round trips.                                               */

static void test_format_instant(void **state)
{
    static const struct {
        const char *zone;
        int64_t t;
        const char *want;
    } cases[] = {
        {NULL, 1743177000, "2025-03-28T15:50:00Z"},
        {NULL, 0, "1970-01-01T00:00:00Z"},
        {NULL, 7258118399, "2199-12-31T23:59:59Z"},
        {"Europe/Oslo", 1743177000, "2025-03-28T16:50:00+01:00"},
        {"America/New_York", 1741503600, "2025-03-09T03:00:00-04:00"},
        {"Asia/Kolkata", 1743177000, "2025-03-28T21:20:00+05:30"},
        {"Australia/Lord_Howe", 1751328000, "2025-07-01T10:30:00+10:30"},
        {"Africa/Monrovia", 44582400, "1971-05-31T23:15:30-00:44:30"},
        {"UTC", 1743177000, "2025-03-28T15:50:00+00:00"},
    };
    char buf[64];
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sla_tz *tz = cases[i].zone ? load_or_skip(cases[i].zone) : NULL;
        int n = sla__format_instant_tz(tz, cases[i].t, buf, sizeof buf);
        assert_int_equal(n, (int)strlen(cases[i].want));
        assert_string_equal(buf, cases[i].want);
        sla__tz_unref(tz);
    }
    /* snprintf-style */
    assert_int_equal(sla__format_instant_tz(NULL, 0, NULL, 0), 20);
    memset(buf, 'x', sizeof buf);
    assert_int_equal(sla__format_instant_tz(NULL, 0, buf, 5), 20);
    assert_string_equal(buf, "1970");
    assert_int_equal(sla__format_instant_tz(NULL, 0, buf, 1), 20);
    assert_string_equal(buf, "");
    assert_int_equal(sla__format_instant_tz(NULL, 0, NULL, 5), SLA_EINVAL);
    assert_int_equal(sla__format_instant_tz(NULL, -1, buf, sizeof buf), SLA_ERANGE);
    assert_int_equal(sla__format_instant_tz(NULL, SLA_TIME_MAX, buf, sizeof buf), SLA_ERANGE);
}

static void test_round_trip(void **state)
{
    static const char *zones[] = {NULL,           "Europe/Oslo",     "America/New_York",
                                  "Pacific/Apia", "Africa/Monrovia", "Australia/Lord_Howe",
                                  "America/St_Johns", "Pacific/Kiritimati"};
    char buf[64];
    size_t z;
    int i;
    (void)state;
    srand(4242);
    for (z = 0; z < sizeof zones / sizeof zones[0]; z++) {
        sla_tz *tz = zones[z] ? load_or_skip(zones[z]) : NULL;
        for (i = 0; i < 5000; i++) {
            int64_t t = (((int64_t)rand() << 20) ^ rand()) % SLA_TIME_MAX, back = -1;
            if (i == 0)
                t = 0;
            if (i == 1)
                t = SLA_TIME_MAX - 1;
            assert_true(sla__format_instant_tz(tz, t, buf, sizeof buf) > 0);
            /* the text carries its offset: no zone is needed to read it */
            assert_int_equal(sla__parse_instant_tz(NULL, buf, &back, NULL), 0);
            assert_int_equal(back, t);
            assert_int_equal(sla__parse_instant_tz(tz, buf, &back, NULL), 0);
            assert_int_equal(back, t);
        }
        sla__tz_unref(tz);
    }
}

/* ------------------------------------------------------------------------ */
/* Durations.                                                                */

static void test_duration_accepted(void **state)
{
    static const struct {
        const char *text;
        int64_t want;
    } cases[] = {
        {"90", 90},
        {"90s", 90},
        {"15m", 900},
        {"2h", 7200},
        {"1h30m", 5400},
        {"1h30m15s", 5415},
        {"3d", 259200},
        {"1w", 604800},
        {"1w2d3h4m5s", 788645},
        {"1H30M", 5400},
        {" 1h 30m ", 5400},
        {"0", 0},
        {"0s", 0},
        {"-15m", -900},
        {"-90", -90},
        {"PT15M", 900},
        {"P1DT2H", 93600},
        {"PT0S", 0},
        {"P2W", 1209600},
        {"P1W2D", 777600},
        {"P3D", 259200},
        {"PT1H30M15S", 5415},
        {"pt15m", 900},
        {"-PT15M", -900},
        {"7258118400s", 7258118400},
        {"-7258118400", -7258118400},
        {"12000w", 7257600000},
        {"000000000000000000000000015m", 900},
    };
    sla_diag *diag = NULL;
    size_t i;
    (void)state;
    assert_int_equal(sla_diag_new(&diag), 0);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t d = -12345;
        int r = sla__parse_duration(cases[i].text, &d, diag);
        if (r != 0 || d != cases[i].want)
            print_error("\"%s\": r=%d d=%lld (%s)\n", cases[i].text, r, (long long)d,
                        sla_diag_message(diag));
        assert_int_equal(r, 0);
        assert_int_equal(d, cases[i].want);
    }
    sla_diag_free(diag);
}

static void test_duration_refused(void **state)
{
    static const struct {
        const char *text;
        int code;
        int column;
        const char *construct;
    } cases[] = {
        {"", SLA_EPARSE, 1, "duration"},
        {"  ", SLA_EPARSE, 1, "duration"},
        {"-", SLA_EPARSE, 2, "duration"},
        {"15m1h", SLA_EPARSE, 5, "order"},
        {"1h1h", SLA_EPARSE, 4, "order"},
        {"1.5h", SLA_EPARSE, 2, "fraction"},
        {"1,5h", SLA_EPARSE, 2, "fraction"},
        {"PT1.5H", SLA_EPARSE, 4, "fraction"},
        {"P1M", SLA_EPARSE, 3, "month"},
        {"P1Y", SLA_EPARSE, 3, "year"},
        {"P1Y2M", SLA_EPARSE, 3, "year"},
        {"1x", SLA_EPARSE, 2, "unit"},
        {"1h30", SLA_EPARSE, 5, "unit"},
        {"1y", SLA_EPARSE, 2, "unit"},
        {"P", SLA_EPARSE, 2, "duration"},
        {"PT", SLA_EPARSE, 3, "duration"},
        {"P1DT", SLA_EPARSE, 5, "time"},
        {"PT1D", SLA_EPARSE, 4, "unit"},
        {"P1H", SLA_EPARSE, 3, "unit"},
        {"PT1M1H", SLA_EPARSE, 6, "order"},
        {"P1DT1HT", SLA_EPARSE, 7, "time"},
        {"h", SLA_EPARSE, 1, "number"},
        {"1h-", SLA_EPARSE, 3, "number"},
        {"--5", SLA_EPARSE, 2, "number"},
        {"+5", SLA_EPARSE, 1, "number"},
        {"7258118401", SLA_ERANGE, 1, "duration"},
        {"12001w", SLA_ERANGE, 1, "duration"},
        {"99999999999999999999h", SLA_ERANGE, 1, "duration"},
        {"P84007D", SLA_ERANGE, 1, "duration"},
        {"7258118400s1", SLA_EPARSE, 13, "unit"},
    };
    sla_diag *diag = NULL;
    size_t i;
    (void)state;
    assert_int_equal(sla_diag_new(&diag), 0);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t d = 42;
        int r = sla__parse_duration(cases[i].text, &d, diag);
        if (r != cases[i].code || sla_diag_column(diag) != cases[i].column ||
            strcmp(sla_diag_construct(diag), cases[i].construct) != 0)
            print_error("\"%s\": r=%d column=%d construct=%s (%s)\n", cases[i].text, r,
                        sla_diag_column(diag), sla_diag_construct(diag), sla_diag_message(diag));
        assert_int_equal(r, cases[i].code);
        assert_int_equal(d, 42);
        assert_int_equal(sla_diag_column(diag), cases[i].column);
        assert_string_equal(sla_diag_construct(diag), cases[i].construct);
    }
    assert_int_equal(sla__parse_duration(NULL, &(int64_t){0}, diag), SLA_EINVAL);
    assert_int_equal(sla__parse_duration("1h", NULL, diag), SLA_EINVAL);
    sla_diag_free(diag);
}

static void test_format_duration(void **state)
{
    static const struct {
        int64_t d;
        const char *want;
    } cases[] = {
        {0, "0s"},
        {45, "45s"},
        {900, "15m"},
        {5400, "1h30m"},
        {266400, "3d2h"},
        {-900, "-15m"},
        {90061, "1d1h1m1s"},
        {604800, "7d"},
        {86400, "1d"},
        {INT64_MIN, "-106751991167300d15h30m8s"},
    };
    char buf[64];
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int n = sla__format_duration(cases[i].d, buf, sizeof buf);
        assert_int_equal(n, (int)strlen(cases[i].want));
        assert_string_equal(buf, cases[i].want);
    }
    assert_int_equal(sla__format_duration(5400, buf, 3), 5);
    assert_string_equal(buf, "1h");
    assert_int_equal(sla__format_duration(5400, NULL, 0), 5);
    assert_int_equal(sla__format_duration(5400, NULL, 3), SLA_EINVAL);
    /* round trip */
    for (i = 0; i < 20000; i++) {
        int64_t d = (((int64_t)rand() << 16) ^ rand()) % SLA_TIME_MAX, back = 0;
        if (i % 2)
            d = -d;
        assert_true(sla__format_duration(d, buf, sizeof buf) > 0);
        assert_int_equal(sla__parse_duration(buf, &back, NULL), 0);
        assert_int_equal(back, d);
    }
}

/* ------------------------------------------------------------------------ */
/* The public wrappers, with a real calendar.                                */

static void test_public(void **state)
{
    sla_calendar *cal = NULL;
    sla_diag *diag = NULL;
    char buf[64];
    int64_t t = 0;
    int r;
    (void)state;

    r = sla_calendar_new("Europe/Oslo", NULL, &cal, NULL);
    if (r == SLA_ENOZONE)
        skip();
    assert_int_equal(r, 0);
    assert_int_equal(sla_diag_new(&diag), 0);

    assert_int_equal(sla_parse_instant(cal, "2025-03-28 16:50", &t, diag), 0);
    assert_int_equal(t, 1743177000);
    assert_int_equal(sla_parse_instant(NULL, "2025-03-28 16:50", &t, diag), SLA_EPARSE);
    assert_string_equal(sla_diag_construct(diag), "offset");
    assert_int_equal(sla_parse_instant(cal, "2025-03-28T15:50:00Z", &t, diag), 0);
    assert_int_equal(sla_diag_code(diag), 0); /* cleared on success */
    assert_int_equal(sla_parse_instant(cal, NULL, &t, diag), SLA_EINVAL);

    assert_int_equal(sla_format_instant(cal, 1743177000, buf, sizeof buf), 25);
    assert_string_equal(buf, "2025-03-28T16:50:00+01:00");
    assert_int_equal(sla_format_instant(NULL, 1743177000, buf, sizeof buf), 20);
    assert_string_equal(buf, "2025-03-28T15:50:00Z");

    assert_int_equal(sla_parse_duration("1h30m", &t, diag), 0);
    assert_int_equal(t, 5400);
    assert_int_equal(sla_format_duration(5400, buf, sizeof buf), 5);
    assert_string_equal(buf, "1h30m");

    sla_diag_free(diag);
    sla_calendar_free(cal);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_instant_accepted),  cmocka_unit_test(test_instant_local),
        cmocka_unit_test(test_instant_refused),   cmocka_unit_test(test_format_instant),
        cmocka_unit_test(test_round_trip),        cmocka_unit_test(test_duration_accepted),
        cmocka_unit_test(test_duration_refused),  cmocka_unit_test(test_format_duration),
        cmocka_unit_test(test_public),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
