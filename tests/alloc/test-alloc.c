/* Allocation failure: every constructor and loader, with its 1st, 2nd, ...
 * Nth allocation failing in turn until the call succeeds.
 *
 * For each failure point the call must return SLA_ENOMEM, write no output,
 * and leave the caller's objects exactly as they were (checked through a
 * fingerprint of what the public API reports about them: query results of a
 * compiled builder, policy lookups, the saved bytes of a ticket). Leaks are
 * caught by running this suite under valgrind and ASan (`./dev test`).
 * Each call is swept twice: with only the Nth allocation failing, and with
 * the Nth and every later one failing ("sticky", which exercises the
 * clean-up paths under pressure).
 *
 * Links the static testing library, built with SLA_ALLOC_TESTING.
 * SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsla/sla.h>

#include "core/core.h"

#define SENTINEL_PTR ((void *)(uintptr_t)0x5a5a5a5a)
#define MAX_POINTS 100000UL

static unsigned long total_points;
static int have_tz;

/* ---- fingerprints of caller-visible state ---------------------------------- */

static uint64_t mix(uint64_t h, int64_t v)
{
    int i;
    for (i = 0; i < 8; i++) {
        h ^= (uint64_t)(v >> (8 * i)) & 0xff;
        h *= 1099511628211ULL;
    }
    return h;
}

/* Query results of a calendar over the turn of 2024/2025 and a DST change. */
static uint64_t fp_calendar(const sla_calendar *cal)
{
    uint64_t h = 1469598103934665603ULL;
    int64_t t, r;
    int o, rc;
    for (t = 1734652800; t < 1736467200; t += 3 * 3600 + 17) { /* 2024-12-20 .. 2025-01-10 */
        rc = sla_calendar_is_open(cal, t, &o);
        h = mix(mix(h, rc), rc == 0 ? o : -1);
        rc = sla_calendar_next_open(cal, t, &r);
        h = mix(mix(h, rc), rc == 0 ? r : -1);
        rc = sla_calendar_next_close(cal, t, &r);
        h = mix(mix(h, rc), rc == 0 ? r : -1);
        rc = sla_calendar_add(cal, t, 4 * 3600, &r);
        h = mix(mix(h, rc), rc == 0 ? r : -1);
        rc = sla_calendar_diff(cal, t, t + 3 * 86400, &r);
        h = mix(mix(h, rc), rc == 0 ? r : -1);
    }
    for (t = 1743292800; t < 1743552000; t += 1800) { /* 2025-03-30 .. 2025-04-02 */
        rc = sla_calendar_add(cal, t, 3600, &r);
        h = mix(mix(h, rc), rc == 0 ? r : -1);
    }
    h = mix(h, (int64_t)strlen(sla_calendar_zone(cal)));
    return h;
}

static uint64_t fp_builder(const sla_calendar_builder *b)
{
    sla_calendar *cal = NULL;
    uint64_t h;
    int64_t t = 0;
    assert_int_equal(sla_calendar_builder_compile(b, &cal), 0);
    h = fp_calendar(cal);
    sla_calendar_free(cal);
    assert_int_equal(sla_calendar_builder_local_time(b, 2025, 3, 30, 2, 30, 0, &t), 0);
    return mix(h, t);
}

static uint64_t fp_policy(const sla_policy *p)
{
    uint64_t h = 1469598103934665603ULL;
    int m, c, pr, n = sla_policy_channel_count(p);
    h = mix(mix(h, n), (int64_t)sla_policy_target_count(p));
    for (c = 0; c < n; c++)
        h = mix(h, (int64_t)strlen(sla_policy_channel_name(p, c)));
    for (m = 0; m < SLA_METRIC_COUNT; m++) {
        for (c = 0; c < n; c++) {
            for (pr = 0; pr < 4; pr++) {
                int64_t target = -2;
                const sla_calendar *cal = NULL;
                assert_int_equal(sla_policy_lookup(p, m, c, pr, &target, &cal), 0);
                h = mix(mix(h, target), (int64_t)(uintptr_t)cal);
            }
        }
    }
    return h;
}

static uint64_t fp_ticket(const sla_ticket *t)
{
    uint64_t h = 1469598103934665603ULL;
    unsigned char buf[65536];
    int len = sla_ticket_save(t, buf, sizeof buf), i;
    int st = 0, pr = 0, ch = 0;
    int64_t created = 0, last = 0;
    assert_true(len > 0 && (size_t)len <= sizeof buf);
    for (i = 0; i < len; i++)
        h = mix(h, buf[i]);
    assert_int_equal(sla_ticket_info(t, &st, &pr, &ch, &created, &last), 0);
    return mix(mix(mix(mix(mix(h, st), pr), ch), created), last);
}

/* ---- the sweep ----------------------------------------------------------------- */

typedef int (*call_fn)(void *state);
typedef uint64_t (*fp_fn)(const void *state);

/* Set by a call that succeeded and changed the caller's state: run after the
 * allocation hook is off, it restores the state for the next sweep. */
static void (*pending_undo)(void *state);

static unsigned long tolerated;

/* Make allocation 1, 2, ... of `call` fail until it succeeds without reaching
 * that allocation. Returns the number of failure points. */
static unsigned long sweep_mode(const char *name, call_fn call, fp_fn fp, void *state, bool sticky)
{
    uint64_t before = fp ? fp(state) : 0;
    unsigned long n, count, points = 0;
    int rc;

    for (n = 1; n < MAX_POINTS; n++) {
        sla__alloc_fail_at(n, sticky);
        rc = call(state);
        count = sla__alloc_count();
        sla__alloc_fail_at(0, false);
        if (pending_undo) {
            if (rc == 0)
                pending_undo(state);
            pending_undo = NULL;
        }
        if (count < n) {
            if (rc != 0)
                fail_msg("%s: returned %s with no allocation failing", name, sla_error_name(rc));
            break;
        }
        if (rc == 0) {
            /* Allowed only for an allocation the code may do without (a
             * realloc that gives back spare capacity); the call checks that
             * its result is still right. */
            tolerated++;
            continue;
        }
        if (rc != SLA_ENOMEM)
            fail_msg("%s: allocation %lu of %lu failed (%s) but the call returned %s", name, n,
                     count, sticky ? "sticky" : "once", sla_error_name(rc));
        if (fp && fp(state) != before)
            fail_msg("%s: allocation %lu failed and the caller's object changed", name, n);
        points++;
    }
    assert_true(n < MAX_POINTS);
    return points;
}

static void sweep(const char *name, call_fn call, fp_fn fp, void *state)
{
    unsigned long once = sweep_mode(name, call, fp, state, false);
    unsigned long sticky;
    /* The successful call changed the state; the sticky sweep starts from a
     * fresh copy made by the caller's reset, so callers that mutate pass a
     * call that undoes itself on success (see below). */
    sticky = sweep_mode(name, call, fp, state, true);
    total_points += once + sticky;
    print_message("  %-40s %4lu + %4lu failure points\n", name, once, sticky);
}

/* ---- core ------------------------------------------------------------------------ */

static int call_diag_new(void *state)
{
    sla_diag *d = SENTINEL_PTR;
    int rc = sla_diag_new(&d);
    (void)state;
    if (rc == 0)
        sla_diag_free(d);
    else
        assert_ptr_equal(d, SENTINEL_PTR);
    return rc;
}

static void test_core(void **unused)
{
    (void)unused;
    sweep("sla_diag_new", call_diag_new, NULL, NULL);
}

/* ---- calendar ---------------------------------------------------------------------- */

static int call_builder_new(void *state)
{
    sla_calendar_builder *b = SENTINEL_PTR;
    int rc = sla_calendar_builder_new((const char *)state, &b);
    if (rc == 0)
        sla_calendar_builder_free(b);
    else
        assert_ptr_equal(b, SENTINEL_PTR);
    return rc;
}

static int call_builder_new_tzdir(void *state)
{
    sla_calendar_builder *b = SENTINEL_PTR;
    int rc = sla_calendar_builder_new_tzdir((const char *)state, "/usr/share/zoneinfo", &b);
    if (rc == 0)
        sla_calendar_builder_free(b);
    else
        assert_ptr_equal(b, SENTINEL_PTR);
    return rc;
}

/* A builder with hours, holidays, closures and openings, and the one step
 * a sweep applies to it. Steps that succeed are undone by rebuilding, so the
 * sticky sweep starts from the same state. */
typedef struct {
    sla_calendar_builder *b;
    int k;            /* how many holidays, closures and openings it starts with */
    uint64_t compiled; /* fingerprint of its compiled calendar */
} bstate;

static sla_calendar_builder *make_builder(int extra)
{
    sla_calendar_builder *b = NULL;
    int i;
    assert_int_equal(sla_calendar_builder_new("Europe/Oslo", &b), 0);
    assert_int_equal(sla_calendar_builder_set_hours(b, "Mo-Fr 08:00-16:00; Sa 10:00-14:00", NULL),
                     0);
    for (i = 0; i < extra; i++) {
        assert_int_equal(sla_calendar_builder_add_holiday(b, 2025, 1 + i % 12, 1 + i), 0);
        assert_int_equal(sla_calendar_builder_add_closure(b, 1735700000 + i * 86400,
                                                          1735700000 + i * 86400 + 3600),
                         0);
        assert_int_equal(sla_calendar_builder_add_opening(b, 1735000000 + i * 86400,
                                                          1735000000 + i * 86400 + 7200),
                         0);
    }
    return b;
}

static uint64_t fp_bstate(const void *state)
{
    return fp_builder(((const bstate *)state)->b);
}

static void rebuild(bstate *s)
{
    sla_calendar_builder_free(s->b);
    s->b = make_builder(s->k);
}

static void undo_rebuild(void *state)
{
    rebuild(state);
}

static int call_set_hours(void *state)
{
    bstate *s = state;
    int rc = sla_calendar_builder_set_hours(
        s->b, "Mo-Fr 08:00-12:00,13:00-17:00; Fr 08:00-14:00; Dec 24-26 off; PH 10:00-12:00", NULL);
    pending_undo = undo_rebuild;
    return rc;
}


static int call_add_holiday(void *state)
{
    bstate *s = state;
    int rc = sla_calendar_builder_add_holiday(s->b, 2026, 5, 17);
    pending_undo = undo_rebuild;
    return rc;
}

static int call_add_closure(void *state)
{
    bstate *s = state;
    int rc = sla_calendar_builder_add_closure(s->b, 1767225600 + 3600, 1767225600 + 7200);
    pending_undo = undo_rebuild;
    return rc;
}

static int call_add_opening(void *state)
{
    bstate *s = state;
    int rc = sla_calendar_builder_add_opening(s->b, 1767225600 + 3 * 3600, 1767225600 + 5 * 3600);
    pending_undo = undo_rebuild;
    return rc;
}

static int call_compile(void *state)
{
    bstate *s = state;
    sla_calendar *cal = SENTINEL_PTR;
    int rc = sla_calendar_builder_compile(s->b, &cal);
    if (rc == 0) {
        assert_true(fp_calendar(cal) == s->compiled); /* queries never allocate */
        sla_calendar_free(cal);
    }
    else
        assert_ptr_equal(cal, SENTINEL_PTR);
    return rc;
}

static int call_calendar_new(void *state)
{
    sla_calendar *cal = SENTINEL_PTR;
    int rc = sla_calendar_new("America/New_York", "Mo-Fr 09:00-17:00; PH off", &cal, NULL);
    (void)state;
    if (rc == 0)
        sla_calendar_free(cal);
    else
        assert_ptr_equal(cal, SENTINEL_PTR);
    return rc;
}

typedef struct {
    sla_calendar *a, *b;
    int intersect;
} cstate;

static uint64_t fp_cstate(const void *state)
{
    const cstate *s = state;
    return mix(fp_calendar(s->a), (int64_t)fp_calendar(s->b));
}

static int call_combine(void *state)
{
    cstate *s = state;
    sla_calendar *cal = SENTINEL_PTR;
    int rc = s->intersect ? sla_calendar_intersect(s->a, s->b, &cal)
                          : sla_calendar_union(s->a, s->b, &cal);
    if (rc == 0)
        sla_calendar_free(cal);
    else
        assert_ptr_equal(cal, SENTINEL_PTR);
    return rc;
}

static void test_calendar(void **unused)
{
    bstate s = {NULL, 0, 0};
    cstate c = {NULL, NULL, 0};
    int k;
    char name[64];
    (void)unused;

    if (!have_tz)
        skip();
    sweep("sla_calendar_builder_new", call_builder_new, NULL, (void *)"Europe/Oslo");
    sweep("sla_calendar_builder_new (UTC)", call_builder_new, NULL, (void *)"UTC");
    sweep("sla_calendar_builder_new_tzdir", call_builder_new_tzdir, NULL,
          (void *)"Australia/Lord_Howe");

    s.b = make_builder(3);
    s.k = 3;
    sweep("sla_calendar_builder_set_hours", call_set_hours, fp_bstate, &s);
    /* Growing arrays: add to builders of every size up to a few doublings. */
    for (k = 0; k <= 17; k++) {
        s.k = k;
        rebuild(&s);
        snprintf(name, sizeof name, "sla_calendar_builder_add_holiday #%d", k + 1);
        sweep(name, call_add_holiday, fp_bstate, &s);
        snprintf(name, sizeof name, "sla_calendar_builder_add_closure #%d", k + 1);
        sweep(name, call_add_closure, fp_bstate, &s);
        snprintf(name, sizeof name, "sla_calendar_builder_add_opening #%d", k + 1);
        sweep(name, call_add_opening, fp_bstate, &s);
    }
    s.k = 5;
    rebuild(&s);
    {
        sla_calendar *ref = NULL;
        assert_int_equal(sla_calendar_builder_compile(s.b, &ref), 0);
        s.compiled = fp_calendar(ref);
        sla_calendar_free(ref);
    }
    sweep("sla_calendar_builder_compile", call_compile, fp_bstate, &s);
    sweep("sla_calendar_new", call_calendar_new, NULL, NULL);

    assert_int_equal(sla_calendar_builder_compile(s.b, &c.a), 0);
    assert_int_equal(sla_calendar_new("Asia/Tokyo", "Mo-Fr 09:00-18:00", &c.b, NULL), 0);
    c.intersect = 0;
    sweep("sla_calendar_union", call_combine, fp_cstate, &c);
    c.intersect = 1;
    sweep("sla_calendar_intersect", call_combine, fp_cstate, &c);
    sla_calendar_free(c.a);
    sla_calendar_free(c.b);
    sla_calendar_builder_free(s.b);
}

/* ---- iCalendar ------------------------------------------------------------------------ */

static const char ics_text[] =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//libsla//tests//EN\r\n"
    "BEGIN:VEVENT\r\nUID:1@test\r\nDTSTAMP:20250101T000000Z\r\nDTSTART;VALUE=DATE:20250501\r\n"
    "SUMMARY:Labour day\r\nCATEGORIES:Holiday\r\nRRULE:FREQ=YEARLY;COUNT=5\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:2@test\r\nDTSTAMP:20250101T000000Z\r\n"
    "DTSTART;TZID=Europe/Oslo:20250317T120000\r\nDTEND;TZID=Europe/Oslo:20250317T150000\r\n"
    "SUMMARY:Staff meeting\r\nRRULE:FREQ=WEEKLY;COUNT=10\r\nEXDATE;TZID=Europe/Oslo:20250324T120000\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:3@test\r\nDTSTAMP:20250101T000000Z\r\nDTSTART:20251224T080000Z\r\n"
    "DURATION:PT4H\r\nSUMMARY:Christmas eve\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n";

static int call_add_ics(void *state)
{
    bstate *s = state;
    int rc = sla_calendar_builder_add_ics(s->b, ics_text, sizeof ics_text - 1, NULL, NULL);
    pending_undo = undo_rebuild;
    return rc;
}

static int call_ics_list(void *state)
{
    sla_ics_list *list = SENTINEL_PTR;
    int rc = sla_ics_list_new(ics_text, sizeof ics_text - 1, "Europe/Oslo",
                              (const sla_ics_options *)state, &list, NULL);
    if (rc == 0) {
        assert_true(sla_ics_list_count(list) > 0);
        sla_ics_list_free(list);
    } else {
        assert_ptr_equal(list, SENTINEL_PTR);
    }
    return rc;
}

static int call_ics_options_new(void *state)
{
    sla_ics_options *o = SENTINEL_PTR;
    int rc = sla_ics_options_new(&o);
    (void)state;
    if (rc == 0)
        sla_ics_options_free(o);
    else
        assert_ptr_equal(o, SENTINEL_PTR);
    return rc;
}

static int call_ics_options_filter(void *state)
{
    sla_ics_options *o = NULL;
    int rc = sla_ics_options_new(&o);
    (void)state;
    if (rc != 0)
        return rc;
    rc = sla_ics_options_keep_category(o, "Holiday");
    if (rc == 0)
        rc = sla_ics_options_drop_summary(o, "meeting");
    sla_ics_options_free(o);
    return rc;
}

static void test_ics(void **unused)
{
    bstate s = {NULL, 4, 0};
    sla_ics_options *opts = NULL;
    (void)unused;
    if (!have_tz)
        skip();
    s.b = make_builder(4);
    sweep("sla_calendar_builder_add_ics", call_add_ics, fp_bstate, &s);
    sla_calendar_builder_free(s.b);
    sweep("sla_ics_list_new", call_ics_list, NULL, NULL);
    sweep("sla_ics_options_new", call_ics_options_new, NULL, NULL);
    sweep("sla_ics_options_keep_category/_drop_summary", call_ics_options_filter, NULL, NULL);
    assert_int_equal(sla_ics_options_new(&opts), 0);
    assert_int_equal(sla_ics_options_keep_category(opts, "holiday"), 0);
    assert_int_equal(sla_ics_options_drop_summary(opts, "meeting"), 0);
    sweep("sla_ics_list_new (filters)", call_ics_list, NULL, opts);
    sla_ics_options_free(opts);
}

/* ---- policies and tickets ------------------------------------------------------------- */

typedef struct {
    sla_calendar *cal;
    sla_policy *p;
    sla_ticket *t;
    int step;
    int extra; /* channels the policy starts with beyond the built-in ones */
} pstate;

static const char policy_text[] =
    "# reply targets\n"
    "channel whatsapp\n"
    "first_reply email,web * 4h calendar=business warn=50,75,90\n"
    "first_reply chat * 30s\n"
    "next_reply * urgent,high 1h calendar=business pause=pending\n"
    "resolution * * 3d calendar=business pause=pending,on_hold\n";

static sla_policy *make_policy(const sla_calendar *cal, int extra)
{
    sla_policy *p = NULL;
    int warn[3] = {50, 75, 90}, i;
    char name[32];
    assert_int_equal(sla_policy_new(&p), 0);
    for (i = 0; i < extra; i++) {
        snprintf(name, sizeof name, "channel-%d", i);
        assert_int_equal(sla_policy_add_channel(p, name, NULL), 0);
    }
    assert_int_equal(sla_policy_add_calendar(p, "business", cal), 0);
    assert_int_equal(sla_policy_add_target(p, SLA_METRIC_FIRST_REPLY, SLA_CHANNEL_EMAIL, SLA_ANY,
                                           3600, cal, 0, warn, 3),
                     0);
    return p;
}

static uint64_t fp_pstate(const void *state)
{
    const pstate *s = state;
    return s->t ? fp_ticket(s->t) : fp_policy(s->p);
}

static int call_policy_new(void *state)
{
    sla_policy *p = SENTINEL_PTR;
    int rc = sla_policy_new(&p);
    (void)state;
    if (rc == 0)
        sla_policy_free(p);
    else
        assert_ptr_equal(p, SENTINEL_PTR);
    return rc;
}

static int call_policy_new_default(void *state)
{
    pstate *s = state;
    sla_policy *p = SENTINEL_PTR;
    int rc = sla_policy_new_default(s->cal, NULL, &p);
    if (rc == 0)
        sla_policy_free(p);
    else
        assert_ptr_equal(p, SENTINEL_PTR);
    return rc;
}

static void reset_policy(pstate *s)
{
    sla_policy_free(s->p);
    s->p = make_policy(s->cal, s->extra);
}

static void undo_policy(void *state)
{
    reset_policy(state);
}

static int call_policy_change(void *state)
{
    pstate *s = state;
    int rc, ch = -7;
    switch (s->step) {
    case 0:
        rc = sla_policy_add_channel(s->p, "whatsapp", &ch);
        if (rc != 0)
            assert_int_equal(ch, -7);
        break;
    case 1:
        rc = sla_policy_add_calendar(s->p, "support", s->cal);
        break;
    case 2:
        rc = sla_policy_add_target(s->p, SLA_METRIC_RESOLUTION, SLA_ANY, SLA_PRIORITY_URGENT,
                                   7200, s->cal, SLA_PAUSE_PENDING, NULL, 0);
        break;
    case 3:
        rc = sla_policy_parse(s->p, policy_text, NULL);
        break;
    default:
        rc = SLA_EINVAL;
        break;
    }
    pending_undo = undo_policy;
    return rc;
}

static int call_ticket_new(void *state)
{
    pstate *s = state;
    sla_ticket *t = SENTINEL_PTR;
    int rc = sla_ticket_new(s->p, 1735804800, SLA_CHANNEL_EMAIL, SLA_PRIORITY_HIGH, &t);
    if (rc == 0)
        sla_ticket_free(t);
    else
        assert_ptr_equal(t, SENTINEL_PTR);
    return rc;
}

/* The ticket's history so far, replayed to reset it after a successful event. */
static const struct {
    int64_t dt;
    int kind, arg;
} events[] = {
    {600, SLA_EVENT_REPLY, 0},
    {1200, SLA_EVENT_CUSTOMER, SLA_CHANNEL_CHAT},
    {1500, SLA_EVENT_NOTE, 0},
    {1800, SLA_EVENT_STATUS, SLA_TICKET_PENDING},
    {3600, SLA_EVENT_CUSTOMER, SLA_CHANNEL_EMAIL},
    {4000, SLA_EVENT_STATUS, SLA_TICKET_OPEN},
    {5000, SLA_EVENT_PRIORITY, SLA_PRIORITY_URGENT},
    {6000, SLA_EVENT_CHANNEL, SLA_CHANNEL_WEB},
    {7000, SLA_EVENT_REPLY, 0},
    {8000, SLA_EVENT_STATUS, SLA_TICKET_ON_HOLD},
    {9000, SLA_EVENT_STATUS, SLA_TICKET_SOLVED},
    {9500, SLA_EVENT_CUSTOMER, SLA_CHANNEL_EMAIL},
    {9900, SLA_EVENT_STATUS, SLA_TICKET_SOLVED},
    {10000, SLA_EVENT_STATUS, SLA_TICKET_CLOSED},
};
#define N_EVENTS (sizeof events / sizeof events[0])

static sla_ticket *make_ticket(const sla_policy *p, int upto)
{
    sla_ticket *t = NULL;
    int i;
    assert_int_equal(sla_ticket_new(p, 1735804800, SLA_CHANNEL_EMAIL, SLA_PRIORITY_HIGH, &t), 0);
    for (i = 0; i < upto; i++)
        assert_int_equal(
            sla_ticket_apply(t, 1735804800 + events[i].dt, events[i].kind, events[i].arg), 0);
    return t;
}

static void undo_ticket(void *state)
{
    pstate *s = state;
    sla_ticket_free(s->t);
    s->t = make_ticket(s->p, s->step);
}

static int call_ticket_event(void *state)
{
    pstate *s = state;
    int rc = sla_ticket_apply(s->t, 1735804800 + events[s->step].dt, events[s->step].kind,
                              events[s->step].arg);
    pending_undo = undo_ticket;
    return rc;
}

static int call_ticket_restore(void *state)
{
    pstate *s = state;
    unsigned char buf[65536];
    sla_ticket *t = SENTINEL_PTR;
    int len = sla_ticket_save(s->t, buf, sizeof buf), rc;
    assert_true(len > 0);
    rc = sla_ticket_restore(s->p, buf, (size_t)len, &t);
    if (rc == 0) {
        assert_int_equal(fp_ticket(t), fp_ticket(s->t));
        sla_ticket_free(t);
    } else {
        assert_ptr_equal(t, SENTINEL_PTR);
    }
    return rc;
}

/* Rebase onto the same policy text over another calendar: running clocks
 * are recomputed, fulfilled ones keep their old target (an allocation). */
static sla_policy *rebase_policy;

static int call_ticket_rebase(void *state)
{
    pstate *s = state;
    int changed = -1;
    int rc = sla_ticket_rebase(s->t, rebase_policy, 1735804800 + 20000, NULL, &changed);
    if (rc != 0)
        assert_int_equal(changed, -1);
    pending_undo = undo_ticket;
    return rc;
}

static int call_ticket_rebase_saved(void *state)
{
    pstate *s = state;
    unsigned char buf[65536];
    sla_ticket *t = SENTINEL_PTR;
    int len = sla_ticket_save(s->t, buf, sizeof buf), rc, changed = -1;
    assert_true(len > 0);
    rc = sla_ticket_rebase_saved(s->p, buf, (size_t)len, rebase_policy, 1735804800 + 20000, NULL,
                                 &t, &changed);
    if (rc == 0) {
        sla_ticket_free(t);
    } else {
        assert_ptr_equal(t, SENTINEL_PTR);
        assert_int_equal(changed, -1);
    }
    return rc;
}

static int call_status(void *state)
{
    pstate *s = state;
    sla_status *st = SENTINEL_PTR;
    int rc = sla_status_new(&st);
    if (rc != 0) {
        assert_ptr_equal(st, SENTINEL_PTR);
        return rc;
    }
    rc = sla_ticket_status(s->t, 1735804800 + 20000, st);
    sla_status_free(st);
    return rc;
}

static void test_sla(void **unused)
{
    pstate s = {NULL, NULL, NULL, 0, 0};
    int k;
    char name[64];
    size_t i;
    (void)unused;
    if (!have_tz)
        skip();
    assert_int_equal(sla_calendar_new("Europe/Oslo", "Mo-Fr 08:00-16:00", &s.cal, NULL), 0);

    sweep("sla_policy_new", call_policy_new, NULL, NULL);
    sweep("sla_policy_new_default", call_policy_new_default, NULL, &s);
    s.p = make_policy(s.cal, 0);
    for (s.step = 0; s.step < 4; s.step++) {
        static const char *const names[] = {"sla_policy_add_channel", "sla_policy_add_calendar",
                                            "sla_policy_add_target", "sla_policy_parse"};
        sweep(names[s.step], call_policy_change, fp_pstate, &s);
    }
    /* The channel registry grows. */
    s.step = 0;
    for (k = 1; k <= 20; k++) {
        s.extra = k;
        reset_policy(&s);
        snprintf(name, sizeof name, "sla_policy_add_channel #%d", k + 1);
        sweep(name, call_policy_change, fp_pstate, &s);
    }
    s.extra = 0;
    reset_policy(&s);
    assert_int_equal(sla_policy_parse(s.p, policy_text, NULL), 0);

    sweep("sla_ticket_new", call_ticket_new, NULL, &s);
    for (i = 0; i < N_EVENTS; i++) {
        s.step = (int)i;
        s.t = make_ticket(s.p, (int)i);
        snprintf(name, sizeof name, "sla_ticket_apply #%u (kind %d)", (unsigned)i + 1,
                 events[i].kind);
        sweep(name, call_ticket_event, fp_pstate, &s);
        if (i == N_EVENTS / 2) {
            sla_calendar *other;
            sweep("sla_ticket_restore", call_ticket_restore, fp_pstate, &s);
            sweep("sla_status_new + sla_ticket_status", call_status, fp_pstate, &s);
            assert_int_equal(sla_calendar_new("Europe/Oslo", "Mo-Fr 09:00-15:00", &other, NULL),
                             0);
            rebase_policy = make_policy(other, 0);
            assert_int_equal(sla_policy_parse(rebase_policy, policy_text, NULL), 0);
            sweep("sla_ticket_rebase", call_ticket_rebase, fp_pstate, &s);
            sweep("sla_ticket_rebase_saved", call_ticket_rebase_saved, fp_pstate, &s);
            sla_policy_free(rebase_policy);
            sla_calendar_free(other);
        }
        sla_ticket_free(s.t);
        s.t = NULL;
    }
    sla_policy_free(s.p);
    sla_calendar_free(s.cal);
}

/* ---- prediction ------------------------------------------------------------------------- */

typedef struct {
    sla_roster *r;
    int step;
} rstate;

static sla_roster *make_roster(void)
{
    sla_roster *r = NULL;
    assert_int_equal(sla_roster_new("Europe/Oslo", &r), 0);
    assert_int_equal(sla_roster_add_shift(r, SLA_CHANNEL_EMAIL, "Mo-Fr 08:00-16:00", 3, 1, NULL,
                                          NULL),
                     0);
    assert_int_equal(sla_roster_set_handle_time(r, SLA_CHANNEL_EMAIL, 600, 120), 0);
    return r;
}

/* What the API shows of a roster; a forecast from it shows the rest. */
static uint64_t fp_rstate(const void *state)
{
    const rstate *s = state;
    static const int channel[3] = {0, 0, 0}, priority[3] = {1, 2, 1};
    static const int64_t arrival[3] = {1735804800, 1735805400, 1735806000};
    static const int64_t deadline[3] = {1735815600, 1735812000, 1735816200};
    int64_t exp[3], lo[3], hi[3];
    double p[3];
    sla_forecast *f = NULL;
    uint64_t h = mix(1469598103934665603ULL, sla_roster_shift_count(s->r));
    int i, rc = sla_forecast_new(s->r, 1735808400, channel, priority, arrival, deadline, 3,
                                 SLA_ORDER_FIFO, 0, 1, &f);
    h = mix(h, rc);
    if (rc == 0) {
        assert_int_equal(sla_forecast_results(f, exp, lo, hi, p), 0);
        for (i = 0; i < 3; i++)
            h = mix(mix(mix(mix(h, exp[i]), lo[i]), hi[i]), (int64_t)(p[i] * 1e9));
        sla_forecast_free(f);
    }
    return h;
}

static void undo_roster(void *state)
{
    rstate *s = state;
    sla_roster_free(s->r);
    s->r = make_roster();
}

static int call_roster_new(void *state)
{
    sla_roster *r = SENTINEL_PTR;
    int rc = sla_roster_new("Europe/Oslo", &r);
    (void)state;
    if (rc == 0)
        sla_roster_free(r);
    else
        assert_ptr_equal(r, SENTINEL_PTR);
    return rc;
}

static int call_roster_change(void *state)
{
    rstate *s = state;
    double per_hour[168];
    int rc, i;
    for (i = 0; i < 168; i++) /* a week, Monday 00:00 first */
        per_hour[i] = (i % 24 >= 8 && i % 24 < 17) ? 6.0 : 0.5;
    switch (s->step) {
    case 0:
        rc = sla_roster_add_shift(s->r, SLA_CHANNEL_CHAT, "Mo-Fr 09:00-17:00; Sa 10:00-14:00", 2, 3,
                                  NULL, NULL);
        break;
    case 1:
        rc = sla_roster_add_holiday(s->r, 2025, 12, 25);
        break;
    case 2:
        rc = sla_roster_set_handle_time(s->r, SLA_CHANNEL_CHAT, 300, 60);
        break;
    default:
        rc = sla_roster_set_arrivals(s->r, SLA_CHANNEL_EMAIL, per_hour, 168, SLA_PRIORITY_NORMAL,
                                     4 * 3600);
        break;
    }
    pending_undo = undo_roster;
    return rc;
}

static int call_forecast(void *state)
{
    rstate *s = state;
    static const int channel[5] = {0, 0, 0, 0, 0};
    static const int priority[5] = {1, 2, 1, 3, 0};
    static const int64_t arrival[5] = {1735804800, 1735805400, 1735806000, 1735806600,
                                       1735807200};
    static const int64_t deadline[5] = {1735815600, 1735812000, 1735816200, 1735809000,
                                        1735830000};
    sla_forecast *f = SENTINEL_PTR;
    int rc = sla_forecast_new(s->r, 1735808400, channel, priority, arrival, deadline, 5,
                              s->step ? SLA_ORDER_EDF : SLA_ORDER_FIFO, s->step ? 50 : 0, 42, &f);
    if (rc == 0) {
        assert_int_equal((int)sla_forecast_count(f), 5);
        sla_forecast_free(f);
    } else {
        assert_ptr_equal(f, SENTINEL_PTR);
    }
    return rc;
}

static void test_predict(void **unused)
{
    rstate s = {NULL, 0};
    (void)unused;
    if (!have_tz)
        skip();
    sweep("sla_roster_new", call_roster_new, NULL, NULL);
    s.r = make_roster();
    for (s.step = 0; s.step < 4; s.step++) {
        static const char *const names[] = {"sla_roster_add_shift", "sla_roster_add_holiday",
                                            "sla_roster_set_handle_time",
                                            "sla_roster_set_arrivals"};
        sweep(names[s.step], call_roster_change, fp_rstate, &s);
    }
    s.step = 0;
    sweep("sla_forecast_new (mean values)", call_forecast, NULL, &s);
    s.step = 1;
    sweep("sla_forecast_new (50 samples, EDF)", call_forecast, NULL, &s);
    sla_roster_free(s.r);
}

/* ---- the total --------------------------------------------------------------------------- */

static void test_total(void **unused)
{
    (void)unused;
    print_message("failure points covered: %lu returned SLA_ENOMEM cleanly; %lu more were "
                  "tolerated (spare-capacity reallocs: the call succeeded, result checked)\n",
                  total_points, tolerated);
    assert_true(total_points > 0);
}

int main(void)
{
    sla_calendar *probe = NULL;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_core),
        cmocka_unit_test(test_calendar),
        cmocka_unit_test(test_ics),
        cmocka_unit_test(test_sla),
        cmocka_unit_test(test_predict),
        cmocka_unit_test(test_total),
    };
    have_tz = sla_calendar_new("Europe/Oslo", NULL, &probe, NULL) == 0;
    sla_calendar_free(probe);
    return cmocka_run_group_tests_name("alloc", tests, NULL, NULL);
}
