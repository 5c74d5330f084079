/* Ticket clocks: events applied in time order, O(1) amortised each.
 *
 * Every metric keeps (business seconds counted up to `since`, the instant
 * counting resumed, its business-time position, its target). An event
 * settles only the clocks whose running state it changes: one calendar
 * position lookup per calendar involved (shared by all its clocks), plus one
 * calendar add per warning or breach threshold crossed since the last
 * settlement.
 * SPDX-License-Identifier: MIT */
#include <string.h>

#include "calendar/calendar.h"
#include "clock/clock.h"

static bool paused_in(const sla_policy *p, int metric, int tgi, int status)
{
    return status <= SLA_TICKET_ON_HOLD &&
           (sla__policy_pause(p, metric, tgi) & ((uint32_t)1 << status));
}

/* The channel that selects the target of a metric's current cycle. */
static int channel_for(const sla__tstate *s, int metric)
{
    return metric == SLA_METRIC_NEXT_REPLY ? s->c[metric].channel : s->channel;
}

/* Record, at t, every threshold the count already reaches. */
static void record_reached(const sla__target *tg, sla__clock *c, int64_t t)
{
    int j;
    if (!tg)
        return;
    for (j = 0; j <= tg->n_warn; j++)
        if (c->rs[j] < 0 && tg->slot[j] <= c->acc) {
            c->rs[j] = t;
            c->rd[j] = 0;
        }
}

/* Counting (re)starts at the event's instant. */
static void set_since(const sla_policy *p, sla__clock *c, sla__pos_memo *mm)
{
    c->since = mm->t;
    c->psince = sla__pos_at(mm, sla__policy_target_cal(p, c->tgi));
}

/* Bring a counting clock's count up to the event's instant, recording the
 * thresholds crossed. */
static void settle(const sla_policy *p, sla__clock *c, sla__pos_memo *mm)
{
    const sla__target *tg;
    int64_t a1, pt;
    int j;

    if (!c->counting || mm->t == c->since)
        return;
    tg = sla__policy_target(p, c->tgi);
    pt = sla__pos_at(mm, tg ? tg->cal : NULL);
    a1 = c->acc + (pt - c->psince);
    if (tg && a1 >= tg->slot[0]) {
        for (j = 0; j <= tg->n_warn; j++)
            if (c->rs[j] < 0 && tg->slot[j] <= a1) {
                c->rs[j] = c->since;
                c->rd[j] = tg->slot[j] - c->acc;
            }
    }
    c->acc = a1;
    c->since = mm->t;
    c->psince = pt;
}

static void start_cycle(const sla_policy *p, sla__tstate *s, int metric, sla__pos_memo *mm,
                        int channel)
{
    const int64_t t = mm->t;
    sla__clock *c = &s->c[metric];
    int j;
    c->tgi = sla__policy_find(p, metric, channel, s->priority);
    c->channel = channel;
    c->acc = 0;
    set_since(p, c, mm);
    c->start = t;
    c->stop = -1;
    for (j = 0; j < SLA__SLOTS; j++)
        c->rs[j] = c->rd[j] = -1;
    c->active = 1;
    c->done = 0;
    c->cycles++;
    c->counting = !paused_in(p, metric, c->tgi, s->status);
    record_reached(sla__policy_target(p, c->tgi), c, t);
}

static int fulfil(const sla_policy *p, sla__tstate *s, int metric, sla__pos_memo *mm)
{
    sla__clock *c = &s->c[metric];
    const sla__target *tg;
    const int64_t t = mm->t;

    settle(p, c, mm);
    c->active = 0;
    c->counting = 0;
    c->done = 1;
    c->stop = t;
    tg = sla__policy_target(p, c->tgi);
    if (sla__metric_cycled(metric) && tg && c->rs[tg->n_warn] >= 0) {
        /* Past the target by more than nothing: breached before t. Exactly
         * at the target: breached when the crossing came before t. */
        bool late = c->acc > tg->target;
        if (!late) {
            /* The crossing lies in [rs, t], so this add cannot fail. */
            int64_t u = t;
            (void)sla__reached_at(c, tg->cal, tg->n_warn, &u);
            late = u < t;
        }
        c->breached_cycles += late;
    }
    return 0;
}

/* Re-select the target of an active clock at t, keeping the count. */
static int reselect(const sla_policy *p, sla__tstate *s, int metric, sla__pos_memo *mm)
{
    const int64_t t = mm->t;
    sla__clock *c = &s->c[metric];
    int newtgi = sla__policy_find(p, metric, channel_for(s, metric), s->priority);
    const sla__target *old = sla__policy_target(p, c->tgi), *nt = sla__policy_target(p, newtgi);
    int64_t nr[SLA__SLOTS];
    int j, k, r;
    bool paused;

    if (newtgi == c->tgi)
        return 0;
    settle(p, c, mm);
    for (j = 0; j < SLA__SLOTS; j++)
        nr[j] = -1;
    if (nt) {
        for (j = 0; j <= nt->n_warn; j++) {
            int src = -1;
            int64_t keep = -1;
            if (nt->slot[j] > c->acc)
                continue;
            if (old && j == nt->n_warn)
                src = old->n_warn;
            else if (old && j < nt->n_warn)
                for (k = 0; k < old->n_warn; k++)
                    if (old->warn[k] == nt->warn[j])
                        src = k;
            /* An instant already reached under the old target is kept (made
             * absolute, since the calendar may change). */
            if (src >= 0 && c->rs[src] >= 0 && (r = sla__reached_at(c, old->cal, src, &keep)) < 0)
                return r;
            nr[j] = keep >= 0 ? keep : t;
        }
    }
    for (j = 0; j < SLA__SLOTS; j++) {
        c->rs[j] = nr[j];
        c->rd[j] = nr[j] < 0 ? -1 : 0;
    }
    c->tgi = newtgi;
    paused = paused_in(p, metric, newtgi, s->status);
    if (c->counting && paused) {
        c->counting = 0;
    } else if (!paused) {
        c->counting = 1;
        set_since(p, c, mm); /* the calendar may have changed */
    }
    return 0;
}

/* Pause or resume every active clock after a status change. */
static int update_pauses(const sla_policy *p, sla__tstate *s, sla__pos_memo *mm)
{
    int m;
    for (m = 0; m < SLA_METRIC_COUNT; m++) {
        sla__clock *c = &s->c[m];
        bool paused;
        if (!c->active)
            continue;
        paused = paused_in(p, m, c->tgi, s->status);
        if (c->counting && paused) {
            settle(p, c, mm);
            c->counting = 0;
        } else if (!c->counting && !paused) {
            c->counting = 1;
            set_since(p, c, mm);
        }
    }
    return 0;
}

static int change_status(const sla_policy *p, sla__tstate *s, int st, sla__pos_memo *mm)
{
    int old = s->status, m, r;

    if ((st == SLA_TICKET_SOLVED || st == SLA_TICKET_CLOSED) && old != SLA_TICKET_SOLVED) {
        for (m = 0; m < SLA_METRIC_COUNT; m++)
            if (s->c[m].active && (r = fulfil(p, s, m, mm)) < 0)
                return r;
        s->replied = 1;
        s->solved_once = 1;
    }
    s->status = st;
    if (old == SLA_TICKET_SOLVED && st <= SLA_TICKET_ON_HOLD) {
        /* Reopen: total clocks resume, update clocks start a new cycle. */
        static const int resume[] = {SLA_METRIC_RESOLUTION, SLA_METRIC_REQUESTER_WAIT,
                                     SLA_METRIC_AGENT_WORK};
        size_t i;
        for (i = 0; i < sizeof resume / sizeof resume[0]; i++) {
            sla__clock *c = &s->c[resume[i]];
            if (!c->done)
                continue;
            c->active = 1;
            c->done = 0;
            c->stop = -1;
            c->counting = 0;
            r = reselect(p, s, resume[i], mm);
            if (r < 0)
                return r;
        }
        start_cycle(p, s, SLA_METRIC_PERIODIC_UPDATE, mm, s->channel);
        start_cycle(p, s, SLA_METRIC_PAUSABLE_UPDATE, mm, s->channel);
    }
    return update_pauses(p, s, mm);
}

/* The effect of one event on the state `s`. */
static int event(const sla_policy *p, sla__tstate *s, int kind, int arg, sla__pos_memo *mm,
                 int *ret_hist, int *ret_value)
{
    int r = 0, m;
    switch (kind) {
    case SLA_EVENT_CUSTOMER: {
        int msg_channel = arg;
        if (s->status == SLA_TICKET_SOLVED) {
            /* A customer writing on a solved ticket reopens it. */
            r = change_status(p, s, SLA_TICKET_OPEN, mm);
            *ret_hist = SLA__H_STATUS;
            *ret_value = SLA_TICKET_OPEN;
        }
        if (r == 0 && s->replied && !s->c[SLA_METRIC_NEXT_REPLY].active)
            start_cycle(p, s, SLA_METRIC_NEXT_REPLY, mm, msg_channel);
        break;
    }
    case SLA_EVENT_REPLY:
        if (s->c[SLA_METRIC_FIRST_REPLY].active)
            r = fulfil(p, s, SLA_METRIC_FIRST_REPLY, mm);
        s->replied = 1;
        if (r == 0 && s->c[SLA_METRIC_NEXT_REPLY].active)
            r = fulfil(p, s, SLA_METRIC_NEXT_REPLY, mm);
        for (m = SLA_METRIC_PERIODIC_UPDATE; r == 0 && m <= SLA_METRIC_PAUSABLE_UPDATE; m++) {
            if (!s->c[m].active)
                continue;
            r = fulfil(p, s, m, mm);
            if (r == 0)
                start_cycle(p, s, m, mm, s->channel);
        }
        break;
    case SLA_EVENT_STATUS:
        if (arg == s->status)
            break;
        r = change_status(p, s, arg, mm);
        *ret_hist = SLA__H_STATUS;
        break;
    case SLA_EVENT_PRIORITY:
        if (arg == s->priority)
            break;
        s->priority = arg;
        for (m = 0; r == 0 && m < SLA_METRIC_COUNT; m++)
            if (s->c[m].active)
                r = reselect(p, s, m, mm);
        *ret_hist = SLA__H_PRIORITY;
        break;
    case SLA_EVENT_CHANNEL:
        if (arg == s->channel)
            break;
        s->channel = arg;
        for (m = 0; r == 0 && m < SLA_METRIC_COUNT; m++)
            if (s->c[m].active && m != SLA_METRIC_NEXT_REPLY)
                r = reselect(p, s, m, mm);
        *ret_hist = SLA__H_CHANNEL;
        break;
    default:
        break;
    }
    return r;
}

static int apply(sla_ticket *T, int64_t t, int kind, int arg)
{
    const sla_policy *p = T->policy;
    sla__pos_memo mm;
    int r, hist_kind = -1;

    switch (kind) {
    case SLA_EVENT_CUSTOMER:
    case SLA_EVENT_CHANNEL:
        if (arg < 0 || (size_t)arg >= p->n_channels)
            return SLA_EINVAL;
        break;
    case SLA_EVENT_REPLY:
    case SLA_EVENT_NOTE:
        break;
    case SLA_EVENT_STATUS:
        if (arg < 0 || arg > SLA_TICKET_CLOSED)
            return SLA_EINVAL;
        break;
    case SLA_EVENT_PRIORITY:
        if (arg < 0 || arg > SLA_PRIORITY_URGENT)
            return SLA_EINVAL;
        break;
    default:
        return SLA_EINVAL;
    }
    if (t < SLA_TIME_MIN || t >= SLA_TIME_MAX)
        return SLA_ERANGE;
    if (T->s.status == SLA_TICKET_CLOSED)
        return SLA_ECLOSED;
    if (t < T->s.last)
        return SLA_EORDER;
    if (kind == SLA_EVENT_NOTE) {
        T->s.last = t;
        return 0;
    }

    /* Status, priority and channel changes are recorded: make room first
     * (growing is not a change anyone can see). */
    if (kind != SLA_EVENT_REPLY) {
        if (T->n_hist >= SLA__HISTORY_MAX)
            return SLA_ELIMIT;
        if (sla__grow((void **)&T->hist, &T->cap_hist, T->n_hist + 1, sizeof *T->hist) < 0)
            return SLA_ENOMEM;
    }
    /* An event starts at most one cycle per metric: refuse it before a
     * cycle count could overflow (about 2^31 cycles of one metric). */
    for (int m = 0; m < SLA_METRIC_COUNT; m++)
        if (T->s.c[m].cycles >= SLA__CYCLES_MAX)
            return SLA_ELIMIT;
    mm.n = 0;
    mm.t = t;
    /* Replies, messages and status changes of a ticket that is not solved
     * cannot fail past this point and change the state in place; the rest
     * (re-selection of targets may need a calendar query that can fail)
     * work on a copy that is committed only on success. */
    if (kind == SLA_EVENT_PRIORITY || kind == SLA_EVENT_CHANNEL ||
        T->s.status == SLA_TICKET_SOLVED) {
        sla__tstate copy = T->s;
        r = event(p, &copy, kind, arg, &mm, &hist_kind, &arg);
        if (r < 0)
            return r;
        T->s = copy;
    } else {
        r = event(p, &T->s, kind, arg, &mm, &hist_kind, &arg);
        if (r < 0)
            return r; /* not reached: see above */
    }
    if (hist_kind >= 0) {
        T->hist[T->n_hist].t = t;
        T->hist[T->n_hist].kind = hist_kind;
        T->hist[T->n_hist].value = arg;
        T->n_hist++;
    }
    T->s.last = t;
    return 0;
}

SLA_EXPORT int sla_ticket_new(const sla_policy *policy, int64_t time, int channel, int priority,
                              sla_ticket **ret)
{
    sla_ticket *T;
    sla__pos_memo mm;
    int m;

    if (!policy || !ret || channel < 0 || (size_t)channel >= policy->n_channels || priority < 0 ||
        priority > SLA_PRIORITY_URGENT)
        return SLA_EINVAL;
    if (time < SLA_TIME_MIN || time >= SLA_TIME_MAX)
        return SLA_ERANGE;
    T = sla__calloc(1, sizeof *T);
    if (!T)
        return SLA_ENOMEM;
    /* Room for a few status changes, so that most tickets never grow it. */
    T->hist = sla__malloc(8 * sizeof *T->hist);
    if (!T->hist) {
        sla__free(T);
        return SLA_ENOMEM;
    }
    T->cap_hist = 8;
    T->policy = policy;
    T->created = time;
    T->init_priority = priority;
    T->init_channel = channel;
    T->s.last = time;
    T->s.status = SLA_TICKET_NEW;
    T->s.priority = priority;
    T->s.channel = channel;
    mm.n = 0;
    mm.t = time;
    for (m = 0; m < SLA_METRIC_COUNT; m++) {
        sla__clock *c = &T->s.c[m];
        int j;
        c->tgi = SLA__NO_TARGET;
        c->channel = channel;
        c->since = c->start = c->stop = -1;
        for (j = 0; j < SLA__SLOTS; j++)
            c->rs[j] = c->rd[j] = -1;
        if (m != SLA_METRIC_NEXT_REPLY)
            start_cycle(policy, &T->s, m, &mm, channel);
    }
    *ret = T;
    return 0;
}

SLA_EXPORT void sla_ticket_free(sla_ticket *ticket)
{
    if (!ticket)
        return;
    sla__free(ticket->hist);
    sla__free(ticket);
}

SLA_EXPORT int sla_ticket_apply(sla_ticket *ticket, int64_t time, int event, int arg)
{
    if (!ticket)
        return SLA_EINVAL;
    return apply(ticket, time, event, arg);
}

SLA_EXPORT int sla_ticket_customer_message(sla_ticket *ticket, int64_t time, int channel)
{
    return ticket ? apply(ticket, time, SLA_EVENT_CUSTOMER, channel) : SLA_EINVAL;
}

SLA_EXPORT int sla_ticket_agent_reply(sla_ticket *ticket, int64_t time)
{
    return ticket ? apply(ticket, time, SLA_EVENT_REPLY, 0) : SLA_EINVAL;
}

SLA_EXPORT int sla_ticket_note(sla_ticket *ticket, int64_t time)
{
    return ticket ? apply(ticket, time, SLA_EVENT_NOTE, 0) : SLA_EINVAL;
}

SLA_EXPORT int sla_ticket_set_status(sla_ticket *ticket, int64_t time, int status)
{
    return ticket ? apply(ticket, time, SLA_EVENT_STATUS, status) : SLA_EINVAL;
}

SLA_EXPORT int sla_ticket_set_priority(sla_ticket *ticket, int64_t time, int priority)
{
    return ticket ? apply(ticket, time, SLA_EVENT_PRIORITY, priority) : SLA_EINVAL;
}

SLA_EXPORT int sla_ticket_set_channel(sla_ticket *ticket, int64_t time, int channel)
{
    return ticket ? apply(ticket, time, SLA_EVENT_CHANNEL, channel) : SLA_EINVAL;
}

SLA_EXPORT int sla_ticket_info(const sla_ticket *ticket, int *ret_status, int *ret_priority,
                               int *ret_channel, int64_t *ret_created, int64_t *ret_last)
{
    if (!ticket)
        return SLA_EINVAL;
    if (ret_status)
        *ret_status = ticket->s.status;
    if (ret_priority)
        *ret_priority = ticket->s.priority;
    if (ret_channel)
        *ret_channel = ticket->s.channel;
    if (ret_created)
        *ret_created = ticket->created;
    if (ret_last)
        *ret_last = ticket->s.last;
    return 0;
}
