/*
 * sla-staff: agents per half hour
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) The libsla authors
 */
#include "staff.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ceil(n / (1 - shrinkage)) with the library's relative tolerance. */
static int scheduled_of(int n, double shrinkage)
{
    double s = (double)n / (1.0 - shrinkage);
    double f = floor(s);
    if (s - f <= 1e-9 * s)
        return (int)f;
    return (int)ceil(s);
}

/* Erlang A: does @p n agents meet the target? 1 yes, 0 no, < 0 error. */
static int erlang_a_meets(const struct options *o, double rate, int n)
{
    double sl, occ;
    int r = sla_erlang_a_service_level(rate, o->aht, o->patience, n, o->answer_time, &sl);
    if (r == 0)
        r = sla_erlang_a_occupancy(rate, o->aht, o->patience, n, &occ);
    if (r != 0)
        return r;
    return sl >= o->level && occ <= o->max_occupancy + 1e-12;
}

/* The least agent count meeting the target under Erlang A (binary search:
 * service level grows and occupancy falls with more agents). */
static int erlang_a_agents(const struct options *o, double rate, int *ret)
{
    if (rate == 0.0) {
        *ret = 0;
        return 0;
    }
    int lo = 0, hi = 1, r;
    while ((r = erlang_a_meets(o, rate, hi)) == 0) {
        lo = hi;
        if (hi >= SLA_ERLANG_MAX_AGENTS)
            return SLA_ELIMIT;
        hi = hi * 2 > SLA_ERLANG_MAX_AGENTS ? SLA_ERLANG_MAX_AGENTS : hi * 2;
    }
    if (r < 0)
        return r;
    while (hi - lo > 1) {
        int mid = lo + (hi - lo) / 2;
        r = erlang_a_meets(o, rate, mid);
        if (r < 0)
            return r;
        if (r)
            hi = mid;
        else
            lo = mid;
    }
    *ret = hi;
    return 0;
}

int staff(const struct options *o, const double *profile, int *agents, int *scheduled)
{
    if (o->patience <= 0.0)
        return sla_staffing_table(profile, NB, BUCKET, o->aht, o->answer_time, o->level,
                                  o->max_occupancy, o->shrinkage, agents, scheduled);
    for (int b = 0; b < NB; b++) {
        int r = erlang_a_agents(o, profile[b] / BUCKET, &agents[b]);
        if (r != 0)
            return r;
        scheduled[b] = scheduled_of(agents[b], o->shrinkage);
    }
    return 0;
}
