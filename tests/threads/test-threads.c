/* Many threads share compiled calendars and one policy while each drives its
 * own ticket clocks (SEMANTICS 2: a compiled calendar is immutable and safe
 * from many threads; a policy that is no longer changed may be read by
 * tickets in many threads). Every thread must get exactly the results that
 * one thread computed beforehand. Run under TSan by `./dev test` (step e):
 * any data race fails the test.
 * Plain program (exit 0 pass, 1 fail, 77 skip without a tz database).
 * SPDX-License-Identifier: MIT */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsla/sla.h>

#define N_THREADS 8
#define N_INSTANTS 600
#define N_TICKETS 48
#define ROUNDS 20

static sla_calendar *cals[3];
static sla_policy *policy;
static int64_t instants[N_INSTANTS];

/* Expected results, computed by one thread before the others start. */
static int64_t want_add[3][N_INSTANTS], want_sub[3][N_INSTANTS], want_diff[3][N_INSTANTS];
static int64_t want_next_open[3][N_INSTANTS];
static int want_open[3][N_INSTANTS];
static int64_t want_status[N_TICKETS][SLA_METRIC_COUNT][4];
static int64_t want_parsed[N_INSTANTS];

static const int status_fields[4] = {SLA_FIELD_STATE, SLA_FIELD_ELAPSED, SLA_FIELD_DEADLINE,
                                     SLA_FIELD_BREACHED_AT};

static void compute_queries(int c, int i, int64_t *add, int64_t *sub, int64_t *diff, int64_t *nopen,
                            int *open)
{
    const sla_calendar *cal = cals[c];
    int64_t t = instants[i], r;
    *add = sla_calendar_add(cal, t, 5400 + i * 60, &r) == 0 ? r : -1;
    *sub = sla_calendar_sub(cal, t, 3600, &r) == 0 ? r : -1;
    *diff = sla_calendar_diff(cal, t - 7 * 86400, t, &r) == 0 ? r : -1;
    *nopen = sla_calendar_next_open(cal, t, &r) == 0 ? r : -1;
    if (sla_calendar_is_open(cal, t, open) != 0)
        *open = -1;
}

/* One ticket's life, in the ticket's own clock; fills the status fields. */
static int run_ticket(int j, int64_t out[SLA_METRIC_COUNT][4])
{
    sla_ticket *t = NULL;
    sla_status *st = NULL;
    int64_t t0 = instants[(j * 7) % N_INSTANTS];
    int channel = j % 2 ? SLA_CHANNEL_EMAIL : SLA_CHANNEL_CHAT, m, f, rc;

    if (sla_ticket_new(policy, t0, channel, j % 4, &t) != 0)
        return -1;
    rc = sla_ticket_customer_message(t, t0 + 60 * (j % 5), channel);
    rc = rc ? rc : sla_ticket_agent_reply(t, t0 + 3600 + 97 * j);
    rc = rc ? rc : sla_ticket_set_status(t, t0 + 4000 + 97 * j, SLA_TICKET_PENDING);
    rc = rc ? rc : sla_ticket_customer_message(t, t0 + 90000, SLA_CHANNEL_EMAIL);
    rc = rc ? rc : sla_ticket_set_priority(t, t0 + 90001, SLA_PRIORITY_URGENT);
    rc = rc ? rc : sla_status_new(&st);
    if (rc == 0 && sla_ticket_status(t, t0 + 200000, st) == 0) {
        for (m = 0; m < SLA_METRIC_COUNT; m++)
            for (f = 0; f < 4; f++)
                if (sla_status_get(st, m, status_fields[f], &out[m][f]) != 0)
                    rc = -1;
    } else {
        rc = -1;
    }
    sla_status_free(st);
    sla_ticket_free(t);
    return rc;
}

static void *worker(void *arg)
{
    int id = (int)(size_t)arg, round, k, c;
    long bad = 0;
    char buf[64];

    for (round = 0; round < ROUNDS; round++) {
        for (k = 0; k < N_INSTANTS; k++) {
            int i = (k * 13 + id * 101 + round) % N_INSTANTS, open;
            int64_t add, sub, diff, nopen, parsed;
            for (c = 0; c < 3; c++) {
                compute_queries(c, i, &add, &sub, &diff, &nopen, &open);
                bad += add != want_add[c][i] || sub != want_sub[c][i] ||
                       diff != want_diff[c][i] || nopen != want_next_open[c][i] ||
                       open != want_open[c][i];
            }
            /* Text in the shared calendar's zone. */
            if (sla_format_instant(cals[0], instants[i], buf, sizeof buf) <= 0 ||
                sla_parse_instant(cals[0], buf, &parsed, NULL) != 0 || parsed != want_parsed[i])
                bad++;
        }
        for (k = 0; k < N_TICKETS; k++) {
            int j = (k + id * 5 + round) % N_TICKETS;
            int64_t got[SLA_METRIC_COUNT][4];
            if (run_ticket(j, got) != 0 || memcmp(got, want_status[j], sizeof got) != 0)
                bad++;
        }
    }
    return (void *)bad;
}

int main(void)
{
    sla_calendar_builder *b = NULL;
    pthread_t th[N_THREADS];
    long bad = 0;
    int i, c, rc;

    rc = sla_calendar_builder_new("Europe/Oslo", &b);
    if (rc == SLA_ENOZONE) {
        printf("no tz database: skipped\n");
        return 77;
    }
    if (rc != 0 ||
        sla_calendar_builder_set_hours(b, "Mo-Fr 08:00-16:00; Fr 08:00-14:00; PH off", NULL) != 0 ||
        sla_calendar_builder_add_holiday(b, 2025, 12, 25) != 0 ||
        sla_calendar_builder_add_holiday(b, 2025, 12, 26) != 0 ||
        sla_calendar_builder_add_closure(b, 1748761200, 1748775600) != 0 ||
        sla_calendar_builder_compile(b, &cals[0]) != 0)
        return 1;
    sla_calendar_builder_free(b);
    if (sla_calendar_new("America/New_York", "Mo-Fr 09:00-17:00; Sa 10:00-14:00", &cals[1], NULL) ||
        sla_calendar_union(cals[0], cals[1], &cals[2]) != 0)
        return 1;
    if (sla_policy_new_default(cals[0], cals[2], &policy) != 0 ||
        sla_policy_parse(policy, "resolution * * 2d calendar=business pause=pending\n"
                                 "next_reply * urgent 30m calendar=live\n",
                         NULL) != 0)
        return 1;

    for (i = 0; i < N_INSTANTS; i++) /* 2025-01-01 onwards, every 14h 7m 3s */
        instants[i] = 1735689600 + (int64_t)i * 50823;
    for (c = 0; c < 3; c++)
        for (i = 0; i < N_INSTANTS; i++)
            compute_queries(c, i, &want_add[c][i], &want_sub[c][i], &want_diff[c][i],
                            &want_next_open[c][i], &want_open[c][i]);
    for (i = 0; i < N_INSTANTS; i++)
        want_parsed[i] = instants[i];
    for (i = 0; i < N_TICKETS; i++)
        if (run_ticket(i, want_status[i]) != 0) {
            fprintf(stderr, "ticket %d failed single-threaded\n", i);
            return 1;
        }

    for (i = 0; i < N_THREADS; i++)
        if (pthread_create(&th[i], NULL, worker, (void *)(size_t)i) != 0)
            return 1;
    for (i = 0; i < N_THREADS; i++) {
        void *r;
        pthread_join(th[i], &r);
        bad += (long)r;
    }

    sla_policy_free(policy);
    for (c = 0; c < 3; c++)
        sla_calendar_free(cals[c]);
    printf("%d threads x %d rounds: %d instants x 3 calendars, %d tickets each: %ld mismatches\n",
           N_THREADS, ROUNDS, N_INSTANTS, N_TICKETS, bad);
    return bad == 0 ? 0 : 1;
}
