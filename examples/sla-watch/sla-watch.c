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
    if (o.forecast)
        watch_forecast(&ws);

    if (!strcmp(o.format, "table"))
        watch_print_table(&ws);
    else if (!strcmp(o.format, "csv"))
        watch_print_csv(&ws);
    else
        watch_print_json(&ws);

    watch_free(&ws);
    return 0;
}
