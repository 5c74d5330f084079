/* Helpers shared by the clock files: business-time add in a target's
 * calendar and the memo of calendar positions at one instant.
 * SPDX-License-Identifier: MIT */
#include "clock/clock.h"
#include "calendar/calendar.h"

int sla__badd(const sla_calendar *cal, int64_t t, int64_t d, int64_t *ret)
{
    if (!cal) {
        if (d > SLA_TIME_MAX - t - 1)
            return SLA_ERANGE;
        *ret = t + d;
        return 0;
    }
    return sla_calendar_add(cal, t, d, ret);
}

int64_t sla__pos_at(sla__pos_memo *mm, const sla_calendar *cal)
{
    int i;
    size_t hint = 0;
    if (!cal)
        return mm->t;
    for (i = 0; i < mm->n; i++)
        if (mm->e[i].cal == cal)
            return mm->e[i].pos;
    if (mm->n == SLA_METRIC_COUNT)
        return sla__calendar_position(cal, mm->t, &hint);
    mm->e[mm->n].cal = cal;
    mm->e[mm->n].pos = sla__calendar_position(cal, mm->t, &hint);
    return mm->e[mm->n++].pos;
}

/* D = add_days(start, n) of a business-day target, or SLA_NO_TIME. */
static int64_t day_deadline(const sla__target *tg, const sla__clock *c)
{
    int64_t u;

    if (c->start < 0)
        return SLA_NO_TIME;
    if (!tg->cal) {
        if (tg->days > (SLA_TIME_MAX - 1 - c->start) / SLA__DAY)
            return SLA_NO_TIME;
        return c->start + tg->days * SLA__DAY;
    }
    return sla_calendar_add_days(tg->cal, c->start, tg->days, &u) == 0 ? u : SLA_NO_TIME;
}

int64_t sla__tg_seconds(const sla__target *tg, const sla__clock *c)
{
    int64_t d, v;

    if (tg->days < 0)
        return tg->target;
    d = day_deadline(tg, c);
    if (d == SLA_NO_TIME)
        return SLA_TIME_MAX;
    if (!tg->cal)
        return d - c->start;
    return sla_calendar_diff(tg->cal, c->start, d, &v) == 0 ? v : SLA_TIME_MAX;
}

int64_t sla__tg_slot(const sla__target *tg, const sla__clock *c, int j)
{
    int64_t t;

    if (tg->days < 0)
        return tg->slot[j];
    t = sla__tg_seconds(tg, c);
    if (j >= tg->n_warn || t == SLA_TIME_MAX)
        return t;
    return t / 100 * tg->warn[j] + t % 100 * tg->warn[j] / 100;
}

int64_t sla__tg_reached(const sla__target *tg, const sla__clock *c, int j, int64_t u)
{
    int64_t d;

    if (!tg || tg->days < 0 || j < tg->n_warn || u == SLA_NO_TIME)
        return u;
    d = day_deadline(tg, c);
    return d != SLA_NO_TIME && d > u ? d : u;
}
