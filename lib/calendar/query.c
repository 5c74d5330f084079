/* Business-time queries on a compiled calendar: each is a binary search for
 * the era plus O(log k) in the era's pattern, with no allocation.
 * SPDX-License-Identifier: MIT */
#include "calendar/model.h"

/* Index of the era containing instant t (u0[i] <= t < u0[i + 1]). The caller
 * guarantees u0[0] <= t < u0[n]. Branchless: the comparisons are
 * data-dependent and would mispredict. */
static size_t era_of(const sla_calendar *cal, int64_t t)
{
    const int64_t *base = cal->u0;
    size_t len = cal->n_eras;
    while (len > 1) {
        size_t half = len / 2;
        base = base[half] <= t ? base + half : base;
        len -= half;
    }
    return (size_t)(base - cal->u0);
}

/* Last era whose F at its start is < v (strict) or <= v; -1 when none. */
static long era_by_cum(const sla_calendar *cal, int64_t v, bool inclusive)
{
    const int64_t *base = cal->cum;
    size_t len = cal->n_eras;

    if (inclusive)
        v++; /* cum <= v  <=>  cum < v + 1 */
    while (len > 1) {
        size_t half = len / 2;
        base = base[half] < v ? base + half : base;
        len -= half;
    }
    return *base < v ? (long)(base - cal->cum) : -1;
}

static inline int64_t F(const sla_calendar *cal, size_t e, int64_t t)
{
    const sla__era *er = &cal->eras[e];
    return er->base + sla__pat_G(cal->ivals, &cal->pats[er->pat], t - er->anchor);
}

static inline bool in_range(int64_t t)
{
    return t >= SLA_TIME_MIN && t < SLA_TIME_MAX;
}

/* Whether the calendar has open time beyond its last era (for add) or before
 * its first (for sub): a periodic pattern that opens keeps opening, so
 * running off the timeline there is "range"; otherwise it is "never". */
static bool opens_beyond(const sla_calendar *cal, bool forward)
{
    const sla__era *er = &cal->eras[forward ? cal->n_eras - 1 : 0];
    const sla__pattern *p = &cal->pats[er->pat];
    return p->period && p->total > 0;
}

static int is_open_one(const sla_calendar *cal, int64_t t, int *ret)
{
    const sla__era *er;
    if (!in_range(t))
        return SLA_ERANGE;
    er = &cal->eras[era_of(cal, t)];
    *ret = sla__pat_is_open(cal->ivals, &cal->pats[er->pat], t - er->anchor);
    return 0;
}

static int add_one(const sla_calendar *cal, int64_t t, int64_t d, int64_t *ret)
{
    int64_t target, u;
    const sla__era *er;
    long e;

    if (!in_range(t))
        return SLA_ERANGE;
    if (d < 0)
        return SLA_EINVAL;
    if (d == 0) {
        *ret = t;
        return 0;
    }
    if (d > SLA_TIME_MAX)
        return opens_beyond(cal, true) ? SLA_ERANGE : SLA_ENEVER;
    target = F(cal, era_of(cal, t), t) + d;
    if (target > cal->cum[cal->n_eras])
        return opens_beyond(cal, true) ? SLA_ERANGE : SLA_ENEVER;
    e = era_by_cum(cal, target, false);
    er = &cal->eras[e];
    u = er->anchor + sla__pat_inv_ge(cal->ivals, &cal->pats[er->pat], target - er->base);
    if (u >= SLA_TIME_MAX)
        return SLA_ERANGE;
    *ret = u;
    return 0;
}

static int sub_one(const sla_calendar *cal, int64_t t, int64_t d, int64_t *ret)
{
    int64_t target, u;
    const sla__era *er;
    long e;

    if (!in_range(t))
        return SLA_ERANGE;
    if (d < 0)
        return SLA_EINVAL;
    if (d == 0) {
        *ret = t;
        return 0;
    }
    if (d > SLA_TIME_MAX)
        return opens_beyond(cal, false) ? SLA_ERANGE : SLA_ENEVER;
    target = F(cal, era_of(cal, t), t) - d;
    if (target < cal->cum[0])
        return opens_beyond(cal, false) ? SLA_ERANGE : SLA_ENEVER;
    e = era_by_cum(cal, target, true);
    er = &cal->eras[e];
    u = er->anchor + sla__pat_inv_gt(cal->ivals, &cal->pats[er->pat], target - er->base);
    if (u < SLA_TIME_MIN)
        return SLA_ERANGE;
    *ret = u;
    return 0;
}

static int diff_one(const sla_calendar *cal, int64_t a, int64_t b, int64_t *ret)
{
    if (!in_range(a) || !in_range(b))
        return SLA_ERANGE;
    *ret = F(cal, era_of(cal, b), b) - F(cal, era_of(cal, a), a);
    return 0;
}

static int next_open_one(const sla_calendar *cal, int64_t t, int64_t *ret)
{
    size_t e;
    const sla__era *er;
    int64_t y, u;

    if (!in_range(t))
        return SLA_ERANGE;
    e = era_of(cal, t);
    er = &cal->eras[e];
    y = sla__pat_next_open(cal->ivals, &cal->pats[er->pat], t - er->anchor);
    u = y == SLA__NONE ? SLA__NONE : er->anchor + y;
    if (u == SLA__NONE || u >= cal->u0[e + 1])
        u = e + 1 < cal->n_eras ? cal->eras[e + 1].first_open : SLA__NONE;
    if (u >= SLA_TIME_MAX)
        return SLA_ENEVER;
    *ret = u;
    return 0;
}

static int next_close_one(const sla_calendar *cal, int64_t t, int64_t *ret)
{
    size_t e;
    const sla__era *er;
    int64_t y, u;

    if (!in_range(t))
        return SLA_ERANGE;
    e = era_of(cal, t);
    er = &cal->eras[e];
    y = sla__pat_next_closed(cal->ivals, &cal->pats[er->pat], t - er->anchor);
    u = y == SLA__NONE ? SLA__NONE : er->anchor + y;
    if (u == SLA__NONE || u >= cal->u0[e + 1])
        u = e + 1 < cal->n_eras ? cal->eras[e + 1].first_closed : SLA__NONE;
    if (u >= SLA_TIME_MAX)
        return SLA_ENEVER;
    *ret = u;
    return 0;
}

/* ---- public scalar calls ------------------------------------------------ */

SLA_EXPORT int sla_calendar_is_open(const sla_calendar *cal, int64_t t, int *ret_open)
{
    if (!cal || !ret_open)
        return SLA_EINVAL;
    return is_open_one(cal, t, ret_open);
}

SLA_EXPORT int sla_calendar_add(const sla_calendar *cal, int64_t t, int64_t d, int64_t *ret)
{
    if (!cal || !ret)
        return SLA_EINVAL;
    return add_one(cal, t, d, ret);
}

SLA_EXPORT int sla_calendar_sub(const sla_calendar *cal, int64_t t, int64_t d, int64_t *ret)
{
    if (!cal || !ret)
        return SLA_EINVAL;
    return sub_one(cal, t, d, ret);
}

SLA_EXPORT int sla_calendar_diff(const sla_calendar *cal, int64_t a, int64_t b, int64_t *ret)
{
    if (!cal || !ret)
        return SLA_EINVAL;
    return diff_one(cal, a, b, ret);
}

SLA_EXPORT int sla_calendar_next_open(const sla_calendar *cal, int64_t t, int64_t *ret)
{
    if (!cal || !ret)
        return SLA_EINVAL;
    return next_open_one(cal, t, ret);
}

SLA_EXPORT int sla_calendar_next_close(const sla_calendar *cal, int64_t t, int64_t *ret)
{
    if (!cal || !ret)
        return SLA_EINVAL;
    return next_close_one(cal, t, ret);
}

/* ---- many at once ------------------------------------------------------- */

#define MANY_BODY(CALL)                                                                            \
    size_t i;                                                                                      \
    int first = 0;                                                                                 \
    if (!cal || (n > 0 && (!ret || MANY_NULL_ARGS)))                                               \
        return SLA_EINVAL;                                                                         \
    for (i = 0; i < n; i++) {                                                                      \
        int r = CALL;                                                                              \
        if (r < 0) {                                                                               \
            ret[i] = 0;                                                                            \
            if (!first)                                                                            \
                first = r;                                                                         \
        }                                                                                          \
        if (ret_status)                                                                            \
            ret_status[i] = r;                                                                     \
    }                                                                                              \
    return first

#define MANY_NULL_ARGS !t
SLA_EXPORT int sla_calendar_is_open_many(const sla_calendar *cal, const int64_t *t, size_t n,
                                         int *ret, int *ret_status)
{
    MANY_BODY(is_open_one(cal, t[i], &ret[i]));
}

SLA_EXPORT int sla_calendar_next_open_many(const sla_calendar *cal, const int64_t *t, size_t n,
                                           int64_t *ret, int *ret_status)
{
    MANY_BODY(next_open_one(cal, t[i], &ret[i]));
}

SLA_EXPORT int sla_calendar_next_close_many(const sla_calendar *cal, const int64_t *t, size_t n,
                                            int64_t *ret, int *ret_status)
{
    MANY_BODY(next_close_one(cal, t[i], &ret[i]));
}
#undef MANY_NULL_ARGS

#define MANY_NULL_ARGS (!t || !d)
SLA_EXPORT int sla_calendar_add_many(const sla_calendar *cal, const int64_t *t, const int64_t *d,
                                     size_t n, int64_t *ret, int *ret_status)
{
    MANY_BODY(add_one(cal, t[i], d[i], &ret[i]));
}

SLA_EXPORT int sla_calendar_sub_many(const sla_calendar *cal, const int64_t *t, const int64_t *d,
                                     size_t n, int64_t *ret, int *ret_status)
{
    MANY_BODY(sub_one(cal, t[i], d[i], &ret[i]));
}
#undef MANY_NULL_ARGS

#define MANY_NULL_ARGS (!a || !b)
SLA_EXPORT int sla_calendar_diff_many(const sla_calendar *cal, const int64_t *a, const int64_t *b,
                                      size_t n, int64_t *ret, int *ret_status)
{
    MANY_BODY(diff_one(cal, a[i], b[i], &ret[i]));
}
#undef MANY_NULL_ARGS

/* ---- accessors ---------------------------------------------------------- */

SLA_EXPORT void sla_calendar_free(sla_calendar *cal)
{
    if (!cal)
        return;
    sla__tz_unref(cal->tz);
    sla__free(cal->u0);
    sla__free(cal->cum);
    sla__free(cal->eras);
    sla__free(cal->pats);
    sla__free(cal->ivals);
    sla__free(cal->hol);
    sla__free(cal);
}

SLA_EXPORT const char *sla_calendar_zone(const sla_calendar *cal)
{
    return cal ? sla__tz_name(cal->tz) : "";
}

SLA_EXPORT size_t sla_calendar_memory_size(const sla_calendar *cal)
{
    if (!cal)
        return 0;
    return sizeof *cal + (cal->n_eras + 1) * (sizeof *cal->u0 + sizeof *cal->cum) +
           cal->n_eras * sizeof *cal->eras + cal->n_pats * sizeof *cal->pats +
           cal->n_ivals * sizeof *cal->ivals + cal->n_hol * sizeof *cal->hol +
           sla__tz_memory_size(cal->tz);
}

SLA_EXPORT int sla_calendar_is_holiday(const sla_calendar *cal, int64_t t, int *ret_holiday)
{
    int64_t day;
    size_t lo = 0, hi;

    if (!cal || !ret_holiday)
        return SLA_EINVAL;
    if (!in_range(t))
        return SLA_ERANGE;
    day = sla__floordiv(t + sla__tz_offset_at(cal->tz, t), SLA__DAY);
    hi = cal->n_hol;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cal->hol[mid] < day)
            lo = mid + 1;
        else
            hi = mid;
    }
    *ret_holiday = lo < cal->n_hol && cal->hol[lo] == day;
    return 0;
}

SLA_EXPORT int sla_calendar_utc_offset(const sla_calendar *cal, int64_t t, int *ret_offset)
{
    if (!cal || !ret_offset)
        return SLA_EINVAL;
    if (!in_range(t))
        return SLA_ERANGE;
    *ret_offset = sla__tz_offset_at(cal->tz, t);
    return 0;
}

SLA_EXPORT int sla_calendar_local_time(const sla_calendar *cal, int year, int month, int day,
                                       int hour, int minute, int second, int64_t *ret)
{
    if (!cal)
        return SLA_EINVAL;
    return sla__tz_local_time(cal->tz, year, month, day, hour, minute, second, ret);
}

size_t sla__calendar_era(const sla_calendar *cal, int64_t t)
{
    return era_of(cal, t);
}

int64_t sla__calendar_position(const sla_calendar *cal, int64_t t, const size_t *hint)
{
    size_t h = *hint < cal->n_eras ? *hint : 0;
    /* Most lookups land in the hinted era or the next few. */
    if (cal->u0[h] <= t) {
        size_t stop = h + 4 < cal->n_eras ? h + 4 : cal->n_eras;
        while (h < stop && cal->u0[h + 1] <= t)
            h++;
        if (h == stop && h < cal->n_eras)
            h = era_of(cal, t);
        else if (h == cal->n_eras)
            h = cal->n_eras - 1;
    } else {
        h = era_of(cal, t);
    }
    return F(cal, h, t);
}

const sla_tz *sla__calendar_tz(const sla_calendar *cal)
{
    return cal->tz;
}
