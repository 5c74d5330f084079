/*
 * sla-staff: arrival logs: the timestamp column and its formats
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) The libsla authors
 */
#include "staff.h"

#include "../common/csv.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/*
 * Twitter's created_at: "Tue Oct 31 22:10:47 +0000 2017" (weekday, month,
 * day, time, UTC offset, year; single spaces). The weekday must match.
 */
static bool parse_twitter_time(const char *s, int64_t *ret)
{
    static const char *const months[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int wd = -1, mon = -1;
    for (int i = 0; i < 7; i++)
        if (strncmp(s, day_names[i], 3) == 0)
            wd = i;
    if (wd < 0 || s[3] != ' ')
        return false;
    for (int i = 0; i < 12; i++)
        if (strncmp(s + 4, months[i], 3) == 0)
            mon = i + 1;
    if (mon < 0 || s[7] != ' ')
        return false;
    int day, hh, mm, ss, oh, om, year;
    char sign;
    int used = 0;
    if (sscanf(s + 8, "%2d %2d:%2d:%2d %c%2d%2d %4d%n", &day, &hh, &mm, &ss, &sign, &oh, &om, &year,
               &used) != 8)
        return false;
    if (*csv_skip_space(s + 8 + used) != '\0')
        return false;
    if ((sign != '+' && sign != '-') || year < 1970 || year > 2199 || day < 1 ||
        day > civil_month_length(year, mon) || hh > 23 || mm > 59 || ss > 59 || oh > 23 ||
        om > 59 || hh < 0 || mm < 0 || ss < 0 || oh < 0 || om < 0)
        return false;
    int64_t days = civil_days(year, mon, day);
    if (civil_weekday(days) != wd)
        return false;
    int64_t off = (sign == '-' ? -1 : 1) * (int64_t)(oh * 3600 + om * 60);
    int64_t t = days * 86400 + hh * 3600 + mm * 60 + ss - off;
    if (t < SLA_TIME_MIN || t >= SLA_TIME_MAX)
        return false;
    *ret = t;
    return true;
}

/*
 * A timestamp of a log row: Twitter's format, epoch seconds with an optional
 * fraction (dropped), or what sla_parse_instant() reads (RFC 3339, local
 * times in @p cal's zone), after dropping a fraction of a second from
 * "...HH:MM:SS.fff". Returns 0 or an SLA_E* code.
 */
static int parse_time(const sla_calendar *cal, const char *text, int64_t *ret)
{
    char buf[80];
    const char *s = csv_skip_space(text);
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    if (n == 0 || n >= sizeof buf)
        return SLA_EPARSE;
    memcpy(buf, s, n);
    buf[n] = '\0';
    if ((buf[0] >= 'A' && buf[0] <= 'Z') || (buf[0] >= 'a' && buf[0] <= 'z'))
        return parse_twitter_time(buf, ret) ? 0 : SLA_EPARSE;
    /* Drop a fraction of a second: after a run of digits that follows ':'
     * (clock time) or that is the whole text so far (epoch seconds). */
    char *dot = strchr(buf, '.');
    if (dot && dot > buf && dot[1] >= '0' && dot[1] <= '9') {
        char *p = dot - 1;
        while (p > buf && p[-1] >= '0' && p[-1] <= '9')
            p--;
        if (p == buf || p[-1] == ':') {
            char *e = dot + 1;
            while (*e >= '0' && *e <= '9')
                e++;
            memmove(dot, e, strlen(e) + 1);
        }
    }
    return sla_parse_instant(cal, buf, ret, NULL);
}

static bool name_is(const char *a, const char *b)
{
    return strcasecmp(a, b) == 0;
}

/* A header name that suggests arrival times. */
static int time_name_rank(const char *name)
{
    static const char *const exact[] = {
        "created_at", "created",      "createdat",   "creation_time",    "arrival",
        "arrived_at", "arrival_time", "received_at", "opened_at",        "timestamp",
        "time",       "datetime",     "date",        "completetimestamp"};
    for (size_t i = 0; i < sizeof exact / sizeof *exact; i++)
        if (name_is(name, exact[i]))
            return (int)(sizeof exact / sizeof *exact - i) + 100;
    if (strcasestr(name, "time") || strcasestr(name, "created") || strcasestr(name, "date"))
        return 1;
    return 0;
}

/* Read a log's arrivals. 0, or EXIT_FAIL / EXIT_USAGE after a message. */
int read_log(const struct options *o, const sla_calendar *cal, struct log_result *res)
{
    size_t len;
    char *buf = tool_load(o->log, &len);
    if (!buf)
        return EXIT_FAIL;
    csv_reader c;
    csv_init(&c, buf, len);

    long line;
    int col = -1;
    bool header = false;
    int rc = 0;
    /* The first non-blank record: a header unless one of its fields is a timestamp. */
    while (csv_next(&c, &line))
        if (!(c.nfields == 1 && *csv_skip_space(c.fields[0]) == '\0'))
            break;
    if (c.nfields == 0 || (c.nfields == 1 && *csv_skip_space(c.fields[0]) == '\0')) {
        fprintf(stderr, "%s: %s: empty file\n", tool_prog, o->log);
        rc = EXIT_FAIL;
        goto out;
    }
    size_t first_nfields = c.nfields;
    int64_t tmp;
    header = true;
    for (size_t i = 0; i < c.nfields; i++)
        if (parse_time(cal, c.fields[i], &tmp) == 0)
            header = false;
    if (o->time_column) {
        if (header)
            for (size_t i = 0; i < c.nfields && col < 0; i++)
                if (name_is(csv_skip_space(c.fields[i]), o->time_column))
                    col = (int)i;
        if (col < 0) {
            char *end;
            long k = strtol(o->time_column, &end, 10);
            if (*end == '\0' && k >= 1 && (size_t)k <= c.nfields)
                col = (int)k - 1;
        }
        if (col < 0) {
            fprintf(stderr, "%s: %s: no column '%s'%s\n", tool_prog, o->log, o->time_column,
                    header ? " in the header" : " (the file has no header; give a number)");
            rc = EXIT_USAGE;
            goto out;
        }
    } else if (header) {
        int best = 0;
        for (size_t i = 0; i < c.nfields; i++) {
            int rank = time_name_rank(csv_skip_space(c.fields[i]));
            if (rank > best) {
                best = rank;
                col = (int)i;
            }
        }
    }
    snprintf(res->column, sizeof res->column, "%s",
             header && col >= 0 ? csv_skip_space(c.fields[col]) : "");
    if (col >= 0 && !header)
        snprintf(res->column, sizeof res->column, "%d", col + 1);
    /* Header names stay valid: later records are unescaped further on. */
    char **hdr = NULL;
    size_t nhdr = 0;
    if (header) {
        nhdr = c.nfields;
        hdr = xmalloc(nhdr * sizeof *hdr);
        for (size_t i = 0; i < nhdr; i++)
            hdr[i] = (char *)csv_skip_space(c.fields[i]);
    }
    if (!header) {
        /* The first record is data: rewind to read it again. */
        free(buf);
        buf = tool_load(o->log, &len);
        if (!buf)
            return EXIT_FAIL;
        csv_free(&c);
        csv_init(&c, buf, len);
    }

    bool col_chosen = col >= 0;
    while (csv_next(&c, &line)) {
        if (c.nfields == 1 && *csv_skip_space(c.fields[0]) == '\0')
            continue; /* blank line */
        res->rows++;
        if (!col_chosen) {
            /* No name told us: the first field of this row that reads as a
             * timestamp (a plain number only when nothing else does). */
            int numeric = -1;
            for (size_t i = 0; i < c.nfields && col < 0; i++) {
                const char *f = csv_skip_space(c.fields[i]);
                bool digits = *f != '\0' && strspn(f, "0123456789.") == strlen(f);
                if (parse_time(cal, f, &tmp) == 0) {
                    if (!digits)
                        col = (int)i;
                    else if (numeric < 0)
                        numeric = (int)i;
                }
            }
            if (col < 0)
                col = numeric;
            if (col >= 0) {
                col_chosen = true;
                if (header && (size_t)col < nhdr)
                    snprintf(res->column, sizeof res->column, "%s", hdr[col]);
                else
                    snprintf(res->column, sizeof res->column, "%d", col + 1);
            }
        }
        int r = SLA_EPARSE;
        const char *why = "no timestamp";
        int64_t t = 0;
        if (col >= 0 && (size_t)col < c.nfields) {
            r = parse_time(cal, c.fields[col], &t);
            why = r == SLA_ERANGE ? "timestamp outside 1970-2199" : "cannot read timestamp";
        } else if (col >= 0) {
            why = "too few fields";
        }
        if (r != 0) {
            if (res->skipped < MAX_BAD_SHOWN) {
                const char *f = col >= 0 && (size_t)col < c.nfields ? c.fields[col] : "";
                fprintf(stderr, "%s: %s:%ld: skipped: %s '%.40s'%s (%zu of %zu fields)\n",
                        tool_prog, o->log, line, why, f, strlen(f) > 40 ? "..." : "", c.nfields,
                        first_nfields);
            }
            if (res->skipped == 0)
                res->first_bad_line = line;
            res->skipped++;
            continue;
        }
        if (res->n == res->cap) {
            res->cap = res->cap ? res->cap * 2 : 4096;
            res->t = xrealloc(res->t, res->cap * sizeof *res->t);
        }
        res->t[res->n++] = t;
    }
    if (res->skipped > 0)
        fprintf(stderr, "%s: %s: skipped %zu of %zu rows (%.2f %%), the first at line %ld\n",
                tool_prog, o->log, res->skipped, res->rows,
                100.0 * (double)res->skipped / (double)res->rows, res->first_bad_line);
    if (res->n == 0) {
        fprintf(stderr, "%s: %s: no usable rows%s\n", tool_prog, o->log,
                col < 0 ? " (no column holds a timestamp; see --time-column)" : "");
        rc = EXIT_FAIL;
    }
    free(hdr);
out:
    csv_free(&c);
    free(buf);
    return rc;
}
