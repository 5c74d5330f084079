/* Targets in business days (SEMANTICS 3.3): the deadline is add_days(start,
 * n) in the target's calendar, pushed out by the business time the clock
 * spent paused; elapsed and remaining are business seconds against it.
 * Expected values worked out by hand from the contract.
 * SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include <libsla/sla.h>

typedef struct {
    sla_calendar *cal;
    sla_policy *pol;
    sla_status *st;
} fixture;

static int64_t at(const sla_calendar *c, int y, int mo, int d, int h, int mi)
{
    int64_t u = 0;
    assert_int_equal(sla_calendar_local_time(c, y, mo, d, h, mi, 0, &u), 0);
    return u;
}

static int setup(void **state)
{
    static fixture f;
    sla_calendar_builder *b = NULL;
    sla_diag *diag = NULL;
    assert_int_equal(sla_diag_new(&diag), 0);
    assert_int_equal(sla_calendar_builder_new("Europe/Oslo", &b), 0);
    assert_int_equal(sla_calendar_builder_set_hours(b, "Mo-Fr 09:00-17:00", diag), 0);
    assert_int_equal(sla_calendar_builder_add_holiday(b, 2025, 5, 1), 0);
    assert_int_equal(sla_calendar_builder_compile(b, &f.cal), 0);
    sla_calendar_builder_free(b);
    assert_int_equal(sla_policy_new(&f.pol), 0);
    assert_int_equal(sla_policy_add_calendar(f.pol, "support", f.cal), 0);
    int r = sla_policy_parse(f.pol,
                             "resolution * * 3bd calendar=support warn=50\n"
                             "first_reply * * 1bd calendar=support\n"
                             "agent_work * * 2bd\n",
                             diag);
    if (r)
        print_error("%s\n", sla_diag_message(diag));
    assert_int_equal(r, 0);
    assert_int_equal(sla_status_new(&f.st), 0);
    sla_diag_free(diag);
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    sla_status_free(f->st);
    sla_policy_free(f->pol);
    sla_calendar_free(f->cal);
    return 0;
}

static int64_t field(const fixture *f, const sla_ticket *t, int64_t now, int metric, int fld)
{
    int64_t v = 0;
    assert_int_equal(sla_ticket_status(t, now, f->st), 0);
    assert_int_equal(sla_status_get(f->st, metric, fld, &v), 0);
    return v;
}

/* Created Wednesday 2025-04-30 10:00; Thursday is a holiday. */
static void test_deadline(void **state)
{
    fixture *f = *state;
    sla_ticket *t = NULL;
    int64_t c0 = at(f->cal, 2025, 4, 30, 10, 0), now = at(f->cal, 2025, 4, 30, 12, 0);
    assert_int_equal(sla_ticket_new(f->pol, c0, SLA_CHANNEL_EMAIL, SLA_PRIORITY_NORMAL, &t), 0);
    /* 3 business days: Fri 2, Mon 5, Tue 6 May at 10:00 */
    assert_int_equal(field(f, t, now, SLA_METRIC_RESOLUTION, SLA_FIELD_DEADLINE),
                     at(f->cal, 2025, 5, 6, 10, 0));
    /* business seconds against it: Wed 7 h, Fri 8 h, Mon 8 h, Tue 1 h */
    assert_int_equal(field(f, t, now, SLA_METRIC_RESOLUTION, SLA_FIELD_TARGET), 24 * 3600);
    assert_int_equal(field(f, t, now, SLA_METRIC_RESOLUTION, SLA_FIELD_ELAPSED), 2 * 3600);
    assert_int_equal(field(f, t, now, SLA_METRIC_RESOLUTION, SLA_FIELD_REMAINING), 22 * 3600);
    /* 24/7 target in business days: 2 days of 24 h */
    assert_int_equal(field(f, t, now, SLA_METRIC_AGENT_WORK, SLA_FIELD_DEADLINE),
                     c0 + 2 * 86400);
    sla_ticket_free(t);
}

/* Created on a Saturday: s is Monday 09:00, so the deadline of 1bd is
 * Tuesday 09:00, an opening, not Monday 17:00 (the same business time). */
static void test_deadline_at_an_opening(void **state)
{
    fixture *f = *state;
    sla_ticket *t = NULL;
    int64_t c0 = at(f->cal, 2025, 5, 3, 12, 0);
    int64_t mon17 = at(f->cal, 2025, 5, 5, 17, 0), tue9 = at(f->cal, 2025, 5, 6, 9, 0);
    assert_int_equal(sla_ticket_new(f->pol, c0, SLA_CHANNEL_EMAIL, SLA_PRIORITY_NORMAL, &t), 0);
    assert_int_equal(field(f, t, c0, SLA_METRIC_FIRST_REPLY, SLA_FIELD_DEADLINE), tue9);
    /* Monday evening: the business time is used up, the deadline not passed */
    assert_int_equal(field(f, t, mon17 + 3600, SLA_METRIC_FIRST_REPLY, SLA_FIELD_STATE),
                     SLA_CLOCK_RUNNING);
    assert_int_equal(field(f, t, mon17 + 3600, SLA_METRIC_FIRST_REPLY, SLA_FIELD_REMAINING), 0);
    assert_int_equal(field(f, t, tue9 + 60, SLA_METRIC_FIRST_REPLY, SLA_FIELD_STATE),
                     SLA_CLOCK_BREACHED);
    assert_int_equal(field(f, t, tue9 + 60, SLA_METRIC_FIRST_REPLY, SLA_FIELD_BREACHED_AT), tue9);
    /* a reply on Tuesday 08:30 is in time */
    assert_int_equal(sla_ticket_agent_reply(t, tue9 - 1800), 0);
    assert_int_equal(field(f, t, tue9 + 3600, SLA_METRIC_FIRST_REPLY, SLA_FIELD_STATE),
                     SLA_CLOCK_ACHIEVED);
    sla_ticket_free(t);
}

/* Pending pauses resolution? Not by default; agent_work pauses while
 * pending: its 2bd (24/7) deadline moves by the paused time. */
static void test_pause_pushes_out(void **state)
{
    fixture *f = *state;
    sla_ticket *t = NULL;
    int64_t c0 = at(f->cal, 2025, 4, 30, 10, 0);
    assert_int_equal(sla_ticket_new(f->pol, c0, SLA_CHANNEL_EMAIL, SLA_PRIORITY_NORMAL, &t), 0);
    assert_int_equal(sla_ticket_set_status(t, c0 + 3600, SLA_TICKET_PENDING), 0);
    assert_int_equal(sla_ticket_set_status(t, c0 + 4 * 3600, SLA_TICKET_OPEN), 0);
    assert_int_equal(field(f, t, c0 + 5 * 3600, SLA_METRIC_AGENT_WORK, SLA_FIELD_DEADLINE),
                     c0 + 2 * 86400 + 3 * 3600);
    sla_ticket_free(t);
}

/* Wake-ups and reminders see the business-day deadline at its date: created
 * Saturday, first_reply (1bd) breaches one second after Tuesday 09:00, not
 * after Monday 17:00 when its business time runs out. */
static void test_wakeups_and_crossings(void **state)
{
    fixture *f = *state;
    sla_ticket *t = NULL;
    int64_t c0 = at(f->cal, 2025, 5, 3, 12, 0), mon1730 = at(f->cal, 2025, 5, 5, 17, 30);
    int64_t tue9 = at(f->cal, 2025, 5, 6, 9, 0), tue12 = at(f->cal, 2025, 5, 6, 12, 0);
    int64_t tue13 = at(f->cal, 2025, 5, 6, 13, 0), wed = at(f->cal, 2025, 5, 7, 12, 0);
    int64_t next = 0, xs[16], ys[16];
    int metric = -1, kind = -1, percent = -1, ms[16], ps[16];
    size_t n = 0, n1 = 0, n2 = 0, i;
    assert_int_equal(sla_ticket_new(f->pol, c0, SLA_CHANNEL_EMAIL, SLA_PRIORITY_NORMAL, &t), 0);
    assert_int_equal(sla_ticket_next_change(t, mon1730, &next, &metric, &kind, &percent), 0);
    assert_int_equal(next, tue9 + 1);
    assert_int_equal(metric, SLA_METRIC_FIRST_REPLY);
    assert_int_equal(kind, SLA_CHANGE_BREACH);
    assert_int_equal(percent, SLA_BREACH_PERCENT);
    /* after it: resolution (3bd, Thursday 09:00) warns at 50 % of its 24
     * business hours, Tuesday 13:00 */
    assert_int_equal(sla_ticket_next_change(t, tue9 + 1, &next, &metric, NULL, &percent), 0);
    assert_int_equal(next, tue13);
    assert_int_equal(metric, SLA_METRIC_RESOLUTION);
    assert_int_equal(percent, 50);
    assert_int_equal(sla_ticket_crossings(t, mon1730, tue12, ms, ps, xs, 16, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(ms[0], SLA_METRIC_FIRST_REPLY);
    assert_int_equal(ps[0], SLA_BREACH_PERCENT);
    assert_int_equal(xs[0], tue9 + 1);
    /* agent_work (2bd, 24/7) breached one second after Monday 12:00 */
    assert_int_equal(sla_ticket_crossings(t, c0, mon1730, ms, ps, xs, 16, &n1), 0);
    assert_int_equal(n1, 1);
    assert_int_equal(ms[0], SLA_METRIC_AGENT_WORK);
    assert_int_equal(xs[0], c0 + 2 * 86400 + 1);
    /* a split anywhere gives the same crossings as the whole */
    assert_int_equal(sla_ticket_crossings(t, c0, wed, ms, ps, ys, 16, &n), 0);
    assert_int_equal(sla_ticket_crossings(t, c0, mon1730, ms, ps, xs, 16, &n1), 0);
    assert_int_equal(sla_ticket_crossings(t, mon1730, wed, ms, ps, xs + n1, 16 - n1, &n2), 0);
    assert_int_equal(n, n1 + n2);
    for (i = 0; i < n; i++)
        assert_int_equal(xs[i], ys[i]);
    sla_ticket_free(t);
}

static void test_policy_text(void **state)
{
    sla_policy *p = NULL;
    sla_diag *diag = NULL;
    (void)state;
    assert_int_equal(sla_diag_new(&diag), 0);
    assert_int_equal(sla_policy_new(&p), 0);
    assert_int_equal(sla_policy_parse(p, "resolution * * 1bd2h\n", diag), SLA_EPARSE);
    assert_int_equal(sla_policy_parse(p, "resolution * * -3bd\n", diag), SLA_EPARSE);
    assert_int_equal(sla_policy_parse(p, "resolution * * 200000bd\n", diag), SLA_EPARSE);
    assert_int_equal(sla_policy_target_count(p), 0);
    assert_int_equal(sla_policy_parse(p, "resolution * * 0bd\n", diag), 0);
    sla_policy_free(p);
    sla_diag_free(diag);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_deadline),
        cmocka_unit_test(test_deadline_at_an_opening),
        cmocka_unit_test(test_pause_pushes_out),
        cmocka_unit_test(test_wakeups_and_crossings),
        cmocka_unit_test(test_policy_text),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
