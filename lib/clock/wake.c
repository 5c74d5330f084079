/* Wake-ups without polling: the next instant a ticket's clocks change stage,
 * and every warning and breach crossed in a half-open interval.
 *
 * A clock's crossings come from its current (or last) cycle: a threshold
 * already reached is recorded (rs/rd, see clock.h); one not yet reached by
 * a counting clock is reached at add(since, slot - acc) if no further event
 * arrives, and the count at any instant t >= since is acc + pos(t) -
 * psince, so "was it crossed by t" costs one calendar position per calendar
 * and an add only for a threshold that was crossed.
 *
 * A warning crosses at the instant the count reaches it; a breach one second
 * after the deadline (the first instant the clock is breached: a reply at
 * the deadline is in time).
 * SPDX-License-Identifier: MIT */
#include <string.h>

#include "calendar/calendar.h"
#include "clock/clock.h"

/* Positions of a few instants per calendar, shared by the clocks of one
 * query. */
typedef struct {
    int n;
    struct {
        const sla_calendar *cal;
        int64_t t, pos;
    } e[4 * SLA_METRIC_COUNT];
} pmemo;

static int64_t pos_at(pmemo *mm, const sla_calendar *cal, int64_t t)
{
    size_t hint = 0;
    int i;
    if (!cal)
        return t;
    for (i = 0; i < mm->n; i++)
        if (mm->e[i].cal == cal && mm->e[i].t == t)
            return mm->e[i].pos;
    if (mm->n == (int)(sizeof mm->e / sizeof mm->e[0]))
        return sla__calendar_position(cal, t, &hint);
    mm->e[mm->n].cal = cal;
    mm->e[mm->n].t = t;
    mm->e[mm->n].pos = sla__calendar_position(cal, t, &hint);
    return mm->e[mm->n++].pos;
}

/* Business seconds a counting clock has at t, if no further event. */
static int64_t count_at(pmemo *mm, const sla__clock *c, const sla_calendar *cal, int64_t t)
{
    if (t <= c->since)
        return c->acc;
    return c->acc + (pos_at(mm, cal, t) - c->psince);
}

/* Does a clock that reached its target at u breach? An active clock does (at
 * u + 1); a fulfilled one only when it was fulfilled after u or its count
 * was already past the target (a re-selection to a shorter target). */
static bool breaches(const sla__clock *c, const sla__target *tg, int64_t u)
{
    return c->active || u < c->stop || c->acc > sla__tg_seconds(tg, c);
}

typedef struct {
    int64_t x;
    int metric, slot, percent;
} crossing;

static void put(crossing *out, int *n, int64_t x, int metric, int slot, const sla__target *tg)
{
    out[*n].x = x;
    out[*n].metric = metric;
    out[*n].slot = slot;
    out[*n].percent = slot < tg->n_warn ? tg->warn[slot] : SLA_BREACH_PERCENT;
    (*n)++;
}

static bool before(const crossing *a, const crossing *b)
{
    if (a->x != b->x)
        return a->x < b->x;
    if (a->metric != b->metric)
        return a->metric < b->metric;
    return a->slot < b->slot;
}

/* add(since, d), d > 0, of a counting clock, from its position. */
static int reach(const sla__clock *c, const sla_calendar *cal, int64_t d, int64_t *ret)
{
    if (!cal)
        return sla__badd(NULL, c->since, d, ret);
    return sla__calendar_reach(cal, c->psince + d, ret);
}

/* Every crossing of the ticket in (t0, t1], unsorted; at most
 * SLA_METRIC_COUNT * SLA__SLOTS. */
static int collect(const sla_ticket *T, int64_t t0, int64_t t1, crossing *out, int *ret_n)
{
    pmemo mm;
    int m, j, n = 0, r;

    mm.n = 0;
    for (m = 0; m < SLA_METRIC_COUNT; m++) {
        const sla__clock *c = &T->s.c[m];
        const sla__target *tg = sla__clock_target(T, m);
        const sla_calendar *cal;
        bool project;
        if (c->cycles == 0 || !tg)
            continue;
        cal = sla__clock_calendar(T, m);
        project = c->active && c->counting;
        for (j = 0; j <= tg->n_warn; j++) {
            const bool breach = j == tg->n_warn;
            int64_t u, x;
            if (c->rs[j] >= 0) {
                /* Recorded: reached at u <= the last event. */
                if (t0 > T->s.last || (t0 == T->s.last && !breach) || c->rs[j] > t1)
                    continue;
                /* An instant the calendar cannot give (only in a restored
                 * state no events made) is none, as in a status report. */
                if (sla__reached_at(c, cal, j, &u) < 0)
                    continue;
                u = sla__tg_reached(tg, c, j, u); /* a business-day deadline: not before D */
                /* Events record thresholds at or before the last event; a
                 * restored state claiming later is read as at the last. */
                if (u > T->s.last)
                    u = T->s.last;
                if (breach && !breaches(c, tg, u))
                    continue;
                x = breach ? u + 1 : u;
            } else if (project) {
                /* Crossed in (t0, t1] iff the count passes the slot there
                 * (a breach: one second earlier). */
                int64_t a = breach ? t0 - 1 : t0, b = breach ? t1 - 1 : t1;
                int64_t slot = sla__tg_slot(tg, c, j);
                /* A business-day deadline is reached no earlier than its
                 * date D (sla__tg_reached), so only the upper test applies. */
                if (count_at(&mm, c, cal, b) < slot ||
                    (tg->days < 0 && count_at(&mm, c, cal, a) >= slot))
                    continue;
                if ((r = reach(c, cal, slot - c->acc, &u)) < 0)
                    return r; /* not reached: the count passes it by t1 */
                u = sla__tg_reached(tg, c, j, u);
                x = breach ? u + 1 : u;
            } else {
                continue;
            }
            if (x > t0 && x <= t1)
                put(out, &n, x, m, j, tg);
        }
    }
    *ret_n = n;
    return 0;
}

SLA_EXPORT int sla_ticket_crossings(const sla_ticket *ticket, int64_t t0, int64_t t1,
                                    int *metrics, int *percents, int64_t *instants, size_t cap,
                                    size_t *ret_n)
{
    crossing buf[SLA_METRIC_COUNT * SLA__SLOTS];
    int n, i, k, r;

    if (!ticket || !ret_n || (cap > 0 && (!metrics || !percents || !instants)))
        return SLA_EINVAL;
    if (t0 < SLA_TIME_MIN || t0 >= SLA_TIME_MAX || t1 < SLA_TIME_MIN || t1 >= SLA_TIME_MAX)
        return SLA_ERANGE;
    if (t1 < t0)
        return SLA_EINVAL;
    if ((r = collect(ticket, t0, t1, buf, &n)) < 0)
        return r;
    /* At most 40 entries: insertion sort. */
    for (i = 1; i < n; i++) {
        crossing v = buf[i];
        for (k = i; k > 0 && before(&v, &buf[k - 1]); k--)
            buf[k] = buf[k - 1];
        buf[k] = v;
    }
    for (i = 0; i < n && (size_t)i < cap; i++) {
        metrics[i] = buf[i].metric;
        percents[i] = buf[i].percent;
        instants[i] = buf[i].x;
    }
    *ret_n = (size_t)n;
    return 0;
}

typedef struct {
    int64_t next;     /* next change after now, SLA_NO_TIME for none */
    int slot;         /* its slot (n_warn: the breach) */
    int64_t state;    /* with `full`, for an active clock: as sla_ticket_status() */
    int64_t deadline; /* likewise */
} clock_eval;

/* The next change of clock m after now (now >= last); with `full` and an
 * active clock, also its state and deadline at now, as a status report
 * gives them (one calendar add at most per clock, from positions). */
static int eval_clock(const sla_ticket *T, int m, int64_t now, pmemo *mm, bool full,
                      int64_t bound, clock_eval *out)
{
    const sla__clock *c = &T->s.c[m];
    const sla__target *tg = sla__clock_target(T, m);
    const sla_calendar *cal = sla__clock_calendar(T, m);
    int64_t u, dl = SLA_NO_TIME, cnt;
    int n, j, r;

    out->next = SLA_NO_TIME;
    out->slot = -1;
    out->state = SLA_CLOCK_INACTIVE;
    out->deadline = SLA_NO_TIME;
    if (c->cycles == 0)
        return 0;
    full = full && c->active;
    if (!tg) {
        out->state = !c->active ? SLA_CLOCK_ACHIEVED
                                : c->counting ? SLA_CLOCK_RUNNING : SLA_CLOCK_PAUSED;
        return 0;
    }
    n = tg->n_warn;
    if (c->rs[n] >= 0) {
        /* Reached: a breach recorded at the last event's instant crosses
         * just after it. */
        if (now != T->s.last && !full)
            return 0;
        if (sla__reached_at(c, cal, n, &u) < 0)
            return 0; /* as in collect() */
        u = sla__tg_reached(tg, c, n, u);
        if (u > T->s.last) /* as in collect() */
            u = T->s.last;
        if (now == T->s.last && u >= now && breaches(c, tg, u)) {
            out->next = u + 1;
            out->slot = n;
        }
        if (full) {
            cnt = c->counting ? count_at(mm, c, cal, now) : c->acc;
            out->deadline = u;
            out->state = u < now || cnt > sla__tg_seconds(tg, c) ? SLA_CLOCK_BREACHED
                         : c->counting             ? SLA_CLOCK_RUNNING
                                                   : SLA_CLOCK_PAUSED;
        }
        return 0;
    }
    if (!c->active)
        return 0;
    if (!c->counting) {
        if (full) {
            /* Paused: the deadline if it ran without pause from now on. */
            int64_t left = sla__tg_seconds(tg, c) - c->acc;
            r = cal ? sla__calendar_reach(cal, pos_at(mm, cal, now) + left, &dl)
                    : sla__badd(NULL, now, left, &dl);
            out->deadline = r < 0 ? SLA_NO_TIME : sla__tg_reached(tg, c, n, dl);
            out->state = SLA_CLOCK_PAUSED;
        }
        return 0;
    }
    cnt = count_at(mm, c, cal, now);
    if (full && reach(c, cal, sla__tg_seconds(tg, c) - c->acc, &dl) < 0)
        dl = SLA_NO_TIME;
    else if (full)
        dl = sla__tg_reached(tg, c, n, dl);
    for (j = 0; j <= n; j++) {
        int64_t slot = sla__tg_slot(tg, c, j);
        /* (A business-day deadline whose count equals its slot may still lie
         * ahead, at its date D; one whose count is past it lies behind.) */
        if (c->rs[j] >= 0 || slot < cnt || (j < n && slot == cnt))
            continue;
        if (j == n && full) {
            u = dl;
            r = dl == SLA_NO_TIME ? SLA_ENEVER : 0;
        } else if (bound != SLA_NO_TIME && c->since + (slot - c->acc) > bound) {
            break; /* reached no earlier than since + d: later than a change found */
        } else {
            r = reach(c, cal, slot - c->acc, &u);
            if (r == 0)
                u = sla__tg_reached(tg, c, j, u);
        }
        if (r == SLA_ENEVER || r == SLA_ERANGE)
            break; /* never reached in the supported range */
        if (r < 0)
            return r;
        if (j == n) {
            if (u < now || u + 1 >= SLA_TIME_MAX)
                break;
            u++;
        }
        out->next = u;
        out->slot = j;
        break;
    }
    if (full) {
        out->deadline = dl;
        out->state = dl != SLA_NO_TIME && (dl < now || cnt > sla__tg_seconds(tg, c))
                         ? SLA_CLOCK_BREACHED
                         : SLA_CLOCK_RUNNING;
    }
    return 0;
}

int sla__ticket_stored(const sla_ticket *T, int64_t now, sla__stored *out)
{
    pmemo mm;
    clock_eval ev;
    int m, r;
    crossing best, cand;

    mm.n = 0;
    best.x = SLA_NO_TIME;
    best.metric = -1;
    best.slot = -1;
    for (m = 0; m < SLA_METRIC_COUNT; m++) {
        if ((r = eval_clock(T, m, now, &mm, out->full, best.x, &ev)) < 0)
            return r;
        out->state[m] = ev.state;
        out->deadline[m] = ev.deadline;
        if (ev.next == SLA_NO_TIME)
            continue;
        cand.x = ev.next;
        cand.metric = m;
        cand.slot = ev.slot;
        if (best.x == SLA_NO_TIME || before(&cand, &best))
            best = cand;
    }
    out->next = best.x;
    out->metric = best.metric;
    out->slot = best.slot;
    out->kind = SLA_CHANGE_NONE;
    if (best.metric >= 0)
        out->kind = best.slot < sla__clock_target(T, best.metric)->n_warn ? SLA_CHANGE_WARNING
                                                                            : SLA_CHANGE_BREACH;
    return 0;
}

int sla__next_change(const sla_ticket *T, int64_t now, int64_t *ret_instant, int *ret_metric,
                     int *ret_slot)
{
    sla__stored st;
    int r;
    st.full = false;
    if ((r = sla__ticket_stored(T, now, &st)) < 0)
        return r;
    *ret_instant = st.next;
    *ret_metric = st.metric;
    *ret_slot = st.slot;
    return 0;
}

SLA_EXPORT int sla_ticket_next_change(const sla_ticket *ticket, int64_t now, int64_t *ret_instant,
                                      int *ret_metric, int *ret_kind, int *ret_percent)
{
    int64_t x;
    int metric, slot, r;
    const sla__target *tg;

    if (!ticket || !ret_instant)
        return SLA_EINVAL;
    if (now < SLA_TIME_MIN || now >= SLA_TIME_MAX)
        return SLA_ERANGE;
    if (now < ticket->s.last)
        return SLA_EORDER;
    if ((r = sla__next_change(ticket, now, &x, &metric, &slot)) < 0)
        return r;
    *ret_instant = x;
    if (ret_metric)
        *ret_metric = metric;
    tg = metric < 0 ? NULL : sla__clock_target(ticket, metric);
    if (ret_kind)
        *ret_kind = !tg ? SLA_CHANGE_NONE
                        : slot < tg->n_warn ? SLA_CHANGE_WARNING : SLA_CHANGE_BREACH;
    if (ret_percent)
        *ret_percent = !tg ? 0 : slot < tg->n_warn ? tg->warn[slot] : SLA_BREACH_PERCENT;
    return 0;
}
