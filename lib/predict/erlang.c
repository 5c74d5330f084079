/* Erlang B, C and A for contact-centre staffing.
 *
 * Units: arrival rates are contacts per second, handle times, patience and
 * answer times are seconds; the offered load a = rate * aht is in Erlangs.
 *
 * Erlang B comes from its recurrence (every intermediate value lies in
 * (0, 1], so nothing overflows), warm-started near the load (see erlang.h);
 * Erlang C from B. The staffing search carries the recurrence upward and
 * tests each candidate on the way, one sweep in all. Erlang A is a
 * birth-death chain normalised against Erlang B, summed once with running
 * rescaling; its service level uses a closed form for the tagged customer's
 * wait (a negative-binomial tail, see erlang_a below), so no Poisson weight
 * exp(-rate * t) is ever formed and nothing underflows.
 *
 * SPDX-License-Identifier: MIT */
#include <float.h>
#include <limits.h>
#include <math.h>

#include "predict/erlang.h"

/* ------------------------------------------------------------------------ */
/* Erlang B                                                                  */

int sla__erlang_b_start(double a, int n, double *b)
{
    double m = a < (double)n ? a : (double)n;
    double s = m - SLA__ERLANG_WARM * sqrt(a);

    /* Small problems start from B(0) = 1: exact and cheap. */
    if (!(s >= 32.0)) {
        *b = 1.0;
        return 0;
    }
    {
        int n0 = (int)s; /* floor, s > 0 and < n */
        *b = (a - (double)n0) / a;
        return n0;
    }
}

static double b_run(double a, int from, double b, int to)
{
    int k;

    for (k = from + 1; k <= to; k++) {
        double ab = a * b;
        b = ab / ((double)k + ab);
        if (b < SLA__ERLANG_TINY)
            return 0.0;
    }
    return b;
}

double sla__erlang_b_full(double a, int n)
{
    return b_run(a, 0, 1.0, n);
}

double sla__erlang_b(double a, int n)
{
    double b;
    int n0 = sla__erlang_b_start(a, n, &b);

    return b_run(a, n0, b, n);
}

double sla__erlang_c_from_b(double a, int n, double b)
{
    double dn = (double)n;

    /* n B / (n - a + a B): n - a carries no cancellation beyond the input's. */
    return dn * b / ((dn - a) + a * b);
}

/* ------------------------------------------------------------------------ */
/* Argument checks                                                            */

static bool finite_nonneg(double x)
{
    return x >= 0.0 && x <= DBL_MAX;
}

static bool finite_pos(double x)
{
    return x > 0.0 && x <= DBL_MAX;
}

/* rate >= 0, aht > 0, both finite, and a finite load. */
static int load_of(double rate, double aht, double *a)
{
    double l;

    if (!finite_nonneg(rate) || !finite_pos(aht))
        return SLA_EINVAL;
    l = rate * aht;
    if (!(l <= DBL_MAX))
        return SLA_EINVAL;
    *a = l;
    return 0;
}

static bool agents_ok(int n)
{
    return n >= 1 && n <= SLA_ERLANG_MAX_AGENTS;
}

/* Load a < n agents: P(wait). */
static int erlang_c(double rate, double aht, int n, double *a, double *c)
{
    int r = load_of(rate, aht, a);

    if (r < 0)
        return r;
    if (!agents_ok(n))
        return SLA_EINVAL;
    if (!(*a < (double)n))
        return SLA_EUNSTABLE;
    *c = *a == 0.0 ? 0.0 : sla__erlang_c_from_b(*a, n, sla__erlang_b(*a, n));
    return 0;
}

/* Service level of Erlang C: 1 - C exp(-(n - a) t / aht). */
static double c_level(double a, int n, double aht, double t, double c)
{
    double sl = 1.0 - c * exp(-((double)n - a) * (t / aht));

    return sl < 0.0 ? 0.0 : sl;
}

/* ------------------------------------------------------------------------ */
/* Public Erlang B and C                                                      */

SLA_EXPORT int sla_erlang_b(double rate, double aht, int agents, double *ret_blocking)
{
    double a;
    int r;

    if (!ret_blocking)
        return SLA_EINVAL;
    r = load_of(rate, aht, &a);
    if (r < 0)
        return r;
    if (!agents_ok(agents))
        return SLA_EINVAL;
    *ret_blocking = a == 0.0 ? 0.0 : sla__erlang_b(a, agents);
    return 0;
}

SLA_EXPORT int sla_erlang_c(double rate, double aht, int agents, double *ret_wait)
{
    double a, c;
    int r;

    if (!ret_wait)
        return SLA_EINVAL;
    r = erlang_c(rate, aht, agents, &a, &c);
    if (r < 0)
        return r;
    *ret_wait = c;
    return 0;
}

SLA_EXPORT int sla_erlang_c_service_level(double rate, double aht, int agents, double answer_time,
                                          double *ret_level)
{
    double a, c;
    int r;

    if (!ret_level || !finite_nonneg(answer_time))
        return SLA_EINVAL;
    r = erlang_c(rate, aht, agents, &a, &c);
    if (r < 0)
        return r;
    *ret_level = c_level(a, agents, aht, answer_time, c);
    return 0;
}

SLA_EXPORT int sla_erlang_c_asa(double rate, double aht, int agents, double *ret_asa)
{
    double a, c;
    int r;

    if (!ret_asa)
        return SLA_EINVAL;
    r = erlang_c(rate, aht, agents, &a, &c);
    if (r < 0)
        return r;
    *ret_asa = c * aht / ((double)agents - a);
    return 0;
}

SLA_EXPORT int sla_erlang_c_occupancy(double rate, double aht, int agents, double *ret_occupancy)
{
    double a;
    int r;

    if (!ret_occupancy)
        return SLA_EINVAL;
    r = load_of(rate, aht, &a);
    if (r < 0)
        return r;
    if (!agents_ok(agents))
        return SLA_EINVAL;
    if (!(a < (double)agents))
        return SLA_EUNSTABLE;
    *ret_occupancy = a / (double)agents;
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Staffing                                                                   */

int sla__erlang_c_agents(double a, double aht, double t, double level, double max_occ, int *ret)
{
    double b, ta = t / aht;
    int n;

    if (a == 0.0) {
        *ret = 0;
        return 0;
    }
    if (!(a < (double)SLA_ERLANG_MAX_AGENTS))
        return SLA_ELIMIT;
    /* One sweep: B(n) for every n from the warm start upward; each n above
     * the load is a candidate, tested as soon as its B is known. */
    n = sla__erlang_b_start(a, SLA_ERLANG_MAX_AGENTS, &b);
    while (n < SLA_ERLANG_MAX_AGENTS) {
        double ab = a * b, dn;

        n++;
        dn = (double)n;
        b = ab / (dn + ab);
        if (b < SLA__ERLANG_TINY)
            b = 0.0;
        if (dn > a && a / dn <= max_occ) {
            double c = sla__erlang_c_from_b(a, n, b);
            if (1.0 - c * exp(-(dn - a) * ta) >= level) {
                *ret = n;
                return 0;
            }
        }
    }
    return SLA_ELIMIT;
}

int sla__erlang_scheduled(int n, double shrinkage, int *ret)
{
    double x = (double)n / (1.0 - shrinkage);
    double f = floor(x);

    if (x - f > 1e-9 * x)
        f += 1.0;
    if (!(f <= (double)INT_MAX))
        return SLA_ELIMIT;
    *ret = (int)f;
    return 0;
}

static int staffing_args(double aht, double answer_time, double level, double max_occ,
                         double shrinkage)
{
    if (!finite_pos(aht) || !finite_nonneg(answer_time))
        return SLA_EINVAL;
    if (!(level >= 0.0 && level < 1.0))
        return SLA_EINVAL;
    if (!(max_occ > 0.0 && max_occ <= 1.0))
        return SLA_EINVAL;
    if (!(shrinkage >= 0.0 && shrinkage < 1.0))
        return SLA_EINVAL;
    return 0;
}

SLA_EXPORT int sla_erlang_c_agents(double rate, double aht, double answer_time, double level,
                                   double max_occupancy, double shrinkage, int *ret_agents,
                                   int *ret_scheduled)
{
    double a;
    int r, n, s;

    if (!ret_agents || !ret_scheduled)
        return SLA_EINVAL;
    r = staffing_args(aht, answer_time, level, max_occupancy, shrinkage);
    if (r < 0)
        return r;
    r = load_of(rate, aht, &a);
    if (r < 0)
        return r;
    r = sla__erlang_c_agents(a, aht, answer_time, level, max_occupancy, &n);
    if (r < 0)
        return r;
    r = sla__erlang_scheduled(n, shrinkage, &s);
    if (r < 0)
        return r;
    *ret_agents = n;
    *ret_scheduled = s;
    return 0;
}

/* Results go to a buffer first so that nothing is written on failure. */
#define STAFF_STACK 672

SLA_EXPORT int sla_staffing_table(const double *contacts, size_t n, int64_t bucket, double aht,
                                  double answer_time, double level, double max_occupancy,
                                  double shrinkage, int *ret_agents, int *ret_scheduled)
{
    int stack[2 * STAFF_STACK];
    int *buf = stack;
    double last_a = -1.0;
    int last_n = 0, last_s = 0, r = 0;
    size_t i;

    if (!contacts || !ret_agents || !ret_scheduled || bucket <= 0)
        return SLA_EINVAL;
    if (n == 0 || n > SLA_STAFFING_MAX_BUCKETS)
        return n == 0 ? SLA_EINVAL : SLA_ELIMIT;
    r = staffing_args(aht, answer_time, level, max_occupancy, shrinkage);
    if (r < 0)
        return r;
    for (i = 0; i < n; i++)
        if (!finite_nonneg(contacts[i]) || !(contacts[i] / (double)bucket * aht <= DBL_MAX))
            return SLA_EINVAL;
    if (n > STAFF_STACK) {
        buf = sla__malloc(2 * n * sizeof(int));
        if (!buf)
            return SLA_ENOMEM;
    }
    for (i = 0; i < n; i++) {
        double a = contacts[i] / (double)bucket * aht;

        /* Neighbouring buckets often carry the same load (nights, closed
         * days, flat profiles): reuse the last answer. */
        if (a != last_a) {
            r = sla__erlang_c_agents(a, aht, answer_time, level, max_occupancy, &last_n);
            if (r < 0)
                goto out;
            r = sla__erlang_scheduled(last_n, shrinkage, &last_s);
            if (r < 0)
                goto out;
            last_a = a;
        }
        buf[i] = last_n;
        buf[n + i] = last_s;
    }
    for (i = 0; i < n; i++) {
        ret_agents[i] = buf[i];
        ret_scheduled[i] = buf[n + i];
    }
out:
    if (buf != stack)
        sla__free(buf);
    return r;
}

/* ------------------------------------------------------------------------ */
/* Erlang A                                                                   */

/*
 * States n < N (some agent free) have p_n proportional to a^n / n!; relative
 * to p_N their sum is (1 - B) / B with B = B(N, a). States N + j (j waiting)
 * have p_{N+j} = p_N pi_j, pi_0 = 1, pi_j = pi_{j-1} rate / (N mu + j theta).
 *
 * A tagged arrival that finds j waiting ahead reaches an agent only if none
 * of the j + 1 stages before it (rates N mu + k theta, k = j+1 ... 1, each
 * left either by moving up or by abandoning) ends in its own abandonment:
 * probability N mu / (N mu + (j+1) theta). Given that, its wait is a sum of
 * independent exponentials with rates N mu + k theta, k = 1 ... j+1, whose
 * distribution function at t is
 *     P(K >= j + 1),  K ~ NegativeBinomial(r = N mu / theta + 1, y = 1 - exp(-theta t)),
 * P(K = k) = Gamma(k + r) / (k! Gamma(r)) y^k (1 - y)^r. (Partial fractions
 * of the hypoexponential with rates in arithmetic progression sum to a
 * regularised incomplete beta function, which is this tail.) Its mean is
 * sum_k 1 / (N mu + k theta).
 *
 * The negative-binomial weights are carried as a scaled value times
 * exp(E); P(K = 0) = exp(-(N mu + theta) t) may be far below the double
 * range without harm.
 */
#define RESCALE 1e200
#define LN_RESCALE 460.51701859880913680 /* 200 ln 10 */

int sla__erlang_a(double rate, double aht, double patience, int n, double t,
                  sla__erlang_a_result *ret)
{
    double a = rate * aht;
    double nmu = (double)n / aht, theta = 1.0 / patience;
    double bq = (double)n * (patience / aht); /* N mu / theta */
    double r_nb = bq + 1.0;
    double y = -expm1(-theta * t);
    double b, pi = 1.0, lscale = 0.0;
    double s_sum = 0.0, lq_sum = 0.0, sl_sum = 0.0, served_sum = 0.0, w_sum = 0.0;
    double eq0 = -(nmu + theta) * t;
    double qs = 1.0, qcum = 0.0, fq = exp(eq0);
    double h = 0.0;
    long rescales = 0;
    double pw, p0, ls, lq, served, lbs;
    long j;

    if (a == 0.0) {
        ret->wait = 0.0;
        ret->abandon = 0.0;
        ret->level = 1.0;
        ret->asa = 0.0;
        ret->occupancy = 0.0;
        return 0;
    }
    /* The chain peaks near (a - N) patience / aht waiting contacts. */
    if ((a - (double)n) * (patience / aht) > (double)SLA__ERLANG_A_MAX_STATES)
        return SLA_ELIMIT;
    b = sla__erlang_b(a, n);

    for (j = 0;; j++) {
        double stage = nmu + (double)(j + 1) * theta; /* exit rate with j ahead */
        double succ = nmu / stage;
        double f, ratio;

        /* F = P(K > j) = 1 - sum_{k <= j} P(K = k) */
        qcum += qs;
        f = 1.0 - qcum * fq;
        if (f < 0.0)
            f = 0.0;
        h += 1.0 / stage;

        s_sum += pi;
        lq_sum += (double)j * pi;
        served_sum += pi * succ;
        sl_sum += pi * succ * f;
        w_sum += pi * succ * h;

        ratio = rate / stage; /* pi_{j+1} / pi_j */
        pi *= ratio;
        if (ratio < 1.0 && pi * ratio / (1.0 - ratio) < 1e-17 * s_sum)
            break;
        if (j >= SLA__ERLANG_A_MAX_STATES)
            return SLA_ELIMIT;
        if (pi > RESCALE) {
            pi /= RESCALE;
            s_sum /= RESCALE;
            lq_sum /= RESCALE;
            served_sum /= RESCALE;
            sl_sum /= RESCALE;
            w_sum /= RESCALE;
            lscale += LN_RESCALE;
        }
        /* next negative-binomial weight: times (j + r) / (j + 1) * y */
        qs *= ((double)j + r_nb) / (double)(j + 1) * y;
        if (qs > RESCALE) {
            qs /= RESCALE;
            qcum /= RESCALE;
            rescales++;
            fq = exp(eq0 + (double)rescales * LN_RESCALE);
        }
    }

    /* Normalise: P(wait) = B S / (1 - B + B S) with S = sum pi (true scale). */
    if (b == 0.0) {
        pw = 0.0;
        p0 = 1.0;
    } else {
        lbs = log(b) + log(s_sum) + lscale; /* log(B S) */
        ls = (1.0 - b) * exp(-lbs);         /* (1 - B) / (B S) */
        pw = 1.0 / (1.0 + ls);
        p0 = ls * pw;
        if (!(ls <= DBL_MAX)) { /* B S negligible against 1 - B */
            pw = 0.0;
            p0 = 1.0;
        }
    }
    lq = pw * (lq_sum / s_sum);
    served = p0 + pw * (served_sum / s_sum);
    if (!(served > 0.0))
        return SLA_ERANGE;
    ret->wait = pw;
    ret->abandon = theta * lq / rate;
    ret->level = p0 + pw * (sl_sum / s_sum);
    ret->asa = pw * (w_sum / s_sum) / served;
    ret->occupancy = a * served / (double)n;
    return 0;
}

static int erlang_a_call(double rate, double aht, double patience, int agents, double t,
                         sla__erlang_a_result *res)
{
    double a;
    int r = load_of(rate, aht, &a);

    if (r < 0)
        return r;
    if (!agents_ok(agents) || !finite_pos(patience) || !finite_nonneg(t))
        return SLA_EINVAL;
    if (!(patience / aht <= SLA_ERLANG_MAX_RATIO) || !(t / aht <= SLA_ERLANG_MAX_RATIO))
        return SLA_ELIMIT;
    return sla__erlang_a(rate, aht, patience, agents, t, res);
}

SLA_EXPORT int sla_erlang_a_wait(double rate, double aht, double patience, int agents,
                                 double *ret_wait)
{
    sla__erlang_a_result res;
    int r;

    if (!ret_wait)
        return SLA_EINVAL;
    r = erlang_a_call(rate, aht, patience, agents, 0.0, &res);
    if (r < 0)
        return r;
    *ret_wait = res.wait;
    return 0;
}

SLA_EXPORT int sla_erlang_a_abandon(double rate, double aht, double patience, int agents,
                                    double *ret_abandon)
{
    sla__erlang_a_result res;
    int r;

    if (!ret_abandon)
        return SLA_EINVAL;
    r = erlang_a_call(rate, aht, patience, agents, 0.0, &res);
    if (r < 0)
        return r;
    *ret_abandon = res.abandon;
    return 0;
}

SLA_EXPORT int sla_erlang_a_service_level(double rate, double aht, double patience, int agents,
                                          double answer_time, double *ret_level)
{
    sla__erlang_a_result res;
    int r;

    if (!ret_level)
        return SLA_EINVAL;
    r = erlang_a_call(rate, aht, patience, agents, answer_time, &res);
    if (r < 0)
        return r;
    *ret_level = res.level;
    return 0;
}

SLA_EXPORT int sla_erlang_a_asa(double rate, double aht, double patience, int agents,
                                double *ret_asa)
{
    sla__erlang_a_result res;
    int r;

    if (!ret_asa)
        return SLA_EINVAL;
    r = erlang_a_call(rate, aht, patience, agents, 0.0, &res);
    if (r < 0)
        return r;
    *ret_asa = res.asa;
    return 0;
}

SLA_EXPORT int sla_erlang_a_occupancy(double rate, double aht, double patience, int agents,
                                      double *ret_occupancy)
{
    sla__erlang_a_result res;
    int r;

    if (!ret_occupancy)
        return SLA_EINVAL;
    r = erlang_a_call(rate, aht, patience, agents, 0.0, &res);
    if (r < 0)
        return r;
    *ret_occupancy = res.occupancy;
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Erlang A staffing                                                        */

/* Whether n agents meet the target under Erlang A: 1 yes, 0 no, < 0 error. */
static int erlang_a_meets(double rate, double aht, double patience, int n, double t,
                          double level, double max_occ)
{
    sla__erlang_a_result res;
    int r = sla__erlang_a(rate, aht, patience, n, t, &res);

    if (r < 0)
        return r;
    return res.level >= level && res.occupancy <= max_occ + 1e-12;
}

SLA_EXPORT int sla_erlang_a_agents(double rate, double aht, double patience, double answer_time,
                                   double level, double max_occupancy, double shrinkage,
                                   int *ret_agents, int *ret_scheduled)
{
    int lo = 0, hi = 1, r, s;

    if (!ret_agents || !ret_scheduled)
        return SLA_EINVAL;
    r = staffing_args(aht, answer_time, level, max_occupancy, shrinkage);
    if (r < 0)
        return r;
    {
        double a;
        r = load_of(rate, aht, &a);
        if (r < 0)
            return r;
    }
    if (!finite_pos(patience))
        return SLA_EINVAL;
    if (!(patience / aht <= SLA_ERLANG_MAX_RATIO) || !(answer_time / aht <= SLA_ERLANG_MAX_RATIO))
        return SLA_ELIMIT;
    if (rate == 0.0) {
        *ret_agents = 0;
        *ret_scheduled = 0;
        return 0;
    }
    /* Service level grows and occupancy falls with more agents: double,
     * then bisect. */
    while ((r = erlang_a_meets(rate, aht, patience, hi, answer_time, level, max_occupancy)) == 0) {
        lo = hi;
        if (hi >= SLA_ERLANG_MAX_AGENTS)
            return SLA_ELIMIT;
        hi = hi * 2 > SLA_ERLANG_MAX_AGENTS ? SLA_ERLANG_MAX_AGENTS : hi * 2;
    }
    if (r < 0)
        return r;
    while (hi - lo > 1) {
        int mid = lo + (hi - lo) / 2;
        r = erlang_a_meets(rate, aht, patience, mid, answer_time, level, max_occupancy);
        if (r < 0)
            return r;
        if (r)
            hi = mid;
        else
            lo = mid;
    }
    r = sla__erlang_scheduled(hi, shrinkage, &s);
    if (r < 0)
        return r;
    *ret_agents = hi;
    *ret_scheduled = s;
    return 0;
}
