/*
 * sla-watch: the report as a table (for a person), CSV or JSON.
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) The libsla authors
 */
#include "watch.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void fmt_dur(int64_t d, char *buf, size_t size)
{
    if (sla_format_duration(d, buf, size) < 0)
        snprintf(buf, size, "?");
}

static void fmt_time(const sla_calendar *cal, int64_t t, char *buf, size_t size)
{
    if (t == SLA_NO_TIME || sla_format_instant(cal, t, buf, size) < 0)
        snprintf(buf, size, "-");
}

/* "04-16 08:15": month, day and minute in the display zone; "never". */
static void fmt_short(const sla_calendar *cal, int64_t t, char *buf, size_t size)
{
    char full[64];
    if (t == SLA_NO_TIME || t >= SLA_TIME_MAX - 1) {
        snprintf(buf, size, "never");
        return;
    }
    if (sla_format_instant(cal, t, full, sizeof full) < 0 || strlen(full) < 16) {
        snprintf(buf, size, "?");
        return;
    }
    snprintf(buf, size, "%.5s %.5s", full + 5, full + 11);
}

/* "04-16 08:15 first_reply 50%", "... resolution breach", "-". */
static void fmt_next(const watch *ws, int64_t at, int metric, int percent, char *buf, size_t size)
{
    char t[32];
    if (at == SLA_NO_TIME || metric < 0) {
        snprintf(buf, size, "-");
        return;
    }
    fmt_short(ws->disp, at, t, sizeof t);
    if (percent == SLA_BREACH_PERCENT)
        snprintf(buf, size, "%s %s breach", t, sla_metric_name(metric));
    else
        snprintf(buf, size, "%s %s %d%%", t, sla_metric_name(metric), percent);
}

static void print_crossings_table(const watch *ws, const char *bold, const char *reset)
{
    char since[64], at[64];
    size_t k;
    fmt_time(ws->disp, ws->since, since, sizeof since);
    printf("\n%sCrossed since %s%s (%zu)\n", bold, since, reset, ws->n_xs);
    printf("%-25s %-10s %-16s %s\n", "AT", "TICKET", "METRIC", "THRESHOLD");
    for (k = 0; k < ws->n_xs; k++) {
        const crossing *x = &ws->xs[k];
        char th[16];
        fmt_time(ws->disp, x->at, at, sizeof at);
        if (x->percent == SLA_BREACH_PERCENT)
            snprintf(th, sizeof th, "breach");
        else
            snprintf(th, sizeof th, "%d%%", x->percent);
        printf("%-25s %-10s %-16s %s\n", at, x->ticket, sla_metric_name(x->metric), th);
    }
}

void watch_print_table(const watch *ws)
{
    const watch_opts *o = ws->o;
    const sla_policy *pol = ws->pol;
    const sla_calendar *disp = ws->disp;
    const sla_roster *roster = ws->roster;
    int64_t now = ws->now;
    bool forecast = o->forecast;
    int order = o->order, samples = o->samples, n_shift_args = o->n_shift_args, nch = ws->nch;
    long long seed = o->seed;
    const shift_opt *shifts = o->shifts;
    const row *rows = ws->rows;
    const waiting *wait = ws->wait;
    const promise *proms = ws->proms;
    size_t n_rows = ws->n_rows, n_wait = ws->n_wait, left = ws->left, k;
    int n_proms = ws->n_proms, c, i;
    const int *extra = ws->extra;
    const int64_t *achieved = ws->achieved, *breached = ws->breached;
    int64_t *const *frt = ws->frt;
    const size_t *n_frt = ws->n_frt;
    double expected_breaches = ws->expected_breaches;
    const char *bold = "", *red = "", *yellow = "", *green = "", *reset = "";
    char nowbuf[64];

    if (isatty(STDOUT_FILENO) && !getenv("NO_COLOR")) {
        bold = "\033[1m";
        red = "\033[31m";
        yellow = "\033[33m";
        green = "\033[32m";
        reset = "\033[0m";
    }
    fmt_time(disp, now, nowbuf, sizeof nowbuf);
    printf("%sOpen clocks at %s%s (%zu)\n", bold, nowbuf, reset, n_rows);
    printf("%-3s %-10s %-16s %-9s %-9s %8s %8s %9s %10s  %-25s  %s\n", "", "TICKET", "METRIC",
           "CHANNEL", "STATE", "TARGET", "ELAPSED", "REMAINING", "WALL LEFT", "DEADLINE",
           "NEXT CHANGE (TICKET)");
    for (k = 0; k < n_rows; k++) {
        const row *w = &rows[k];
        char tg[32], el[32], rem[32], wl[32], dl[64], nx[96];
        const char *mark = w->state == SLA_CLOCK_BREACHED ? "!!" : w->warned ? "!" : "";
        const char *col = w->state == SLA_CLOCK_BREACHED ? red : w->warned ? yellow : "";
        fmt_dur(w->target, tg, sizeof tg);
        fmt_dur(w->elapsed, el, sizeof el);
        fmt_dur(w->remaining, rem, sizeof rem);
        fmt_dur(w->remaining_wall, wl, sizeof wl);
        fmt_time(disp, w->deadline, dl, sizeof dl);
        fmt_next(ws, w->next_at, w->next_metric, w->next_percent, nx, sizeof nx);
        printf("%s%-3s %-10s %-16s %-9s %-9s %8s %8s %9s %10s  %-25s  %s%s\n", col, mark,
               w->ticket, sla_metric_name(w->metric), sla_policy_channel_name(pol, w->channel),
               sla_clock_state_name(w->state), tg, el, rem, wl, dl, nx, *col ? reset : "");
    }
    if (o->since_text)
        print_crossings_table(ws, bold, reset);
    printf("\n%sBy channel%s (first reply in business time)\n", bold, reset);
    printf("%-10s %9s %9s %12s %12s %8s\n", "CHANNEL", "ACHIEVED", "BREACHED", "FRT MEDIAN",
           "FRT P90", "REPLIED");
    for (c = 0; c < nch; c++) {
        char med[32] = "-", p90[32] = "-";
        if (!achieved[c] && !breached[c] && !n_frt[c])
            continue;
        if (n_frt[c]) {
            fmt_dur(watch_percentile(frt[c], n_frt[c], 50), med, sizeof med);
            fmt_dur(watch_percentile(frt[c], n_frt[c], 90), p90, sizeof p90);
        }
        printf("%-10s %9lld %9lld %12s %12s %8zu\n", sla_policy_channel_name(pol, c),
               (long long)achieved[c], (long long)breached[c], med, p90, n_frt[c]);
    }
    printf("\n!! breached   ! past a warning threshold\n");
    if (forecast) {
        int late = 0, n_shifts = sla_roster_shift_count(roster);
        for (k = 0; k < n_wait; k++)
            late += wait[k].deadline != SLA_NO_TIME && now > wait[k].deadline;
        printf("\n%sForecast%s: %zu tickets waiting for a reply; %s", bold, reset, n_wait,
               watch_order_text[order]);
        if (samples)
            printf(", %d simulated replays (seed %lld)\n", samples, seed);
        else
            printf(", mean-value replay\n");
        printf("Times are local (%s), MM-DD HH:MM.\n", disp ? sla_calendar_zone(disp) : "UTC");
        printf("Expected breaches: %s%.1f%s of %zu (%d already late)\n",
               expected_breaches >= 0.5 ? red : green, expected_breaches, reset, n_wait, late);
        printf("%-3s %-10s %-9s %-8s %-11s %-11s  %-25s %7s\n", "", "TICKET", "CHANNEL", "PRIORITY",
               "WAITING", "DUE", "REPLY (P10 - P90)", "BREACH");
        for (k = 0; k < n_wait; k++) {
            const waiting *w = &wait[k];
            char due[32], lo[32], hi[32], range[80];
            bool is_late = w->deadline != SLA_NO_TIME && now > w->deadline;
            const char *mark = is_late ? "!!" : w->p_breach >= 0.5 ? "!" : "";
            const char *col = is_late || w->p_breach >= 0.5 ? red
                              : w->p_breach >= 0.1          ? yellow
                                                            : "";
            fmt_short(disp, w->deadline, due, sizeof due);
            fmt_short(disp, w->low, lo, sizeof lo);
            fmt_short(disp, w->high, hi, sizeof hi);
            if (w->low == SLA_NO_TIME && w->high == SLA_NO_TIME)
                snprintf(range, sizeof range, "never");
            else
                snprintf(range, sizeof range, "%s - %s", lo, hi);
            printf("%s%-3s %-10s %-9s %-8s %-11s %-11s  %-25s %5.0f %%%s\n", col, mark, w->ticket,
                   sla_policy_channel_name(pol, w->channel), sla_priority_name(w->priority),
                   w->metric == SLA_METRIC_FIRST_REPLY ? "first_reply" : "next_reply", due, range,
                   100.0 * w->p_breach, *col ? reset : "");
        }
        printf("\n!! already late   ! more likely than not to breach\n");
        printf("\n%sStaffing advice%s: extra agents per shift that would avoid the "
               "breaches still ahead\n",
               bold, reset);
        printf("%-3s %-9s %-7s %-28s %6s\n", "#", "CHANNEL", "AGENTS", "HOURS", "EXTRA");
        for (i = 0; i < n_shifts && i < n_shift_args; i++) {
            char ag[32];
            if (shifts[i].concurrency > 1)
                snprintf(ag, sizeof ag, "%dx%d", shifts[i].agents, shifts[i].concurrency);
            else
                snprintf(ag, sizeof ag, "%d", shifts[i].agents);
            printf("%-3d %-9s %-7s %-28s %s%+6d%s\n", i + 1,
                   sla_policy_channel_name(pol, shifts[i].ch), ag, shifts[i].hours,
                   extra[i] ? bold : "", extra[i], extra[i] ? reset : "");
        }
        printf("Breaches ahead that no extra agent prevents: %zu (plus %d already late)\n", left,
               late);
        printf("\n%sWhat to promise a customer who writes now%s (normal priority)\n", bold, reset);
        printf("%-9s %-12s %-13s %s\n", "CHANNEL", "SLA DUE", "FORECAST P90", "PROMISE");
        for (i = 0; i < n_proms; i++) {
            const promise *p = &proms[i];
            char dl[32], p90[32], pr[32];
            fmt_short(disp, p->sla_deadline, dl, sizeof dl);
            fmt_short(disp, p->p90, p90, sizeof p90);
            fmt_short(disp, p->promise, pr, sizeof pr);
            printf("%-9s %-12s %-13s %s%s%s%s\n", sla_policy_channel_name(pol, p->channel),
                   p->sla_deadline == SLA_NO_TIME ? "no target" : dl, p90, bold, pr, reset,
                   p->at_risk ? "  (at risk: the forecast is later than the SLA)" : "");
        }
    }
}

void watch_print_csv(const watch *ws)
{
    const watch_opts *o = ws->o;
    const sla_policy *pol = ws->pol;
    int64_t now = ws->now;
    bool forecast = o->forecast;
    int order = o->order, samples = o->samples, n_shift_args = o->n_shift_args;
    long long seed = o->seed;
    const shift_opt *shifts = o->shifts;
    const row *rows = ws->rows;
    const waiting *wait = ws->wait;
    const promise *proms = ws->proms;
    size_t n_rows = ws->n_rows, n_wait = ws->n_wait, left = ws->left, k;
    int n_proms = ws->n_proms, i;
    const int *extra = ws->extra;
    double expected_breaches = ws->expected_breaches;
    printf("ticket,metric,channel,state,warned,target,elapsed,remaining,remaining_wall,"
           "deadline,next_change,next_metric,next_threshold\n");
    for (k = 0; k < n_rows; k++) {
        const row *w = &rows[k];
        csv_field(stdout, w->ticket);
        printf(",%s,%s,%s,%d,%lld,%lld,%lld,%lld,%lld,%lld,%s,%d\n", sla_metric_name(w->metric),
               sla_policy_channel_name(pol, w->channel), sla_clock_state_name(w->state), w->warned,
               (long long)w->target, (long long)w->elapsed, (long long)w->remaining,
               (long long)w->remaining_wall, (long long)w->deadline, (long long)w->next_at,
               w->next_metric < 0 ? "" : sla_metric_name(w->next_metric), w->next_percent);
    }
    if (o->since_text) {
        printf("\nat,ticket,metric,threshold\n");
        for (k = 0; k < ws->n_xs; k++) {
            printf("%lld,", (long long)ws->xs[k].at);
            csv_field(stdout, ws->xs[k].ticket);
            printf(",%s,%d\n", sla_metric_name(ws->xs[k].metric), ws->xs[k].percent);
        }
    }
    if (forecast) {
        printf("\nticket,metric,channel,priority,arrival,deadline,reply_expected,"
               "reply_low,reply_high,pickup,p_breach\n");
        for (k = 0; k < n_wait; k++) {
            const waiting *w = &wait[k];
            csv_field(stdout, w->ticket);
            printf(",%s,%s,%s,%lld,%lld,%lld,%lld,%lld,%lld,%.4f\n", sla_metric_name(w->metric),
                   sla_policy_channel_name(pol, w->channel), sla_priority_name(w->priority),
                   (long long)w->arrival, (long long)w->deadline, (long long)w->expected,
                   (long long)w->low, (long long)w->high, (long long)w->pickup, w->p_breach);
        }
        printf("\nshift,channel,hours,agents,concurrency,extra_agents\n");
        for (i = 0; i < n_shift_args; i++) {
            printf("%d,%s,", i + 1, sla_policy_channel_name(pol, shifts[i].ch));
            csv_field(stdout, shifts[i].hours);
            printf(",%d,%d,%d\n", shifts[i].agents, shifts[i].concurrency, extra[i]);
        }
        printf("\nchannel,priority,sla_deadline,forecast_p90,promise,at_risk\n");
        for (i = 0; i < n_proms; i++)
            printf("%s,normal,%lld,%lld,%lld,%d\n", sla_policy_channel_name(pol, proms[i].channel),
                   (long long)proms[i].sla_deadline, (long long)proms[i].p90,
                   (long long)proms[i].promise, proms[i].at_risk);
        printf("\nnow,order,samples,seed,waiting,expected_breaches,breaches_left\n");
        printf("%lld,%s,%d,%lld,%zu,%.4f,%zu\n", (long long)now, watch_order_names[order], samples,
               seed, n_wait, expected_breaches, left);
    }
}

void watch_print_json(const watch *ws)
{
    const watch_opts *o = ws->o;
    const sla_policy *pol = ws->pol;
    const sla_calendar *disp = ws->disp;
    int64_t now = ws->now;
    bool forecast = o->forecast;
    int order = o->order, samples = o->samples, n_shift_args = o->n_shift_args, nch = ws->nch;
    long long seed = o->seed;
    const shift_opt *shifts = o->shifts;
    const row *rows = ws->rows;
    const waiting *wait = ws->wait;
    const promise *proms = ws->proms;
    size_t n_rows = ws->n_rows, n_wait = ws->n_wait, left = ws->left, k;
    int n_proms = ws->n_proms, c, i;
    const int *extra = ws->extra;
    const int64_t *achieved = ws->achieved, *breached = ws->breached;
    int64_t *const *frt = ws->frt;
    const size_t *n_frt = ws->n_frt;
    double expected_breaches = ws->expected_breaches;
    printf("{\"now\":%lld,\"open\":[", (long long)now);
    for (k = 0; k < n_rows; k++) {
        const row *w = &rows[k];
        printf("%s\n{\"ticket\":", k ? "," : "");
        json_string(stdout, w->ticket);
        printf(",\"metric\":\"%s\",\"channel\":", sla_metric_name(w->metric));
        json_string(stdout, sla_policy_channel_name(pol, w->channel));
        printf(",\"state\":\"%s\",\"warned\":%d,\"target\":%lld,\"elapsed\":%lld,"
               "\"remaining\":%lld,\"remaining_wall\":%lld,\"deadline\":%lld,"
               "\"next_change\":%lld,\"next_metric\":",
               sla_clock_state_name(w->state), w->warned, (long long)w->target,
               (long long)w->elapsed, (long long)w->remaining, (long long)w->remaining_wall,
               (long long)w->deadline, (long long)w->next_at);
        if (w->next_metric < 0)
            printf("null");
        else
            printf("\"%s\"", sla_metric_name(w->next_metric));
        printf(",\"next_threshold\":%d}", w->next_percent);
    }
    printf("]");
    if (o->since_text) {
        printf(",\n\"since\":%lld,\"crossings\":[", (long long)ws->since);
        for (k = 0; k < ws->n_xs; k++) {
            printf("%s\n{\"at\":%lld,\"ticket\":", k ? "," : "", (long long)ws->xs[k].at);
            json_string(stdout, ws->xs[k].ticket);
            printf(",\"metric\":\"%s\",\"threshold\":%d}", sla_metric_name(ws->xs[k].metric),
                   ws->xs[k].percent);
        }
        printf("]");
    }
    printf(",\n\"channels\":[");
    for (c = 0, i = 0; c < nch; c++) {
        if (!achieved[c] && !breached[c] && !n_frt[c])
            continue;
        printf("%s\n{\"channel\":", i++ ? "," : "");
        json_string(stdout, sla_policy_channel_name(pol, c));
        printf(",\"achieved\":%lld,\"breached\":%lld,\"first_reply_median\":%lld,"
               "\"first_reply_p90\":%lld,\"replied\":%zu}",
               (long long)achieved[c], (long long)breached[c],
               n_frt[c] ? (long long)watch_percentile(frt[c], n_frt[c], 50) : -1LL,
               n_frt[c] ? (long long)watch_percentile(frt[c], n_frt[c], 90) : -1LL, n_frt[c]);
    }
    printf("]");
    if (forecast) {
        printf(",\n\"forecast\":{\"order\":\"%s\",\"samples\":%d,\"seed\":%lld,"
               "\"zone\":",
               watch_order_names[order], samples, seed);
        json_string(stdout, sla_calendar_zone(disp) ? sla_calendar_zone(disp) : "UTC");
        printf(",\"expected_breaches\":%.4f,\"tickets\":[", expected_breaches);
        for (k = 0; k < n_wait; k++) {
            const waiting *w = &wait[k];
            printf("%s\n{\"ticket\":", k ? "," : "");
            json_string(stdout, w->ticket);
            printf(",\"metric\":\"%s\",\"channel\":", sla_metric_name(w->metric));
            json_string(stdout, sla_policy_channel_name(pol, w->channel));
            printf(",\"priority\":\"%s\",\"arrival\":%lld,\"deadline\":%lld,"
                   "\"late\":%s,\"reply_expected\":%lld,\"reply_low\":%lld,"
                   "\"reply_high\":%lld,\"pickup\":%lld,\"p_breach\":%.4f}",
                   sla_priority_name(w->priority), (long long)w->arrival, (long long)w->deadline,
                   w->deadline != SLA_NO_TIME && now > w->deadline ? "true" : "false",
                   (long long)w->expected, (long long)w->low, (long long)w->high,
                   (long long)w->pickup, w->p_breach);
        }
        printf("],\n\"advice\":{\"breaches_left\":%zu,\"shifts\":[", left);
        for (i = 0; i < n_shift_args; i++) {
            printf("%s\n{\"channel\":", i ? "," : "");
            json_string(stdout, sla_policy_channel_name(pol, shifts[i].ch));
            printf(",\"hours\":");
            json_string(stdout, shifts[i].hours);
            printf(",\"agents\":%d,\"concurrency\":%d,\"extra_agents\":%d}", shifts[i].agents,
                   shifts[i].concurrency, extra[i]);
        }
        printf("]},\n\"promises\":[");
        for (i = 0; i < n_proms; i++) {
            printf("%s\n{\"channel\":", i ? "," : "");
            json_string(stdout, sla_policy_channel_name(pol, proms[i].channel));
            printf(",\"priority\":\"normal\",\"sla_deadline\":%lld,\"forecast_p90\":%lld,"
                   "\"promise\":%lld,\"at_risk\":%s}",
                   (long long)proms[i].sla_deadline, (long long)proms[i].p90,
                   (long long)proms[i].promise, proms[i].at_risk ? "true" : "false");
        }
        printf("]}");
    }
    printf("}\n");
}
