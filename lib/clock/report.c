/* Status reports and timelines of ticket clocks. Queries never change the
 * ticket: the same history gives the same answers in any query order.
 * SPDX-License-Identifier: MIT */
#include <string.h>

#include "calendar/calendar.h"
#include "clock/clock.h"

/* Warning instants are found lazily, by sla_status_warning(): each is
 * add(warn_base[i], warn_d[i]) in `cal` (warn_base -1: none), so a report
 * costs one calendar add per clock (its deadline), not one per threshold. */
typedef struct {
    int64_t f[16]; /* indexed by SLA_FIELD_* */
    const sla_calendar *cal;
    int n_warn;
    int warn_pct[SLA_WARN_MAX];
    int64_t warn_base[SLA_WARN_MAX];
    int64_t warn_d[SLA_WARN_MAX];
} metric_report;

struct sla_status {
    metric_report m[SLA_METRIC_COUNT];
};

SLA_EXPORT int sla_status_new(sla_status **ret)
{
    sla_status *st;
    if (!ret)
        return SLA_EINVAL;
    st = sla__calloc(1, sizeof *st);
    if (!st)
        return SLA_ENOMEM;
    *ret = st;
    return 0;
}

SLA_EXPORT void sla_status_free(sla_status *status)
{
    sla__free(status);
}

/* Per query: the business-time position of `now` per calendar, and the
 * instants found by calendar adds, keyed by (calendar, start, duration), so
 * clocks that share a start and a target share the lookup. */
typedef struct {
    sla__pos_memo pos; /* pos.t is `now` */
    int n_add;
    struct {
        const sla_calendar *cal;
        int64_t key, d, val;
    } add[16];
} qmemo;

/* add(t, d); SLA_NO_TIME when unreachable in the supported range. */
static int64_t qadd(qmemo *mm, const sla_calendar *cal, int64_t t, int64_t d)
{
    int64_t u;
    int i;
    if (!cal || d == 0)
        return sla__badd(NULL, t, d, &u) < 0 ? SLA_NO_TIME : u;
    for (i = 0; i < mm->n_add; i++)
        if (mm->add[i].cal == cal && mm->add[i].key == t && mm->add[i].d == d)
            return mm->add[i].val;
    if (sla__badd(cal, t, d, &u) < 0)
        u = SLA_NO_TIME;
    if (mm->n_add < 16) {
        mm->add[mm->n_add].cal = cal;
        mm->add[mm->n_add].key = t;
        mm->add[mm->n_add].d = d;
        mm->add[mm->n_add].val = u;
        mm->n_add++;
    }
    return u;
}

static int report_metric(const sla_ticket *T, int metric, int64_t now, qmemo *mm,
                         metric_report *out)
{
    const sla_policy *p = T->policy;
    const sla__clock *c = &T->s.c[metric];
    const sla__target *tg;
    const sla_calendar *cal;
    int64_t end, elapsed, deadline = SLA_NO_TIME, breach = SLA_NO_TIME;
    int j, state, warned = 0;
    bool breached = false;

    memset(out, 0, sizeof *out);
    out->f[SLA_FIELD_DEADLINE] = SLA_NO_TIME;
    out->f[SLA_FIELD_BREACHED_AT] = SLA_NO_TIME;
    out->f[SLA_FIELD_FULFILLED_AT] = SLA_NO_TIME;
    out->f[SLA_FIELD_STARTED_AT] = SLA_NO_TIME;
    if (c->cycles == 0) {
        int i = sla__policy_find(p, metric, T->s.channel, T->s.priority);
        out->f[SLA_FIELD_STATE] = SLA_CLOCK_INACTIVE;
        out->f[SLA_FIELD_TARGET] = i < 0 ? -1 : p->targets[i].target;
        out->f[SLA_FIELD_CHANNEL] = T->s.channel;
        out->f[SLA_FIELD_CALENDAR_24_7] = i < 0 || !p->targets[i].cal;
        if (i >= 0) {
            out->n_warn = p->targets[i].n_warn;
            for (j = 0; j < out->n_warn; j++) {
                out->warn_pct[j] = p->targets[i].warn[j];
                out->warn_base[j] = -1;
            }
            out->f[SLA_FIELD_WARNINGS] = out->n_warn;
        }
        return 0;
    }
    tg = sla__policy_target(p, c->tgi);
    cal = tg ? tg->cal : NULL;
    out->cal = cal;
    end = c->active ? now : c->stop;
    elapsed = c->acc;
    if (c->counting)
        elapsed += sla__pos_at(&mm->pos, cal) - c->psince;
    if (tg) {
        const int n = tg->n_warn;
        /* Unreached thresholds: from the resume instant when counting, from
         * now when paused (running without pause from now on). */
        int64_t base = c->counting ? c->since : now;
        for (j = 0; j <= n; j++) {
            int64_t b = -1, d = 0;
            if (c->rs[j] >= 0) {
                b = c->rs[j];
                d = c->rd[j];
                if (j < n)
                    warned++;
            } else if (c->active) {
                b = base;
                d = tg->slot[j] - c->acc;
                if (j < n && c->counting && tg->slot[j] <= elapsed)
                    warned++;
            }
            if (j < n) {
                out->warn_pct[j] = tg->warn[j];
                out->warn_base[j] = b;
                out->warn_d[j] = d;
            } else if (b >= 0) {
                deadline = qadd(mm, cal, b, d);
            }
        }
        out->n_warn = n;
        if (deadline == SLA_NO_TIME && !c->active && c->rs[n] < 0)
            deadline = qadd(mm, cal, c->stop, tg->target - c->acc);
        if (deadline != SLA_NO_TIME && (deadline < end || elapsed > tg->target) &&
            (c->rs[n] >= 0 || c->active)) {
            breached = true;
            breach = deadline;
        }
    }
    if (breached)
        state = SLA_CLOCK_BREACHED;
    else if (!c->active)
        state = SLA_CLOCK_ACHIEVED;
    else
        state = c->counting ? SLA_CLOCK_RUNNING : SLA_CLOCK_PAUSED;

    out->f[SLA_FIELD_STATE] = state;
    out->f[SLA_FIELD_TARGET] = tg ? tg->target : -1;
    out->f[SLA_FIELD_ELAPSED] = elapsed;
    out->f[SLA_FIELD_REMAINING] = tg ? tg->target - elapsed : 0;
    out->f[SLA_FIELD_ELAPSED_WALL] = end - c->start;
    out->f[SLA_FIELD_REMAINING_WALL] = deadline == SLA_NO_TIME ? 0 : deadline - end;
    out->f[SLA_FIELD_DEADLINE] = deadline;
    out->f[SLA_FIELD_BREACHED_AT] = breach;
    out->f[SLA_FIELD_FULFILLED_AT] = c->active ? SLA_NO_TIME : c->stop;
    out->f[SLA_FIELD_STARTED_AT] = c->start;
    if (sla__metric_cycled(metric)) {
        out->f[SLA_FIELD_CYCLES] = c->cycles;
        out->f[SLA_FIELD_BREACHED_CYCLES] = c->breached_cycles + (c->active && breached);
    } else {
        out->f[SLA_FIELD_CYCLES] = 1;
        out->f[SLA_FIELD_BREACHED_CYCLES] = breached;
    }
    out->f[SLA_FIELD_WARNINGS] = out->n_warn;
    out->f[SLA_FIELD_WARNED] = warned;
    out->f[SLA_FIELD_CHANNEL] = c->channel;
    out->f[SLA_FIELD_CALENDAR_24_7] = cal == NULL;
    return 0;
}

SLA_EXPORT int sla_ticket_status(const sla_ticket *ticket, int64_t now, sla_status *status)
{
    metric_report tmp[SLA_METRIC_COUNT];
    qmemo mm;
    int m, r;

    if (!ticket || !status)
        return SLA_EINVAL;
    if (now < SLA_TIME_MIN || now >= SLA_TIME_MAX)
        return SLA_ERANGE;
    if (now < ticket->s.last)
        return SLA_EORDER;
    mm.pos.t = now;
    mm.pos.n = 0;
    mm.n_add = 0;
    for (m = 0; m < SLA_METRIC_COUNT; m++) {
        r = report_metric(ticket, m, now, &mm, &tmp[m]);
        if (r < 0)
            return r;
    }
    memcpy(status->m, tmp, sizeof tmp);
    return 0;
}

SLA_EXPORT int sla_status_get(const sla_status *status, int metric, int field, int64_t *ret)
{
    if (!status || !ret || metric < 0 || metric >= SLA_METRIC_COUNT || field < 0 ||
        field > SLA_FIELD_CALENDAR_24_7)
        return SLA_EINVAL;
    *ret = status->m[metric].f[field];
    return 0;
}

SLA_EXPORT int sla_status_warning(const sla_status *status, int metric, int index,
                                  int *ret_percent, int64_t *ret_instant)
{
    const metric_report *mr;
    if (!status || metric < 0 || metric >= SLA_METRIC_COUNT)
        return SLA_EINVAL;
    mr = &status->m[metric];
    if (index < 0 || index >= mr->n_warn)
        return SLA_EINVAL;
    if (ret_instant) {
        int64_t u = SLA_NO_TIME;
        if (mr->warn_base[index] >= 0 &&
            sla__badd(mr->cal, mr->warn_base[index], mr->warn_d[index], &u) < 0)
            u = SLA_NO_TIME;
        *ret_instant = u;
    }
    if (ret_percent)
        *ret_percent = mr->warn_pct[index];
    return 0;
}

/* ---- timeline ---- */

typedef struct {
    int64_t *starts, *ends;
    int *kinds;
    size_t cap, n;
    int64_t last_end;
    int last_kind;
} seg_out;

static void emit(seg_out *o, int64_t a, int64_t b, int kind)
{
    if (b <= a)
        return;
    if (o->n > 0 && o->last_kind == kind && o->last_end == a) {
        if (o->n <= o->cap)
            o->ends[o->n - 1] = b;
        o->last_end = b;
        return;
    }
    if (o->n < o->cap) {
        o->starts[o->n] = a;
        o->ends[o->n] = b;
        o->kinds[o->n] = kind;
    }
    o->n++;
    o->last_end = b;
    o->last_kind = kind;
}

/* Split [a, b) into counted and out-of-hours segments of `cal`. */
static int emit_hours(seg_out *o, const sla_calendar *cal, int64_t a, int64_t b)
{
    int64_t t = a;
    if (!cal) {
        emit(o, a, b, SLA_SEGMENT_COUNTED);
        return 0;
    }
    while (t < b) {
        int64_t u;
        int open, r = sla_calendar_is_open(cal, t, &open);
        if (r < 0)
            return r;
        r = open ? sla_calendar_next_close(cal, t, &u) : sla_calendar_next_open(cal, t, &u);
        if (r == SLA_ENEVER)
            u = b;
        else if (r < 0)
            return r;
        if (u > b)
            u = b;
        emit(o, t, u, open ? SLA_SEGMENT_COUNTED : SLA_SEGMENT_OUT_OF_HOURS);
        t = u;
    }
    return 0;
}

SLA_EXPORT int sla_ticket_timeline(const sla_ticket *ticket, int64_t now, int metric,
                                   int64_t *starts, int64_t *ends, int *kinds, size_t cap,
                                   size_t *ret_n)
{
    const sla_policy *p;
    const sla__clock *c;
    seg_out o;
    int64_t from, to, a;
    int status = SLA_TICKET_NEW, priority, channel, r;
    size_t h = 0;

    if (!ticket || !ret_n || metric < 0 || metric >= SLA_METRIC_COUNT ||
        (cap > 0 && (!starts || !ends || !kinds)))
        return SLA_EINVAL;
    if (now < SLA_TIME_MIN || now >= SLA_TIME_MAX)
        return SLA_ERANGE;
    if (now < ticket->s.last)
        return SLA_EORDER;
    p = ticket->policy;
    c = &ticket->s.c[metric];
    memset(&o, 0, sizeof o);
    o.starts = starts;
    o.ends = ends;
    o.kinds = kinds;
    o.cap = cap;
    o.last_kind = -1;
    if (c->cycles == 0) {
        *ret_n = 0;
        return 0;
    }
    from = c->start;
    to = c->active ? now : c->stop;
    priority = ticket->init_priority;
    channel = ticket->init_channel;
    /* Walk the history of status, priority and channel changes; between two
     * changes the target, its calendar and its pauses are fixed. */
    a = ticket->created;
    for (;;) {
        int64_t b = h < ticket->n_hist ? ticket->hist[h].t : to;
        if (b > to)
            b = to;
        if (b > from && a < to) {
            int64_t lo = a > from ? a : from;
            int ch = metric == SLA_METRIC_NEXT_REPLY ? c->channel : channel;
            int tgi = sla__policy_find(p, metric, ch, priority);
            uint32_t mask = sla__policy_pause(p, metric, tgi);
            if (status >= SLA_TICKET_SOLVED)
                emit(&o, lo, b, SLA_SEGMENT_STOPPED);
            else if (mask & ((uint32_t)1 << status))
                emit(&o, lo, b, SLA_SEGMENT_PAUSED);
            else if ((r = emit_hours(&o, sla__policy_target_cal(p, tgi), lo, b)) < 0)
                return r;
        }
        if (h >= ticket->n_hist || b >= to)
            break;
        switch (ticket->hist[h].kind) {
        case SLA__H_STATUS:
            status = ticket->hist[h].value;
            break;
        case SLA__H_PRIORITY:
            priority = ticket->hist[h].value;
            break;
        default:
            channel = ticket->hist[h].value;
            break;
        }
        a = b;
        h++;
    }
    *ret_n = o.n;
    return 0;
}
