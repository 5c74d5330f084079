/* Many clocks at once: remaining business time, breach and warning flags,
 * and the K clocks that breach soonest, in one pass with no allocation.
 * SPDX-License-Identifier: MIT */
#include "calendar/calendar.h"

#define SCAN_MAX_CALENDARS 64

/* Positions of deadlines through a per-call table: the window after `now`
 * cut into buckets of 2^BUCKET_BITS seconds, each with its position at the
 * start and whether it is wholly open or wholly closed (then the position of
 * any instant in it is exact arithmetic); a bucket that opens or closes
 * inside, or an instant outside the window, asks the calendar. Built only
 * for large scans over one calendar (about 10 us to build). */
#define BUCKET_BITS 11
#define BUCKETS 1024 /* 1024 x 34 min: 24 days; 10 KiB of stack */
#define TABLE_MIN_CLOCKS 20000
#define MIXED 0xffff

typedef struct {
    int64_t base;             /* start of bucket 0 */
    int64_t pos[BUCKETS];     /* position at each bucket start */
    uint16_t mask[BUCKETS];   /* closed 0, open 2^BUCKET_BITS - 1, MIXED otherwise */
} ptable;

static void ptable_build(ptable *tb, const sla_calendar *cal, int64_t now, size_t hint)
{
    size_t b, h = hint;
    int64_t next;
    tb->base = now & ~(((int64_t)1 << BUCKET_BITS) - 1);
    next = sla__calendar_position(cal, tb->base, &h);
    for (b = 0; b < BUCKETS; b++) {
        int64_t end = tb->base + ((int64_t)(b + 1) << BUCKET_BITS);
        int64_t p = next;
        tb->pos[b] = p;
        if (end >= SLA_TIME_MAX) {
            /* past the supported range: asks the calendar */
            tb->mask[b] = MIXED;
            continue;
        }
        next = sla__calendar_position(cal, end, &h);
        tb->mask[b] = next == p                                 ? 0
                      : next - p == ((int64_t)1 << BUCKET_BITS) ? (1u << BUCKET_BITS) - 1
                                                                : MIXED;
    }
}

static inline int64_t ptable_pos(const ptable *tb, const sla_calendar *cal, int64_t t,
                                 size_t *hint)
{
    uint64_t off = (uint64_t)(t - tb->base); /* huge when t < base */
    size_t b = (size_t)(off >> BUCKET_BITS);
    if (b < BUCKETS && tb->mask[b] != MIXED)
        return tb->pos[b] + (int64_t)(off & tb->mask[b]);
    return sla__calendar_position(cal, t, hint);
}

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

/* The smallest elapsed count x with (double)x >= warn_at * target: the
 * warning test (double)(target - rem) >= warn_at * target done in integers,
 * with the same answer. */
static inline int64_t warn_min_of(double warn_at, int64_t target)
{
    double v = warn_at * (double)target;
    int64_t x = (int64_t)v;
    while ((double)(x - 1) >= v)
        x--;
    while ((double)x < v)
        x++;
    return x;
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
    /* Validate everything first: a failed call writes nothing. The common
     * case (no index, no pauses) is one branch-free pass the compiler
     * vectorises; the rest is checked clock by clock. */
    if (!cal_index && !counting) {
        /* OR of all values: no bit above 31 means all in [0, 2^32), inside
         * the range; a sign bit means a negative target. Otherwise look. */
        uint64_t any = 0, tany = 0;
        if (target)
            for (i = 0; i < n; i++) {
                any |= (uint64_t)deadline[i];
                tany |= (uint64_t)target[i];
            }
        else
            for (i = 0; i < n; i++)
                any |= (uint64_t)deadline[i];
        if ((any >> 32) || (tany >> 63))
            /* Something may be wrong: the first bad clock decides. */
            for (i = 0; i < n; i++) {
                if (deadline[i] < SLA_TIME_MIN || deadline[i] >= SLA_TIME_MAX)
                    return SLA_ERANGE;
                if (target && target[i] < 0)
                    return SLA_EINVAL;
            }
    } else {
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
    }
    for (i = 0; i < ncals; i++) {
        hint[i] = sla__calendar_era(cals[i], now);
        now_pos[i] = sla__calendar_position(cals[i], now, &hint[i]);
    }
    /* A table for large scans over one calendar (on the stack: a scan
     * never allocates). */
    ptable table;
    const bool use_table = n >= TABLE_MIN_CLOCKS && ncals == 1;
    if (use_table)
        ptable_build(&table, cals[0], now, hint[0]);
    int64_t warn_target = -1, warn_min = 0;
    const bool fast = use_table && !cal_index && !counting;
    if (fast) {
        /* The common shape, with the same results: one calendar, every
         * clock counting. A clock enters the top list only when it breaches
         * sooner than the latest one kept (an equal deadline keeps the
         * lower index, which came first). */
        const ptable *tb = &table;
        const int64_t np = now_pos[0];
        int64_t worst = INT64_MAX;
        for (i = 0; i < n; i++) {
            const int64_t d = deadline[i];
            const int64_t rem = ptable_pos(tb, cals[0], d, &hint[0]) - np;
            const bool breached = now > d;
            int flags = SLA_SCAN_COUNTING | (breached ? SLA_SCAN_BREACHED : 0);
            if (target && target[i] > 0) {
                if (target[i] != warn_target) {
                    warn_target = target[i];
                    warn_min = warn_min_of(warn_at, warn_target);
                }
                if (target[i] - rem >= warn_min)
                    flags |= SLA_SCAN_WARNED;
            }
            if (ret_remaining)
                ret_remaining[i] = rem;
            if (ret_flags)
                ret_flags[i] = flags;
            if (k > 0 && !breached && (ntop < k || d < worst)) {
                if (ntop < k) {
                    ret_top[ntop] = i;
                    sift_up(ret_top, ntop++, deadline);
                } else {
                    ret_top[0] = i;
                    sift_down(ret_top, ntop, 0, deadline);
                }
                if (ntop == k)
                    worst = deadline[ret_top[0]];
            }
        }
    }
    for (i = 0; !fast && i < n; i++) {
        size_t c = cal_index ? (size_t)cal_index[i] : 0;
        bool counts = !counting || counting[i];
        int64_t rem;
        int flags = 0;
        bool breached;

        if (counts) {
            rem = (use_table ? ptable_pos(&table, cals[c], deadline[i], &hint[c])
                             : sla__calendar_position(cals[c], deadline[i], &hint[c])) -
                  now_pos[c];
            breached = now > deadline[i];
            flags |= SLA_SCAN_COUNTING;
        } else {
            rem = remaining[i];
            breached = rem < 0;
        }
        if (breached)
            flags |= SLA_SCAN_BREACHED;
        if (target && target[i] > 0) {
            /* computed once per distinct target */
            if (target[i] != warn_target) {
                warn_target = target[i];
                warn_min = warn_min_of(warn_at, warn_target);
            }
            if (target[i] - rem >= warn_min)
                flags |= SLA_SCAN_WARNED;
        }
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
