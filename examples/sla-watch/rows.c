/*
 * sla-watch event log reader (see rows.h).
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) The libsla authors
 */
#include "rows.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/csv.h"

static const char *const col_names[WATCH_COLS] = {"ticket", "time", "event", "channel", "priority"};

/* Aliases of each column (after normalisation: lower case, '_' for ' ', '-', '.'). */
static const char *const col_aliases[WATCH_COLS][10] = {
    {"ticket", "id", "ticket_id", "case", "case_id", "caseid", "issue", "issue_id", "number", NULL},
    {"time", "timestamp", "at", "datetime", "date", "event_time", "completetimestamp", NULL},
    {"event", "type", "event_type", "action", "activity", NULL},
    {"channel", "via", "source", "medium", NULL},
    {"priority", "prio", "severity", "urgency", NULL},
};

const char *watch_column_name(int c)
{
    return c >= 0 && c < WATCH_COLS ? col_names[c] : NULL;
}

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    while (*s)
        h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
    return h;
}

/* The slot of `id`: its entry, or the empty slot where it would go. */
static watch_ticket *slot_of(watch_ticket *v, size_t cap, const char *id)
{
    size_t i;
    for (i = hash_str(id) & (cap - 1);; i = (i + 1) & (cap - 1))
        if (!v[i].id || strcmp(v[i].id, id) == 0)
            return &v[i];
}

watch_ticket *watch_log_find(const watch_log *log, const char *id)
{
    watch_ticket *e;
    if (!log->cap)
        return NULL;
    e = slot_of(log->v, log->cap, id);
    return e->id ? e : NULL;
}

/* Room for one more entry. */
static int reserve(watch_log *log)
{
    size_t ncap, i;
    watch_ticket *nv;
    if ((log->n + 1) * 2 <= log->cap)
        return 0;
    ncap = log->cap ? log->cap * 2 : 64;
    nv = calloc(ncap, sizeof *nv);
    if (!nv)
        return -1;
    for (i = 0; i < log->cap; i++)
        if (log->v[i].id)
            *slot_of(nv, ncap, log->v[i].id) = log->v[i];
    free(log->v);
    log->v = nv;
    log->cap = ncap;
    return 0;
}

int watch_log_init(watch_log *log, const sla_policy *policy, const sla_calendar *zone)
{
    int c;
    memset(log, 0, sizeof *log);
    log->policy = policy;
    log->zone = zone;
    log->last_event = SLA_NO_TIME;
    log->as_of = SLA_NO_TIME;
    for (c = 0; c < WATCH_COLS; c++)
        log->col[c] = -1;
    return sla_diag_new(&log->diag) < 0 ? SLA_ENOMEM : 0;
}

void watch_log_free(watch_log *log)
{
    size_t i;
    for (i = 0; i < log->cap; i++)
        if (log->v[i].id) {
            sla_ticket_free(log->v[i].t);
            free(log->v[i].id);
        }
    free(log->v);
    free(log->errors);
    sla_diag_free(log->diag);
    memset(log, 0, sizeof *log);
}

/* Record an error message ("FILE:LINE: ..." or "line LINE: ..."); ln 0: no line. */
static int fail(watch_log *log, long ln, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(watch_log *log, long ln, const char *fmt, ...)
{
    char msg[512];
    int n = 0;
    size_t len;
    va_list ap;

    if (ln > 0 && log->name)
        n = snprintf(msg, sizeof msg, "%s:%ld: ", log->name, ln);
    else if (ln > 0)
        n = snprintf(msg, sizeof msg, "line %ld: ", ln);
    else if (log->name)
        n = snprintf(msg, sizeof msg, "%s: ", log->name);
    va_start(ap, fmt);
    vsnprintf(msg + n, sizeof msg - (size_t)n, fmt, ap);
    va_end(ap);
    if (!log->err[0])
        snprintf(log->err, sizeof log->err, "%s", msg);
    len = strlen(msg);
    if (log->errors_len + len + 2 > log->errors_cap) {
        size_t ncap = log->errors_cap ? log->errors_cap * 2 : 1024;
        char *ne;
        while (ncap < log->errors_len + len + 2)
            ncap *= 2;
        ne = realloc(log->errors, ncap);
        if (!ne)
            return -1; /* the first message stays in log->err */
        log->errors = ne;
        log->errors_cap = ncap;
    }
    memcpy(log->errors + log->errors_len, msg, len);
    log->errors_len += len;
    log->errors[log->errors_len++] = '\n';
    log->errors[log->errors_len] = '\0';
    return -1;
}

static char *trim(char *s)
{
    char *e;
    while (*s == ' ' || *s == '\t')
        s++;
    e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
        *--e = '\0';
    return s;
}

/* A header name, normalised: lower case, ' ', '-' and '.' as '_', trimmed. */
static void normalise(const char *s, char *out, size_t size)
{
    size_t n = 0;
    const char *e;
    while (*s == ' ' || *s == '\t')
        s++;
    e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
        e--;
    for (; s < e && n + 1 < size; s++) {
        char c = *s;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        else if (c == ' ' || c == '-' || c == '.')
            c = '_';
        out[n++] = c;
    }
    out[n] = '\0';
}

int watch_log_map(watch_log *log, const char *spec)
{
    const char *eq = strchr(spec, '=');
    int c;
    if (!eq || eq == spec || !eq[1]) {
        snprintf(log->err, sizeof log->err,
                 "--column '%s': expected NAME=HEADER, e.g. "
                 "'time=CompleteTimestamp'",
                 spec);
        return -1;
    }
    for (c = 0; c < WATCH_COLS; c++)
        if (strlen(col_names[c]) == (size_t)(eq - spec) &&
            !strncmp(col_names[c], spec, (size_t)(eq - spec))) {
            log->map[c] = eq + 1;
            return 0;
        }
    snprintf(log->err, sizeof log->err,
             "--column '%s': unknown column '%.*s' (the columns are ticket, time, event, "
             "channel, priority)",
             spec, (int)(eq - spec), spec);
    return -1;
}

/* The column that header name @p name stands for, or -1. */
static int column_of(const watch_log *log, const char *name)
{
    char norm[64], want[64];
    int c, k;
    normalise(name, norm, sizeof norm);
    for (c = 0; c < WATCH_COLS; c++)
        if (log->map[c]) {
            normalise(log->map[c], want, sizeof want);
            if (!strcmp(norm, want))
                return c;
        }
    for (c = 0; c < WATCH_COLS; c++) {
        if (log->map[c])
            continue; /* mapped: only the given name */
        for (k = 0; col_aliases[c][k]; k++)
            if (!strcmp(norm, col_aliases[c][k]))
                return c;
    }
    return -1;
}

/* The header names joined for a message. */
static void header_list(const csv_reader *cr, char *buf, size_t size)
{
    size_t i, n = 0;
    buf[0] = '\0';
    for (i = 0; i < cr->nfields && n + 1 < size; i++) {
        int w = snprintf(buf + n, size - n, "%s%s", i ? ", " : "", trim(cr->fields[i]));
        if (w < 0)
            break;
        n += (size_t)w < size - n ? (size_t)w : size - n - 1;
    }
}

static int read_header(watch_log *log, const csv_reader *cr, long ln)
{
    char have[256];
    size_t i;
    int c, missing = 0;
    char names[128] = "";

    for (c = 0; c < WATCH_COLS; c++)
        log->col[c] = -1;
    if (cr->nul_field >= 0)
        return fail(log, ln, "the header holds a NUL byte in field %ld", cr->nul_field + 1);
    for (i = 0; i < cr->nfields; i++) {
        c = column_of(log, cr->fields[i]);
        if (c >= 0 && log->col[c] < 0)
            log->col[c] = (int)i;
    }
    header_list(cr, have, sizeof have);
    if (log->col[WATCH_COL_TICKET] < 0 && log->col[WATCH_COL_TIME] < 0 &&
        log->col[WATCH_COL_EVENT] < 0)
        return fail(log, ln,
                    "no header row: the first row must name the columns, e.g. "
                    "'ticket,time,event,channel,priority' (it is '%.200s')",
                    have);
    for (c = 0; c < WATCH_COLS; c++)
        if (log->map[c] && log->col[c] < 0)
            return fail(log, ln, "--column %s=%s: the header has no column '%s' (it has: %.200s)",
                        col_names[c], log->map[c], log->map[c], have);
    for (c = WATCH_COL_TICKET; c <= WATCH_COL_EVENT; c++)
        if (log->col[c] < 0) {
            size_t n = strlen(names);
            snprintf(names + n, sizeof names - n, "%s'%s'", missing++ ? " and " : "", col_names[c]);
        }
    if (missing)
        return fail(log, ln,
                    "missing column%s %s (the header has: %.200s; map another with "
                    "--column NAME=HEADER)",
                    missing > 1 ? "s" : "", names, have);
    return 0;
}

/* Field @p c of the record, trimmed; "" when the row is too short or the column absent. */
static char *field(const watch_log *log, const csv_reader *cr, int c)
{
    static char empty[1];
    int i = log->col[c];
    empty[0] = '\0';
    if (i < 0 || (size_t)i >= cr->nfields)
        return empty;
    return trim(cr->fields[i]);
}

/* Apply one data row. 0, or -1 after fail() (nothing changed). */
static int apply_row(watch_log *log, const csv_reader *cr, long ln)
{
    char *id, *ev, *tm, *chs, *prs;
    int ch = SLA_CHANNEL_EMAIL, pr = SLA_PRIORITY_NORMAL, val, r;
    int64_t t;
    watch_ticket *e;

    if (cr->nul_field >= 0) {
        long f = cr->nul_field;
        int c;
        for (c = 0; c < WATCH_COLS; c++)
            if (log->col[c] == f)
                return fail(log, ln, "column '%s' holds a NUL byte", col_names[c]);
        return fail(log, ln, "field %ld holds a NUL byte", f + 1);
    }
    id = field(log, cr, WATCH_COL_TICKET);
    tm = field(log, cr, WATCH_COL_TIME);
    ev = field(log, cr, WATCH_COL_EVENT);
    chs = field(log, cr, WATCH_COL_CHANNEL);
    prs = field(log, cr, WATCH_COL_PRIORITY);
    if (!*id)
        return fail(log, ln, "empty ticket id");
    if (!*tm)
        return fail(log, ln, "ticket '%s': empty time", id);
    if (!*ev)
        return fail(log, ln, "ticket '%s': empty event", id);
    if (sla_parse_instant(log->zone, tm, &t, log->diag) < 0)
        return fail(log, ln, "time '%s': %s", tm, sla_diag_message(log->diag));
    if (*chs && sla_policy_channel(log->policy, chs, &ch) < 0)
        return fail(log, ln,
                    "unknown channel '%s' (email, chat, phone, social, messaging, web, "
                    "or declare it in the policy with 'channel %s')",
                    chs, chs);
    if (*prs && sla_name_lookup(2, prs, &pr) < 0)
        return fail(log, ln, "unknown priority '%s' (low, normal, high, urgent)", prs);
    if (strcmp(ev, "created") && strcmp(ev, "customer") && strcmp(ev, "reply") &&
        strcmp(ev, "note") &&
        !(!strncmp(ev, "status:", 7) && sla_name_lookup(1, ev + 7, &val) == 0) &&
        !(!strncmp(ev, "priority:", 9) && sla_name_lookup(2, ev + 9, &val) == 0) &&
        !(!strncmp(ev, "channel:", 8) && sla_policy_channel(log->policy, ev + 8, &val) == 0))
        return fail(log, ln,
                    "unknown event '%s' (created, customer, reply, note, status:S, "
                    "priority:P, channel:C)",
                    ev);
    if (log->as_of != SLA_NO_TIME && t > log->as_of) {
        log->ignored++;
        return 0;
    }
    e = watch_log_find(log, id);
    if (e && log->hook && strcmp(ev, "created"))
        log->hook(log->hook_ctx, e, t, 0);
    if (!strcmp(ev, "created")) {
        sla_ticket *tk = NULL;
        char *copy;
        if (e)
            return fail(log, ln, "ticket '%s' created twice", id);
        if ((r = sla_ticket_new(log->policy, t, ch, pr, &tk)) < 0)
            return fail(log, ln, "ticket '%s': %s", id, sla_strerror(r));
        copy = strdup(id);
        if (!copy || reserve(log) < 0) {
            free(copy);
            sla_ticket_free(tk);
            return fail(log, ln, "out of memory");
        }
        e = slot_of(log->v, log->cap, id);
        e->id = copy;
        e->t = tk;
        e->replied_at = SLA_NO_TIME;
        log->n++;
        r = 0;
    } else if (!e) {
        return fail(log, ln, "ticket '%s' has no 'created' event before", id);
    } else if (!strcmp(ev, "customer")) {
        r = sla_ticket_customer_message(e->t, t, ch);
    } else if (!strcmp(ev, "reply")) {
        r = sla_ticket_agent_reply(e->t, t);
        if (r == 0 && e->replied_at == SLA_NO_TIME)
            e->replied_at = t;
    } else if (!strcmp(ev, "note")) {
        r = sla_ticket_note(e->t, t);
    } else if (!strncmp(ev, "status:", 7)) {
        sla_name_lookup(1, ev + 7, &val);
        r = sla_ticket_set_status(e->t, t, val);
    } else if (!strncmp(ev, "priority:", 9)) {
        sla_name_lookup(2, ev + 9, &val);
        r = sla_ticket_set_priority(e->t, t, val);
    } else {
        sla_policy_channel(log->policy, ev + 8, &val);
        r = sla_ticket_set_channel(e->t, t, val);
    }
    if (r == SLA_EORDER) {
        int64_t last = 0;
        char when[64] = "?";
        sla_ticket_info(e->t, NULL, NULL, NULL, NULL, &last);
        sla_format_instant(log->zone, last, when, sizeof when);
        return fail(log, ln,
                    "ticket '%s': this event (%s) is older than the ticket's previous one (%s); "
                    "the log must be in time order for each ticket",
                    id, tm, when);
    }
    if (r == SLA_ECLOSED)
        return fail(log, ln, "ticket '%s': an event after the ticket was closed", id);
    if (r < 0)
        return fail(log, ln, "ticket '%s': %s", id, sla_strerror(r));
    if (log->hook)
        log->hook(log->hook_ctx, e, t, 1);
    if (log->last_event == SLA_NO_TIME || t > log->last_event)
        log->last_event = t;
    return 0;
}

/* A record that is skipped: blank, or a '#' comment. */
static bool skipped(const csv_reader *cr)
{
    return csv_blank(cr) || (cr->nul_field != 0 && *csv_skip_space(cr->fields[0]) == '#');
}

int watch_log_text(watch_log *log, char *text, size_t len)
{
    csv_reader cr;
    long ln;
    bool header = false;
    int rc = 0;

    csv_init(&cr, text, len);
    while (csv_next(&cr, &ln)) {
        if (skipped(&cr))
            continue;
        if (!header) {
            if (read_header(log, &cr, ln) < 0) {
                rc = -1;
                break;
            }
            header = true;
            continue;
        }
        log->rows++;
        if (apply_row(log, &cr, ln) < 0) {
            rc = -1;
            if (++log->bad >= WATCH_MAX_BAD_ROWS) {
                fail(log, 0, "stopped after %d bad rows", WATCH_MAX_BAD_ROWS);
                break;
            }
        }
    }
    if (!header && rc == 0) {
        fail(log, 0, "no header row (the file is empty)");
        rc = -1;
    }
    csv_free(&cr);
    return rc;
}
