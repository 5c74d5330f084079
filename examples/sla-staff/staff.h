/*
 * sla-staff: how many agents a helpdesk needs over the week, and what its
 * business hours leave uncovered. The parts of the tool and what they share:
 *
 *   sla-staff.c  main: the steps in order
 *   options.c    the command line and --help
 *   log.c        arrival logs: the timestamp column and its formats
 *   profile.c    arrivals -> 336 half-hour contact counts; profile files; demo
 *   staffing.c   agents per half hour (Erlang C or A, from the library)
 *   calendar.c   the business calendar and the reference week
 *   heatmap.c    the terminal heat maps
 *   svg.c        the SVG chart
 *   report.c     the text report and the CSV table
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) The libsla authors
 */
#ifndef SLA_STAFF_H
#define SLA_STAFF_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <libsla/sla.h>

#include "../common/tool.h"

enum { EXIT_OK = TOOL_OK, EXIT_FAIL = TOOL_FAIL, EXIT_USAGE = TOOL_USAGE };

#define NB            336  /* half-hour buckets in a week */
#define BUCKET        1800 /* seconds per bucket */
#define PER_DAY       48
#define MAX_HOLIDAYS  512
#define MAX_BAD_SHOWN 5 /* bad log rows described one by one on stderr */

extern const char *const day_names[7];

struct options {
    const char *log, *profile, *time_column, *tz, *hours, *svg;
    const char *from, *to, *week;
    const char *holidays[MAX_HOLIDAYS];
    size_t n_holidays;
    bool demo, csv, hourly, color, plain;
    double aht, level, answer_time, max_occupancy, shrinkage, patience;
};

struct log_result {
    int64_t *t;
    size_t n, cap;
    size_t rows, skipped;
    long first_bad_line;
    char column[64];
};

struct window {
    int64_t first_day, last_day; /* local days, inclusive */
    size_t used, before, after;
    double weeks;
};

struct report {
    const char *source;
    double profile[NB];
    int agents[NB], scheduled[NB];
    double open_fraction[NB];
    double closed_contacts, closed_share;
};

/* options.c */
int parse_options(int argc, char **argv, struct options *o, bool *want_help);
void help(void);
/* log.c */
int read_log(const struct options *o, const sla_calendar *cal, struct log_result *res);
/* profile.c */
int build_log_profile(const struct options *o, const sla_calendar *cal, const struct log_result *lg,
                      double *profile, struct window *win);
int read_profile(const char *path, double *profile);
void demo_profile(double *profile);
/* staffing.c */
int staff(const struct options *o, const double *profile, int *agents, int *scheduled);
/* calendar.c */
int build_calendar(const struct options *o, sla_calendar **ret);
int reference_week(const sla_calendar *cal, int64_t day, int64_t *ret_start, int64_t *ret_monday);
/* heatmap.c */
enum style { STYLE_ASCII, STYLE_SHADES, STYLE_COLOR };
void heat_map(const char *title, const double *v, bool sum_hours, int cols, enum style st,
              const char *row_label, int decimals);
/* svg.c */
int write_svg(const struct options *o, const struct report *rp);
/* report.c */
void format_bucket(int b, char *buf, size_t size);
void format_hours(double secs, char *buf, size_t size);
void print_csv(const struct report *rp);
int print_report(const struct options *o, const sla_calendar *cal, int64_t week_start,
                 const struct report *rp);

#endif
