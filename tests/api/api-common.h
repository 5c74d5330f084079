/* Shared helpers of the api test suite (tests link the shared library).
 * SPDX-License-Identifier: MIT */
#ifndef SLA_TEST_API_COMMON_H
#define SLA_TEST_API_COMMON_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsla/sla.h>

/* A sentinel written into outputs before a call that must fail. */
#define SENTINEL ((int64_t)0x5EA5EA5EA5)

/* Compile zone + hours (+ holidays "YYYY-MM-DD" list, NULL-terminated) or fail the test. */
static inline sla_calendar *make_cal_h(const char *zone, const char *hours,
                                       const char *const *holidays)
{
    sla_calendar_builder *b = NULL;
    sla_calendar *cal = NULL;
    sla_diag *diag = NULL;
    assert_int_equal(sla_diag_new(&diag), 0);
    int r = sla_calendar_builder_new(zone, &b);
    if (r != 0)
        print_error("zone %s: %s\n", zone, sla_error_name(r));
    assert_int_equal(r, 0);
    r = sla_calendar_builder_set_hours(b, hours, diag);
    if (r != 0)
        print_error("hours '%s': %s at column %d\n", hours, sla_diag_message(diag),
                    sla_diag_column(diag));
    assert_int_equal(r, 0);
    for (; holidays && *holidays; holidays++) {
        int y, m, d;
        assert_int_equal(sscanf(*holidays, "%d-%d-%d", &y, &m, &d), 3);
        assert_int_equal(sla_calendar_builder_add_holiday(b, y, m, d), 0);
    }
    assert_int_equal(sla_calendar_builder_compile(b, &cal), 0);
    assert_non_null(cal);
    sla_calendar_builder_free(b);
    sla_diag_free(diag);
    return cal;
}

static inline sla_calendar *make_cal(const char *zone, const char *hours)
{
    return make_cal_h(zone, hours, NULL);
}

static inline int64_t cal_add(const sla_calendar *c, int64_t t, int64_t d)
{
    int64_t u = SENTINEL;
    int r = sla_calendar_add(c, t, d, &u);
    if (r != 0)
        print_error("add(%lld, %lld): %s\n", (long long)t, (long long)d, sla_error_name(r));
    assert_int_equal(r, 0);
    return u;
}

static inline int64_t cal_sub(const sla_calendar *c, int64_t t, int64_t d)
{
    int64_t u = SENTINEL;
    int r = sla_calendar_sub(c, t, d, &u);
    if (r != 0)
        print_error("sub(%lld, %lld): %s\n", (long long)t, (long long)d, sla_error_name(r));
    assert_int_equal(r, 0);
    return u;
}

static inline int64_t cal_diff(const sla_calendar *c, int64_t a, int64_t b)
{
    int64_t u = SENTINEL;
    int r = sla_calendar_diff(c, a, b, &u);
    if (r != 0)
        print_error("diff(%lld, %lld): %s\n", (long long)a, (long long)b, sla_error_name(r));
    assert_int_equal(r, 0);
    return u;
}

static inline int cal_open(const sla_calendar *c, int64_t t)
{
    int o = -1;
    assert_int_equal(sla_calendar_is_open(c, t, &o), 0);
    assert_true(o == 0 || o == 1);
    return o;
}

static inline int64_t cal_next_open(const sla_calendar *c, int64_t t)
{
    int64_t u = SENTINEL;
    assert_int_equal(sla_calendar_next_open(c, t, &u), 0);
    return u;
}

static inline int64_t cal_next_close(const sla_calendar *c, int64_t t)
{
    int64_t u = SENTINEL;
    assert_int_equal(sla_calendar_next_close(c, t, &u), 0);
    return u;
}

#endif
