/* Internal: the roster (who is on duty, per channel) that the queue
 * forecast replays tickets against.
 * SPDX-License-Identifier: MIT
 *
 * A roster is a list of shifts; a shift is opening-hours text in the
 * roster's zone (with its holidays) plus a number of agents, each of whom
 * can hold `concurrency` conversations at once. Per channel it also holds the
 * handle time (mean, spread, model) and the optional arrivals per hour of
 * week that are still to come.
 */
#ifndef SLA_PREDICT_ROSTER_H
#define SLA_PREDICT_ROSTER_H

#include "core/core.h"
#include "tz/tz.h"

typedef struct {
    int channel;
    int agents;
    int concurrency;
    char *hours;
    sla_calendar *cal;
} sla__shift;

typedef struct {
    bool set;
    double rate[168]; /* contacts per hour, Monday 00:00 local first */
    int priority;
    int64_t target;
} sla__arrivals;

struct sla_roster {
    sla_tz *tz;
    char *zone;
    int64_t *hol; /* y * 10000 + m * 100 + d */
    size_t n_hol, cap_hol;
    sla__shift *shifts;
    size_t n_shifts, cap_shifts;
    double handle_mean[SLA_CHANNEL_MAX];
    double handle_sd[SLA_CHANNEL_MAX];
    unsigned char handle_model[SLA_CHANNEL_MAX];
    sla__arrivals *arr[SLA_CHANNEL_MAX];
};

#endif
