/* Benchmark of ticket clocks: events replayed per second, and the cost of a
 * full status report (all eight metrics) of one ticket.
 * SPDX-License-Identifier: MIT */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "libsla/sla.h"

#define N_TICKETS 20000
#define EVENTS_PER_TICKET 12

typedef struct {
    int64_t t;
    int kind, arg;
} ev;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts); /* CPU time: steadier on a busy machine */
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

/* A typical ticket: customer turns, replies, a pending spell, solve, close. */
static void make_history(ev *e, int64_t t)
{
    static const int kinds[EVENTS_PER_TICKET] = {
        SLA_EVENT_REPLY,  SLA_EVENT_CUSTOMER, SLA_EVENT_NOTE,   SLA_EVENT_REPLY,
        SLA_EVENT_STATUS, SLA_EVENT_STATUS,   SLA_EVENT_CUSTOMER, SLA_EVENT_PRIORITY,
        SLA_EVENT_REPLY,  SLA_EVENT_STATUS,   SLA_EVENT_CUSTOMER, SLA_EVENT_STATUS};
    static const int args[EVENTS_PER_TICKET] = {0, SLA_CHANNEL_EMAIL, 0, 0,
                                                SLA_TICKET_PENDING, SLA_TICKET_OPEN,
                                                SLA_CHANNEL_CHAT, SLA_PRIORITY_HIGH, 0,
                                                SLA_TICKET_SOLVED, SLA_CHANNEL_EMAIL,
                                                SLA_TICKET_CLOSED};
    int i;
    for (i = 0; i < EVENTS_PER_TICKET; i++) {
        t += 60 + (int64_t)rnd(4 * 3600);
        e[i].t = t;
        e[i].kind = kinds[i];
        e[i].arg = args[i];
    }
}

static int run(const char *label, const sla_calendar *biz)
{
    sla_policy *p;
    sla_status *st;
    sla_ticket **tk;
    ev *evs;
    int64_t *created;
    double t0, t1, best = 1e9;
    long events = 0;
    int i, j, rep, r;
    const int64_t base = 1735689600; /* 2025-01-01 */

    if (sla_policy_new_default(biz, NULL, &p) < 0 || sla_status_new(&st) < 0)
        return 1;
    r = sla_policy_parse(p,
                         "periodic_update * * 1d calendar=business\n"
                         "pausable_update * * 1d calendar=business\n"
                         "resolution * high 1d calendar=business warn=50,75,90\n"
                         "resolution * * 3d calendar=business warn=50,75,90\n"
                         "first_resolution * * 3d calendar=business\n"
                         "requester_wait * * 2d calendar=business\n"
                         "agent_work * * 2d calendar=business\n",
                         NULL);
    if (!biz)
        r = sla_policy_parse(p, "", NULL);
    if (r < 0) {
        fprintf(stderr, "policy: %s\n", sla_strerror(r));
        return 1;
    }
    tk = calloc(N_TICKETS, sizeof *tk);
    evs = malloc(sizeof *evs * N_TICKETS * EVENTS_PER_TICKET);
    created = malloc(sizeof *created * N_TICKETS);
    for (i = 0; i < N_TICKETS; i++) {
        created[i] = base + (int64_t)rnd(300 * 86400);
        make_history(evs + (size_t)i * EVENTS_PER_TICKET, created[i]);
    }
    for (rep = 0; rep < 5; rep++) {
        for (i = 0; i < N_TICKETS; i++)
            if (sla_ticket_new(p, created[i], SLA_CHANNEL_EMAIL, SLA_PRIORITY_NORMAL, &tk[i]) < 0)
                return 1;
        events = 0;
        t0 = now_s();
        for (i = 0; i < N_TICKETS; i++) {
            const ev *e = evs + (size_t)i * EVENTS_PER_TICKET;
            for (j = 0; j < EVENTS_PER_TICKET; j++) {
                r = sla_ticket_apply(tk[i], e[j].t, e[j].kind, e[j].arg);
                if (r < 0) {
                    fprintf(stderr, "event: %s\n", sla_strerror(r));
                    return 1;
                }
            }
            events += EVENTS_PER_TICKET;
        }
        t1 = now_s();
        if (t1 - t0 < best)
            best = t1 - t0;
        for (i = 0; i < N_TICKETS; i++)
            sla_ticket_free(tk[i]);
    }
    printf("%-14s replay: %.2f million events/s (%.0f ns/event, %ld events, best of 5)\n", label,
           events / best / 1e6, best / events * 1e9, events);

    /* Status of open tickets: the first 4 events applied (replied, customer
     * waiting, so every metric is running). */
    for (i = 0; i < N_TICKETS; i++) {
        const ev *e = evs + (size_t)i * EVENTS_PER_TICKET;
        sla_ticket_new(p, created[i], SLA_CHANNEL_EMAIL, SLA_PRIORITY_NORMAL, &tk[i]);
        sla_ticket_apply(tk[i], e[0].t, e[0].kind, e[0].arg);
        sla_ticket_apply(tk[i], e[1].t, e[1].kind, e[1].arg);
    }
    best = 1e9;
    for (rep = 0; rep < 5; rep++) {
        t0 = now_s();
        for (i = 0; i < N_TICKETS; i++) {
            const ev *e = evs + (size_t)i * EVENTS_PER_TICKET;
            r = sla_ticket_status(tk[i], e[2].t, st);
            if (r < 0) {
                fprintf(stderr, "status: %s\n", sla_strerror(r));
                return 1;
            }
        }
        t1 = now_s();
        if (t1 - t0 < best)
            best = t1 - t0;
    }
    printf("%-14s status of one ticket, all 8 metrics: %.0f ns\n", label, best / N_TICKETS * 1e9);
    for (i = 0; i < N_TICKETS; i++)
        sla_ticket_free(tk[i]);
    free(tk);
    free(evs);
    free(created);
    sla_status_free(st);
    sla_policy_free(p);
    return 0;
}

int main(void)
{
    sla_calendar *biz;
    int r;
    if (sla_calendar_new("Europe/Oslo", "Mo-Fr 08:00-16:00; PH off", &biz, NULL) < 0) {
        fprintf(stderr, "calendar\n");
        return 1;
    }
    r = run("24/7:", NULL);
    r |= run("business hours:", biz);
    sla_calendar_free(biz);
    return r;
}
