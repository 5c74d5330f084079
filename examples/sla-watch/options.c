/*
 * sla-watch: the command line and --help.
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) The libsla authors
 */
#include "watch.h"

#include "../common/tool-cal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

const char *const watch_order_names[3] = {"fifo", "edf", "priority"};
const char *const watch_order_text[3] = {"first come, first served", "earliest deadline first",
                                         "highest priority first"};

void watch_usage(FILE *f)
{
    fprintf(f,
            "Usage: %s [OPTIONS] EVENTS.csv\n"
            "       %s --demo [OPTIONS]\n"
            "\n"
            "Replay a ticket event log against an SLA policy and show, as of --now, the\n"
            "open clocks sorted by time to breach, then per channel the clocks of every\n"
            "metric met and breached, and the first replies (median and 90th percentile in\n"
            "business time).\n"
            "\n"
            "Calendars and policy:\n"
            "  --policy FILE            policy text (default: the built-in policy, which counts\n"
            "                           email and social in calendar 'business' and chat and\n"
            "                           phone in 'live': give both)\n"
            "  --calendar NAME=ZONE;HOURS\n"
            "                           a calendar, e.g. 'business=Europe/Oslo;Mo-Fr 08:00-16:00'\n"
            "                           (repeatable); every calendar must be used by the policy,\n"
            "                           and every calendar the policy names must be given\n"
            "  --holiday NAME=YYYY-MM-DD a holiday of calendar NAME (repeatable)\n"
            "  --holidays NAME=FILE     an iCalendar (.ics) holiday feed for calendar NAME:\n"
            "                           all-day events are holidays, timed events closed\n"
            "                           spans (repeatable)\n"
            "  --ics-keep-category C, --ics-drop-category C, --ics-keep TEXT, --ics-drop TEXT\n"
            "                           filter the events of every --holidays file, as sla-calc\n"
            "  --tzdir DIR              read compiled TZif zone files from DIR\n"
            "\n"
            "Input and output:\n"
            "  --now TIME               report as of TIME (RFC 3339, a local time in the first\n"
            "                           calendar's zone, or epoch seconds): events after it are\n"
            "                           ignored and counted on stderr (default: the last event)\n"
            "  --since TIME             also list every warning and breach crossed in\n"
            "                           (TIME, now], each once (what a reminder job sends)\n"
            "  --column NAME=HEADER     read column NAME (ticket, time, event, channel,\n"
            "                           priority) from the header HEADER (repeatable)\n"
            "  --format table|csv|json  output format (default: table)\n"
            "  --output-dir DIR         with --format csv: one file per table, DIR/TABLE.csv\n"
            "  --svg FILE               also draw the open clocks on a time axis and the\n"
            "                           first replies per channel against the target\n"
            "  --demo                   use built-in demo data (policy, calendar, events;\n"
            "                           with --forecast: a busy evening and its roster)\n"
            "  -h, --help               this help\n"
            "\n"
            "Forecast (who gets a reply when, and what would prevent the breaches):\n"
            "  --forecast               forecast every ticket waiting for a first or next\n"
            "                           reply, advise extra agents per shift and the reply\n"
            "                           time to promise a new customer per channel (the\n"
            "                           forecast's 90th percentile, rounded up to 5 minutes)\n"
            "  --shift 'CHANNEL=AGENTS[xCONCURRENCY]@HOURS'\n"
            "                           agents on duty (repeatable), e.g.\n"
            "                           'email=3@Mo-Fr 09:00-17:00', 'chat=2x3@Mo-Su 08:00-22:00'\n"
            "  --roster-tz ZONE         zone of the shift hours (default: the first\n"
            "                           calendar's zone, else UTC)\n"
            "  --handle 'CHANNEL=MEAN[/SD]'\n"
            "                           handle time (repeatable), e.g. 'email=7m/4m'; defaults\n"
            "                           email 7m/4m, chat 4m/2m, other channels 10m/5m\n"
            "  --order fifo|edf|priority the order agents take tickets in (default: edf)\n"
            "  --samples N              random replays (default 500; 0: mean-value forecast)\n"
            "  --seed N                 seed of the replays (default 1)\n"
            "\n"
            "EVENTS.csv: a header row names the columns ticket, time, event and optionally\n"
            "channel and priority, in any order (aliases such as id, case_id, timestamp,\n"
            "type are understood; see the README). Events: created, customer, reply, note,\n"
            "status:STATUS, priority:PRIORITY, channel:CHANNEL. '#' lines are comments.\n"
            "Every bad row is reported with its line number (reading stops after %d).\n"
            "Colour is used only when standard output is a terminal and NO_COLOR is unset.\n"
            "Exit status: 0 on success, 1 on bad input data, 2 on a usage error.\n",
            tool_prog, tool_prog, WATCH_MAX_BAD_ROWS);
}

/* Split "NAME=REST": copy NAME (trimmed, 1..31 bytes) and return REST. */
static const char *split_name(const char *arg, char *name, size_t size)
{
    const char *eq = strchr(arg, '='), *s = arg, *e;
    if (!eq)
        return NULL;
    e = eq;
    while (s < e && (*s == ' ' || *s == '\t'))
        s++;
    while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
        e--;
    if (e == s || (size_t)(e - s) >= size)
        return NULL;
    memcpy(name, s, (size_t)(e - s));
    name[e - s] = '\0';
    return eq + 1;
}

/* A decimal count in [lo, hi]; *end is set past it. */
static bool parse_count(const char *s, const char **end, long lo, long hi, int *ret)
{
    char *e;
    long v;
    if (*s < '0' || *s > '9')
        return false;
    errno = 0;
    v = strtol(s, &e, 10);
    if (errno || v < lo || v > hi)
        return false;
    *ret = (int)v;
    *end = e;
    return true;
}

/* CHANNEL=AGENTS[xCONCURRENCY]@HOURS */
static void parse_shift(const char *arg, shift_opt *out)
{
    const char *p;
    memset(out, 0, sizeof *out);
    out->arg = arg;
    out->concurrency = 1;
    p = split_name(arg, out->channel, sizeof out->channel);
    if (!p)
        tool_usage_error("--shift '%s': expected CHANNEL=AGENTS[xCONCURRENCY]@HOURS, e.g. "
                         "'email=3@Mo-Fr 09:00-17:00' or 'chat=2x3@Mo-Su 08:00-22:00'",
                         arg);
    while (*p == ' ')
        p++;
    if (!parse_count(p, &p, 0, 100000, &out->agents))
        tool_usage_error("--shift '%s': AGENTS must be a whole number from 0 to 100000", arg);
    if (*p == 'x' || *p == 'X') {
        p++;
        if (!parse_count(p, &p, 1, 100, &out->concurrency))
            tool_usage_error("--shift '%s': CONCURRENCY (after 'x') must be a whole number from 1 "
                             "to 100",
                             arg);
    }
    while (*p == ' ')
        p++;
    if (*p != '@')
        tool_usage_error("--shift '%s': expected '@HOURS' after the agent count, e.g. "
                         "'email=3@Mo-Fr 09:00-17:00'",
                         arg);
    p++;
    while (*p == ' ')
        p++;
    if (!*p)
        tool_usage_error("--shift '%s': the opening hours after '@' are empty", arg);
    out->hours = p;
}

/* CHANNEL=MEAN[/SD] with durations like 7m, 90s, PT4M */
static void parse_handle(const char *arg, handle_opt *out)
{
    const char *p, *slash;
    char buf[64];
    size_t n;
    memset(out, 0, sizeof *out);
    out->arg = arg;
    p = split_name(arg, out->channel, sizeof out->channel);
    if (!p)
        tool_usage_error("--handle '%s': expected CHANNEL=MEAN[/SD], e.g. 'email=7m/4m'", arg);
    slash = strchr(p, '/');
    n = slash ? (size_t)(slash - p) : strlen(p);
    if (n == 0 || n >= sizeof buf)
        tool_usage_error("--handle '%s': expected a mean duration after '=', e.g. 'email=7m/4m'",
                         arg);
    memcpy(buf, p, n);
    buf[n] = '\0';
    if (sla_parse_duration(buf, &out->mean, NULL) < 0 || out->mean < 1 || out->mean > 10000000)
        tool_usage_error("--handle '%s': bad mean '%s' (a duration from 1s to 10000000s, e.g. 7m)",
                         arg, buf);
    out->sd = out->mean / 2;
    if (slash) {
        if (!slash[1] || strlen(slash + 1) >= sizeof buf)
            tool_usage_error("--handle '%s': expected a spread after '/', e.g. 'email=7m/4m'", arg);
        snprintf(buf, sizeof buf, "%s", slash + 1);
        if (sla_parse_duration(buf, &out->sd, NULL) < 0 || out->sd < 0 || out->sd > 10000000)
            tool_usage_error("--handle '%s': bad spread '%s' (a duration from 0 to 10000000s)", arg,
                             buf);
    }
}

/* ---- forecast ---- */

int watch_parse_args(int argc, char **argv, watch_opts *o, char **policy_text)
{
    int i;

    memset(o, 0, sizeof *o);
    o->format = "table";
    o->order_arg = "edf";
    o->order = SLA_ORDER_EDF;
    o->samples = 500;
    o->seed = 1;
    for (i = 1; i < argc; i++) {
        static const char *const with_value[] = {"--policy",
                                                 "--calendar",
                                                 "--holiday",
                                                 "--holidays",
                                                 "--now",
                                                 "--since",
                                                 "--format",
                                                 "--shift",
                                                 "--roster-tz",
                                                 "--handle",
                                                 "--order",
                                                 "--samples",
                                                 "--seed",
                                                 "--column",
                                                 "--tzdir",
                                                 "--svg",
                                                 "--output-dir",
                                                 "--ics-keep-category",
                                                 "--ics-drop-category",
                                                 "--ics-keep",
                                                 "--ics-drop"};
        char name[32];
        const char *a = argv[i], *v = NULL, *eq = strchr(a, '=');
        size_t k, nlen = eq && a[0] == '-' && a[1] == '-' ? (size_t)(eq - a) : strlen(a);
        bool takes = false;

        if (nlen >= sizeof name)
            nlen = sizeof name - 1;
        memcpy(name, a, nlen);
        name[nlen] = '\0';
        for (k = 0; k < sizeof with_value / sizeof *with_value; k++)
            takes |= !strcmp(name, with_value[k]);
        if (takes) {
            if (eq && a[nlen] == '=')
                v = eq + 1;
            else if (i + 1 < argc)
                v = argv[++i];
            else
                tool_usage_error("%s needs a value (see --help)", name);
        } else if (a[0] == '-' && a[1] == '-' && eq) {
            if (!strcmp(name, "--demo") || !strcmp(name, "--forecast") || !strcmp(name, "--help"))
                tool_usage_error("%s takes no value", name);
            tool_usage_error("unknown option '%s' (see --help)", name);
        }
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            watch_usage(stdout);
            return 0;
        } else if (!strcmp(a, "--demo")) {
            o->demo = true;
        } else if (!strcmp(a, "--forecast")) {
            o->forecast = true;
        } else if (takes) {
            if (!strcmp(name, "--policy"))
                o->policy_path = v;
            else if (!strcmp(name, "--now"))
                o->now_text = v;
            else if (!strcmp(name, "--since"))
                o->since_text = v;
            else if (!strcmp(name, "--format"))
                o->format = v;
            else if (!strcmp(name, "--roster-tz"))
                o->roster_tz = v;
            else if (!strcmp(name, "--order"))
                o->order_arg = v;
            else if (!strcmp(name, "--samples"))
                o->samples_arg = v;
            else if (!strcmp(name, "--seed"))
                o->seed_arg = v;
            else if (!strcmp(name, "--tzdir"))
                o->tzdir = v;
            else if (!strcmp(name, "--svg"))
                o->svg_path = v;
            else if (!strcmp(name, "--output-dir"))
                o->output_dir = v;
            else if (!strcmp(name, "--calendar") && o->n_cal_args < WATCH_MAX_CALS)
                o->cal_args[o->n_cal_args++] = v;
            else if (!strcmp(name, "--holiday") && o->n_hol_args < WATCH_MAX_ARGS)
                o->hol_args[o->n_hol_args++] = v;
            else if (!strcmp(name, "--holidays") && o->n_holidays_args < WATCH_MAX_ARGS)
                o->holidays_args[o->n_holidays_args++] = v;
            else if (!strcmp(name, "--shift") && o->n_shift_args < WATCH_MAX_ARGS)
                o->shift_args[o->n_shift_args++] = v;
            else if (!strcmp(name, "--handle") && o->n_handle_args < WATCH_MAX_ARGS)
                o->handle_args[o->n_handle_args++] = v;
            else if (!strcmp(name, "--column") && o->n_column_args < WATCH_MAX_ARGS)
                o->column_args[o->n_column_args++] = v;
            else if (!strncmp(name, "--ics-", 6) && o->n_ics_filters < WATCH_MAX_ARGS) {
                o->ics_filter_kinds[o->n_ics_filters] = tool_ics_filter_kind(name + 2);
                o->ics_filters[o->n_ics_filters++] = v;
            } else
                tool_usage_error("too many %s options", name);
        } else if (a[0] == '-' && a[1]) {
            tool_usage_error("unknown option '%s' (see --help)", a);
        } else if (!o->events_path) {
            o->events_path = a;
        } else {
            tool_usage_error("more than one event log given");
        }
    }
    if (strcmp(o->format, "table") && strcmp(o->format, "csv") && strcmp(o->format, "json"))
        tool_usage_error("--format must be table, csv or json");
    if (o->output_dir && strcmp(o->format, "csv"))
        tool_usage_error("--output-dir writes CSV files; give --format csv");
    if (!o->forecast && (o->n_shift_args || o->n_handle_args || o->roster_tz || o->samples_arg ||
                         o->seed_arg || strcmp(o->order_arg, "edf")))
        tool_usage_error("--shift, --handle, --roster-tz, --order, --samples and --seed need "
                         "--forecast");
    for (o->order = 0; o->order < 3 && strcmp(o->order_arg, watch_order_names[o->order]);
         o->order++)
        ;
    if (o->order == 3)
        tool_usage_error("--order must be fifo, edf or priority");
    if (o->samples_arg) {
        const char *e;
        if (!parse_count(o->samples_arg, &e, 0, 100000, &o->samples) || *e)
            tool_usage_error("--samples must be a whole number from 0 to 100000");
    }
    if (o->seed_arg) {
        char *e;
        errno = 0;
        o->seed = strtoll(o->seed_arg, &e, 10);
        if (errno || e == o->seed_arg || *e)
            tool_usage_error("--seed must be a whole number");
    }
    if (o->demo)
        watch_apply_demo(o, policy_text);
    for (i = 0; i < o->n_shift_args; i++)
        parse_shift(o->shift_args[i], &o->shifts[i]);
    for (i = 0; i < o->n_handle_args; i++)
        parse_handle(o->handle_args[i], &o->handles[i]);
    if (o->forecast && o->n_shift_args == 0)
        tool_usage_error("--forecast needs at least one --shift (who is on duty), or --demo");
    if (!o->demo && !o->events_path) {
        watch_usage(stderr);
        return TOOL_USAGE;
    }
    return -1;
}
