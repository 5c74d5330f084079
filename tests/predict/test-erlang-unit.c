/* Internal checks of the Erlang code: the warm-started recurrence against
 * the recurrence from zero, and the shrinkage rounding.
 * SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>

#include "predict/erlang.h"

/* The warm start must agree with the full recurrence to rounding, over
 * loads from 30 to 100,000 Erlangs and agents from far below to far above
 * the load. */
static void test_warm_start(void **state)
{
    static const double ratios[] = {0.3, 0.8, 0.97, 0.999, 1.0, 1.001, 1.01, 1.03, 1.1, 1.3};
    unsigned seed = 777;
    double worst = 0.0;
    int i;
    size_t j;
    (void)state;
    for (i = 0; i < 120; i++) {
        double a;
        seed = seed * 1103515245u + 12345u;
        a = pow(10.0, 1.5 + 3.5 * (double)(seed >> 8 & 0xffff) / 65536.0);
        for (j = 0; j < sizeof ratios / sizeof ratios[0]; j++) {
            int n = (int)(a * ratios[j]) + 1;
            double full, warm, err;
            if (n > SLA_ERLANG_MAX_AGENTS)
                continue;
            full = sla__erlang_b_full(a, n);
            warm = sla__erlang_b(a, n);
            if (full == 0.0) {
                assert_true(warm == 0.0 || warm < 1e-290);
                continue;
            }
            err = fabs(warm - full) / full;
            if (err > worst)
                worst = err;
            if (err > 1e-12)
                print_error("a=%.17g n=%d full=%.17g warm=%.17g\n", a, n, full, warm);
            assert_true(err <= 1e-12);
        }
    }
    print_message("worst relative difference warm/full: %.3g\n", worst);
}

static void test_warm_start_small_is_exact(void **state)
{
    double b;
    (void)state;
    /* Small problems start at B(0) = 1. */
    assert_int_equal(sla__erlang_b_start(10.0, 14, &b), 0);
    assert_true(b == 1.0);
    assert_int_equal(sla__erlang_b_start(100.0, 120, &b), 0);
    assert_true(sla__erlang_b_start(10000.0, 10013, &b) > 8000);
    assert_true(b > 0.0 && b < 1.0);
    assert_true(sla__erlang_b(10.0, 14) == sla__erlang_b_full(10.0, 14));
}

static void test_scheduled(void **state)
{
    int s = -1;
    (void)state;
    assert_int_equal(sla__erlang_scheduled(14, 0.3, &s), 0);
    assert_int_equal(s, 20);
    assert_int_equal(sla__erlang_scheduled(15, 0.3, &s), 0);
    assert_int_equal(s, 22);
    assert_int_equal(sla__erlang_scheduled(7, 0.3, &s), 0);
    assert_int_equal(s, 10);
    assert_int_equal(sla__erlang_scheduled(21, 0.3, &s), 0);
    assert_int_equal(s, 30);
    assert_int_equal(sla__erlang_scheduled(1, 0.1, &s), 0);
    assert_int_equal(s, 2); /* 1.11 */
    assert_int_equal(sla__erlang_scheduled(9, 0.1, &s), 0);
    assert_int_equal(s, 10);
    assert_int_equal(sla__erlang_scheduled(0, 0.5, &s), 0);
    assert_int_equal(s, 0);
    assert_int_equal(sla__erlang_scheduled(100000, 0.0, &s), 0);
    assert_int_equal(s, 100000);
    assert_int_equal(sla__erlang_scheduled(100000, 0.99999999, &s), SLA_ELIMIT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_warm_start),
        cmocka_unit_test(test_warm_start_small_is_exact),
        cmocka_unit_test(test_scheduled),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
