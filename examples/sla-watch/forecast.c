/*
 * sla-watch --forecast: when each waiting ticket gets its reply, the extra
 * agents per shift that would prevent the breaches, and what to promise a
 * customer who writes now.
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) The libsla authors
 */
#include "watch.h"

#include <stdlib.h>
#include <string.h>

static int cmp_waiting(const void *a, const void *b)
{
    const waiting *x = a, *y = b;
    int64_t kx = x->deadline == SLA_NO_TIME ? INT64_MAX : x->deadline;
    int64_t ky = y->deadline == SLA_NO_TIME ? INT64_MAX : y->deadline;
    if (kx != ky)
        return kx < ky ? -1 : 1;
    if (x->arrival != y->arrival)
        return x->arrival < y->arrival ? -1 : 1;
    return strcmp(x->ticket, y->ticket);
}

void watch_forecast(watch *ws)
{
    const watch_opts *o = ws->o;
    const sla_policy *pol = ws->pol;
    sla_roster *roster = ws->roster;
    sla_status *st = ws->st;
    int64_t now = ws->now;
    int order = o->order, samples = o->samples, n_shift_args = o->n_shift_args;
    long long seed = o->seed;
    const shift_opt *shifts = o->shifts;
    waiting *wait = ws->wait;
    size_t n_wait = ws->n_wait, k;
    row *rows = ws->rows;
    size_t n_rows = ws->n_rows;
    promise *proms = ws->proms;
    int n_proms = 0, *extra = NULL, i, r;
    size_t left = 0;
    double expected_breaches = 0.0;

    /* The forecast, the advice and the promises. */
    {
        int *wch = calloc(n_wait + 1, sizeof *wch), *wpr = calloc(n_wait + 1, sizeof *wpr);
        int64_t *war = calloc(n_wait + 1, sizeof *war), *wdl = calloc(n_wait + 1, sizeof *wdl);
        int64_t *ex = calloc(n_wait + 1, sizeof *ex), *lo = calloc(n_wait + 1, sizeof *lo);
        int64_t *hi = calloc(n_wait + 1, sizeof *hi), *pk = calloc(n_wait + 1, sizeof *pk);
        double *pb = calloc(n_wait + 1, sizeof *pb);
        int n_shifts = sla_roster_shift_count(roster);
        sla_forecast *f = NULL;

        if (!wch || !wpr || !war || !wdl || !ex || !lo || !hi || !pk || !pb)
            tool_die("out of memory");
        if (n_wait)
            qsort(wait, n_wait, sizeof *wait, cmp_waiting);
        for (k = 0; k < n_wait; k++) {
            wch[k] = wait[k].channel;
            wpr[k] = wait[k].priority;
            war[k] = wait[k].arrival;
            /* no target: never due */
            wdl[k] = wait[k].deadline == SLA_NO_TIME ? SLA_TIME_MAX - 1 : wait[k].deadline;
        }
        r = sla_forecast_new(roster, now, wch, wpr, war, wdl, n_wait, order, samples, (int64_t)seed,
                             &f);
        if (r < 0)
            tool_die("forecast: %s", sla_strerror(r));
        sla_forecast_results(f, ex, lo, hi, pb);
        sla_forecast_pickups(f, pk);
        expected_breaches = sla_forecast_expected_breaches(f);
        sla_forecast_free(f);
        for (k = 0; k < n_wait; k++) {
            wait[k].expected = ex[k];
            wait[k].low = lo[k];
            wait[k].high = hi[k];
            wait[k].pickup = pk[k];
            wait[k].p_breach = pb[k];
        }
        /* Link the open-clock rows to their forecast. */
        for (k = 0; k < n_rows; k++) {
            size_t j;
            for (j = 0; j < n_wait; j++)
                if (wait[j].ticket == rows[k].ticket && wait[j].metric == rows[k].metric)
                    rows[k].wait = (int)j;
        }
        extra = calloc((size_t)n_shifts + 1, sizeof *extra);
        if (!extra)
            tool_die("out of memory");
        r = sla_forecast_advise(roster, now, wch, wpr, war, wdl, n_wait, order, 100, extra,
                                (size_t)n_shifts, &left);
        if (r < 0)
            tool_die("advice: %s", sla_strerror(r));
        /* Promises: every channel with a shift, in the order first given. */
        for (i = 0; i < n_shift_args; i++) {
            promise *p = &proms[n_proms];
            sla_ticket *t = NULL;
            int64_t dl = SLA_NO_TIME, target = -1, newdl;
            int j, dup = 0;
            for (j = 0; j < n_proms; j++)
                dup |= proms[j].channel == shifts[i].ch;
            if (dup)
                continue;
            p->channel = shifts[i].ch;
            if (sla_ticket_new(pol, now, p->channel, SLA_PRIORITY_NORMAL, &t) == 0 &&
                sla_ticket_status(t, now, st) == 0) {
                sla_status_get(st, SLA_METRIC_FIRST_REPLY, SLA_FIELD_TARGET, &target);
                sla_status_get(st, SLA_METRIC_FIRST_REPLY, SLA_FIELD_DEADLINE, &dl);
            }
            sla_ticket_free(t);
            p->sla_deadline = target < 0 ? SLA_NO_TIME : dl;
            newdl = p->sla_deadline == SLA_NO_TIME ? SLA_TIME_MAX - 1 : p->sla_deadline;
            r = sla_forecast_promise(roster, now, wch, wpr, war, wdl, n_wait, order, p->channel,
                                     SLA_PRIORITY_NORMAL, newdl, samples, (int64_t)seed,
                                     &p->promise, &p->p90);
            if (r < 0)
                tool_die("promise: %s", sla_strerror(r));
            if (p->promise >= SLA_TIME_MAX - 1)
                p->promise = SLA_NO_TIME;
            p->at_risk = p->p90 == SLA_NO_TIME ||
                         (p->sla_deadline != SLA_NO_TIME && p->p90 > p->sla_deadline);
            n_proms++;
        }
        free(wch);
        free(wpr);
        free(war);
        free(wdl);
        free(ex);
        free(lo);
        free(hi);
        free(pk);
        free(pb);
    }
    ws->n_proms = n_proms;
    ws->extra = extra;
    ws->left = left;
    ws->expected_breaches = expected_breaches;
}
