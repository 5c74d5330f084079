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
    memset(log, 0, sizeof *log);
    log->policy = policy;
    log->zone = zone;
    log->last_event = SLA_NO_TIME;
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
    sla_diag_free(log->diag);
    memset(log, 0, sizeof *log);
}

static int fail(watch_log *log, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(watch_log *log, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(log->err, sizeof log->err, fmt, ap);
    va_end(ap);
    return -1;
}

/* Split a CSV line in place into at most `max` fields (no quoting). */
static int split_csv(char *line, char **f, int max)
{
    int n = 0;
    char *p = line;
    while (n < max) {
        f[n++] = p;
        p = strchr(p, ',');
        if (!p)
            break;
        *p++ = '\0';
    }
    return n;
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

int watch_log_line(watch_log *log, char *line, int ln)
{
    char *f[6], *id, *ev, *s;
    int nf, ch = SLA_CHANNEL_EMAIL, pr = SLA_PRIORITY_NORMAL, val, r;
    int64_t t;
    watch_ticket *e;

    s = trim(line);
    if (*s == '\0' || *s == '#' || (ln == 1 && !strncmp(s, "ticket", 6)))
        return 0;
    nf = split_csv(s, f, 6);
    if (nf < 3)
        return fail(log, "line %d: expected ticket,time,event[,channel,priority]", ln);
    id = trim(f[0]);
    ev = trim(f[2]);
    if (!*id)
        return fail(log, "line %d: empty ticket id", ln);
    if (sla_parse_instant(log->zone, trim(f[1]), &t, log->diag) < 0)
        return fail(log, "line %d: time '%s': %s", ln, trim(f[1]), sla_diag_message(log->diag));
    if (nf > 3 && *trim(f[3]) && sla_policy_channel(log->policy, trim(f[3]), &ch) < 0)
        return fail(log,
                    "line %d: unknown channel '%s' (declare it in the policy with 'channel %s')",
                    ln, trim(f[3]), trim(f[3]));
    if (nf > 4 && *trim(f[4]) && sla_name_lookup(2, trim(f[4]), &pr) < 0)
        return fail(log, "line %d: unknown priority '%s' (low, normal, high, urgent)", ln,
                    trim(f[4]));
    e = watch_log_find(log, id);
    if (!strcmp(ev, "created")) {
        sla_ticket *tk = NULL;
        char *copy;
        if (e)
            return fail(log, "line %d: ticket '%s' created twice", ln, id);
        if ((r = sla_ticket_new(log->policy, t, ch, pr, &tk)) < 0)
            return fail(log, "line %d: ticket '%s': %s", ln, id, sla_strerror(r));
        copy = strdup(id);
        if (!copy || reserve(log) < 0) {
            free(copy);
            sla_ticket_free(tk);
            return fail(log, "line %d: out of memory", ln);
        }
        e = slot_of(log->v, log->cap, id);
        e->id = copy;
        e->t = tk;
        log->n++;
        r = 0;
    } else if (!e) {
        return fail(log, "line %d: ticket '%s' has no 'created' event before", ln, id);
    } else if (!strcmp(ev, "customer")) {
        r = sla_ticket_customer_message(e->t, t, ch);
    } else if (!strcmp(ev, "reply")) {
        r = sla_ticket_agent_reply(e->t, t);
    } else if (!strcmp(ev, "note")) {
        r = sla_ticket_note(e->t, t);
    } else if (!strncmp(ev, "status:", 7) && sla_name_lookup(1, ev + 7, &val) == 0) {
        r = sla_ticket_set_status(e->t, t, val);
    } else if (!strncmp(ev, "priority:", 9) && sla_name_lookup(2, ev + 9, &val) == 0) {
        r = sla_ticket_set_priority(e->t, t, val);
    } else if (!strncmp(ev, "channel:", 8) && sla_policy_channel(log->policy, ev + 8, &val) == 0) {
        r = sla_ticket_set_channel(e->t, t, val);
    } else {
        return fail(log,
                    "line %d: unknown event '%s' (created, customer, reply, note, status:S, "
                    "priority:P, channel:C)",
                    ln, ev);
    }
    if (r < 0)
        return fail(log, "line %d: ticket '%s': %s", ln, id, sla_strerror(r));
    if (log->last_event == SLA_NO_TIME || t > log->last_event)
        log->last_event = t;
    return 0;
}

int watch_log_text(watch_log *log, char *text)
{
    char *line, *next;
    int ln;
    for (line = text, ln = 1; line && *line; line = next, ln++) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        if (watch_log_line(log, line, ln) < 0)
            return -1;
    }
    return 0;
}
