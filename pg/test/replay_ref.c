/*
 * replay_ref: the C library's answer for the replay test (test/sql/replay.sql).
 *
 *   replay_ref EVENTS.csv NOW
 *
 * EVENTS.csv rows are `ticket,epoch,event,arg` in replay order (event as in pg_sla:
 * created, customer, reply, note, status, priority, channel; arg a name or empty). The
 * calendar and the policy are the ones replay.sql creates, spelled out again here. Prints,
 * per ticket and metric, `ticket,metric,state,target,elapsed,remaining,deadline,breached,
 * fulfilled,started,cycles,breached_cycles,warned` at NOW (epoch seconds; -1 for none).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsla/sla.h>

static const char *policy_text =
    "channel whatsapp\n"
    "first_reply  email          *        15m  calendar=ref_oslo warn=50,75,90\n"
    "first_reply  chat,whatsapp  *        30s\n"
    "next_reply   email          *        1h   calendar=ref_oslo\n"
    "resolution   *              urgent   4h   calendar=ref_oslo pause=pending,on_hold\n"
    "resolution   *              *        3d   calendar=ref_oslo pause=pending\n";

static int
report(sla_policy *p, sla_ticket *t, long ticket, long long now)
{
    sla_status *st = NULL;
    int m, f, rc;
    long long v[16];

    if (t == NULL)
        return 0;
    rc = sla_status_new(&st);
    if (rc == 0)
        rc = sla_ticket_status(t, now, st);
    for (m = 0; rc == 0 && m < SLA_METRIC_COUNT; m++) {
        for (f = 0; rc == 0 && f < 16; f++) {
            int64_t x;
            rc = sla_status_get(st, m, f, &x);
            v[f] = (long long) x;
        }
        if (rc == 0)
            printf("%ld,%s,%s,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld,%lld\n", ticket,
                   sla_metric_name(m), sla_clock_state_name((int) v[SLA_FIELD_STATE]),
                   v[SLA_FIELD_TARGET], v[SLA_FIELD_ELAPSED], v[SLA_FIELD_REMAINING],
                   v[SLA_FIELD_DEADLINE], v[SLA_FIELD_BREACHED_AT], v[SLA_FIELD_FULFILLED_AT],
                   v[SLA_FIELD_STARTED_AT], v[SLA_FIELD_CYCLES], v[SLA_FIELD_BREACHED_CYCLES],
                   v[SLA_FIELD_WARNED]);
    }
    sla_status_free(st);
    (void) p;
    return rc;
}

int
main(int argc, char **argv)
{
    sla_calendar_builder *b = NULL;
    sla_calendar *cal = NULL;
    sla_policy *p = NULL;
    sla_ticket *t = NULL;
    long cur = -1;
    long long now;
    char line[512];
    FILE *f;
    int rc;

    if (argc != 3) {
        fprintf(stderr, "usage: replay_ref EVENTS.csv NOW\n");
        return 2;
    }
    now = atoll(argv[2]);
    rc = sla_calendar_builder_new("Europe/Oslo", &b);
    if (rc == 0)
        rc = sla_calendar_builder_set_hours(b, "Mo-Fr 08:00-16:00; PH off", NULL);
    if (rc == 0)
        rc = sla_calendar_builder_add_holiday(b, 2025, 4, 17);
    if (rc == 0)
        rc = sla_calendar_builder_add_holiday(b, 2025, 4, 18);
    if (rc == 0)
        rc = sla_calendar_builder_add_holiday(b, 2025, 4, 21);
    if (rc == 0)
        rc = sla_calendar_builder_compile(b, &cal);
    if (rc == 0)
        rc = sla_policy_new(&p);
    if (rc == 0)
        rc = sla_policy_add_calendar(p, "ref_oslo", cal);
    if (rc == 0)
        rc = sla_policy_parse(p, policy_text, NULL);
    if (rc != 0 || (f = fopen(argv[1], "r")) == NULL) {
        fprintf(stderr, "replay_ref: set-up failed (%d)\n", rc);
        return 1;
    }
    while (fgets(line, sizeof(line), f) != NULL) {
        char *tk = strtok(line, ",\r\n"), *at = strtok(NULL, ",\r\n");
        char *ev = strtok(NULL, ",\r\n"), *arg = strtok(NULL, ",\r\n");
        long id;
        long long when;
        int v = 0;

        if (tk == NULL || at == NULL || ev == NULL)
            continue;
        id = atol(tk);
        when = atoll(at);
        if (id != cur) {
            if (report(p, t, cur, now) != 0)
                return 1;
            sla_ticket_free(t);
            t = NULL;
            cur = id;
        }
        if (strcmp(ev, "created") == 0) {
            char *c = arg ? strchr(arg, ':') : NULL;
            int ch = SLA_CHANNEL_EMAIL, pr = SLA_PRIORITY_NORMAL;
            if (c != NULL) {
                *c = '\0';
                sla_name_lookup(2, c + 1, &pr);
            }
            if (arg != NULL)
                sla_policy_channel(p, arg, &ch);
            rc = sla_ticket_new(p, when, ch, pr, &t);
        } else if (strcmp(ev, "customer") == 0) {
            if (arg == NULL)
                sla_ticket_info(t, NULL, NULL, &v, NULL, NULL);
            else
                sla_policy_channel(p, arg, &v);
            rc = sla_ticket_customer_message(t, when, v);
        } else if (strcmp(ev, "reply") == 0) {
            rc = sla_ticket_agent_reply(t, when);
        } else if (strcmp(ev, "note") == 0) {
            rc = sla_ticket_note(t, when);
        } else if (strcmp(ev, "status") == 0) {
            sla_name_lookup(1, arg, &v);
            rc = sla_ticket_set_status(t, when, v);
        } else if (strcmp(ev, "priority") == 0) {
            sla_name_lookup(2, arg, &v);
            rc = sla_ticket_set_priority(t, when, v);
        } else if (strcmp(ev, "channel") == 0) {
            sla_policy_channel(p, arg, &v);
            rc = sla_ticket_set_channel(t, when, v);
        }
        if (rc != 0) {
            fprintf(stderr, "replay_ref: ticket %ld: %s\n", id, sla_error_name(rc));
            return 1;
        }
    }
    fclose(f);
    if (report(p, t, cur, now) != 0)
        return 1;
    sla_ticket_free(t);
    sla_policy_free(p);
    sla_calendar_free(cal);
    sla_calendar_builder_free(b);
    return 0;
}
