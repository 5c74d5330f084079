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

SLA_EXPORT void sla_forecast_free(sla_forecast *f)
{
    if (!f)
        return;
    sla__free(f->expected);
    sla__free(f->low);
    sla__free(f->high);
    sla__free(f->p_breach);
    sla__free(f->pickup);
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
    }
    if (!f || !cells || !col || !col2 || !pick || !f->expected || !f->low || !f->high ||
        !f->p_breach || !f->pickup) {
        r = SLA_ENOMEM;
        goto out;
    }
    f->n = n;
    sla__rng_seed(&g, (uint64_t)seed);
    for (k = 0; k < ns; k++) {
        for (int c = 0; c < SLA_CHANNEL_MAX; c++) {
            r = sla__sim_run_channel(&m, c, NULL, &g, mean_mode, col, col2);
            if (r < 0)
                goto out;
        }
        memcpy(&cells[k * (n ? n : 1)], col, n * sizeof *col);
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
        for (k = 0; k < ns; k++) {
            if (v[k] != SLA__NEVER) {
                served++;
                sum += (double)(v[k] - now);
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
            f->low[i] = select_kth(v, ns, k10);
            /* after the first selection everything from k10 on is >= it */
            f->high[i] = select_kth(v + k10, ns - k10, k90 - k10);
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

SLA_EXPORT int sla_forecast_promise(const sla_roster *st, int64_t now, const int *channel,
                                    const int *priority, const int64_t *arrival,
                                    const int64_t *deadline, size_t n, int order, int new_channel,
                                    int new_priority, int64_t new_deadline, int samples,
                                    int64_t seed, int64_t *ret_promise, int64_t *ret_high)
{
    int *ch = NULL, *pr = NULL;
    int64_t *ar = NULL, *dl = NULL, high;
    sla_forecast *f = NULL;
    int r;

    if (!st || !ret_promise || (n > 0 && (!channel || !priority || !arrival || !deadline)))
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
    high = f->high[n];
    *ret_promise = (high == SLA_NO_TIME || high > new_deadline) ? new_deadline : high;
    if (ret_high)
        *ret_high = high;
out:
    sla_forecast_free(f);
    sla__free(ch);
    sla__free(pr);
    sla__free(ar);
    sla__free(dl);
    return r;
}
