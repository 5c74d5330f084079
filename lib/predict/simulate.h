/* Internal: the queue simulation behind the forecast, the advice and the
 * promise: when will each waiting ticket get its reply, given who is on
 * duty, how long replies take, the service order and the contacts still to
 * come.
 * SPDX-License-Identifier: MIT
 *
 * The model, per channel (channels do not share agents):
 * - a roster is a list of shifts; a shift is opening-hours text in the
 *   roster's zone (with its holidays) plus a number of agents, each of whom
 *   can hold `concurrency` conversations at once; each conversation place
 *   is a "slot" that is on duty while its shift's calendar is open;
 * - a free on-duty slot takes the first waiting ticket in service order
 *   (first-come, earliest deadline, or priority then first-come); the reply
 *   is sent one handle time later (log-normal with the channel's mean and
 *   spread; exactly the mean in mean-value mode); work started before the
 *   end of a shift is finished;
 * - optional arrivals per hour of week (local time) join the queue and take
 *   slots ahead of the waiting tickets they precede in service order.
 * Each sample replays the channel's queue from `now` until every waiting
 * ticket has its reply (or the horizon passes: then it is never answered).
 */
#ifndef SLA_PREDICT_SIMULATE_H
#define SLA_PREDICT_SIMULATE_H

#include "core/core.h"
#include "predict/rng.h"
#include "predict/roster.h"

#define SLA__NEVER INT64_MAX /* a slot that never starts, a reply never sent */

typedef struct {
    int64_t key;   /* next instant the slot can start work, SLA__NEVER when none */
    int64_t until; /* its shift is on duty until then (exclusive) */
    const sla_calendar *cal;
} sla__slot;

/* A slot heap entry: the key is kept inline so sifting touches one array. */
typedef struct {
    int64_t key;
    size_t slot;
} sla__hentry;

typedef struct {
    int64_t k1, k2; /* service-order key */
    uint64_t seq;   /* tie-break: ticket index, or a counter for contacts to come */
    size_t ticket;  /* the waiting ticket, or SIZE_MAX for a contact to come */
} sla__qitem;

typedef struct {
    const sla_roster *st;
    int64_t now;
    const int *channel, *priority;
    const int64_t *arrival, *deadline;
    size_t n;
    int order;
    size_t *by_arrival; /* n: ticket indexes by (channel, arrival > now, key) */
    size_t ch_first[SLA_CHANNEL_MAX + 1];
    size_t ch_future[SLA_CHANNEL_MAX]; /* first ticket of ch arriving after now */
    double ln_mu[SLA_CHANNEL_MAX], ln_sigma[SLA_CHANNEL_MAX];
    /* scratch */
    sla__slot *slots;
    sla__hentry *heap; /* slot heap, by key */
    size_t cap_slots;
    sla__qitem *q; /* ready queue (heap in service order) */
    size_t n_q, cap_q;
} sla__sim;

/* Check the queue (SLA_EINVAL, SLA_ERANGE; SLA_ESTATE for a channel without
 * a handle time) and sort it by channel and service order. m is always
 * ready for sla__sim_done, also after a failure. */
SLA_HIDDEN int sla__sim_setup(sla__sim *m, const sla_roster *st, int64_t now, const int *channel,
                              const int *priority, const int64_t *arrival, const int64_t *deadline,
                              size_t n, int order);
SLA_HIDDEN void sla__sim_done(sla__sim *m);

/* One replay of channel ch: writes each of the channel's tickets' reply
 * instant to out[i] (SLA__NEVER when not answered before the horizon) and
 * the instant an agent took it to start_out[i]. extra[] adds agents per
 * shift (NULL: none). Returns 0, SLA_ELIMIT, SLA_ENOMEM. */
SLA_HIDDEN int sla__sim_run_channel(sla__sim *m, int ch, const int *extra, sla__rng *g,
                                    bool mean_mode, int64_t *out, int64_t *start_out);

#endif
