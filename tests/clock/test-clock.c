/* SLA policies and ticket clocks: metrics, pauses, reopen, priority change,
 * DST, saved state, timelines, policy text, real ticket logs.
 * Expected instants are worked out by hand from the calendars (UTC ones) or
 * with Python's zoneinfo (Europe/Oslo), never taken from the code's output.
 * SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libsla/sla.h"

#define H 3600
#define M 60
/* Monday 2025-03-24T00:00:00Z. */
#define MON ((int64_t)1742774400)
#define DAY 86400
#define FRI (MON + 4 * DAY)
#define MON2 (MON + 7 * DAY)

static const char *policy_text =
    "# test policy\n"
    "first_reply   email   *      15m  calendar=biz warn=50,90\n"
    "first_reply   chat    *      30s\n"
    "next_reply    email   *      1h   calendar=biz\n"
    "next_reply    chat    *      30s\n"
    "periodic_update *     *      2h   calendar=biz\n"
    "pausable_update *     *      2h   calendar=biz\n"
    "resolution    *       urgent 4h   calendar=biz\n"
    "resolution    *       *      16h  calendar=biz warn=50,75,90\n"
    "first_resolution *    *      8h   calendar=biz\n"
    "requester_wait *      *      8h   calendar=biz\n"
    "agent_work    *       *      8h   calendar=biz   # business hours\n";

typedef struct {
    sla_calendar *biz;
    sla_policy *pol;
    sla_status *st;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    sla_diag *d;
    assert_int_equal(sla_diag_new(&d), 0);
    assert_int_equal(sla_calendar_new("UTC", "Mo-Fr 09:00-17:00", &f->biz, NULL), 0);
    assert_int_equal(sla_policy_new(&f->pol), 0);
    assert_int_equal(sla_policy_add_calendar(f->pol, "biz", f->biz), 0);
    if (sla_policy_parse(f->pol, policy_text, d) != 0)
        fail_msg("%s", sla_diag_message(d));
    assert_int_equal(sla_status_new(&f->st), 0);
    sla_diag_free(d);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    sla_status_free(f->st);
    sla_policy_free(f->pol);
    sla_calendar_free(f->biz);
    free(f);
    return 0;
}

static int64_t field(const sla_status *st, int metric, int fld)
{
    int64_t v = -999;
    assert_int_equal(sla_status_get(st, metric, fld, &v), 0);
    return v;
}

static int64_t warn_at(const sla_status *st, int metric, int i)
{
    int64_t v;
    int pct;
    assert_int_equal(sla_status_warning(st, metric, i, &pct, &v), 0);
    return v;
}

/* ---- policies ---- */

static void test_defaults(void **state)
{
    sla_calendar *biz;
    sla_policy *p;
    const sla_calendar *cal;
    int64_t tg;
    (void)state;
    assert_int_equal(sla_calendar_new("UTC", "Mo-Fr 09:00-17:00", &biz, NULL), 0);
    assert_int_equal(sla_policy_new_default(biz, NULL, &p), 0);
    assert_int_equal(sla_policy_lookup(p, SLA_METRIC_FIRST_REPLY, SLA_CHANNEL_EMAIL,
                                       SLA_PRIORITY_LOW, &tg, &cal), 0);
    assert_int_equal(tg, 900);
    assert_ptr_equal(cal, biz);
    assert_int_equal(sla_policy_lookup(p, SLA_METRIC_NEXT_REPLY, SLA_CHANNEL_EMAIL,
                                       SLA_PRIORITY_URGENT, &tg, &cal), 0);
    assert_int_equal(tg, 900);
    assert_int_equal(sla_policy_lookup(p, SLA_METRIC_FIRST_REPLY, SLA_CHANNEL_CHAT,
                                       SLA_PRIORITY_HIGH, &tg, &cal), 0);
    assert_int_equal(tg, 30);
    assert_null(cal);
    assert_int_equal(sla_policy_lookup(p, SLA_METRIC_NEXT_REPLY, SLA_CHANNEL_CHAT,
                                       SLA_PRIORITY_HIGH, &tg, &cal), 0);
    assert_int_equal(tg, 30);
    assert_int_equal(sla_policy_lookup(p, SLA_METRIC_FIRST_REPLY, SLA_CHANNEL_SOCIAL,
                                       SLA_PRIORITY_NORMAL, &tg, &cal), 0);
    assert_int_equal(tg, 3600);
    assert_ptr_equal(cal, biz);
    assert_int_equal(sla_policy_lookup(p, SLA_METRIC_FIRST_REPLY, SLA_CHANNEL_PHONE,
                                       SLA_PRIORITY_NORMAL, &tg, &cal), 0);
    assert_int_equal(tg, 20);
    assert_null(cal);
    assert_int_equal(sla_policy_lookup(p, SLA_METRIC_FIRST_REPLY, SLA_CHANNEL_WEB,
                                       SLA_PRIORITY_NORMAL, &tg, &cal), 0);
    assert_int_equal(tg, -1);
    assert_int_equal(sla_policy_lookup(p, SLA_METRIC_RESOLUTION, SLA_CHANNEL_EMAIL,
                                       SLA_PRIORITY_NORMAL, &tg, &cal), 0);
    assert_int_equal(tg, -1);
    /* Text appended to the defaults can name the registered calendar. */
    assert_int_equal(sla_policy_parse(p, "resolution * * 3d calendar=business", NULL), 0);
    assert_int_equal(sla_policy_lookup(p, SLA_METRIC_RESOLUTION, SLA_CHANNEL_WEB,
                                       SLA_PRIORITY_NORMAL, &tg, &cal), 0);
    assert_int_equal(tg, 3 * 86400);
    assert_ptr_equal(cal, biz);
    sla_policy_free(p);
    sla_calendar_free(biz);
}

static void test_channels(void **state)
{
    sla_policy *p;
    int ch, ch2;
    int64_t tg;
    (void)state;
    assert_int_equal(sla_policy_new(&p), 0);
    assert_int_equal(sla_policy_channel(p, "messaging", &ch), 0);
    assert_int_equal(ch, SLA_CHANNEL_MESSAGING);
    assert_int_equal(sla_policy_channel(p, "sms", &ch), SLA_EINVAL);
    /* A target for any channel added before the channel still matches it. */
    assert_int_equal(sla_policy_add_target(p, SLA_METRIC_FIRST_REPLY, SLA_ANY, SLA_ANY, 60, NULL,
                                           0, NULL, 0), 0);
    assert_int_equal(sla_policy_add_channel(p, "sms", &ch), 0);
    assert_int_equal(ch, SLA_CHANNEL_USER);
    assert_int_equal(sla_policy_add_channel(p, "sms", &ch2), 0);
    assert_int_equal(ch2, ch);
    assert_string_equal(sla_policy_channel_name(p, ch), "sms");
    assert_null(sla_policy_channel_name(p, ch + 1));
    assert_int_equal(sla_policy_add_channel(p, "Bad Name", NULL), SLA_EINVAL);
    assert_int_equal(sla_policy_add_channel(p, "", NULL), SLA_EINVAL);
    assert_int_equal(sla_policy_lookup(p, SLA_METRIC_FIRST_REPLY, ch, SLA_PRIORITY_LOW, &tg, NULL),
                     0);
    assert_int_equal(tg, 60);
    assert_int_equal(sla_policy_parse(p, "channel whatsapp\nfirst_reply whatsapp,sms high 5m\n"
                                         "first_reply * * 10m", NULL), 0);
    assert_int_equal(sla_policy_channel(p, "whatsapp", &ch2), 0);
    /* The earlier any-channel target still wins (first match). */
    assert_int_equal(sla_policy_lookup(p, SLA_METRIC_FIRST_REPLY, ch2, SLA_PRIORITY_HIGH, &tg,
                                       NULL), 0);
    assert_int_equal(tg, 60);
    assert_int_equal(sla_policy_target_count(p), 1 + 2 + 1);
    assert_int_equal(sla_policy_add_target(p, 99, SLA_ANY, SLA_ANY, 60, NULL, 0, NULL, 0),
                     SLA_EINVAL);
    assert_int_equal(sla_policy_add_target(p, 0, 200, SLA_ANY, 60, NULL, 0, NULL, 0), SLA_EINVAL);
    assert_int_equal(sla_policy_add_target(p, 0, SLA_ANY, SLA_ANY, -1, NULL, 0, NULL, 0),
                     SLA_EINVAL);
    {
        int w[2] = {75, 50};
        assert_int_equal(sla_policy_add_target(p, 0, SLA_ANY, SLA_ANY, 60, NULL, 0, w, 2),
                         SLA_EINVAL);
    }
    assert_int_equal(sla_policy_target_count(p), 4);
    sla_policy_free(p);
}

static void expect_parse_error(const char *text, int line, int col, const char *construct)
{
    sla_policy *p;
    sla_diag *d;
    assert_int_equal(sla_policy_new(&p), 0);
    assert_int_equal(sla_diag_new(&d), 0);
    assert_int_equal(sla_policy_parse(p, text, d), SLA_EPARSE);
    assert_int_equal(sla_diag_code(d), SLA_EPARSE);
    if (sla_diag_line(d) != line || sla_diag_column(d) != col)
        fail_msg("'%s': got line %d col %d (%s), want %d:%d", text, sla_diag_line(d),
                 sla_diag_column(d), sla_diag_message(d), line, col);
    assert_string_equal(sla_diag_construct(d), construct);
    /* All or nothing. */
    assert_int_equal(sla_policy_target_count(p), 0);
    assert_int_equal(sla_policy_channel_count(p), 6);
    sla_diag_free(d);
    sla_policy_free(p);
}

static void test_policy_text_errors(void **state)
{
    (void)state;
    expect_parse_error("first_reply email * 15m\nfirst_reply emial * 15m", 2, 13, "channel");
    expect_parse_error("bogus * * 1h", 1, 1, "metric");
    expect_parse_error("first_reply * * 15x", 1, 17, "duration");
    expect_parse_error("first_reply * * -5m", 1, 17, "duration");
    expect_parse_error("first_reply * * 15m calendar=nope", 1, 30, "calendar");
    expect_parse_error("first_reply * * 15m warn=50,40", 1, 29, "warn");
    expect_parse_error("first_reply * * 15m warn=50,60,70,80,90", 1, 38, "warn");
    expect_parse_error("first_reply * *", 1, 16, "duration");
    expect_parse_error("# c\n\nfirst_reply * high,hgh 1m", 3, 20, "priority");
    expect_parse_error("first_reply * * 1m pause=pending,solved", 1, 34, "status");
    expect_parse_error("first_reply * * 1m colour=red", 1, 20, "option");
    expect_parse_error("channel sms\nfirst_reply sms * 1m\nchannel BAD", 3, 9, "channel");
    expect_parse_error("first_reply * * 1m\r\nnext_reply * * 1m xyz", 2, 19, "option");
}

/* ---- first reply ---- */

static void test_first_reply_business_hours(void **state)
{
    fixture *f = *state;
    sla_ticket *t, *u;
    const int64_t created = FRI + 16 * H + 50 * M;
    const int64_t deadline = MON2 + 9 * H + 5 * M;

    assert_int_equal(sla_ticket_new(f->pol, created, SLA_CHANNEL_EMAIL, SLA_PRIORITY_NORMAL, &t), 0);
    assert_int_equal(sla_ticket_new(f->pol, created, SLA_CHANNEL_EMAIL, SLA_PRIORITY_NORMAL, &u), 0);
    /* Saturday noon: 10 business minutes used, 5 left, due Monday 09:05. */
    assert_int_equal(sla_ticket_status(t, FRI + DAY + 12 * H, f->st), 0);
    assert_int_equal(field(f->st, SLA_METRIC_FIRST_REPLY, SLA_FIELD_STATE), SLA_CLOCK_RUNNING);
    assert_int_equal(field(f->st, SLA_METRIC_FIRST_REPLY, SLA_FIELD_TARGET), 900);
    assert_int_equal(field(f->st, SLA_METRIC_FIRST_REPLY, SLA_FIELD_ELAPSED), 600);
    assert_int_equal(field(f->st, SLA_METRIC_FIRST_REPLY, SLA_FIELD_REMAINING), 300);
    assert_int_equal(field(f->st, SLA_METRIC_FIRST_REPLY, SLA_FIELD_DEADLINE), deadline);
    assert_int_equal(field(f->st, SLA_METRIC_FIRST_REPLY, SLA_FIELD_ELAPSED_WALL),
                     19 * H + 10 * M);
    assert_int_equal(field(f->st, SLA_METRIC_FIRST_REPLY, SLA_FIELD_REMAINING_WALL),
                     deadline - (FRI + DAY + 12 * H));
    assert_int_equal(field(f->st, SLA_METRIC_FIRST_REPLY, SLA_FIELD_WARNINGS), 2);
    assert_int_equal(field(f->st, SLA_METRIC_FIRST_REPLY, SLA_FIELD_WARNED), 1);
    /* 50 % = 7m30s: Friday 16:57:30; 90 % = 13m30s: Monday 09:03:30. */
    assert_int_equal(warn_at(f->st, SLA_METRIC_FIRST_REPLY, 0), FRI + 16 * H + 57 * M + 30);
    assert_int_equal(warn_at(f->st, SLA_METRIC_FIRST_REPLY, 1), MON2 + 9 * H + 3 * M + 30);
    assert_int_equal(field(f->st, SLA_METRIC_FIRST_REPLY, SLA_FIELD_BREACHED_AT), SLA_NO_TIME);
    assert_int_equal(field(f->st, SLA_METRIC_NEXT_REPLY, SLA_FIELD_STATE), SLA_CLOCK_INACTIVE);

    /* A reply exactly at the deadline is in time; one second later is not. */
    assert_int_equal(sla_ticket_agent_reply(t, deadline), 0);
    assert_int_equal(sla_ticket_agent_reply(u, deadline + 1), 0);
    assert_int_equal(sla_ticket_status(t, MON2 + 12 * H, f->st), 0);
    assert_int_equal(field(f->st, SLA_METRIC_FIRST_REPLY, SLA_FIELD_STATE), SLA_CLOCK_ACHIEVED);
    assert_int_equal(field(f->st, SLA_METRIC_FIRST_REPLY, SLA_FIELD_FULFILLED_AT), deadline);
    assert_int_equal(field(f->st, SLA_METRIC_FIRST_REPLY, SLA_FIELD_ELAPSED), 900);
    assert_int_equal(field(f->st, SLA_METRIC_FIRST_REPLY, SLA_FIELD_REMAINING), 0);
    assert_int_equal(field(f->st, SLA_METRIC_FIRST_REPLY, SLA_FIELD_WARNED), 2);
    assert_int_equal(sla_ticket_status(u, MON2 + 12 * H, f->st), 0);
    assert_int_equal(field(f->st, SLA_METRIC_FIRST_REPLY, SLA_FIELD_STATE), SLA_CLOCK_BREACHED);
    assert_int_equal(field(f->st, SLA_METRIC_FIRST_REPLY, SLA_FIELD_BREACHED_AT), deadline);
    assert_int_equal(field(f->st, SLA_METRIC_FIRST_REPLY, SLA_FIELD_FULFILLED_AT), deadline + 1);
    assert_int_equal(field(f->st, SLA_METRIC_FIRST_REPLY, SLA_FIELD_REMAINING), -1);
    assert_int_equal(field(f->st, SLA_METRIC_FIRST_REPLY, SLA_FIELD_BREACHED_CYCLES), 1);
    sla_ticket_free(t);
    sla_ticket_free(u);
}

static void test_first_reply_running_breach(void **state)
{
    fixture *f = *state;
    sla_ticket *t;
    const int64_t c = MON + 10 * H;
    assert_int_equal(sla_ticket_new(f->pol, c, SLA_CHANNEL_CHAT, SLA_PRIORITY_HIGH, &t), 0);
    assert_int_equal(sla_ticket_status(t, c + 30, f->st), 0);
    assert_int_equal(field(f->st, SLA_METRIC_FIRST_REPLY, SLA_FIELD_STATE), SLA_CLOCK_RUNNING);
    assert_int_equal(field(f->st, SLA_METRIC_FIRST_REPLY, SLA_FIELD_CALENDAR_24_7), 1);
    assert_int_equal(sla_ticket_status(t, c + 31, f->st), 0);
    assert_int_equal(field(f->st, SLA_METRIC_FIRST_REPLY, SLA_FIELD_STATE), SLA_CLOCK_BREACHED);
    assert_int_equal(field(f->st, SLA_METRIC_FIRST_REPLY, SLA_FIELD_BREACHED_AT), c + 30);
    assert_int_equal(field(f->st, SLA_METRIC_FIRST_REPLY, SLA_FIELD_REMAINING_WALL), -1);
    assert_int_equal(field(f->st, SLA_METRIC_FIRST_REPLY, SLA_FIELD_FULFILLED_AT), SLA_NO_TIME);
    sla_ticket_free(t);
}

/* ---- next reply: per-message channel, oldest unanswered, cycles ---- */

static void test_next_reply(void **state)
{
    fixture *f = *state;
    sla_ticket *t;
    const int64_t c = MON + 10 * H;
    assert_int_equal(sla_ticket_new(f->pol, c, SLA_CHANNEL_EMAIL, SLA_PRIORITY_NORMAL, &t), 0);
    /* Before the first reply a customer message starts nothing. */
    assert_int_equal(sla_ticket_customer_message(t, c + M, SLA_CHANNEL_EMAIL), 0);
    assert_int_equal(sla_ticket_status(t, c + 2 * M, f->st), 0);
    assert_int_equal(field(f->st, SLA_METRIC_NEXT_REPLY, SLA_FIELD_STATE), SLA_CLOCK_INACTIVE);
    assert_int_equal(field(f->st, SLA_METRIC_NEXT_REPLY, SLA_FIELD_CYCLES), 0);
    assert_int_equal(sla_ticket_agent_reply(t, c + 5 * M), 0);
    /* The customer moves to chat: the chat target (30 s, 24/7) applies. */
    assert_int_equal(sla_ticket_customer_message(t, c + 10 * M, SLA_CHANNEL_CHAT), 0);
    assert_int_equal(sla_ticket_customer_message(t, c + 10 * M + 10, SLA_CHANNEL_EMAIL), 0);
    assert_int_equal(sla_ticket_status(t, c + 10 * M + 20, f->st), 0);
    assert_int_equal(field(f->st, SLA_METRIC_NEXT_REPLY, SLA_FIELD_STATE), SLA_CLOCK_RUNNING);
    assert_int_equal(field(f->st, SLA_METRIC_NEXT_REPLY, SLA_FIELD_TARGET), 30);
    assert_int_equal(field(f->st, SLA_METRIC_NEXT_REPLY, SLA_FIELD_CHANNEL), SLA_CHANNEL_CHAT);
    assert_int_equal(field(f->st, SLA_METRIC_NEXT_REPLY, SLA_FIELD_ELAPSED), 20);
    assert_int_equal(field(f->st, SLA_METRIC_NEXT_REPLY, SLA_FIELD_STARTED_AT), c + 10 * M);
    assert_int_equal(field(f->st, SLA_METRIC_NEXT_REPLY, SLA_FIELD_DEADLINE), c + 10 * M + 30);
    /* The first reply stays achieved. */
    assert_int_equal(field(f->st, SLA_METRIC_FIRST_REPLY, SLA_FIELD_STATE), SLA_CLOCK_ACHIEVED);
    assert_int_equal(sla_ticket_agent_reply(t, c + 11 * M), 0);
    assert_int_equal(sla_ticket_status(t, c + 12 * M, f->st), 0);
    assert_int_equal(field(f->st, SLA_METRIC_NEXT_REPLY, SLA_FIELD_STATE), SLA_CLOCK_BREACHED);
    assert_int_equal(field(f->st, SLA_METRIC_NEXT_REPLY, SLA_FIELD_BREACHED_AT), c + 10 * M + 30);
    assert_int_equal(field(f->st, SLA_METRIC_NEXT_REPLY, SLA_FIELD_CYCLES), 1);
    assert_int_equal(field(f->st, SLA_METRIC_NEXT_REPLY, SLA_FIELD_BREACHED_CYCLES), 1);
    /* Next turn by email: the email target (1 h business). */
    assert_int_equal(sla_ticket_customer_message(t, c + 20 * M, SLA_CHANNEL_EMAIL), 0);
    assert_int_equal(sla_ticket_note(t, c + 25 * M), 0);
    assert_int_equal(sla_ticket_status(t, c + 25 * M, f->st), 0);
    assert_int_equal(field(f->st, SLA_METRIC_NEXT_REPLY, SLA_FIELD_TARGET), 3600);
    assert_int_equal(field(f->st, SLA_METRIC_NEXT_REPLY, SLA_FIELD_DEADLINE), c + 80 * M);
    assert_int_equal(field(f->st, SLA_METRIC_NEXT_REPLY, SLA_FIELD_CYCLES), 2);
    assert_int_equal(field(f->st, SLA_METRIC_NEXT_REPLY, SLA_FIELD_BREACHED_CYCLES), 1);
    assert_int_equal(sla_ticket_agent_reply(t, c + 30 * M), 0);
    assert_int_equal(sla_ticket_status(t, c + 30 * M, f->st), 0);
    assert_int_equal(field(f->st, SLA_METRIC_NEXT_REPLY, SLA_FIELD_STATE), SLA_CLOCK_ACHIEVED);
    assert_int_equal(field(f->st, SLA_METRIC_NEXT_REPLY, SLA_FIELD_ELAPSED), 10 * M);
    assert_int_equal(field(f->st, SLA_METRIC_NEXT_REPLY, SLA_FIELD_BREACHED_CYCLES), 1);
    sla_ticket_free(t);
}

/* ---- periodic and pausable updates ---- */

static void test_updates(void **state)
{
    fixture *f = *state;
    sla_ticket *t;
    const int64_t c = MON + 10 * H;
    assert_int_equal(sla_ticket_new(f->pol, c, SLA_CHANNEL_WEB, SLA_PRIORITY_NORMAL, &t), 0);
    assert_int_equal(sla_ticket_set_status(t, c + 30 * M, SLA_TICKET_PENDING), 0);
    assert_int_equal(sla_ticket_status(t, c + 60 * M, f->st), 0);
    assert_int_equal(field(f->st, SLA_METRIC_PAUSABLE_UPDATE, SLA_FIELD_STATE), SLA_CLOCK_PAUSED);
    assert_int_equal(field(f->st, SLA_METRIC_PERIODIC_UPDATE, SLA_FIELD_STATE), SLA_CLOCK_RUNNING);
    /* Paused: the deadline is where the target lands running from now on. */
    assert_int_equal(field(f->st, SLA_METRIC_PAUSABLE_UPDATE, SLA_FIELD_DEADLINE),
                     c + 60 * M + 90 * M);
    assert_int_equal(sla_ticket_set_status(t, c + 90 * M, SLA_TICKET_OPEN), 0);
    assert_int_equal(sla_ticket_status(t, c + 2 * H, f->st), 0);
    assert_int_equal(field(f->st, SLA_METRIC_PERIODIC_UPDATE, SLA_FIELD_STATE), SLA_CLOCK_RUNNING);
    assert_int_equal(field(f->st, SLA_METRIC_PERIODIC_UPDATE, SLA_FIELD_REMAINING), 0);
    assert_int_equal(field(f->st, SLA_METRIC_PAUSABLE_UPDATE, SLA_FIELD_ELAPSED), 60 * M);
    assert_int_equal(field(f->st, SLA_METRIC_PAUSABLE_UPDATE, SLA_FIELD_DEADLINE), c + 3 * H);
    assert_int_equal(sla_ticket_status(t, c + 2 * H + 1, f->st), 0);
    assert_int_equal(field(f->st, SLA_METRIC_PERIODIC_UPDATE, SLA_FIELD_STATE), SLA_CLOCK_BREACHED);
    assert_int_equal(field(f->st, SLA_METRIC_PERIODIC_UPDATE, SLA_FIELD_BREACHED_AT), c + 2 * H);
    assert_int_equal(sla_ticket_agent_reply(t, c + 150 * M), 0);
    assert_int_equal(sla_ticket_status(t, c + 160 * M, f->st), 0);
    /* New cycles from the reply. */
    assert_int_equal(field(f->st, SLA_METRIC_PERIODIC_UPDATE, SLA_FIELD_STATE), SLA_CLOCK_RUNNING);
    assert_int_equal(field(f->st, SLA_METRIC_PERIODIC_UPDATE, SLA_FIELD_STARTED_AT), c + 150 * M);
    assert_int_equal(field(f->st, SLA_METRIC_PERIODIC_UPDATE, SLA_FIELD_CYCLES), 2);
    assert_int_equal(field(f->st, SLA_METRIC_PERIODIC_UPDATE, SLA_FIELD_BREACHED_CYCLES), 1);
    assert_int_equal(field(f->st, SLA_METRIC_PAUSABLE_UPDATE, SLA_FIELD_CYCLES), 2);
    assert_int_equal(field(f->st, SLA_METRIC_PAUSABLE_UPDATE, SLA_FIELD_BREACHED_CYCLES), 0);
    assert_int_equal(field(f->st, SLA_METRIC_PAUSABLE_UPDATE, SLA_FIELD_ELAPSED), 10 * M);
    sla_ticket_free(t);
}

/* ---- resolution, reopen, requester wait, agent work, timeline ---- */

static void test_resolution_reopen(void **state)
{
    fixture *f = *state;
    sla_ticket *t;
    const int64_t c = MON + 9 * H;
    int64_t s[8], e[8];
    int k[8];
    size_t n;

    assert_int_equal(sla_ticket_new(f->pol, c, SLA_CHANNEL_EMAIL, SLA_PRIORITY_NORMAL, &t), 0);
    assert_int_equal(sla_ticket_set_status(t, c + 1 * H, SLA_TICKET_ON_HOLD), 0);
    assert_int_equal(sla_ticket_set_status(t, c + 2 * H, SLA_TICKET_PENDING), 0);
    assert_int_equal(sla_ticket_set_status(t, c + 3 * H, SLA_TICKET_OPEN), 0);
    assert_int_equal(sla_ticket_set_status(t, c + 4 * H, SLA_TICKET_SOLVED), 0);
    assert_int_equal(sla_ticket_status(t, c + 4 * H + 30 * M, f->st), 0);
    assert_int_equal(field(f->st, SLA_METRIC_RESOLUTION, SLA_FIELD_STATE), SLA_CLOCK_ACHIEVED);
    assert_int_equal(field(f->st, SLA_METRIC_RESOLUTION, SLA_FIELD_ELAPSED), 4 * H);
    assert_int_equal(field(f->st, SLA_METRIC_PERIODIC_UPDATE, SLA_FIELD_STATE), SLA_CLOCK_BREACHED);
    /* Solving without a reply fulfils the first reply, late. */
    assert_int_equal(field(f->st, SLA_METRIC_FIRST_REPLY, SLA_FIELD_STATE), SLA_CLOCK_BREACHED);
    assert_int_equal(field(f->st, SLA_METRIC_FIRST_REPLY, SLA_FIELD_BREACHED_AT), c + 15 * M);
    assert_int_equal(field(f->st, SLA_METRIC_FIRST_REPLY, SLA_FIELD_FULFILLED_AT), c + 4 * H);
    /* The customer writes again: reopen. */
    assert_int_equal(sla_ticket_customer_message(t, c + 5 * H, SLA_CHANNEL_EMAIL), 0);
    assert_int_equal(sla_ticket_status(t, c + 5 * H + 30 * M, f->st), 0);
    assert_int_equal(field(f->st, SLA_METRIC_RESOLUTION, SLA_FIELD_STATE), SLA_CLOCK_RUNNING);
    assert_int_equal(field(f->st, SLA_METRIC_RESOLUTION, SLA_FIELD_ELAPSED), 4 * H + 30 * M);
    assert_int_equal(field(f->st, SLA_METRIC_FIRST_RESOLUTION, SLA_FIELD_STATE),
                     SLA_CLOCK_ACHIEVED);
    assert_int_equal(field(f->st, SLA_METRIC_NEXT_REPLY, SLA_FIELD_STATE), SLA_CLOCK_RUNNING);
    assert_int_equal(field(f->st, SLA_METRIC_PERIODIC_UPDATE, SLA_FIELD_STARTED_AT), c + 5 * H);
    assert_int_equal(field(f->st, SLA_METRIC_PERIODIC_UPDATE, SLA_FIELD_CYCLES), 2);
    assert_int_equal(sla_ticket_set_status(t, c + 6 * H, SLA_TICKET_SOLVED), 0);
    assert_int_equal(sla_ticket_set_status(t, c + 7 * H, SLA_TICKET_CLOSED), 0);
    assert_int_equal(sla_ticket_status(t, c + 7 * H, f->st), 0);
    assert_int_equal(field(f->st, SLA_METRIC_RESOLUTION, SLA_FIELD_ELAPSED), 5 * H);
    assert_int_equal(field(f->st, SLA_METRIC_RESOLUTION, SLA_FIELD_ELAPSED_WALL), 6 * H);
    assert_int_equal(field(f->st, SLA_METRIC_RESOLUTION, SLA_FIELD_FULFILLED_AT), c + 6 * H);
    /* 16 h target: warnings at 8 h, 12 h, 14 h were never reached. */
    assert_int_equal(field(f->st, SLA_METRIC_RESOLUTION, SLA_FIELD_WARNED), 0);
    assert_int_equal(warn_at(f->st, SLA_METRIC_RESOLUTION, 0), SLA_NO_TIME);
    /* 11 business hours left at Monday 15:00: 2 h Monday, 8 h Tuesday, 1 h
     * Wednesday -> Wednesday 10:00 would have been due. */
    assert_int_equal(field(f->st, SLA_METRIC_RESOLUTION, SLA_FIELD_DEADLINE),
                     MON + 2 * DAY + 10 * H);
    assert_int_equal(field(f->st, SLA_METRIC_FIRST_RESOLUTION, SLA_FIELD_ELAPSED), 4 * H);
    assert_int_equal(field(f->st, SLA_METRIC_FIRST_RESOLUTION, SLA_FIELD_FULFILLED_AT),
                     c + 4 * H);
    assert_int_equal(field(f->st, SLA_METRIC_REQUESTER_WAIT, SLA_FIELD_ELAPSED), 4 * H);
    assert_int_equal(field(f->st, SLA_METRIC_AGENT_WORK, SLA_FIELD_ELAPSED), 3 * H);
    /* Next reply: started 14:00 by the message, fulfilled by solving at 15:00, on time. */
    assert_int_equal(field(f->st, SLA_METRIC_NEXT_REPLY, SLA_FIELD_STATE), SLA_CLOCK_ACHIEVED);
    assert_int_equal(field(f->st, SLA_METRIC_NEXT_REPLY, SLA_FIELD_ELAPSED), 1 * H);

    /* Timeline of requester wait. */
    assert_int_equal(sla_ticket_timeline(t, c + 7 * H, SLA_METRIC_REQUESTER_WAIT, s, e, k, 8, &n),
                     0);
    assert_int_equal(n, 5);
    assert_int_equal(s[0], c);
    assert_int_equal(e[0], c + 2 * H);
    assert_int_equal(k[0], SLA_SEGMENT_COUNTED);
    assert_int_equal(k[1], SLA_SEGMENT_PAUSED);
    assert_int_equal(e[1], c + 3 * H);
    assert_int_equal(k[2], SLA_SEGMENT_COUNTED);
    assert_int_equal(k[3], SLA_SEGMENT_STOPPED);
    assert_int_equal(s[3], c + 4 * H);
    assert_int_equal(k[4], SLA_SEGMENT_COUNTED);
    assert_int_equal(e[4], c + 6 * H);
    /* Bounded output. */
    memset(s, 0, sizeof s);
    assert_int_equal(sla_ticket_timeline(t, c + 7 * H, SLA_METRIC_REQUESTER_WAIT, s, e, k, 2, &n),
                     0);
    assert_int_equal(n, 5);
    assert_int_equal(s[1], c + 2 * H);
    assert_int_equal(s[2], 0);
    assert_int_equal(sla_ticket_timeline(t, c + 7 * H, SLA_METRIC_AGENT_WORK, NULL, NULL, NULL, 0,
                                         &n), 0);
    assert_int_equal(n, 5); /* counted, paused (on hold + pending), counted, stopped, counted */
    sla_ticket_free(t);
}

static void test_timeline_out_of_hours(void **state)
{
    fixture *f = *state;
    sla_ticket *t;
    int64_t s[8], e[8];
    int k[8];
    size_t n;
    assert_int_equal(sla_ticket_new(f->pol, FRI + 16 * H, SLA_CHANNEL_EMAIL, SLA_PRIORITY_LOW, &t),
                     0);
    assert_int_equal(sla_ticket_timeline(t, MON2 + 10 * H, SLA_METRIC_RESOLUTION, s, e, k, 8, &n),
                     0);
    assert_int_equal(n, 3);
    assert_int_equal(k[0], SLA_SEGMENT_COUNTED);
    assert_int_equal(e[0], FRI + 17 * H);
    assert_int_equal(k[1], SLA_SEGMENT_OUT_OF_HOURS);
    assert_int_equal(e[1], MON2 + 9 * H);
    assert_int_equal(k[2], SLA_SEGMENT_COUNTED);
    assert_int_equal(e[2], MON2 + 10 * H);
    sla_ticket_free(t);
}

/* ---- priority change ---- */

static void test_priority_change(void **state)
{
    fixture *f = *state;
    sla_ticket *t, *u;
    const int64_t c = MON + 9 * H;
    assert_int_equal(sla_ticket_new(f->pol, c, SLA_CHANNEL_EMAIL, SLA_PRIORITY_NORMAL, &t), 0);
    assert_int_equal(sla_ticket_new(f->pol, c, SLA_CHANNEL_EMAIL, SLA_PRIORITY_NORMAL, &u), 0);
    assert_int_equal(sla_ticket_status(t, c + 1 * H, f->st), 0);
    /* 16 business hours: Monday 8 h + Tuesday 8 h -> Tuesday 17:00. */
    assert_int_equal(field(f->st, SLA_METRIC_RESOLUTION, SLA_FIELD_DEADLINE), MON + DAY + 17 * H);
    assert_int_equal(sla_ticket_set_priority(t, c + 2 * H, SLA_PRIORITY_URGENT), 0);
    assert_int_equal(sla_ticket_status(t, c + 2 * H, f->st), 0);
    assert_int_equal(field(f->st, SLA_METRIC_RESOLUTION, SLA_FIELD_TARGET), 4 * H);
    assert_int_equal(field(f->st, SLA_METRIC_RESOLUTION, SLA_FIELD_ELAPSED), 2 * H);
    assert_int_equal(field(f->st, SLA_METRIC_RESOLUTION, SLA_FIELD_DEADLINE), c + 4 * H);
    assert_int_equal(sla_ticket_status(t, c + 5 * H, f->st), 0);
    assert_int_equal(field(f->st, SLA_METRIC_RESOLUTION, SLA_FIELD_STATE), SLA_CLOCK_BREACHED);
    assert_int_equal(field(f->st, SLA_METRIC_RESOLUTION, SLA_FIELD_BREACHED_AT), c + 4 * H);
    /* Raised after 5 h: breached at once. */
    assert_int_equal(sla_ticket_set_priority(u, c + 5 * H, SLA_PRIORITY_URGENT), 0);
    assert_int_equal(sla_ticket_status(u, c + 5 * H + 1, f->st), 0);
    assert_int_equal(field(f->st, SLA_METRIC_RESOLUTION, SLA_FIELD_STATE), SLA_CLOCK_BREACHED);
    assert_int_equal(field(f->st, SLA_METRIC_RESOLUTION, SLA_FIELD_BREACHED_AT), c + 5 * H);
    assert_int_equal(field(f->st, SLA_METRIC_RESOLUTION, SLA_FIELD_REMAINING), -1 * H - 1);
    /* Lowered again: measured against the 16 h target, no longer breached. */
    assert_int_equal(sla_ticket_set_priority(u, c + 6 * H, SLA_PRIORITY_LOW), 0);
    assert_int_equal(sla_ticket_status(u, c + 6 * H, f->st), 0);
    assert_int_equal(field(f->st, SLA_METRIC_RESOLUTION, SLA_FIELD_STATE), SLA_CLOCK_RUNNING);
    assert_int_equal(field(f->st, SLA_METRIC_RESOLUTION, SLA_FIELD_ELAPSED), 6 * H);
    /* 50 % (8 h) is still ahead: Monday 17:00. */
    assert_int_equal(warn_at(f->st, SLA_METRIC_RESOLUTION, 0), c + 8 * H);
    sla_ticket_free(t);
    sla_ticket_free(u);
}

/* ---- refused events ---- */

static void test_refused_events(void **state)
{
    fixture *f = *state;
    sla_ticket *t;
    unsigned char a[1024], b[1024];
    int na, nb;
    const int64_t c = MON + 9 * H;

    assert_int_equal(sla_ticket_new(f->pol, c, SLA_CHANNEL_EMAIL, SLA_PRIORITY_NORMAL, &t), 0);
    assert_int_equal(sla_ticket_set_status(t, c + H, SLA_TICKET_PENDING), 0);
    na = sla_ticket_save(t, a, sizeof a);
    assert_true(na > 0 && na <= (int)sizeof a);
    assert_int_equal(sla_ticket_agent_reply(t, c + H - 1), SLA_EORDER);
    assert_int_equal(sla_ticket_set_status(t, c, SLA_TICKET_OPEN), SLA_EORDER);
    assert_int_equal(sla_ticket_set_status(t, c + 2 * H, 17), SLA_EINVAL);
    assert_int_equal(sla_ticket_customer_message(t, c + 2 * H, 99), SLA_EINVAL);
    assert_int_equal(sla_ticket_apply(t, c + 2 * H, 42, 0), SLA_EINVAL);
    assert_int_equal(sla_ticket_set_priority(t, c + 2 * H, -3), SLA_EINVAL);
    assert_int_equal(sla_ticket_note(t, SLA_TIME_MAX), SLA_ERANGE);
    assert_int_equal(sla_ticket_agent_reply(NULL, c), SLA_EINVAL);
    nb = sla_ticket_save(t, b, sizeof b);
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, (size_t)na);
    /* Same instant as the last event is allowed. */
    assert_int_equal(sla_ticket_set_status(t, c + H, SLA_TICKET_CLOSED), 0);
    na = sla_ticket_save(t, a, sizeof a);
    assert_int_equal(sla_ticket_agent_reply(t, c + 2 * H), SLA_ECLOSED);
    assert_int_equal(sla_ticket_note(t, c + 2 * H), SLA_ECLOSED);
    assert_int_equal(sla_ticket_set_status(t, c + 2 * H, SLA_TICKET_OPEN), SLA_ECLOSED);
    nb = sla_ticket_save(t, b, sizeof b);
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, (size_t)na);
    assert_int_equal(sla_ticket_status(t, c, f->st), SLA_EORDER);
    sla_ticket_free(t);
}

/* ---- Europe/Oslo: a pause across a weekend with a DST change ---- */

static void test_oslo_dst_weekend(void **state)
{
    sla_calendar *oslo, *oslo247;
    sla_policy *p;
    sla_status *st;
    sla_ticket *t, *u;
    /* Values from Python zoneinfo. */
    const int64_t fri_1600 = 1743174000; /* 2025-03-28 16:00 +01:00 */
    const int64_t fri_1630 = 1743175800;
    const int64_t mon_1000 = 1743408000; /* 2025-03-31 10:00 +02:00 */
    const int64_t tue_0930 = 1743492600; /* 2025-04-01 09:30 +02:00 */
    const int64_t sat_1200 = 1743246000; /* 2025-03-29 12:00 +01:00 */
    const int64_t sun_1200 = 1743328800; /* 2025-03-30 12:00 +02:00 */
    (void)state;

    assert_int_equal(sla_calendar_new("Europe/Oslo", "Mo-Fr 09:00-17:00", &oslo, NULL), 0);
    assert_int_equal(sla_calendar_new("Europe/Oslo", "24/7", &oslo247, NULL), 0);
    assert_int_equal(sla_policy_new(&p), 0);
    assert_int_equal(sla_policy_add_calendar(p, "oslo", oslo), 0);
    assert_int_equal(sla_policy_add_calendar(p, "oslo247", oslo247), 0);
    assert_int_equal(sla_policy_parse(p, "resolution * * 8h calendar=oslo pause=pending\n"
                                         "requester_wait * * 2d calendar=oslo247\n", NULL), 0);
    assert_int_equal(sla_status_new(&st), 0);
    assert_int_equal(sla_ticket_new(p, fri_1600, SLA_CHANNEL_EMAIL, SLA_PRIORITY_NORMAL, &t), 0);
    assert_int_equal(sla_ticket_set_status(t, fri_1630, SLA_TICKET_PENDING), 0);
    assert_int_equal(sla_ticket_status(t, mon_1000 - 1, st), 0);
    assert_int_equal(field(st, SLA_METRIC_RESOLUTION, SLA_FIELD_STATE), SLA_CLOCK_PAUSED);
    assert_int_equal(field(st, SLA_METRIC_RESOLUTION, SLA_FIELD_ELAPSED), 30 * M);
    assert_int_equal(sla_ticket_set_status(t, mon_1000, SLA_TICKET_OPEN), 0);
    assert_int_equal(sla_ticket_status(t, mon_1000 + 2 * H, st), 0);
    assert_int_equal(field(st, SLA_METRIC_RESOLUTION, SLA_FIELD_ELAPSED), 2 * H + 30 * M);
    /* 7 h 30 left at Monday 10:00: Monday 10-17, then Tuesday 09:30 (+02:00). */
    assert_int_equal(field(st, SLA_METRIC_RESOLUTION, SLA_FIELD_DEADLINE), tue_0930);
    /* 24/7 in Oslo across the spring-forward night: 23 real hours. */
    assert_int_equal(sla_ticket_new(p, sat_1200, SLA_CHANNEL_EMAIL, SLA_PRIORITY_NORMAL, &u), 0);
    assert_int_equal(sla_ticket_status(u, sun_1200, st), 0);
    assert_int_equal(field(st, SLA_METRIC_REQUESTER_WAIT, SLA_FIELD_ELAPSED), 23 * H);
    assert_int_equal(field(st, SLA_METRIC_REQUESTER_WAIT, SLA_FIELD_DEADLINE), sat_1200 + 48 * H);
    sla_ticket_free(t);
    sla_ticket_free(u);
    sla_status_free(st);
    sla_policy_free(p);
    sla_calendar_free(oslo);
    sla_calendar_free(oslo247);
}

/* ---- saved state ---- */

static void test_save_restore(void **state)
{
    fixture *f = *state;
    sla_ticket *t, *r;
    sla_policy *other;
    unsigned char buf[2048], bad[2048];
    int n, n2, i;
    const int64_t c = MON + 9 * H;

    assert_int_equal(sla_ticket_new(f->pol, c, SLA_CHANNEL_CHAT, SLA_PRIORITY_HIGH, &t), 0);
    assert_int_equal(sla_ticket_agent_reply(t, c + 10), 0);
    assert_int_equal(sla_ticket_customer_message(t, c + 60, SLA_CHANNEL_EMAIL), 0);
    assert_int_equal(sla_ticket_set_status(t, c + 2 * H, SLA_TICKET_PENDING), 0);
    n = sla_ticket_save(t, NULL, 0);
    assert_true(n > 16 && n < 400);
    assert_int_equal(sla_ticket_save(t, buf, 10), n); /* too small: nothing useful written */
    assert_int_equal(sla_ticket_save(t, buf, sizeof buf), n);
    assert_int_equal(sla_ticket_restore(f->pol, buf, (size_t)n, &r), 0);
    n2 = sla_ticket_save(r, bad, sizeof bad);
    assert_int_equal(n2, n);
    assert_memory_equal(buf, bad, (size_t)n);
    sla_ticket_free(r);
    /* Unknown version. */
    memcpy(bad, buf, (size_t)n);
    bad[3] = 9;
    assert_int_equal(sla_ticket_restore(f->pol, bad, (size_t)n, &r), SLA_EVERSION);
    /* Every single-byte corruption and every truncation is refused, never a crash. */
    for (i = 0; i < n; i++) {
        int ret;
        memcpy(bad, buf, (size_t)n);
        bad[i] ^= 0x5a;
        ret = sla_ticket_restore(f->pol, bad, (size_t)n, &r);
        assert_true(ret == SLA_EPARSE || ret == SLA_EVERSION || ret == SLA_ESTATE);
        assert_true(sla_ticket_restore(f->pol, buf, (size_t)i, &r) < 0);
    }
    assert_int_equal(sla_ticket_restore(f->pol, "garbage", 7, &r), SLA_EPARSE);
    assert_int_equal(sla_ticket_restore(f->pol, NULL, 0, &r), SLA_EPARSE);
    assert_int_equal(sla_ticket_restore(NULL, buf, (size_t)n, &r), SLA_EINVAL);
    /* Another policy. */
    assert_int_equal(sla_policy_new_default(NULL, NULL, &other), 0);
    assert_int_equal(sla_ticket_restore(other, buf, (size_t)n, &r), SLA_ESTATE);
    sla_policy_free(other);
    sla_ticket_free(t);
}

/* ---- property: save + restore + apply == replay ---- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static uint32_t rnd(uint32_t n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state % n);
}

typedef struct {
    int64_t t;
    int kind, arg;
} ev;

static void reports_equal(const sla_status *a, const sla_status *b)
{
    int m, fl;
    for (m = 0; m < SLA_METRIC_COUNT; m++)
        for (fl = 0; fl <= SLA_FIELD_CALENDAR_24_7; fl++)
            if (field(a, m, fl) != field(b, m, fl))
                fail_msg("metric %s field %d: %lld != %lld", sla_metric_name(m), fl,
                         (long long)field(a, m, fl), (long long)field(b, m, fl));
}

static void test_property_resume(void **state)
{
    fixture *f = *state;
    sla_status *st2;
    int iter;
    assert_int_equal(sla_status_new(&st2), 0);
    for (iter = 0; iter < 400; iter++) {
        ev evs[64];
        int n = 2 + (int)rnd(60), i, cut, nb1, nb2;
        int64_t t0 = MON + (int64_t)rnd(14 * DAY), t = t0, now;
        sla_ticket *a, *b, *c;
        unsigned char b1[4096], b2[4096];

        for (i = 0; i < n; i++) {
            t += rnd(5) == 0 ? 0 : (int64_t)rnd(6 * H);
            evs[i].t = t;
            evs[i].kind = 1 + (int)rnd(6);
            switch (evs[i].kind) {
            case SLA_EVENT_CUSTOMER:
            case SLA_EVENT_CHANNEL:
                evs[i].arg = (int)rnd(4);
                break;
            case SLA_EVENT_STATUS:
                evs[i].arg = (int)rnd(20) == 0 ? SLA_TICKET_CLOSED : (int)rnd(5);
                break;
            case SLA_EVENT_PRIORITY:
                evs[i].arg = (int)rnd(4);
                break;
            default:
                evs[i].arg = 0;
            }
        }
        cut = (int)rnd((uint32_t)n + 1);
        assert_int_equal(sla_ticket_new(f->pol, t0, (int)rnd(3), (int)rnd(4), &a), 0);
        assert_int_equal(sla_ticket_new(f->pol, t0, 0, 0, &b), 0);
        sla_ticket_free(b);
        /* b: same creation as a */
        {
            int ch, pr;
            int64_t cr;
            assert_int_equal(sla_ticket_info(a, NULL, &pr, &ch, &cr, NULL), 0);
            assert_int_equal(sla_ticket_new(f->pol, cr, ch, pr, &b), 0);
        }
        for (i = 0; i < n; i++) {
            int ra = sla_ticket_apply(a, evs[i].t, evs[i].kind, evs[i].arg);
            assert_true(ra == 0 || ra == SLA_ECLOSED);
            if (i < cut)
                assert_int_equal(sla_ticket_apply(b, evs[i].t, evs[i].kind, evs[i].arg), ra);
            /* A refused out-of-order event changes nothing. */
            if (ra == 0 && rnd(8) == 0 && evs[i].t > t0) {
                nb1 = sla_ticket_save(a, b1, sizeof b1);
                assert_true(sla_ticket_apply(a, evs[i].t - 1, SLA_EVENT_REPLY, 0) < 0);
                nb2 = sla_ticket_save(a, b2, sizeof b2);
                assert_int_equal(nb1, nb2);
                assert_memory_equal(b1, b2, (size_t)nb1);
            }
        }
        nb1 = sla_ticket_save(b, b1, sizeof b1);
        assert_true(nb1 > 0 && nb1 < (int)sizeof b1);
        assert_int_equal(sla_ticket_restore(f->pol, b1, (size_t)nb1, &c), 0);
        for (i = cut; i < n; i++) {
            int ra = sla_ticket_apply(c, evs[i].t, evs[i].kind, evs[i].arg);
            assert_true(ra == 0 || ra == SLA_ECLOSED);
        }
        nb1 = sla_ticket_save(a, b1, sizeof b1);
        nb2 = sla_ticket_save(c, b2, sizeof b2);
        assert_int_equal(nb1, nb2);
        assert_memory_equal(b1, b2, (size_t)nb1);
        /* Reports agree, whatever the order of queries. */
        now = t + (int64_t)rnd(3 * DAY);
        assert_int_equal(sla_ticket_status(a, now + 100, f->st), 0);
        assert_int_equal(sla_ticket_status(c, now, st2), 0);
        assert_int_equal(sla_ticket_status(a, now, f->st), 0);
        reports_equal(f->st, st2);
        {
            int m;
            for (m = 0; m < SLA_METRIC_COUNT; m++) {
                int64_t s1[64], e1[64], s2[64], e2[64];
                int k1[64], k2[64];
                size_t n1, n2;
                int64_t el = field(f->st, m, SLA_FIELD_ELAPSED), sum = 0;
                size_t j;
                assert_int_equal(sla_ticket_timeline(a, now, m, s1, e1, k1, 64, &n1), 0);
                assert_int_equal(sla_ticket_timeline(c, now, m, s2, e2, k2, 64, &n2), 0);
                assert_int_equal(n1, n2);
                if (n1 > 64)
                    continue;
                for (j = 0; j < n1; j++) {
                    assert_int_equal(s1[j], s2[j]);
                    assert_int_equal(k1[j], k2[j]);
                    assert_true(s1[j] < e1[j]);
                    if (j > 0)
                        assert_int_equal(s1[j], e1[j - 1]);
                    if (k1[j] == SLA_SEGMENT_COUNTED)
                        sum += e1[j] - s1[j];
                }
                /* Counted segments add up to the business time elapsed. */
                if (field(f->st, m, SLA_FIELD_STATE) != SLA_CLOCK_INACTIVE)
                    assert_int_equal(sum, el);
            }
        }
        sla_ticket_free(a);
        sla_ticket_free(b);
        sla_ticket_free(c);
    }
    sla_status_free(st2);
}

/* ---- real ticket logs ---- */

static char *read_file(const char *path)
{
    FILE *fp = fopen(path, "rb");
    long n;
    char *s;
    if (!fp)
        return NULL;
    fseek(fp, 0, SEEK_END);
    n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    s = malloc((size_t)n + 1);
    if (fread(s, 1, (size_t)n, fp) != (size_t)n) {
        free(s);
        fclose(fp);
        return NULL;
    }
    s[n] = '\0';
    fclose(fp);
    return s;
}

/* Replay an event log `CaseID,ActivityID,CompleteTimestamp` (local times in
 * `zone`). The logs carry activity codes without labels; they are mapped to
 * events: a case's first row creates the ticket, `close_code` solves it (a
 * later row reopens it; the ticket is closed after its last row), `reply_code` is a public reply, `pending_code` sets pending, the
 * others are customer messages (first row of a code 1) or notes. */
static void replay_log(const char *file, const char *zone, int close_code, int reply_code,
                       int pending_code, int min_tickets)
{
    const char *dir = getenv("SLA_SHARED_DIR");
    char path[1024], *text, *line, *next, prev_case[64] = "";
    sla_calendar *cal;
    sla_policy *p;
    sla_ticket *t = NULL;
    sla_status *st;
    int tickets = 0, events = 0, breached = 0;

    if (!dir) {
        skip();
        return;
    }
    snprintf(path, sizeof path, "%s/data/support-tickets/%s", dir, file);
    text = read_file(path);
    if (!text) {
        skip();
        return;
    }
    assert_int_equal(sla_calendar_new(zone, "Mo-Fr 08:00-18:00; PH off", &cal, NULL), 0);
    assert_int_equal(sla_policy_new_default(cal, NULL, &p), 0);
    assert_int_equal(sla_policy_parse(p, "resolution * * 5d calendar=business pause=pending\n"
                                         "periodic_update * * 1d calendar=business\n"
                                         "agent_work * * 3d calendar=business\n", NULL), 0);
    assert_int_equal(sla_status_new(&st), 0);
    line = strchr(text, '\n') + 1;
    for (; line && *line; line = next) {
        char cs[64], ts[64];
        int code, r;
        int64_t when;
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        if (sscanf(line, "%63[^,],%d,%63[^\r\n]", cs, &code, ts) != 3)
            fail_msg("bad row: %s", line);
        assert_int_equal(sla_parse_instant(cal, ts, &when, NULL), 0);
        if (strcmp(cs, prev_case) != 0) {
            if (t) {
                int64_t last;
                assert_int_equal(sla_ticket_info(t, NULL, NULL, NULL, NULL, &last), 0);
                assert_int_equal(sla_ticket_set_status(t, last, SLA_TICKET_CLOSED), 0);
                sla_ticket_free(t);
            }
            r = sla_ticket_new(p, when, SLA_CHANNEL_EMAIL, SLA_PRIORITY_NORMAL, &t);
            assert_int_equal(r, 0);
            snprintf(prev_case, sizeof prev_case, "%s", cs);
            tickets++;
            events++;
            continue;
        }
        if (code == close_code) {
            r = sla_ticket_set_status(t, when, SLA_TICKET_SOLVED);
        } else if (code == reply_code) {
            r = sla_ticket_agent_reply(t, when);
        } else if (code == pending_code) {
            r = sla_ticket_set_status(t, when, SLA_TICKET_PENDING);
        } else if (code == 1) {
            r = sla_ticket_customer_message(t, when, SLA_CHANNEL_EMAIL);
        } else {
            r = sla_ticket_set_status(t, when, SLA_TICKET_OPEN);
        }
        if (r != 0)
            fail_msg("case %s at %s: %s", cs, ts, sla_strerror(r));
        events++;
        {
            int64_t last, v;
            assert_int_equal(sla_ticket_info(t, NULL, NULL, NULL, NULL, &last), 0);
            assert_int_equal(sla_ticket_status(t, last, st), 0);
            assert_int_equal(sla_status_get(st, SLA_METRIC_RESOLUTION, SLA_FIELD_STATE, &v), 0);
            breached += v == SLA_CLOCK_BREACHED;
        }
    }
    sla_ticket_free(t);
    print_message("%s: %d tickets, %d events replayed\n", file, tickets, events);
    assert_true(tickets >= min_tickets);
    assert_true(breached > 0);
    sla_status_free(st);
    sla_policy_free(p);
    sla_calendar_free(cal);
    free(text);
}

static void test_real_helpdesk_log(void **state)
{
    (void)state;
    replay_log("helpdesk-italian-software-co.csv", "Europe/Rome", 6, 8, 9, 3000);
}

static void test_real_volvo_log(void **state)
{
    (void)state;
    replay_log("bpic2013-volvo-it-incidents.csv", "Europe/Stockholm", 5, 2, 3, 7000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_channels),
        cmocka_unit_test(test_policy_text_errors),
        cmocka_unit_test_setup_teardown(test_first_reply_business_hours, setup, teardown),
        cmocka_unit_test_setup_teardown(test_first_reply_running_breach, setup, teardown),
        cmocka_unit_test_setup_teardown(test_next_reply, setup, teardown),
        cmocka_unit_test_setup_teardown(test_updates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_resolution_reopen, setup, teardown),
        cmocka_unit_test_setup_teardown(test_timeline_out_of_hours, setup, teardown),
        cmocka_unit_test_setup_teardown(test_priority_change, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refused_events, setup, teardown),
        cmocka_unit_test(test_oslo_dst_weekend),
        cmocka_unit_test_setup_teardown(test_save_restore, setup, teardown),
        cmocka_unit_test_setup_teardown(test_property_resume, setup, teardown),
        cmocka_unit_test(test_real_helpdesk_log),
        cmocka_unit_test(test_real_volvo_log),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
