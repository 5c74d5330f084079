/* Internal: the per-ticket clock state that a policy drives, and the
 * helpers the clock files share (business-time add of a target's calendar,
 * the per-instant memo of calendar positions, the saved-state checksum).
 * SPDX-License-Identifier: MIT */
#ifndef SLA_CLOCK_H
#define SLA_CLOCK_H

#include "clock/policy.h"
#include "core/core.h"

#define SLA__HISTORY_MAX 65536
#define SLA__CYCLES_MAX 0x7fffffff /* cycles of one metric; then events are SLA_ELIMIT */
#define SLA__NO_TARGET (-1)

/* The clock of one metric of one ticket. A cycle is active from its start
 * until fulfilled; while active it counts when not paused. `acc` holds the
 * business seconds counted up to `since` (the instant counting last
 * resumed or was last settled). Slot j of the target was reached at
 * add(rs[j], rd[j]) in the target's calendar (rd[j] = 0: exactly rs[j]);
 * rs[j] = -1 while it was not (yet) reached. The add is left to queries, so
 * events never pay for it. */
typedef struct {
    int64_t acc;
    int64_t since;
    int64_t psince; /* business-time position of `since` in the target's calendar
                       (derived; not saved) */
    int64_t start;
    int64_t stop;
    int64_t rs[SLA__SLOTS];
    int64_t rd[SLA__SLOTS];
    int32_t tgi; /* target index, or SLA__NO_TARGET */
    int32_t channel;
    int32_t cycles;
    int32_t breached_cycles;
    uint8_t active;
    uint8_t counting;
    uint8_t done;
} sla__clock;

enum { SLA__H_STATUS = 0, SLA__H_PRIORITY = 1, SLA__H_CHANNEL = 2 };

typedef struct {
    int64_t t;
    int32_t value;
    int32_t kind;
} sla__hist;

/* The part of a ticket that one event changes (copied, changed, committed). */
typedef struct {
    int64_t last;
    int32_t status;
    int32_t priority;
    int32_t channel;
    uint8_t replied;
    uint8_t solved_once;
    sla__clock c[SLA_METRIC_COUNT];
} sla__tstate;

struct sla_ticket {
    const sla_policy *policy;
    int64_t created;
    int32_t init_priority;
    int32_t init_channel;
    sla__tstate s;
    sla__hist *hist;
    size_t n_hist, cap_hist;
};

/* Business-time add in a target's calendar; NULL is 24/7. Returns 0 or
 * SLA_ERANGE (and what sla_calendar_add returns). */
SLA_HIDDEN int sla__badd(const sla_calendar *cal, int64_t t, int64_t d, int64_t *ret);

/* Business-time positions of one instant, one per calendar (at most one per
 * metric is kept; more are computed each time): the count of a clock is
 * then position(t) - position(since), without a calendar diff per clock.
 * Set t and n = 0 before the first sla__pos_at. */
typedef struct {
    int64_t t;
    int n;
    struct {
        const sla_calendar *cal;
        int64_t pos;
    } e[SLA_METRIC_COUNT];
} sla__pos_memo;

/* The position of mm->t in cal (NULL, 24/7: t itself). */
SLA_HIDDEN int64_t sla__pos_at(sla__pos_memo *mm, const sla_calendar *cal);

/* The checksum that ends a saved ticket (FNV-1a 32 over the bytes before it). */
SLA_HIDDEN uint32_t sla__ticket_checksum(const unsigned char *p, size_t n);

static inline const sla__target *sla__ticket_target(const sla_ticket *t, int metric)
{
    return sla__policy_target(t->policy, t->s.c[metric].tgi);
}

/* The instant slot j was reached (c->rs[j] >= 0). */
static inline int sla__reached_at(const sla__clock *c, const sla_calendar *cal, int j, int64_t *ret)
{
    if (c->rd[j] == 0) {
        *ret = c->rs[j];
        return 0;
    }
    return sla__badd(cal, c->rs[j], c->rd[j], ret);
}

#endif
