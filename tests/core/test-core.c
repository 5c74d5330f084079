/* Unit tests: the core layer (lib/core): civil dates, floor division, the
 * FNV-1a hashes, error names and messages, diagnostics, the allocation
 * wrapper and its failure hook.
 * SPDX-License-Identifier: MIT
 *
 * Expected values come from outside the code under test: day numbers are
 * counted day by day from 1970-01-01 (or taken from SLA_TIME_MAX), weekdays
 * from the calendar (1970-01-01 was a Thursday, 2000-01-01 a Saturday), the
 * FNV-1a values are the published test vectors of the algorithm, and the
 * error names are the ones the header pins.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/core.h"
#include "core/hash.h"

/* ---- civil dates ------------------------------------------------------- */

static void test_civil_known_days(void **state)
{
    static const struct {
        int64_t y;
        unsigned m, d;
        int64_t days;
        int weekday; /* 0 = Monday */
    } cases[] = {
        {1970, 1, 1, 0, 3},      {1969, 12, 31, -1, 2},   {1970, 3, 1, 59, 6},
        {2000, 1, 1, 10957, 5},  {2000, 3, 1, 11017, 2},  {2024, 2, 29, 19782, 3},
        {2200, 1, 1, 84006, 2},  {1600, 3, 1, -135080, 2}, {1900, 3, 1, -25508, 3},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t y;
        unsigned m, d;
        assert_int_equal(sla__days_from_civil(cases[i].y, cases[i].m, cases[i].d), cases[i].days);
        sla__civil_from_days(cases[i].days, &y, &m, &d);
        assert_int_equal(y, cases[i].y);
        assert_int_equal(m, cases[i].m);
        assert_int_equal(d, cases[i].d);
        assert_int_equal(sla__weekday(cases[i].days), cases[i].weekday);
    }
    /* the library's last day number is the day of SLA_TIME_MAX */
    assert_int_equal(SLA__DAY_MAX, SLA_TIME_MAX / SLA__DAY);
    assert_int_equal(sla__days_from_civil(2200, 1, 1), SLA__DAY_MAX);
}

/* Count day by day from 1970-01-01 to 2200-01-01 with the month lengths
 * and compare every date. */
static void test_civil_day_by_day(void **state)
{
    int64_t y = 1970, days = 0;
    unsigned m = 1, d = 1;
    (void)state;
    while (y < 2200) {
        int64_t yy;
        unsigned mm, dd;
        assert_int_equal(sla__days_from_civil(y, m, d), days);
        sla__civil_from_days(days, &yy, &mm, &dd);
        assert_int_equal(yy, y);
        assert_int_equal(mm, m);
        assert_int_equal(dd, d);
        assert_int_equal(sla__weekday(days), (int)((days + 3) % 7));
        days++;
        if (++d > sla__days_in_month(y, m)) {
            d = 1;
            if (++m > 12) {
                m = 1;
                y++;
            }
        }
    }
    assert_int_equal(days, SLA__DAY_MAX);
}

static void test_civil_leap_years(void **state)
{
    (void)state;
    assert_true(sla__is_leap(2000));
    assert_true(sla__is_leap(2024));
    assert_true(sla__is_leap(1600));
    assert_false(sla__is_leap(1900));
    assert_false(sla__is_leap(2100));
    assert_false(sla__is_leap(2023));
    assert_int_equal(sla__days_in_month(2024, 2), 29);
    assert_int_equal(sla__days_in_month(2100, 2), 28);
    assert_int_equal(sla__days_in_month(2023, 4), 30);
    assert_int_equal(sla__days_in_month(2023, 12), 31);
    assert_int_equal(sla__days_in_month(2023, 0), 0);
    assert_int_equal(sla__days_in_month(2023, 13), 0);
}

static void test_floor_division(void **state)
{
    (void)state;
    assert_int_equal(sla__floordiv(-1, SLA__DAY), -1);
    assert_int_equal(sla__floormod(-1, SLA__DAY), SLA__DAY - 1);
    assert_int_equal(sla__floordiv(-SLA__DAY, SLA__DAY), -1);
    assert_int_equal(sla__floormod(-SLA__DAY, SLA__DAY), 0);
    assert_int_equal(sla__floordiv(SLA__DAY - 1, SLA__DAY), 0);
    assert_int_equal(sla__floormod(SLA__DAY - 1, SLA__DAY), SLA__DAY - 1);
    assert_int_equal(sla__floordiv(7, -2), -4);
    assert_int_equal(sla__floormod(7, -2), -1);
    assert_int_equal(sla__floordiv(-7, -2), 3);
    assert_int_equal(sla__floormod(-7, -2), -1);
}

/* ---- FNV-1a ------------------------------------------------------------ */

static void test_fnv_vectors(void **state)
{
    (void)state;
    assert_int_equal(sla__fnv1a32(SLA__FNV32_BASIS, "", 0), 0x811c9dc5u);
    assert_int_equal(sla__fnv1a32(SLA__FNV32_BASIS, "a", 1), 0xe40c292cu);
    assert_int_equal(sla__fnv1a32(SLA__FNV32_BASIS, "foobar", 6), 0xbf9cf968u);
    assert_true(sla__fnv1a64(SLA__FNV64_BASIS, "", 0) == 0xcbf29ce484222325ULL);
    assert_true(sla__fnv1a64(SLA__FNV64_BASIS, "a", 1) == 0xaf63dc4c8601ec8cULL);
    assert_true(sla__fnv1a64(SLA__FNV64_BASIS, "foobar", 6) == 0x85944171f73967e8ULL);
}

static void test_fnv_incremental(void **state)
{
    static const unsigned char le[8] = {0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    (void)state;
    /* hashing in pieces is hashing the whole */
    assert_int_equal(sla__fnv1a32(sla__fnv1a32(SLA__FNV32_BASIS, "foo", 3), "bar", 3),
                     0xbf9cf968u);
    assert_true(sla__fnv1a64(sla__fnv1a64(SLA__FNV64_BASIS, "foo", 3), "bar", 3) ==
                0x85944171f73967e8ULL);
    /* an int64 is hashed as its 8 bytes, least significant first, on any host */
    assert_true(sla__fnv1a64_i64(SLA__FNV64_BASIS, -2) == sla__fnv1a64(SLA__FNV64_BASIS, le, 8));
}

/* ---- errors ------------------------------------------------------------ */

static void test_error_names(void **state)
{
    /* the names the header pins, in code order 0, -1, ..., -14 */
    static const char *const names[] = {
        "ok",    "invalid",     "nomem", "range", "never",  "parse",   "nozone",  "io",
        "unsupported", "limit", "order", "closed", "state", "version", "unstable",
    };
    int i, j;
    (void)state;
    for (i = 0; i < (int)(sizeof names / sizeof names[0]); i++) {
        const char *msg = sla_strerror(-i);
        assert_string_equal(sla_error_name(-i), names[i]);
        assert_non_null(msg);
        assert_true(strlen(msg) > 0);
        assert_string_not_equal(msg, "unknown error");
        for (j = 0; j < i; j++)
            assert_string_not_equal(msg, sla_strerror(-j));
    }
    assert_string_equal(sla_error_name(1), "unknown");
    assert_string_equal(sla_error_name(-15), "unknown");
    assert_string_equal(sla_strerror(1), "unknown error");
    assert_string_equal(sla_strerror(-15), "unknown error");
}

/* ---- diagnostics ------------------------------------------------------- */

static void test_diag(void **state)
{
    sla_diag *diag = NULL;
    char longer[1000];
    (void)state;
    assert_int_equal(sla_diag_new(NULL), SLA_EINVAL);
    assert_int_equal(sla_diag_new(&diag), 0);
    assert_int_equal(sla_diag_code(diag), 0);
    assert_string_equal(sla_diag_message(diag), "");
    assert_string_equal(sla_diag_construct(diag), "");

    assert_int_equal(sla__diag_set(diag, SLA_EPARSE, 3, 7, "weekday", "line %d: bad %s", 3, "Mx"),
                     SLA_EPARSE);
    assert_int_equal(sla_diag_code(diag), SLA_EPARSE);
    assert_int_equal(sla_diag_line(diag), 3);
    assert_int_equal(sla_diag_column(diag), 7);
    assert_string_equal(sla_diag_construct(diag), "weekday");
    assert_string_equal(sla_diag_message(diag), "line 3: bad Mx");

    /* too long: cut, still a string */
    memset(longer, 'x', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    sla__diag_set(diag, SLA_ELIMIT, 0, 0, longer, "%s", longer);
    assert_true(strlen(sla_diag_message(diag)) > 100);
    assert_true(strlen(sla_diag_message(diag)) < sizeof longer - 1);
    assert_true(strlen(sla_diag_construct(diag)) < sizeof longer - 1);
    assert_int_equal(sla_diag_code(diag), SLA_ELIMIT);

    /* a NULL construct is "" */
    sla__diag_set(diag, SLA_EINVAL, 0, 0, NULL, "invalid argument");
    assert_string_equal(sla_diag_construct(diag), "");

    sla__diag_clear(diag);
    assert_int_equal(sla_diag_code(diag), 0);
    assert_int_equal(sla_diag_line(diag), 0);
    assert_string_equal(sla_diag_message(diag), "");

    /* NULL diagnostics are allowed everywhere */
    assert_int_equal(sla__diag_set(NULL, SLA_EIO, 1, 1, "x", "y"), SLA_EIO);
    sla__diag_clear(NULL);
    assert_int_equal(sla_diag_code(NULL), 0);
    assert_int_equal(sla_diag_line(NULL), 0);
    assert_int_equal(sla_diag_column(NULL), 0);
    assert_string_equal(sla_diag_message(NULL), "");
    assert_string_equal(sla_diag_construct(NULL), "");
    sla_diag_free(diag);
    sla_diag_free(NULL);
}

/* ---- allocation -------------------------------------------------------- */

static void test_grow(void **state)
{
    int *v = NULL;
    size_t cap = 0, i;
    (void)state;
    assert_int_equal(sla__grow((void **)&v, &cap, 1, sizeof *v), 0);
    assert_true(cap >= 1);
    for (i = 0; i < cap; i++)
        v[i] = (int)i;
    assert_int_equal(sla__grow((void **)&v, &cap, 1000, sizeof *v), 0);
    assert_true(cap >= 1000);
    for (i = 0; i < 8; i++)
        assert_int_equal(v[i], (int)i); /* kept */
    /* enough room: nothing to do */
    {
        size_t before = cap;
        int *same = v;
        assert_int_equal(sla__grow((void **)&v, &cap, before, sizeof *v), 0);
        assert_ptr_equal(v, same);
        assert_int_equal(cap, before);
    }
    /* a size that cannot be allocated: refused, array unchanged */
    {
        size_t before = cap;
        int *same = v;
        assert_int_equal(sla__grow((void **)&v, &cap, SIZE_MAX / 2, sizeof *v), SLA_ENOMEM);
        assert_ptr_equal(v, same);
        assert_int_equal(cap, before);
    }
    sla__free(v);
}

/* The failure hook of the testing library: the Nth allocation fails, and
 * every later one while sticky; the array being grown is left as it was. */
static void test_alloc_failure_hook(void **state)
{
    int *v = NULL;
    size_t cap = 0;
    char *s;
    (void)state;
    assert_int_equal(sla__grow((void **)&v, &cap, 4, sizeof *v), 0);
    v[0] = 42;

    sla__alloc_fail_at(1, false);
    assert_int_equal(sla__grow((void **)&v, &cap, cap + 1, sizeof *v), SLA_ENOMEM);
    assert_int_equal(v[0], 42);
    assert_int_equal(sla__alloc_count(), 1);
    s = sla__strdup("next one works");
    assert_non_null(s);
    assert_string_equal(s, "next one works");
    sla__free(s);

    sla__alloc_fail_at(2, true);
    s = sla__strdup("first");
    assert_non_null(s);
    assert_null(sla__malloc(1));
    assert_null(sla__calloc(1, 1));
    assert_null(sla__strndup("abc", 2));
    sla__alloc_fail_at(0, false);
    sla__free(s);

    s = sla__strndup("abcdef", 3);
    assert_string_equal(s, "abc");
    sla__free(s);
    sla__free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_civil_known_days), cmocka_unit_test(test_civil_day_by_day),
        cmocka_unit_test(test_civil_leap_years), cmocka_unit_test(test_floor_division),
        cmocka_unit_test(test_fnv_vectors),      cmocka_unit_test(test_fnv_incremental),
        cmocka_unit_test(test_error_names),      cmocka_unit_test(test_diag),
        cmocka_unit_test(test_grow),             cmocka_unit_test(test_alloc_failure_hook),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
