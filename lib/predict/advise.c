/* Staffing advice: the fewest extra agents per shift that remove the
 * breaches of the mean-value replay. Agents are added greedily one at a
 * time; when no single agent helps (a long backlog served in deadline
 * order), a block is searched for by doubling, then bisecting.
 * SPDX-License-Identifier: MIT */
#include <string.h>

#include "predict/simulate.h"

/* Breaches of channel ch in mean-value mode with extra agents. */
static int count_breaches(sla__sim *m, int ch, const int *extra, int64_t *col, int64_t *col2,
                          size_t *ret)
{
    sla__rng g;
    size_t i, cnt = 0;
    int r;

    sla__rng_seed(&g, 1);
    r = sla__sim_run_channel(m, ch, extra, &g, true, col, col2);
    if (r < 0)
        return r;
    for (i = m->ch_first[ch]; i < m->ch_first[ch + 1]; i++) {
        size_t t = m->by_arrival[i];
        if (m->deadline[t] > m->now && col[t] > m->deadline[t])
            cnt++;
    }
    *ret = cnt;
    return 0;
}

/* The smallest block of agents on one shift of channel ch, at most `room`,
 * that leaves fewer than `breaches` breaches: doubling from 2, then
 * bisecting. *ret_k 0 when none does; *ret_b the breaches left with it. */
static int smallest_block(sla__sim *m, int ch, size_t shift, int *extra, int room,
                          size_t breaches, int64_t *col, int64_t *col2, int *ret_k, size_t *ret_b)
{
    int lo = 1, hi = 2, r;
    size_t b = breaches, best_b = breaches;

    *ret_k = 0;
    for (;;) {
        if (hi > room)
            hi = room;
        if (hi <= lo)
            return 0;
        extra[shift] += hi;
        r = count_breaches(m, ch, extra, col, col2, &b);
        extra[shift] -= hi;
        if (r < 0)
            return r;
        if (b < breaches)
            break;
        if (hi == room)
            return 0;
        lo = hi;
        hi *= 2;
    }
    best_b = b;
    /* lo agents do not help, hi do: bisect to the fewest that do. */
    while (hi - lo > 1) {
        int mid = lo + (hi - lo) / 2;
        extra[shift] += mid;
        r = count_breaches(m, ch, extra, col, col2, &b);
        extra[shift] -= mid;
        if (r < 0)
            return r;
        if (b < breaches) {
            hi = mid;
            best_b = b;
        } else {
            lo = mid;
        }
    }
    *ret_k = hi;
    *ret_b = best_b;
    return 0;
}

SLA_EXPORT int sla_forecast_advise(const sla_roster *st, int64_t now, const int *channel,
                                   const int *priority, const int64_t *arrival,
                                   const int64_t *deadline, size_t n, int order, int max_extra,
                                   int *ret_extra, size_t n_extra, size_t *ret_remaining)
{
    sla__sim m;
    int64_t *col = NULL, *col2 = NULL;
    int *extra = NULL;
    size_t total_left = 0;
    int r, used = 0;

    if (!ret_extra || max_extra < 0 || max_extra > 10000)
        return SLA_EINVAL;
    r = sla__sim_setup(&m, st, now, channel, priority, arrival, deadline, n, order);
    if (r < 0)
        goto out;
    if (n_extra != st->n_shifts) {
        r = SLA_EINVAL;
        goto out;
    }
    col = sla__malloc((n ? n : 1) * sizeof *col);
    col2 = sla__malloc((n ? n : 1) * sizeof *col2);
    extra = sla__calloc(st->n_shifts ? st->n_shifts : 1, sizeof *extra);
    if (!col || !col2 || !extra) {
        r = SLA_ENOMEM;
        goto out;
    }
    for (int ch = 0; ch < SLA_CHANNEL_MAX; ch++) {
        size_t breaches;
        if (m.ch_first[ch] == m.ch_first[ch + 1])
            continue;
        r = count_breaches(&m, ch, extra, col, col2, &breaches);
        if (r < 0)
            goto out;
        /* Greedy: one agent at a time, to the shift that removes the most
         * breaches (the earliest shift among equals). */
        while (breaches > 0 && used < max_extra) {
            size_t best = SIZE_MAX, best_b = breaches, i;
            for (i = 0; i < st->n_shifts; i++) {
                size_t b;
                if (st->shifts[i].channel != ch)
                    continue;
                extra[i]++;
                r = count_breaches(&m, ch, extra, col, col2, &b);
                extra[i]--;
                if (r < 0)
                    goto out;
                if (b < best_b) {
                    best_b = b;
                    best = i;
                }
            }
            if (best == SIZE_MAX) {
                /* No single agent helps: the smallest block that does, over
                 * the channel's shifts (the earliest shift among equals). */
                int best_k = 0;
                for (i = 0; i < st->n_shifts; i++) {
                    int k;
                    size_t b;
                    if (st->shifts[i].channel != ch)
                        continue;
                    r = smallest_block(&m, ch, i, extra, max_extra - used, breaches, col, col2,
                                       &k, &b);
                    if (r < 0)
                        goto out;
                    if (k > 0 && (best_k == 0 || k < best_k || (k == best_k && b < best_b))) {
                        best_k = k;
                        best_b = b;
                        best = i;
                    }
                }
                if (best_k == 0)
                    break; /* no number of agents within max_extra helps */
                extra[best] += best_k;
                used += best_k;
                breaches = best_b;
                continue;
            }
            extra[best]++;
            used++;
            breaches = best_b;
        }
        total_left += breaches;
    }
    memcpy(ret_extra, extra, st->n_shifts * sizeof *extra);
    if (ret_remaining)
        *ret_remaining = total_left;
    r = 0;
out:
    sla__free(col);
    sla__free(col2);
    sla__free(extra);
    sla__sim_done(&m);
    return r;
}
