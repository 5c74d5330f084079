/*
 * sla-watch --forecast: when each waiting ticket gets its reply, the extra
 * agents per shift that would prevent the breaches, and what to promise a
 * customer who writes now.
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) The libsla authors
 */
#include "watch.h"

#include "../common/tool-cal.h"

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

/* Breaches ahead (deadline after now) in the mean-value replay with @p roster;
 * the first WATCH_MAX_UNSAVED of them into @p out when not NULL. */
static size_t mean_breaches_ahead(watch *ws, const sla_roster *roster, const int *wch,
                                  const int *wpr, const int64_t *war, const int64_t *wdl,
                                  unsaved *out, size_t *n_out)
{
    size_t n = ws->n_wait, k, cnt = 0;
    int64_t *ex = xcalloc(n + 1, sizeof *ex), *pk = xcalloc(n + 1, sizeof *pk);
    sla_forecast *f = NULL;
    int r = sla_forecast_new(roster, ws->now, wch, wpr, war, wdl, n, ws->o->order, 0, 0, &f);

    if (r < 0)
        tool_die("forecast: %s", tool_strerror(r));
    sla_forecast_results(f, ex, NULL, NULL, NULL);
    sla_forecast_pickups(f, pk);
    for (k = 0; k < n; k++) {
        if (wdl[k] <= ws->now || (ex[k] != SLA_NO_TIME && ex[k] <= wdl[k]))
            continue;
        if (out && cnt < WATCH_MAX_UNSAVED) {
            out[cnt].wait = k;
            out[cnt].pickup = pk[k];
            out[cnt].reply = ex[k];
        }
        cnt++;
    }
    if (n_out)
        *n_out = cnt < WATCH_MAX_UNSAVED ? cnt : WATCH_MAX_UNSAVED;
    sla_forecast_free(f);
    free(ex);
    free(pk);
    return cnt;
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

    /* The roster was set up before --now was known: its feed holidays now. */
    watch_roster_feed_holidays(ws, ws->roster);

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
            tool_die("forecast: %s", tool_strerror(r));
        sla_forecast_results(f, ex, lo, hi, pb);
        sla_forecast_pickups(f, pk);
        expected_breaches = sla_forecast_expected_breaches(f);
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
        ws->ahead_before = mean_breaches_ahead(ws, roster, wch, wpr, war, wdl, NULL, NULL);
        r = sla_forecast_advise(roster, now, wch, wpr, war, wdl, n_wait, order, WATCH_MAX_EXTRA,
                                extra, (size_t)n_shifts, &left);
        if (r < 0)
            tool_die("advice: %s", tool_strerror(r));
        /* The breaches the advice leaves: the mean-value replay with the extra
         * agents says when each is taken and answered. */
        if (left) {
            sla_roster *more = watch_roster_with(ws, extra);
            mean_breaches_ahead(ws, more, wch, wpr, war, wdl, ws->unsaved, &ws->n_unsaved);
            sla_roster_free(more);
        }
        /* Promises: every channel with a shift, in the order first given: the
         * forecast's 90th percentile, rounded up to 5 minutes, beside the SLA. */
        for (i = 0; i < n_shift_args; i++) {
            promise *p = &proms[n_proms];
            sla_ticket *t = NULL;
            int64_t dl = SLA_NO_TIME, target = -1;
            int j, dup = 0, risk = 0;
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
            r = sla_forecast_promise_for(f, p->channel, SLA_PRIORITY_NORMAL, p->sla_deadline,
                                         WATCH_PROMISE_STEP, &p->promise, &p->p90, &risk);
            if (r < 0)
                tool_die("promise: %s", tool_strerror(r));
            p->at_risk = risk != 0;
            n_proms++;
        }
        sla_forecast_free(f);
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
