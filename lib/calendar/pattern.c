/* Evaluation of one pattern: cumulative open time, its inverses, and the
 * next opening or closing, each O(log k) in the pattern's intervals.
 * SPDX-License-Identifier: MIT */
#include "calendar/model.h"

/* Index of the last interval whose start is <= r, or -1. Branchless: the
 * comparison is data-dependent and would mispredict. */
static long last_start_le(const sla__ival *v, uint32_t n, int64_t r)
{
    const sla__ival *base = v;
    uint32_t len = n;

    if (len == 0)
        return -1;
    while (len > 1) {
        uint32_t half = len / 2;
        base = base[half].s <= r ? base + half : base;
        len -= half;
    }
    return base->s <= r ? (long)(base - v) : -1;
}

/* Index of the last interval whose cum is < r (strict) or <= r; -1 when
 * none. Branchless, like last_start_le(). */
static long last_cum_before(const sla__ival *v, uint32_t n, int64_t r, bool inclusive)
{
    const sla__ival *base = v;
    uint32_t len = n;

    if (inclusive)
        r++; /* cum <= r  <=>  cum < r + 1 */
    if (len == 0)
        return -1;
    while (len > 1) {
        uint32_t half = len / 2;
        base = base[half].cum < r ? base + half : base;
        len -= half;
    }
    return base->cum < r ? (long)(base - v) : -1;
}

static int64_t g_within(const sla__ival *v, uint32_t n, int64_t r)
{
    long i = last_start_le(v, n, r);
    if (i < 0)
        return 0;
    return v[i].cum + (r < v[i].e ? r : v[i].e) - v[i].s;
}

int64_t sla__pat_G(const sla__ival *iv, const sla__pattern *p, int64_t y)
{
    const sla__ival *v = iv + p->first;
    if (p->period == SLA__WEEK && y >= 0) { /* the common case: a constant divisor */
        int64_t k = y / SLA__WEEK;
        return k * p->total + g_within(v, p->n, y - k * SLA__WEEK);
    }
    if (p->period) {
        int64_t k = sla__floordiv(y, p->period);
        return k * p->total + g_within(v, p->n, y - k * p->period);
    }
    return g_within(v, p->n, y);
}

int64_t sla__pat_inv_ge(const sla__ival *iv, const sla__pattern *p, int64_t r)
{
    const sla__ival *v = iv + p->first;
    int64_t k = 0, rem = r;
    long i;

    if (p->period) {
        k = sla__floordiv(r - 1, p->total);
        rem = r - k * p->total; /* [1, total] */
    }
    i = last_cum_before(v, p->n, rem, false);
    if (i < 0)
        i = 0;
    return k * p->period + v[i].s + (rem - v[i].cum);
}

int64_t sla__pat_inv_gt(const sla__ival *iv, const sla__pattern *p, int64_t r)
{
    const sla__ival *v = iv + p->first;
    int64_t k = 0, rem = r;
    long i;

    if (p->period) {
        k = sla__floordiv(r, p->total);
        rem = r - k * p->total; /* [0, total) */
    }
    i = last_cum_before(v, p->n, rem, true);
    if (i < 0)
        i = 0;
    return k * p->period + v[i].s + (rem - v[i].cum);
}

bool sla__pat_is_open(const sla__ival *iv, const sla__pattern *p, int64_t y)
{
    const sla__ival *v = iv + p->first;
    long i;
    if (p->period)
        y = sla__floormod(y, p->period);
    i = last_start_le(v, p->n, y);
    return i >= 0 && y < v[i].e;
}

int64_t sla__pat_next_open(const sla__ival *iv, const sla__pattern *p, int64_t y)
{
    const sla__ival *v = iv + p->first;
    int64_t k = 0, r = y;
    long i;

    if (p->n == 0)
        return SLA__NONE;
    if (p->period) {
        k = sla__floordiv(y, p->period);
        r = y - k * p->period;
    }
    i = last_start_le(v, p->n, r);
    if (i >= 0 && r < v[i].e)
        return y;
    if ((uint32_t)(i + 1) < p->n)
        return k * p->period + v[i + 1].s;
    if (p->period)
        return (k + 1) * p->period + v[0].s;
    return SLA__NONE;
}

int64_t sla__pat_next_closed(const sla__ival *iv, const sla__pattern *p, int64_t y)
{
    const sla__ival *v = iv + p->first;
    int64_t k = 0, r = y, end;
    long i;

    if (p->period) {
        k = sla__floordiv(y, p->period);
        r = y - k * p->period;
    }
    i = last_start_le(v, p->n, r);
    if (i < 0 || r >= v[i].e)
        return y;
    end = v[i].e;
    if (p->period && end == p->period && v[0].s == 0) {
        if (p->n == 1)
            return SLA__NONE; /* open all week */
        end = p->period + v[0].e;
    }
    return k * p->period + end;
}

int64_t sla__pat_prev_open(const sla__ival *iv, const sla__pattern *p, int64_t y)
{
    const sla__ival *v = iv + p->first;
    int64_t k = 0, r = y - 1;
    long i;

    if (p->n == 0)
        return SLA__NONE_BEFORE;
    if (p->period) {
        k = sla__floordiv(y - 1, p->period);
        r = y - 1 - k * p->period;
    }
    i = last_start_le(v, p->n, r);
    if (i >= 0)
        return r < v[i].e ? y - 1 : k * p->period + v[i].e - 1;
    if (p->period)
        return (k - 1) * p->period + v[p->n - 1].e - 1;
    return SLA__NONE_BEFORE;
}

int64_t sla__pat_prev_closed(const sla__ival *iv, const sla__pattern *p, int64_t y)
{
    const sla__ival *v = iv + p->first;
    int64_t k = 0, r = y - 1;
    long i;

    if (p->period) {
        k = sla__floordiv(y - 1, p->period);
        r = y - 1 - k * p->period;
    }
    i = last_start_le(v, p->n, r);
    if (i < 0 || r >= v[i].e)
        return y - 1;
    if (v[i].s > 0 || !p->period)
        return k * p->period + v[i].s - 1;
    /* Open from the start of the period: look at the end of the previous one. */
    if (v[p->n - 1].e < p->period)
        return k * p->period - 1;
    if (p->n == 1)
        return SLA__NONE_BEFORE; /* open all week */
    return (k - 1) * p->period + v[p->n - 1].s - 1;
}
