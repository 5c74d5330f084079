/*
 * sla-staff: agents per half hour, from the library's Erlang C staffing
 * table, or its Erlang A staffing (--patience) bucket by bucket.
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) The libsla authors
 */
#include "staff.h"

int staff(const struct options *o, const double *profile, int *agents, int *scheduled)
{
    if (o->patience <= 0.0)
        return sla_staffing_table(profile, NB, BUCKET, o->aht, o->answer_time, o->level,
                                  o->max_occupancy, o->shrinkage, agents, scheduled);
    for (int b = 0; b < NB; b++) {
        int r =
            sla_erlang_a_agents(profile[b] / BUCKET, o->aht, o->patience, o->answer_time, o->level,
                                o->max_occupancy, o->shrinkage, &agents[b], &scheduled[b]);
        if (r != 0)
            return r;
    }
    return 0;
}
