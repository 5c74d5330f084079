/* iCalendar import: hand-made fixtures (always run) and the real feeds of
 * the shared data directory (skipped when absent).
 * Expected instants were computed independently with Python's zoneinfo
 * (fold=0); expected holiday dates are the published ones.
 * SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar/calendar.h"
#include "libsla/sla.h"

/* ---- helpers ------------------------------------------------------------ */

static sla_ics_list *list_text(const char *text, const char *zone, int y0, int y1,
                               sla_ics_options *o)
{
    sla_ics_list *l = NULL;
    sla_diag *d = NULL;
    bool own = o == NULL;
    int r;
    assert_int_equal(sla_diag_new(&d), 0);
    if (own)
        assert_int_equal(sla_ics_options_new(&o), 0);
    assert_int_equal(sla_ics_options_set_window(o, y0, y1), 0);
    r = sla_ics_list_new(text, strlen(text), zone, o, &l, d);
    if (r != 0)
        print_error("unexpected error %d: %s\n", r, sla_diag_message(d));
    assert_int_equal(r, 0);
    if (own)
        sla_ics_options_free(o);
    sla_diag_free(d);
    return l;
}

/* The first dates of all instances, in order. */
static void expect_dates(const sla_ics_list *l, const int32_t *want, size_t n)
{
    size_t i;
    if (sla_ics_list_count(l) != n) {
        for (i = 0; i < sla_ics_list_count(l); i++) {
            int32_t a;
            sla_ics_list_dates(l, i, &a, NULL);
            print_error("  got %d %s\n", a, sla_ics_list_summary(l, i));
        }
    }
    assert_int_equal(sla_ics_list_count(l), n);
    for (i = 0; i < n; i++) {
        int32_t a = 0;
        assert_int_equal(sla_ics_list_dates(l, i, &a, NULL), 0);
        assert_int_equal(a, want[i]);
    }
}

static bool has_date(const sla_ics_list *l, int32_t date)
{
    size_t i;
    for (i = 0; i < sla_ics_list_count(l); i++) {
        int32_t a, b;
        sla_ics_list_dates(l, i, &a, &b);
        if (a <= date && date <= b)
            return true;
    }
    return false;
}

static void expect_span(const sla_ics_list *l, size_t i, int64_t s, int64_t e)
{
    int64_t a = 0, b = 0;
    assert_int_equal(sla_ics_list_span(l, i, &a, &b), 0);
    assert_int_equal(a, s);
    assert_int_equal(b, e);
}

#define CAL_BEGIN "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//libsla tests//EN\r\n"
#define CAL_END "END:VCALENDAR\r\n"

static const char *shared_path(char *buf, size_t size, const char *rel)
{
    const char *dir = getenv("SLA_SHARED_DIR");
    FILE *f;
    if (!dir)
        return NULL;
    snprintf(buf, size, "%s/data/%s", dir, rel);
    f = fopen(buf, "rb");
    if (!f)
        return NULL;
    fclose(f);
    return buf;
}

/* ---- tolerance of real-world text forms --------------------------------- */

static void test_text_forms(void **state)
{
    static const char *forms[] = {
        /* CRLF */
        CAL_BEGIN "BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:New Year\r\nDTSTART;VALUE=DATE:20250101\r\n"
                  "DTEND;VALUE=DATE:20250102\r\nEND:VEVENT\r\n" CAL_END,
        /* LF */
        "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:a\nDTSTART;VALUE=DATE:20250101\n"
        "DTEND;VALUE=DATE:20250102\nEND:VEVENT\nEND:VCALENDAR\n",
        /* UTF-8 BOM, no final newline */
        "\xEF\xBB\xBF" "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250101\r\n"
        "END:VEVENT\r\nEND:VCALENDAR",
        /* folded right after the property name, and mid-value */
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART\n ;VALUE=DATE\n :2025\n 0101\nDTEND\n"
        " ;VALUE=DATE:20250102\nEND:VEVENT\nEND:VCALENDAR\n",
        /* blank lines, even between a name and its continuation */
        "BEGIN:VCALENDAR\n\nVERSION\n\n :2.0\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20250101\n\n"
        "END:VEVENT\nEND:VCALENDAR\n\n\n",
        /* trailing spaces, lower-case names */
        "begin:vcalendar  \nbegin:vevent\ndtstart;value=date:20250101   \t\nend:vevent \n"
        "end:vcalendar\n",
        /* a DATE value without VALUE=DATE, DTEND == DTSTART (one day), an
         * empty RRULE (ignored) */
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20250101\r\nDTEND:20250101\r\nRRULE:\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n",
        /* a DATE carrying a TZID: still that date */
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;TZID=America/Los_Angeles:20250101\r\n"
        "DURATION:PT86400S\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    };
    static const int32_t want[] = {20250101};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        sla_ics_list *l = list_text(forms[i], "Pacific/Auckland", 2024, 2026, NULL);
        int32_t last = 0;
        expect_dates(l, want, 1);
        assert_int_equal(sla_ics_list_is_all_day(l, 0), 1);
        assert_int_equal(sla_ics_list_dates(l, 0, NULL, &last), 0);
        assert_int_equal(last, 20250101);
        sla_ics_list_free(l);
    }
}

static void test_summary_trimmed(void **state)
{
    const char *t = CAL_BEGIN "BEGIN:VEVENT\r\nSUMMARY:Juledag  \r\nDTSTART;VALUE=DATE:20251225\r\n"
                              "END:VEVENT\r\n" CAL_END;
    sla_ics_list *l = list_text(t, "Europe/Oslo", 2025, 2025, NULL);
    (void)state;
    assert_string_equal(sla_ics_list_summary(l, 0), "Juledag");
    assert_int_equal(sla_ics_list_line(l, 0), 4);
    assert_null(sla_ics_list_summary(l, 1));
    sla_ics_list_free(l);
}

/* ---- recurrence ----------------------------------------------------------- */

static void test_rrule_forms(void **state)
{
    const char *t = CAL_BEGIN
        "BEGIN:VEVENT\r\nUID:may\r\nDTSTART;VALUE=DATE:20210503\r\n"
        "RRULE:FREQ=YEARLY;BYMONTH=5;BYDAY=1MO;COUNT=5\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:spring\r\nDTSTART;VALUE=DATE:20210531\r\n"
        "RRULE:FREQ=YEARLY;BYMONTH=5;BYDAY=-1MO;UNTIL=20230601\r\nEND:VEVENT\r\n"
        /* UNTIL as a UTC DATE-TIME on a DATE event (as in real UK feeds) */
        "BEGIN:VEVENT\r\nUID:jan2\r\nDTSTART;VALUE=DATE:20210102\r\n"
        "RRULE:FREQ=YEARLY;UNTIL=20230102T000000Z\r\nEXDATE;VALUE=DATE:20220102\r\n"
        "RDATE;VALUE=DATE:20240105,20240106\r\nEND:VEVENT\r\n" CAL_END;
    static const int32_t want[] = {20210102, 20210503, 20210531, 20220502, 20220530,
                                   20230102, 20230501, 20230529, 20240105, 20240106,
                                   20240506, 20250505};
    sla_ics_list *l = list_text(t, "UTC", 2020, 2030, NULL);
    (void)state;
    expect_dates(l, want, sizeof want / sizeof want[0]);
    sla_ics_list_free(l);
}

static void test_overrides(void **state)
{
    const char *t = CAL_BEGIN
        "BEGIN:VEVENT\r\nUID:x\r\nSUMMARY:Day\r\nDTSTART;VALUE=DATE:20250101\r\n"
        "RRULE:FREQ=YEARLY;COUNT=4\r\nEND:VEVENT\r\n"
        /* moved */
        "BEGIN:VEVENT\r\nUID:x\r\nSUMMARY:Day (moved)\r\nRECURRENCE-ID;VALUE=DATE:20260101\r\n"
        "DTSTART;VALUE=DATE:20260102\r\nEND:VEVENT\r\n"
        /* cancelled */
        "BEGIN:VEVENT\r\nUID:x\r\nRECURRENCE-ID;VALUE=DATE:20270101\r\nSTATUS:CANCELLED\r\n"
        "DTSTART;VALUE=DATE:20270101\r\nEND:VEVENT\r\n"
        /* a cancelled event yields nothing */
        "BEGIN:VEVENT\r\nUID:y\r\nSTATUS:CANCELLED\r\nDTSTART;VALUE=DATE:20250301\r\nEND:VEVENT\r\n"
        CAL_END;
    static const int32_t want[] = {20250101, 20260102, 20280101};
    sla_ics_list *l = list_text(t, "UTC", 2020, 2030, NULL);
    (void)state;
    expect_dates(l, want, 3);
    assert_string_equal(sla_ics_list_summary(l, 1), "Day (moved)");
    sla_ics_list_free(l);
}

/* ---- time zones ------------------------------------------------------------ */

static void test_timed_zones(void **state)
{
    const char *t = CAL_BEGIN
        "BEGIN:VTIMEZONE\r\nTZID:Test Zone\r\n"
        "BEGIN:STANDARD\r\nDTSTART:19961027T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n"
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n"
        "BEGIN:DAYLIGHT\r\nDTSTART:19810329T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\n"
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n"
        /* IANA TZID */
        "BEGIN:VEVENT\r\nDTSTART;TZID=America/New_York:20250310T090000\r\n"
        "DTEND;TZID=America/New_York:20250310T100000\r\nEND:VEVENT\r\n"
        /* UTC with DURATION */
        "BEGIN:VEVENT\r\nDTSTART:20250310T120000Z\r\nDURATION:PT30M\r\nEND:VEVENT\r\n"
        /* floating, start in the spring-forward gap of the calendar's zone */
        "BEGIN:VEVENT\r\nDTSTART:20250330T023000\r\nDTEND:20250330T043000\r\nEND:VEVENT\r\n"
        /* embedded VTIMEZONE, start in the repeated hour */
        "BEGIN:VEVENT\r\nDTSTART;TZID=Test Zone:20251026T023000\r\n"
        "DTEND;TZID=Test Zone:20251026T033000\r\nEND:VEVENT\r\n"
        /* Windows zone name without VTIMEZONE */
        "BEGIN:VEVENT\r\nDTSTART;TZID=W. Europe Standard Time:20250701T090000\r\n"
        "DTEND;TZID=W. Europe Standard Time:20250701T100000\r\nEND:VEVENT\r\n"
        /* nominal day over the spring-forward night: 23 real hours */
        "BEGIN:VEVENT\r\nDTSTART;TZID=/freeassociation.sourceforge.net/Europe/Oslo:20250329T120000\r\n"
        "DURATION:P1D\r\nEND:VEVENT\r\n"
        /* RDATE period only */
        "BEGIN:VEVENT\r\nDTSTART:20250401T080000Z\r\nDTEND:20250401T081500Z\r\n"
        "RDATE;VALUE=PERIOD:20250402T080000Z/20250402T090000Z\r\nEND:VEVENT\r\n"
        CAL_END;
    sla_ics_list *l = list_text(t, "Europe/Oslo", 2025, 2025, NULL);
    (void)state;
    assert_int_equal(sla_ics_list_count(l), 8);
    expect_span(l, 0, 1741608000, 1741608000 + 1800);       /* UTC */
    expect_span(l, 1, 1741611600, 1741615200);              /* New York */
    expect_span(l, 2, 1743246000, 1743328800);              /* P1D, 23 h */
    expect_span(l, 3, 1743298200, 1743301800);              /* gap */
    expect_span(l, 4, 1743494400, 1743494400 + 900);        /* DTSTART */
    expect_span(l, 5, 1743494400 + 86400, 1743498000 + 86400); /* RDATE period */
    expect_span(l, 6, 1751353200, 1751356800);              /* Windows name */
    expect_span(l, 7, 1761438600, 1761445800);              /* repeated hour */
    assert_int_equal(sla_ics_list_is_all_day(l, 0), 0);
    sla_ics_list_free(l);
}

static void test_unknown_zone(void **state)
{
    const char *t = CAL_BEGIN "BEGIN:VEVENT\r\nDTSTART;TZID=Nowhere Time:20250101T090000\r\n"
                              "END:VEVENT\r\n" CAL_END;
    sla_ics_list *l = NULL;
    sla_diag *d;
    (void)state;
    sla_diag_new(&d);
    assert_int_equal(sla_ics_list_new(t, strlen(t), "UTC", NULL, &l, d), SLA_ENOZONE);
    assert_null(l);
    assert_int_equal(sla_diag_line(d), 5);
    assert_non_null(strstr(sla_diag_message(d), "Nowhere Time"));
    /* a TZID on a DATE does not matter */
    t = CAL_BEGIN "BEGIN:VEVENT\r\nDTSTART;TZID=Nowhere Time:20250101\r\nEND:VEVENT\r\n" CAL_END;
    assert_int_equal(sla_ics_list_new(t, strlen(t), "UTC", NULL, &l, d), 0);
    sla_ics_list_free(l);
    sla_diag_free(d);
}

/* ---- filters --------------------------------------------------------------- */

static void test_filters(void **state)
{
    const char *t = CAL_BEGIN
        "BEGIN:VEVENT\r\nSUMMARY:Christmas Day\r\nCATEGORIES:Holidays\r\nDTSTART;VALUE=DATE:20251225\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nSUMMARY:Valentine's Day\r\nCATEGORIES:Observance,Fun\r\nDTSTART;VALUE=DATE:20250214\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nSUMMARY:Lincoln's Birthday (Florida)\r\nCATEGORIES:holidays\r\nDTSTART;VALUE=DATE:20250212\r\nEND:VEVENT\r\n"
        CAL_END;
    sla_ics_options *o;
    sla_ics_list *l;
    static const int32_t both[] = {20250212, 20251225}, one[] = {20251225},
                         fun[] = {20250214, 20251225};
    (void)state;
    assert_int_equal(sla_ics_options_new(&o), 0);
    assert_int_equal(sla_ics_options_keep_category(o, "HOLIDAYS"), 0);
    l = list_text(t, "UTC", 2025, 2025, o);
    expect_dates(l, both, 2);
    sla_ics_list_free(l);
    assert_int_equal(sla_ics_options_drop_summary(o, "(florida)"), 0);
    l = list_text(t, "UTC", 2025, 2025, o);
    expect_dates(l, one, 1);
    sla_ics_list_free(l);
    assert_int_equal(sla_ics_options_keep_category(o, "fun"), 0);
    l = list_text(t, "UTC", 2025, 2025, o);
    expect_dates(l, fun, 2);
    sla_ics_list_free(l);
    /* a category is matched whole */
    sla_ics_options_free(o);
    assert_int_equal(sla_ics_options_new(&o), 0);
    assert_int_equal(sla_ics_options_keep_category(o, "Holi"), 0);
    l = list_text(t, "UTC", 2025, 2025, o);
    assert_int_equal(sla_ics_list_count(l), 0);
    sla_ics_list_free(l);
    /* arguments */
    assert_int_equal(sla_ics_options_keep_summary(o, ""), SLA_EINVAL);
    assert_int_equal(sla_ics_options_keep_summary(NULL, "x"), SLA_EINVAL);
    assert_int_equal(sla_ics_options_set_mode(o, 7), SLA_EINVAL);
    assert_int_equal(sla_ics_options_set_window(o, 2026, 2025), SLA_EINVAL);
    assert_int_equal(sla_ics_options_set_window(o, 1969, 2025), SLA_ERANGE);
    assert_int_equal(sla_ics_options_new(NULL), SLA_EINVAL);
    sla_ics_options_free(o);
    sla_ics_options_free(NULL);
    sla_ics_list_free(NULL);
    assert_int_equal(sla_ics_list_count(NULL), 0);
    assert_int_equal(sla_ics_list_is_all_day(NULL, 0), SLA_EINVAL);
}

/* ---- errors: line numbers, nothing half-loaded ------------------------------ */

static void expect_error(const char *text, size_t len, int code, int line)
{
    sla_calendar_builder *b;
    sla_diag *d;
    sla__builder_mark m0, m1;
    assert_int_equal(sla_calendar_builder_new("Europe/Oslo", &b), 0);
    assert_int_equal(sla_diag_new(&d), 0);
    assert_int_equal(sla_calendar_builder_add_holiday(b, 2025, 12, 24), 0);
    m0 = sla__builder_mark_get(b);
    assert_int_equal(sla_calendar_builder_add_ics(b, text, len, NULL, d), code);
    m1 = sla__builder_mark_get(b);
    assert_int_equal(m0.holidays, m1.holidays);
    assert_int_equal(m0.closures, m1.closures);
    assert_int_equal(m0.openings, m1.openings);
    assert_int_equal(sla_diag_code(d), code);
    if (line)
        assert_int_equal(sla_diag_line(d), line);
    assert_true(strlen(sla_diag_message(d)) > 0);
    sla_diag_free(d);
    sla_calendar_builder_free(b);
}

/* ---- recurrences that start centuries before the window ----------------- */

static int64_t days_of(int64_t y, int m, int d) /* proleptic Gregorian, 1970-01-01 = 0 */
{
    int64_t era, yoe, doy;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

static int32_t date_of(int64_t z)
{
    int64_t y = 1970;
    int m = 1;
    while (days_of(y + 1, 1, 1) <= z)
        y++;
    while (m < 12 && days_of(y, m + 1, 1) <= z)
        m++;
    return (int32_t)(y * 10000 + m * 100 + (z - days_of(y, m, 1) + 1));
}

/* A one-event all-day feed starting on @p dtstart (YYYYMMDD) with @p rule. */
static sla_ics_list *list_rule(const char *dtstart, const char *rule, int y0, int y1)
{
    char text[512];
    snprintf(text, sizeof text,
             CAL_BEGIN "BEGIN:VEVENT\r\nUID:old\r\nSUMMARY:old\r\nDTSTART;VALUE=DATE:%s\r\n"
                       "RRULE:%s\r\nEND:VEVENT\r\n" CAL_END,
             dtstart, rule);
    return list_text(text, "Europe/Oslo", y0, y1, NULL);
}

/* The instances of @p l are exactly the dates of [y0, y1] that @p keep
 * accepts (given days since 1970 and the days since the rule's start). */
static void expect_rule(sla_ics_list *l, int64_t start, int y0, int y1,
                        bool (*keep)(int64_t day, int64_t since))
{
    int32_t want[800];
    size_t n = 0;
    int64_t z;
    for (z = days_of(y0, 1, 1); z < days_of(y1 + 1, 1, 1); z++)
        if (keep(z, z - start)) {
            assert_true(n < sizeof want / sizeof want[0]);
            want[n++] = date_of(z);
        }
    expect_dates(l, want, n);
    sla_ics_list_free(l);
}

static int weekday(int64_t z) /* 0 = Monday */
{
    return (int)(((z % 7) + 7 + 3) % 7);
}

static bool every_monday(int64_t z, int64_t since) { (void)since; return weekday(z) == 0; }
static bool every_3rd_day(int64_t z, int64_t since) { (void)z; return since % 3 == 0; }
static bool every_day(int64_t z, int64_t since) { (void)z; (void)since; return true; }
static bool mo_fr_fortnightly(int64_t z, int64_t since)
{
    return (weekday(z) == 0 || weekday(z) == 4) && (since / 7) % 2 == 0;
}
static bool day_31(int64_t z, int64_t since)
{
    (void)since;
    return date_of(z) % 100 == 31;
}
static bool leap_day(int64_t z, int64_t since)
{
    (void)since;
    return date_of(z) % 10000 == 229;
}

static void test_old_starts(void **state)
{
    static const char far_future[] =
        CAL_BEGIN "BEGIN:VEVENT\r\nUID:y\r\nDTSTART;VALUE=DATE:99990417\r\nRRULE:FREQ=YEARLY\r\n"
                  "END:VEVENT\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART;VALUE=DATE:20251225\r\n"
                  "END:VEVENT\r\n" CAL_END;
    static const char counted_by_parts[] =
        CAL_BEGIN "BEGIN:VEVENT\r\nUID:c\r\nDTSTART;VALUE=DATE:15000101\r\n"
                  "RRULE:FREQ=WEEKLY;COUNT=100000;BYDAY=MO,TU\r\nEND:VEVENT\r\n" CAL_END;
    static const char hourly[] =
        CAL_BEGIN "BEGIN:VEVENT\r\nUID:h\r\nDTSTART:16000101T000000\r\nDURATION:PT1M\r\n"
                  "RRULE:FREQ=HOURLY;INTERVAL=7\r\nEND:VEVENT\r\n" CAL_END;
    static const int32_t christmas[] = {20251225};
    sla_ics_list *l;
    int64_t t0, first, period = 7 * 3600, win0, win1;
    (void)state;

    /* Each rule gives, in the window, what RFC 5545 (Gregorian) says. */
    expect_rule(list_rule("00010101", "FREQ=WEEKLY", 2025, 2025), days_of(1, 1, 1), 2025, 2025,
                every_monday);
    expect_rule(list_rule("15000101", "FREQ=DAILY;INTERVAL=3", 2025, 2026), days_of(1500, 1, 1),
                2025, 2026, every_3rd_day);
    expect_rule(list_rule("00010101", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR", 2025, 2025),
                days_of(1, 1, 1), 2025, 2025, mo_fr_fortnightly);
    expect_rule(list_rule("00010131", "FREQ=MONTHLY", 2025, 2026), days_of(1, 1, 31), 2025, 2026,
                day_31);
    expect_rule(list_rule("00040229", "FREQ=YEARLY", 2025, 2033), days_of(4, 2, 29), 2025, 2033,
                leap_day);
    /* A COUNT that reaches past the window, and one that ends before it. */
    expect_rule(list_rule("15000101", "FREQ=DAILY;COUNT=5000000", 2025, 2025),
                days_of(1500, 1, 1), 2025, 2025, every_day);
    l = list_rule("15000101", "FREQ=DAILY;COUNT=10", 2025, 2025);
    assert_int_equal(sla_ics_list_count(l), 0);
    sla_ics_list_free(l);
    /* A COUNT rule with BY parts before 1753 cannot be counted exactly: refused. */
    expect_error(counted_by_parts, sizeof counted_by_parts - 1, SLA_ELIMIT, 0);
    /* An event that starts after 2199 is ignored, as a single event there is. */
    l = list_text(far_future, "Europe/Oslo", 2025, 2025, NULL);
    expect_dates(l, christmas, 1);
    sla_ics_list_free(l);
    /* Timed: every 7 hours from 1600, floating times in the calendar's zone. */
    l = list_text(hourly, "UTC", 2025, 2025, NULL);
    t0 = days_of(1600, 1, 1) * 86400;
    win0 = days_of(2025, 1, 1) * 86400;
    win1 = days_of(2026, 1, 1) * 86400;
    first = t0 + (win0 - t0 + period - 1) / period * period;
    assert_int_equal(sla_ics_list_count(l), (size_t)((win1 - first + period - 1) / period));
    expect_span(l, 0, first, first + 60);
    expect_span(l, sla_ics_list_count(l) - 1,
                first + (int64_t)(sla_ics_list_count(l) - 1) * period,
                first + (int64_t)(sla_ics_list_count(l) - 1) * period + 60);
    sla_ics_list_free(l);
}

/* ---- memory: what libsla never reads costs nothing; the rest is bounded -- */

static char *repeat_event(const char *line, size_t times, size_t *ret_len)
{
    static const char head[] =
        CAL_BEGIN "BEGIN:VEVENT\r\nUID:m\r\nDTSTART;VALUE=DATE:20250417\r\n";
    static const char tail[] = "END:VEVENT\r\n" CAL_END;
    size_t ll = strlen(line), n = 0, i;
    char *s = malloc(sizeof head + ll * times + sizeof tail);
    assert_non_null(s);
    memcpy(s, head, sizeof head - 1);
    n = sizeof head - 1;
    for (i = 0; i < times; i++, n += ll)
        memcpy(s + n, line, ll);
    memcpy(s + n, tail, sizeof tail);
    *ret_len = n + sizeof tail - 1;
    return s;
}

static void test_memory_bound(void **state)
{
    static const int32_t maundy[] = {20250417};
    sla_ics_list *l = NULL;
    sla_ics_options *o;
    sla_diag *d;
    size_t len;
    char *text;
    (void)state;

    /* 500,000 properties libsla never reads: loaded, with the same answer. */
    text = repeat_event("X-JUNK:a\r\n", 500000, &len);
    assert_int_equal(sla_diag_new(&d), 0);
    assert_int_equal(sla_ics_options_new(&o), 0);
    assert_int_equal(sla_ics_options_set_window(o, 2025, 2025), 0);
    assert_int_equal(sla_ics_list_new(text, len, "Europe/Oslo", o, &l, d), 0);
    expect_dates(l, maundy, 1);
    sla_ics_list_free(l);
    free(text);
    /* 200,000 EXDATE lines (each read) in one event: more than one
     * component may hold once parsed; refused with the line where the
     * bound was passed, and the builder is left as it was. */
    text = repeat_event("EXDATE:20250101\r\n", 200000, &len);
    expect_error(text, len, SLA_ELIMIT, 0);
    l = NULL;
    assert_int_equal(sla_ics_list_new(text, len, "Europe/Oslo", o, &l, d), SLA_ELIMIT);
    assert_null(l);
    assert_true(sla_diag_line(d) > 6);
    assert_non_null(strstr(sla_diag_message(d), "than one component may"));
    assert_non_null(strstr(sla_diag_message(d), "begins on line 4"));
    free(text);
    /* 2,000 EXDATE lines are well within it. */
    text = repeat_event("EXDATE:20250101\r\n", 2000, &len);
    assert_int_equal(sla_ics_list_new(text, len, "Europe/Oslo", o, &l, d), 0);
    expect_dates(l, maundy, 1);
    sla_ics_list_free(l);
    free(text);
    sla_ics_options_free(o);
    sla_diag_free(d);
}

static void test_errors(void **state)
{
    static const char bad_dtstart[] =
        CAL_BEGIN "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250101\r\nEND:VEVENT\r\n"
                  "BEGIN:VEVENT\r\nDTSTART:2025-13-01\r\nEND:VEVENT\r\n" CAL_END;
    static const char unclosed[] = CAL_BEGIN "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250101\r\n";
    static const char mismatch[] = CAL_BEGIN "BEGIN:VEVENT\r\nEND:VTODO\r\n" CAL_END;
    static const char stray_end[] = "END:VCALENDAR\r\n";
    static const char bad_rrule[] = CAL_BEGIN "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250101\r\n"
                                              "RRULE:FREQ=WEEKLY;UNTL=20251023\r\nEND:VEVENT\r\n" CAL_END;
    static const char end_before[] = CAL_BEGIN "BEGIN:VEVENT\r\nDTSTART:20250101T100000Z\r\n"
                                               "DTEND:20250101T090000Z\r\nEND:VEVENT\r\n" CAL_END;
    static const char secondly[] = CAL_BEGIN "BEGIN:VEVENT\r\nSUMMARY:tick\r\nDTSTART:20250101T000000Z\r\n"
                                             "RRULE:FREQ=SECONDLY;BYMONTH=2\r\nEND:VEVENT\r\n" CAL_END;
    static const char hourly[] = CAL_BEGIN "BEGIN:VEVENT\r\nDTSTART:19700101T000000Z\r\n"
                                           "DURATION:PT1M\r\nRRULE:FREQ=HOURLY\r\nEND:VEVENT\r\n" CAL_END;
    /* Rules whose expansion would cost seconds: libical steps through every
     * minute for a daily instance (BYHOUR filters a MINUTELY rule), or makes
     * 140 instances a week for 123 years, all before the window. */
    static const char minutely_filtered[] =
        CAL_BEGIN "BEGIN:VEVENT\r\nDTSTART:19700105T090000Z\r\nDURATION:PT1M\r\n"
                  "RRULE:FREQ=MINUTELY;BYHOUR=3;BYMINUTE=7;COUNT=990000\r\nEND:VEVENT\r\n" CAL_END;
    static const char weekly_dense[] =
        CAL_BEGIN "BEGIN:VEVENT\r\nDTSTART:18000106T090000Z\r\nDURATION:PT1M\r\n"
                  "RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;BYHOUR=1,2,3,4,5,6,7,8,9,10,11,12,"
                  "13,14,15,16,17,18,19,20;COUNT=900000\r\nEND:VEVENT\r\n" CAL_END;
    static const char nul[] = "BEGIN:VCALENDAR\r\nX-A:\0\r\nEND:VCALENDAR\r\n";
    char deep[512] = "";
    char *big;
    int i;
    (void)state;
    expect_error(bad_dtstart, strlen(bad_dtstart), SLA_EPARSE, 8);
    expect_error(unclosed, strlen(unclosed), SLA_EPARSE, 4);
    expect_error(mismatch, strlen(mismatch), SLA_EPARSE, 5);
    expect_error(stray_end, strlen(stray_end), SLA_EPARSE, 1);
    expect_error(bad_rrule, strlen(bad_rrule), SLA_EPARSE, 6);
    expect_error(end_before, strlen(end_before), SLA_EPARSE, 6);
    expect_error(secondly, strlen(secondly), SLA_ELIMIT, 7);
    expect_error(hourly, strlen(hourly), SLA_ELIMIT, 0);
    expect_error(minutely_filtered, strlen(minutely_filtered), SLA_ELIMIT, 0);
    expect_error(weekly_dense, strlen(weekly_dense), SLA_ELIMIT, 0);
    expect_error(nul, sizeof nul - 1, SLA_EPARSE, 2);
    expect_error("", 0, SLA_EPARSE, 0);
    expect_error("hello", 5, SLA_EPARSE, 0);
    for (i = 0; i < SLA_ICS_MAX_DEPTH + 1; i++)
        strcat(deep, "BEGIN:X-A\n");
    expect_error(deep, strlen(deep), SLA_ELIMIT, SLA_ICS_MAX_DEPTH + 1);
    big = calloc(1, SLA_ICS_MAX_BYTES + 1);
    assert_non_null(big);
    memset(big, ' ', SLA_ICS_MAX_BYTES + 1);
    expect_error(big, SLA_ICS_MAX_BYTES + 1, SLA_ELIMIT, 0);
    free(big);
    /* NULL arguments */
    assert_int_equal(sla_calendar_builder_add_ics(NULL, "", 0, NULL, NULL), SLA_EINVAL);
    assert_int_equal(sla_calendar_builder_add_ics_file(NULL, "x", NULL, NULL), SLA_EINVAL);
    {
        sla_calendar_builder *b;
        sla_diag *d;
        sla_diag_new(&d);
        assert_int_equal(sla_calendar_builder_new("UTC", &b), 0);
        assert_int_equal(sla_calendar_builder_add_ics(b, NULL, 3, NULL, NULL), SLA_EINVAL);
        assert_int_equal(sla_calendar_builder_add_ics_file(b, "/nonexistent/x.ics", NULL, d),
                         SLA_EIO);
        sla_calendar_builder_free(b);
        sla_diag_free(d);
    }
}

/* The file is read one unit (VEVENT, VTIMEZONE, VAVAILABILITY) at a time:
 * nothing of the answer may depend on that. */
static void test_units_alone(void **state)
{
    /* An override before its master; the master's VTIMEZONE after both; a
     * second VTIMEZONE with the same TZID (the first one wins); vendor
     * prefixes of one IANA zone, each its own TZID. */
    const char *t = CAL_BEGIN
        "BEGIN:VEVENT\r\nUID:m\r\nRECURRENCE-ID;TZID=Z:20250106T090000\r\n"
        "DTSTART;TZID=Z:20250106T140000\r\nDTEND;TZID=Z:20250106T150000\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:m\r\nSUMMARY:Stand-up  \r\nDTSTART;TZID=Z:20250106T090000\r\n"
        "DTEND;TZID=Z:20250106T093000\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\nEND:VEVENT\r\n"
        "BEGIN:VTIMEZONE\r\nTZID:Z\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n"
        "TZOFFSETFROM:+0300\r\nTZOFFSETTO:+0300\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
        "BEGIN:VTIMEZONE\r\nTZID:Z\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n"
        "TZOFFSETFROM:+0500\r\nTZOFFSETTO:+0500\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
        "BEGIN:VEVENT\r\nDTSTART;TZID=/a/Europe/Oslo:20250301T100000\r\nDURATION:PT1H\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nDTSTART;TZID=/b/c/Europe/Oslo:20250302T100000\r\nDURATION:PT1H\r\nEND:VEVENT\r\n"
        CAL_END;
    /* a bad value in a VTIMEZONE no event names is still an error */
    const char *bad_zone = CAL_BEGIN
        "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250101\r\nEND:VEVENT\r\n"
        "BEGIN:VTIMEZONE\r\nTZID:Unused\r\nBEGIN:STANDARD\r\nTZOFFSETFROM:+0100\r\n"
        "TZOFFSETTO:+0100\r\nDTSTART:1970\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n" CAL_END;
    /* a bad value in the last event, after good ones */
    const char *bad_last = CAL_BEGIN
        "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250101\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250102\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250103\r\nDTEND:2025\r\nEND:VEVENT\r\n"
        CAL_END;
    const int64_t jan6 = 1736121600; /* 2025-01-06T00:00:00Z */
    sla_ics_list *l = list_text(t, "Europe/Oslo", 2025, 2025, NULL);
    (void)state;
    assert_int_equal(sla_ics_list_count(l), 5);
    /* Jan 6 moved to 14:00+03 (11:00Z); Jan 13 and 20 at 09:00+03 (06:00Z) */
    expect_span(l, 0, jan6 + 11 * 3600, jan6 + 12 * 3600);
    expect_span(l, 1, jan6 + 7 * 86400 + 6 * 3600, jan6 + 7 * 86400 + 6 * 3600 + 1800);
    expect_span(l, 2, jan6 + 14 * 86400 + 6 * 3600, jan6 + 14 * 86400 + 6 * 3600 + 1800);
    assert_string_equal(sla_ics_list_summary(l, 1), "Stand-up");
    assert_string_equal(sla_ics_list_summary(l, 2), "Stand-up");
    assert_string_equal(sla_ics_list_summary(l, 0), "");
    /* 10:00 Oslo (+01) on March 1 and 2 */
    expect_span(l, 3, 1740819600, 1740823200);
    expect_span(l, 4, 1740906000, 1740909600);
    sla_ics_list_free(l);
    expect_error(bad_zone, strlen(bad_zone), SLA_EPARSE, 12);
    expect_error(bad_last, strlen(bad_last), SLA_EPARSE, 12);
}

/* One recurring event's summary is kept once, not once per instance. */
static void test_summary_shared(void **state)
{
    size_t big = (size_t)1 << 20, i;
    const char *head = CAL_BEGIN "BEGIN:VEVENT\r\nDTSTART:19800101T090000Z\r\n"
                                 "DURATION:PT1H\r\nRRULE:FREQ=DAILY;COUNT=50000\r\nSUMMARY:";
    const char *tail = "\r\nEND:VEVENT\r\n" CAL_END;
    char *t = malloc(strlen(head) + big + strlen(tail) + 1);
    sla_ics_list *l;
    (void)state;
    assert_non_null(t);
    strcpy(t, head);
    memset(t + strlen(head), 'h', big);
    strcpy(t + strlen(head) + big, tail);
    l = list_text(t, "UTC", 1970, 2199, NULL);
    assert_int_equal(sla_ics_list_count(l), 50000);
    for (i = 0; i < 50000; i += 4999) {
        assert_int_equal(strlen(sla_ics_list_summary(l, i)), big);
        assert_ptr_equal(sla_ics_list_summary(l, i), sla_ics_list_summary(l, 0));
    }
    sla_ics_list_free(l);
    free(t);
}

/* Allocation failures anywhere leave the builder as it was. */
static void test_alloc_failure(void **state)
{
    const char *t = CAL_BEGIN
        "BEGIN:VEVENT\r\nUID:x\r\nDTSTART;VALUE=DATE:20250101\r\nRRULE:FREQ=YEARLY;COUNT=3\r\n"
        "EXDATE;VALUE=DATE:20260101\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:x\r\nRECURRENCE-ID;VALUE=DATE:20270101\r\nDTSTART;VALUE=DATE:20270102\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nDTSTART;TZID=Europe/Oslo:20250301T100000\r\nDTEND;TZID=Europe/Oslo:20250301T120000\r\nEND:VEVENT\r\n"
        CAL_END;
    unsigned long n;
    int r = -1;
    (void)state;
    for (n = 1; n < 2000 && r != 0; n++) {
        sla_calendar_builder *b;
        sla__builder_mark m0, m1;
        assert_int_equal(sla_calendar_builder_new("Europe/Oslo", &b), 0);
        m0 = sla__builder_mark_get(b);
        sla__alloc_fail_at(n, true);
        r = sla_calendar_builder_add_ics(b, t, strlen(t), NULL, NULL);
        sla__alloc_fail_at(0, false);
        m1 = sla__builder_mark_get(b);
        if (r != 0) {
            assert_int_equal(r, SLA_ENOMEM);
            assert_int_equal(m0.holidays, m1.holidays);
            assert_int_equal(m0.closures, m1.closures);
        } else {
            assert_int_equal(m1.holidays - m0.holidays, 2); /* 2025-01-01, 2027-01-02 */
            assert_int_equal(m1.closures - m0.closures, 1);
        }
        sla_calendar_builder_free(b);
    }
    assert_int_equal(r, 0);
}

/* ---- loading into calendars ------------------------------------------------ */

static void test_holidays_and_closures(void **state)
{
    const char *t = CAL_BEGIN
        "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20250517\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nDTSTART;TZID=Europe/Oslo:20250516T140000\r\nDTEND;TZID=Europe/Oslo:20250516T160000\r\nEND:VEVENT\r\n"
        CAL_END;
    sla_calendar_builder *b;
    sla_calendar *c;
    int open = -1;
    int64_t u = 0, t0;
    (void)state;
    assert_int_equal(sla_calendar_builder_new("Europe/Oslo", &b), 0);
    assert_int_equal(sla_calendar_builder_set_hours(b, "Mo-Su 08:00-16:00", NULL), 0);
    assert_int_equal(sla_calendar_builder_add_ics(b, t, strlen(t), NULL, NULL), 0);
    assert_int_equal(sla_calendar_builder_compile(b, &c), 0);
    /* 2025-05-17 10:00 Oslo: a holiday */
    assert_int_equal(sla_calendar_is_open(c, 1747468800, &open), 0);
    assert_int_equal(open, 0);
    /* 2025-05-16 13:00 Oslo open; 14:00-16:00 closed: 1 h of work from 13:00
     * ends 2025-05-18 09:00 */
    t0 = 1747393200;
    assert_int_equal(sla_calendar_add(c, t0, 3600, &u), 0);
    assert_int_equal(u, 1747393200 + 3600);
    assert_int_equal(sla_calendar_add(c, t0, 3601, &u), 0);
    assert_int_equal(u, 1747548000 + 1); /* 2025-05-18T08:00:01+02:00 */
    sla_calendar_free(c);
    sla_calendar_builder_free(b);
}

static void test_opening_hours_mode(void **state)
{
    const char *t = CAL_BEGIN
        "BEGIN:VEVENT\r\nSUMMARY:Open\r\nDTSTART;TZID=Europe/Oslo:20250106T090000\r\n"
        "DTEND;TZID=Europe/Oslo:20250106T170000\r\nRRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20251231T235959Z\r\n"
        "END:VEVENT\r\n" CAL_END;
    sla_calendar_builder *b;
    sla_calendar *c;
    sla_ics_options *o;
    int open = -1;
    (void)state;
    assert_int_equal(sla_ics_options_new(&o), 0);
    assert_int_equal(sla_ics_options_set_mode(o, SLA_ICS_OPENING_HOURS), 0);
    assert_int_equal(sla_calendar_builder_new("Europe/Oslo", &b), 0);
    assert_int_equal(sla_calendar_builder_set_hours(b, "off", NULL), 0);
    assert_int_equal(sla_calendar_builder_add_ics(b, t, strlen(t), o, NULL), 0);
    assert_int_equal(sla_calendar_builder_compile(b, &c), 0);
    assert_int_equal(sla_calendar_is_open(c, 1736240400, &open), 0); /* Tue 10:00 */
    assert_int_equal(open, 1);
    assert_int_equal(sla_calendar_is_open(c, 1736586000, &open), 0); /* Sat 10:00 */
    assert_int_equal(open, 0);
    {
        int64_t u = 0;
        assert_int_equal(sla_calendar_next_open(c, 1736265600, &u), 0); /* Tue 17:00 */
        assert_int_equal(u, 1736236800 + 86400);                      /* Wed 09:00 */
    }
    sla_calendar_free(c);
    sla_calendar_builder_free(b);
    {
        /* A VAVAILABILITY on its own, as in the examples of RFC 7953, is
         * read as one in a VCALENDAR is; in holiday mode it is ignored. */
        const char *bare =
            "BEGIN:VAVAILABILITY\r\nUID:a\r\nBEGIN:AVAILABLE\r\nUID:b\r\nSUMMARY:Weekdays\r\n"
            "DTSTART;TZID=America/Montreal:20111003T090000\r\n"
            "DTEND;TZID=America/Montreal:20111003T170000\r\n"
            "RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;COUNT=10\r\nEND:AVAILABLE\r\n"
            "END:VAVAILABILITY\r\n";
        sla_ics_list *l = list_text(bare, "America/Toronto", 2011, 2011, o);
        assert_int_equal(sla_ics_list_count(l), 10);
        expect_span(l, 0, 1317646800, 1317675600); /* Mon 3 Oct 09:00-17:00 EDT */
        assert_string_equal(sla_ics_list_summary(l, 9), "Weekdays");
        sla_ics_list_free(l);
        l = list_text(bare, "America/Toronto", 2011, 2011, NULL);
        assert_int_equal(sla_ics_list_count(l), 0);
        sla_ics_list_free(l);
    }
    sla_ics_options_free(o);
}

/* ---- real feeds -------------------------------------------------------------- */

static sla_ics_list *list_file(const char *rel, const char *zone, int y0, int y1,
                               sla_ics_options *o)
{
    char path[4096];
    sla_ics_list *l = NULL;
    sla_diag *d;
    bool own = o == NULL;
    int r;
    if (!shared_path(path, sizeof path, rel))
        return NULL;
    sla_diag_new(&d);
    if (own)
        sla_ics_options_new(&o);
    sla_ics_options_set_window(o, y0, y1);
    r = sla_ics_list_new_file(path, zone, o, &l, d);
    if (r)
        print_error("%s: %s\n", rel, sla_diag_message(d));
    assert_int_equal(r, 0);
    if (own)
        sla_ics_options_free(o);
    sla_diag_free(d);
    return l;
}

static void test_feed_norway(void **state)
{
    static const int32_t y2025[] = {20250101, 20250417, 20250418, 20250420, 20250421, 20250501,
                                    20250517, 20250529, 20250608, 20250609, 20251225, 20251226};
    /* Easter 2026 is April 5 */
    static const int32_t y2026[] = {20260101, 20260402, 20260403, 20260405, 20260406, 20260501,
                                    20260514, 20260517, 20260524, 20260525, 20261225, 20261226};
    sla_ics_list *l = list_file("holidays-ics/tb-autogen-NorwegianHolidays.ics", "Europe/Oslo",
                                2025, 2025, NULL);
    (void)state;
    if (!l)
        skip();
    expect_dates(l, y2025, 12);
    sla_ics_list_free(l);
    l = list_file("holidays-ics/tb-autogen-NorwegianHolidays.ics", "Europe/Oslo", 2026, 2026,
                  NULL);
    expect_dates(l, y2026, 12);
    sla_ics_list_free(l);
}

static void test_feed_uk(void **state)
{
    /* England & Wales bank holidays; 2026 Boxing Day (a Saturday) moves to
     * Monday 28 December by a RECURRENCE-ID override in the feed */
    static const int32_t want[] = {20250101, 20250418, 20250421, 20250505, 20250526, 20250825,
                                   20251225, 20251226, 20260101, 20260403, 20260406, 20260504,
                                   20260525, 20260831, 20261225, 20261228};
    sla_ics_list *l = list_file("holidays-ics/tb-UKHolidays-EnglandWales.ics", "Europe/London",
                                2025, 2026, NULL);
    (void)state;
    if (!l)
        skip();
    expect_dates(l, want, sizeof want / sizeof want[0]);
    sla_ics_list_free(l);
}

static void test_feed_us(void **state)
{
    /* federal holidays (2025 Jan 9: national day of mourning, offices closed) */
    static const int32_t y2025[] = {20250101, 20250109, 20250120, 20250217, 20250526, 20250619,
                                    20250704, 20250901, 20251013, 20251111, 20251127, 20251225};
    static const int32_t y2026[] = {20260101, 20260119, 20260216, 20260525, 20260619, 20260703,
                                    20260907, 20261012, 20261111, 20261126, 20261225};
    sla_ics_options *o;
    sla_ics_list *l;
    size_t i;
    (void)state;
    sla_ics_options_new(&o);
    /* the feed lists state holidays as "Name (State)": drop them */
    sla_ics_options_drop_summary(o, "(");
    l = list_file("holidays-ics/tb-autogen-USHolidays.ics", "America/New_York", 2025, 2025, o);
    if (!l) {
        sla_ics_options_free(o);
        skip();
    }
    expect_dates(l, y2025, 12);
    sla_ics_list_free(l);
    sla_ics_options_free(o);
    l = list_file("holidays-ics/tb-autogen-USHolidays.ics", "America/New_York", 2026, 2026, NULL);
    for (i = 0; i < sizeof y2026 / sizeof y2026[0]; i++)
        assert_true(has_date(l, y2026[i]));
    sla_ics_list_free(l);
    /* the older EssentialPIM feed: yearly rules with BYDAY=3MO/-1MO/4TH */
    l = list_file("holidays-ics/tb-USHolidays.ics", "America/New_York", 2026, 2026, NULL);
    assert_true(has_date(l, 20260119) && has_date(l, 20260525) && has_date(l, 20261126) &&
                has_date(l, 20260216) && has_date(l, 20260907));
    sla_ics_list_free(l);
}

static void test_feed_brazil(void **state)
{
    static const int32_t national[] = {20250101, 20250418, 20250421, 20250501, 20250907, 20251012,
                                       20251102, 20251115, 20251120, 20251225, 20260101, 20260403,
                                       20260421, 20260501, 20260907, 20261012, 20261102, 20261115,
                                       20261120, 20261225};
    sla_ics_list *l = list_file("holidays-ics/tb-autogen-BrazilHolidays.ics", "America/Sao_Paulo",
                                2025, 2026, NULL);
    size_t i;
    (void)state;
    if (!l)
        skip();
    for (i = 0; i < sizeof national / sizeof national[0]; i++)
        assert_true(has_date(l, national[i]));
    sla_ics_list_free(l);
    /* the older feed: Ash Wednesday closure 00:00-14:00 (embedded VTIMEZONE
     * America/Sao_Paulo is read from the tz database) */
    l = list_file("holidays-ics/tb-BrazilHolidays.ics", "America/Sao_Paulo", 2020, 2020, NULL);
    for (i = 0; i < sla_ics_list_count(l); i++) {
        int64_t s, e;
        sla_ics_list_span(l, i, &s, &e);
        if (s == 1582686000 && e == 1582736400 && sla_ics_list_is_all_day(l, i) == 0)
            break;
    }
    assert_true(i < sla_ics_list_count(l));
    sla_ics_list_free(l);
}

/* The done criterion, through the builder. */
static void test_feed_oslo_deadline(void **state)
{
    char path[4096];
    sla_calendar_builder *b;
    sla_calendar *c;
    int64_t u = 0;
    (void)state;
    if (!shared_path(path, sizeof path, "holidays-ics/tb-autogen-NorwegianHolidays.ics"))
        skip();
    assert_int_equal(sla_calendar_builder_new("Europe/Oslo", &b), 0);
    assert_int_equal(sla_calendar_builder_set_hours(b, "Mo-Fr 08:00-16:00", NULL), 0);
    assert_int_equal(sla_calendar_builder_add_ics_file(b, path, NULL, NULL), 0);
    assert_int_equal(sla_calendar_builder_compile(b, &c), 0);
    assert_int_equal(sla_calendar_add(c, 1744808400, 7200, &u), 0);
    assert_int_equal(u, 1745305200); /* 2025-04-22T09:00:00+02:00 */
    sla_calendar_free(c);
    sla_calendar_builder_free(b);
}

/* Every shared file loads, or is refused with a clear error; never a crash,
 * a hang or a half-loaded builder. */
static void test_all_shared_files(void **state)
{
    static const char *dirs[] = {"holidays-ics", "vtimezone-ics", "weekly-hours-ics",
                                 "ics-fixtures"};
    const char *root = getenv("SLA_SHARED_DIR");
    size_t k, files = 0, ok = 0;
    (void)state;
    if (!root)
        skip();
    for (k = 0; k < 4; k++) {
        char dir[4096];
        DIR *dp;
        struct dirent *de;
        snprintf(dir, sizeof dir, "%s/data/%s", root, dirs[k]);
        dp = opendir(dir);
        if (!dp)
            continue;
        while ((de = readdir(dp)) != NULL) {
            char path[8192];
            size_t n = strlen(de->d_name);
            int mode;
            if (n < 4 || strcmp(de->d_name + n - 4, ".ics") != 0)
                continue;
            snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
            for (mode = 0; mode < 2; mode++) {
                sla_calendar_builder *b;
                sla_ics_options *o;
                sla_diag *d;
                sla__builder_mark m0, m1;
                int r;
                sla_diag_new(&d);
                sla_ics_options_new(&o);
                sla_ics_options_set_mode(o, mode);
                assert_int_equal(sla_calendar_builder_new("Europe/Oslo", &b), 0);
                m0 = sla__builder_mark_get(b);
                r = sla_calendar_builder_add_ics_file(b, path, o, d);
                m1 = sla__builder_mark_get(b);
                if (r != 0) {
                    if (r != SLA_EPARSE && r != SLA_ENOZONE && r != SLA_ELIMIT)
                        print_error("%s: unexpected %d\n", path, r);
                    assert_true(r == SLA_EPARSE || r == SLA_ENOZONE || r == SLA_ELIMIT);
                    assert_true(strlen(sla_diag_message(d)) > 0);
                    if (r == SLA_EPARSE)
                        assert_true(sla_diag_line(d) > 0);
                    assert_int_equal(m0.holidays, m1.holidays);
                    assert_int_equal(m0.closures, m1.closures);
                    assert_int_equal(m0.openings, m1.openings);
                } else {
                    sla_calendar *c = NULL;
                    assert_int_equal(sla_calendar_builder_compile(b, &c), 0);
                    sla_calendar_free(c);
                    if (mode == 0)
                        ok++;
                }
                sla_calendar_builder_free(b);
                sla_ics_options_free(o);
                sla_diag_free(d);
            }
            files++;
        }
        closedir(dp);
    }
    if (files == 0)
        skip();
    /* every holiday feed loads */
    assert_true(ok >= 29);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_forms),
        cmocka_unit_test(test_summary_trimmed),
        cmocka_unit_test(test_rrule_forms),
        cmocka_unit_test(test_overrides),
        cmocka_unit_test(test_timed_zones),
        cmocka_unit_test(test_unknown_zone),
        cmocka_unit_test(test_filters),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_old_starts),
        cmocka_unit_test(test_memory_bound),
        cmocka_unit_test(test_units_alone),
        cmocka_unit_test(test_summary_shared),
        cmocka_unit_test(test_alloc_failure),
        cmocka_unit_test(test_holidays_and_closures),
        cmocka_unit_test(test_opening_hours_mode),
        cmocka_unit_test(test_feed_norway),
        cmocka_unit_test(test_feed_uk),
        cmocka_unit_test(test_feed_us),
        cmocka_unit_test(test_feed_brazil),
        cmocka_unit_test(test_feed_oslo_deadline),
        cmocka_unit_test(test_all_shared_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
