/* Staffing advice: the fewest extra agents per shift, added greedily one at
 * a time, that remove the breaches of the mean-value replay.
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
            if (best == SIZE_MAX)
                break; /* no single agent helps: the rest cannot be avoided */
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
