/* Wake-ups, crossings and rebase of ticket clocks.
 * Hand-worked cases (UTC calendars, so the instants are plain arithmetic),
 * then properties over random histories with pauses, reopens, priority and
 * channel changes, Oslo and New York around their DST changes, and holidays:
 * - the next change is the first crossing after the instant;
 * - crossings over any partition of a range are the crossings of the range;
 * - rebasing onto the same policy changes nothing and says so;
 * - rebasing onto a policy whose calendar gained holidays gives, for every
 *   running or paused clock, what replaying the whole history under that
 *   policy gives, and keeps every fulfilled clock's report.
 * SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock/clock.h"
#include "libsla/sla.h"

#define H 3600
#define M 60
#define DAY 86400
/* Monday 2025-03-24T00:00:00Z. */
#define MON ((int64_t)1742774400)
#define FRI (MON + 4 * DAY)

/* ---- hand-worked cases ------------------------------------------------ */

static const char *utc_text = "first_reply email * 15m calendar=biz warn=50,90\n"
                              "first_reply chat  * 30s\n"
                              "resolution  *     * 16h calendar=biz pause=pending\n";

typedef struct {
    sla_calendar *biz, *biz_holiday;
    sla_policy *pol, *pol_holiday, *pol_other_channels;
} hand;

static sla_policy *policy_of(sla_calendar *cal, const char *text, const char *extra_channel)
{
    sla_policy *p;
    sla_diag *d;
    assert_int_equal(sla_diag_new(&d), 0);
    assert_int_equal(sla_policy_new(&p), 0);
    if (extra_channel)
        assert_int_equal(sla_policy_add_channel(p, extra_channel, NULL), 0);
    assert_int_equal(sla_policy_add_calendar(p, "biz", cal), 0);
    if (sla_policy_parse(p, text, d) != 0)
        fail_msg("%s", sla_diag_message(d));
    sla_diag_free(d);
    return p;
}

static int hand_setup(void **state)
{
    hand *f = calloc(1, sizeof *f);
    sla_calendar_builder *b;
    assert_int_equal(sla_calendar_new("UTC", "Mo-Fr 09:00-17:00", &f->biz, NULL), 0);
    assert_int_equal(sla_calendar_builder_new("UTC", &b), 0);
    assert_int_equal(sla_calendar_builder_set_hours(b, "Mo-Fr 09:00-17:00; PH off", NULL), 0);
    assert_int_equal(sla_calendar_builder_add_holiday(b, 2025, 3, 31), 0); /* next Monday */
    assert_int_equal(sla_calendar_builder_compile(b, &f->biz_holiday), 0);
    sla_calendar_builder_free(b);
    f->pol = policy_of(f->biz, utc_text, NULL);
    f->pol_holiday = policy_of(f->biz_holiday, utc_text, NULL);
    f->pol_other_channels = policy_of(f->biz, utc_text, "whatsapp");
    *state = f;
    return 0;
}

static int hand_teardown(void **state)
{
    hand *f = *state;
    sla_policy_free(f->pol);
    sla_policy_free(f->pol_holiday);
    sla_policy_free(f->pol_other_channels);
    sla_calendar_free(f->biz);
    sla_calendar_free(f->biz_holiday);
    free(f);
    return 0;
}

static void expect_next(const sla_ticket *t, int64_t now, int64_t instant, int metric, int kind,
                        int percent)
{
    int64_t x;
    int m, k, p;
    assert_int_equal(sla_ticket_next_change(t, now, &x, &m, &k, &p), 0);
    assert_int_equal(x, instant);
    assert_int_equal(m, metric);
    assert_int_equal(k, kind);
    assert_int_equal(p, percent);
}

/* Created Monday 09:00: 50 % of 15 min at 09:07:30, 90 % at 09:13:30, the
 * deadline 09:15:00, breached from 09:15:01; resolution (16 h business)
 * reaches its deadline Tuesday 17:00. */
static void test_next_change_and_crossings(void **state)
{
    hand *f = *state;
    sla_ticket *t;
    int metrics[8], percents[8];
    int64_t instants[8];
    size_t n;
    const int64_t t0 = MON + 9 * H;

    assert_int_equal(sla_ticket_new(f->pol, t0, SLA_CHANNEL_EMAIL, SLA_PRIORITY_NORMAL, &t), 0);
    expect_next(t, t0, t0 + 450, SLA_METRIC_FIRST_REPLY, SLA_CHANGE_WARNING, 50);
    expect_next(t, t0 + 450, t0 + 810, SLA_METRIC_FIRST_REPLY, SLA_CHANGE_WARNING, 90);
    expect_next(t, t0 + 810, t0 + 901, SLA_METRIC_FIRST_REPLY, SLA_CHANGE_BREACH, 100);
    /* At the deadline itself the clock is not yet breached. */
    expect_next(t, t0 + 900, t0 + 901, SLA_METRIC_FIRST_REPLY, SLA_CHANGE_BREACH, 100);
    expect_next(t, t0 + 901, MON + DAY + 17 * H + 1, SLA_METRIC_RESOLUTION, SLA_CHANGE_BREACH,
                SLA_BREACH_PERCENT);

    assert_int_equal(sla_ticket_crossings(t, t0, t0 + 20 * M, metrics, percents, instants, 8, &n),
                     0);
    assert_int_equal(n, 3);
    assert_int_equal(instants[0], t0 + 450);
    assert_int_equal(percents[0], 50);
    assert_int_equal(instants[1], t0 + 810);
    assert_int_equal(percents[1], 90);
    assert_int_equal(instants[2], t0 + 901);
    assert_int_equal(percents[2], SLA_BREACH_PERCENT);
    assert_int_equal(metrics[2], SLA_METRIC_FIRST_REPLY);
    /* Half-open: (t0 + 450, t0 + 900] holds only the 90 % warning. */
    assert_int_equal(sla_ticket_crossings(t, t0 + 450, t0 + 900, metrics, percents, instants, 8,
                                          &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(instants[0], t0 + 810);
    /* snprintf-style: capacity 0 still counts. */
    assert_int_equal(sla_ticket_crossings(t, t0, t0 + 20 * M, NULL, NULL, NULL, 0, &n), 0);
    assert_int_equal(n, 3);

    /* A reply at 09:10 fulfils first reply in time: its 50 % warning stays a
     * crossing of the past, the 90 % never comes. */
    assert_int_equal(sla_ticket_agent_reply(t, t0 + 10 * M), 0);
    assert_int_equal(sla_ticket_crossings(t, t0, t0 + 20 * M, metrics, percents, instants, 8, &n),
                     0);
    assert_int_equal(n, 1);
    assert_int_equal(instants[0], t0 + 450);
    expect_next(t, t0 + 10 * M, MON + DAY + 17 * H + 1, SLA_METRIC_RESOLUTION, SLA_CHANGE_BREACH,
                100);
    /* Pending pauses resolution: nothing is pending any more. */
    assert_int_equal(sla_ticket_set_status(t, t0 + 11 * M, SLA_TICKET_PENDING), 0);
    expect_next(t, t0 + 11 * M, SLA_NO_TIME, -1, SLA_CHANGE_NONE, 0);
    assert_int_equal(sla_ticket_crossings(t, t0 + 11 * M, SLA_TIME_MAX - 1, metrics, percents,
                                          instants, 8, &n), 0);
    assert_int_equal(n, 0);
    /* Bad input. */
    assert_int_equal(sla_ticket_next_change(t, t0, instants, NULL, NULL, NULL), SLA_EORDER);
    assert_int_equal(sla_ticket_next_change(t, t0 + H, NULL, NULL, NULL, NULL), SLA_EINVAL);
    assert_int_equal(sla_ticket_next_change(NULL, t0 + H, instants, NULL, NULL, NULL), SLA_EINVAL);
    assert_int_equal(sla_ticket_crossings(t, t0 + H, t0, NULL, NULL, NULL, 0, &n), SLA_EINVAL);
    assert_int_equal(sla_ticket_crossings(t, -5, t0, NULL, NULL, NULL, 0, &n), SLA_ERANGE);
    assert_int_equal(sla_ticket_crossings(t, t0, t0 + H, NULL, NULL, NULL, 3, &n), SLA_EINVAL);
    sla_ticket_free(t);
}

/* Created Friday 16:55: 5 open minutes on Friday, so 50 % (7:30) falls on
 * Monday at 09:02:30 and the deadline is Monday 09:10 (breach 09:10:01).
 * When Monday becomes a holiday, all of it moves to Tuesday. */
static void test_rebase_holiday(void **state)
{
    hand *f = *state;
    sla_ticket *t;
    sla_status *st;
    sla_diag *d;
    int changed = -1;
    int64_t v;
    const int64_t t0 = FRI + 16 * H + 55 * M, mon = MON + 7 * DAY, tue = mon + DAY;
    unsigned char buf[512];
    int len;

    assert_int_equal(sla_status_new(&st), 0);
    assert_int_equal(sla_diag_new(&d), 0);
    assert_int_equal(sla_ticket_new(f->pol, t0, SLA_CHANNEL_EMAIL, SLA_PRIORITY_NORMAL, &t), 0);
    expect_next(t, t0, mon + 9 * H + 150, SLA_METRIC_FIRST_REPLY, SLA_CHANGE_WARNING, 50);

    /* The same policy: nothing to write. */
    assert_int_equal(sla_ticket_rebase(t, f->pol, t0 + M, d, &changed), 0);
    assert_int_equal(changed, 0);

    /* A policy with other channels does not fit: refused, unchanged. */
    changed = -1;
    assert_int_equal(sla_ticket_rebase(t, f->pol_other_channels, t0 + M, d, &changed),
                     SLA_ESTATE);
    assert_int_equal(changed, -1);
    assert_non_null(strstr(sla_diag_message(d), "channel"));
    expect_next(t, t0, mon + 9 * H + 150, SLA_METRIC_FIRST_REPLY, SLA_CHANGE_WARNING, 50);

    len = sla_ticket_save(t, buf, sizeof buf);
    assert_true(len > 0 && len < (int)sizeof buf);
    assert_int_equal(sla_ticket_rebase(t, f->pol_holiday, t0 + M, d, &changed), 0);
    assert_int_equal(changed, SLA_REBASE_DEADLINE | SLA_REBASE_NEXT);
    expect_next(t, t0 + M, tue + 9 * H + 150, SLA_METRIC_FIRST_REPLY, SLA_CHANGE_WARNING, 50);
    assert_int_equal(sla_ticket_status(t, t0 + M, st), 0);
    assert_int_equal(sla_status_get(st, SLA_METRIC_FIRST_REPLY, SLA_FIELD_DEADLINE, &v), 0);
    assert_int_equal(v, tue + 9 * H + 10 * M);
    /* Again onto the same: no change. */
    assert_int_equal(sla_ticket_rebase(t, f->pol_holiday, t0 + M, d, &changed), 0);
    assert_int_equal(changed, 0);
    sla_ticket_free(t);

    /* From the saved bytes in one call. */
    assert_int_equal(sla_ticket_rebase_saved(f->pol, buf, (size_t)len, f->pol_holiday, t0 + M, d,
                                             &t, &changed), 0);
    assert_int_equal(changed, SLA_REBASE_DEADLINE | SLA_REBASE_NEXT);
    expect_next(t, t0 + M, tue + 9 * H + 150, SLA_METRIC_FIRST_REPLY, SLA_CHANGE_WARNING, 50);
    sla_ticket_free(t);
    /* Bytes of another policy are refused. */
    t = NULL;
    assert_int_equal(sla_ticket_rebase_saved(f->pol_other_channels, buf, (size_t)len,
                                             f->pol_holiday, t0 + M, d, &t, &changed),
                     SLA_ESTATE);
    assert_null(t);
    sla_status_free(st);
    sla_diag_free(d);
}

/* A fulfilled clock keeps its outcome: first reply answered Monday 09:05 is
 * achieved against its 15 min target after a rebase onto a policy where
 * first reply is 1 min (the new target applies to new tickets), and the
 * saved bytes keep it. */
static void test_rebase_keeps_fulfilled(void **state)
{
    hand *f = *state;
    static const char *strict = "first_reply email * 1m calendar=biz warn=50\n"
                                "first_reply chat  * 30s\n"
                                "resolution  *     * 1h calendar=biz pause=pending\n";
    sla_policy *p2 = policy_of(f->biz_holiday, strict, NULL), *tmp;
    sla_ticket *t, *t2;
    sla_status *st;
    int changed, k;
    int64_t v, pct_instant;
    int pct;
    unsigned char buf[512];
    int len;
    const int64_t t0 = MON + 9 * H;

    (void)tmp;
    assert_int_equal(sla_status_new(&st), 0);
    assert_int_equal(sla_ticket_new(f->pol, t0, SLA_CHANNEL_EMAIL, SLA_PRIORITY_NORMAL, &t), 0);
    assert_int_equal(sla_ticket_agent_reply(t, t0 + 5 * M), 0);
    assert_int_equal(sla_ticket_rebase(t, p2, t0 + 6 * M, NULL, &changed), 0);
    /* Resolution was running: 1 h now, deadline Monday 10:00. */
    assert_int_equal(changed, SLA_REBASE_DEADLINE | SLA_REBASE_NEXT);
    for (k = 0; k < 2; k++) {
        assert_int_equal(sla_ticket_status(t, t0 + 6 * M, st), 0);
        assert_int_equal(sla_status_get(st, SLA_METRIC_FIRST_REPLY, SLA_FIELD_STATE, &v), 0);
        assert_int_equal(v, SLA_CLOCK_ACHIEVED);
        assert_int_equal(sla_status_get(st, SLA_METRIC_FIRST_REPLY, SLA_FIELD_TARGET, &v), 0);
        assert_int_equal(v, 15 * M);
        assert_int_equal(sla_status_get(st, SLA_METRIC_FIRST_REPLY, SLA_FIELD_DEADLINE, &v), 0);
        assert_int_equal(v, t0 + 15 * M);
        assert_int_equal(sla_status_get(st, SLA_METRIC_FIRST_REPLY, SLA_FIELD_WARNINGS, &v), 0);
        assert_int_equal(v, 2);
        assert_int_equal(sla_status_warning(st, SLA_METRIC_FIRST_REPLY, 1, &pct, &pct_instant), 0);
        assert_int_equal(pct, 90);
        assert_int_equal(pct_instant, SLA_NO_TIME);
        assert_int_equal(sla_status_get(st, SLA_METRIC_RESOLUTION, SLA_FIELD_DEADLINE, &v), 0);
        assert_int_equal(v, t0 + H);
        /* Through the saved bytes (format 2) and back. */
        len = sla_ticket_save(t, buf, sizeof buf);
        assert_true(len > 0 && len < (int)sizeof buf);
        assert_int_equal(buf[3], 2);
        assert_int_equal(sla_ticket_restore(p2, buf, (size_t)len, &t2), 0);
        sla_ticket_free(t);
        t = t2;
    }
    /* Solved and reopened: resolution resumes under the new policy. */
    assert_int_equal(sla_ticket_set_status(t, t0 + 7 * M, SLA_TICKET_SOLVED), 0);
    assert_int_equal(sla_ticket_customer_message(t, t0 + 8 * M, SLA_CHANNEL_EMAIL), 0);
    assert_int_equal(sla_ticket_status(t, t0 + 8 * M, st), 0);
    assert_int_equal(sla_status_get(st, SLA_METRIC_RESOLUTION, SLA_FIELD_DEADLINE, &v), 0);
    assert_int_equal(v, t0 + H + M);
    sla_ticket_free(t);
    sla_status_free(st);
    sla_policy_free(p2);
}

/* Format 1 bytes (1.0) are still restored. */
static void test_restore_format_1(void **state)
{
    hand *f = *state;
    sla_ticket *t, *t2;
    unsigned char buf[512];
    int len, k;
    uint32_t h = 2166136261u;
    int64_t a, b;
    const int64_t t0 = MON + 9 * H;

    assert_int_equal(sla_ticket_new(f->pol, t0, SLA_CHANNEL_EMAIL, SLA_PRIORITY_HIGH, &t), 0);
    assert_int_equal(sla_ticket_set_status(t, t0 + M, SLA_TICKET_PENDING), 0);
    len = sla_ticket_save(t, buf, sizeof buf);
    /* Without a kept target the layouts agree: rewrite the version and the
     * checksum (FNV-1a, as the 1.0 format says). */
    buf[3] = 1;
    for (k = 0; k < len - 4; k++) {
        h ^= buf[k];
        h *= 16777619u;
    }
    for (k = 0; k < 4; k++)
        buf[len - 4 + k] = (unsigned char)(h >> (8 * k));
    assert_int_equal(sla_ticket_restore(f->pol, buf, (size_t)len, &t2), 0);
    assert_int_equal(sla_ticket_next_change(t, t0 + H, &a, NULL, NULL, NULL), 0);
    assert_int_equal(sla_ticket_next_change(t2, t0 + H, &b, NULL, NULL, NULL), 0);
    assert_int_equal(a, b);
    buf[3] = 3;
    assert_int_equal(sla_ticket_restore(f->pol, buf, (size_t)len, &t2 + 0), SLA_EVERSION);
    sla_ticket_free(t);
    sla_ticket_free(t2);
}

/* Saved bytes whose thresholds no history of events can make are refused:
 * a threshold recorded beyond what the count can have reached by the last
 * event, and one recorded before a lower one. (Found by fuzz-ticket-state: a
 * breach recorded 3 s into a 30 s target made the next change skip the
 * warnings that crossings reported.) */
static void test_restore_unreachable_thresholds(void **state)
{
    hand *f = *state;
    sla_ticket *t, *t2 = NULL;
    unsigned char buf[512];
    int len;
    sla__clock *c;
    const int64_t t0 = MON + 9 * H;

    /* chat: 30 s 24/7, no warnings; the count is 5 s at the last event */
    assert_int_equal(sla_ticket_new(f->pol, t0, SLA_CHANNEL_CHAT, SLA_PRIORITY_NORMAL, &t), 0);
    assert_int_equal(sla_ticket_set_status(t, t0 + 5, SLA_TICKET_OPEN), 0);
    len = sla_ticket_save(t, buf, sizeof buf);
    assert_int_equal(sla_ticket_restore(f->pol, buf, (size_t)len, &t2), 0);
    sla_ticket_free(t2);
    c = &t->s.c[SLA_METRIC_FIRST_REPLY];
    assert_true(c->counting && c->rs[0] < 0);
    c->rs[0] = t0 + 3; /* breached at 3 s */
    c->rd[0] = 0;
    len = sla_ticket_save(t, buf, sizeof buf);
    t2 = NULL;
    assert_int_equal(sla_ticket_restore(f->pol, buf, (size_t)len, &t2), SLA_EPARSE);
    assert_null(t2);
    sla_ticket_free(t);

    /* email: 15 min of business time, warnings at 50 and 90 %; 14 min in */
    assert_int_equal(sla_ticket_new(f->pol, t0, SLA_CHANNEL_EMAIL, SLA_PRIORITY_NORMAL, &t), 0);
    assert_int_equal(sla_ticket_set_status(t, t0 + 14 * M, SLA_TICKET_OPEN), 0);
    c = &t->s.c[SLA_METRIC_FIRST_REPLY];
    assert_true(c->rs[0] < 0 && c->rs[1] < 0); /* nothing settled yet */
    c->rs[1] = t0 + 13 * M + 30; /* 90 % reached, 50 % not */
    c->rd[1] = 0;
    len = sla_ticket_save(t, buf, sizeof buf);
    assert_int_equal(sla_ticket_restore(f->pol, buf, (size_t)len, &t2), SLA_EPARSE);
    c->rs[0] = t0 + 7 * M + 30; /* both: what events make */
    c->rd[0] = 0;
    len = sla_ticket_save(t, buf, sizeof buf);
    assert_int_equal(sla_ticket_restore(f->pol, buf, (size_t)len, &t2), 0);
    sla_ticket_free(t2);
    sla_ticket_free(t);
}

/* ---- random histories ------------------------------------------------- */

static const char *rand_text =
    "channel whatsapp\n"
    "first_reply email * 15m calendar=oslo warn=50,75,90\n"
    "first_reply chat,whatsapp * 30s warn=50\n"
    "first_reply * urgent 10m warn=50\n"
    "first_reply * * 1h calendar=ny\n"
    "next_reply email * 1h calendar=oslo warn=50\n"
    "next_reply * * 2m warn=25,50,90\n"
    "periodic_update * high,urgent 2h calendar=oslo warn=50,90\n"
    "periodic_update * * 1d calendar=ny\n"
    "pausable_update * * 4h calendar=oslo warn=50 pause=on_hold\n"
    "resolution * urgent 4h calendar=oslo pause=pending,on_hold warn=50,75,90\n"
    "resolution * * 3d calendar=oslo pause=pending warn=50\n"
    "first_resolution * * 2d calendar=ny warn=90\n"
    "requester_wait * * 8h calendar=oslo warn=50\n"
    "agent_work * low 1d warn=50\n";

typedef struct {
    sla_calendar *oslo, *oslo2, *ny;
    sla_policy *p, *p_same, *p_holiday;
    sla_status *s1, *s2;
} world;

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static int64_t between(int64_t lo, int64_t hi) /* [lo, hi] */
{
    return lo + (int64_t)(rnd() % (uint64_t)(hi - lo + 1));
}

static sla_calendar *oslo_cal(bool more)
{
    static const int days[][3] = {{2025, 4, 17}, {2025, 4, 18}, {2025, 4, 21}, {2025, 12, 25}};
    static const int more_days[][3] = {{2025, 3, 27}, {2025, 3, 31}, {2025, 4, 1},
                                       {2025, 10, 24}, {2025, 10, 27}, {2025, 10, 30}};
    sla_calendar_builder *b;
    sla_calendar *c;
    size_t i;
    assert_int_equal(sla_calendar_builder_new("Europe/Oslo", &b), 0);
    assert_int_equal(
        sla_calendar_builder_set_hours(b, "Mo-Fr 08:00-16:00; Sa 10:00-14:00; PH off", NULL), 0);
    for (i = 0; i < sizeof days / sizeof days[0]; i++)
        assert_int_equal(sla_calendar_builder_add_holiday(b, days[i][0], days[i][1], days[i][2]),
                         0);
    for (i = 0; more && i < sizeof more_days / sizeof more_days[0]; i++)
        assert_int_equal(sla_calendar_builder_add_holiday(b, more_days[i][0], more_days[i][1],
                                                          more_days[i][2]), 0);
    assert_int_equal(sla_calendar_builder_compile(b, &c), 0);
    sla_calendar_builder_free(b);
    return c;
}

static sla_policy *rand_policy(sla_calendar *oslo, sla_calendar *ny)
{
    sla_policy *p;
    sla_diag *d;
    assert_int_equal(sla_diag_new(&d), 0);
    assert_int_equal(sla_policy_new(&p), 0);
    assert_int_equal(sla_policy_add_calendar(p, "oslo", oslo), 0);
    assert_int_equal(sla_policy_add_calendar(p, "ny", ny), 0);
    if (sla_policy_parse(p, rand_text, d) != 0)
        fail_msg("%s", sla_diag_message(d));
    sla_diag_free(d);
    return p;
}

static int world_setup(void **state)
{
    world *w = calloc(1, sizeof *w);
    w->oslo = oslo_cal(false);
    w->oslo2 = oslo_cal(true);
    assert_int_equal(sla_calendar_new("America/New_York", "Mo-Fr 09:00-17:00", &w->ny, NULL), 0);
    w->p = rand_policy(w->oslo, w->ny);
    w->p_same = rand_policy(w->oslo, w->ny);
    w->p_holiday = rand_policy(w->oslo2, w->ny);
    assert_int_equal(sla_status_new(&w->s1), 0);
    assert_int_equal(sla_status_new(&w->s2), 0);
    *state = w;
    return 0;
}

static int world_teardown(void **state)
{
    world *w = *state;
    sla_policy_free(w->p);
    sla_policy_free(w->p_same);
    sla_policy_free(w->p_holiday);
    sla_calendar_free(w->oslo);
    sla_calendar_free(w->oslo2);
    sla_calendar_free(w->ny);
    sla_status_free(w->s1);
    sla_status_free(w->s2);
    free(w);
    return 0;
}

typedef struct {
    int64_t t;
    int kind, arg;
} ev;

#define MAX_EV 40

typedef struct {
    int64_t created;
    int channel, priority, n;
    ev e[MAX_EV];
} history;

static void gen_history(history *h)
{
    /* Around the spring and autumn DST changes of Oslo and New York. */
    static const int64_t starts[] = {1741392000 /* 2025-03-08 */, 1742947200 /* 03-26 */,
                                     1761350400 /* 10-25 */, 1761955200 /* 11-01 */};
    int64_t t;
    int i;
    h->created = starts[rnd() % 4] + between(0, 5 * DAY);
    h->channel = (int)(rnd() % 3 == 0 ? 6 : rnd() % 3); /* email, chat, phone, whatsapp */
    h->priority = (int)(rnd() % 4);
    h->n = (int)between(0, MAX_EV - 1);
    t = h->created;
    for (i = 0; i < h->n; i++) {
        ev *e = &h->e[i];
        switch (rnd() % 4) {
        case 0: t += between(0, 120); break;
        case 1: t += between(60, H); break;
        case 2: t += between(H, DAY); break;
        default: t += between(0, 3 * DAY); break;
        }
        e->t = t;
        switch (rnd() % 10) {
        case 0:
        case 1: e->kind = SLA_EVENT_CUSTOMER; e->arg = (int)(rnd() % 7); break;
        case 2:
        case 3: e->kind = SLA_EVENT_REPLY; e->arg = 0; break;
        case 4: e->kind = SLA_EVENT_NOTE; e->arg = 0; break;
        case 5:
        case 6:
            e->kind = SLA_EVENT_STATUS;
            e->arg = (int)(rnd() % 5); /* new .. solved */
            if (i == h->n - 1 && rnd() % 4 == 0)
                e->arg = SLA_TICKET_CLOSED;
            break;
        case 7: e->kind = SLA_EVENT_PRIORITY; e->arg = (int)(rnd() % 4); break;
        default: e->kind = SLA_EVENT_CHANNEL; e->arg = (int)(rnd() % 7); break;
        }
    }
}

static sla_ticket *replay(const sla_policy *p, const history *h)
{
    sla_ticket *t;
    int i;
    assert_int_equal(sla_ticket_new(p, h->created, h->channel, h->priority, &t), 0);
    for (i = 0; i < h->n; i++)
        assert_int_equal(sla_ticket_apply(t, h->e[i].t, h->e[i].kind, h->e[i].arg), 0);
    return t;
}

static int64_t last_of(const history *h)
{
    return h->n ? h->e[h->n - 1].t : h->created;
}

typedef struct {
    size_t n;
    int metric[64], percent[64];
    int64_t instant[64];
} xlist;

static void crossings(const sla_ticket *t, int64_t a, int64_t b, xlist *out, bool append)
{
    size_t n;
    if (!append)
        out->n = 0;
    assert_int_equal(sla_ticket_crossings(t, a, b, out->metric + out->n, out->percent + out->n,
                                          out->instant + out->n, 64 - out->n, &n), 0);
    assert_true(n <= (size_t)SLA_METRIC_COUNT * (SLA_WARN_MAX + 1));
    assert_true(out->n + n <= 64);
    out->n += n;
}

/* Reports of one metric equal, field by field and warning by warning. */
static void same_metric(const sla_status *a, const sla_status *b, int m, bool cycles)
{
    int64_t va, vb;
    int f, k, pa, pb;
    for (f = 0; f <= SLA_FIELD_CALENDAR_24_7; f++) {
        if (!cycles && f == SLA_FIELD_BREACHED_CYCLES)
            continue;
        assert_int_equal(sla_status_get(a, m, f, &va), 0);
        assert_int_equal(sla_status_get(b, m, f, &vb), 0);
        if (va != vb)
            fail_msg("metric %s field %d: %lld vs %lld", sla_metric_name(m), f, (long long)va,
                     (long long)vb);
    }
    assert_int_equal(sla_status_get(a, m, SLA_FIELD_WARNINGS, &va), 0);
    for (k = 0; k < va; k++) {
        int64_t ia, ib;
        assert_int_equal(sla_status_warning(a, m, k, &pa, &ia), 0);
        assert_int_equal(sla_status_warning(b, m, k, &pb, &ib), 0);
        assert_int_equal(pa, pb);
        if (ia != ib)
            fail_msg("metric %s warning %d: %lld vs %lld", sla_metric_name(m), k, (long long)ia,
                     (long long)ib);
    }
}

static bool clock_active(const sla_status *s, int m)
{
    int64_t start, done;
    assert_int_equal(sla_status_get(s, m, SLA_FIELD_STARTED_AT, &start), 0);
    assert_int_equal(sla_status_get(s, m, SLA_FIELD_FULFILLED_AT, &done), 0);
    return start != SLA_NO_TIME && done == SLA_NO_TIME;
}

#define HISTORIES 1500

static void test_property_next_change_is_first_crossing(void **state)
{
    world *w = *state;
    int i, k, pending = 0;
    xlist x;
    for (i = 0; i < HISTORIES; i++) {
        history h;
        sla_ticket *t;
        gen_history(&h);
        t = replay(w->p, &h);
        for (k = 0; k < 3; k++) {
            int64_t now = last_of(&h) + (k == 0 ? 0 : between(0, 4 * DAY)), nx;
            int metric, kind, pct;
            assert_int_equal(sla_ticket_next_change(t, now, &nx, &metric, &kind, &pct), 0);
            crossings(t, now, SLA_TIME_MAX - 1, &x, false);
            if (x.n == 0) {
                assert_int_equal(nx, SLA_NO_TIME);
                assert_int_equal(kind, SLA_CHANGE_NONE);
                continue;
            }
            pending++;
            assert_int_equal(nx, x.instant[0]);
            assert_int_equal(metric, x.metric[0]);
            assert_int_equal(pct, x.percent[0]);
            assert_int_equal(kind, pct == SLA_BREACH_PERCENT ? SLA_CHANGE_BREACH
                                                             : SLA_CHANGE_WARNING);
            /* The status agrees: just before, the threshold is not passed; at
             * the instant it is. */
            if (nx > now + 1) {
                int64_t warned0, warned1, st0, st1;
                assert_int_equal(sla_ticket_status(t, nx - 1, w->s1), 0);
                assert_int_equal(sla_ticket_status(t, nx, w->s2), 0);
                sla_status_get(w->s1, metric, SLA_FIELD_WARNED, &warned0);
                sla_status_get(w->s2, metric, SLA_FIELD_WARNED, &warned1);
                sla_status_get(w->s1, metric, SLA_FIELD_STATE, &st0);
                sla_status_get(w->s2, metric, SLA_FIELD_STATE, &st1);
                if (kind == SLA_CHANGE_WARNING)
                    assert_true(warned1 > warned0);
                else
                    assert_true(st0 != SLA_CLOCK_BREACHED && st1 == SLA_CLOCK_BREACHED);
            }
        }
        sla_ticket_free(t);
    }
    printf("next change: %d of %d queries with something pending\n", pending, 3 * HISTORIES);
    assert_true(pending > HISTORIES / 2);
}

static void test_property_partition(void **state)
{
    world *w = *state;
    int i, k, nonempty = 0;
    xlist whole, parts;
    for (i = 0; i < HISTORIES; i++) {
        history h;
        sla_ticket *t;
        int64_t a, b, cut[8];
        int n_cut, c;
        gen_history(&h);
        t = replay(w->p, &h);
        a = h.created - between(0, DAY);
        b = last_of(&h) + between(0, 5 * DAY);
        if (rnd() % 3 == 0)
            a = between(h.created, b);
        crossings(t, a, b, &whole, false);
        nonempty += whole.n > 0;
        for (k = 0; k < 3; k++) {
            n_cut = (int)between(1, 8);
            for (c = 0; c < n_cut; c++) {
                int d;
                cut[c] = between(a, b);
                /* Sometimes right on a crossing, or one second off. */
                if (whole.n > 0 && rnd() % 2)
                    cut[c] = whole.instant[rnd() % whole.n] + (int64_t)(rnd() % 3) - 1;
                if (cut[c] < a)
                    cut[c] = a;
                if (cut[c] > b)
                    cut[c] = b;
                for (d = c; d > 0 && cut[d - 1] > cut[d]; d--) {
                    int64_t tmp = cut[d];
                    cut[d] = cut[d - 1];
                    cut[d - 1] = tmp;
                }
            }
            parts.n = 0;
            crossings(t, a, cut[0], &parts, true);
            for (c = 1; c < n_cut; c++)
                crossings(t, cut[c - 1], cut[c], &parts, true);
            crossings(t, cut[n_cut - 1], b, &parts, true);
            assert_int_equal(parts.n, whole.n);
            for (c = 0; c < (int)whole.n; c++) {
                assert_int_equal(parts.instant[c], whole.instant[c]);
                assert_int_equal(parts.metric[c], whole.metric[c]);
                assert_int_equal(parts.percent[c], whole.percent[c]);
                assert_true(c == 0 || whole.instant[c - 1] <= whole.instant[c]);
            }
        }
        sla_ticket_free(t);
    }
    printf("partition: %d of %d ranges with crossings\n", nonempty, HISTORIES);
    assert_true(nonempty > HISTORIES / 2);
}

static int changes_seen(const sla_status *a, const sla_status *b, const sla_ticket *ta,
                        const sla_ticket *tb, int64_t now)
{
    int m, bits = 0, ma, mb, ka, kb;
    int64_t va, vb, xa, xb;
    for (m = 0; m < SLA_METRIC_COUNT; m++) {
        sla_status_get(a, m, SLA_FIELD_STATE, &va);
        sla_status_get(b, m, SLA_FIELD_STATE, &vb);
        if (va != vb)
            bits |= SLA_REBASE_STATE;
        sla_status_get(a, m, SLA_FIELD_DEADLINE, &va);
        sla_status_get(b, m, SLA_FIELD_DEADLINE, &vb);
        if (va != vb)
            bits |= SLA_REBASE_DEADLINE;
    }
    assert_int_equal(sla_ticket_next_change(ta, now, &xa, &ma, &ka, NULL), 0);
    assert_int_equal(sla_ticket_next_change(tb, now, &xb, &mb, &kb, NULL), 0);
    if (xa != xb || ma != mb || ka != kb)
        bits |= SLA_REBASE_NEXT;
    return bits;
}

static void test_property_rebase(void **state)
{
    world *w = *state;
    int i, m, moved = 0, kept = 0, running = 0;
    unsigned char buf[4096];
    for (i = 0; i < HISTORIES; i++) {
        history h;
        sla_ticket *t, *copy, *full, *back;
        int64_t now, later;
        int changed, len, len2;
        unsigned char buf2[4096];
        gen_history(&h);
        t = replay(w->p, &h);
        now = last_of(&h) + between(0, 2 * DAY);
        later = now + between(0, 3 * DAY);
        len = sla_ticket_save(t, buf, sizeof buf);
        assert_true(len > 0 && len <= (int)sizeof buf);

        /* The same policy, and an equal one: no change, same reports. */
        assert_int_equal(sla_ticket_restore(w->p, buf, (size_t)len, &copy), 0);
        assert_int_equal(sla_ticket_rebase(copy, w->p, now, NULL, &changed), 0);
        assert_int_equal(changed, 0);
        assert_int_equal(sla_ticket_rebase(copy, w->p_same, now, NULL, &changed), 0);
        assert_int_equal(changed, 0);
        for (m = 0; m < SLA_METRIC_COUNT; m++) {
            assert_int_equal(sla_ticket_status(t, later, w->s1), 0);
            assert_int_equal(sla_ticket_status(copy, later, w->s2), 0);
            same_metric(w->s1, w->s2, m, true);
        }
        sla_ticket_free(copy);

        /* A calendar that gained holidays. */
        assert_int_equal(sla_ticket_rebase_saved(w->p, buf, (size_t)len, w->p_holiday, now, NULL,
                                                 &copy, &changed), 0);
        full = replay(w->p_holiday, &h);
        assert_int_equal(sla_ticket_status(t, now, w->s1), 0);
        assert_int_equal(sla_ticket_status(copy, now, w->s2), 0);
        assert_int_equal(changes_seen(w->s1, w->s2, t, copy, now), changed);
        moved += changed != 0;
        /* Through the saved bytes once more. */
        len2 = sla_ticket_save(copy, buf2, sizeof buf2);
        assert_true(len2 > 0 && len2 <= (int)sizeof buf2);
        assert_int_equal(sla_ticket_restore(w->p_holiday, buf2, (size_t)len2, &back), 0);
        for (m = 0; m < SLA_METRIC_COUNT; m++) {
            int64_t at;
            for (at = now; at <= later; at += later - now + 1) {
                bool active;
                assert_int_equal(sla_ticket_status(t, at, w->s1), 0);
                active = clock_active(w->s1, m);
                assert_int_equal(sla_ticket_status(back, at, w->s2), 0);
                if (active) {
                    /* Recomputed: as if the new policy had always applied
                     * (earlier cycles keep their breach count). */
                    running++;
                    assert_int_equal(sla_ticket_status(full, at, w->s1), 0);
                    same_metric(w->s1, w->s2, m, false);
                } else {
                    kept++;
                    same_metric(w->s1, w->s2, m, true);
                }
            }
        }
        /* And again onto the same: nothing. */
        assert_int_equal(sla_ticket_rebase(back, w->p_holiday, now, NULL, &changed), 0);
        assert_int_equal(changed, 0);
        sla_ticket_free(back);
        sla_ticket_free(copy);
        sla_ticket_free(full);
        sla_ticket_free(t);
    }
    printf("rebase: %d histories, %d moved, %d running and %d fulfilled clock reports compared\n",
           HISTORIES, moved, running, kept);
    assert_true(moved > 0);
    assert_true(running > 0 && kept > 0);
}

/* Events after a rebase go on as if the new policy had always applied. */
static void test_property_events_after_rebase(void **state)
{
    world *w = *state;
    int i, m;
    for (i = 0; i < HISTORIES / 3; i++) {
        history h;
        sla_ticket *t, *full;
        int cut, k, changed;
        int64_t now;
        gen_history(&h);
        if (h.n < 2)
            continue;
        cut = (int)between(0, h.n - 1);
        assert_int_equal(sla_ticket_new(w->p, h.created, h.channel, h.priority, &t), 0);
        for (k = 0; k < cut; k++)
            assert_int_equal(sla_ticket_apply(t, h.e[k].t, h.e[k].kind, h.e[k].arg), 0);
        assert_int_equal(sla_ticket_rebase(t, w->p_holiday, h.e[cut].t, NULL, &changed), 0);
        for (k = cut; k < h.n; k++)
            assert_int_equal(sla_ticket_apply(t, h.e[k].t, h.e[k].kind, h.e[k].arg), 0);
        full = replay(w->p_holiday, &h);
        now = last_of(&h) + between(0, DAY);
        assert_int_equal(sla_ticket_status(t, now, w->s1), 0);
        assert_int_equal(sla_ticket_status(full, now, w->s2), 0);
        for (m = 0; m < SLA_METRIC_COUNT; m++) {
            int64_t start;
            sla_status_get(w->s1, m, SLA_FIELD_STARTED_AT, &start);
            /* Cycles that began after the rebase are the new policy's. */
            if (start >= h.e[cut].t && start != SLA_NO_TIME && clock_active(w->s1, m))
                same_metric(w->s1, w->s2, m, false);
        }
        sla_ticket_free(t);
        sla_ticket_free(full);
    }
}

int main(void)
{
    const struct CMUnitTest hand_tests[] = {
        cmocka_unit_test(test_next_change_and_crossings),
        cmocka_unit_test(test_rebase_holiday),
        cmocka_unit_test(test_rebase_keeps_fulfilled),
        cmocka_unit_test(test_restore_format_1),
        cmocka_unit_test(test_restore_unreachable_thresholds),
    };
    const struct CMUnitTest prop_tests[] = {
        cmocka_unit_test(test_property_next_change_is_first_crossing),
        cmocka_unit_test(test_property_partition),
        cmocka_unit_test(test_property_rebase),
        cmocka_unit_test(test_property_events_after_rebase),
    };
    int r = cmocka_run_group_tests_name("clocks-hand", hand_tests, hand_setup, hand_teardown);
    return r + cmocka_run_group_tests_name("clocks-properties", prop_tests, world_setup,
                                           world_teardown);
}
