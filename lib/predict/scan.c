/* Many clocks at once: remaining business time, breach and warning flags,
 * and the K clocks that breach soonest, in one pass with no allocation.
 * SPDX-License-Identifier: MIT */
#include "calendar/calendar.h"

#define SCAN_MAX_CALENDARS 64

/* Max-heap on (deadline, index) kept in the caller's top array. */
static bool later(const int64_t *deadline, size_t a, size_t b)
{
    return deadline[a] > deadline[b] || (deadline[a] == deadline[b] && a > b);
}

static void sift_down(size_t *h, size_t n, size_t i, const int64_t *deadline)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < n && later(deadline, h[l], h[m]))
            m = l;
        if (r < n && later(deadline, h[r], h[m]))
            m = r;
        if (m == i)
            return;
        size_t t = h[i];
        h[i] = h[m];
        h[m] = t;
        i = m;
    }
}

static void sift_up(size_t *h, size_t i, const int64_t *deadline)
{
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!later(deadline, h[i], h[p]))
            return;
        size_t t = h[i];
        h[i] = h[p];
        h[p] = t;
        i = p;
    }
}

SLA_EXPORT int sla_scan(const sla_calendar *const *cals, size_t ncals, const int *cal_index,
                        int64_t now, const int *counting, const int64_t *deadline,
                        const int64_t *remaining, const int64_t *target, size_t n, double warn_at,
                        int64_t *ret_remaining, int *ret_flags, size_t k, size_t *ret_top,
                        size_t *ret_ntop)
{
    int64_t now_pos[SCAN_MAX_CALENDARS];
    size_t hint[SCAN_MAX_CALENDARS];
    size_t i, ntop = 0;

    if (!cals || ncals == 0 || ncals > SCAN_MAX_CALENDARS)
        return SLA_EINVAL;
    if (n > 0 && !deadline)
        return SLA_EINVAL;
    if (k > 0 && (!ret_top || !ret_ntop))
        return SLA_EINVAL;
    if (!(warn_at >= 0.0 && warn_at <= 1.0)) /* also refuses NaN */
        return SLA_EINVAL;
    if (now < SLA_TIME_MIN || now >= SLA_TIME_MAX)
        return SLA_ERANGE;
    for (i = 0; i < ncals; i++)
        if (!cals[i])
            return SLA_EINVAL;
    /* Validate everything first: a failed call writes nothing. */
    for (i = 0; i < n; i++) {
        bool counts = !counting || counting[i];
        if (cal_index && (cal_index[i] < 0 || (size_t)cal_index[i] >= ncals))
            return SLA_EINVAL;
        if (counts && (deadline[i] < SLA_TIME_MIN || deadline[i] >= SLA_TIME_MAX))
            return SLA_ERANGE;
        if (!counts && !remaining)
            return SLA_EINVAL;
        if (target && target[i] < 0)
            return SLA_EINVAL;
    }
    for (i = 0; i < ncals; i++) {
        hint[i] = sla__calendar_era(cals[i], now);
        now_pos[i] = sla__calendar_position(cals[i], now, &hint[i]);
    }
    for (i = 0; i < n; i++) {
        size_t c = cal_index ? (size_t)cal_index[i] : 0;
        bool counts = !counting || counting[i];
        int64_t rem;
        int flags = 0;
        bool breached;

        if (counts) {
            rem = sla__calendar_position(cals[c], deadline[i], &hint[c]) - now_pos[c];
            breached = now > deadline[i];
            flags |= SLA_SCAN_COUNTING;
        } else {
            rem = remaining[i];
            breached = rem < 0;
        }
        if (breached)
            flags |= SLA_SCAN_BREACHED;
        if (target && target[i] > 0 && (double)(target[i] - rem) >= warn_at * (double)target[i])
            flags |= SLA_SCAN_WARNED;
        if (ret_remaining)
            ret_remaining[i] = rem;
        if (ret_flags)
            ret_flags[i] = flags;
        if (k > 0 && counts && !breached) {
            if (ntop < k) {
                ret_top[ntop] = i;
                sift_up(ret_top, ntop++, deadline);
            } else if (later(deadline, ret_top[0], i)) {
                ret_top[0] = i;
                sift_down(ret_top, ntop, 0, deadline);
            }
        }
    }
    /* Heap sort the top list into soonest-first order. */
    for (i = ntop; i > 1; i--) {
        size_t t = ret_top[0];
        ret_top[0] = ret_top[i - 1];
        ret_top[i - 1] = t;
        sift_down(ret_top, i - 1, 0, deadline);
    }
    if (ret_ntop)
        *ret_ntop = ntop;
    return 0;
}
