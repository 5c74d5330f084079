/* Benchmark of wake-ups, crossings and rebase, and the whole pipeline at a
 * million tickets: replay a generated event log, save every ticket, rebase
 * all onto a calendar that gained a holiday, collect next changes.
 *
 *   bench-wake [TICKETS]    (default 1,000,000 for the pipeline)
 *
 * Per-ticket figures use thread CPU time (steadier on a shared machine); the
 * pipeline prints wall time, CPU time and peak memory.
 * SPDX-License-Identifier: MIT */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "libsla/sla.h"

#define H 3600
#define DAY 86400
/* Monday 2025-03-24T00:00:00Z: Oslo changes to summer time on the 30th. */
#define T0 ((int64_t)1742774400)

static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double wall_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static uint64_t rs = 88172645463325252ULL;
static uint32_t rnd(uint32_t n)
{
    rs ^= rs << 13;
    rs ^= rs >> 7;
    rs ^= rs << 17;
    return (uint32_t)(rs % n);
}

static const char *policy_text =
    "first_reply email,web * 15m calendar=biz warn=50,75,90\n"
    "first_reply chat * 30s warn=50\n"
    "next_reply email,web * 1h calendar=biz warn=50,90\n"
    "next_reply chat * 1m\n"
    "periodic_update * * 1d calendar=biz warn=50\n"
    "resolution * urgent 4h calendar=biz pause=pending,on_hold warn=50,75,90\n"
    "resolution * * 3d calendar=biz pause=pending warn=50,90\n"
    "first_resolution * * 5d calendar=biz\n"
    "requester_wait * * 2d calendar=biz warn=75\n"
    "agent_work * * 1d calendar=biz\n";

static sla_calendar *calendar(int extra_holiday)
{
    sla_calendar_builder *b;
    sla_calendar *c;
    if (sla_calendar_builder_new("Europe/Oslo", &b) ||
        sla_calendar_builder_set_hours(b, "Mo-Fr 08:00-16:00; PH off", NULL) ||
        sla_calendar_builder_add_holiday(b, 2025, 4, 17) ||
        sla_calendar_builder_add_holiday(b, 2025, 4, 18) ||
        sla_calendar_builder_add_holiday(b, 2025, 4, 21) ||
        (extra_holiday && sla_calendar_builder_add_holiday(b, 2025, 4, 1)) ||
        sla_calendar_builder_compile(b, &c)) {
        fprintf(stderr, "calendar failed\n");
        exit(1);
    }
    sla_calendar_builder_free(b);
    return c;
}

static sla_policy *policy(sla_calendar *cal)
{
    sla_policy *p;
    sla_diag *d;
    sla_diag_new(&d);
    if (sla_policy_new(&p) || sla_policy_add_calendar(p, "biz", cal) ||
        sla_policy_parse(p, policy_text, d)) {
        fprintf(stderr, "policy failed: %s\n", sla_diag_message(d));
        exit(1);
    }
    sla_diag_free(d);
    return p;
}

/* The generated log: per ticket its creation (instant, channel, priority),
 * then events as (seconds since the previous event, kind, argument). Ten of
 * them are recorded changes (status, priority, channel); replies and
 * customer messages come between; the ticket stays open. */
#define EVENTS 16
typedef struct {
    uint32_t dt;
    uint8_t kind, arg;
} lev;

typedef struct {
    int64_t created;
    uint8_t channel, priority;
    lev e[EVENTS];
} ltk;

static void gen(ltk *k, int64_t base)
{
    static const int kinds[EVENTS] = {
        SLA_EVENT_STATUS,   SLA_EVENT_REPLY,    SLA_EVENT_STATUS,   SLA_EVENT_CUSTOMER,
        SLA_EVENT_STATUS,   SLA_EVENT_PRIORITY, SLA_EVENT_REPLY,    SLA_EVENT_STATUS,
        SLA_EVENT_STATUS,   SLA_EVENT_CUSTOMER, SLA_EVENT_CHANNEL,  SLA_EVENT_NOTE,
        SLA_EVENT_STATUS,   SLA_EVENT_PRIORITY, SLA_EVENT_STATUS,   SLA_EVENT_CUSTOMER};
    static const int args[EVENTS] = {
        SLA_TICKET_OPEN,    0, SLA_TICKET_PENDING, SLA_CHANNEL_EMAIL,
        SLA_TICKET_OPEN,    SLA_PRIORITY_HIGH, 0, SLA_TICKET_ON_HOLD,
        SLA_TICKET_OPEN,    SLA_CHANNEL_EMAIL, SLA_CHANNEL_WEB, 0,
        SLA_TICKET_PENDING, SLA_PRIORITY_NORMAL, SLA_TICKET_OPEN, SLA_CHANNEL_WEB};
    int i;
    k->created = base + (int64_t)rnd(7 * DAY);
    k->channel = rnd(3) == 0 ? SLA_CHANNEL_CHAT : SLA_CHANNEL_EMAIL;
    k->priority = (uint8_t)rnd(4);
    for (i = 0; i < EVENTS; i++) {
        k->e[i].dt = 30 + rnd(i < 4 ? 1800 : 5 * H);
        k->e[i].kind = (uint8_t)kinds[i];
        k->e[i].arg = (uint8_t)args[i];
    }
}

static sla_ticket *replay(const sla_policy *p, const ltk *k, int64_t *ret_last)
{
    sla_ticket *t;
    int64_t at = k->created;
    int i;
    if (sla_ticket_new(p, at, k->channel, k->priority, &t)) {
        fprintf(stderr, "ticket failed\n");
        exit(1);
    }
    for (i = 0; i < EVENTS; i++) {
        at += k->e[i].dt;
        if (sla_ticket_apply(t, at, k->e[i].kind, k->e[i].arg)) {
            fprintf(stderr, "event failed\n");
            exit(1);
        }
    }
    *ret_last = at;
    return t;
}

static long peak_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

#define SMALL 100000

static void micro(const sla_policy *p, const sla_policy *p2)
{
    static ltk log[SMALL];
    sla_ticket **tk = malloc(SMALL * sizeof *tk);
    int64_t *last = malloc(SMALL * sizeof *last);
    unsigned char *bytes = malloc((size_t)SMALL * 256);
    int *len = malloc(SMALL * sizeof *len);
    double c0, c1;
    size_t i, n, empty = 0, pending = 0, changed = 0;
    int64_t x, sum = 0;
    int metric, kind, pct, ch, rep;
    int mets[40], pcts[40];
    int64_t inst[40];

    for (i = 0; i < SMALL; i++) {
        gen(&log[i], T0);
        tk[i] = replay(p, &log[i], &last[i]);
        len[i] = sla_ticket_save(tk[i], bytes + i * 256, 256);
        if (len[i] <= 0 || len[i] > 256) {
            fprintf(stderr, "save failed\n");
            exit(1);
        }
    }
    printf("tickets: %d, each %d events of which 10 recorded changes; saved %.0f bytes "
           "on average\n", SMALL, EVENTS, 0.0 + (double)len[0]);

    /* Next change, at the last event and a day later. */
    c0 = cpu_s();
    for (rep = 0; rep < 5; rep++)
        for (i = 0; i < SMALL; i++) {
            sla_ticket_next_change(tk[i], last[i] + rep * (DAY / 4), &x, &metric, &kind, &pct);
            pending += kind != SLA_CHANGE_NONE;
            sum += x;
        }
    c1 = cpu_s();
    printf("next change: %.3f us per ticket (%.0f%% with something pending)\n",
           (c1 - c0) * 1e6 / (5.0 * SMALL), 100.0 * (double)pending / (5.0 * SMALL));

    /* Crossings over a short interval just after the last event: mostly
     * nothing crossed (the figure that matters for a frequent job). */
    c0 = cpu_s();
    for (rep = 0; rep < 5; rep++)
        for (i = 0; i < SMALL; i++) {
            int64_t a = last[i] + 60 * rep;
            sla_ticket_crossings(tk[i], a, a + 60, mets, pcts, inst, 40, &n);
            empty += n == 0;
        }
    c1 = cpu_s();
    printf("crossings, one minute: %.3f us per ticket (%.1f%% with nothing crossed)\n",
           (c1 - c0) * 1e6 / (5.0 * SMALL), 100.0 * (double)empty / (5.0 * SMALL));
    c0 = cpu_s();
    n = 0;
    for (i = 0; i < SMALL; i++) {
        size_t k;
        sla_ticket_crossings(tk[i], log[i].created, last[i] + 7 * DAY, mets, pcts, inst, 40, &k);
        n += k;
    }
    c1 = cpu_s();
    printf("crossings, creation to a week after: %.3f us per ticket (%.1f crossings each)\n",
           (c1 - c0) * 1e6 / SMALL, (double)n / SMALL);

    /* Rebase from bytes onto a calendar with a holiday, with the
     * changed-or-not answer (restore + rebase + free). */
    c0 = cpu_s();
    for (i = 0; i < SMALL; i++) {
        sla_ticket *t;
        if (sla_ticket_rebase_saved(p, bytes + i * 256, (size_t)len[i], p2, last[i], NULL, &t,
                                    &ch)) {
            fprintf(stderr, "rebase failed\n");
            exit(1);
        }
        changed += ch != 0;
        sla_ticket_free(t);
    }
    c1 = cpu_s();
    printf("rebase from bytes onto a new calendar: %.0f tickets/s per core (%.2f us each; "
           "%.1f%% changed)\n",
           SMALL / (c1 - c0), (c1 - c0) * 1e6 / SMALL, 100.0 * (double)changed / SMALL);
    c0 = cpu_s();
    changed = 0;
    for (i = 0; i < SMALL; i++) {
        sla_ticket *t;
        sla_ticket_rebase_saved(p, bytes + i * 256, (size_t)len[i], p, last[i], NULL, &t, &ch);
        changed += ch != 0;
        sla_ticket_free(t);
    }
    c1 = cpu_s();
    printf("rebase from bytes onto the same policy: %.0f tickets/s (%.0f changed)\n",
           SMALL / (c1 - c0), (double)changed);
    c0 = cpu_s();
    for (i = 0; i < SMALL; i++) {
        sla_ticket *t;
        sla_ticket_restore(p, bytes + i * 256, (size_t)len[i], &t);
        sla_ticket_free(t);
    }
    c1 = cpu_s();
    printf("  of which restore alone: %.2f us\n", (c1 - c0) * 1e6 / SMALL);
    if (sum == 42)
        printf(" ");
    for (i = 0; i < SMALL; i++)
        sla_ticket_free(tk[i]);
    free(tk);
    free(last);
    free(bytes);
    free(len);
}

static void pipeline(const sla_policy *p, const sla_policy *p2, size_t count)
{
    ltk *log = malloc(count * sizeof *log);
    int64_t *last = malloc(count * sizeof *last);
    size_t *off = malloc((count + 1) * sizeof *off), cap = count * 160, used = 0, i, changed = 0;
    unsigned char *bytes = malloc(cap);
    int64_t *next = malloc(count * sizeof *next);
    double w0, w1, w2, w3, w4, c0;
    size_t pending = 0;

    if (!log || !last || !off || !bytes || !next) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    w0 = wall_s();
    c0 = cpu_s();
    for (i = 0; i < count; i++)
        gen(&log[i], T0);
    w1 = wall_s();
    /* Replay the log and save every state. */
    for (i = 0; i < count; i++) {
        sla_ticket *t = replay(p, &log[i], &last[i]);
        int n = sla_ticket_save(t, NULL, 0);
        if (used + (size_t)n > cap) {
            cap *= 2;
            bytes = realloc(bytes, cap);
            if (!bytes)
                exit(1);
        }
        off[i] = used;
        used += (size_t)sla_ticket_save(t, bytes + used, (size_t)n);
        sla_ticket_free(t);
    }
    off[count] = used;
    w2 = wall_s();
    /* Rebase all onto the new calendar; write back only what changed. */
    for (i = 0; i < count; i++) {
        sla_ticket *t;
        int ch, metric, kind;
        size_t n = off[i + 1] - off[i];
        if (sla_ticket_rebase_saved(p, bytes + off[i], n, p2, last[i], NULL, &t, &ch))
            exit(1);
        if (ch) {
            int m = sla_ticket_save(t, NULL, 0);
            changed++;
            if ((size_t)m <= n) /* the new state fits the old row */
                sla_ticket_save(t, bytes + off[i], n);
        }
        /* Collect the next change (the indexed column). */
        sla_ticket_next_change(t, last[i], &next[i], &metric, &kind, NULL);
        pending += kind != SLA_CHANGE_NONE;
        sla_ticket_free(t);
    }
    w3 = wall_s();
    w4 = cpu_s() - c0;
    printf("pipeline, %zu tickets (%zu events): generate %.2f s, replay + save %.2f s "
           "(%.1f M events/s), rebase + next change %.2f s (%.0f tickets/s; %zu changed, "
           "%zu with a next change); wall %.2f s, CPU %.2f s; saved state %.1f MB; "
           "peak memory %.0f MB\n",
           count, count * (EVENTS + 1), w1 - w0, w2 - w1,
           (double)count * (EVENTS + 1) / (w2 - w1) / 1e6, w3 - w2, (double)count / (w3 - w2),
           changed, pending, w3 - w0, w4, (double)used / 1e6, (double)peak_kb() / 1024.0);
    free(log);
    free(last);
    free(off);
    free(bytes);
    free(next);
}

int main(int argc, char **argv)
{
    sla_calendar *c1 = calendar(0), *c2 = calendar(1);
    sla_policy *p = policy(c1), *p2 = policy(c2);
    size_t count = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 1000000;

    micro(p, p2);
    if (count > 0)
        pipeline(p, p2, count);
    sla_policy_free(p);
    sla_policy_free(p2);
    sla_calendar_free(c1);
    sla_calendar_free(c2);
    return 0;
}
