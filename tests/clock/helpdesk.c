/* A simulated week of a helpdesk: reminders from crossings against an
 * oracle, and a one-minute poller on status.
 *
 *   helpdesk [TICKETS [SEED]]     (default 2,000 tickets; the benchmark runs 100,000)
 *
 * Tickets arrive over a week in Oslo (the week of the spring DST change, a
 * Saturday morning shift, a holiday) with customer turns, replies, pending
 * spells, priority and channel changes, solves, reopens and closes.
 *
 * - The reminder job keeps, per ticket, the instant up to which it has sent
 *   reminders and the ticket's next change (an indexed column: a heap here).
 *   It runs at random intervals (a second to three hours); at each run it
 *   takes only the tickets whose next change has come and sends their
 *   crossings since that instant. The event path sends the crossings up to
 *   an event's instant before applying it (an event can end a cycle, which
 *   takes its crossings with it), and after it those at the event's instant
 *   that the event itself made (a priority change past a threshold).
 * - The oracle replays each ticket alone and reads, before every event and
 *   at the end of the week, every warning instant and breach that the status
 *   report says has passed: the set of reminders due.
 * - The poller reads every open ticket's status once a minute and sends a
 *   reminder whenever a clock shows more warnings passed or a breach than at
 *   its previous poll.
 * The job must send exactly the oracle's reminders, each once; the poller's
 * misses and duplicates are printed. Exit status 1 on any difference.
 * SPDX-License-Identifier: MIT */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <time.h>

#include "libsla/sla.h"

#define H 3600
#define DAY 86400
#define WEEK_START ((int64_t)1742774400) /* Monday 2025-03-24T00:00:00Z */
#define WEEK_END (WEEK_START + 7 * DAY)
#define MAX_EV 16

static const char *policy_text =
    "channel whatsapp\n"
    "first_reply email,web * 15m calendar=biz warn=50,75,90\n"
    "first_reply chat,whatsapp * 30s warn=50\n"
    "first_reply * urgent 10m warn=50\n"
    "next_reply email,web * 1h calendar=biz warn=50,90\n"
    "next_reply * * 2m warn=25,50,90\n"
    "periodic_update * high,urgent 2h calendar=biz warn=50,90\n"
    "pausable_update * * 4h calendar=biz warn=50 pause=on_hold\n"
    "resolution * urgent 4h calendar=biz pause=pending,on_hold warn=50,75,90\n"
    "resolution * * 2d calendar=biz pause=pending warn=50,90\n"
    "first_resolution * * 1d calendar=biz warn=90\n"
    "requester_wait * * 8h calendar=biz warn=50\n"
    "agent_work * low 1d warn=50\n";

static uint64_t rs = 0x2545f4914f6cdd1dULL;
static uint64_t rnd(void)
{
    rs ^= rs << 13;
    rs ^= rs >> 7;
    rs ^= rs << 17;
    return rs;
}

/* Log-uniform in [lo, hi]: as many short gaps as long ones. */
static int64_t gap(int64_t lo, int64_t hi)
{
    double u = (double)(rnd() >> 11) / 9007199254740992.0;
    double v = (double)lo * exp(u * log((double)hi / (double)lo));
    return (int64_t)v;
}

typedef struct {
    int64_t t;
    int kind, arg;
} ev;

typedef struct {
    int64_t created;
    int channel, priority, n;
    ev e[MAX_EV];
} tk;

static void gen(tk *k)
{
    int64_t t;
    int open = 1;
    k->created = WEEK_START + (int64_t)(rnd() % (7 * DAY - H));
    k->channel = (int)(rnd() % 4 == 0 ? 6 : rnd() % 2 ? SLA_CHANNEL_EMAIL : SLA_CHANNEL_CHAT);
    if (rnd() % 5 == 0)
        k->channel = SLA_CHANNEL_WEB;
    k->priority = (int)(rnd() % 4);
    k->n = 0;
    t = k->created;
    while (k->n < MAX_EV) {
        ev *e = &k->e[k->n];
        t += gap(5, 2 * H);
        if (t >= WEEK_END)
            break;
        e->t = t;
        e->arg = 0;
        if (!open) {
            /* Solved: the customer writes back (reopen), or it is closed. */
            if (rnd() % 3 == 0) {
                e->kind = SLA_EVENT_CUSTOMER;
                e->arg = k->channel;
                open = 1;
            } else {
                e->kind = SLA_EVENT_STATUS;
                e->arg = SLA_TICKET_CLOSED;
                k->n++;
                break;
            }
        } else {
            switch (rnd() % 14) {
            case 0: case 1: case 2: e->kind = SLA_EVENT_REPLY; break;
            case 3: case 4:
                e->kind = SLA_EVENT_CUSTOMER;
                e->arg = (int)(rnd() % 3 == 0 ? SLA_CHANNEL_CHAT : k->channel);
                break;
            case 5: e->kind = SLA_EVENT_STATUS; e->arg = SLA_TICKET_OPEN; break;
            case 6: e->kind = SLA_EVENT_STATUS; e->arg = SLA_TICKET_PENDING; break;
            case 7: e->kind = SLA_EVENT_STATUS; e->arg = SLA_TICKET_ON_HOLD; break;
            case 8: e->kind = SLA_EVENT_PRIORITY; e->arg = (int)(rnd() % 4); break;
            case 9: e->kind = SLA_EVENT_CHANNEL; e->arg = (int)(rnd() % 2 ? 0 : 5); break;
            case 10: e->kind = SLA_EVENT_NOTE; break;
            case 11:
                if (rnd() % 2) {
                    e->kind = SLA_EVENT_REPLY;
                    break;
                }
                /* fall through */
            default:
                e->kind = SLA_EVENT_STATUS;
                e->arg = SLA_TICKET_SOLVED;
                open = 0;
                break;
            }
        }
        k->n++;
    }
}

/* A reminder: (ticket, metric, percent) and its instant. */
typedef struct {
    uint64_t key;
    int64_t at;
} rem;

typedef struct {
    rem *r;
    size_t n, cap;
} rems;

static void send(rems *s, size_t ticket, int metric, int percent, int64_t at)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 4096;
        s->r = realloc(s->r, s->cap * sizeof *s->r);
        if (!s->r) {
            fprintf(stderr, "out of memory\n");
            exit(2);
        }
    }
    s->r[s->n].key = (uint64_t)ticket << 16 | (uint64_t)metric << 8 | (uint64_t)percent;
    s->r[s->n].at = at;
    s->n++;
}

static int cmp_rem(const void *a, const void *b)
{
    const rem *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->at < y->at ? -1 : x->at > y->at;
}

static void check(int rc, const char *what)
{
    if (rc != 0) {
        fprintf(stderr, "%s: %s\n", what, sla_strerror(rc));
        exit(2);
    }
}

/* ---- the oracle ---- */

static void observe(const sla_ticket *t, size_t k, int64_t at, sla_status *st, rems *out)
{
    int m, i;
    int64_t n, v;
    check(sla_ticket_status(t, at, st), "status");
    for (m = 0; m < SLA_METRIC_COUNT; m++) {
        sla_status_get(st, m, SLA_FIELD_WARNINGS, &n);
        for (i = 0; i < n; i++) {
            int pct;
            int64_t x;
            sla_status_warning(st, m, i, &pct, &x);
            if (x != SLA_NO_TIME && x <= at)
                send(out, k, m, pct, x);
        }
        sla_status_get(st, m, SLA_FIELD_BREACHED_AT, &v);
        if (v != SLA_NO_TIME && v + 1 <= at)
            send(out, k, m, SLA_BREACH_PERCENT, v + 1);
    }
}

static void unique(rems *s)
{
    size_t i, j = 0;
    qsort(s->r, s->n, sizeof *s->r, cmp_rem);
    for (i = 0; i < s->n; i++)
        if (j == 0 || cmp_rem(&s->r[i], &s->r[j - 1]) != 0)
            s->r[j++] = s->r[i];
    s->n = j;
}

/* ---- the job ---- */

typedef struct {
    int64_t at;
    size_t ticket;
} hent;

typedef struct {
    hent *h;
    size_t n, cap;
} heap;

static void hpush(heap *q, int64_t at, size_t ticket)
{
    size_t i;
    if (q->n == q->cap) {
        q->cap = q->cap ? 2 * q->cap : 1024;
        q->h = realloc(q->h, q->cap * sizeof *q->h);
        if (!q->h)
            exit(2);
    }
    i = q->n++;
    while (i > 0 && q->h[(i - 1) / 2].at > at) {
        q->h[i] = q->h[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    q->h[i].at = at;
    q->h[i].ticket = ticket;
}

static hent hpop(heap *q)
{
    hent top = q->h[0], last = q->h[--q->n];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= q->n)
            break;
        if (c + 1 < q->n && q->h[c + 1].at < q->h[c].at)
            c++;
        if (q->h[c].at >= last.at)
            break;
        q->h[i] = q->h[c];
        i = c;
    }
    if (q->n > 0)
        q->h[i] = last;
    return top;
}

typedef struct {
    size_t ticket;
    int idx;
    int64_t t;
} gev;

static int cmp_gev(const void *a, const void *b)
{
    const gev *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    if (x->ticket != y->ticket)
        return x->ticket < y->ticket ? -1 : 1;
    return x->idx - y->idx;
}

typedef struct {
    int metric[40], percent[40];
    int64_t at[40];
    size_t n;
} xs;

static void crossings(const sla_ticket *t, int64_t a, int64_t b, xs *out)
{
    check(sla_ticket_crossings(t, a, b, out->metric, out->percent, out->at, 40, &out->n),
          "crossings");
    if (out->n > 40)
        exit(2);
}

int main(int argc, char **argv)
{
    size_t count = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 2000, i, n_ev = 0, j;
    sla_calendar_builder *b;
    sla_calendar *biz;
    sla_policy *p;
    sla_status *st;
    sla_diag *d;
    tk *tks;
    gev *all;
    rems oracle = {0}, job = {0}, poll = {0};
    sla_ticket **t;
    int64_t *cursor, *next, runs = 0, tau;
    heap q = {0};
    size_t missed = 0, dup = 0, wrong = 0, jm = 0, jd = 0, jw = 0, polls = 0;
    struct timespec c0, c1;

    if (argc > 2)
        rs = strtoull(argv[2], NULL, 10) | 1;
    clock_gettime(CLOCK_MONOTONIC, &c0);
    check(sla_diag_new(&d), "diag");
    check(sla_calendar_builder_new("Europe/Oslo", &b), "calendar");
    check(sla_calendar_builder_set_hours(b, "Mo-Fr 08:00-16:00; Sa 10:00-14:00; PH off", NULL),
          "hours");
    check(sla_calendar_builder_add_holiday(b, 2025, 3, 27), "holiday");
    check(sla_calendar_builder_compile(b, &biz), "compile");
    sla_calendar_builder_free(b);
    check(sla_policy_new(&p), "policy");
    check(sla_policy_add_calendar(p, "biz", biz), "policy");
    if (sla_policy_parse(p, policy_text, d)) {
        fprintf(stderr, "%s\n", sla_diag_message(d));
        return 2;
    }
    check(sla_status_new(&st), "status");

    tks = malloc(count * sizeof *tks);
    for (i = 0; i < count; i++) {
        gen(&tks[i]);
        n_ev += (size_t)tks[i].n + 1;
    }
    all = malloc(n_ev * sizeof *all);
    n_ev = 0;
    for (i = 0; i < count; i++) {
        all[n_ev].ticket = i;
        all[n_ev].idx = -1; /* creation */
        all[n_ev++].t = tks[i].created;
        for (j = 0; j < (size_t)tks[i].n; j++) {
            all[n_ev].ticket = i;
            all[n_ev].idx = (int)j;
            all[n_ev++].t = tks[i].e[j].t;
        }
    }
    qsort(all, n_ev, sizeof *all, cmp_gev);

    /* The oracle: each ticket alone. */
    for (i = 0; i < count; i++) {
        sla_ticket *o;
        check(sla_ticket_new(p, tks[i].created, tks[i].channel, tks[i].priority, &o), "new");
        for (j = 0; j < (size_t)tks[i].n; j++) {
            observe(o, i, tks[i].e[j].t, st, &oracle);
            check(sla_ticket_apply(o, tks[i].e[j].t, tks[i].e[j].kind, tks[i].e[j].arg),
                  "apply");
        }
        observe(o, i, WEEK_END, st, &oracle);
        sla_ticket_free(o);
    }
    unique(&oracle);

    /* The job. */
    t = calloc(count, sizeof *t);
    cursor = malloc(count * sizeof *cursor);
    next = malloc(count * sizeof *next);
    tau = WEEK_START + gap(1, 3 * H);
    for (i = 0; i <= n_ev; i++) {
        const int64_t te = i < n_ev ? all[i].t : WEEK_END;
        xs pre, post;
        size_t k;
        /* Job runs due before this event (at an equal instant the event
         * comes first). */
        while (tau < te || (i == n_ev && tau <= WEEK_END)) {
            const int64_t now = tau > WEEK_END ? WEEK_END : tau;
            runs++;
            while (q.n > 0 && q.h[0].at <= now) {
                hent h = hpop(&q);
                if (next[h.ticket] != h.at)
                    continue; /* stale */
                crossings(t[h.ticket], cursor[h.ticket], now, &pre);
                for (k = 0; k < pre.n; k++)
                    send(&job, h.ticket, pre.metric[k], pre.percent[k], pre.at[k]);
                cursor[h.ticket] = now;
                check(sla_ticket_next_change(t[h.ticket], now, &next[h.ticket], NULL, NULL,
                                             NULL), "next change");
                if (next[h.ticket] != SLA_NO_TIME)
                    hpush(&q, next[h.ticket], h.ticket);
            }
            if (tau >= WEEK_END)
                break;
            tau += gap(1, 3 * H);
            if (tau > WEEK_END)
                tau = WEEK_END;
        }
        if (i == n_ev)
            break;
        k = all[i].ticket;
        if (all[i].idx < 0) {
            check(sla_ticket_new(p, te, tks[k].channel, tks[k].priority, &t[k]), "new");
            cursor[k] = te;
        } else {
            const ev *e = &tks[k].e[all[i].idx];
            size_t a;
            crossings(t[k], cursor[k], te, &pre);
            for (a = 0; a < pre.n; a++)
                send(&job, k, pre.metric[a], pre.percent[a], pre.at[a]);
            check(sla_ticket_apply(t[k], te, e->kind, e->arg), "apply");
            crossings(t[k], te - 1, te, &post);
            for (a = 0; a < post.n; a++) {
                size_t z;
                for (z = 0; z < pre.n; z++)
                    if (pre.at[z] == te && pre.metric[z] == post.metric[a] &&
                        pre.percent[z] == post.percent[a])
                        break;
                if (z == pre.n)
                    send(&job, k, post.metric[a], post.percent[a], post.at[a]);
            }
            cursor[k] = te;
        }
        check(sla_ticket_next_change(t[k], te, &next[k], NULL, NULL, NULL), "next change");
        if (next[k] != SLA_NO_TIME)
            hpush(&q, next[k], k);
    }
    for (i = 0; i < count; i++)
        sla_ticket_free(t[i]);

    /* Compare the job with the oracle: every reminder once. */
    qsort(job.r, job.n, sizeof *job.r, cmp_rem);
    for (i = 0; i + 1 < job.n; i++)
        jd += cmp_rem(&job.r[i], &job.r[i + 1]) == 0;
    {
        size_t a = 0, z = 0;
        while (a < oracle.n || z < job.n) {
            int c = a == oracle.n ? 1 : z == job.n ? -1 : cmp_rem(&oracle.r[a], &job.r[z]);
            if (c == 0) {
                a++;
                z++;
                while (z < job.n && cmp_rem(&job.r[z], &job.r[z - 1]) == 0)
                    z++;
            } else if (c < 0) {
                jm++;
                a++;
            } else {
                jw++;
                z++;
            }
        }
    }

    /* The poller: every open ticket's status once a minute. */
    {
        int64_t (*seen)[SLA_METRIC_COUNT][3] = calloc(count, sizeof *seen);
        size_t *open = malloc(count * sizeof *open), n_open = 0, e = 0;
        size_t *where = malloc(count * sizeof *where);
        int64_t minute;
        for (i = 0; i < count; i++)
            where[i] = (size_t)-1;
        memset(t, 0, count * sizeof *t);
        for (minute = WEEK_START + 60; minute <= WEEK_END; minute += 60) {
            for (; e < n_ev && all[e].t <= minute; e++) {
                size_t k = all[e].ticket;
                int status;
                if (all[e].idx < 0) {
                    check(sla_ticket_new(p, all[e].t, tks[k].channel, tks[k].priority, &t[k]),
                          "new");
                } else {
                    const ev *x = &tks[k].e[all[e].idx];
                    check(sla_ticket_apply(t[k], x->t, x->kind, x->arg), "apply");
                }
                sla_ticket_info(t[k], &status, NULL, NULL, NULL, NULL);
                if (status < SLA_TICKET_SOLVED && where[k] == (size_t)-1) {
                    where[k] = n_open;
                    open[n_open++] = k;
                } else if (status >= SLA_TICKET_SOLVED && where[k] != (size_t)-1) {
                    /* solved: a last poll would see nothing new (fulfilled) */
                    size_t at = where[k];
                    open[at] = open[--n_open];
                    where[open[at]] = at;
                    where[k] = (size_t)-1;
                }
            }
            for (j = 0; j < n_open; j++) {
                size_t k = open[j];
                int m, w;
                polls++;
                check(sla_ticket_status(t[k], minute, st), "status");
                for (m = 0; m < SLA_METRIC_COUNT; m++) {
                    int64_t cycles, warned, state, br, *prev = seen[k][m];
                    sla_status_get(st, m, SLA_FIELD_CYCLES, &cycles);
                    sla_status_get(st, m, SLA_FIELD_WARNED, &warned);
                    sla_status_get(st, m, SLA_FIELD_STATE, &state);
                    if (cycles != prev[0])
                        prev[1] = prev[2] = 0;
                    for (w = (int)prev[1]; w < warned; w++) {
                        int pct;
                        int64_t x;
                        sla_status_warning(st, m, w, &pct, &x);
                        send(&poll, k, m, pct, x);
                    }
                    if (state == SLA_CLOCK_BREACHED && !prev[2]) {
                        sla_status_get(st, m, SLA_FIELD_BREACHED_AT, &br);
                        send(&poll, k, m, SLA_BREACH_PERCENT, br + 1);
                    }
                    prev[0] = cycles;
                    prev[1] = warned;
                    prev[2] = state == SLA_CLOCK_BREACHED;
                }
            }
        }
        for (i = 0; i < count; i++)
            sla_ticket_free(t[i]);
        free(seen);
        free(open);
        free(where);
    }
    qsort(poll.r, poll.n, sizeof *poll.r, cmp_rem);
    {
        size_t a = 0, z = 0;
        while (a < oracle.n || z < poll.n) {
            int c = a == oracle.n ? 1 : z == poll.n ? -1 : cmp_rem(&oracle.r[a], &poll.r[z]);
            if (c == 0) {
                a++;
                z++;
                while (z < poll.n && cmp_rem(&poll.r[z], &poll.r[z - 1]) == 0) {
                    dup++;
                    z++;
                }
            } else if (c < 0) {
                missed++;
                a++;
            } else {
                /* sent, but no reminder was due (an instant that moved) */
                wrong++;
                z++;
                while (z < poll.n && cmp_rem(&poll.r[z], &poll.r[z - 1]) == 0) {
                    dup++;
                    z++;
                }
            }
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &c1);
    printf("helpdesk week: %zu tickets, %zu events, %zu reminders due (oracle)\n", count, n_ev,
           oracle.n);
    printf("  reminder job on crossings, %lld runs at random intervals: %zu sent, %zu missed, "
           "%zu duplicated, %zu not due\n",
           (long long)runs, job.n, jm, jd, jw);
    printf("  one-minute poller on status, %zu status reads: %zu sent, %zu missed, %zu "
           "duplicated, %zu not due\n",
           polls, poll.n, missed, dup, wrong);
    printf("  %.2f s\n", (double)(c1.tv_sec - c0.tv_sec) + (c1.tv_nsec - c0.tv_nsec) * 1e-9);
    free(tks);
    free(all);
    free(t);
    free(cursor);
    free(next);
    free(q.h);
    free(oracle.r);
    free(job.r);
    free(poll.r);
    sla_status_free(st);
    sla_policy_free(p);
    sla_calendar_free(biz);
    sla_diag_free(d);
    return jm || jd || jw ? 1 : 0;
}
