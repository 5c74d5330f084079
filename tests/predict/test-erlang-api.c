/* Erlang B, C and A, staffing and coverage through the public API.
 *
 * Expected values come from published worked examples (named at each one),
 * from the shared erlang-c data set when present, and from independent
 * computations done here: direct summation of a^k / k! in long double (the
 * textbook formula the library avoids), a brute-force staffing search over
 * that, and a long-double birth-death chain with uniformisation for
 * Erlang A.
 *
 * SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <float.h>
#include <stdbool.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsla/sla.h>

#define SENT (-12345.0)

static void near(double got, double want, double abs_tol, const char *what)
{
    if (!(fabs(got - want) <= abs_tol)) {
        print_error("%s: got %.15g, want %.15g (tolerance %g)\n", what, got, want, abs_tol);
        fail();
    }
}

static void near_rel(double got, double want, double rel, const char *what)
{
    near(got, want, rel * fabs(want), what);
}

/* Per half hour -> per second. */
static double per_half_hour(double contacts)
{
    return contacts / 1800.0;
}

/* ------------------------------------------------------------------------ */
/* Independent reference: direct summation in long double.                   */

/* Erlang B and C by the textbook sums, term a^k / k! built up in long
 * double (range to about 1e4932, so a up to about 11,000 fits). */
static void direct_bc(long double a, int n, long double *b, long double *c)
{
    long double term = 1.0L, below = 0.0L; /* sum_{k < n} a^k / k! */
    int k;

    for (k = 0; k < n; k++) {
        below += term;
        term = term * a / (long double)(k + 1);
    }
    /* term = a^n / n! */
    *b = term / (below + term);
    if (c) {
        long double tail = term * (long double)n / ((long double)n - a);
        *c = tail / (below + tail);
    }
}

/* Valgrind computes long double in double precision: skip these there. */
static bool long_double_is_wide(void)
{
    return LDBL_MAX_EXP >= 16384 && !getenv("SLA_UNDER_VALGRIND");
}

/* ------------------------------------------------------------------------ */

/* Call Centre Helper worked example ("Erlang C Formula - Made Simple With
 * an Easy Worked Example"), as tabulated in the R package ErlangC README
 * and pyworkforce: 100 calls per 30 min, AHT 180 s, 20 s target; and the
 * next two rows computed with 50-digit arithmetic (research vector V2). */
static void test_worked_example(void **state)
{
    static const struct {
        int n;
        double pw, sl, asa, occ;
    } rows[] = {
        {11, 0.6821182, 0.3896138, 122.78127684408, 0.9090909},
        {12, 0.4493882, 0.640158, 40.4449401868444, 0.8333333},
        {13, 0.2852705, 0.7955948, 17.1162271821896, 0.7692308},
        {14, 0.1741319335950498, 0.8883500191794669, 7.83593701177724, 0.7142857142857143},
        {15, 0.102042, 0.941453, 3.674, 0.6667},
        {16, 0.057340, 0.970560, 1.720, 0.6250},
    };
    double rate = per_half_hour(100), v;
    size_t i;
    (void)state;
    for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        assert_int_equal(sla_erlang_c(rate, 180, rows[i].n, &v), 0);
        near(v, rows[i].pw, 6e-7, "P(wait)");
        assert_int_equal(sla_erlang_c_service_level(rate, 180, rows[i].n, 20, &v), 0);
        near(v, rows[i].sl, 6e-7, "SL(20 s)");
        assert_int_equal(sla_erlang_c_asa(rate, 180, rows[i].n, &v), 0);
        near(v, rows[i].asa, 6e-4, "ASA");
        assert_int_equal(sla_erlang_c_occupancy(rate, 180, rows[i].n, &v), 0);
        near(v, rows[i].occ, 6e-5, "occupancy");
    }
    /* pyworkforce full-precision row (N = 14). */
    assert_int_equal(sla_erlang_c(rate, 180, 14, &v), 0);
    near_rel(v, 0.1741319335950498, 1e-12, "pyworkforce P(wait)");
    assert_int_equal(sla_erlang_c_service_level(rate, 180, 14, 20, &v), 0);
    near_rel(v, 0.8883500191794669, 1e-12, "pyworkforce SL");
}

/* Research vectors V3 (Mitan inputs, A = 48) and V4 (R `Erlang` vignette,
 * A = 20), computed with 50-digit arithmetic. */
static void test_more_vectors(void **state)
{
    static const struct {
        int n;
        double pw, sl15, sl20, asa;
    } v3[] = {
        {53, 0.376542, 0.724516, 0.751768, 18.074},
        {54, 0.301308, 0.792914, 0.817248, 12.052},
        {55, 0.238701, 0.845883, 0.866796, 8.184},
        {56, 0.187154, 0.886485, 0.903912, 5.615},
    };
    static const double v4_sl60[] = {0.454976, 0.708423, 0.847059, 0.921429}; /* N = 21..24 */
    double rate = per_half_hour(360), v;
    int i, n, s;
    (void)state;
    for (i = 0; i < 4; i++) {
        assert_int_equal(sla_erlang_c(rate, 240, v3[i].n, &v), 0);
        near(v, v3[i].pw, 6e-7, "V3 P(wait)");
        assert_int_equal(sla_erlang_c_service_level(rate, 240, v3[i].n, 15, &v), 0);
        near(v, v3[i].sl15, 6e-7, "V3 SL15");
        assert_int_equal(sla_erlang_c_service_level(rate, 240, v3[i].n, 20, &v), 0);
        near(v, v3[i].sl20, 6e-7, "V3 SL20");
        assert_int_equal(sla_erlang_c_asa(rate, 240, v3[i].n, &v), 0);
        near(v, v3[i].asa, 6e-4, "V3 ASA");
    }
    assert_int_equal(sla_erlang_c_agents(rate, 240, 15, 0.8, 1.0, 0.0, &n, &s), 0);
    assert_int_equal(n, 55);
    assert_int_equal(sla_erlang_c_agents(rate, 240, 20, 0.8, 1.0, 0.0, &n, &s), 0);
    assert_int_equal(n, 54);

    rate = per_half_hour(200);
    assert_int_equal(sla_erlang_b(rate, 180, 25, &v), 0);
    near(v, 0.050222, 6e-7, "V4 B(25, 20)");
    assert_int_equal(sla_erlang_c(rate, 180, 25, &v), 0);
    near(v, 0.209103, 6e-7, "V4 C(25, 20)");
    assert_int_equal(sla_erlang_c_service_level(rate, 180, 25, 60, &v), 0);
    near(v, 0.960506, 6e-7, "V4 SL(25, 60 s)");
    assert_int_equal(sla_erlang_c_asa(rate, 180, 25, &v), 0);
    near(v, 7.528, 6e-4, "V4 ASA");
    for (i = 0; i < 4; i++) {
        assert_int_equal(sla_erlang_c_service_level(rate, 180, 21 + i, 60, &v), 0);
        near(v, v4_sl60[i], 6e-7, "V4 SL60 row");
    }
    assert_int_equal(sla_erlang_c_agents(rate, 180, 60, 0.8, 1.0, 0.0, &n, &s), 0);
    assert_int_equal(n, 23);
}

/* Erlang B table values (research V5): B(A = 5, N = 10) = 1.84 %, ... */
static void test_erlang_b_classics(void **state)
{
    double v;
    (void)state;
    assert_int_equal(sla_erlang_b(5.0, 1.0, 10, &v), 0);
    near(v, 0.018385, 6e-7, "B(10, 5)");
    assert_int_equal(sla_erlang_b(1.0, 1.0, 1, &v), 0);
    near_rel(v, 0.5, 1e-15, "B(1, 1)");
    assert_int_equal(sla_erlang_b(2.0, 1.0, 5, &v), 0);
    near(v, 0.036697, 6e-7, "B(5, 2)");
    assert_int_equal(sla_erlang_b(10.0, 1.0, 14, &v), 0);
    near(v, 0.056819, 6e-7, "B(14, 10)");
    /* B is defined at any load, also a >= N. */
    assert_int_equal(sla_erlang_b(30.0, 1.0, 10, &v), 0);
    {
        long double b;
        direct_bc(30.0L, 10, &b, NULL);
        near_rel(v, (double)b, 1e-13, "B(10, 30)");
    }
    /* No load, no blocking. */
    assert_int_equal(sla_erlang_b(0.0, 60.0, 3, &v), 0);
    near(v, 0.0, 0.0, "B at zero load");
}

/* Large N (research V6, 50-digit values): the naive formula overflows. */
static void test_large_n(void **state)
{
    static const struct {
        double a;
        int n;
        double c;
    } rows[] = {
        {143, 144, 0.901283301371},
        {1000, 1050, 0.0744017740374},
        {5000, 5100, 0.102881413601},
        {10000, 10150, 0.0857821267672},
    };
    double v;
    size_t i;
    int n, s;
    (void)state;
    for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        assert_int_equal(sla_erlang_c(rows[i].a, 1.0, rows[i].n, &v), 0);
        near_rel(v, rows[i].c, 1e-11, "large-N C");
    }
    /* Staffing for a = 10,000 Erlangs, 80/20, AHT 180 s -> 10,013. */
    assert_int_equal(sla_erlang_c_agents(10000.0 / 180.0, 180, 20, 0.8, 1.0, 0.0, &n, &s), 0);
    assert_int_equal(n, 10013);
    assert_int_equal(s, 10013);
    /* Near the maximum: 99,000 Erlangs on 100,000 agents is well defined. */
    assert_int_equal(sla_erlang_c(99000.0, 1.0, 100000, &v), 0);
    assert_true(v > 0.0 && v < 1e-3);
}

/* Independent cross-check against direct long-double summation, small to
 * 10,000 agents. */
static void test_direct_summation(void **state)
{
    static const double loads[] = {0.3, 2.5, 9.99, 47.5, 95, 143, 400, 950, 1000, 3000, 9900, 10000};
    static const double ratios[] = {1.0005, 1.01, 1.05, 1.2, 2.0};
    size_t i, j;
    (void)state;
    if (!long_double_is_wide())
        skip();
    for (i = 0; i < sizeof loads / sizeof loads[0]; i++) {
        for (j = 0; j < sizeof ratios / sizeof ratios[0]; j++) {
            double a = loads[i], v;
            int n = (int)ceil(a * ratios[j]);
            long double b, c;
            if (n <= a)
                n++;
            direct_bc((long double)a, n, &b, &c);
            assert_int_equal(sla_erlang_b(a, 1.0, n, &v), 0);
            if (b > 1e-290L)
                near_rel(v, (double)b, 1e-11, "B vs direct sum");
            assert_int_equal(sla_erlang_c(a, 1.0, n, &v), 0);
            if (c > 1e-290L)
                near_rel(v, (double)c, 1e-11, "C vs direct sum");
            else
                near(v, 0.0, 1e-290, "C vs direct sum (tiny)");
        }
    }
    /* Below the load, B only. */
    for (i = 0; i < sizeof loads / sizeof loads[0]; i++) {
        double a = loads[i], v;
        int n = (int)(a * 0.7) + 1;
        long double b;
        direct_bc((long double)a, n, &b, NULL);
        assert_int_equal(sla_erlang_b(a, 1.0, n, &v), 0);
        near_rel(v, (double)b, 1e-11, "B below load vs direct sum");
    }
}

/* Brute-force staffing: the least N whose direct-sum service level meets the
 * target, compared with the one-sweep search, over many loads. */
static int brute_agents(double a, double aht, double t, double level, double max_occ)
{
    int n;
    for (n = (int)floor(a) + 1;; n++) {
        long double b, c;
        if ((double)(a / n) > max_occ)
            continue;
        direct_bc((long double)a, n, &b, &c);
        if (1.0L - c * expl(-((long double)n - a) * t / aht) >= level)
            return n;
    }
}

static void test_agents_brute_force(void **state)
{
    unsigned seed = 12345;
    int i;
    (void)state;
    if (!long_double_is_wide())
        skip();
    for (i = 0; i < 300; i++) {
        double a, aht, t, level, occ;
        int n, s, want;
        seed = seed * 1103515245u + 12345u;
        a = 0.05 + (double)(seed >> 8 & 0xffff) / 65536.0 * (i < 250 ? 300.0 : 3000.0);
        seed = seed * 1103515245u + 12345u;
        aht = 60.0 + (double)(seed >> 8 & 0x3ff);
        t = (double)(seed >> 18 & 0x3f);
        level = 0.5 + 0.45 * (double)(seed >> 4 & 0xf) / 15.0;
        occ = (seed & 1) ? 1.0 : 0.8 + 0.01 * (double)(seed >> 24 & 0xf);
        want = brute_agents(a, aht, t, level, occ);
        assert_int_equal(sla_erlang_c_agents(a / aht, aht, t, level, occ, 0.0, &n, &s), 0);
        if (n != want)
            print_error("a=%g aht=%g t=%g level=%g occ=%g\n", a, aht, t, level, occ);
        assert_int_equal(n, want);
    }
}

/* pyworkforce published vector (research V1): 14 raw, 20 scheduled; with
 * max occupancy 0.70: 15 raw, 22 scheduled. */
static void test_shrinkage_and_occupancy(void **state)
{
    double rate = per_half_hour(100);
    int n = -1, s = -1;
    (void)state;
    assert_int_equal(sla_erlang_c_agents(rate, 180, 19.8, 0.8, 0.85, 0.3, &n, &s), 0);
    assert_int_equal(n, 14);
    assert_int_equal(s, 20); /* 14 / 0.7 = 20.000000000000004 in doubles */
    assert_int_equal(sla_erlang_c_agents(rate, 180, 19.8, 0.8, 0.70, 0.3, &n, &s), 0);
    assert_int_equal(n, 15);
    assert_int_equal(s, 22);
    /* Occupancy alone binding: level 0 asks only for N >= a / max_occ. */
    assert_int_equal(sla_erlang_c_agents(rate, 180, 20, 0.0, 0.85, 0.0, &n, &s), 0);
    assert_int_equal(n, 12); /* 10 / 0.85 = 11.76 */
    assert_int_equal(sla_erlang_c_agents(rate, 180, 20, 0.0, 1.0, 0.0, &n, &s), 0);
    assert_int_equal(n, 11); /* stability alone: N > 10 */
    /* Occupancy cap exactly met: 8.5 Erlangs, 0.85 cap -> 10 agents. */
    assert_int_equal(sla_erlang_c_agents(8.5 / 60.0, 60, 0, 0.0, 0.85, 0.0, &n, &s), 0);
    assert_int_equal(n, 10);
    /* Shrinkage rounding. */
    assert_int_equal(sla_erlang_c_agents(rate, 180, 20, 0.8, 1.0, 0.5, &n, &s), 0);
    assert_int_equal(n, 14);
    assert_int_equal(s, 28);
    assert_int_equal(sla_erlang_c_agents(rate, 180, 20, 0.8, 1.0, 0.35, &n, &s), 0);
    assert_int_equal(s, 22); /* 14 / 0.65 = 21.54 */
    assert_int_equal(sla_erlang_c_agents(rate, 180, 20, 0.8, 1.0, 0.0, &n, &s), 0);
    assert_int_equal(s, 14);
    /* Zero load needs nobody. */
    assert_int_equal(sla_erlang_c_agents(0.0, 180, 20, 0.8, 0.85, 0.3, &n, &s), 0);
    assert_int_equal(n, 0);
    assert_int_equal(s, 0);
    /* Chat: 80 % within 30 s (Jones the Net "Erlang uplift": 250 calls an
     * hour, AHT 330 s -> 28 advisors). */
    assert_int_equal(sla_erlang_c_agents(250.0 / 3600.0, 330, 30, 0.8, 1.0, 0.0, &n, &s), 0);
    assert_int_equal(n, 28);
}

static void test_unstable_and_invalid(void **state)
{
    double v = SENT;
    int n = -7, s = -7;
    (void)state;
    /* Load equal to or above the agents: no steady state for Erlang C. */
    assert_int_equal(sla_erlang_c(10.0, 1.0, 10, &v), SLA_EUNSTABLE);
    assert_int_equal(sla_erlang_c(11.0, 1.0, 10, &v), SLA_EUNSTABLE);
    assert_int_equal(sla_erlang_c_service_level(per_half_hour(100), 180, 10, 20, &v), SLA_EUNSTABLE);
    assert_int_equal(sla_erlang_c_asa(per_half_hour(100), 180, 9, &v), SLA_EUNSTABLE);
    assert_int_equal(sla_erlang_c_occupancy(per_half_hour(100), 180, 10, &v), SLA_EUNSTABLE);
    near(v, SENT, 0, "untouched on failure");

    assert_int_equal(sla_erlang_c(-1.0, 1.0, 10, &v), SLA_EINVAL);
    assert_int_equal(sla_erlang_c(NAN, 1.0, 10, &v), SLA_EINVAL);
    assert_int_equal(sla_erlang_c(INFINITY, 1.0, 10, &v), SLA_EINVAL);
    assert_int_equal(sla_erlang_c(1.0, 0.0, 10, &v), SLA_EINVAL);
    assert_int_equal(sla_erlang_c(1.0, -3.0, 10, &v), SLA_EINVAL);
    assert_int_equal(sla_erlang_c(1.0, NAN, 10, &v), SLA_EINVAL);
    assert_int_equal(sla_erlang_c(1.0, INFINITY, 10, &v), SLA_EINVAL);
    assert_int_equal(sla_erlang_c(1e300, 1e300, 10, &v), SLA_EINVAL); /* load overflows */
    assert_int_equal(sla_erlang_c(1.0, 1.0, 0, &v), SLA_EINVAL);
    assert_int_equal(sla_erlang_c(1.0, 1.0, -5, &v), SLA_EINVAL);
    assert_int_equal(sla_erlang_c(1.0, 1.0, SLA_ERLANG_MAX_AGENTS + 1, &v), SLA_EINVAL);
    assert_int_equal(sla_erlang_c(1.0, 1.0, 10, NULL), SLA_EINVAL);
    assert_int_equal(sla_erlang_b(1.0, 1.0, 0, &v), SLA_EINVAL);
    assert_int_equal(sla_erlang_b(1.0, 1.0, 10, NULL), SLA_EINVAL);
    assert_int_equal(sla_erlang_c_service_level(1.0, 1.0, 10, -1.0, &v), SLA_EINVAL);
    assert_int_equal(sla_erlang_c_service_level(1.0, 1.0, 10, NAN, &v), SLA_EINVAL);
    assert_int_equal(sla_erlang_c_asa(1.0, 1.0, 10, NULL), SLA_EINVAL);
    assert_int_equal(sla_erlang_c_occupancy(1.0, 1.0, 10, NULL), SLA_EINVAL);
    near(v, SENT, 0, "untouched on failure");

    assert_int_equal(sla_erlang_c_agents(1.0, 1.0, 20, 1.0, 1.0, 0.0, &n, &s), SLA_EINVAL);
    assert_int_equal(sla_erlang_c_agents(1.0, 1.0, 20, -0.1, 1.0, 0.0, &n, &s), SLA_EINVAL);
    assert_int_equal(sla_erlang_c_agents(1.0, 1.0, 20, 0.8, 0.0, 0.0, &n, &s), SLA_EINVAL);
    assert_int_equal(sla_erlang_c_agents(1.0, 1.0, 20, 0.8, 1.01, 0.0, &n, &s), SLA_EINVAL);
    assert_int_equal(sla_erlang_c_agents(1.0, 1.0, 20, 0.8, 1.0, 1.0, &n, &s), SLA_EINVAL);
    assert_int_equal(sla_erlang_c_agents(1.0, 1.0, 20, 0.8, 1.0, -0.1, &n, &s), SLA_EINVAL);
    assert_int_equal(sla_erlang_c_agents(1.0, 1.0, NAN, 0.8, 1.0, 0.0, &n, &s), SLA_EINVAL);
    assert_int_equal(sla_erlang_c_agents(1.0, 1.0, 20, 0.8, 1.0, 0.0, NULL, &s), SLA_EINVAL);
    assert_int_equal(sla_erlang_c_agents(1.0, 1.0, 20, 0.8, 1.0, 0.0, &n, NULL), SLA_EINVAL);
    /* Too big for the documented maximum. */
    assert_int_equal(sla_erlang_c_agents(200000.0, 1.0, 20, 0.8, 1.0, 0.0, &n, &s), SLA_ELIMIT);
    assert_int_equal(sla_erlang_c_agents(99.99, 1000.0, 20, 0.8, 1.0, 0.0, &n, &s), SLA_ELIMIT);
    assert_int_equal(n, -7);
    assert_int_equal(s, -7);

    assert_int_equal(sla_erlang_a_wait(1.0, 1.0, 0.0, 10, &v), SLA_EINVAL);
    assert_int_equal(sla_erlang_a_wait(1.0, 1.0, INFINITY, 10, &v), SLA_EINVAL);
    assert_int_equal(sla_erlang_a_wait(1.0, 1.0, -1.0, 10, &v), SLA_EINVAL);
    assert_int_equal(sla_erlang_a_wait(1.0, 1.0, 1.0, 0, &v), SLA_EINVAL);
    assert_int_equal(sla_erlang_a_wait(1.0, 1.0, 1.0, 10, NULL), SLA_EINVAL);
    assert_int_equal(sla_erlang_a_service_level(1.0, 1.0, 1.0, 10, -1, &v), SLA_EINVAL);
    assert_int_equal(sla_erlang_a_abandon(1.0, 1.0, 1e10, 10, &v), SLA_ELIMIT);
    /* A queue that would hold about 1e10 contacts. */
    assert_int_equal(sla_erlang_a_abandon(100.0, 1.0, 1e8, 10, &v), SLA_ELIMIT);
    near(v, SENT, 0, "untouched on failure");
}

/* ------------------------------------------------------------------------ */
/* Erlang A                                                                   */

/* Independent Erlang A: the birth-death chain summed directly in long
 * double, and the service level by uniformisation of the tagged contact's
 * position chain (long double: exp(-Lambda t) stays representable far
 * beyond the double range). */
typedef struct {
    double wait, abandon, level, occupancy;
} ref_a;

static ref_a reference_a(double rate, double aht, double patience, int n, double t)
{
    long double lam = rate, mu = 1.0L / aht, th = 1.0L / patience;
    long double term = 1.0L, below = 0.0L, qsum = 0.0L, lq = 0.0L;
    long double *p;
    int k, m, cap = 0;
    ref_a r;

    for (k = 0; k < n; k++) {
        below += term;
        term = term * lam / ((long double)(k + 1) * mu);
    }
    /* term = weight of state n; queue states follow */
    p = malloc(sizeof(long double) * 400000);
    assert_non_null(p);
    for (m = 0; m < 400000; m++) {
        p[m] = term;
        qsum += term;
        lq += (long double)m * term;
        term = term * lam / ((long double)n * mu + (long double)(m + 1) * th);
        if (term < qsum * 1e-22L && lam < (long double)n * mu + (long double)(m + 1) * th) {
            cap = m + 1;
            break;
        }
    }
    assert_true(cap > 0);
    r.wait = (double)(qsum / (below + qsum));
    r.abandon = (double)(th * lq / (below + qsum) / lam);
    r.occupancy = (double)(lam * (1.0L - (long double)r.abandon) / ((long double)n * mu));
    {
        /* u[i] = P(answered within k jumps | i waiting ahead) */
        long double big = (long double)n * mu + (long double)(cap + 1) * th;
        long double lt = big * t, w = expl(-lt), acc = 0.0L;
        long double *u = calloc((size_t)cap, sizeof(long double));
        long double *f = calloc((size_t)cap, sizeof(long double));
        long double sl = below;
        int step;
        assert_non_null(u);
        assert_non_null(f);
        for (step = 0;; step++) {
            /* f += Poisson(step; lt) * u_step */
            for (m = 0; m < cap; m++)
                f[m] += w * u[m];
            acc += w;
            if ((long double)step > lt && (1.0L - acc < 1e-20L || w < 1e-30L * acc))
                break;
            for (m = cap - 1; m >= 0; m--) {
                long double up = ((long double)n * mu + (long double)m * th) / big;
                long double stay = 1.0L - ((long double)n * mu + (long double)(m + 1) * th) / big;
                u[m] = up * (m == 0 ? 1.0L : u[m - 1]) + stay * u[m];
            }
            w = w * lt / (long double)(step + 1);
        }
        for (m = 0; m < cap; m++)
            sl += p[m] * f[m];
        r.level = (double)(sl / (below + qsum));
        free(u);
        free(f);
    }
    free(p);
    return r;
}

/* pyworkforce published Erlang A vector (test_abandonment.py; research V7):
 * 100 per 30 min, AHT 3 min, patience 5 min, N = 14, threshold 20 s. */
static void test_erlang_a_published(void **state)
{
    double rate = per_half_hour(100), v;
    (void)state;
    assert_int_equal(sla_erlang_a_wait(rate, 180, 300, 14, &v), 0);
    near(v, 0.14526011, 6e-9, "V7 P(wait)");
    assert_int_equal(sla_erlang_a_abandon(rate, 180, 300, 14, &v), 0);
    near(v, 0.013983744, 6e-10, "V7 P(abandon)");
    near(v * 300.0 / 60.0, 0.069918721, 6e-9, "V7 mean wait of all arrivals (min)");
    assert_int_equal(sla_erlang_a_occupancy(rate, 180, 300, 14, &v), 0);
    near(v, 0.70429733, 6e-9, "V7 occupancy");
    assert_int_equal(sla_erlang_a_service_level(rate, 180, 300, 14, 20, &v), 0);
    near(v, 0.91679209, 6e-9, "V7 SL");
    /* Extra rows of V7: N = 12, and N = 10 where the load equals N. */
    assert_int_equal(sla_erlang_a_wait(rate, 180, 300, 12, &v), 0);
    near(v, 0.331802, 6e-7, "V7 N=12 P(wait)");
    assert_int_equal(sla_erlang_a_abandon(rate, 180, 300, 12, &v), 0);
    near(v, 0.0427111, 6e-8, "V7 N=12 P(ab)");
    assert_int_equal(sla_erlang_a_service_level(rate, 180, 300, 12, 20, &v), 0);
    near(v, 0.772279, 6e-7, "V7 N=12 SL");
    assert_int_equal(sla_erlang_a_wait(rate, 180, 300, 10, &v), 0);
    near(v, 0.599433, 6e-7, "V7 N=10 P(wait)");
    assert_int_equal(sla_erlang_a_abandon(rate, 180, 300, 10, &v), 0);
    near(v, 0.109438, 6e-7, "V7 N=10 P(ab)");
    assert_int_equal(sla_erlang_a_service_level(rate, 180, 300, 10, 20, &v), 0);
    near(v, 0.51681, 6e-6, "V7 N=10 SL");
}

static void check_against_reference(double rate, double aht, double patience, int n, double t)
{
    ref_a want = reference_a(rate, aht, patience, n, t);
    double v;
    assert_int_equal(sla_erlang_a_wait(rate, aht, patience, n, &v), 0);
    near(v, want.wait, 1e-10, "Erlang A P(wait) vs reference");
    assert_int_equal(sla_erlang_a_abandon(rate, aht, patience, n, &v), 0);
    near(v, want.abandon, 1e-10, "Erlang A P(abandon) vs reference");
    assert_int_equal(sla_erlang_a_occupancy(rate, aht, patience, n, &v), 0);
    near(v, want.occupancy, 1e-10, "Erlang A occupancy vs reference");
    assert_int_equal(sla_erlang_a_service_level(rate, aht, patience, n, t, &v), 0);
    near(v, want.level, 1e-9, "Erlang A SL vs reference");
}

static void test_erlang_a_reference(void **state)
{
    (void)state;
    if (!long_double_is_wide())
        skip();
    check_against_reference(per_half_hour(100), 180, 300, 14, 20);
    check_against_reference(per_half_hour(100), 180, 30, 8, 45);  /* overloaded */
    check_against_reference(per_half_hour(600), 300, 120, 90, 30); /* chat */
    /* The trap: 100 agents, AHT 5 min, 60-min threshold: Lambda t > 1,200,
     * where exp(-Lambda t) is 0 in doubles. */
    check_against_reference(100.0 / 300.0 * 0.97, 300, 600, 100, 3600);
    /* 1,000 and 10,000 agents, at and above the load. */
    check_against_reference(1000.0 / 300.0, 300, 300, 1000, 20);
    check_against_reference(1020.0 / 300.0, 300, 300, 1000, 60);
    check_against_reference(10000.0 / 300.0, 300, 300, 10000, 20);
    check_against_reference(9900.0 / 300.0, 300, 600, 10000, 10);
    check_against_reference(10200.0 / 300.0, 300, 300, 10000, 30); /* overloaded */
}

/* Erlang A tends to Erlang C as patience grows, and to Erlang B as it
 * shrinks (everybody who would wait leaves at once). */
static void test_erlang_a_limits(void **state)
{
    double rate = per_half_hour(100), v, c;
    (void)state;
    assert_int_equal(sla_erlang_a_wait(rate, 180, 1e9, 14, &v), 0);
    near(v, 0.1741319335950498, 1e-6, "A -> C: P(wait)");
    assert_int_equal(sla_erlang_a_service_level(rate, 180, 1e9, 14, 20, &v), 0);
    near(v, 0.8883500191794669, 1e-6, "A -> C: SL");
    assert_int_equal(sla_erlang_a_asa(rate, 180, 1e9, 14, &v), 0);
    near(v, 7.83593701177724, 1e-4, "A -> C: ASA");
    assert_int_equal(sla_erlang_a_abandon(rate, 180, 1e9, 14, &v), 0);
    assert_true(v >= 0.0 && v < 1e-7);
    /* The limit is approached steadily. */
    assert_int_equal(sla_erlang_c(rate, 180, 14, &c), 0);
    assert_int_equal(sla_erlang_a_wait(rate, 180, 1e4, 14, &v), 0);
    assert_true(v < c && c - v < 0.01);
    assert_int_equal(sla_erlang_a_wait(rate, 180, 1e6, 14, &v), 0);
    assert_true(v < c && c - v < 1e-4);

    assert_int_equal(sla_erlang_b(rate, 180, 14, &c), 0);
    assert_int_equal(sla_erlang_a_wait(rate, 180, 1e-6, 14, &v), 0);
    near(v, c, 1e-8, "A -> B: P(wait)");
    assert_int_equal(sla_erlang_a_abandon(rate, 180, 1e-6, 14, &v), 0);
    near(v, c, 1e-8, "A -> B: P(abandon)");
    assert_int_equal(sla_erlang_a_service_level(rate, 180, 1e-6, 14, 20, &v), 0);
    near(v, 1.0 - c, 1e-8, "A -> B: SL");
    /* Overload is fine for Erlang A (no steady state for C). */
    assert_int_equal(sla_erlang_a_wait(3.0 * rate, 180, 60, 14, &v), 0);
    assert_true(v > 0.9 && v <= 1.0);
    assert_int_equal(sla_erlang_a_abandon(3.0 * rate, 180, 60, 14, &v), 0);
    assert_true(v > 0.5 && v < 1.0);
    /* No load. */
    assert_int_equal(sla_erlang_a_service_level(0.0, 180, 60, 3, 20, &v), 0);
    near(v, 1.0, 0.0, "no load SL");
}

/* ASA of answered contacts = integral over t of (P(answered) - SL(t)). */
static void test_erlang_a_asa(void **state)
{
    double rate = per_half_hour(100), aht = 180, pat = 300, ab, asa, sum = 0.0, h = 2.0;
    int n = 12, i, steps = 6000; /* to 12,000 s: the tail is e^-30 */
    (void)state;
    assert_int_equal(sla_erlang_a_abandon(rate, aht, pat, n, &ab), 0);
    assert_int_equal(sla_erlang_a_asa(rate, aht, pat, n, &asa), 0);
    for (i = 0; i <= steps; i++) { /* Simpson */
        double sl, w = (i == 0 || i == steps) ? 1.0 : (i % 2 ? 4.0 : 2.0);
        assert_int_equal(sla_erlang_a_service_level(rate, aht, pat, n, h * i, &sl), 0);
        sum += w * ((1.0 - ab) - sl);
    }
    near_rel(asa, sum * h / 3.0 / (1.0 - ab), 1e-7, "ASA by integration");
    /* The answered wait less than the wait of everybody (ab * patience). */
    assert_true(asa * (1.0 - ab) < ab * pat);
}

/* ------------------------------------------------------------------------ */
/* Staffing table                                                             */

static void test_staffing_table(void **state)
{
    double contacts[336];
    int agents[336], sched[336], n, s, i;
    (void)state;
    for (i = 0; i < 336; i++) {
        int slot = i % 48, day = i / 48;
        contacts[i] = (day < 5 && slot >= 16 && slot < 40) ? 20.0 + 5.0 * (slot % 7) + day : 0.0;
    }
    contacts[100] = 2500.0; /* a peak */
    assert_int_equal(sla_staffing_table(contacts, 336, 1800, 300, 20, 0.8, 0.85, 0.3, agents, sched),
                     0);
    for (i = 0; i < 336; i++) {
        assert_int_equal(sla_erlang_c_agents(contacts[i] / 1800.0, 300, 20, 0.8, 0.85, 0.3, &n, &s),
                         0);
        assert_int_equal(agents[i], n);
        assert_int_equal(sched[i], s);
    }
    assert_int_equal(agents[0], 0);
    /* Failure writes nothing. */
    agents[0] = -3;
    contacts[7] = -1.0;
    assert_int_equal(sla_staffing_table(contacts, 336, 1800, 300, 20, 0.8, 0.85, 0.3, agents, sched),
                     SLA_EINVAL);
    contacts[7] = 1e9; /* far beyond SLA_ERLANG_MAX_AGENTS */
    assert_int_equal(sla_staffing_table(contacts, 336, 1800, 300, 20, 0.8, 0.85, 0.3, agents, sched),
                     SLA_ELIMIT);
    assert_int_equal(agents[0], -3);
    contacts[7] = 0.0;
    assert_int_equal(sla_staffing_table(NULL, 336, 1800, 300, 20, 0.8, 0.85, 0.3, agents, sched),
                     SLA_EINVAL);
    assert_int_equal(sla_staffing_table(contacts, 0, 1800, 300, 20, 0.8, 0.85, 0.3, agents, sched),
                     SLA_EINVAL);
    assert_int_equal(sla_staffing_table(contacts, 336, 0, 300, 20, 0.8, 0.85, 0.3, agents, sched),
                     SLA_EINVAL);
    assert_int_equal(sla_staffing_table(contacts, 336, 1800, 300, 20, 0.8, 0.85, 0.3, agents, NULL),
                     SLA_EINVAL);
    assert_int_equal(agents[0], -3);
    agents[0] = 0;
    /* More buckets than the stack buffer (quarter hours, two weeks). */
    {
        static double c2[1344];
        static int a2[1344], s2[1344];
        for (i = 0; i < 1344; i++)
            c2[i] = contacts[(i / 2) % 336] / 2.0;
        assert_int_equal(sla_staffing_table(c2, 1344, 900, 300, 20, 0.8, 0.85, 0.3, a2, s2), 0);
        for (i = 0; i < 1344; i++)
            assert_int_equal(a2[i], agents[(i / 2) % 336]);
    }
}

/* ------------------------------------------------------------------------ */
/* Shared data set: published worked examples (erlang-c/)                    */

static int column(char **names, int count, const char *name)
{
    int i;
    for (i = 0; i < count; i++)
        if (strcmp(names[i], name) == 0)
            return i;
    fail_msg("column %s missing", name);
    return -1;
}

/* Split a CSV line (no quoting in this file) in place. */
static int split(char *line, char **fields, int max)
{
    int count = 0;
    char *p = line;
    line[strcspn(line, "\r\n")] = 0;
    while (count < max) {
        fields[count++] = p;
        p = strchr(p, ',');
        if (!p)
            break;
        *p++ = 0;
    }
    return count;
}

/* Tolerance: half a unit in the last printed digit. */
static double printed_tol(const char *text)
{
    const char *dot = strchr(text, '.');
    int decimals = dot ? (int)strspn(dot + 1, "0123456789") : 0;
    return 0.5 * pow(10.0, -decimals) + 1e-12 * fabs(atof(text));
}

static void test_shared_vectors(void **state)
{
    const char *dir = getenv("SLA_SHARED_DIR");
    char path[4096], line[2048], head[2048];
    char *names[40], *f[40];
    int count, rows = 0;
    FILE *fp;
    (void)state;
    if (!dir)
        skip();
    snprintf(path, sizeof path, "%s/data/erlang-c/erlang_c_vectors.csv", dir);
    fp = fopen(path, "r");
    if (!fp)
        skip();
    assert_non_null(fgets(head, sizeof head, fp));
    count = split(head, names, 40);
    while (fgets(line, sizeof line, fp)) {
        int nf = split(line, f, 40);
        double calls, period, aht, rate, target, v;
        const char *agents, *cell;
        assert_int_equal(nf, count);
        calls = atof(f[column(names, count, "calls")]);
        period = atof(f[column(names, count, "period_s")]);
        aht = atof(f[column(names, count, "aht_s")]);
        target = atof(f[column(names, count, "target_answer_s")]);
        rate = calls / period;
        agents = f[column(names, count, "agents")];
        if (*agents) {
            int n = atoi(agents);
            cell = f[column(names, count, "wait_probability")];
            if (*cell) {
                assert_int_equal(sla_erlang_c(rate, aht, n, &v), 0);
                near(v, atof(cell), printed_tol(cell), f[0]);
            }
            cell = f[column(names, count, "service_level")];
            if (*cell) {
                assert_int_equal(sla_erlang_c_service_level(rate, aht, n, target, &v), 0);
                near(v, atof(cell), printed_tol(cell), f[0]);
            }
            cell = f[column(names, count, "asa_s")];
            if (*cell) {
                assert_int_equal(sla_erlang_c_asa(rate, aht, n, &v), 0);
                near(v, atof(cell), printed_tol(cell) + 1e-9 * atof(cell), f[0]);
            }
            cell = f[column(names, count, "occupancy")];
            if (*cell) {
                assert_int_equal(sla_erlang_c_occupancy(rate, aht, n, &v), 0);
                near(v, atof(cell), printed_tol(cell), f[0]);
            }
        }
        cell = f[column(names, count, "required_agents")];
        if (*cell) {
            const char *goal = f[column(names, count, "sl_goal")];
            const char *occ = f[column(names, count, "max_occupancy")];
            const char *shr = f[column(names, count, "shrinkage")];
            const char *after = f[column(names, count, "required_agents_after_shrinkage")];
            int n, s;
            assert_int_equal(sla_erlang_c_agents(rate, aht, target, atof(goal), *occ ? atof(occ) : 1.0,
                                                 *shr ? atof(shr) : 0.0, &n, &s),
                             0);
            assert_int_equal(n, atoi(cell));
            if (*after)
                assert_int_equal(s, atoi(after));
        }
        rows++;
    }
    fclose(fp);
    assert_true(rows >= 5);
}

/* ------------------------------------------------------------------------ */
/* Coverage gap against a calendar                                            */

static sla_calendar *calendar(const char *zone, const char *hours, const char *holiday)
{
    sla_calendar_builder *b = NULL;
    sla_calendar *cal = NULL;
    assert_int_equal(sla_calendar_builder_new(zone, &b), 0);
    assert_int_equal(sla_calendar_builder_set_hours(b, hours, NULL), 0);
    if (holiday) {
        int y, m, d;
        assert_int_equal(sscanf(holiday, "%d-%d-%d", &y, &m, &d), 3);
        assert_int_equal(sla_calendar_builder_add_holiday(b, y, m, d), 0);
    }
    assert_int_equal(sla_calendar_builder_compile(b, &cal), 0);
    sla_calendar_builder_free(b);
    return cal;
}

static void test_coverage(void **state)
{
    double contacts[336], frac[336], closed = SENT, share = SENT;
    sla_calendar *cal;
    int i;
    (void)state;
    for (i = 0; i < 336; i++)
        contacts[i] = 10.0;

    /* Wednesday 2025-03-12 15:00 Oslo (1741788000): the week of Monday
     * 2025-03-10, no DST change. Weekdays 09:00-17:00 = slots 18..33. */
    cal = calendar("Europe/Oslo", "Mo-Fr 09:00-17:00", NULL);
    assert_int_equal(sla_coverage_gap(cal, 1741788000, contacts, 336, 1800, frac, &closed, &share), 0);
    for (i = 0; i < 336; i++) {
        int open = i / 48 < 5 && i % 48 >= 18 && i % 48 < 34;
        near(frac[i], open ? 1.0 : 0.0, 0.0, "open fraction");
    }
    near(closed, 2560.0, 1e-9, "closed contacts");
    near(share, 256.0 / 336.0, 1e-12, "closed share");
    /* Invalid arguments write nothing. */
    closed = SENT;
    assert_int_equal(sla_coverage_gap(NULL, 1741788000, contacts, 336, 1800, frac, &closed, &share),
                     SLA_EINVAL);
    assert_int_equal(sla_coverage_gap(cal, 1741788000, contacts, 336, 7, frac, &closed, &share),
                     SLA_EINVAL); /* 7 does not divide a day */
    assert_int_equal(sla_coverage_gap(cal, 1741788000, contacts, 336, 1800, NULL, &closed, &share),
                     SLA_EINVAL);
    contacts[3] = NAN;
    assert_int_equal(sla_coverage_gap(cal, 1741788000, contacts, 336, 1800, frac, &closed, &share),
                     SLA_EINVAL);
    contacts[3] = 10.0;
    near(closed, SENT, 0, "untouched");
    /* Past the supported range. */
    assert_int_equal(sla_coverage_gap(cal, SLA_TIME_MAX - 3600, contacts, 336, 1800, frac, &closed,
                                      &share),
                     SLA_ERANGE);
    sla_calendar_free(cal);

    /* A quarter-past opening leaves half of the 09:00 bucket open. */
    cal = calendar("Europe/Oslo", "Mo-Fr 09:15-17:00", NULL);
    assert_int_equal(sla_coverage_gap(cal, 1741788000, contacts, 336, 1800, frac, &closed, &share), 0);
    near(frac[18], 0.5, 1e-12, "09:00-09:30 half open");
    near(frac[19], 1.0, 0.0, "09:30 open");
    near(closed, 2585.0, 1e-9, "closed contacts");
    sla_calendar_free(cal);

    /* The week of 2025-03-24 has the spring-forward Sunday (30 March,
     * 02:00 -> 03:00). Sunday 01:00-04:00 local is open: the skipped
     * buckets 02:00 and 02:30 take the state at their start (open). */
    cal = calendar("Europe/Oslo", "Su 01:00-04:00", NULL);
    assert_int_equal(sla_coverage_gap(cal, 1742986800, contacts, 336, 1800, frac, &closed, &share), 0);
    for (i = 0; i < 336; i++) {
        int open = i / 48 == 6 && i % 48 >= 2 && i % 48 < 8;
        near(frac[i], open ? 1.0 : 0.0, 0.0, "DST week open fraction");
    }
    sla_calendar_free(cal);

    /* The reference week is the calendar's local week: Sunday 2025-03-16
     * 20:00Z is Monday 05:00 in Tokyo, so the week is that of Monday 17
     * March, a holiday here: nothing is open. */
    cal = calendar("Asia/Tokyo", "Mo 09:00-17:00", "2025-03-17");
    assert_int_equal(sla_coverage_gap(cal, 1742155200, contacts, 336, 1800, frac, &closed, &share), 0);
    near(frac[18], 0.0, 0.0, "holiday Monday closed");
    near(share, 1.0, 0.0, "all closed");
    /* One week earlier the same Monday hours are open. */
    assert_int_equal(
        sla_coverage_gap(cal, 1742155200 - 7 * 86400, contacts, 336, 1800, frac, &closed, &share), 0);
    near(frac[18], 1.0, 0.0, "ordinary Monday open");
    near(closed, 3200.0, 1e-9, "closed contacts");
    sla_calendar_free(cal);

    /* No contacts: a share of 0. */
    cal = calendar("UTC", "24/7", NULL);
    for (i = 0; i < 336; i++)
        contacts[i] = 0.0;
    assert_int_equal(sla_coverage_gap(cal, 1741788000, contacts, 336, 1800, frac, &closed, &share), 0);
    near(share, 0.0, 0.0, "empty profile");
    near(frac[200], 1.0, 0.0, "24/7");
    sla_calendar_free(cal);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_worked_example),
        cmocka_unit_test(test_more_vectors),
        cmocka_unit_test(test_erlang_b_classics),
        cmocka_unit_test(test_large_n),
        cmocka_unit_test(test_direct_summation),
        cmocka_unit_test(test_agents_brute_force),
        cmocka_unit_test(test_shrinkage_and_occupancy),
        cmocka_unit_test(test_unstable_and_invalid),
        cmocka_unit_test(test_erlang_a_published),
        cmocka_unit_test(test_erlang_a_reference),
        cmocka_unit_test(test_erlang_a_limits),
        cmocka_unit_test(test_erlang_a_asa),
        cmocka_unit_test(test_staffing_table),
        cmocka_unit_test(test_shared_vectors),
        cmocka_unit_test(test_coverage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
