/*
 * sla-staff: arrival profiles: from a log, a file or the demo
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) The libsla authors
 */
#include "staff.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/*
 * Arrivals -> average contacts per half hour of the week in local time.
 * The window is whole local days: --from/--to, else the first and last
 * busy days. Each bucket is divided by the number of times its weekday
 * occurs in the window, so partial weeks at the ends count by their days.
 */
int build_log_profile(const struct options *o, const sla_calendar *cal, const struct log_result *lg,
                      double *profile, struct window *win)
{
    size_t n = lg->n;
    int64_t *day = xmalloc(n * sizeof *day);
    int *bucket = xmalloc(n * sizeof *bucket);
    int64_t dmin = INT64_MAX, dmax = INT64_MIN;
    for (size_t i = 0; i < n; i++) {
        int off = 0;
        int r = sla_calendar_utc_offset(cal, lg->t[i], &off);
        if (r != 0) {
            fprintf(stderr, "%s: %s\n", tool_prog, sla_strerror(r));
            free(day);
            free(bucket);
            return EXIT_FAIL;
        }
        int64_t local = lg->t[i] + off;
        day[i] = civil_floordiv(local, 86400);
        int64_t sec = local - day[i] * 86400;
        bucket[i] = civil_weekday(day[i]) * PER_DAY + (int)(sec / BUCKET);
        if (day[i] < dmin)
            dmin = day[i];
        if (day[i] > dmax)
            dmax = day[i];
    }
    /* Busy days: at least a quarter of the median count of the days that
     * have arrivals. Leading and trailing days below that are a sparse tail
     * (stray old messages), not a period the log covers. */
    size_t ndays = (size_t)(dmax - dmin + 1);
    size_t *count = calloc(ndays, sizeof *count);
    if (!count) {
        fprintf(stderr, "%s: out of memory\n", tool_prog);
        exit(EXIT_FAIL);
    }
    for (size_t i = 0; i < n; i++)
        count[day[i] - dmin]++;
    size_t nz = 0;
    for (size_t d = 0; d < ndays; d++)
        if (count[d])
            count[nz++] = count[d]; /* compacted copy for the median, below */
    /* (count[] is rebuilt after the median.) */
    size_t *sorted = xmalloc(nz * sizeof *sorted);
    memcpy(sorted, count, nz * sizeof *sorted);
    for (size_t i = 1; i < nz; i++) { /* insertion sort: at most one entry per day */
        size_t v = sorted[i], j = i;
        while (j > 0 && sorted[j - 1] > v) {
            sorted[j] = sorted[j - 1];
            j--;
        }
        sorted[j] = v;
    }
    double median = nz % 2 ? (double)sorted[nz / 2]
                           : ((double)sorted[nz / 2 - 1] + (double)sorted[nz / 2]) / 2.0;
    free(sorted);
    memset(count, 0, ndays * sizeof *count);
    for (size_t i = 0; i < n; i++)
        count[day[i] - dmin]++;
    double thr = median / 4.0;
    int64_t d0 = dmin, d1 = dmax;
    while (d0 < d1 && (double)count[d0 - dmin] < thr)
        d0++;
    while (d1 > d0 && (double)count[d1 - dmin] < thr)
        d1--;
    free(count);
    int y, m, d;
    if (o->from && civil_parse_date(o->from, &y, &m, &d, NULL, 0))
        d0 = civil_days(y, m, d);
    if (o->to && civil_parse_date(o->to, &y, &m, &d, NULL, 0))
        d1 = civil_days(y, m, d);
    if (d1 < d0) {
        fprintf(stderr, "%s: --from is after --to\n", tool_prog);
        free(day);
        free(bucket);
        return EXIT_USAGE;
    }

    double occ[7] = {0};
    int64_t span = d1 - d0 + 1;
    for (int w = 0; w < 7; w++)
        occ[w] = (double)(span / 7);
    for (int64_t k = 0; k < span % 7; k++)
        occ[civil_weekday(d0 + k)] += 1.0;
    double sums[NB] = {0};
    memset(win, 0, sizeof *win);
    for (size_t i = 0; i < n; i++) {
        if (day[i] < d0)
            win->before++;
        else if (day[i] > d1)
            win->after++;
        else {
            sums[bucket[i]] += 1.0;
            win->used++;
        }
    }
    free(day);
    free(bucket);
    for (int b = 0; b < NB; b++)
        profile[b] = occ[b / PER_DAY] > 0 ? sums[b] / occ[b / PER_DAY] : 0.0;
    win->first_day = d0;
    win->last_day = d1;
    win->weeks = (double)span / 7.0;
    if (win->used == 0) {
        fprintf(stderr, "%s: %s: no arrivals between --from and --to\n", tool_prog, o->log);
        return EXIT_FAIL;
    }
    if (span < 7)
        fprintf(stderr,
                "%s: %s: the log covers only %lld day%s; weekdays it does not cover count "
                "as no contacts\n",
                tool_prog, o->log, (long long)span, span == 1 ? "" : "s");
    return 0;
}

/* A profile file: 336 numbers. 0 or EXIT_FAIL after a message. */
int read_profile(const char *path, double *profile)
{
    size_t len;
    char *buf = tool_load(path, &len);
    if (!buf)
        return EXIT_FAIL;
    size_t k = 0;
    long line = 1;
    char *p = buf;
    int rc = 0;
    while (*p) {
        if (*p == '\n') {
            line++;
            p++;
            continue;
        }
        if (*p == ' ' || *p == '\t' || *p == '\r' || *p == ',' || *p == ';') {
            p++;
            continue;
        }
        if (*p == '#') {
            while (*p && *p != '\n')
                p++;
            continue;
        }
        char *end;
        errno = 0;
        double v = strtod(p, &end);
        if (end == p || errno != 0 || !isfinite(v) || v < 0 ||
            (*end && !strchr(" \t\r\n,;#", *end))) {
            char *e = p;
            while (*e && !strchr(" \t\r\n,;", *e))
                e++;
            fprintf(stderr, "%s: %s:%ld: not a count of contacts (a number >= 0): '%.*s'\n",
                    tool_prog, path, line, (int)(e - p > 40 ? 40 : e - p), p);
            rc = EXIT_FAIL;
            break;
        }
        if (k == NB) {
            fprintf(stderr, "%s: %s:%ld: more than %d numbers (one per half hour of the week)\n",
                    tool_prog, path, line, NB);
            rc = EXIT_FAIL;
            break;
        }
        profile[k++] = v;
        p = end;
    }
    if (rc == 0 && k != NB) {
        fprintf(stderr,
                "%s: %s: %zu numbers; a profile has %d (one per half hour, Monday "
                "00:00 first)\n",
                tool_prog, path, k, NB);
        rc = EXIT_FAIL;
    }
    free(buf);
    return rc;
}

/*
 * The demo: a consumer help line with a daytime plateau and a sharper
 * evening peak around 20:30, quieter at weekends except for the evening.
 */
void demo_profile(double *profile)
{
    static const double day_scale[7] = {1.15, 1.05, 1.0, 1.0, 0.95, 0.75, 0.85};
    for (int b = 0; b < NB; b++) {
        int wd = b / PER_DAY;
        double h = (b % PER_DAY) / 2.0 + 0.25;
        double day = exp(-pow((h - 13.0) / 3.6, 2.0));
        double eve = exp(-pow((h - 20.5) / 1.5, 2.0));
        double night = 0.6 + 0.4 * cos((h - 3.0) / 24.0 * 2.0 * M_PI);
        double weekend = wd >= 5 ? 0.6 : 1.0;
        double v = day_scale[wd] * (1.5 * night + 16.0 * weekend * day + 22.0 * eve);
        profile[b] = round(v * 10.0) / 10.0;
    }
}
