/*
 * sla-watch: replay a helpdesk event log against an SLA policy and report
 * the open clocks at an instant. The parts of the tool, in the order main()
 * runs them, and the state they share:
 *
 *   options.c   the command line and --help (watch_opts)
 *   demo.c      the built-in demo data
 *   setup.c     calendars and holidays, the policy, the forecast roster
 *   rows.c      the event-log reader (shared with fuzz/fuzz-events.c)
 *   collect.c   replay to --now; the open clocks and the per-channel counts
 *   forecast.c  who gets a reply when, the staffing advice, the promises
 *   report.c    the report as a table, CSV or JSON
 *   sla-watch.c main
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) The libsla authors
 */
#ifndef SLA_WATCH_H
#define SLA_WATCH_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <libsla/sla.h>

#include "../common/tool.h"
#include "rows.h"

#define WATCH_MAX_CALS 32
#define WATCH_MAX_ARGS 256

/* ---- options ---------------------------------------------------------------- */

/** --shift CHANNEL=AGENTS[xCONCURRENCY]@HOURS */
typedef struct {
    const char *arg; /* the option as given */
    char channel[32];
    int agents, concurrency;
    const char *hours; /* points into arg */
    int ch;            /* resolved channel number */
} shift_opt;

/** --handle CHANNEL=MEAN[/SD] */
typedef struct {
    const char *arg;
    char channel[32];
    int64_t mean, sd;
    int ch;
} handle_opt;

typedef struct {
    const char *policy_path, *events_path, *now_text, *format, *since_text;
    const char *roster_tz, *order_arg, *samples_arg, *seed_arg;
    const char *cal_args[WATCH_MAX_CALS], *hol_args[WATCH_MAX_ARGS];
    const char *shift_args[WATCH_MAX_ARGS], *handle_args[WATCH_MAX_ARGS];
    const char *column_args[WATCH_MAX_ARGS], *holidays_args[WATCH_MAX_ARGS];
    const char *ics_filters[WATCH_MAX_ARGS]; /* --ics-keep... values */
    char ics_filter_kinds[WATCH_MAX_ARGS];   /* 'k', 'c', 's', 'S' (see tool-cal.h) */
    const char *tzdir, *svg_path, *output_dir;
    int n_cal_args, n_hol_args, n_shift_args, n_handle_args, n_column_args, n_holidays_args;
    int n_ics_filters;
    bool demo, forecast;
    int order, samples;
    long long seed;
    shift_opt shifts[WATCH_MAX_ARGS];
    handle_opt handles[WATCH_MAX_ARGS];
} watch_opts;

extern const char *const watch_order_names[3];
extern const char *const watch_order_text[3];

/** Print --help to @p f. */
void watch_usage(FILE *f);
/** Read the command line into @p o; exits on a usage error. @return -1 to go on, or an exit status.
 */
int watch_parse_args(int argc, char **argv, watch_opts *o, char **policy_text);

/* ---- demo data (demo.c) ------------------------------------------------------ */
/** Fill in what --demo supplies and the user did not give. */
void watch_apply_demo(watch_opts *o, char **policy_text);
/** The demo's event log (owned by the caller). */
char *watch_demo_events(bool forecast);

/* ---- the state of one run ------------------------------------------------------ */

typedef struct {
    char name[64];
    char *zone, *hours;
    sla_calendar_builder *b;
    sla_calendar *cal;
} named_cal;

/** One open clock of the report. */
typedef struct {
    const char *ticket;
    const sla_ticket *t;  /* its clocks (for the picture) */
    const char *calendar; /* the name of the calendar that counts it, or "24/7" */
    int metric, channel, state, warned, counts_24_7;
    int64_t target, elapsed, remaining, remaining_wall, deadline;
    int wait; /* index into the waiting list when this clock is forecast, else -1 */
    int64_t next_at; /* the ticket's next change (SLA_NO_TIME: none) */
    int next_metric, next_percent;
} row;

/** A warning or breach crossed in (--since, --now]. */
typedef struct {
    const char *ticket;
    int metric, percent;
    int64_t at;
} crossing;

/** A ticket waiting for an agent's reply. */
typedef struct {
    const char *ticket;
    int metric, channel, priority;
    int64_t arrival, deadline; /* deadline SLA_NO_TIME: no target */
    int64_t expected, low, high, pickup;
    double p_breach;
} waiting;

/** A breach ahead that the staffing advice does not prevent, and why (the
 * mean-value replay with the extra agents). */
typedef struct {
    size_t wait;           /* index into the waiting list */
    int64_t pickup, reply; /* taken, answered (SLA_NO_TIME: never) */
} unsaved;

#define WATCH_MAX_EXTRA 1000   /* extra agents the advice may add */
#define WATCH_MAX_UNSAVED 5    /* unpreventable breaches explained one by one */
#define WATCH_PROMISE_STEP 300 /* promises are rounded up to 5 minutes */

/** What to promise on one channel. */
typedef struct {
    int channel;
    int64_t sla_deadline, p90, promise;
    bool at_risk;
} promise;

typedef struct {
    watch_opts *o;
    named_cal cals[WATCH_MAX_CALS];
    int n_cals;
    int roster_hol[WATCH_MAX_ARGS][3];
    int n_roster_hol;
    sla_policy *pol;
    sla_roster *roster;
    sla_diag *diag;
    sla_status *st;
    const sla_calendar *disp; /* the zone of the report: the first calendar's, else UTC */
    char *policy_text, *events;
    watch_log log;
    int64_t now;
    int64_t since; /* --since, SLA_NO_TIME without */
    crossing *xs;  /* crossings in (since, now], in time order */
    size_t n_xs, cap_xs;

    /* collect.c */
    row *rows;
    size_t n_rows;
    int nch;
    int64_t *achieved, *breached, **frt; /* clocks of every metric; first replies */
    size_t *n_frt, *unreplied;           /* first replies by an agent; solved unanswered */
    waiting *wait;
    size_t n_wait;

    /* forecast.c */
    promise proms[WATCH_MAX_ARGS];
    int n_proms, *extra;
    size_t left, ahead_before; /* breaches ahead with the advice, and without it */
    unsaved unsaved[WATCH_MAX_UNSAVED];
    size_t n_unsaved;
    double expected_breaches;
} watch;

/* setup.c */
void watch_setup_calendars(watch *ws);
void watch_setup_policy(watch *ws);
void watch_setup_roster(watch *ws);
/** The roster of the --shift options, with extra[i] more agents on shift i (extra may be NULL). */
sla_roster *watch_roster_with(watch *ws, const int *extra);
/** The all-day holidays of the first calendar's --holidays feeds, this year and the next
 * (the year of --now), added to @p roster; nothing before --now is known. */
void watch_roster_feed_holidays(watch *ws, sla_roster *roster);
/* collect.c */
void watch_replay(watch *ws);
void watch_collect(watch *ws);
int64_t watch_percentile(const int64_t *v, size_t n, int pct);
/* forecast.c */
void watch_forecast(watch *ws);
/* report.c */
void watch_print_table(const watch *ws);
void watch_print_csv(const watch *ws);
void watch_print_json(const watch *ws);
/** Write the picture (--svg). @return 0, or -1 after a message. */
int watch_write_svg(const watch *ws, const char *path);
/** The name of the calendar that counts @p metric on @p channel ("24/7" for none). */
const char *watch_calendar_name(const watch *ws, int metric, int channel, int priority);

#endif
