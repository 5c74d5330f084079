/* Coverage gap: the share of an arrival profile that falls while a
 * business-hours calendar is closed.
 *
 * Bucket boundaries are local wall-clock times (Monday 00:00 of the
 * reference week plus k * bucket) turned into instants by the calendar's
 * local-time rule; the open time of each bucket comes from the calendar's
 * business-time difference, so the cost is two calendar queries per bucket,
 * independent of the bucket length.
 *
 * SPDX-License-Identifier: MIT */
#include <float.h>

#include "core/core.h"

#define COVER_STACK 672

/* Instant of wall-clock boundary k: Monday `monday` (local day number) plus
 * k * bucket seconds. */
static int boundary(const sla_calendar *cal, int64_t monday, int64_t bucket, size_t k,
                    int64_t *ret)
{
    int64_t sec = (int64_t)k * bucket;
    int64_t day = monday + sec / SLA__DAY, tod = sec % SLA__DAY;
    int64_t y;
    unsigned m, d;

    if (day > SLA__DAY_MAX)
        return SLA_ERANGE;
    sla__civil_from_days(day, &y, &m, &d);
    return sla_calendar_local_time(cal, (int)y, (int)m, (int)d, (int)(tod / 3600),
                                   (int)(tod / 60 % 60), (int)(tod % 60), ret);
}

SLA_EXPORT int sla_coverage_gap(const sla_calendar *cal, int64_t week_of, const double *contacts,
                                size_t n, int64_t bucket, double *ret_open_fraction,
                                double *ret_closed_contacts, double *ret_closed_share)
{
    double stack[COVER_STACK];
    double *frac = stack;
    double total = 0.0, closed = 0.0;
    int64_t monday, next, local;
    int offset, r;
    size_t i, k;

    if (!cal || !contacts || !ret_open_fraction || !ret_closed_contacts || !ret_closed_share)
        return SLA_EINVAL;
    if (bucket <= 0 || SLA__DAY % bucket != 0 || n == 0)
        return SLA_EINVAL;
    if (n > SLA_STAFFING_MAX_BUCKETS)
        return SLA_ELIMIT;
    for (i = 0; i < n; i++) {
        if (!(contacts[i] >= 0.0 && contacts[i] <= DBL_MAX))
            return SLA_EINVAL;
        total += contacts[i];
    }
    if (!(total <= DBL_MAX))
        return SLA_EINVAL;

    r = sla_calendar_utc_offset(cal, week_of, &offset);
    if (r < 0)
        return r;
    local = week_of + offset;
    monday = sla__floordiv(local, SLA__DAY);
    monday -= sla__weekday(monday);

    if (n > COVER_STACK) {
        frac = sla__malloc(n * sizeof(double));
        if (!frac)
            return SLA_ENOMEM;
    }
    /* Backward, so that a boundary is never later than the next one: in a
     * skipped hour the raw instants run backward, and the min makes the
     * skipped buckets empty. */
    r = boundary(cal, monday, bucket, n, &next);
    if (r < 0)
        goto out;
    for (k = n; k-- > 0;) {
        int64_t start, open;

        r = boundary(cal, monday, bucket, k, &start);
        if (r < 0)
            goto out;
        if (start > next)
            start = next;
        if (start == next) {
            int is_open;
            r = sla_calendar_is_open(cal, start, &is_open);
            if (r < 0)
                goto out;
            frac[k] = is_open ? 1.0 : 0.0;
        } else {
            r = sla_calendar_diff(cal, start, next, &open);
            if (r < 0)
                goto out;
            frac[k] = (double)open / (double)(next - start);
        }
        next = start;
    }
    for (i = 0; i < n; i++)
        closed += contacts[i] * (1.0 - frac[i]);
    for (i = 0; i < n; i++)
        ret_open_fraction[i] = frac[i];
    *ret_closed_contacts = closed;
    *ret_closed_share = total > 0.0 ? closed / total : 0.0;
    r = 0;
out:
    if (frac != stack)
        sla__free(frac);
    return r;
}
