/*
 * sla-watch: replay a helpdesk event log against an SLA policy and show,
 * at an instant, the open clocks by time to breach and a summary per channel;
 * with --forecast, when each waiting ticket will get its reply, the chance
 * that it breaches, the agents that would prevent the breaches and what to
 * promise a customer who writes now.
 *
 *   sla-watch [OPTIONS] EVENTS.csv
 *   sla-watch --demo [--forecast]
 *
 * The steps below are in the files listed in watch.h.
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) The libsla authors
 */
#include "watch.h"
#include "../common/tool-cal.h"

#include <stdlib.h>
#include <string.h>

static void watch_free(watch *ws)
{
    int i;

    watch_log_free(&ws->log);
    for (i = 0; i < ws->nch && ws->frt; i++)
        free(ws->frt[i]);
    free(ws->frt);
    free(ws->n_frt);
    free(ws->unreplied);
    free(ws->achieved);
    free(ws->breached);
    free(ws->rows);
    free(ws->xs);
    free(ws->wait);
    free(ws->extra);
    free(ws->events);
    free(ws->policy_text);
    sla_roster_free(ws->roster);
    sla_policy_free(ws->pol);
    for (i = 0; i < ws->n_cals; i++) {
        sla_calendar_free(ws->cals[i].cal);
        sla_calendar_builder_free(ws->cals[i].b);
        free(ws->cals[i].zone);
        free(ws->cals[i].hours);
    }
    sla_status_free(ws->st);
    sla_diag_free(ws->diag);
}

/* A warning on stderr (not a failure) for each calendar whose holiday
 * sources stop before the report time or before a deadline it reports. */
static void watch_horizon_warnings(const watch *ws)
{
    int i;
    size_t k;

    for (i = 0; i < ws->n_cals; i++) {
        const sla_calendar *cal = ws->cals[i].cal;
        char what[128];
        int64_t late = SLA_NO_TIME;
        snprintf(what, sizeof what, "calendar '%s': the report time", ws->cals[i].name);
        if (tool_horizon_warn(cal, ws->now, what))
            continue;
        for (k = 0; k < ws->n_rows; k++)
            if (ws->rows[k].deadline != SLA_NO_TIME && ws->rows[k].deadline > late)
                late = ws->rows[k].deadline;
        snprintf(what, sizeof what, "calendar '%s': the latest deadline", ws->cals[i].name);
        if (late != SLA_NO_TIME)
            tool_horizon_warn(cal, late, what);
    }
}

int main(int argc, char **argv)
{
    static watch_opts o;
    static watch ws;
    int r;

    tool_prog = "sla-watch";
    r = watch_parse_args(argc, argv, &o, &ws.policy_text);
    if (r >= 0)
        return r;
    ws.o = &o;
    ws.now = SLA_NO_TIME;
    ws.since = SLA_NO_TIME;
    if (sla_diag_new(&ws.diag) < 0 || sla_status_new(&ws.st) < 0)
        tool_die("out of memory");

    watch_setup_calendars(&ws);
    watch_setup_policy(&ws);
    /* The roster is checked before the (long) log is read. */
    if (o.forecast)
        watch_setup_roster(&ws);
    watch_replay(&ws);
    watch_collect(&ws);
    watch_horizon_warnings(&ws);
    if (o.forecast)
        watch_forecast(&ws);

    if (!strcmp(o.format, "table"))
        watch_print_table(&ws);
    else if (!strcmp(o.format, "csv"))
        watch_print_csv(&ws);
    else
        watch_print_json(&ws);
    if (o.svg_path && watch_write_svg(&ws, o.svg_path) < 0) {
        watch_free(&ws);
        return TOOL_FAIL;
    }

    watch_free(&ws);
    return 0;
}
