/*
 * sla-watch: the report as tables for a person (column widths from the
 * data, the year shown when it differs from --now's), as CSV (every table:
 * one file with a `table` column, or one file per table with --output-dir;
 * epoch seconds with ISO 8601 instants beside them), or as JSON.
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) The libsla authors
 */
#include "watch.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../common/table.h"

static void fmt_dur(int64_t d, char *buf, size_t size)
{
    if (sla_format_duration(d, buf, size) < 0)
        snprintf(buf, size, "?");
}

/* RFC 3339 in the report's zone; "" for no time or never. */
static void fmt_iso(const sla_calendar *cal, int64_t t, char *buf, size_t size)
{
    if (t == SLA_NO_TIME || t >= SLA_TIME_MAX - 1 || sla_format_instant(cal, t, buf, size) < 0)
        snprintf(buf, size, "%s", "");
}

static void fmt_time(const sla_calendar *cal, int64_t t, char *buf, size_t size)
{
    fmt_iso(cal, t, buf, size);
    if (!buf[0])
        snprintf(buf, size, "-");
}

/* "04-16 08:15" in the report's zone, "2011-04-16 08:15" when the year is
 * not that of now; "never" or "-". */
static void fmt_short(const watch *ws, int64_t t, char *buf, size_t size)
{
    char full[64], nowbuf[64];
    if (t >= SLA_TIME_MAX - 1) {
        snprintf(buf, size, "never");
        return;
    }
    if (t == SLA_NO_TIME) {
        snprintf(buf, size, "-");
        return;
    }
    if (sla_format_instant(ws->disp, t, full, sizeof full) < 0 || strlen(full) < 16 ||
        sla_format_instant(ws->disp, ws->now, nowbuf, sizeof nowbuf) < 0) {
        snprintf(buf, size, "?");
        return;
    }
    if (strncmp(full, nowbuf, 4) == 0)
        snprintf(buf, size, "%.5s %.5s", full + 5, full + 11);
    else
        snprintf(buf, size, "%.10s %.5s", full, full + 11);
}

/* "04-16 08:15 first_reply 50%", "... resolution breach", "-". */
static void fmt_next(const watch *ws, int64_t at, int metric, int percent, char *buf, size_t size)
{
    char t[32];
    if (at == SLA_NO_TIME || metric < 0) {
        snprintf(buf, size, "-");
        return;
    }
    fmt_short(ws, at, t, sizeof t);
    if (percent == SLA_BREACH_PERCENT)
        snprintf(buf, size, "%s %s breach", t, sla_metric_name(metric));
    else
        snprintf(buf, size, "%s %s %d%%", t, sla_metric_name(metric), percent);
}

static const char *channel_name(const watch *ws, int c)
{
    return sla_policy_channel_name(ws->pol, c);
}

static bool channel_seen(const watch *ws, int c)
{
    return ws->achieved[c] || ws->breached[c] || ws->n_frt[c] || ws->unreplied[c];
}

static const char *zone_of(const watch *ws)
{
    return ws->disp ? sla_calendar_zone(ws->disp) : "UTC";
}

static int late_count(const watch *ws)
{
    size_t k;
    int late = 0;
    for (k = 0; k < ws->n_wait; k++)
        late += ws->wait[k].deadline != SLA_NO_TIME && ws->now > ws->wait[k].deadline;
    return late;
}

/* ---- tables for a person --------------------------------------------------- */

typedef struct {
    const char *bold, *red, *yellow, *green, *reset;
} colours;

static void open_table(const watch *ws, const colours *k, tool_table *t)
{
    size_t i;
    tool_table_init(t, "open",
                    "|TICKET|METRIC|CHANNEL|CALENDAR|STATE|>TARGET|>ELAPSED|"
                    ">REMAINING|>WALL LEFT|DEADLINE|NEXT CHANGE (TICKET)");
    for (i = 0; i < ws->n_rows; i++) {
        const row *w = &ws->rows[i];
        char tg[32], el[32], rem[32], wl[32], dl[64], nx[96];
        bool br = w->state == SLA_CLOCK_BREACHED;
        fmt_dur(w->target, tg, sizeof tg);
        fmt_dur(w->elapsed, el, sizeof el);
        fmt_dur(w->remaining, rem, sizeof rem);
        fmt_dur(w->remaining_wall, wl, sizeof wl);
        fmt_time(ws->disp, w->deadline, dl, sizeof dl);
        tool_table_row(t, br ? k->red : w->warned ? k->yellow : "");
        tool_table_cell(t, "%s", br ? "!!" : w->warned ? "!" : "");
        tool_table_cell(t, "%s", w->ticket);
        tool_table_cell(t, "%s", sla_metric_name(w->metric));
        tool_table_cell(t, "%s", channel_name(ws, w->channel));
        tool_table_cell(t, "%s", w->calendar);
        tool_table_cell(t, "%s", sla_clock_state_name(w->state));
        tool_table_cell(t, "%s", tg);
        tool_table_cell(t, "%s", el);
        tool_table_cell(t, "%s", rem);
        tool_table_cell(t, "%s", wl);
        tool_table_cell(t, "%s", dl);
        fmt_next(ws, w->next_at, w->next_metric, w->next_percent, nx, sizeof nx);
        tool_table_cell(t, "%s", nx);
    }
}

/* sla-watch --since: every warning and breach crossed in (since, now]. */
static void crossings_table(const watch *ws, tool_table *t)
{
    size_t i;
    tool_table_init(t, "crossings", "AT|TICKET|METRIC|THRESHOLD");
    for (i = 0; i < ws->n_xs; i++) {
        const crossing *x = &ws->xs[i];
        char at[64];
        fmt_time(ws->disp, x->at, at, sizeof at);
        tool_table_row(t, "");
        tool_table_cell(t, "%s", at);
        tool_table_cell(t, "%s", x->ticket);
        tool_table_cell(t, "%s", sla_metric_name(x->metric));
        if (x->percent == SLA_BREACH_PERCENT)
            tool_table_cell(t, "breach");
        else
            tool_table_cell(t, "%d%%", x->percent);
    }
}

static void channel_table(const watch *ws, tool_table *t)
{
    int c;
    tool_table_init(t, "channels",
                    "CHANNEL|>CLOCKS MET|>CLOCKS BREACHED|>FIRST REPLIES|"
                    ">FRT MEDIAN|>FRT P90|>SOLVED UNANSWERED");
    for (c = 0; c < ws->nch; c++) {
        char med[32] = "-", p90[32] = "-";
        if (!channel_seen(ws, c))
            continue;
        if (ws->n_frt[c]) {
            fmt_dur(watch_percentile(ws->frt[c], ws->n_frt[c], 50), med, sizeof med);
            fmt_dur(watch_percentile(ws->frt[c], ws->n_frt[c], 90), p90, sizeof p90);
        }
        tool_table_row(t, "");
        tool_table_cell(t, "%s", channel_name(ws, c));
        tool_table_cell(t, "%lld", (long long)ws->achieved[c]);
        tool_table_cell(t, "%lld", (long long)ws->breached[c]);
        tool_table_cell(t, "%zu", ws->n_frt[c]);
        tool_table_cell(t, "%s", med);
        tool_table_cell(t, "%s", p90);
        tool_table_cell(t, "%zu", ws->unreplied[c]);
    }
}

static void forecast_table(const watch *ws, const colours *k, tool_table *t)
{
    size_t i;
    tool_table_init(t, "forecast",
                    "|TICKET|CHANNEL|PRIORITY|WAITING|DUE|REPLY (P10 - P90)|"
                    ">BREACH");
    for (i = 0; i < ws->n_wait; i++) {
        const waiting *w = &ws->wait[i];
        char due[32], lo[32], hi[32];
        bool is_late = w->deadline != SLA_NO_TIME && ws->now > w->deadline;
        const char *col = is_late || w->p_breach >= 0.5 ? k->red
                          : w->p_breach >= 0.1          ? k->yellow
                                                        : "";
        fmt_short(ws, w->deadline == SLA_NO_TIME ? SLA_TIME_MAX : w->deadline, due, sizeof due);
        if (w->deadline == SLA_NO_TIME)
            snprintf(due, sizeof due, "no target");
        fmt_short(ws, w->low, lo, sizeof lo);
        fmt_short(ws, w->high, hi, sizeof hi);
        tool_table_row(t, col);
        tool_table_cell(t, "%s", is_late ? "!!" : w->p_breach >= 0.5 ? "!" : "");
        tool_table_cell(t, "%s", w->ticket);
        tool_table_cell(t, "%s", channel_name(ws, w->channel));
        tool_table_cell(t, "%s", sla_priority_name(w->priority));
        tool_table_cell(t, "%s", sla_metric_name(w->metric));
        tool_table_cell(t, "%s", due);
        if (w->low == SLA_NO_TIME && w->high == SLA_NO_TIME)
            tool_table_cell(t, "never");
        else
            tool_table_cell(t, "%s - %s", lo, hi);
        tool_table_cell(t, "%.0f %%", 100.0 * w->p_breach);
    }
}

static void advice_table(const watch *ws, const colours *k, tool_table *t)
{
    const watch_opts *o = ws->o;
    int i, n_shifts = sla_roster_shift_count(ws->roster);
    tool_table_init(t, "advice", "#|CHANNEL|AGENTS|HOURS|>EXTRA");
    for (i = 0; i < n_shifts && i < o->n_shift_args; i++) {
        const shift_opt *s = &o->shifts[i];
        tool_table_row(t, ws->extra[i] ? k->bold : "");
        tool_table_cell(t, "%d", i + 1);
        tool_table_cell(t, "%s", channel_name(ws, s->ch));
        if (s->concurrency > 1)
            tool_table_cell(t, "%dx%d", s->agents, s->concurrency);
        else
            tool_table_cell(t, "%d", s->agents);
        tool_table_cell(t, "%s", s->hours);
        tool_table_cell(t, "%+d", ws->extra[i]);
    }
}

static void promise_table(const watch *ws, const colours *k, tool_table *t)
{
    int i;
    tool_table_init(t, "promises", "CHANNEL|SLA DUE|FORECAST P90|PROMISE|NOTE");
    for (i = 0; i < ws->n_proms; i++) {
        const promise *p = &ws->proms[i];
        char dl[32], p90[32], pr[32];
        fmt_short(ws, p->sla_deadline, dl, sizeof dl);
        fmt_short(ws, p->p90 == SLA_NO_TIME ? SLA_TIME_MAX : p->p90, p90, sizeof p90);
        fmt_short(ws, p->promise == SLA_NO_TIME ? SLA_TIME_MAX : p->promise, pr, sizeof pr);
        tool_table_row(t, p->at_risk ? k->yellow : "");
        tool_table_cell(t, "%s", channel_name(ws, p->channel));
        tool_table_cell(t, "%s", p->sla_deadline == SLA_NO_TIME ? "no target" : dl);
        tool_table_cell(t, "%s", p90);
        tool_table_cell(t, "%s", pr);
        tool_table_cell(t, "%s", p->at_risk ? "at risk: the forecast is later than the SLA" : "");
    }
}

/* What the advice achieves, and why the breaches it leaves stay. */
static void advice_text(const watch *ws)
{
    const watch_opts *o = ws->o;
    int i, total = 0, late = late_count(ws);
    size_t k;

    for (i = 0; i < o->n_shift_args; i++)
        total += ws->extra[i];
    for (i = 0; i < o->n_shift_args; i++)
        if (ws->extra[i])
            printf("%d more agent%s on shift %d (%s, %s)\n", ws->extra[i],
                   ws->extra[i] == 1 ? "" : "s", i + 1, channel_name(ws, o->shifts[i].ch),
                   o->shifts[i].hours);
    if (total)
        printf("These extra agents would prevent %zu of the %zu breaches ahead (mean-value "
               "replay)",
               ws->ahead_before - ws->left, ws->ahead_before);
    else if (ws->ahead_before)
        printf("No extra agent prevents any of the %zu breaches ahead (mean-value replay)",
               ws->ahead_before);
    else
        printf("No breach ahead in the mean-value replay");
    printf("; %d ticket%s already late.\n", late, late == 1 ? " is" : "s are");
    if (!ws->left)
        return;
    printf("%zu breach%s ahead remain%s with up to %d extra agents:\n", ws->left,
           ws->left == 1 ? "" : "es", ws->left == 1 ? "s" : "", WATCH_MAX_EXTRA);
    for (k = 0; k < ws->n_unsaved; k++) {
        const unsaved *u = &ws->unsaved[k];
        const waiting *w = &ws->wait[u->wait];
        char due[32], pick[32], rep[32];
        fmt_short(ws, w->deadline, due, sizeof due);
        if (u->pickup == SLA_NO_TIME) {
            printf("  %s (%s) due %s: never answered: no shift of %s is on duty\n", w->ticket,
                   channel_name(ws, w->channel), due, channel_name(ws, w->channel));
            continue;
        }
        fmt_short(ws, u->pickup, pick, sizeof pick);
        fmt_short(ws, u->reply, rep, sizeof rep);
        printf("  %s (%s) due %s: taken at %s at the earliest, the reply takes until %s\n",
               w->ticket, channel_name(ws, w->channel), due, pick, rep);
    }
    if (ws->left > ws->n_unsaved)
        printf("  ... and %zu more\n", ws->left - ws->n_unsaved);
}

void watch_print_table(const watch *ws)
{
    const watch_opts *o = ws->o;
    colours k = {"", "", "", "", ""};
    char nowbuf[64];
    tool_table t;

    if (isatty(STDOUT_FILENO) && !getenv("NO_COLOR"))
        k = (colours){"\033[1m", "\033[31m", "\033[33m", "\033[32m", "\033[0m"};
    fmt_time(ws->disp, ws->now, nowbuf, sizeof nowbuf);
    printf("%sOpen clocks at %s%s (%zu)\n", k.bold, nowbuf, k.reset, ws->n_rows);
    open_table(ws, &k, &t);
    tool_table_print(&t, stdout, k.reset);
    tool_table_free(&t);
    printf("\n!! breached   ! past a warning threshold   CALENDAR: the calendar that counts "
           "the clock (24/7: the policy counts it around the clock)\n"
           "NEXT CHANGE: when a clock of the ticket next passes a warning or its deadline if "
           "no event arrives\n");
    if (o->since_text) {
        char since[64];
        fmt_time(ws->disp, ws->since, since, sizeof since);
        printf("\n%sCrossed since %s%s (%zu): every warning and breach in (since, now], each "
               "once\n",
               k.bold, since, k.reset, ws->n_xs);
        crossings_table(ws, &t);
        tool_table_print(&t, stdout, k.reset);
        tool_table_free(&t);
    }

    printf("\n%sBy channel%s: clocks of every metric with a target (met, breached), and first "
           "replies in business time\n",
           k.bold, k.reset);
    channel_table(ws, &t);
    tool_table_print(&t, stdout, k.reset);
    tool_table_free(&t);
    printf("FIRST REPLIES: tickets an agent replied to; SOLVED UNANSWERED: first-reply clocks "
           "fulfilled by a solve\n");
    if (!o->forecast)
        return;

    printf("\n%sForecast%s: %zu tickets waiting for a reply; %s", k.bold, k.reset, ws->n_wait,
           watch_order_text[o->order]);
    if (o->samples)
        printf(", %d simulated replays (seed %lld)\n", o->samples, o->seed);
    else
        printf(", mean-value replay\n");
    printf("Times are local (%s), MM-DD HH:MM (with the year when it is not that of --now).\n",
           zone_of(ws));
    printf("Expected breaches: %s%.1f%s of %zu (%d already late)\n",
           ws->expected_breaches >= 0.5 ? k.red : k.green, ws->expected_breaches, k.reset,
           ws->n_wait, late_count(ws));
    forecast_table(ws, &k, &t);
    tool_table_print(&t, stdout, k.reset);
    tool_table_free(&t);
    printf("\n!! already late   ! more likely than not to breach\n");

    printf("\n%sStaffing advice%s: extra agents per shift that would avoid the breaches still "
           "ahead\n",
           k.bold, k.reset);
    advice_table(ws, &k, &t);
    tool_table_print(&t, stdout, k.reset);
    tool_table_free(&t);
    advice_text(ws);

    printf("\n%sWhat to promise a customer who writes now%s (normal priority): the forecast's "
           "90th percentile, rounded up to 5 minutes\n",
           k.bold, k.reset);
    promise_table(ws, &k, &t);
    tool_table_print(&t, stdout, k.reset);
    tool_table_free(&t);
}

/* ---- CSV ------------------------------------------------------------------- */

/* An instant as two cells: epoch seconds (as in JSON) and RFC 3339 ("" for none). */
static void cell_instant(tool_table *t, const watch *ws, int64_t v)
{
    char iso[64];
    fmt_iso(ws->disp, v, iso, sizeof iso);
    tool_table_cell(t, "%lld", (long long)v);
    tool_table_cell(t, "%s", iso);
}

void watch_print_csv(const watch *ws)
{
    const watch_opts *o = ws->o;
    tool_table tabs[7];
    const tool_table *list[7];
    size_t n = 0, i;
    int c;
    char iso[64];

    tool_table_init(&tabs[n], "open",
                    "ticket|metric|channel|calendar|state|warned|target|"
                    "elapsed|remaining|remaining_wall|deadline|deadline_iso|"
                    "next_change|next_change_iso|next_metric|next_threshold");
    for (i = 0; i < ws->n_rows; i++) {
        const row *w = &ws->rows[i];
        tool_table_row(&tabs[n], "");
        tool_table_cell(&tabs[n], "%s", w->ticket);
        tool_table_cell(&tabs[n], "%s", sla_metric_name(w->metric));
        tool_table_cell(&tabs[n], "%s", channel_name(ws, w->channel));
        tool_table_cell(&tabs[n], "%s", w->calendar);
        tool_table_cell(&tabs[n], "%s", sla_clock_state_name(w->state));
        tool_table_cell(&tabs[n], "%d", w->warned);
        tool_table_cell(&tabs[n], "%lld", (long long)w->target);
        tool_table_cell(&tabs[n], "%lld", (long long)w->elapsed);
        tool_table_cell(&tabs[n], "%lld", (long long)w->remaining);
        tool_table_cell(&tabs[n], "%lld", (long long)w->remaining_wall);
        cell_instant(&tabs[n], ws, w->deadline);
        cell_instant(&tabs[n], ws, w->next_at);
        tool_table_cell(&tabs[n], "%s", w->next_metric < 0 ? "" : sla_metric_name(w->next_metric));
        tool_table_cell(&tabs[n], "%d", w->next_percent);
    }
    n++;
    if (o->since_text) {
        tool_table_init(&tabs[n], "crossings", "at|at_iso|ticket|metric|threshold");
        for (i = 0; i < ws->n_xs; i++) {
            tool_table_row(&tabs[n], "");
            cell_instant(&tabs[n], ws, ws->xs[i].at);
            tool_table_cell(&tabs[n], "%s", ws->xs[i].ticket);
            tool_table_cell(&tabs[n], "%s", sla_metric_name(ws->xs[i].metric));
            tool_table_cell(&tabs[n], "%d", ws->xs[i].percent);
        }
        n++;
    }
    tool_table_init(&tabs[n], "channels",
                    "channel|achieved|breached|replied|first_reply_median|"
                    "first_reply_p90|solved_unanswered");
    for (c = 0; c < ws->nch; c++) {
        if (!channel_seen(ws, c))
            continue;
        tool_table_row(&tabs[n], "");
        tool_table_cell(&tabs[n], "%s", channel_name(ws, c));
        tool_table_cell(&tabs[n], "%lld", (long long)ws->achieved[c]);
        tool_table_cell(&tabs[n], "%lld", (long long)ws->breached[c]);
        tool_table_cell(&tabs[n], "%zu", ws->n_frt[c]);
        tool_table_cell(&tabs[n], "%lld",
                        ws->n_frt[c] ? (long long)watch_percentile(ws->frt[c], ws->n_frt[c], 50)
                                     : -1LL);
        tool_table_cell(&tabs[n], "%lld",
                        ws->n_frt[c] ? (long long)watch_percentile(ws->frt[c], ws->n_frt[c], 90)
                                     : -1LL);
        tool_table_cell(&tabs[n], "%zu", ws->unreplied[c]);
    }
    n++;
    if (o->forecast) {
        tool_table_init(&tabs[n], "forecast",
                        "ticket|metric|channel|priority|arrival|arrival_iso|deadline|"
                        "deadline_iso|reply_expected|reply_expected_iso|reply_low|reply_low_iso|"
                        "reply_high|reply_high_iso|pickup|pickup_iso|p_breach");
        for (i = 0; i < ws->n_wait; i++) {
            const waiting *w = &ws->wait[i];
            tool_table_row(&tabs[n], "");
            tool_table_cell(&tabs[n], "%s", w->ticket);
            tool_table_cell(&tabs[n], "%s", sla_metric_name(w->metric));
            tool_table_cell(&tabs[n], "%s", channel_name(ws, w->channel));
            tool_table_cell(&tabs[n], "%s", sla_priority_name(w->priority));
            cell_instant(&tabs[n], ws, w->arrival);
            cell_instant(&tabs[n], ws, w->deadline);
            cell_instant(&tabs[n], ws, w->expected);
            cell_instant(&tabs[n], ws, w->low);
            cell_instant(&tabs[n], ws, w->high);
            cell_instant(&tabs[n], ws, w->pickup);
            tool_table_cell(&tabs[n], "%.4f", w->p_breach);
        }
        n++;
        tool_table_init(&tabs[n], "advice", "shift|channel|hours|agents|concurrency|extra_agents");
        for (c = 0; c < o->n_shift_args; c++) {
            const shift_opt *s = &o->shifts[c];
            tool_table_row(&tabs[n], "");
            tool_table_cell(&tabs[n], "%d", c + 1);
            tool_table_cell(&tabs[n], "%s", channel_name(ws, s->ch));
            tool_table_cell(&tabs[n], "%s", s->hours);
            tool_table_cell(&tabs[n], "%d", s->agents);
            tool_table_cell(&tabs[n], "%d", s->concurrency);
            tool_table_cell(&tabs[n], "%d", ws->extra[c]);
        }
        n++;
        tool_table_init(&tabs[n], "promises",
                        "channel|priority|sla_deadline|sla_deadline_iso|"
                        "forecast_p90|forecast_p90_iso|promise|promise_iso|"
                        "at_risk");
        for (c = 0; c < ws->n_proms; c++) {
            const promise *p = &ws->proms[c];
            tool_table_row(&tabs[n], "");
            tool_table_cell(&tabs[n], "%s", channel_name(ws, p->channel));
            tool_table_cell(&tabs[n], "normal");
            cell_instant(&tabs[n], ws, p->sla_deadline);
            cell_instant(&tabs[n], ws, p->p90);
            cell_instant(&tabs[n], ws, p->promise);
            tool_table_cell(&tabs[n], "%d", p->at_risk);
        }
        n++;
    }
    tool_table_init(&tabs[n], "summary",
                    o->forecast ? "now|now_iso|zone|ignored_events|order|samples|"
                                  "seed|waiting|expected_breaches|breaches_left|"
                                  "breaches_ahead_without_advice"
                                : "now|now_iso|zone|ignored_events");
    tool_table_row(&tabs[n], "");
    fmt_iso(ws->disp, ws->now, iso, sizeof iso);
    tool_table_cell(&tabs[n], "%lld", (long long)ws->now);
    tool_table_cell(&tabs[n], "%s", iso);
    tool_table_cell(&tabs[n], "%s", zone_of(ws));
    tool_table_cell(&tabs[n], "%zu", ws->log.ignored);
    if (o->forecast) {
        tool_table_cell(&tabs[n], "%s", watch_order_names[o->order]);
        tool_table_cell(&tabs[n], "%d", o->samples);
        tool_table_cell(&tabs[n], "%lld", o->seed);
        tool_table_cell(&tabs[n], "%zu", ws->n_wait);
        tool_table_cell(&tabs[n], "%.4f", ws->expected_breaches);
        tool_table_cell(&tabs[n], "%zu", ws->left);
        tool_table_cell(&tabs[n], "%zu", ws->ahead_before);
    }
    n++;
    for (i = 0; i < n; i++)
        list[i] = &tabs[i];
    if (o->output_dir) {
        if (tool_tables_csv_dir(list, n, o->output_dir) < 0)
            exit(TOOL_FAIL);
    } else {
        tool_tables_csv(list, n, stdout);
    }
    for (i = 0; i < n; i++)
        tool_table_free(&tabs[i]);
}

/* ---- JSON ------------------------------------------------------------------- */

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
    printf("{\"now\":%lld,\"ignored_events\":%zu,\"open\":[", (long long)now, ws->log.ignored);
    for (k = 0; k < n_rows; k++) {
        const row *w = &rows[k];
        printf("%s\n{\"ticket\":", k ? "," : "");
        json_string(stdout, w->ticket);
        printf(",\"metric\":\"%s\",\"channel\":", sla_metric_name(w->metric));
        json_string(stdout, sla_policy_channel_name(pol, w->channel));
        printf(",\"calendar\":");
        json_string(stdout, w->calendar);
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
        if (!achieved[c] && !breached[c] && !n_frt[c] && !ws->unreplied[c])
            continue;
        printf("%s\n{\"channel\":", i++ ? "," : "");
        json_string(stdout, sla_policy_channel_name(pol, c));
        printf(",\"achieved\":%lld,\"breached\":%lld,\"first_reply_median\":%lld,"
               "\"first_reply_p90\":%lld,\"replied\":%zu,\"solved_unanswered\":%zu}",
               (long long)achieved[c], (long long)breached[c],
               n_frt[c] ? (long long)watch_percentile(frt[c], n_frt[c], 50) : -1LL,
               n_frt[c] ? (long long)watch_percentile(frt[c], n_frt[c], 90) : -1LL, n_frt[c],
               ws->unreplied[c]);
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
        printf("],\n\"advice\":{\"breaches_left\":%zu,\"breaches_ahead_without_advice\":%zu,"
               "\"max_extra\":%d,\"shifts\":[",
               left, ws->ahead_before, WATCH_MAX_EXTRA);
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
