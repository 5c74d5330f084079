/* Hostile input: one test per entry of SECURITY.md. Each feeds the library
 * input built to hurt (huge, deep, malformed, out of range, never ending)
 * and checks the documented answer: a specific error, quickly, with nothing
 * leaked (valgrind and ASan run this suite too) and no crash.
 * SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libsla/sla.h>

static int have_tz;
#define NEED_TZ()                                                                                  \
    do {                                                                                           \
        if (!have_tz)                                                                              \
            skip();                                                                                \
    } while (0)

static const char ICS_HEAD[] = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//libsla//hostile//EN\r\n";
static const char ICS_TAIL[] = "END:VCALENDAR\r\n";

/* ---- time zones ------------------------------------------------------------------ */

static int new_builder_in(const char *tzdir, const char *zone)
{
    sla_calendar_builder *b = NULL;
    int rc = sla_calendar_builder_new_tzdir(zone, tzdir, &b);
    sla_calendar_builder_free(b);
    return rc;
}

static void test_zone_names(void **unused)
{
    static const char *const bad[] = {
        "../../../../etc/passwd", "/etc/passwd", "Europe/../../etc/passwd", "Europe/./Oslo",
        "", "Europe//Oslo", "Europe/Oslo/", "Europe/Oslo\n", "Europe/Os lo", "Europe\\Oslo",
        "Zone/With/\xc3\xa9", "Nowhere/Atlantis",
    };
    char longname[400];
    size_t i;
    (void)unused;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(new_builder_in(NULL, bad[i]), SLA_ENOZONE);
    memset(longname, 'A', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    assert_int_equal(new_builder_in(NULL, longname), SLA_ENOZONE);
}

static void test_zone_files(void **unused)
{
    char dir[] = "/tmp/sla-hostile-XXXXXX", path[256];
    FILE *f;
    size_t i;
    (void)unused;
    assert_non_null(mkdtemp(dir));

    /* Larger than the 1 MiB limit, with a valid TZif header. */
    snprintf(path, sizeof path, "%s/Big", dir);
    f = fopen(path, "wb");
    assert_non_null(f);
    fputs("TZif2", f);
    for (i = 0; i < 2u * 1024 * 1024; i++)
        fputc(0, f);
    fclose(f);
    assert_int_equal(new_builder_in(dir, "Big"), SLA_ENOZONE);

    /* Garbage and a truncated header. */
    snprintf(path, sizeof path, "%s/Garbage", dir);
    f = fopen(path, "wb");
    assert_non_null(f);
    fputs("TZif2\xff\xff\xff\xff this is not a time zone", f);
    fclose(f);
    assert_int_equal(new_builder_in(dir, "Garbage"), SLA_ENOZONE);
    snprintf(path, sizeof path, "%s/Empty", dir);
    f = fopen(path, "wb");
    assert_non_null(f);
    fclose(f);
    assert_int_equal(new_builder_in(dir, "Empty"), SLA_ENOZONE);

    /* A directory and a FIFO (which must not block the call). */
    snprintf(path, sizeof path, "%s/Dir", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    assert_int_equal(new_builder_in(dir, "Dir"), SLA_ENOZONE);
    snprintf(path, sizeof path, "%s/Fifo", dir);
    assert_int_equal(mkfifo(path, 0600), 0);
    assert_int_equal(new_builder_in(dir, "Fifo"), SLA_ENOZONE);

    snprintf(path, sizeof path, "%s/Big", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/Garbage", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/Empty", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/Fifo", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/Dir", dir);
    rmdir(path);
    rmdir(dir);
}

/* ---- opening-hours text ----------------------------------------------------------- */

static int hours_rc(const char *text, sla_diag *diag)
{
    sla_calendar *cal = NULL;
    int rc = sla_calendar_new("UTC", text, &cal, diag);
    sla_calendar_free(cal);
    return rc;
}

static void test_hours_size(void **unused)
{
    char *text = malloc(8192), *p;
    int i;
    sla_diag *diag = NULL;
    (void)unused;
    assert_int_equal(sla_diag_new(&diag), 0);

    /* More than 4096 bytes. */
    memset(text, ' ', 5000);
    memcpy(text + 4990, "24/7", 5);
    assert_int_equal(hours_rc(text, diag), SLA_ELIMIT);

    /* 65 rules. */
    p = text;
    for (i = 0; i < 65; i++)
        p += sprintf(p, "%sMo 0%d:00-0%d:30", i ? ";" : "", i % 10, i % 10);
    assert_int_equal(hours_rc(text, diag), SLA_ELIMIT);
    assert_string_equal(sla_diag_construct(diag), "rule");

    /* 33 spans in one rule. */
    p = text + sprintf(text, "Mo ");
    for (i = 0; i < 33; i++)
        p += sprintf(p, "%s%02d:%02d-%02d:%02d", i ? "," : "", i / 2, (i % 2) * 30, i / 2,
                     (i % 2) * 30 + 10);
    assert_int_equal(hours_rc(text, diag), SLA_ELIMIT);

    free(text);
    sla_diag_free(diag);
}

static void test_hours_bytes(void **unused)
{
    sla_diag *diag = NULL;
    (void)unused;
    assert_int_equal(sla_diag_new(&diag), 0);
    /* Invalid UTF-8 and non-ASCII: refused with the byte column. */
    assert_int_equal(hours_rc("Mo-Fr \xff\xfe 09:00-17:00", diag), SLA_EPARSE);
    assert_int_equal(sla_diag_column(diag), 7);
    assert_int_equal(hours_rc("Mo-Fr 09:00\xe2\x80\x93" "17:00", diag), SLA_EPARSE);
    /* The text is a C string: it ends at the first NUL. */
    assert_int_equal(hours_rc("Mo-Fr 09:00-17:00\0 sunrise", diag), 0);
    /* Control characters. */
    assert_int_equal(hours_rc("Mo-Fr\x01 09:00-17:00", diag), SLA_EPARSE);
    /* Absurd years. */
    assert_int_equal(hours_rc("1900 Dec 24 10:00-12:00", diag), SLA_EPARSE);
    assert_string_equal(sla_diag_construct(diag), "year");
    assert_int_equal(hours_rc("2300 Dec 24 10:00-12:00", diag), SLA_EPARSE);
    assert_int_equal(hours_rc("99999999999999999999 Dec 24 off", diag), SLA_EPARSE);
    assert_int_equal(hours_rc("Mo 99999999999999999999:00-10:00", diag), SLA_EPARSE);
    sla_diag_free(diag);
}

static void test_never_opens(void **unused)
{
    static const char *const never[] = {"off", "Mo-Su off", "Jan-Dec closed"};
    size_t i;
    (void)unused;
    NEED_TZ();
    for (i = 0; i < sizeof never / sizeof never[0]; i++) {
        sla_calendar *cal = NULL;
        int64_t r = -7;
        int open = -1;
        assert_int_equal(sla_calendar_new("Europe/Oslo", never[i], &cal, NULL), 0);
        assert_int_equal(sla_calendar_is_open(cal, 1735689600, &open), 0);
        assert_int_equal(open, 0);
        assert_int_equal(sla_calendar_add(cal, 1735689600, 1, &r), SLA_ENEVER);
        assert_int_equal(sla_calendar_sub(cal, 1735689600, 1, &r), SLA_ENEVER);
        assert_int_equal(sla_calendar_next_open(cal, 0, &r), SLA_ENEVER);
        assert_int_equal(r, -7);
        assert_int_equal(sla_calendar_diff(cal, SLA_TIME_MIN, SLA_TIME_MAX - 1, &r), 0);
        assert_int_equal(r, 0);
        sla_calendar_free(cal);
    }
    /* Open only on one day in 2025: from 2026 on it never opens again. */
    {
        sla_calendar *cal = NULL;
        int64_t r;
        assert_int_equal(sla_calendar_new("Europe/Oslo", "2025 Dec 24 09:00-12:00", &cal, NULL), 0);
        assert_int_equal(sla_calendar_add(cal, 1735689600, 3 * 3600, &r), 0);
        assert_int_equal(sla_calendar_add(cal, 1735689600, 3 * 3600 + 1, &r), SLA_ENEVER);
        assert_int_equal(sla_calendar_next_open(cal, 1767225600, &r), SLA_ENEVER);
        sla_calendar_free(cal);
    }
}

/* ---- calendars: range and counts -------------------------------------------------- */

static void test_range(void **unused)
{
    sla_calendar *cal = NULL;
    int64_t r = -7;
    int open;
    (void)unused;
    NEED_TZ();
    assert_int_equal(sla_calendar_new("Europe/Oslo", "24/7", &cal, NULL), 0);
    assert_int_equal(sla_calendar_add(cal, SLA_TIME_MAX, 0, &r), SLA_ERANGE);
    assert_int_equal(sla_calendar_add(cal, -1, 0, &r), SLA_ERANGE);
    assert_int_equal(sla_calendar_add(cal, INT64_MIN, 0, &r), SLA_ERANGE);
    assert_int_equal(sla_calendar_add(cal, 0, INT64_MAX, &r), SLA_ERANGE);
    assert_int_equal(sla_calendar_add(cal, SLA_TIME_MAX - 10, 10, &r), SLA_ERANGE);
    assert_int_equal(sla_calendar_sub(cal, 10, 11, &r), SLA_ERANGE);
    assert_int_equal(sla_calendar_add(cal, 0, -1, &r), SLA_EINVAL);
    assert_int_equal(sla_calendar_sub(cal, 0, INT64_MIN, &r), SLA_EINVAL);
    assert_int_equal(sla_calendar_is_open(cal, INT64_MAX, &open), SLA_ERANGE);
    assert_int_equal(sla_calendar_diff(cal, INT64_MIN, INT64_MAX, &r), SLA_ERANGE);
    assert_int_equal(r, -7);
    /* The whole range at once is fine. */
    assert_int_equal(sla_calendar_diff(cal, SLA_TIME_MIN, SLA_TIME_MAX - 1, &r), 0);
    assert_int_equal(r, SLA_TIME_MAX - 1);
    assert_int_equal(sla_calendar_next_close(cal, 0, &r), SLA_ENEVER);
    sla_calendar_free(cal);
}

static void test_builder_counts(void **unused)
{
    sla_calendar_builder *b = NULL;
    int i, rc = 0;
    (void)unused;
    NEED_TZ();
    assert_int_equal(sla_calendar_builder_new("UTC", &b), 0);
    assert_int_equal(sla_calendar_builder_add_holiday(b, 2200, 1, 1), SLA_ERANGE);
    assert_int_equal(sla_calendar_builder_add_holiday(b, 1969, 12, 31), SLA_ERANGE);
    assert_int_equal(sla_calendar_builder_add_holiday(b, 2025, 2, 29), SLA_EINVAL);
    assert_int_equal(sla_calendar_builder_add_holiday(b, 2025, 13, 1), SLA_EINVAL);
    assert_int_equal(sla_calendar_builder_add_holiday(b, INT32_MAX, 1, 1), SLA_ERANGE);
    assert_int_equal(sla_calendar_builder_add_closure(b, 10, 5), SLA_EINVAL);
    assert_int_equal(sla_calendar_builder_add_closure(b, -5, 5), SLA_ERANGE);
    assert_int_equal(sla_calendar_builder_add_opening(b, 0, INT64_MAX), SLA_ERANGE);
    /* 100000 holidays are accepted, the next one is the limit (a date added
     * twice counts twice until compiled). */
    for (i = 0; i < 110000 && rc == 0; i++) {
        int64_t day = i % 83000; /* 1970-01-01 .. 2197 */
        int y = 1970 + (int)(day / 366), d = (int)(day % 366);
        rc = sla_calendar_builder_add_holiday(b, y, 1 + (d / 28) % 12, 1 + d % 28);
    }
    assert_int_equal(rc, SLA_ELIMIT);
    assert_int_equal(i, 100001); /* the 100001st add is refused */
    sla_calendar_builder_free(b);

    /* A closure that spans the whole range: compiles and never opens. */
    assert_int_equal(sla_calendar_builder_new("Europe/Oslo", &b), 0);
    assert_int_equal(sla_calendar_builder_set_hours(b, "Mo-Fr 09:00-17:00", NULL), 0);
    assert_int_equal(sla_calendar_builder_add_closure(b, SLA_TIME_MIN, SLA_TIME_MAX), 0);
    {
        sla_calendar *cal = NULL;
        int64_t r;
        rc = sla_calendar_builder_compile(b, &cal);
        assert_true(rc == 0 || rc == SLA_ELIMIT);
        if (rc == 0) {
            assert_int_equal(sla_calendar_next_open(cal, 0, &r), SLA_ENEVER);
            sla_calendar_free(cal);
        }
    }
    sla_calendar_builder_free(b);
}

/* ---- instants and durations --------------------------------------------------------- */

static void test_text(void **unused)
{
    int64_t r = -7;
    char *big;
    sla_diag *diag = NULL;
    (void)unused;
    assert_int_equal(sla_diag_new(&diag), 0);
    assert_int_equal(sla_parse_instant(NULL, "2200-01-01T00:00:00Z", &r, diag), SLA_ERANGE);
    assert_int_equal(sla_parse_instant(NULL, "1969-12-31T23:59:59Z", &r, diag), SLA_ERANGE);
    assert_int_equal(sla_parse_instant(NULL, "99999999999999999999999", &r, diag), SLA_ERANGE);
    assert_int_equal(sla_parse_instant(NULL, "-1", &r, diag), SLA_ERANGE);
    assert_int_equal(sla_parse_instant(NULL, "99999-01-01T00:00:00Z", &r, diag), SLA_EPARSE);
    assert_int_equal(sla_parse_instant(NULL, "2025-03-28T15:50:00\xff", &r, diag), SLA_EPARSE);
    assert_int_equal(sla_parse_instant(NULL, "2025-03-28 15:50", &r, diag), SLA_EPARSE);
    assert_int_equal(sla_parse_duration("9999999999999999999999999h", &r, diag), SLA_ERANGE);
    assert_int_equal(sla_parse_duration("300000000000s", &r, diag), SLA_ERANGE);
    assert_int_equal(sla_parse_duration("P1Y", &r, diag), SLA_EPARSE);
    assert_int_equal(sla_parse_duration("PT", &r, diag), SLA_EPARSE);
    assert_int_equal(sla_parse_duration("1h\xc3", &r, diag), SLA_EPARSE);
    assert_int_equal(r, -7);
    /* A megabyte of digits: no overflow, no quadratic time. */
    big = malloc(1 << 20);
    assert_non_null(big);
    memset(big, '9', (1 << 20) - 1);
    big[(1 << 20) - 1] = '\0';
    assert_int_equal(sla_parse_instant(NULL, big, &r, diag), SLA_ERANGE);
    assert_true(sla_parse_duration(big, &r, diag) == SLA_ERANGE);
    free(big);
    sla_diag_free(diag);
}

/* ---- iCalendar -------------------------------------------------------------------------- */

static int ics_rc(const char *data, size_t len, sla_diag *diag)
{
    sla_calendar_builder *b = NULL;
    int rc;
    assert_int_equal(sla_calendar_builder_new("Europe/Oslo", &b), 0);
    rc = sla_calendar_builder_add_ics(b, data, len, NULL, diag);
    sla_calendar_builder_free(b);
    return rc;
}

static int ics_event(const char *body, sla_diag *diag)
{
    char buf[4096];
    int n = snprintf(buf, sizeof buf,
                     "%sBEGIN:VEVENT\r\nUID:x@test\r\nDTSTAMP:20250101T000000Z\r\n%sEND:VEVENT\r\n%s",
                     ICS_HEAD, body, ICS_TAIL);
    assert_true(n > 0 && (size_t)n < sizeof buf);
    return ics_rc(buf, (size_t)n, diag);
}

static void test_ics(void **unused)
{
    sla_diag *diag = NULL;
    char *buf;
    size_t n, i;
    (void)unused;
    NEED_TZ();
    assert_int_equal(sla_diag_new(&diag), 0);

    /* Larger than 16 MiB. */
    buf = malloc(SLA_ICS_MAX_BYTES + 1);
    assert_non_null(buf);
    memset(buf, 'A', SLA_ICS_MAX_BYTES + 1);
    assert_int_equal(ics_rc(buf, SLA_ICS_MAX_BYTES + 1, diag), SLA_ELIMIT);
    free(buf);

    /* Huge recurrence counts, and no end at all. */
    assert_int_equal(ics_event("DTSTART:20250101T000000Z\r\nDTEND:20250101T000001Z\r\n"
                               "RRULE:FREQ=SECONDLY;COUNT=1000000000\r\n",
                               diag),
                     SLA_ELIMIT);
    assert_string_equal(sla_diag_construct(diag), "RRULE");
    assert_int_equal(ics_event("DTSTART:20250101T000000Z\r\nDTEND:20250101T000001Z\r\n"
                               "RRULE:FREQ=MINUTELY\r\n",
                               diag),
                     SLA_ELIMIT);
    /* A yearly holiday without end is fine: 1970-2199 holds few instances. */
    assert_int_equal(ics_event("DTSTART;VALUE=DATE:20250501\r\nRRULE:FREQ=YEARLY\r\n", diag), 0);

    /* Deep nesting. */
    buf = malloc(65536);
    assert_non_null(buf);
    n = (size_t)sprintf(buf, "%s", ICS_HEAD);
    for (i = 0; i < 50; i++)
        n += (size_t)sprintf(buf + n, "BEGIN:X-DEEP\r\n");
    for (i = 0; i < 50; i++)
        n += (size_t)sprintf(buf + n, "END:X-DEEP\r\n");
    n += (size_t)sprintf(buf + n, "%s", ICS_TAIL);
    assert_int_equal(ics_rc(buf, n, diag), SLA_ELIMIT);

    /* Deep folding: one property folded 10000 times is one long line. */
    n = (size_t)sprintf(buf, "%sBEGIN:VEVENT\r\nUID:f@test\r\nDTSTAMP:20250101T000000Z\r\n"
                             "DTSTART;VALUE=DATE:20250101\r\nSUMMARY:x", ICS_HEAD);
    for (i = 0; i < 10000; i++)
        n += (size_t)sprintf(buf + n, "\r\n y");
    n += (size_t)sprintf(buf + n, "\r\nEND:VEVENT\r\n%s", ICS_TAIL);
    assert_int_equal(ics_rc(buf, n, diag), 0);
    free(buf);

    /* NUL bytes inside the data: not a text file. */
    {
        static const char nul[] = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nX-A:a\0b\r\n"
                                  "END:VCALENDAR\r\n";
        assert_int_equal(ics_rc(nul, sizeof nul - 1, diag), SLA_EPARSE);
        assert_true(sla_diag_line(diag) > 0);
    }
    /* Not iCalendar at all; empty. */
    assert_int_equal(ics_rc("hello", 5, diag), SLA_EPARSE);
    assert_int_equal(ics_rc("", 0, diag), SLA_EPARSE);
    /* Invalid UTF-8 in a text value: loaded, the text is not interpreted. */
    assert_int_equal(ics_event("DTSTART;VALUE=DATE:20250101\r\nSUMMARY:\xff\xfe\xc3\r\n", diag), 0);
    /* Absurd years: outside 1970-2199 the instances are ignored, never wrapped. */
    assert_int_equal(ics_event("DTSTART;VALUE=DATE:99991231\r\n", diag), 0);
    sla_diag_free(diag);
}

/* ---- policies and tickets -------------------------------------------------------------- */

static void test_policy_limits(void **unused)
{
    sla_policy *p = NULL;
    sla_ticket *t = NULL;
    char name[40];
    unsigned char junk[64];
    int i, rc = 0;
    (void)unused;
    assert_int_equal(sla_policy_new(&p), 0);
    for (i = 0; i < 5000 && rc == 0; i++)
        rc = sla_policy_add_target(p, SLA_METRIC_FIRST_REPLY, SLA_ANY, SLA_ANY, 60, NULL, 0, NULL,
                                   0);
    assert_int_equal(rc, SLA_ELIMIT);
    assert_int_equal((int)sla_policy_target_count(p), 4096);
    for (i = 0, rc = 0; i < 400 && rc == 0; i++) {
        snprintf(name, sizeof name, "c%d", i);
        rc = sla_policy_add_channel(p, name, NULL);
    }
    assert_int_equal(rc, SLA_ELIMIT);
    assert_int_equal(sla_policy_channel_count(p), SLA_CHANNEL_MAX);
    assert_int_equal(sla_policy_add_channel(p, "a-name-longer-than-thirty-one-bytes", NULL),
                     SLA_EINVAL);
    assert_int_equal(sla_policy_add_channel(p, "\xff\xfe", NULL), SLA_EINVAL);

    /* A ticket whose status flips forever hits the history limit. */
    assert_int_equal(sla_ticket_new(p, 1735689600, SLA_CHANNEL_EMAIL, SLA_PRIORITY_LOW, &t), 0);
    for (i = 0, rc = 0; i < 70000 && rc == 0; i++)
        rc = sla_ticket_set_status(t, 1735689600 + i, i % 2 ? SLA_TICKET_OPEN : SLA_TICKET_PENDING);
    assert_int_equal(rc, SLA_ELIMIT);
    sla_ticket_free(t);

    /* Restoring garbage or truncated bytes. */
    memset(junk, 0xA5, sizeof junk);
    t = NULL;
    rc = sla_ticket_restore(p, junk, sizeof junk, &t);
    assert_true(rc == SLA_EPARSE || rc == SLA_EVERSION);
    assert_null(t);
    assert_int_equal(sla_ticket_new(p, 1735689600, SLA_CHANNEL_EMAIL, SLA_PRIORITY_LOW, &t), 0);
    {
        unsigned char buf[4096];
        int len = sla_ticket_save(t, buf, sizeof buf);
        sla_ticket *u = NULL;
        assert_true(len > 1 && (size_t)len <= sizeof buf);
        for (i = 0; i < len; i++) {
            rc = sla_ticket_restore(p, buf, (size_t)i, &u);
            assert_true(rc == SLA_EPARSE || rc == SLA_EVERSION);
        }
    }
    sla_ticket_free(t);
    sla_policy_free(p);
}

int main(void)
{
    sla_calendar *probe = NULL;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zone_names),   cmocka_unit_test(test_zone_files),
        cmocka_unit_test(test_hours_size),   cmocka_unit_test(test_hours_bytes),
        cmocka_unit_test(test_never_opens),  cmocka_unit_test(test_range),
        cmocka_unit_test(test_builder_counts), cmocka_unit_test(test_text),
        cmocka_unit_test(test_ics),          cmocka_unit_test(test_policy_limits),
    };
    have_tz = sla_calendar_new("Europe/Oslo", NULL, &probe, NULL) == 0;
    sla_calendar_free(probe);
    return cmocka_run_group_tests_name("hostile", tests, NULL, NULL);
}
