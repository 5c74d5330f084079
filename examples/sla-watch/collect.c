/*
 * sla-watch: replay the log up to --now, then collect the open clocks, the
 * per-channel counts and (for --forecast) the tickets waiting for a reply.
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) The libsla authors
 */
#include "watch.h"

#include "../common/tool-cal.h"

#include <stdlib.h>
#include <string.h>

static int cmp_row(const void *a, const void *b)
{
    const row *x = a, *y = b;
    int64_t kx = x->deadline == SLA_NO_TIME ? INT64_MAX : x->deadline;
    int64_t ky = y->deadline == SLA_NO_TIME ? INT64_MAX : y->deadline;
    if (kx != ky)
        return kx < ky ? -1 : 1;
    if (strcmp(x->ticket, y->ticket))
        return strcmp(x->ticket, y->ticket);
    return x->metric - y->metric;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of a sorted array. */
int64_t watch_percentile(const int64_t *v, size_t n, int pct)
{
    size_t rank = (size_t)((pct * n + 99) / 100);
    return v[rank ? rank - 1 : 0];
}

static void add_crossing(watch *ws, const char *ticket, int metric, int percent, int64_t at)
{
    if (ws->n_xs == ws->cap_xs) {
        crossing *nx = realloc(ws->xs, (ws->cap_xs = ws->cap_xs ? ws->cap_xs * 2 : 64) * sizeof *nx);
        if (!nx)
            tool_die("out of memory");
        ws->xs = nx;
    }
    ws->xs[ws->n_xs].ticket = ticket;
    ws->xs[ws->n_xs].metric = metric;
    ws->xs[ws->n_xs].percent = percent;
    ws->xs[ws->n_xs].at = at;
    ws->n_xs++;
}

/* Crossings of one ticket in (a, b]; those at b already listed before the
 * event at b (pre) are skipped. */
static void take_crossings(watch *ws, watch_ticket *e, int64_t a, int64_t b, size_t pre)
{
    int metric[40], percent[40];
    int64_t at[40];
    size_t n = 0, i, k;
    if (b <= a)
        return;
    if (sla_ticket_crossings(e->t, a, b, metric, percent, at, 40, &n) < 0)
        tool_die("ticket '%s': crossings failed", e->id);
    for (i = 0; i < n && i < 40; i++) {
        for (k = pre; k < ws->n_xs; k++)
            if (ws->xs[k].ticket == e->id && ws->xs[k].at == at[i] &&
                ws->xs[k].metric == metric[i] && ws->xs[k].percent == percent[i])
                break;
        if (k == ws->n_xs)
            add_crossing(ws, e->id, metric[i], percent[i], at[i]);
    }
}

/* --since: an event can end a cycle (and take its crossings with it), so a
 * ticket's crossings up to an event are taken just before it; after it,
 * those the event made at its own instant. */
static void since_hook(void *ctx, watch_ticket *e, int64_t t, int after)
{
    static size_t pre_mark;
    watch *ws = ctx;
    if (!after) {
        pre_mark = ws->n_xs;
        if (t > e->sent)
            take_crossings(ws, e, e->sent, t, ws->n_xs);
        return;
    }
    if (e->sent == 0 && e->id) /* just created */
        e->sent = ws->since;
    if (t > ws->since) {
        take_crossings(ws, e, t - 1, t, pre_mark < ws->n_xs ? pre_mark : ws->n_xs);
        e->sent = t > e->sent ? t : e->sent;
    }
    pre_mark = ws->n_xs;
}

static int cmp_crossing(const void *a, const void *b)
{
    const crossing *x = a, *y = b;
    int c;
    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    if ((c = strcmp(x->ticket, y->ticket)))
        return c;
    if (x->metric != y->metric)
        return x->metric - y->metric;
    return x->percent - y->percent;
}

void watch_replay(watch *ws)
{
    const watch_opts *o = ws->o;
    char why[256];
    size_t len = 0;
    int i;

    if (o->now_text && sla_parse_instant(ws->disp, o->now_text, &ws->now, ws->diag) < 0)
        tool_die("--now '%s': %s", o->now_text, sla_diag_message(ws->diag));
    if (o->demo && !o->events_path) {
        ws->events = watch_demo_events(o->forecast);
        len = strlen(ws->events);
    } else if (!(ws->events = tool_read_file(o->events_path, &len, why, sizeof why))) {
        tool_die("cannot read '%s': %s", o->events_path, why);
    }
    if (watch_log_init(&ws->log, ws->pol, ws->disp) < 0)
        tool_die("out of memory");
    ws->log.name = o->events_path ? o->events_path : "demo log";
    for (i = 0; i < o->n_column_args; i++)
        if (watch_log_map(&ws->log, o->column_args[i]) < 0)
            tool_usage_error("%s", ws->log.err);
    /* As of --now: the events up to and including it. */
    ws->log.as_of = o->now_text ? ws->now : SLA_NO_TIME;
    if (o->since_text) {
        if (sla_parse_instant(ws->disp, o->since_text, &ws->since, ws->diag) < 0)
            tool_usage_error("--since '%s': %s", o->since_text, sla_diag_message(ws->diag));
        ws->log.hook = since_hook;
        ws->log.hook_ctx = ws;
    }
    if (watch_log_text(&ws->log, ws->events, len) < 0) {
        const char *p = ws->log.errors ? ws->log.errors : ws->log.err;
        while (*p) {
            const char *e = strchr(p, '\n');
            size_t n = e ? (size_t)(e - p) : strlen(p);
            fprintf(stderr, "%s: %.*s\n", tool_prog, (int)n, p);
            p += n + (e != NULL);
        }
        exit(TOOL_FAIL);
    }
    if (ws->log.ignored)
        tool_warn("%s: ignored %zu event%s after --now %s (a report as of then)", ws->log.name,
                  ws->log.ignored, ws->log.ignored == 1 ? "" : "s", o->now_text);
    if (!o->now_text)
        ws->now = ws->log.last_event == SLA_NO_TIME ? 0 : ws->log.last_event;
    if (o->since_text) {
        size_t k;
        if (ws->since > ws->now)
            tool_usage_error("--since %s is after --now", o->since_text);
        /* from each ticket's last event (or --since) to now */
        for (k = 0; k < ws->log.cap; k++) {
            watch_ticket *e = &ws->log.v[k];
            if (e->id)
                take_crossings(ws, e, e->sent > ws->since ? e->sent : ws->since, ws->now,
                               ws->n_xs);
        }
        if (ws->n_xs)
            qsort(ws->xs, ws->n_xs, sizeof *ws->xs, cmp_crossing);
    }
}

void watch_collect(watch *ws)
{
    const watch_opts *o = ws->o;
    const watch_log *log = &ws->log;
    const sla_policy *pol = ws->pol;
    sla_status *st = ws->st;
    int64_t now = ws->now;
    bool forecast = o->forecast;
    row *rows = NULL;
    size_t n_rows = 0, cap_rows = 0, k;
    waiting *wait = NULL;
    size_t n_wait = 0, cap_wait = 0;
    int r;
    int nch = sla_policy_channel_count(pol);
    int64_t *achieved = calloc((size_t)nch, sizeof *achieved);
    int64_t *breached = calloc((size_t)nch, sizeof *breached);
    int64_t **frt = calloc((size_t)nch, sizeof *frt);
    size_t *n_frt = calloc((size_t)nch, sizeof *n_frt);
    size_t *unreplied = calloc((size_t)nch, sizeof *unreplied);
    int c;

    if (!achieved || !breached || !frt || !n_frt || !unreplied)
        tool_die("out of memory");
    for (k = 0; k < log->cap; k++) {
        watch_ticket *e = &log->v[k];
        int m, prio = SLA_PRIORITY_NORMAL;
        bool waits = false;
        if (!e->id)
            continue;
        int64_t next_at = SLA_NO_TIME;
        int next_metric = -1, next_percent = 0;
        r = sla_ticket_status(e->t, now, st);
        if (r < 0)
            tool_die("ticket '%s' at --now: %s", e->id, tool_strerror(r));
        if ((r = sla_ticket_next_change(e->t, now, &next_at, &next_metric, NULL, &next_percent)) < 0)
            tool_die("ticket '%s' at --now: %s", e->id, tool_strerror(r));
        sla_ticket_info(e->t, NULL, &prio, NULL, NULL, NULL);
        for (m = 0; m < SLA_METRIC_COUNT; m++) {
            int64_t v[16];
            int fl;
            bool open_reply;
            for (fl = 0; fl <= SLA_FIELD_CALENDAR_24_7; fl++)
                sla_status_get(st, m, fl, &v[fl]);
            c = (int)v[SLA_FIELD_CHANNEL];
            /* Waiting for an agent: a first or next reply clock that runs, or
             * breached and still unanswered. */
            open_reply = (m == SLA_METRIC_FIRST_REPLY || m == SLA_METRIC_NEXT_REPLY) &&
                         (v[SLA_FIELD_STATE] == SLA_CLOCK_RUNNING ||
                          (v[SLA_FIELD_STATE] == SLA_CLOCK_BREACHED &&
                           v[SLA_FIELD_FULFILLED_AT] == SLA_NO_TIME)) &&
                         v[SLA_FIELD_STARTED_AT] != SLA_NO_TIME;
            if (forecast && open_reply && !waits) {
                waiting *w;
                if (n_wait == cap_wait) {
                    waiting *nw =
                        realloc(wait, (cap_wait = cap_wait ? cap_wait * 2 : 64) * sizeof *nw);
                    if (!nw)
                        tool_die("out of memory");
                    wait = nw;
                }
                w = &wait[n_wait++];
                memset(w, 0, sizeof *w);
                w->ticket = e->id;
                w->metric = m;
                w->channel = c;
                w->priority = prio;
                w->arrival = v[SLA_FIELD_STARTED_AT];
                w->deadline = v[SLA_FIELD_TARGET] < 0 ? SLA_NO_TIME : v[SLA_FIELD_DEADLINE];
                waits = true;
            }
            if (v[SLA_FIELD_TARGET] < 0 || v[SLA_FIELD_STATE] == SLA_CLOCK_INACTIVE)
                continue;
            if (v[SLA_FIELD_STATE] == SLA_CLOCK_ACHIEVED)
                achieved[c]++;
            if (v[SLA_FIELD_STATE] == SLA_CLOCK_BREACHED)
                breached[c]++;
            /* First replies: fulfilled by an agent's reply, or by a solve without one. */
            if (m == SLA_METRIC_FIRST_REPLY && v[SLA_FIELD_FULFILLED_AT] != SLA_NO_TIME &&
                (e->replied_at == SLA_NO_TIME || e->replied_at > v[SLA_FIELD_FULFILLED_AT]))
                unreplied[c]++;
            else if (m == SLA_METRIC_FIRST_REPLY && v[SLA_FIELD_FULFILLED_AT] != SLA_NO_TIME) {
                int64_t *nv = realloc(frt[c], (n_frt[c] + 1) * sizeof *nv);
                if (!nv)
                    tool_die("out of memory");
                frt[c] = nv;
                frt[c][n_frt[c]++] = v[SLA_FIELD_ELAPSED];
            }
            if (v[SLA_FIELD_FULFILLED_AT] != SLA_NO_TIME)
                continue; /* not open */
            if (n_rows == cap_rows) {
                row *nr = realloc(rows, (cap_rows = cap_rows ? cap_rows * 2 : 64) * sizeof *nr);
                if (!nr)
                    tool_die("out of memory");
                rows = nr;
            }
            rows[n_rows].ticket = e->id;
            rows[n_rows].t = e->t;
            rows[n_rows].calendar = watch_calendar_name(ws, m, c, prio);
            rows[n_rows].counts_24_7 = (int)v[SLA_FIELD_CALENDAR_24_7];
            rows[n_rows].metric = m;
            rows[n_rows].channel = c;
            rows[n_rows].state = (int)v[SLA_FIELD_STATE];
            rows[n_rows].warned = (int)v[SLA_FIELD_WARNED];
            rows[n_rows].target = v[SLA_FIELD_TARGET];
            rows[n_rows].elapsed = v[SLA_FIELD_ELAPSED];
            rows[n_rows].remaining = v[SLA_FIELD_REMAINING];
            rows[n_rows].remaining_wall = v[SLA_FIELD_REMAINING_WALL];
            rows[n_rows].deadline = v[SLA_FIELD_DEADLINE];
            rows[n_rows].wait = -1;
            rows[n_rows].next_at = next_at;
            rows[n_rows].next_metric = next_metric;
            rows[n_rows].next_percent = next_percent;
            n_rows++;
        }
    }
    if (n_rows)
        qsort(rows, n_rows, sizeof *rows, cmp_row);
    for (c = 0; c < nch; c++)
        if (n_frt[c])
            qsort(frt[c], n_frt[c], sizeof *frt[c], cmp_i64);
    ws->rows = rows;
    ws->n_rows = n_rows;
    ws->wait = wait;
    ws->n_wait = n_wait;
    ws->nch = nch;
    ws->achieved = achieved;
    ws->breached = breached;
    ws->frt = frt;
    ws->n_frt = n_frt;
    ws->unreplied = unreplied;
}

const char *watch_calendar_name(const watch *ws, int metric, int channel, int priority)
{
    int64_t target = -1;
    const sla_calendar *cal = NULL;
    int i;
    if (sla_policy_lookup(ws->pol, metric, channel, priority, &target, &cal) < 0 || target < 0)
        return "-";
    for (i = 0; cal && i < ws->n_cals; i++)
        if (ws->cals[i].cal == cal)
            return ws->cals[i].name;
    return cal ? "?" : "24/7";
}
