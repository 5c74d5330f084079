/* Internal: Erlang B, C and A queueing formulas for staffing.
 * SPDX-License-Identifier: MIT */
#ifndef SLA_PREDICT_ERLANG_H
#define SLA_PREDICT_ERLANG_H

#include "core/core.h"

/* Erlang B recurrence, started where its error has died out.
 *
 * B(0) = 1, B(n) = a B(n-1) / (n + a B(n-1)). The map B(n-1) -> B(n) is a
 * contraction: its slope is a n / (n + a B(n-1))^2, about n/a below the load
 * and a/n above it, and only close to 1 within a few sqrt(a) of n = a. An
 * error in a starting value is therefore multiplied by about
 * exp(-c^2 / 2) over the c sqrt(a) steps that lead up to min(a, n), so the
 * recurrence may start at n0 = min(a, n) - c sqrt(a) from the fluid estimate
 * B(n0) ~ (a - n0) / a instead of at 0. With c = 10 the start-up error is
 * below 1e-21, far under the rounding of the recurrence itself; the cost of
 * B(n) falls from n steps to about 10 sqrt(a) + (n - a) steps. */
#define SLA__ERLANG_WARM 10.0

/* Values of B below this are reported as 0 (they only shrink further). */
#define SLA__ERLANG_TINY 1e-300

/* Start of the warm recurrence for B(n, a): returns n0 <= n and sets *b to
 * B(n0, a) (exact, 1, when n0 = 0). */
SLA_HIDDEN int sla__erlang_b_start(double a, int n, double *b);

/* B(n, a) by the recurrence from n = 0 (the reference). */
SLA_HIDDEN double sla__erlang_b_full(double a, int n);

/* B(n, a) by the warm-started recurrence (what the library uses). */
SLA_HIDDEN double sla__erlang_b(double a, int n);

/* Erlang C probability of waiting from Erlang B: n B / (n - a (1 - B)).
 * Requires 0 <= a < n. */
SLA_HIDDEN double sla__erlang_c_from_b(double a, int n, double b);

/* Least n meeting service level `level` within `t` seconds and occupancy
 * a / n <= max_occ, for offered load a (Erlangs) and handle time aht.
 * a = 0 gives 0. Returns 0 or SLA_ELIMIT. */
SLA_HIDDEN int sla__erlang_c_agents(double a, double aht, double t, double level, double max_occ,
                                    int *ret);

/* ceil(n / (1 - shrinkage)) with a relative tolerance of 1e-9 against
 * rounding (14 / (1 - 0.3) is 20, not 21). Returns 0 or SLA_ELIMIT. */
SLA_HIDDEN int sla__erlang_scheduled(int n, double shrinkage, int *ret);

/* Erlang A (M/M/N+M) results. */
typedef struct {
    double wait;     /* P(an arrival waits) */
    double abandon;  /* P(an arrival abandons) */
    double level;    /* P(an arrival is answered within t, waiting included) */
    double asa;      /* mean wait of the arrivals that are answered (s) */
    double occupancy;/* busy share of the agents */
} sla__erlang_a_result;

/* Most queue states the Erlang A chain may visit before SLA_ELIMIT. */
#define SLA__ERLANG_A_MAX_STATES 20000000

/* Erlang A for arrival rate `rate` (1/s), handle time `aht` (s), mean
 * patience `patience` (s), n agents and threshold t (s). Arguments must be
 * valid. Returns 0, SLA_ELIMIT or SLA_ERANGE. */
SLA_HIDDEN int sla__erlang_a(double rate, double aht, double patience, int n, double t,
                             sla__erlang_a_result *ret);

#endif
