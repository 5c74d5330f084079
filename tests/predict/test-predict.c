/* Many-clock scan, queue forecast, advice and promises, through the public
 * API. Expected values are worked out by hand in the comments, or checked
 * against an independent computation (brute force, Erlang C).
 * SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "libsla/sla.h"

/* 2025-03-07 (a Friday) 16:55:00 UTC */
#define FRI_1655 ((int64_t)1741366500)
#define MIN 60
#define HOUR 3600

static sla_calendar *cal_new(const char *zone, const char *hours)
{
    sla_calendar *cal = NULL;
    assert_int_equal(sla_calendar_new(zone, hours, &cal, NULL), 0);
    return cal;
}

/* ---- scan --------------------------------------------------------------- */

static void scan_matches_diff_and_brute_force_top(void **state)
{
    enum { N = 5000, K = 25 };
    sla_calendar *cals[2];
    static int64_t deadline[N], target[N], rem[N], want[N];
    static int counting[N], cal_index[N], flags[N];
    size_t top[K], ntop = 0, i;
    int64_t now = FRI_1655;
    unsigned seed = 7;
    (void)state;

    cals[0] = cal_new("Europe/Oslo", "Mo-Fr 08:00-16:00");
    cals[1] = cal_new("UTC", "24/7");
    for (i = 0; i < N; i++) {
        seed = seed * 1103515245u + 12345u;
        deadline[i] = now - 2 * HOUR + (int64_t)(seed % (14u * 24u * 3600u));
        cal_index[i] = (int)(i % 2);
        counting[i] = (i % 7) != 0;
        rem[i] = (int64_t)(seed % 7200u) - 600; /* some paused ones are breached */
        target[i] = 4 * HOUR;
    }
    int64_t out_rem[N];
    assert_int_equal(sla_scan((const sla_calendar *const *)cals, 2, cal_index, now, counting,
                              deadline, rem, target, N, 0.75, out_rem, flags, K, top, &ntop),
                     0);
    for (i = 0; i < N; i++) {
        int64_t d;
        if (counting[i]) {
            assert_int_equal(sla_calendar_diff(cals[cal_index[i]], now, deadline[i], &d), 0);
            want[i] = d;
            assert_int_equal(out_rem[i], d);
            assert_int_equal(!!(flags[i] & SLA_SCAN_BREACHED), now > deadline[i]);
            assert_true(flags[i] & SLA_SCAN_COUNTING);
        } else {
            want[i] = rem[i];
            assert_int_equal(out_rem[i], rem[i]);
            assert_int_equal(!!(flags[i] & SLA_SCAN_BREACHED), rem[i] < 0);
        }
        /* warned when elapsed = target - remaining >= 75 % of target */
        assert_int_equal(!!(flags[i] & SLA_SCAN_WARNED), (target[i] - want[i]) * 4 >= target[i] * 3);
    }
    /* Brute force: the K counting, unbreached clocks with the earliest deadlines. */
    assert_int_equal(ntop, K);
    for (size_t j = 0; j < ntop; j++) {
        size_t better = 0;
        i = top[j];
        assert_true(counting[i] && now <= deadline[i]);
        for (size_t x = 0; x < N; x++)
            if (counting[x] && now <= deadline[x] &&
                (deadline[x] < deadline[i] || (deadline[x] == deadline[i] && x < i)))
                better++;
        assert_int_equal(better, j); /* exactly j clocks come before the j-th */
    }
    sla_calendar_free(cals[0]);
    sla_calendar_free(cals[1]);
}

static void scan_refuses_bad_input_and_writes_nothing(void **state)
{
    sla_calendar *cal = cal_new("UTC", "24/7");
    const sla_calendar *cals[1];
    int64_t deadline[2] = {FRI_1655 + 60, SLA_TIME_MAX}, out[2] = {42, 42};
    int bad_index[2] = {0, 3}, flags[2] = {9, 9};
    size_t top[2], ntop = 77;
    (void)state;

    cals[0] = cal;
    assert_int_equal(sla_scan(cals, 1, NULL, FRI_1655, NULL, deadline, NULL, NULL, 2, 0.5, out,
                              flags, 2, top, &ntop),
                     SLA_ERANGE);
    assert_int_equal(out[0], 42);
    assert_int_equal(flags[0], 9);
    assert_int_equal(ntop, 77);
    deadline[1] = FRI_1655;
    assert_int_equal(sla_scan(cals, 1, bad_index, FRI_1655, NULL, deadline, NULL, NULL, 2, 0.5,
                              out, flags, 2, top, &ntop),
                     SLA_EINVAL);
    assert_int_equal(sla_scan(cals, 1, NULL, FRI_1655, NULL, deadline, NULL, NULL, 2, NAN, out,
                              flags, 2, top, &ntop),
                     SLA_EINVAL);
    assert_int_equal(sla_scan(NULL, 1, NULL, FRI_1655, NULL, deadline, NULL, NULL, 2, 0.5, out,
                              flags, 0, NULL, NULL),
                     SLA_EINVAL);
    assert_int_equal(out[0], 42);
    /* A paused clock needs its remaining time. */
    int counting[2] = {1, 0};
    assert_int_equal(sla_scan(cals, 1, NULL, FRI_1655, counting, deadline, NULL, NULL, 2, 0.5, out,
                              flags, 0, NULL, NULL),
                     SLA_EINVAL);
    sla_calendar_free(cal);
}

/* ---- forecast ----------------------------------------------------------- */

static sla_roster *roster_one(const char *hours, int agents, int concurrency, double mean)
{
    sla_roster *r = NULL;
    assert_int_equal(sla_roster_new("UTC", &r), 0);
    assert_int_equal(sla_roster_add_shift(r, SLA_CHANNEL_EMAIL, hours, agents, concurrency, NULL,
                                          NULL),
                     0);
    assert_int_equal(sla_roster_set_handle_time(r, SLA_CHANNEL_EMAIL, mean, 0.0), 0);
    return r;
}

static void single_agent_queue_by_hand(void **state)
{
    /* One agent, always on duty, 10 minutes a reply, three tickets waiting
     * since now: replies at now+10m, +20m, +30m. Deadlines now+15m for all:
     * the second and third breach. */
    sla_roster *r = roster_one("24/7", 1, 1, 600.0);
    int ch[3] = {0, 0, 0}, pr[3] = {1, 1, 1};
    int64_t now = FRI_1655, ar[3] = {now - 300, now - 200, now - 100}, dl[3], exp_[3], lo[3],
            hi[3], pick[3];
    double pb[3];
    sla_forecast *f = NULL;
    (void)state;

    for (int i = 0; i < 3; i++)
        dl[i] = now + 15 * MIN;
    for (int samples = 0; samples <= 50; samples += 50) { /* mean-value and sampled (sd 0) */
        assert_int_equal(sla_forecast_new(r, now, ch, pr, ar, dl, 3, SLA_ORDER_FIFO, samples, 1,
                                          &f),
                         0);
        assert_int_equal(sla_forecast_count(f), 3);
        assert_int_equal(sla_forecast_results(f, exp_, lo, hi, pb), 0);
        assert_int_equal(sla_forecast_pickups(f, pick), 0);
        for (int i = 0; i < 3; i++) {
            assert_int_equal(exp_[i], now + (i + 1) * 600);
            assert_int_equal(lo[i], exp_[i]);
            assert_int_equal(hi[i], exp_[i]);
            assert_int_equal(pick[i], now + i * 600);
        }
        assert_true(pb[0] == 0.0 && pb[1] == 1.0 && pb[2] == 1.0);
        assert_true(fabs(sla_forecast_expected_breaches(f) - 2.0) < 1e-12);
        sla_forecast_free(f);
    }
    sla_roster_free(r);
}

static void business_hours_push_work_to_monday(void **state)
{
    /* Mo-Fr 09:00-17:00 UTC, one agent, 10 minutes a reply. Friday 16:55:
     * the first ticket is taken at once and answered 17:05 (work started is
     * finished); the second waits for Monday 09:00 and is answered 09:10. */
    sla_roster *r = roster_one("Mo-Fr 09:00-17:00", 1, 1, 600.0);
    int ch[2] = {0, 0}, pr[2] = {1, 1};
    int64_t now = FRI_1655, ar[2] = {now - 60, now - 30}, dl[2] = {now + HOUR, now + HOUR}, e[2];
    int64_t monday_0900 = FRI_1655 + 5 * MIN + 64 * HOUR; /* Fri 17:00 + 64 h */
    sla_forecast *f = NULL;
    (void)state;

    assert_int_equal(sla_forecast_new(r, now, ch, pr, ar, dl, 2, SLA_ORDER_FIFO, 0, 0, &f), 0);
    assert_int_equal(sla_forecast_results(f, e, NULL, NULL, NULL), 0);
    assert_int_equal(e[0], now + 600);
    assert_int_equal(e[1], monday_0900 + 600);
    sla_forecast_free(f);
    sla_roster_free(r);
}

static void service_orders(void **state)
{
    /* One agent, 10-minute replies. Ticket 0 arrived first with a late
     * deadline and low priority; ticket 1 later, urgent, early deadline. */
    sla_roster *r = roster_one("24/7", 1, 1, 600.0);
    int ch[2] = {0, 0}, pr[2] = {SLA_PRIORITY_LOW, SLA_PRIORITY_URGENT};
    int64_t now = FRI_1655, ar[2] = {now - 600, now - 60}, dl[2] = {now + 4 * HOUR, now + 900},
            e[2];
    sla_forecast *f = NULL;
    (void)state;

    assert_int_equal(sla_forecast_new(r, now, ch, pr, ar, dl, 2, SLA_ORDER_FIFO, 0, 0, &f), 0);
    sla_forecast_results(f, e, NULL, NULL, NULL);
    assert_int_equal(e[0], now + 600);
    assert_int_equal(e[1], now + 1200);
    sla_forecast_free(f);
    for (int order = SLA_ORDER_EDF; order <= SLA_ORDER_PRIORITY; order++) {
        assert_int_equal(sla_forecast_new(r, now, ch, pr, ar, dl, 2, order, 0, 0, &f), 0);
        sla_forecast_results(f, e, NULL, NULL, NULL);
        assert_int_equal(e[1], now + 600);
        assert_int_equal(e[0], now + 1200);
        sla_forecast_free(f);
    }
    sla_roster_free(r);
}

static void chat_concurrency_and_future_tickets(void **state)
{
    /* One chat agent holding two chats at once, 5-minute replies: two
     * waiting chats are both answered at now+5m; a third one arriving at
     * now+1m waits for a free place (now+5m) and is answered at now+10m. */
    sla_roster *r = roster_one("24/7", 1, 2, 300.0);
    int ch[3] = {0, 0, 0}, pr[3] = {1, 1, 1};
    int64_t now = FRI_1655, ar[3] = {now - 10, now - 5, now + 60}, dl[3], e[3], pick[3];
    sla_forecast *f = NULL;
    (void)state;

    for (int i = 0; i < 3; i++)
        dl[i] = now + HOUR;
    assert_int_equal(sla_forecast_new(r, now, ch, pr, ar, dl, 3, SLA_ORDER_FIFO, 0, 0, &f), 0);
    sla_forecast_results(f, e, NULL, NULL, NULL);
    sla_forecast_pickups(f, pick);
    assert_int_equal(e[0], now + 300);
    assert_int_equal(e[1], now + 300);
    assert_int_equal(pick[2], now + 300);
    assert_int_equal(e[2], now + 600);
    sla_forecast_free(f);
    sla_roster_free(r);
}

static void advice_and_promise(void **state)
{
    /* The single-agent queue above breaches twice; a second agent answers
     * tickets 0 and 1 at +10m and ticket 2 at +20m (still late): a third
     * agent saves it too, so the advice is two extra agents. */
    sla_roster *r = roster_one("24/7", 1, 1, 600.0);
    int ch[3] = {0, 0, 0}, pr[3] = {1, 1, 1}, extra[1] = {-1};
    int64_t now = FRI_1655, ar[3] = {now - 300, now - 200, now - 100}, dl[3], promise, high;
    size_t left = 99;
    (void)state;

    for (int i = 0; i < 3; i++)
        dl[i] = now + 15 * MIN;
    assert_int_equal(sla_roster_shift_count(r), 1);
    assert_int_equal(sla_forecast_advise(r, now, ch, pr, ar, dl, 3, SLA_ORDER_FIFO, 100, extra, 1,
                                         &left),
                     0);
    assert_int_equal(extra[0], 2);
    assert_int_equal(left, 0);
    /* Wrong size for the advice array: refused. */
    assert_int_equal(sla_forecast_advise(r, now, ch, pr, ar, dl, 3, SLA_ORDER_FIFO, 100, extra, 2,
                                         &left),
                     SLA_EINVAL);

    /* A new email now would be the fourth in line: answered at now+40m. A
     * 1-hour SLA: promise the forecast; a 15-minute SLA: the deadline. (The
     * deprecated 1.0 call, kept working as it was.) */
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#endif
    assert_int_equal(sla_forecast_promise(r, now, ch, pr, ar, dl, 3, SLA_ORDER_FIFO, 0, 1,
                                          now + HOUR, 0, 0, &promise, &high),
                     0);
    assert_int_equal(high, now + 40 * MIN);
    assert_int_equal(promise, now + 40 * MIN);
    assert_int_equal(sla_forecast_promise(r, now, ch, pr, ar, dl, 3, SLA_ORDER_FIFO, 0, 1,
                                          now + 15 * MIN, 0, 0, &promise, &high),
                     0);
    assert_int_equal(promise, now + 15 * MIN);
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
    sla_roster_free(r);
}

/* Advice that does not give up (1.1): five late tickets come first in
 * deadline order, so one ticket due in 15 minutes breaches with 1, 2, 3 or
 * 5 agents (each extra agent only takes another late ticket) and makes it
 * with 6, replied to at +10m. The advice is 5 extra agents, found though no
 * single one helps. */
static void advice_searches_blocks(void **state)
{
    sla_roster *r = roster_one("24/7", 1, 1, 600.0);
    int ch[6] = {0, 0, 0, 0, 0, 0}, pr[6] = {1, 1, 1, 1, 1, 1}, extra[1] = {-1};
    int64_t now = FRI_1655, ar[6], dl[6];
    size_t left = 99;
    (void)state;

    for (int i = 0; i < 5; i++) {
        ar[i] = now - HOUR - i;
        dl[i] = now - 60; /* already late */
    }
    ar[5] = now - 60;
    dl[5] = now + 15 * MIN;
    assert_int_equal(sla_forecast_advise(r, now, ch, pr, ar, dl, 6, SLA_ORDER_EDF, 100, extra, 1,
                                         &left),
                     0);
    assert_int_equal(extra[0], 5);
    assert_int_equal(left, 0);
    /* Not enough room: 4 extra agents cannot save it, and the advice says so. */
    assert_int_equal(sla_forecast_advise(r, now, ch, pr, ar, dl, 6, SLA_ORDER_EDF, 4, extra, 1,
                                         &left),
                     0);
    assert_int_equal(extra[0], 0);
    assert_int_equal(left, 1);
    /* Due in 5 minutes with 10-minute replies: no number of agents helps. */
    dl[5] = now + 5 * MIN;
    assert_int_equal(sla_forecast_advise(r, now, ch, pr, ar, dl, 6, SLA_ORDER_EDF, 1000, extra, 1,
                                         &left),
                     0);
    assert_int_equal(extra[0], 0);
    assert_int_equal(left, 1);
    sla_roster_free(r);
}

/* Promises the team can keep (1.1): the forecast's 90th percentile, rounded
 * up to the step, beside the SLA deadline with an at-risk flag; never the
 * deadline when the forecast is later. */
static void promise_the_forecast(void **state)
{
    sla_roster *r = roster_one("24/7", 1, 1, 600.0);
    int ch[3] = {0, 0, 0}, pr[3] = {1, 1, 1}, risk = -1;
    int64_t now = FRI_1655, ar[3] = {now - 300, now - 200, now - 100}, dl[3], promise, p90;
    sla_forecast *f = NULL;
    (void)state;

    for (int i = 0; i < 3; i++)
        dl[i] = now + 15 * MIN;
    assert_int_equal(sla_forecast_new(r, now, ch, pr, ar, dl, 3, SLA_ORDER_FIFO, 0, 0, &f), 0);
    /* The fourth in line is answered at now+40m (16:55 + 40m = 17:35). */
    assert_int_equal(sla_forecast_promise_for(f, 0, 1, now + 15 * MIN, 0, &promise, &p90, &risk),
                     0);
    assert_int_equal(p90, now + 40 * MIN);
    assert_int_equal(promise, now + 40 * MIN); /* not the 15-minute deadline */
    assert_int_equal(risk, 1);
    assert_int_equal(sla_forecast_promise_for(f, 0, 1, now + HOUR, 0, &promise, NULL, &risk), 0);
    assert_int_equal(promise, now + 40 * MIN);
    assert_int_equal(risk, 0);
    /* no target: no risk, the same forecast */
    assert_int_equal(sla_forecast_promise_for(f, 0, 1, SLA_NO_TIME, 0, &promise, NULL, &risk), 0);
    assert_int_equal(promise, now + 40 * MIN);
    assert_int_equal(risk, 0);
    /* Rounded up to the next 15 minutes of the clock: 17:35 -> 17:45 (UTC). */
    assert_int_equal(sla_forecast_promise_for(f, 0, 1, now + HOUR, 900, &promise, &p90, NULL), 0);
    assert_int_equal(p90, now + 40 * MIN);
    assert_int_equal(promise % 900, 0);
    assert_true(promise >= p90 && promise - p90 < 900);
    assert_int_equal(promise, now + 50 * MIN);
    /* A multiple of the step already: unchanged. */
    assert_int_equal(sla_forecast_promise_for(f, 0, 1, now + HOUR, 300, &promise, NULL, NULL), 0);
    assert_int_equal(promise, now + 40 * MIN);
    /* Bad input changes nothing. */
    promise = 42;
    assert_int_equal(sla_forecast_promise_for(f, 0, 1, now + HOUR, -5, &promise, NULL, NULL),
                     SLA_EINVAL);
    assert_int_equal(sla_forecast_promise_for(f, 0, 1, now + HOUR, 86401, &promise, NULL, NULL),
                     SLA_EINVAL);
    assert_int_equal(sla_forecast_promise_for(NULL, 0, 1, now + HOUR, 0, &promise, NULL, NULL),
                     SLA_EINVAL);
    assert_int_equal(sla_forecast_promise_for(f, 0, 1, now + HOUR, 0, NULL, NULL, NULL),
                     SLA_EINVAL);
    assert_int_equal(sla_forecast_promise_for(f, 0, 1, -5, 0, &promise, NULL, NULL), SLA_ERANGE);
    assert_int_equal(promise, 42);
    sla_forecast_free(f);
    sla_roster_free(r);

    /* Nobody on duty on the channel: never answered, at risk, no promise. */
    r = roster_one("24/7", 1, 1, 600.0);
    assert_int_equal(sla_roster_set_handle_time(r, 1, 600.0, 0.0), 0);
    assert_int_equal(sla_forecast_new(r, now, ch, pr, ar, dl, 3, SLA_ORDER_FIFO, 0, 0, &f), 0);
    assert_int_equal(sla_forecast_promise_for(f, 1, 1, now + HOUR, 300, &promise, &p90, &risk), 0);
    assert_int_equal(promise, SLA_NO_TIME);
    assert_int_equal(p90, SLA_NO_TIME);
    assert_int_equal(risk, 1);
    sla_forecast_free(f);
    sla_roster_free(r);
}

static void seeded_samples_are_reproducible(void **state)
{
    enum { N = 200 };
    sla_roster *r = NULL;
    int ch[N], pr[N];
    int64_t now = FRI_1655, ar[N], dl[N], a[N], b[N], c[N];
    sla_forecast *f = NULL;
    (void)state;

    assert_int_equal(sla_roster_new("Europe/Oslo", &r), 0);
    assert_int_equal(sla_roster_add_shift(r, 0, "Mo-Fr 08:00-16:00", 3, 1, NULL, NULL), 0);
    assert_int_equal(sla_roster_set_handle_time(r, 0, 900.0, 600.0), 0);
    for (int i = 0; i < N; i++) {
        ch[i] = 0;
        pr[i] = i % 4;
        ar[i] = now - 60 * (N - i);
        dl[i] = now + 3600 * (i % 24);
    }
    assert_int_equal(sla_forecast_new(r, now, ch, pr, ar, dl, N, SLA_ORDER_EDF, 100, 42, &f), 0);
    sla_forecast_results(f, a, NULL, NULL, NULL);
    sla_forecast_free(f);
    assert_int_equal(sla_forecast_new(r, now, ch, pr, ar, dl, N, SLA_ORDER_EDF, 100, 42, &f), 0);
    sla_forecast_results(f, b, NULL, NULL, NULL);
    sla_forecast_free(f);
    assert_memory_equal(a, b, sizeof a);
    assert_int_equal(sla_forecast_new(r, now, ch, pr, ar, dl, N, SLA_ORDER_EDF, 100, 43, &f), 0);
    sla_forecast_results(f, c, NULL, NULL, NULL);
    sla_forecast_free(f);
    assert_true(memcmp(a, c, sizeof a) != 0);
    sla_roster_free(r);
}

static void forecast_refuses_bad_input(void **state)
{
    sla_roster *r = roster_one("24/7", 1, 1, 600.0);
    int ch[1] = {SLA_CHANNEL_CHAT}, pr[1] = {1};
    int64_t now = FRI_1655, ar[1] = {now}, dl[1] = {now + 60};
    sla_forecast *f = NULL;
    sla_diag *d = NULL;
    (void)state;

    /* No handle time for chat. */
    assert_int_equal(sla_forecast_new(r, now, ch, pr, ar, dl, 1, SLA_ORDER_FIFO, 0, 0, &f),
                     SLA_ESTATE);
    assert_null(f);
    ch[0] = 0;
    assert_int_equal(sla_forecast_new(r, now, ch, pr, ar, dl, 1, 7, 0, 0, &f), SLA_EINVAL);
    assert_int_equal(sla_forecast_new(r, now, ch, pr, ar, dl, 1, SLA_ORDER_FIFO, -1, 0, &f),
                     SLA_EINVAL);
    assert_int_equal(sla_forecast_new(r, SLA_TIME_MAX, ch, pr, ar, dl, 1, SLA_ORDER_FIFO, 0, 0, &f),
                     SLA_ERANGE);
    assert_null(f);
    assert_int_equal(sla_roster_set_handle_time(r, 0, 0.0, 0.0), SLA_EINVAL);
    assert_int_equal(sla_roster_set_handle_time(r, 0, NAN, 0.0), SLA_EINVAL);
    assert_int_equal(sla_diag_new(&d), 0);
    assert_int_equal(sla_roster_add_shift(r, 0, "Mo-Fr sunrise-sunset", 1, 1, NULL, d),
                     SLA_EPARSE);
    assert_true(sla_diag_column(d) > 0);
    assert_int_equal(sla_roster_shift_count(r), 1);
    sla_diag_free(d);
    sla_roster_free(r);
}

/* M/M/N: a long steady stream through the forecast must show the mean wait
 * and service level that Erlang C gives. 3 agents, 36 contacts an hour, 4
 * minutes a contact (load 2.4, 80 % busy). Tolerances are about four
 * standard errors of a 30,000-contact run. */
static void simulation_agrees_with_erlang_c(void **state)
{
    enum { N = 30000 };
    static int ch[N], pr[N];
    static int64_t ar[N], dl[N], pick[N];
    sla_roster *r = NULL;
    sla_forecast *f = NULL;
    const double rate = 36.0 / 3600.0, aht = 240.0, t_answer = 60.0;
    double asa, sl, wait_sum = 0.0;
    size_t within = 0, counted = 0;
    int64_t now = 1735689600; /* 2025-01-01 */
    uint64_t x = 12345;
    double t = (double)now;
    (void)state;

    assert_int_equal(sla_roster_new("UTC", &r), 0);
    assert_int_equal(sla_roster_add_shift(r, 0, "24/7", 3, 1, NULL, NULL), 0);
    assert_int_equal(sla_roster_set_handle_time(r, 0, aht, 0.0), 0);
    assert_int_equal(sla_roster_set_handle_model(r, 0, SLA_HANDLE_EXPONENTIAL), 0);
    for (int i = 0; i < N; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        t += -log(((double)(x >> 11) + 0.5) / 9007199254740992.0) / rate;
        ch[i] = 0;
        pr[i] = 1;
        ar[i] = (int64_t)t;
        dl[i] = ar[i] + 3600;
    }
    assert_int_equal(sla_forecast_new(r, now, ch, pr, ar, dl, N, SLA_ORDER_FIFO, 1, 9, &f), 0);
    assert_int_equal(sla_forecast_pickups(f, pick), 0);
    for (int i = N / 10; i < N; i++) { /* skip the warm-up from an empty queue */
        double w = (double)(pick[i] - ar[i]);
        wait_sum += w;
        within += w <= t_answer;
        counted++;
    }
    assert_int_equal(sla_erlang_c_asa(rate, aht, 3, &asa), 0);
    assert_int_equal(sla_erlang_c_service_level(rate, aht, 3, t_answer, &sl), 0);
    print_message("M/M/3: simulated ASA %.1f s vs Erlang C %.1f s; SL(60 s) %.3f vs %.3f\n",
                  wait_sum / (double)counted, asa, (double)within / (double)counted, sl);
    assert_true(fabs(wait_sum / (double)counted - asa) < 0.15 * asa);
    assert_true(fabs((double)within / (double)counted - sl) < 0.03);
    sla_forecast_free(f);
    sla_roster_free(r);
}

/* The documented limits of the prediction layer (SECURITY.md). */
static void prediction_limits(void **state)
{
    sla_roster *r = roster_one("24/7", 1, 1, 600.0), *big = NULL;
    static int ch[70000], pr[70000];
    static int64_t ar[70000], dl[70000];
    const sla_calendar *cals[65];
    sla_calendar *cal = NULL;
    int64_t now = FRI_1655, d = now;
    sla_forecast *f = NULL;
    int i, rc = 0;
    (void)state;

    for (i = 0; i < 70000; i++) {
        pr[i] = 1;
        ar[i] = now;
        dl[i] = now + HOUR;
    }
    /* more than 100,000 samples; more than 64 Mi tickets x samples */
    assert_int_equal(sla_forecast_new(r, now, ch, pr, ar, dl, 1, SLA_ORDER_FIFO, 100001, 0, &f),
                     SLA_ELIMIT);
    assert_int_equal(sla_forecast_new(r, now, ch, pr, ar, dl, 70000, SLA_ORDER_FIFO, 1000, 0, &f),
                     SLA_ELIMIT);
    assert_null(f);
    /* more than 1024 shifts */
    assert_int_equal(sla_roster_new("UTC", &big), 0);
    for (i = 0; i < 1024 && rc == 0; i++)
        rc = sla_roster_add_shift(big, 0, "Mo-Fr 09:00-17:00", 1, 1, NULL, NULL);
    assert_int_equal(rc, 0);
    assert_int_equal(sla_roster_add_shift(big, 0, "Mo-Fr 09:00-17:00", 1, 1, NULL, NULL),
                     SLA_ELIMIT);
    assert_int_equal(sla_roster_shift_count(big), 1024);
    sla_roster_free(big);
    /* more than 100,000 agent places on one channel */
    assert_int_equal(sla_roster_new("UTC", &big), 0);
    assert_int_equal(sla_roster_add_shift(big, 0, "24/7", 50001, 2, NULL, NULL), 0);
    assert_int_equal(sla_roster_set_handle_time(big, 0, 60.0, 0.0), 0);
    assert_int_equal(sla_forecast_new(big, now, ch, pr, ar, dl, 1, SLA_ORDER_FIFO, 0, 0, &f),
                     SLA_ELIMIT);
    sla_roster_free(big);
    /* a scan takes 1 to 64 calendars */
    assert_int_equal(sla_calendar_new("UTC", "24/7", &cal, NULL), 0);
    for (i = 0; i < 65; i++)
        cals[i] = cal;
    assert_int_equal(sla_scan(cals, 65, NULL, now, NULL, &d, NULL, NULL, 1, 0.5, NULL, NULL, 0,
                              NULL, NULL),
                     SLA_EINVAL);
    assert_int_equal(sla_scan(cals, 64, NULL, now, NULL, &d, NULL, NULL, 1, 0.5, NULL, NULL, 0,
                              NULL, NULL),
                     0);
    sla_calendar_free(cal);
    sla_roster_free(r);
}


/* A large scan (which takes a faster path) gives, clock by clock, what a
 * scan of that clock alone gives; its top list is the soonest non-breached
 * deadlines, ties by index; bad input is found wherever it is. */
static void scan_large_agrees_with_small(void **state)
{
    enum { N = 60000, K = 50 };
    sla_calendar_builder *b;
    sla_calendar *cal;
    const sla_calendar *cals[1];
    int64_t *deadline = malloc(N * sizeof *deadline), *target = malloc(N * sizeof *target);
    int64_t *rem = malloc(N * sizeof *rem), one_rem;
    int *flags = malloc(N * sizeof *flags), one_flags;
    size_t top[K], ntop, i, j, n_ok = 0;
    size_t *order = malloc(N * sizeof *order);
    const int64_t now = 1742569200; /* Friday 2025-03-21T15:00Z */
    unsigned seed = 7;
    (void)state;
    assert_int_equal(sla_calendar_builder_new("Europe/Oslo", &b), 0);
    assert_int_equal(sla_calendar_builder_set_hours(b, "Mo-Fr 08:00-16:00; PH off", NULL), 0);
    assert_int_equal(sla_calendar_builder_add_holiday(b, 2025, 4, 17), 0);
    assert_int_equal(sla_calendar_builder_compile(b, &cal), 0);
    sla_calendar_builder_free(b);
    cals[0] = cal;
    for (i = 0; i < N; i++) {
        seed = seed * 1103515245u + 12345u;
        /* two days back to 40 days ahead (past the fast path's window),
         * across the DST change and Easter, many equal deadlines */
        deadline[i] = now - 2 * 86400 + (int64_t)(seed % (42u * 86400u)) / 60 * 60;
        target[i] = (int64_t)(seed >> 20) % 5 == 0 ? 0 : 900 * (1 + (int64_t)(seed >> 24) % 40);
    }
    assert_int_equal(sla_scan(cals, 1, NULL, now, NULL, deadline, NULL, target, N, 0.75, rem,
                              flags, K, top, &ntop), 0);
    for (i = 0; i < N; i++) {
        size_t t1, n1;
        assert_int_equal(sla_scan(cals, 1, NULL, now, NULL, deadline + i, NULL, target + i, 1,
                                  0.75, &one_rem, &one_flags, 1, &t1, &n1), 0);
        assert_int_equal(rem[i], one_rem);
        assert_int_equal(flags[i], one_flags);
        if (now <= deadline[i])
            order[n_ok++] = i;
    }
    /* the K soonest by (deadline, index) */
    for (i = 0; i < K; i++)
        for (j = i + 1; j < n_ok; j++)
            if (deadline[order[j]] < deadline[order[i]] ||
                (deadline[order[j]] == deadline[order[i]] && order[j] < order[i])) {
                size_t x = order[i];
                order[i] = order[j];
                order[j] = x;
            }
    assert_int_equal(ntop, K);
    for (i = 0; i < K; i++)
        assert_int_equal(top[i], order[i]);
    /* bad input anywhere: the first bad clock decides, nothing is written */
    rem[0] = -12345;
    target[40000] = -1;
    deadline[50000] = SLA_TIME_MAX;
    assert_int_equal(sla_scan(cals, 1, NULL, now, NULL, deadline, NULL, target, N, 0.75, rem,
                              flags, K, top, &ntop), SLA_EINVAL);
    target[40000] = 900;
    assert_int_equal(sla_scan(cals, 1, NULL, now, NULL, deadline, NULL, target, N, 0.75, rem,
                              flags, K, top, &ntop), SLA_ERANGE);
    assert_int_equal(rem[0], -12345);
    free(deadline);
    free(target);
    free(rem);
    free(flags);
    free(order);
    sla_calendar_free(cal);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scan_matches_diff_and_brute_force_top),
        cmocka_unit_test(scan_refuses_bad_input_and_writes_nothing),
        cmocka_unit_test(single_agent_queue_by_hand),
        cmocka_unit_test(business_hours_push_work_to_monday),
        cmocka_unit_test(service_orders),
        cmocka_unit_test(chat_concurrency_and_future_tickets),
        cmocka_unit_test(advice_and_promise),
        cmocka_unit_test(promise_the_forecast),
        cmocka_unit_test(advice_searches_blocks),
        cmocka_unit_test(seeded_samples_are_reproducible),
        cmocka_unit_test(forecast_refuses_bad_input),
        cmocka_unit_test(simulation_agrees_with_erlang_c),
        cmocka_unit_test(prediction_limits),
        cmocka_unit_test(scan_large_agrees_with_small),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
