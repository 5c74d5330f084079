/* The forecast object: the simulation (simulate.h) run `samples` times, or
 * once with mean values, per waiting ticket its expected reply, its 10th
 * and 90th percentiles, its breach probability and its pickup; and the
 * promise for one ticket more.
 * SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "predict/simulate.h"

#define MAX_CELLS ((size_t)64 * 1024 * 1024) /* tickets x samples kept for percentiles */
#define MAX_SAMPLES 100000
#define BLOCK 64 /* tickets gathered at once for percentiles */

struct sla_forecast {
    size_t n;
    int64_t *expected, *low, *high, *pickup;
    double *p_breach;
    double expected_breaches;
    /* The question asked, for sla_forecast_promise_for(): the roster
     * (borrowed), now, the queue (copies), the order, samples and seed. */
    const sla_roster *roster;
    int64_t now, seed;
    int *q_channel, *q_priority;
    int64_t *q_arrival, *q_deadline;
    int order, samples;
};

static int64_t select_kth(int64_t *v, size_t n, size_t k)
{
    size_t lo = 0, hi = n;
    while (hi - lo > 1) {
        int64_t pivot = v[lo + (hi - lo) / 2], t;
        size_t lt = lo, i = lo, gt = hi;
        while (i < gt) {
            if (v[i] < pivot) {
                t = v[lt];
                v[lt++] = v[i];
                v[i++] = t;
            } else if (v[i] > pivot) {
                t = v[--gt];
                v[gt] = v[i];
                v[i] = t;
            } else {
                i++;
            }
        }
        if (k < lt)
            hi = lt;
        else if (k >= gt)
            lo = gt;
        else
            return pivot;
    }
    return v[lo];
}

/* The k1-th and k2-th smallest (0-based, k1 <= k2 < n) of v, exactly as
 * select_kth gives them, in about two passes: a histogram of the finite
 * values over 256 buckets locates both, and only their buckets are
 * selected in (v is reordered). SLA__NEVER counts as the largest. */
#define NB 256
static void select_two(int64_t *v, size_t n, size_t k1, size_t k2, int64_t lo, int64_t hi,
                       size_t finite, int64_t *r1, int64_t *r2)
{
    uint32_t cnt[NB + 1];
    size_t i, before, b1, b2, n1, n2;
    int shift = 0;
    uint64_t range;

    /* lo, hi: the smallest and largest value other than SLA__NEVER; finite:
     * how many there are (the caller's pass over v found them) */
    if (finite <= k1 || n < 64) {
        /* mostly never answered (or few): the plain way */
        *r1 = select_kth(v, n, k1);
        *r2 = select_kth(v + k1, n - k1, k2 - k1);
        return;
    }
    range = (uint64_t)hi - (uint64_t)lo;
    while ((range >> shift) >= NB)
        shift++;
    memset(cnt, 0, sizeof cnt);
    for (i = 0; i < n; i++)
        cnt[v[i] == SLA__NEVER ? NB : (size_t)(((uint64_t)v[i] - (uint64_t)lo) >> shift)]++;
    /* bucket of each rank, and the rank within it */
    for (b1 = 0, before = 0; before + cnt[b1] <= k1; b1++)
        before += cnt[b1];
    n1 = k1 - before;
    for (b2 = b1; before + cnt[b2] <= k2; b2++)
        before += cnt[b2];
    n2 = k2 - before;
    if (b2 == NB) {
        *r2 = SLA__NEVER;
    }
    /* gather the two buckets to the front (b1's values, then b2's) */
    {
        size_t a = 0, c;
        for (i = 0; i < n; i++) {
            size_t b = v[i] == SLA__NEVER ? NB : (size_t)(((uint64_t)v[i] - (uint64_t)lo) >> shift);
            if (b == b1) {
                int64_t t = v[a];
                v[a++] = v[i];
                v[i] = t;
            }
        }
        *r1 = select_kth(v, a, n1);
        if (b2 == b1) {
            *r2 = select_kth(v, a, n2);
            return;
        }
        if (b2 == NB)
            return;
        c = a;
        for (i = a; i < n; i++) {
            size_t b = v[i] == SLA__NEVER ? NB : (size_t)(((uint64_t)v[i] - (uint64_t)lo) >> shift);
            if (b == b2) {
                int64_t t = v[c];
                v[c++] = v[i];
                v[i] = t;
            }
        }
        *r2 = select_kth(v + a, c - a, n2);
    }
}

SLA_EXPORT void sla_forecast_free(sla_forecast *f)
{
    if (!f)
        return;
    sla__free(f->expected);
    sla__free(f->low);
    sla__free(f->high);
    sla__free(f->p_breach);
    sla__free(f->pickup);
    sla__free(f->q_channel);
    sla__free(f->q_priority);
    sla__free(f->q_arrival);
    sla__free(f->q_deadline);
    sla__free(f);
}

SLA_EXPORT int sla_forecast_new(const sla_roster *st, int64_t now, const int *channel,
                                const int *priority, const int64_t *arrival,
                                const int64_t *deadline, size_t n, int order, int samples,
                                int64_t seed, sla_forecast **ret)
{
    sla__sim m;
    sla_forecast *f = NULL;
    int64_t *cells = NULL, *col = NULL, *col2 = NULL, *blk = NULL;
    double *pick = NULL;
    size_t ns = samples > 0 ? (size_t)samples : 1, i, k;
    bool mean_mode = samples == 0;
    sla__rng g;
    int r;

    if (!ret || samples < 0)
        return SLA_EINVAL;
    if (samples > MAX_SAMPLES)
        return SLA_ELIMIT;
    r = sla__sim_setup(&m, st, now, channel, priority, arrival, deadline, n, order);
    if (r < 0) {
        sla__sim_done(&m);
        return r;
    }
    if (n > 0 && ns > MAX_CELLS / n) {
        sla__sim_done(&m);
        return SLA_ELIMIT;
    }
    f = sla__calloc(1, sizeof *f);
    cells = sla__malloc((n ? n : 1) * ns * sizeof *cells);
    col = sla__malloc((n ? n : 1) * sizeof *col);
    col2 = sla__malloc((n ? n : 1) * sizeof *col2);
    pick = sla__calloc(n ? n : 1, sizeof *pick);
    if (f) {
        f->pickup = sla__malloc((n ? n : 1) * sizeof *f->pickup);
        f->expected = sla__malloc((n ? n : 1) * sizeof *f->expected);
        f->low = sla__malloc((n ? n : 1) * sizeof *f->low);
        f->high = sla__malloc((n ? n : 1) * sizeof *f->high);
        f->p_breach = sla__malloc((n ? n : 1) * sizeof *f->p_breach);
        f->q_channel = sla__malloc((n ? n : 1) * sizeof *f->q_channel);
        f->q_priority = sla__malloc((n ? n : 1) * sizeof *f->q_priority);
        f->q_arrival = sla__malloc((n ? n : 1) * sizeof *f->q_arrival);
        f->q_deadline = sla__malloc((n ? n : 1) * sizeof *f->q_deadline);
    }
    if (!f || !cells || !col || !col2 || !pick || !f->expected || !f->low || !f->high ||
        !f->p_breach || !f->pickup || !f->q_channel || !f->q_priority || !f->q_arrival ||
        !f->q_deadline) {
        r = SLA_ENOMEM;
        goto out;
    }
    f->n = n;
    f->roster = st;
    f->now = now;
    f->seed = seed;
    f->order = order;
    f->samples = samples;
    if (n) {
        memcpy(f->q_channel, channel, n * sizeof *channel);
        memcpy(f->q_priority, priority, n * sizeof *priority);
        memcpy(f->q_arrival, arrival, n * sizeof *arrival);
        memcpy(f->q_deadline, deadline, n * sizeof *deadline);
    }
    sla__rng_seed(&g, (uint64_t)seed);
    for (k = 0; k < ns; k++) {
        /* each sample's replies go straight to its row */
        int64_t *row = &cells[k * (n ? n : 1)];
        for (int c = 0; c < SLA_CHANNEL_MAX; c++) {
            if (m.ch_first[c] == m.ch_first[c + 1])
                continue; /* no ticket: nothing to replay (no random draw either) */
            r = sla__sim_run_channel(&m, c, NULL, &g, mean_mode, row, col2);
            if (r < 0)
                goto out;
        }
        for (i = 0; i < n; i++)
            pick[i] += col2[i] == SLA__NEVER ? 0.0 : (double)(col2[i] - now);
    }
    f->expected_breaches = 0.0;
    /* Per ticket, gather its samples (in blocks of tickets, for locality). */
    blk = sla__malloc(BLOCK * ns * sizeof *blk);
    if (!blk) {
        r = SLA_ENOMEM;
        goto out;
    }
    for (i = 0; i < n; i++) {
        int64_t *v;
        if (i % BLOCK == 0) {
            size_t b, bn = n - i < BLOCK ? n - i : BLOCK;
            for (k = 0; k < ns; k++)
                for (b = 0; b < bn; b++)
                    blk[b * ns + k] = cells[k * n + i + b];
        }
        v = &blk[(i % BLOCK) * ns];
        size_t served = 0, breached = 0;
        double sum = 0.0;
        int64_t lo = INT64_MAX, hi = INT64_MIN;
        for (k = 0; k < ns; k++) {
            if (v[k] != SLA__NEVER) {
                served++;
                sum += (double)(v[k] - now);
                lo = v[k] < lo ? v[k] : lo;
                hi = v[k] > hi ? v[k] : hi;
            }
            if (v[k] > deadline[i])
                breached++;
        }
        f->p_breach[i] = (double)breached / (double)ns;
        f->expected_breaches += f->p_breach[i];
        f->expected[i] = served ? now + (int64_t)llround(sum / (double)served) : SLA_NO_TIME;
        f->pickup[i] = served ? now + (int64_t)llround(pick[i] / (double)served) : SLA_NO_TIME;
        {
            size_t k10 = (ns - 1) / 10, k90 = (ns - 1) * 9 / 10;
            select_two(v, ns, k10, k90, lo, hi, served, &f->low[i], &f->high[i]);
        }
        if (f->low[i] == SLA__NEVER)
            f->low[i] = SLA_NO_TIME;
        if (f->high[i] == SLA__NEVER)
            f->high[i] = SLA_NO_TIME;
    }
    *ret = f;
    f = NULL;
    r = 0;
out:
    sla_forecast_free(f);
    sla__free(cells);
    sla__free(col);
    sla__free(col2);
    sla__free(pick);
    sla__free(blk);
    sla__sim_done(&m);
    return r;
}

SLA_EXPORT size_t sla_forecast_count(const sla_forecast *f)
{
    return f ? f->n : 0;
}

SLA_EXPORT int sla_forecast_results(const sla_forecast *f, int64_t *ret_expected, int64_t *ret_low,
                                    int64_t *ret_high, double *ret_p_breach)
{
    if (!f)
        return SLA_EINVAL;
    if (ret_expected)
        memcpy(ret_expected, f->expected, f->n * sizeof *ret_expected);
    if (ret_low)
        memcpy(ret_low, f->low, f->n * sizeof *ret_low);
    if (ret_high)
        memcpy(ret_high, f->high, f->n * sizeof *ret_high);
    if (ret_p_breach)
        memcpy(ret_p_breach, f->p_breach, f->n * sizeof *ret_p_breach);
    return 0;
}

SLA_EXPORT int sla_forecast_pickups(const sla_forecast *f, int64_t *ret_pickup)
{
    if (!f || (f->n && !ret_pickup))
        return SLA_EINVAL;
    memcpy(ret_pickup, f->pickup, f->n * sizeof *ret_pickup);
    return 0;
}

SLA_EXPORT double sla_forecast_expected_breaches(const sla_forecast *f)
{
    return f ? f->expected_breaches : 0.0;
}

/* The 90th percentile reply of one more ticket (new_channel, new_priority,
 * new_deadline, arriving at now) joining the queue. */
static int new_ticket_p90(const sla_roster *st, int64_t now, const int *channel,
                          const int *priority, const int64_t *arrival, const int64_t *deadline,
                          size_t n, int order, int new_channel, int new_priority,
                          int64_t new_deadline, int samples, int64_t seed, int64_t *ret_high)
{
    int *ch = NULL, *pr = NULL;
    int64_t *ar = NULL, *dl = NULL;
    sla_forecast *f = NULL;
    int r;

    if (!st || (n > 0 && (!channel || !priority || !arrival || !deadline)))
        return SLA_EINVAL;
    if (n >= SIZE_MAX / sizeof(int64_t) - 1)
        return SLA_ELIMIT;
    ch = sla__malloc((n + 1) * sizeof *ch);
    pr = sla__malloc((n + 1) * sizeof *pr);
    ar = sla__malloc((n + 1) * sizeof *ar);
    dl = sla__malloc((n + 1) * sizeof *dl);
    if (!ch || !pr || !ar || !dl) {
        r = SLA_ENOMEM;
        goto out;
    }
    if (n) {
        memcpy(ch, channel, n * sizeof *ch);
        memcpy(pr, priority, n * sizeof *pr);
        memcpy(ar, arrival, n * sizeof *ar);
        memcpy(dl, deadline, n * sizeof *dl);
    }
    ch[n] = new_channel;
    pr[n] = new_priority;
    ar[n] = now;
    dl[n] = new_deadline;
    r = sla_forecast_new(st, now, ch, pr, ar, dl, n + 1, order, samples, seed, &f);
    if (r < 0)
        goto out;
    *ret_high = f->high[n];
out:
    sla_forecast_free(f);
    sla__free(ch);
    sla__free(pr);
    sla__free(ar);
    sla__free(dl);
    return r;
}

SLA_EXPORT int sla_forecast_promise(const sla_roster *st, int64_t now, const int *channel,
                                    const int *priority, const int64_t *arrival,
                                    const int64_t *deadline, size_t n, int order, int new_channel,
                                    int new_priority, int64_t new_deadline, int samples,
                                    int64_t seed, int64_t *ret_promise, int64_t *ret_high)
{
    int64_t high;
    int r;

    if (!ret_promise)
        return SLA_EINVAL;
    r = new_ticket_p90(st, now, channel, priority, arrival, deadline, n, order, new_channel,
                       new_priority, new_deadline, samples, seed, &high);
    if (r < 0)
        return r;
    *ret_promise = (high == SLA_NO_TIME || high > new_deadline) ? new_deadline : high;
    if (ret_high)
        *ret_high = high;
    return 0;
}

SLA_EXPORT int sla_forecast_promise_for(const sla_forecast *forecast, int channel, int priority,
                                        int64_t deadline, int64_t step, int64_t *ret_promise,
                                        int64_t *ret_p90, int *ret_at_risk)
{
    const sla_forecast *f = forecast;
    int64_t high, promise, due;
    int r;

    if (!f || !ret_promise || step < 0 || step > 86400)
        return SLA_EINVAL;
    if (deadline != SLA_NO_TIME && (deadline < SLA_TIME_MIN || deadline >= SLA_TIME_MAX))
        return SLA_ERANGE;
    /* No target: never due (as the tools pass it to sla_forecast_new()). */
    due = deadline == SLA_NO_TIME ? SLA_TIME_MAX - 1 : deadline;
    r = new_ticket_p90(f->roster, f->now, f->q_channel, f->q_priority, f->q_arrival,
                       f->q_deadline, f->n, f->order, channel, priority, due, f->samples, f->seed,
                       &high);
    if (r < 0)
        return r;
    promise = high;
    if (promise != SLA_NO_TIME && step > 1) {
        int64_t q = promise / step, rem = promise % step;
        if (rem != 0 && q < INT64_MAX / step)
            promise = (q + 1) * step;
        if (promise >= SLA_TIME_MAX)
            promise = high; /* no room to round up: the exact instant */
    }
    *ret_promise = promise;
    if (ret_p90)
        *ret_p90 = high;
    if (ret_at_risk)
        *ret_at_risk = high == SLA_NO_TIME || (deadline != SLA_NO_TIME && high > deadline);
    return 0;
}
