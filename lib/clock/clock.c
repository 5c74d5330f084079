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
