/* Internal: SLA policies (ordered targets, channel and calendar registries)
 * and the properties of the metrics they set targets for.
 * SPDX-License-Identifier: MIT */
#ifndef SLA_POLICY_H
#define SLA_POLICY_H

#include "core/core.h"

#define SLA__TARGET_MAX 4096
#define SLA__CALNAME_MAX 64
#define SLA__CHANNEL_NAME 32
#define SLA__SLOTS (SLA_WARN_MAX + 1)

/* One target. slot[0..n_warn-1] are the warning thresholds in business
 * seconds (target * percent / 100, rounded down), slot[n_warn] the target. */
typedef struct {
    int metric;
    int channel;  /* SLA_ANY or a channel */
    int priority; /* SLA_ANY or a priority */
    int64_t target;
    const sla_calendar *cal; /* NULL: 24/7 */
    uint32_t pause;          /* the target's own flags | the metric's own pauses */
    int n_warn;
    int warn[SLA_WARN_MAX];
    int64_t slot[SLA__SLOTS];
} sla__target;

typedef struct {
    char name[SLA__CALNAME_MAX];
    const sla_calendar *cal;
} sla__named_cal;

struct sla_policy {
    sla__target *targets;
    size_t n_targets, cap_targets;
    char (*channels)[SLA__CHANNEL_NAME];
    size_t n_channels, cap_channels;
    sla__named_cal *cals;
    size_t n_cals, cap_cals;
    uint64_t fingerprint;
    /* First matching target per (metric, channel, priority); -1 for none. */
    int16_t lut[SLA_METRIC_COUNT][SLA_CHANNEL_MAX][4];
};

/* Metric properties. */
SLA_HIDDEN uint32_t sla__metric_own_pause(int metric);
SLA_HIDDEN int sla__metric_cycled(int metric);

/* Index of the first target for (metric, channel, priority), or -1. */
static inline int sla__policy_find(const sla_policy *p, int metric, int channel, int priority)
{
    return p->lut[metric][channel][priority];
}

/* Target i of the policy (NULL for i < 0: no target), its calendar (NULL:
 * 24/7, also without a target) and the statuses that pause it (without a
 * target: the metric's own pauses). */
static inline const sla__target *sla__policy_target(const sla_policy *p, int i)
{
    return i < 0 ? NULL : &p->targets[i];
}

static inline const sla_calendar *sla__policy_target_cal(const sla_policy *p, int i)
{
    return i < 0 ? NULL : p->targets[i].cal;
}

static inline uint32_t sla__policy_pause(const sla_policy *p, int metric, int i)
{
    return i < 0 ? sla__metric_own_pause(metric) : p->targets[i].pause;
}

/* Names (names.c): index of name s[0..len) among the names of kind
 * SLA__NAME_* (the kinds of sla_name_lookup), or -1. */
enum { SLA__NAME_METRIC = 0, SLA__NAME_STATUS = 1, SLA__NAME_PRIORITY = 2, SLA__NAME_STATE = 3 };
SLA_HIDDEN int sla__name_find(int kind, const char *s, size_t len);

#endif
