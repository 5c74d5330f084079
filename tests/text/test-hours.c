/* Unit tests: opening-hours text (lib/text/hours.c).
 * Expected spans are derived by hand from the rules of the text and the
 * calendar facts noted beside each case (e.g. 2025-01-06 is a Monday).
 * SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/hours.h"

/* ------------------------------------------------------------------------ */
/* helpers                                                                  */

static sla_hours *parse_ok(const char *text)
{
    sla_hours *h = NULL;
    sla_diag *d = NULL;
    int rc;

    assert_int_equal(sla_diag_new(&d), 0);
    rc = sla__hours_parse(text, &h, d);
    if (rc != 0)
        fail_msg("parse of \"%s\" failed: %s (column %d, construct %s)", text,
                 sla_diag_message(d), sla_diag_column(d), sla_diag_construct(d));
    assert_non_null(h);
    sla_diag_free(d);
    return h;
}

/* day number of an ISO date "YYYY-MM-DD" */
static int64_t D(const char *iso)
{
    int y, m, d;
    assert_int_equal(sscanf(iso, "%d-%d-%d", &y, &m, &d), 3);
    return sla__days_from_civil(y, (unsigned)m, (unsigned)d);
}

/* the spans of a day as "HH:MM-HH:MM,..." (hours past 24 for spans that
 * run into the next day) */
static const char *spans_str(const sla_hours *h, int64_t day, bool holiday)
{
    static char buf[2048];
    sla__span sp[SLA__MAX_DAY_SPANS];
    size_t n = 999, i, off = 0;

    sla__hours_day(h, day, holiday, sp, &n);
    assert_true(n <= SLA__MAX_DAY_SPANS);
    buf[0] = '\0';
    for (i = 0; i < n; i++) {
        assert_true(sp[i].start >= 0 && sp[i].start < sp[i].end && sp[i].end <= 48 * 3600);
        if (i)
            assert_true(sp[i].start > sp[i - 1].end);
        off += (size_t)snprintf(buf + off, sizeof buf - off, "%s%02d:%02d-%02d:%02d",
                                i ? "," : "", sp[i].start / 3600, sp[i].start % 3600 / 60,
                                sp[i].end / 3600, sp[i].end % 3600 / 60);
    }
    return buf;
}

#define DAY(h, iso, expected) assert_string_equal(spans_str((h), D(iso), false), (expected))
#define HOL(h, iso, expected) assert_string_equal(spans_str((h), D(iso), true), (expected))

/* Parse must fail with `code` at the 1-based column of the first
 * occurrence of `at` in `text` (at == NULL: column `col`), construct `cons`. */
static void expect_err_at(const char *text, int code, const char *at, int col, const char *cons)
{
    sla_hours *h = (sla_hours *)(uintptr_t)0x1; /* must stay untouched */
    sla_diag *d = NULL;
    int rc;

    assert_int_equal(sla_diag_new(&d), 0);
    rc = sla__hours_parse(text, &h, d);
    if (rc != code)
        fail_msg("\"%s\": rc %d (%s), expected %d", text, rc, sla_diag_message(d), code);
    assert_ptr_equal(h, (sla_hours *)(uintptr_t)0x1);
    if (at) {
        const char *p = strstr(text, at);
        assert_non_null(p);
        col = (int)(p - text) + 1;
    }
    if (sla_diag_column(d) != col || strcmp(sla_diag_construct(d), cons) != 0)
        fail_msg("\"%s\": column %d construct \"%s\" (%s); expected column %d construct \"%s\"",
                 text, sla_diag_column(d), sla_diag_construct(d), sla_diag_message(d), col, cons);
    assert_int_equal(sla_diag_code(d), code);
    assert_int_equal(sla_diag_line(d), 1);
    assert_true(strlen(sla_diag_message(d)) > 10);
    sla_diag_free(d);
}

#define ERR(text, at, cons) expect_err_at((text), SLA_EPARSE, (at), 0, (cons))

/* ------------------------------------------------------------------------ */
/* constructs                                                               */

static void test_weekdays(void **state)
{
    sla_hours *h;
    (void)state;

    /* 2025-01-06 Mo ... 2025-01-12 Su */
    h = parse_ok("Mo-Fr 08:00-12:00,13:00-17:00");
    DAY(h, "2025-01-06", "08:00-12:00,13:00-17:00");
    DAY(h, "2025-01-10", "08:00-12:00,13:00-17:00");
    DAY(h, "2025-01-11", "");
    DAY(h, "2025-01-12", "");
    assert_false(sla__hours_uses_ph(h));
    assert_int_equal(sla__hours_next_change(h, D("2025-01-06")), INT64_MAX);
    sla__hours_free(h);

    h = parse_ok("Mo,We,Fr 09:00-10:00");
    DAY(h, "2025-01-06", "09:00-10:00");
    DAY(h, "2025-01-07", "");
    DAY(h, "2025-01-08", "09:00-10:00");
    DAY(h, "2025-01-09", "");
    DAY(h, "2025-01-10", "09:00-10:00");
    sla__hours_free(h);

    /* wrap-around */
    h = parse_ok("Fr-Mo 10:00-11:00");
    DAY(h, "2025-01-06", "10:00-11:00");
    DAY(h, "2025-01-07", "");
    DAY(h, "2025-01-09", "");
    DAY(h, "2025-01-10", "10:00-11:00");
    DAY(h, "2025-01-11", "10:00-11:00");
    DAY(h, "2025-01-12", "10:00-11:00");
    sla__hours_free(h);

    /* ranges and items mixed; times alone select every day */
    h = parse_ok("Mo-We,Sa 07:00-08:00");
    DAY(h, "2025-01-08", "07:00-08:00");
    DAY(h, "2025-01-09", "");
    DAY(h, "2025-01-11", "07:00-08:00");
    sla__hours_free(h);
    h = parse_ok("10:00-11:00");
    DAY(h, "2025-01-12", "10:00-11:00");
    sla__hours_free(h);
}

static void test_always_and_whole_days(void **state)
{
    sla_hours *h;
    (void)state;

    h = parse_ok("24/7");
    DAY(h, "2025-01-06", "00:00-24:00");
    DAY(h, "2025-01-12", "00:00-24:00");
    HOL(h, "2025-01-06", ""); /* holidays are closed unless a PH rule says otherwise */
    sla__hours_free(h);

    h = parse_ok("24/7; Su off");
    DAY(h, "2025-01-11", "00:00-24:00");
    DAY(h, "2025-01-12", "");
    sla__hours_free(h);

    h = parse_ok("Mo-Fr");
    DAY(h, "2025-01-06", "00:00-24:00");
    DAY(h, "2025-01-11", "");
    sla__hours_free(h);

    h = parse_ok("Mo-Fr 09:00-17:00; Su open");
    DAY(h, "2025-01-12", "00:00-24:00");
    DAY(h, "2025-01-11", "");
    DAY(h, "2025-01-07", "09:00-17:00");
    sla__hours_free(h);

    h = parse_ok("off");
    DAY(h, "2025-01-06", "");
    DAY(h, "2025-01-12", "");
    sla__hours_free(h);

    h = parse_ok("open");
    DAY(h, "2025-01-06", "00:00-24:00");
    sla__hours_free(h);

    h = parse_ok("Mo-Sa 08:00-18:00; Sa closed");
    DAY(h, "2025-01-11", "");
    DAY(h, "2025-01-10", "08:00-18:00");
    sla__hours_free(h);

    h = parse_ok("Mo 10:00-12:00 open");
    DAY(h, "2025-01-06", "10:00-12:00");
    sla__hours_free(h);
}

static void test_end_of_day_and_overnight(void **state)
{
    sla_hours *h;
    (void)state;

    h = parse_ok("Mo-Fr 18:00-24:00");
    DAY(h, "2025-01-06", "18:00-24:00");
    sla__hours_free(h);

    /* overnight spans belong to the day they start */
    h = parse_ok("Mo-Fr 22:00-06:00");
    DAY(h, "2025-01-06", "22:00-30:00");
    DAY(h, "2025-01-10", "22:00-30:00");
    DAY(h, "2025-01-11", "");
    DAY(h, "2025-01-12", "");
    sla__hours_free(h);

    /* extended times up to 48:00 */
    h = parse_ok("Sa 22:00-26:00");
    DAY(h, "2025-01-11", "22:00-26:00");
    DAY(h, "2025-01-12", "");
    sla__hours_free(h);
    h = parse_ok("Mo 10:00-48:00");
    DAY(h, "2025-01-06", "10:00-48:00");
    sla__hours_free(h);
    h = parse_ok("Mo 00:00-24:00,22:00-02:00");
    DAY(h, "2025-01-06", "00:00-26:00");
    sla__hours_free(h);

    /* the next day's normal rule does not cut the overnight span */
    h = parse_ok("Mo 22:00-06:00; Tu 10:00-12:00");
    DAY(h, "2025-01-06", "22:00-30:00");
    DAY(h, "2025-01-07", "10:00-12:00");
    sla__hours_free(h);

    /* one-digit hours are accepted */
    h = parse_ok("9:00-17:30");
    DAY(h, "2025-01-06", "09:00-17:30");
    sla__hours_free(h);
}

static void test_normal_vs_additional(void **state)
{
    sla_hours *h;
    (void)state;

    /* ';' replaces */
    h = parse_ok("Mo-Fr 08:00-16:00; Fr 08:00-14:00");
    DAY(h, "2025-01-09", "08:00-16:00");
    DAY(h, "2025-01-10", "08:00-14:00");
    sla__hours_free(h);
    h = parse_ok("Mo-Fr 08:00-16:00; Fr 17:00-18:00");
    DAY(h, "2025-01-10", "17:00-18:00");
    sla__hours_free(h);

    /* ',' between rules adds */
    h = parse_ok("Mo-Fr 08:00-12:00, We 14:00-16:00");
    DAY(h, "2025-01-07", "08:00-12:00");
    DAY(h, "2025-01-08", "08:00-12:00,14:00-16:00");
    DAY(h, "2025-01-11", "");
    sla__hours_free(h);
    h = parse_ok("Mo-Fr 08:00-12:00, Sa 10:00-12:00");
    DAY(h, "2025-01-11", "10:00-12:00");
    sla__hours_free(h);

    /* ',' then a time: another span of the same rule */
    h = parse_ok("Mo 08:00-10:00, 12:00-14:00");
    DAY(h, "2025-01-06", "08:00-10:00,12:00-14:00");
    DAY(h, "2025-01-07", "");
    sla__hours_free(h);

    /* overlapping and touching spans merge */
    h = parse_ok("Tu 10:00-12:00,11:00-13:00,13:00-14:00, Tu 16:00-17:00, Tu 14:00-16:00");
    DAY(h, "2025-01-07", "10:00-17:00");
    sla__hours_free(h);

    /* off without times closes the day, with times removes them */
    h = parse_ok("Mo-Fr 08:00-16:00, We off");
    DAY(h, "2025-01-08", "");
    DAY(h, "2025-01-09", "08:00-16:00");
    sla__hours_free(h);
    h = parse_ok("Mo-Fr 08:00-16:00, We 12:00-13:00 off");
    DAY(h, "2025-01-08", "08:00-12:00,13:00-16:00");
    DAY(h, "2025-01-07", "08:00-16:00");
    sla__hours_free(h);
    h = parse_ok("Mo-Fr 08:00-16:00; We 12:00-13:00 off");
    DAY(h, "2025-01-08", "08:00-12:00,13:00-16:00");
    sla__hours_free(h);
    h = parse_ok("Mo-Fr 08:00-16:00; We 07:00-09:00,10:00-11:00,15:00-17:00 closed");
    DAY(h, "2025-01-08", "09:00-10:00,11:00-15:00");
    sla__hours_free(h);
    /* an off span also belongs to the day it starts */
    h = parse_ok("Mo 20:00-04:00, Mo 23:00-01:00 off");
    DAY(h, "2025-01-06", "20:00-23:00,25:00-28:00");
    sla__hours_free(h);

    /* a later normal rule after an additional one replaces both */
    h = parse_ok("Mo 08:00-09:00, Mo 10:00-11:00; Mo 12:00-13:00");
    DAY(h, "2025-01-06", "12:00-13:00");
    sla__hours_free(h);

    /* date list followed by ',' and a weekday: an additional rule */
    h = parse_ok("Mo-Fr 09:00-17:00; Dec 24 10:00-12:00, Sa 10:00-11:00");
    DAY(h, "2025-12-24", "10:00-12:00");
    DAY(h, "2025-12-27", "10:00-11:00");
    sla__hours_free(h);

    /* trailing ';' and free whitespace, any case */
    h = parse_ok("  mo-FR\t08:00 - 12:00 ;  sa 10:00-12:00 OFF ;  \r\n");
    DAY(h, "2025-01-06", "08:00-12:00");
    DAY(h, "2025-01-11", "");
    sla__hours_free(h);
}

static void test_public_holidays(void **state)
{
    sla_hours *h;
    (void)state;

    h = parse_ok("Mo-Fr 09:00-17:00");
    assert_false(sla__hours_uses_ph(h));
    HOL(h, "2025-01-06", "");
    sla__hours_free(h);

    h = parse_ok("Mo-Fr 09:00-17:00; PH 10:00-14:00");
    assert_true(sla__hours_uses_ph(h));
    DAY(h, "2025-01-06", "09:00-17:00");
    HOL(h, "2025-01-06", "10:00-14:00");
    HOL(h, "2025-01-12", "10:00-14:00");
    sla__hours_free(h);

    /* PH rules apply after all others, wherever they stand */
    h = parse_ok("PH 10:00-12:00; Mo-Fr 09:00-17:00");
    HOL(h, "2025-01-06", "10:00-12:00");
    DAY(h, "2025-01-06", "09:00-17:00");
    sla__hours_free(h);

    h = parse_ok("Mo-Su 08:00-20:00; Sa,Su,PH off");
    DAY(h, "2025-01-11", "");
    DAY(h, "2025-01-10", "08:00-20:00");
    HOL(h, "2025-01-07", "");
    sla__hours_free(h);

    h = parse_ok("Mo-Fr,PH 09:00-12:00");
    HOL(h, "2025-01-12", "09:00-12:00");
    DAY(h, "2025-01-12", "");
    DAY(h, "2025-01-06", "09:00-12:00");
    sla__hours_free(h);

    /* a PH-only rule does not apply on ordinary days */
    h = parse_ok("PH 10:00-12:00");
    DAY(h, "2025-01-06", "");
    HOL(h, "2025-01-06", "10:00-12:00");
    sla__hours_free(h);

    /* PH with date selectors, and additional PH rules: a ',' PH rule adds
     * to the hours the date has (SEMANTICS 2.1) */
    h = parse_ok("Mo-Fr 09:00-17:00; Dec PH 10:00-12:00, PH 13:00-14:00");
    HOL(h, "2025-12-25", "10:00-12:00,13:00-14:00");
    HOL(h, "2025-01-01", "09:00-17:00");
    HOL(h, "2025-01-04", "13:00-14:00"); /* a Saturday */
    sla__hours_free(h);

    h = parse_ok("ph 08:00-22:00; PH 12:00-13:00 off");
    HOL(h, "2025-05-01", "08:00-12:00,13:00-22:00");
    sla__hours_free(h);
}

/* The spans of a holiday given what the day before carries past midnight. */
static const char *hol_with_spill(const sla_hours *h, const char *iso, int32_t s, int32_t e)
{
    static char buf[2048];
    sla__span sp[SLA__MAX_DAY_SPANS], in = {s, e};
    sla__hours_sel sel;
    size_t n, i, off = 0;

    sla__hours_sel_of(h, D(iso), &sel);
    sla__hours_eval(h, D(iso), &sel, true, &in, 1, sp, &n);
    buf[0] = '\0';
    for (i = 0; i < n; i++)
        off += (size_t)snprintf(buf + off, sizeof buf - off, "%s%02d:%02d-%02d:%02d",
                                i ? "," : "", sp[i].start / 3600, sp[i].start % 3600 / 60,
                                sp[i].end / 3600, sp[i].end % 3600 / 60);
    return buf;
}

/* SEMANTICS 2.1, holidays are dates. 2025-05-01 is a Thursday. */
static void test_holidays_are_dates(void **state)
{
    sla_hours *h;
    (void)state;

    /* no PH rule: '; PH off'; the holiday's own night past midnight stands */
    h = parse_ok("Mo-Fr 22:00-06:00; PH off");
    HOL(h, "2025-05-01", "24:00-30:00");
    DAY(h, "2025-05-01", "22:00-30:00");
    assert_string_equal(hol_with_spill(h, "2025-05-01", 0, 6 * 3600), "24:00-30:00");
    sla__hours_free(h);
    h = parse_ok("Mo-Fr 22:00-06:00");
    HOL(h, "2025-05-01", "24:00-30:00");
    sla__hours_free(h);

    /* a PH rule that only removes times keeps the rest of the date */
    h = parse_ok("open; Tu-Su,PH 14:00-14:30 off");
    HOL(h, "2025-05-05", "00:00-14:00,14:30-24:00"); /* a Monday */
    DAY(h, "2025-05-05", "00:00-24:00");
    DAY(h, "2025-05-06", "00:00-14:00,14:30-24:00");
    sla__hours_free(h);

    /* PH rules apply after all others, wherever they stand */
    h = parse_ok("PH off; Mo-Fr 08:00-16:00");
    HOL(h, "2025-05-01", "");
    DAY(h, "2025-05-01", "08:00-16:00");
    sla__hours_free(h);
    h = parse_ok("PH 10:00-12:00; Mo-Fr 08:00-16:00; Th 09:00-11:00");
    HOL(h, "2025-05-01", "10:00-12:00");
    sla__hours_free(h);

    /* ';' PH replaces 00:00-24:00, also what the day before carries in */
    h = parse_ok("Mo-Fr 22:00-06:00; PH 10:00-14:00");
    HOL(h, "2025-05-01", "10:00-14:00,24:00-30:00");
    assert_string_equal(hol_with_spill(h, "2025-05-01", 0, 6 * 3600), "10:00-14:00,24:00-30:00");
    sla__hours_free(h);

    /* ',' PH adds to the date's hours, the carried-in part included */
    h = parse_ok("Mo-Fr 22:00-06:00, PH 10:00-14:00");
    assert_string_equal(hol_with_spill(h, "2025-05-01", 0, 6 * 3600),
                        "00:00-06:00,10:00-14:00,22:00-30:00");
    HOL(h, "2025-05-03", "10:00-14:00"); /* a Saturday */
    sla__hours_free(h);

    /* 'off' with times removes only those, from the carried-in part too */
    h = parse_ok("Mo-Fr 22:00-06:00; PH 01:00-03:00 off");
    assert_string_equal(hol_with_spill(h, "2025-05-01", 0, 6 * 3600),
                        "00:00-01:00,03:00-06:00,22:00-30:00");
    sla__hours_free(h);
    h = parse_ok("Mo-Fr 22:00-06:00; PH 23:00-01:00 off");
    HOL(h, "2025-05-01", "22:00-23:00,25:00-30:00");
    sla__hours_free(h);

    /* the holiday's own PH night runs past its midnight */
    h = parse_ok("Mo-Fr 08:00-16:00; PH 20:00-02:00");
    HOL(h, "2025-05-01", "20:00-26:00");
    sla__hours_free(h);

    /* a weekday-and-PH rule, and PH with a date selector */
    h = parse_ok("Mo-Fr 08:00-16:00; Sa,PH 10:00-12:00; Dec PH off");
    HOL(h, "2025-05-01", "10:00-12:00");
    HOL(h, "2025-12-25", "");
    DAY(h, "2025-05-03", "10:00-12:00");
    sla__hours_free(h);
}

/* nth weekday, weeks, Easter, ':' and comments. May 2025: Mondays 5, 12, 19,
 * 26; Tuesdays 6, 13, 20, 27; Fridays 2, 9, 16, 23, 30. Easter 2025 is
 * Apr 20, Easter 2026 Apr 5. 2025-05-10 is the Saturday of ISO week 19. */
static void test_more_syntax(void **state)
{
    sla_hours *h;
    size_t len;
    const char *com;
    (void)state;

    h = parse_ok("Mo[1] 10:00-12:00");
    DAY(h, "2025-05-05", "10:00-12:00");
    DAY(h, "2025-05-12", "");
    DAY(h, "2025-06-02", "10:00-12:00");
    sla__hours_free(h);
    h = parse_ok("Fr[-1] 09:00-17:00");
    DAY(h, "2025-05-30", "09:00-17:00");
    DAY(h, "2025-05-23", "");
    sla__hours_free(h);
    h = parse_ok("Mo[1,3] 08:00-12:00; Tu[2-4] 13:00-14:00, Fr[-2] 15:00-16:00");
    DAY(h, "2025-05-05", "08:00-12:00");
    DAY(h, "2025-05-12", "");
    DAY(h, "2025-05-19", "08:00-12:00");
    DAY(h, "2025-05-06", "");
    DAY(h, "2025-05-13", "13:00-14:00");
    DAY(h, "2025-05-27", "13:00-14:00");
    DAY(h, "2025-05-23", "15:00-16:00");
    DAY(h, "2025-05-30", "");
    sla__hours_free(h);
    h = parse_ok("Mo[1],Mo 10:00-11:00"); /* every Monday */
    DAY(h, "2025-05-12", "10:00-11:00");
    sla__hours_free(h);

    h = parse_ok("week 01-53/2 Sa 10:00-14:00");
    DAY(h, "2025-05-10", "10:00-14:00");
    DAY(h, "2025-05-17", "");
    DAY(h, "2025-05-24", "10:00-14:00");
    DAY(h, "2025-01-04", "10:00-14:00"); /* week 1 of 2025 */
    sla__hours_free(h);
    h = parse_ok("week 10-20,53 Mo-Fr 08:00-12:00");
    DAY(h, "2025-03-03", "08:00-12:00"); /* Monday of week 10 */
    DAY(h, "2025-02-28", "");            /* week 9 */
    DAY(h, "2020-12-31", "08:00-12:00"); /* week 53 of 2020 */
    sla__hours_free(h);

    h = parse_ok("Mo-Su 08:00-16:00; easter -2 days off");
    DAY(h, "2025-04-18", "");
    DAY(h, "2025-04-19", "08:00-16:00");
    DAY(h, "2026-04-03", "");
    sla__hours_free(h);
    /* the end of an Easter range is excluded, as opening_hours.js reads it */
    h = parse_ok("Mo-Su 08:00-16:00; easter -2 days-easter +1 day off");
    DAY(h, "2025-04-17", "08:00-16:00");
    DAY(h, "2025-04-18", "");
    DAY(h, "2025-04-20", "");
    DAY(h, "2025-04-21", "08:00-16:00");
    sla__hours_free(h);
    h = parse_ok("easter 10:00-12:00, easter +1 day 10:00-11:00");
    DAY(h, "2025-04-20", "10:00-12:00");
    DAY(h, "2025-04-21", "10:00-11:00");
    sla__hours_free(h);

    h = parse_ok("Apr-Oct: Mo-Fr 08:00-18:00");
    DAY(h, "2025-05-05", "08:00-18:00");
    DAY(h, "2025-11-03", "");
    sla__hours_free(h);
    h = parse_ok("Jan 23-Feb 12: Mo-Fr 10:00-12:00; 2025 Dec 24: 09:00-12:00");
    DAY(h, "2025-02-12", "10:00-12:00");
    DAY(h, "2025-02-13", "");
    DAY(h, "2025-12-24", "09:00-12:00");
    sla__hours_free(h);

    h = parse_ok("Mo-Fr 08:00-16:00 open \"office\"; Dec 24 off \"Christmas Eve\"");
    DAY(h, "2025-05-05", "08:00-16:00");
    DAY(h, "2025-12-24", "");
    assert_int_equal(sla__hours_rules(h), 2);
    com = sla__hours_comment(h, 0, &len);
    assert_int_equal(len, 6);
    assert_memory_equal(com, "office", 6);
    com = sla__hours_comment(h, 1, &len);
    assert_int_equal(len, 13);
    assert_memory_equal(com, "Christmas Eve", 13);
    assert_null(sla__hours_comment(h, 2, &len));
    sla__hours_free(h);

    /* refused, naming the construct and its column */
    ERR("Mo-Fr 08:00-16:00 \"office\"", "\"", "comment");
    ERR("\"by appointment\"", "\"", "comment");
    ERR("week 10-20/1 Mo off", "1 Mo", "week number");
    ERR("easter +2 days-easter off", "easter off", "easter");
    ERR("Mo[0] off", "0", "nth weekday");
    ERR("Sep 29-Sep 28 off", "28", "month day");
    ERR("Mar 01-Feb 28 off", "28", "month day");
    ERR("Mar 01-Feb 29 off", "29", "month day");
    ERR("Mo[1 off", "off", "nth weekday");
    ERR("Mon-Fri 08:00-16:00", "Mon", "token");
    ERR("Mo-Fri 08:00-16:00", "Fri", "token");
    ERR("Tues 08:00-16:00", "Tues", "token");
    ERR("PH of", "of", "modifier");
    ERR("Mo-Fr 10:00+", "+", "open end");
    ERR("Mo-Fr 08:00-16:00 || \"by appointment\"", "||", "fallback rule");
    ERR("Mo-Fr unknown", "unknown", "unknown");
    ERR("SH off", "SH", "SH");
    ERR("Mo-Fr sunrise-18:00", "sunrise", "sunrise");
}

static void test_messages(void **state)
{
    sla_diag *d = NULL;
    sla_hours *h = NULL;
    (void)state;
    assert_int_equal(sla_diag_new(&d), 0);
    assert_int_equal(sla__hours_parse("Mon-Fri 08:00-16:00", &h, d), SLA_EPARSE);
    assert_non_null(strstr(sla_diag_message(d), "'Mo' instead of 'Mon'"));
    assert_int_equal(sla__hours_parse("Mo-Fri 08:00-16:00", &h, d), SLA_EPARSE);
    assert_non_null(strstr(sla_diag_message(d), "'Fr' instead of 'Fri'"));
    assert_int_equal(sla__hours_parse("Mo-Fr 08:00-16:00; PH of", &h, d), SLA_EPARSE);
    assert_non_null(strstr(sla_diag_message(d), "'off'"));
    assert_int_equal(sla__hours_parse("Mo-Fr 08:00-16:00 \"office\"", &h, d), SLA_EPARSE);
    assert_non_null(strstr(sla_diag_message(d), "unknown"));
    /* the ':' after a date range is read as such, not as a time */
    assert_int_equal(sla__hours_parse("Jan 23-Feb 12: Mo-Fr 08:00-16:00", &h, d), 0);
    sla__hours_free(h);
    sla_diag_free(d);
}

static void test_months(void **state)
{
    sla_hours *h;
    (void)state;

    h = parse_ok("Mo-Fr 08:00-17:00; Jun-Aug Mo-Fr 09:00-15:00");
    DAY(h, "2025-05-30", "08:00-17:00"); /* Fr */
    DAY(h, "2025-06-02", "09:00-15:00"); /* Mo */
    DAY(h, "2025-07-01", "09:00-15:00"); /* Tu */
    DAY(h, "2025-08-29", "09:00-15:00"); /* Fr */
    DAY(h, "2025-08-30", "");            /* Sa */
    DAY(h, "2025-09-01", "08:00-17:00"); /* Mo */
    sla__hours_free(h);

    /* wrap across the year end */
    h = parse_ok("Nov-Feb 10:00-12:00");
    DAY(h, "2025-10-31", "");
    DAY(h, "2025-11-01", "10:00-12:00");
    DAY(h, "2025-12-31", "10:00-12:00");
    DAY(h, "2026-01-15", "10:00-12:00");
    DAY(h, "2024-02-29", "10:00-12:00");
    DAY(h, "2026-02-28", "10:00-12:00");
    DAY(h, "2026-03-01", "");
    sla__hours_free(h);

    h = parse_ok("Jan,Mar 10:00-11:00; Dec open");
    DAY(h, "2025-01-31", "10:00-11:00");
    DAY(h, "2025-02-01", "");
    DAY(h, "2025-03-01", "10:00-11:00");
    DAY(h, "2025-12-05", "00:00-24:00");
    sla__hours_free(h);

    /* a month followed directly by a time */
    h = parse_ok("Dec 10:00-12:00");
    DAY(h, "2025-12-24", "10:00-12:00");
    DAY(h, "2025-11-30", "");
    sla__hours_free(h);
}

static void test_month_days(void **state)
{
    sla_hours *h;
    (void)state;

    h = parse_ok("Mo-Fr 08:00-16:00; Dec 24-26 off");
    DAY(h, "2025-12-23", "08:00-16:00");
    DAY(h, "2025-12-24", "");
    DAY(h, "2025-12-26", "");
    DAY(h, "2025-12-29", "08:00-16:00");
    sla__hours_free(h);

    h = parse_ok("Mo-Fr 08:00-16:00; Dec 24 closed");
    DAY(h, "2025-12-24", "");
    DAY(h, "2025-12-25", "08:00-16:00");
    sla__hours_free(h);

    /* wrap across the year end */
    h = parse_ok("Dec 24-Jan 02 10:00-12:00");
    DAY(h, "2024-12-23", "");
    DAY(h, "2024-12-24", "10:00-12:00");
    DAY(h, "2024-12-31", "10:00-12:00");
    DAY(h, "2025-01-01", "10:00-12:00");
    DAY(h, "2025-01-02", "10:00-12:00");
    DAY(h, "2025-01-03", "");
    sla__hours_free(h);

    h = parse_ok("Jan 01,Dec 25 08:00-09:00");
    DAY(h, "2025-01-01", "08:00-09:00");
    DAY(h, "2025-01-02", "");
    DAY(h, "2025-12-25", "08:00-09:00");
    sla__hours_free(h);

    /* short list of days of the last month named */
    h = parse_ok("Dec 24,31 10:00-11:00");
    DAY(h, "2025-12-24", "10:00-11:00");
    DAY(h, "2025-12-31", "10:00-11:00");
    DAY(h, "2025-12-25", "");
    sla__hours_free(h);
    h = parse_ok("Dec 20-Jan 02,05-06 10:00-11:00");
    DAY(h, "2026-01-05", "10:00-11:00");
    DAY(h, "2026-01-06", "10:00-11:00");
    DAY(h, "2026-01-04", "");
    DAY(h, "2025-12-20", "10:00-11:00");
    sla__hours_free(h);

    /* the same month written twice: a range through the year end */
    h = parse_ok("May 17-May 11 10:00-11:00");
    DAY(h, "2025-05-10", "10:00-11:00");
    DAY(h, "2025-05-11", "10:00-11:00");
    DAY(h, "2025-05-12", "");
    DAY(h, "2025-05-16", "");
    DAY(h, "2025-05-17", "10:00-11:00");
    DAY(h, "2025-12-31", "10:00-11:00");
    sla__hours_free(h);

    h = parse_ok("Apr 30-May 02 Mo-Fr 09:00-10:00");
    DAY(h, "2025-04-30", "09:00-10:00"); /* We */
    DAY(h, "2025-05-02", "09:00-10:00"); /* Fr */
    DAY(h, "2026-05-02", "");            /* Sa */
    sla__hours_free(h);
}

static void test_leap_days(void **state)
{
    sla_hours *h;
    (void)state;

    h = parse_ok("Feb 29 10:00-12:00");
    DAY(h, "2024-02-29", "10:00-12:00");
    DAY(h, "2024-02-28", "");
    DAY(h, "2024-03-01", "");
    DAY(h, "2025-02-28", "");
    DAY(h, "2025-03-01", "");
    DAY(h, "2000-02-29", "10:00-12:00");
    DAY(h, "2100-03-01", ""); /* 2100 is not a leap year */
    sla__hours_free(h);

    h = parse_ok("Feb 28-Feb 29 10:00-12:00");
    DAY(h, "2025-02-28", "10:00-12:00");
    DAY(h, "2025-03-01", "");
    DAY(h, "2024-02-29", "10:00-12:00");
    sla__hours_free(h);

    /* a range starting on Feb 29 starts on Mar 1 in common years */
    h = parse_ok("Feb 29-Mar 02 10:00-12:00");
    DAY(h, "2025-02-28", "");
    DAY(h, "2025-03-01", "10:00-12:00");
    DAY(h, "2025-03-02", "10:00-12:00");
    DAY(h, "2025-03-03", "");
    DAY(h, "2024-02-29", "10:00-12:00");
    sla__hours_free(h);

    h = parse_ok("2024 Feb 29 off; 10:00-11:00");
    DAY(h, "2024-02-29", "10:00-11:00");
    sla__hours_free(h);
    h = parse_ok("10:00-11:00; 2024 Feb 29 off");
    DAY(h, "2024-02-29", "");
    DAY(h, "2028-02-29", "10:00-11:00");
    sla__hours_free(h);
}

static void test_years(void **state)
{
    sla_hours *h;
    (void)state;

    h = parse_ok("Mo-Fr 09:00-17:00; 2025 Dec 24 09:00-12:00; 2025 Dec 27 10:00-14:00");
    DAY(h, "2025-12-24", "09:00-12:00");
    DAY(h, "2026-12-24", "09:00-17:00"); /* Th */
    DAY(h, "2025-12-27", "10:00-14:00"); /* Sa */
    DAY(h, "2025-12-26", "09:00-17:00");
    sla__hours_free(h);

    h = parse_ok("2025-2026 Mo 10:00-11:00");
    DAY(h, "2024-12-30", "");
    DAY(h, "2025-01-06", "10:00-11:00");
    DAY(h, "2026-12-28", "10:00-11:00");
    DAY(h, "2027-01-04", "");
    sla__hours_free(h);

    h = parse_ok("2025,2027 Mo 10:00-11:00");
    DAY(h, "2025-01-06", "10:00-11:00");
    DAY(h, "2026-01-05", "");
    DAY(h, "2027-01-04", "10:00-11:00");
    sla__hours_free(h);

    h = parse_ok("2025 Jun-Aug 10:00-11:00");
    DAY(h, "2025-07-01", "10:00-11:00");
    DAY(h, "2026-07-01", "");
    sla__hours_free(h);

    /* absolute date ranges across the year end */
    h = parse_ok("2025 Dec 24-2026 Jan 02 10:00-11:00");
    DAY(h, "2025-12-23", "");
    DAY(h, "2025-12-24", "10:00-11:00");
    DAY(h, "2026-01-02", "10:00-11:00");
    DAY(h, "2026-01-03", "");
    DAY(h, "2026-12-24", "");
    sla__hours_free(h);

    h = parse_ok("2025 Dec 30-31,2026 Jan 02,Feb 03 10:00-11:00");
    DAY(h, "2025-12-31", "10:00-11:00");
    DAY(h, "2026-01-01", "");
    DAY(h, "2026-01-02", "10:00-11:00");
    DAY(h, "2027-02-03", "10:00-11:00");
    sla__hours_free(h);

    h = parse_ok("2025 Mar 10-Apr 02 09:00-10:00");
    DAY(h, "2025-03-31", "09:00-10:00");
    DAY(h, "2025-04-03", "");
    sla__hours_free(h);

    h = parse_ok("1970 Jan 01 00:00-24:00; 2199 Dec 31 10:00-11:00");
    DAY(h, "1970-01-01", "00:00-24:00");
    DAY(h, "2199-12-31", "10:00-11:00");
    sla__hours_free(h);
}

/* ------------------------------------------------------------------------ */
/* refusals                                                                 */

static void test_refusals_unsupported(void **state)
{
    (void)state;
    ERR("Mo-Fr sunrise-sunset", "sunrise", "sunrise");
    ERR("Mo 10:00-sunset", "sunset", "sunset");
    ERR("dawn-dusk", "dawn", "dawn");
    ERR("Mo 10:00-dusk", "dusk", "dusk");
    ERR("Mo week 01-10 10:00-12:00", "week", "week number");
    ERR("Mo-Fr 10:00-12:00; week 54 off", "54", "week number");
    ERR("Mo-Fr 10:00-12:00; SH off", "SH", "SH");
    ERR("Mo,SH off", "SH", "SH");
    ERR("Mo easter off", "easter", "easter");
    ERR("Mo-Fr 10:00-12:00; easter -2 off", "off", "easter");
    ERR("Mo 10:00-12:00 || Tu 10:00-12:00", "||", "fallback rule");
    ERR("Mo 10:00-12:00 | Tu", "|", "token");
    ERR("Mo unknown", "unknown", "unknown");
    ERR("Mo 10:00-12:00 unknown", "unknown", "unknown");
    ERR("Mo 10:00-12:00 \"by appointment\"", "\"", "comment");
    ERR("\"closed\"", "\"", "comment");
    ERR("Mo 10:00+", "+", "open end");
    ERR("Mo 10:00-12:00+", "+", "open end");
    ERR("Mo-Fr[1] 10:00-12:00", "[", "nth weekday");
    ERR("Mo-Fr 09:00-17:00; Su[6] off", "6", "nth weekday");
    ERR("Mo 10:00-12:00 open \"by appointment", "\"", "comment");
    ERR("Sa[-1] +1 day off", "+", "day offset");
    ERR("PH +1 day off", "+", "day offset");
    ERR("PH -1 day off", "-", "day offset");
    ERR("Dec 25 +1 day off", "+", "day offset");
    ERR("Mo (sunrise+01:00)-18:00", "(", "variable time");
    ERR("Mo 10:00-16:00/01:30", "/", "time");
    ERR("2025+ Mo off", "+", "year");
    ERR("2020-2030/2 Mo off", "/", "year");
}

static void test_refusals_syntax(void **state)
{
    (void)state;
    expect_err_at("", SLA_EPARSE, NULL, 1, "rule");
    expect_err_at(" \t ", SLA_EPARSE, NULL, 1, "rule");
    expect_err_at("Mo 10:00-10:00", SLA_EPARSE, NULL, 10, "time");
    ERR("Mo 24:00-25:00", "24", "time");
    expect_err_at("Mo 10:00-49:00", SLA_EPARSE, NULL, 10, "time");
    expect_err_at("Mo 10:00-48:01", SLA_EPARSE, NULL, 10, "time");
    ERR("Mo 10:60-12:00", "60", "time");
    ERR("Mo 10:00", "10:00", "time");
    ERR("Mo 10-12", "-", "time");
    ERR("Mo 10:0-12:00", "0-", "time");
    ERR("Mo 100:00-120:00", "100", "time");
    ERR("Mo-Fr 24/7", "24", "time");
    ERR("Feb 30 off", "30", "month day");
    ERR("Apr 31 off", "31", "month day");
    ERR("Dec 0 off", "0", "month day");
    ERR("2025 Feb 29 off", "29", "month day");
    ERR("Dec 26-24 off", "24", "month day");
    ERR("2025 Dec 30-Jan 02 off", "02 off", "date");
    ERR("Dec 24-2026 Jan 02 off", "2026", "date");
    ERR("Jan-Mar 15 off", "15", "month day");
    ERR("1969 Mo off", "1969", "year");
    ERR("2200 off", "2200", "year");
    ERR("2026-2025 off", "2025", "year");
    ERR("Mo-Fx 10:00-12:00", "Fx", "token");
    ERR("Monday 10:00-12:00", "Monday", "token");
    ERR("January 10:00-12:00", "January", "token");
    ERR("Mo 10:00-12:00 foo", "foo", "token");
    ERR("Mo 10:00-12:00;;Tu off", ";Tu", "rule");
    ERR("; Mo off", ";", "rule");
    expect_err_at("Mo 10:00-12:00,", SLA_EPARSE, NULL, 16, "rule");
    ERR("10:00-12:00 Mo", "Mo", "weekday");
    ERR("PH Mo off", "Mo", "weekday");
    ERR("Mo-Fr Dec 24 off", "Dec", "month");
    ERR("Mo off 10:00-12:00", "10", "token");
    ERR("Mo 10:00\xe2\x80\x93" "12:00", "\xe2", "token");
    ERR("Mo 10:00-12:00\nTu off", "\n", "token");
    ERR("Mo 10.00-12.00", ".", "time");
    ERR("Mo- 10:00-12:00", "10", "weekday");
    ERR("PH-Mo off", "-", "weekday");
}

static void test_limits_and_args(void **state)
{
    char *big;
    size_t i, off;
    sla_hours *h = NULL;
    sla_diag *d = NULL;
    (void)state;

    assert_int_equal(sla__hours_parse(NULL, &h, NULL), SLA_EINVAL);
    assert_int_equal(sla__hours_parse("Mo off", NULL, NULL), SLA_EINVAL);
    assert_int_equal(sla__hours_parse("Mo foo", &h, NULL), SLA_EPARSE); /* diag optional */
    assert_null(h);
    assert_null(sla__hours_copy(NULL));
    sla__hours_free(NULL);

    big = malloc(8192);
    assert_non_null(big);

    /* text length: 4096 bytes allowed, 4097 refused */
    memset(big, ' ', 4096);
    memcpy(big, "Mo off", 6);
    big[4096] = '\0';
    h = parse_ok(big);
    sla__hours_free(h);
    big[4096] = ' ';
    big[4097] = '\0';
    expect_err_at(big, SLA_ELIMIT, NULL, 4097, "text");

    /* 64 rules allowed, 65 refused */
    for (i = 0, off = 0; i < 65; i++)
        off += (size_t)sprintf(big + off, "%sMo 10:00-11:00", i ? "; " : "");
    expect_err_at(big, SLA_ELIMIT, NULL, (int)(off - strlen("Mo 10:00-11:00") + 1), "rule");
    big[off - strlen("; Mo 10:00-11:00")] = '\0';
    h = parse_ok(big);
    DAY(h, "2025-01-06", "10:00-11:00");
    sla__hours_free(h);

    /* 32 spans per rule allowed, 33 refused */
    off = (size_t)sprintf(big, "Mo ");
    for (i = 0; i < 33; i++)
        off += (size_t)sprintf(big + off, "%s%02u:%02u-%02u:%02u", i ? "," : "",
                               (unsigned)(i * 40 / 60), (unsigned)(i * 40 % 60),
                               (unsigned)((i * 40 + 20) / 60), (unsigned)((i * 40 + 20) % 60));
    expect_err_at(big, SLA_ELIMIT, NULL, 4 + 32 * 12, "time");
    big[3 + 32 * 12 - 1] = '\0';
    h = parse_ok(big);
    {
        sla__span sp[SLA__MAX_DAY_SPANS];
        size_t n;
        sla__hours_day(h, D("2025-01-06"), false, sp, &n);
        assert_int_equal(n, 32);
        assert_int_equal(sp[31].start, 31 * 40 * 60);
        assert_int_equal(sp[31].end, (31 * 40 + 20) * 60);
    }
    sla__hours_free(h);

    /* additional rules that could give a date more than 48 spans */
    off = (size_t)sprintf(big, "Mo ");
    for (i = 0; i < 30; i++)
        off += (size_t)sprintf(big + off, "%s%02u:%02u-%02u:%02u", i ? "," : "",
                               (unsigned)(i * 40 / 60), (unsigned)(i * 40 % 60),
                               (unsigned)((i * 40 + 20) / 60), (unsigned)((i * 40 + 20) % 60));
    off += (size_t)sprintf(big + off, ", Tu ");
    for (i = 0; i < 19; i++)
        off += (size_t)sprintf(big + off, "%s%02u:%02u-%02u:%02u", i ? "," : "",
                               (unsigned)(i * 40 / 60), (unsigned)(i * 40 % 60),
                               (unsigned)((i * 40 + 20) / 60), (unsigned)((i * 40 + 20) % 60));
    assert_int_equal(sla_diag_new(&d), 0);
    h = NULL;
    assert_int_equal(sla__hours_parse(big, &h, d), SLA_ELIMIT);
    assert_null(h);
    assert_string_equal(sla_diag_construct(d), "rule");
    assert_int_equal(sla_diag_column(d), (int)(strstr(big, "Tu") - big) + 1);
    sla_diag_free(d);
    /* 18 in the second rule: at most 48 */
    big[off - 12] = '\0';
    h = parse_ok(big);
    DAY(h, "2025-01-07", "00:00-00:20,00:40-01:00,01:20-01:40,02:00-02:20,02:40-03:00,"
                         "03:20-03:40,04:00-04:20,04:40-05:00,05:20-05:40,06:00-06:20,"
                         "06:40-07:00,07:20-07:40,08:00-08:20,08:40-09:00,09:20-09:40,"
                         "10:00-10:20,10:40-11:00,11:20-11:40");
    sla__hours_free(h);

    free(big);
}

static void test_copy_and_alloc_failure(void **state)
{
    const char *text = "Mo-Fr 08:00-16:00; Dec 24-26 off; 2025 Dec 27 10:00-12:00; PH 10:00-11:00";
    sla_hours *h, *c, *r;
    unsigned long n;
    int rc = 0;
    (void)state;

    h = parse_ok(text);
    c = sla__hours_copy(h);
    assert_non_null(c);
    sla__hours_free(h);
    DAY(c, "2025-12-23", "08:00-16:00");
    DAY(c, "2025-12-24", "");
    DAY(c, "2025-12-27", "10:00-12:00");
    HOL(c, "2025-12-23", "10:00-11:00");
    assert_true(sla__hours_uses_ph(c));
    assert_int_equal(sla__hours_next_change(c, D("2025-12-01")), D("2025-12-24"));

    /* every allocation failing in turn: ENOMEM, nothing written, no leak */
    for (n = 1; n < 10; n++) {
        r = (sla_hours *)(uintptr_t)0x1;
        sla__alloc_fail_at(n, false);
        rc = sla__hours_parse(text, &r, NULL);
        sla__alloc_fail_at(0, false);
        if (rc == 0) {
            sla__hours_free(r);
            break;
        }
        assert_int_equal(rc, SLA_ENOMEM);
        assert_ptr_equal(r, (sla_hours *)(uintptr_t)0x1);
    }
    assert_int_equal(rc, 0);
    assert_true(n > 1);
    sla__alloc_fail_at(1, false);
    r = sla__hours_copy(c);
    sla__alloc_fail_at(0, false);
    assert_null(r);
    sla__hours_free(c);
}

/* ------------------------------------------------------------------------ */
/* next_change: property tests against an independent model                 */

/* The test's own model of a rule (an independent reimplementation of the
 * semantics, on minute bitmaps, used to check the library). */
typedef struct {
    int kind; /* 0 month range, 1 month-day range, 2 absolute range */
    int m0, d0, m1, d1;
    int y0, y1; /* kind 2: years of the ends */
} m_item;

typedef struct {
    bool additional;
    int ny;
    int years[3][2];
    int nd;
    m_item items[3];
    int wd0, wd1; /* -1: none */
    bool ph;
    bool has_time;
    int t0, t1; /* minutes from the day's midnight, t1 <= 2880 */
    int mod;    /* 0 none, 1 open, 2 off */
} m_rule;

static uint64_t rng_state = 88172645463325252ull;
static unsigned rnd(unsigned n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (unsigned)(rng_state % n);
}

static const char *const MON[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
static const char *const WD[] = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int mdays(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : dm[m - 1];
}

/* civil date of a day number by stepping from 1970-01-01 (test-side,
 * independent of the library's era arithmetic) */
static void civil(int64_t day, int *y, int *m, int *d)
{
    int64_t n = day;
    int yy = 1970, mm = 1;
    while (n >= (leap(yy) ? 366 : 365)) {
        n -= leap(yy) ? 366 : 365;
        yy++;
    }
    while (n >= mdays(yy, mm)) {
        n -= mdays(yy, mm);
        mm++;
    }
    *y = yy;
    *m = mm;
    *d = (int)n + 1;
}

static bool item_match(const m_item *it, int y, int m, int d)
{
    int k = m * 32 + d;
    if (it->kind == 2) {
        long a = it->y0 * 10000L + it->m0 * 100 + it->d0;
        long b = it->y1 * 10000L + it->m1 * 100 + it->d1;
        long v = y * 10000L + m * 100 + d;
        return v >= a && v <= b;
    }
    {
        int a = it->m0 * 32 + (it->kind == 0 ? 1 : it->d0);
        int b = it->m1 * 32 + (it->kind == 0 ? 31 : it->d1);
        return a <= b ? (k >= a && k <= b) : (k >= a || k <= b);
    }
}

static bool rule_date_match(const m_rule *r, int y, int m, int d)
{
    int i;
    bool ok = r->ny == 0;
    for (i = 0; i < r->ny; i++)
        if (y >= r->years[i][0] && y <= r->years[i][1])
            ok = true;
    if (!ok)
        return false;
    if (!r->nd)
        return true;
    for (i = 0; i < r->nd; i++)
        if (item_match(&r->items[i], y, m, d))
            return true;
    return false;
}

#define APPEND(...) (off += (size_t)snprintf(text + off, cap - off, __VA_ARGS__))

static size_t gen_rules(m_rule *rules, size_t max, char *text, size_t cap)
{
    size_t n = 1 + rnd((unsigned)max), i, off = 0;
    int base = 1970 + (int)rnd(225);

    for (i = 0; i < n; i++) {
        m_rule *r = &rules[i];
        bool selectors = false;
        size_t sep_at;
        int j;

        memset(r, 0, sizeof *r);
        /* after a rule that ends in a selector list, a ',' would continue
         * that list; the text would say something else than the model */
        r->additional = i > 0 && rnd(3) == 0 && (rules[i - 1].has_time || rules[i - 1].mod);
        sep_at = off;
        if (i)
            APPEND("%s", r->additional ? ", " : "; ");
        if (rnd(3) == 0) {
            r->ny = 1 + (int)rnd(2);
            for (j = 0; j < r->ny; j++) {
                int a = base + (int)rnd(6) - 2, b;
                a = a < 1970 ? 1970 : a > 2199 ? 2199 : a;
                b = a + (int)rnd(3);
                b = b > 2199 ? 2199 : b;
                r->years[j][0] = a;
                r->years[j][1] = b;
                APPEND("%s%d-%d", j ? "," : "", a, b);
            }
            APPEND(" ");
            selectors = true;
        }
        if (rnd(4) != 0) {
            r->nd = 1 + (int)rnd(3);
            for (j = 0; j < r->nd; j++) {
                m_item *it = &r->items[j];
                it->kind = (int)rnd(3);
                it->m0 = 1 + (int)rnd(12);
                it->m1 = rnd(2) ? it->m0 : 1 + (int)rnd(12);
                if (j)
                    APPEND(",");
                if (it->kind == 0) {
                    if (it->m1 == it->m0)
                        APPEND("%s", MON[it->m0 - 1]);
                    else
                        APPEND("%s-%s", MON[it->m0 - 1], MON[it->m1 - 1]);
                } else if (it->kind == 1) {
                    it->d0 = 1 + (int)rnd((unsigned)mdays(2000, it->m0));
                    if (rnd(4) == 0) {
                        it->m0 = 2;
                        it->d0 = 28 + (int)rnd(2);
                    }
                    it->d1 = 1 + (int)rnd((unsigned)mdays(2000, it->m1));
                    if (it->m1 == it->m0 && it->d1 < it->d0) {
                        int t = it->d0;
                        it->d0 = it->d1;
                        it->d1 = t;
                    }
                    APPEND("%s %02d-%s %02d", MON[it->m0 - 1], it->d0, MON[it->m1 - 1], it->d1);
                } else {
                    it->y0 = base + (int)rnd(3) - 1;
                    it->y0 = it->y0 < 1970 ? 1970 : it->y0 > 2198 ? 2198 : it->y0;
                    it->y1 = it->y0 + (int)rnd(2);
                    it->d0 = 1 + (int)rnd((unsigned)mdays(it->y0, it->m0));
                    it->d1 = 1 + (int)rnd((unsigned)mdays(it->y1, it->m1));
                    if (it->y1 * 10000L + it->m1 * 100 + it->d1 <
                        it->y0 * 10000L + it->m0 * 100 + it->d0)
                        it->y1 = it->y0 + 1;
                    APPEND("%d %s %02d-%d %s %02d", it->y0, MON[it->m0 - 1], it->d0, it->y1,
                           MON[it->m1 - 1], it->d1);
                }
            }
            APPEND(" ");
            selectors = true;
        }
        r->wd0 = r->wd1 = -1;
        if (rnd(2)) {
            r->wd0 = (int)rnd(7);
            r->wd1 = (int)rnd(7);
            APPEND("%s-%s", WD[r->wd0], WD[r->wd1]);
            if (rnd(3) == 0) {
                r->ph = true;
                APPEND(",PH");
            }
            APPEND(" ");
            selectors = true;
        } else if (rnd(4) == 0) {
            r->ph = true;
            APPEND("PH ");
            selectors = true;
        }
        /* a ',' followed by a bare time would continue the previous rule */
        if (r->additional && !selectors) {
            r->additional = false;
            text[sep_at] = ';';
        }
        r->has_time = rnd(6) != 0;
        r->mod = rnd(5) == 0 ? 2 : rnd(4) == 0 ? 1 : 0;
        if (!r->has_time && !selectors && r->mod == 0)
            r->mod = 1;
        if (r->has_time) {
            r->t0 = (int)rnd(1440);
            r->t1 = r->t0 + 1 + (int)rnd((unsigned)(2880 - r->t0));
            if (r->t1 > 1440 && r->t1 - 1440 < r->t0 && rnd(2))
                APPEND("%02d:%02d-%02d:%02d", r->t0 / 60, r->t0 % 60, (r->t1 - 1440) / 60,
                       r->t1 % 60);
            else
                APPEND("%02d:%02d-%02d:%02d", r->t0 / 60, r->t0 % 60, r->t1 / 60, r->t1 % 60);
        }
        APPEND("%s", r->mod == 2 ? " off" : r->mod == 1 ? " open" : "");
    }
    return n;
}

/* The model's spans of a date, as spans_str() formats them. */
static const char *model_str(const m_rule *rules, size_t n, int64_t day, bool holiday)
{
    static char buf[2048];
    static bool open[2881];
    int y, m, d, w, t;
    size_t i, off = 0, cnt = 0;

    civil(day, &y, &m, &d);
    w = (int)((day + 3) % 7); /* 1970-01-01 was a Thursday */
    memset(open, 0, sizeof open);
    for (i = 0; i < n; i++) {
        const m_rule *r = &rules[i];
        int a = r->has_time ? r->t0 : 0, b = r->has_time ? r->t1 : 1440;
        if (r->wd0 >= 0) {
            if ((w - r->wd0 + 7) % 7 > (r->wd1 - r->wd0 + 7) % 7)
                continue;
        } else if (r->ph) {
            continue; /* PH only */
        }
        if (!rule_date_match(r, y, m, d))
            continue;
        if (r->mod == 2) {
            if (!r->has_time)
                a = 0, b = 2880;
            for (t = a; t < b; t++)
                open[t] = false;
            continue;
        }
        if (!r->additional)
            memset(open, 0, sizeof open);
        for (t = a; t < b; t++)
            open[t] = true;
    }
    /* SEMANTICS 2.1: on a holiday the PH rules then apply, in their order;
     * a ';' PH rule or 'off' without times replaces 00:00-24:00 of the date
     * (what runs past midnight stands); a text without PH ends in '; PH off' */
    for (i = 0; holiday && i < n; i++) {
        const m_rule *r = &rules[i];
        int a = r->has_time ? r->t0 : 0, b = r->has_time ? r->t1 : 1440;
        if (!r->ph || !rule_date_match(r, y, m, d))
            continue;
        if (r->mod == 2) {
            if (!r->has_time)
                a = 0, b = 1440;
            for (t = a; t < b; t++)
                open[t] = false;
            continue;
        }
        if (!r->additional)
            memset(open, 0, 1440 * sizeof open[0]);
        for (t = a; t < b; t++)
            open[t] = true;
    }
    if (holiday) {
        bool any_ph = false;
        for (i = 0; i < n; i++)
            any_ph = any_ph || rules[i].ph;
        if (!any_ph)
            memset(open, 0, 1440 * sizeof open[0]);
    }
    buf[0] = '\0';
    for (t = 0; t < 2880; t++) {
        if (open[t] && (t == 0 || !open[t - 1])) {
            int e = t;
            while (e < 2880 && open[e])
                e++;
            off += (size_t)snprintf(buf + off, sizeof buf - off, "%s%02d:%02d-%02d:%02d",
                                    cnt++ ? "," : "", t / 60, t % 60, e / 60, e % 60);
        }
    }
    return buf;
}

/* The sweep that the compiler reads (sla__hours_sels) gives every date the
 * state that sla__hours_sel_of computes for it alone: across leap days,
 * month and year ends, ISO weeks 53, Easter and nth weekdays, 1969-2201. */
static void test_sels_sweep_equals_sel_of(void **state)
{
    static const char *texts[] = {
        "Mo[1,3,5],Tu[-1],Su[-2,2] 09:00-10:00; week 01-53/3 Fr[4] 20:00-28:00",
        "Feb 28-Mar 01 10:00-11:00; Dec 31,Jan 01 off; week 53 Th 09:00-12:00",
        "easter -3 days-easter +40 days Mo-Fr 08:00-12:00; 2000-2100 Jun-Aug Sa[-1] off",
        "1970,1980-1990,2199 Mo 09:00-17:00; May 16-May 3 We[2] 12:00-13:00"};
    const int64_t d0 = -366, n = 84400;
    sla__hours_sel *v = malloc((size_t)n * sizeof *v);
    (void)state;
    assert_non_null(v);
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        sla_hours *h = parse_ok(texts[i]);
        assert_int_equal(sla__hours_sels(h, d0, (size_t)n, v), 0);
        for (int64_t k = 0; k < n; k++) {
            sla__hours_sel one;
            sla__hours_sel_of(h, d0 + k, &one);
            if (!sla__hours_sel_eq(&one, &v[k]))
                fail_msg("'%s', date %lld: sweep %llx %u %u, alone %llx %u %u", texts[i],
                         (long long)(d0 + k), (unsigned long long)v[k].rules, v[k].nth_pos,
                         v[k].nth_neg, (unsigned long long)one.rules, one.nth_pos, one.nth_neg);
        }
        sla__hours_free(h);
    }
    free(v);
}

static void test_next_change_property(void **state)
{
    m_rule rules[6];
    char text[2048];
    int iter;
    (void)state;

    for (iter = 0; iter < 300; iter++) {
        size_t n = gen_rules(rules, 6, text, sizeof text);
        sla_hours *h = parse_ok(text);
        int probe;

        for (probe = 0; probe < 10; probe++) {
            int64_t day, nc, x, lim;
            int y, m, d, yy, mm, dd;
            size_t i;
            bool truth[6];
            static char sig[14][2048];
            bool seen[14] = {false};

            if (probe < 6) {
                /* near a year end or the end of February */
                int yb = rules[0].ny ? rules[0].years[0][0] : 1971 + (int)rnd(228);
                day = sla__days_from_civil(yb + (int)rnd(2) - 1, rnd(2) ? 12 : 2, 20) + rnd(15);
            } else {
                day = rnd(SLA__DAY_MAX - 1);
            }
            nc = sla__hours_next_change(h, day);
            assert_true(nc > day);
            civil(day, &y, &m, &d);
            for (i = 0; i < n; i++)
                truth[i] = rule_date_match(&rules[i], y, m, d);
            lim = nc < day + 1200 ? nc : day + 1200;
            for (x = day; x < lim; x++) {
                int w = (int)((x + 3) % 7);
                const char *s;
                civil(x, &yy, &mm, &dd);
                for (i = 0; i < n; i++)
                    if (rule_date_match(&rules[i], yy, mm, dd) != truth[i])
                        fail_msg("\"%s\": next_change(%d-%02d-%02d) = %lld, but rule %zu "
                                 "changes on %d-%02d-%02d",
                                 text, y, m, d, (long long)nc, i + 1, yy, mm, dd);
                /* weekday-equal dates in one stretch have the same spans */
                s = spans_str(h, x, false);
                if (seen[w]) {
                    assert_string_equal(s, sig[w]);
                } else {
                    snprintf(sig[w], sizeof sig[w], "%s", s);
                    seen[w] = true;
                }
                s = spans_str(h, x, true); /* a holiday's spans depend on its weekday too */
                if (seen[7 + w]) {
                    assert_string_equal(s, sig[7 + w]);
                } else {
                    snprintf(sig[7 + w], sizeof sig[7 + w], "%s", s);
                    seen[7 + w] = true;
                }
            }
        }
        sla__hours_free(h);
    }
}

/* A year the rules mention, to probe dates near it. */
static int base_year_of(const m_rule *rules, size_t n)
{
    size_t i;
    int j;
    for (i = 0; i < n; i++) {
        if (rules[i].ny)
            return rules[i].years[0][0];
        for (j = 0; j < rules[i].nd; j++)
            if (rules[i].items[j].kind == 2)
                return rules[i].items[j].y0;
    }
    return 1971 + (int)rnd(228);
}

/* Whole evaluation against the model, on random texts and dates. */
static void test_day_against_model(void **state)
{
    m_rule rules[6];
    char text[2048];
    int iter;
    (void)state;

    for (iter = 0; iter < 2000; iter++) {
        size_t n = gen_rules(rules, 6, text, sizeof text);
        sla_hours *h = parse_ok(text);
        int k;
        for (k = 0; k < 60; k++) {
            int64_t day;
            bool hol = rnd(4) == 0;
            char got[2048];
            const char *want;
            if (k < 30 && rules[0].nd && rules[0].items[0].kind == 2)
                day = sla__days_from_civil(rules[0].items[0].y0, (unsigned)rules[0].items[0].m0,
                                           1) + rnd(70) - 10;
            else if (k < 40)
                day = sla__days_from_civil(base_year_of(rules, n), 1, 1) + rnd(1100) - 365;
            else
                day = rnd(SLA__DAY_MAX);
            if (day < 0)
                day = 0;
            snprintf(got, sizeof got, "%s", spans_str(h, day, hol));
            want = model_str(rules, n, day, hol);
            if (strcmp(got, want) != 0)
                fail_msg("\"%s\" on day %lld%s: got %s, expected %s", text, (long long)day,
                         hol ? " (holiday)" : "", got, want);
        }
        sla__hours_free(h);
    }
}

/* ------------------------------------------------------------------------ */
/* speed                                                                    */

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_weekdays),
        cmocka_unit_test(test_always_and_whole_days),
        cmocka_unit_test(test_end_of_day_and_overnight),
        cmocka_unit_test(test_normal_vs_additional),
        cmocka_unit_test(test_public_holidays),
        cmocka_unit_test(test_holidays_are_dates),
        cmocka_unit_test(test_more_syntax),
        cmocka_unit_test(test_messages),
        cmocka_unit_test(test_months),
        cmocka_unit_test(test_month_days),
        cmocka_unit_test(test_leap_days),
        cmocka_unit_test(test_years),
        cmocka_unit_test(test_refusals_unsupported),
        cmocka_unit_test(test_refusals_syntax),
        cmocka_unit_test(test_limits_and_args),
        cmocka_unit_test(test_copy_and_alloc_failure),
        cmocka_unit_test(test_next_change_property),
        cmocka_unit_test(test_sels_sweep_equals_sel_of),
        cmocka_unit_test(test_day_against_model),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
