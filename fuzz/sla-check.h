/* Shared pieces of the SLA fuzz targets (fuzz-policy, fuzz-ticket-state,
 * fuzz-events): a fixed policy over a few calendars, and the invariants of a
 * ticket's status report that the contract guarantees (SEMANTICS 3.4 and
 * the sla.h documentation). Every check abort()s with a message naming the
 * line, so a crash input points at the violated rule.
 * SPDX-License-Identifier: MIT */
#ifndef SLA_FUZZ_CHECK_H
#define SLA_FUZZ_CHECK_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsla/sla.h>

#define SLA_CHECK(cond)                                                                            \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);               \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* 2025-03-28T12:00:00Z, a Friday two days before the European clocks
 * spring forward (the American ones changed on 2025-03-09). */
#define SLA_FUZZ_BASE ((int64_t)1743163200)

/* The calendars the fixed policy uses: business hours in Oslo with a
 * holiday and a timed closure; a long day in New York; a calendar whose
 * hours end for good in mid-2025 (deadlines past it are never reached). */
typedef struct {
    sla_calendar *business, *live, *ending;
    sla_policy *policy;
} sla_fuzz_world;

static const char sla_fuzz_policy_text[] =
    "channel whatsapp\n"
    "first_reply  email          *            15m calendar=business warn=50,75,90\n"
    "first_reply  chat,whatsapp  *            30s warn=50,90\n"
    "first_reply  *              urgent       5m\n"
    "first_reply  *              *            1h  calendar=business\n"
    "next_reply   email          *            1h  calendar=business warn=75\n"
    "next_reply   *              *            2m  calendar=live\n"
    "periodic_update *           *            4h  calendar=ending\n"
    "pausable_update *           high,urgent  2h  pause=on_hold warn=50\n"
    "resolution   *              urgent       4h  calendar=business pause=pending warn=50,75,90\n"
    "resolution   *              *            2d  calendar=business pause=pending,on_hold\n"
    "first_resolution *          *            3d  calendar=live\n"
    "requester_wait *            *            1d\n"
    "agent_work   email,chat     *            1d  calendar=business pause=new\n";

static inline int sla_fuzz_calendar(const char *zone, const char *hours, int holiday,
                                    sla_calendar **ret)
{
    sla_calendar_builder *b = NULL;
    int r = sla_calendar_builder_new(zone, &b);
    if (r == 0)
        r = sla_calendar_builder_set_hours(b, hours, NULL);
    if (r == 0 && holiday) {
        r = sla_calendar_builder_add_holiday(b, 2025, 4, 17);
        if (r == 0)
            r = sla_calendar_builder_add_holiday(b, 2025, 5, 17);
        /* closed 2025-04-01 10:00-12:00 Oslo (08:00-10:00Z) */
        if (r == 0)
            r = sla_calendar_builder_add_closure(b, 1743494400, 1743501600);
    }
    if (r == 0)
        r = sla_calendar_builder_compile(b, ret);
    sla_calendar_builder_free(b);
    return r;
}

/* Build the calendars, register them, and (when with_targets) parse the
 * fixed policy text. Aborts on failure: the fixed inputs are valid. */
static inline void sla_fuzz_world_init(sla_fuzz_world *w, int with_targets)
{
    memset(w, 0, sizeof *w);
    SLA_CHECK(sla_fuzz_calendar("Europe/Oslo", "Mo-Fr 08:00-16:00; Sa 10:00-14:00", 1,
                                &w->business) == 0);
    SLA_CHECK(sla_fuzz_calendar("America/New_York", "Mo-Su 08:00-22:00", 0, &w->live) == 0);
    SLA_CHECK(sla_fuzz_calendar("UTC", "2025 Jan 01-Jun 30 Mo-Fr 09:00-17:00", 0, &w->ending) ==
              0);
    SLA_CHECK(sla_policy_new(&w->policy) == 0);
    SLA_CHECK(sla_policy_add_calendar(w->policy, "business", w->business) == 0);
    SLA_CHECK(sla_policy_add_calendar(w->policy, "live", w->live) == 0);
    SLA_CHECK(sla_policy_add_calendar(w->policy, "ending", w->ending) == 0);
    if (with_targets)
        SLA_CHECK(sla_policy_parse(w->policy, sla_fuzz_policy_text, NULL) == 0);
}

static inline void sla_fuzz_world_free(sla_fuzz_world *w)
{
    sla_policy_free(w->policy);
    sla_calendar_free(w->business);
    sla_calendar_free(w->live);
    sla_calendar_free(w->ending);
    memset(w, 0, sizeof *w);
}

/* All fields of all metrics of a report, [metric][field]. */
typedef int64_t sla_fuzz_report[SLA_METRIC_COUNT][SLA_FIELD_CALENDAR_24_7 + 1];

static inline void sla_fuzz_read(const sla_status *st, sla_fuzz_report out)
{
    int m, f;
    for (m = 0; m < SLA_METRIC_COUNT; m++)
        for (f = 0; f <= SLA_FIELD_CALENDAR_24_7; f++)
            SLA_CHECK(sla_status_get(st, m, f, &out[m][f]) == 0);
}

/* Print one metric's report row, for the message of a failed check. */
static inline void sla_fuzz_dump(int m, int64_t now, const int64_t *f)
{
    int i;
    fprintf(stderr, "metric %s at %lld:", sla_metric_name(m), (long long)now);
    for (i = 0; i <= SLA_FIELD_CALENDAR_24_7; i++)
        fprintf(stderr, " %lld", (long long)f[i]);
    fputc('\n', stderr);
}

#define SLA_CHECK_M(cond)                                                                          \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            if (m >= 0 && m < SLA_METRIC_COUNT)                                                    \
                sla_fuzz_dump(m, now, v[m]);                                                       \
            SLA_CHECK(cond);                                                                       \
        }                                                                                          \
    } while (0)

/* Invariants of one report of a ticket at `now` (>= the last event). */
static inline void sla_fuzz_check_report(const sla_ticket *t, const sla_status *st, int64_t now,
                                  sla_fuzz_report v)
{
    int m = -1, i, nch;
    int64_t created = -1, last = -1, dummy;
    SLA_CHECK_M(sla_ticket_info(t, NULL, NULL, NULL, &created, &last) == 0);
    SLA_CHECK_M(created <= last && last <= now);
    sla_fuzz_read(st, v);
    SLA_CHECK_M(sla_status_get(st, SLA_METRIC_COUNT, 0, &dummy) == SLA_EINVAL);
    SLA_CHECK_M(sla_status_get(st, 0, SLA_FIELD_CALENDAR_24_7 + 1, &dummy) == SLA_EINVAL);
    nch = SLA_CHANNEL_MAX;
    for (m = 0; m < SLA_METRIC_COUNT; m++) {
        const int64_t *f = v[m];
        int64_t state = f[SLA_FIELD_STATE];
        SLA_CHECK_M(state >= SLA_CLOCK_INACTIVE && state <= SLA_CLOCK_BREACHED);
        SLA_CHECK_M(f[SLA_FIELD_TARGET] >= -1);
        SLA_CHECK_M(f[SLA_FIELD_CHANNEL] >= 0 && f[SLA_FIELD_CHANNEL] < nch);
        SLA_CHECK_M(f[SLA_FIELD_CALENDAR_24_7] == 0 || f[SLA_FIELD_CALENDAR_24_7] == 1);
        SLA_CHECK_M(f[SLA_FIELD_CYCLES] >= 0);
        SLA_CHECK_M(f[SLA_FIELD_BREACHED_CYCLES] >= 0 &&
                  f[SLA_FIELD_BREACHED_CYCLES] <= f[SLA_FIELD_CYCLES]);
        SLA_CHECK_M(f[SLA_FIELD_WARNINGS] >= 0 && f[SLA_FIELD_WARNINGS] <= SLA_WARN_MAX);
        SLA_CHECK_M(f[SLA_FIELD_WARNED] >= 0 && f[SLA_FIELD_WARNED] <= f[SLA_FIELD_WARNINGS]);
        if (f[SLA_FIELD_TARGET] < 0) {
            /* "0 without target" */
            SLA_CHECK_M(f[SLA_FIELD_REMAINING] == 0);
            continue;
        }
        if (state == SLA_CLOCK_INACTIVE)
            continue;
        /* Instants of the cycle: started <= fulfilled <= now. */
        SLA_CHECK_M(f[SLA_FIELD_STARTED_AT] != SLA_NO_TIME);
        SLA_CHECK_M(f[SLA_FIELD_STARTED_AT] >= created && f[SLA_FIELD_STARTED_AT] <= now);
        if (f[SLA_FIELD_FULFILLED_AT] != SLA_NO_TIME)
            SLA_CHECK_M(f[SLA_FIELD_FULFILLED_AT] >= f[SLA_FIELD_STARTED_AT] &&
                      f[SLA_FIELD_FULFILLED_AT] <= now);
        if (state == SLA_CLOCK_ACHIEVED)
            SLA_CHECK_M(f[SLA_FIELD_FULFILLED_AT] != SLA_NO_TIME);
        if (state == SLA_CLOCK_BREACHED) {
            SLA_CHECK_M(f[SLA_FIELD_BREACHED_AT] != SLA_NO_TIME && f[SLA_FIELD_BREACHED_AT] <= now);
            SLA_CHECK_M(f[SLA_FIELD_BREACHED_CYCLES] >= 1);
        } else {
            SLA_CHECK_M(f[SLA_FIELD_BREACHED_AT] == SLA_NO_TIME);
        }
        /* Business time: never negative, never more than the real time of
         * the cycle; remaining is target - elapsed. */
        SLA_CHECK_M(f[SLA_FIELD_ELAPSED] >= 0);
        SLA_CHECK_M(f[SLA_FIELD_ELAPSED_WALL] >= 0);
        SLA_CHECK_M(f[SLA_FIELD_ELAPSED] <= f[SLA_FIELD_ELAPSED_WALL]);
        SLA_CHECK_M(f[SLA_FIELD_REMAINING] == f[SLA_FIELD_TARGET] - f[SLA_FIELD_ELAPSED]);
        if (state == SLA_CLOCK_RUNNING || state == SLA_CLOCK_PAUSED) {
            /* within target: the deadline is still ahead */
            SLA_CHECK_M(f[SLA_FIELD_REMAINING] >= 0);
            SLA_CHECK_M(f[SLA_FIELD_FULFILLED_AT] == SLA_NO_TIME);
            if (f[SLA_FIELD_DEADLINE] != SLA_NO_TIME) {
                SLA_CHECK_M(f[SLA_FIELD_DEADLINE] >= now);
                SLA_CHECK_M(f[SLA_FIELD_REMAINING_WALL] == f[SLA_FIELD_DEADLINE] - now);
            } else {
                SLA_CHECK_M(f[SLA_FIELD_REMAINING_WALL] == 0);
            }
        }
        for (i = 0; i < (int)f[SLA_FIELD_WARNINGS]; i++) {
            int pct = -1;
            int64_t when = 0;
            SLA_CHECK_M(sla_status_warning(st, m, i, &pct, &when) == 0);
            SLA_CHECK_M(pct >= 1 && pct <= 99);
            SLA_CHECK_M(when == SLA_NO_TIME || when >= f[SLA_FIELD_STARTED_AT]);
        }
        SLA_CHECK_M(sla_status_warning(st, m, (int)f[SLA_FIELD_WARNINGS], &i, &dummy) ==
                  SLA_EINVAL);
    }
}

/* Report at `now`, check it; also check that a report at a later instant
 * does not change the report at `now` (queries do not change the ticket),
 * that business time never runs backwards, and that the timeline of each
 * metric is made of adjacent, ordered segments. */
static inline void sla_fuzz_check_ticket(const sla_ticket *t, sla_status *st, int64_t now,
                                  int64_t later)
{
    static sla_fuzz_report a, b, c;
    int m;
    int r;

    r = sla_ticket_status(t, now, st);
    SLA_CHECK(r == 0);
    sla_fuzz_check_report(t, st, now, a);
    if (later > now && later < (int64_t)4102444800) {
        SLA_CHECK(sla_ticket_status(t, later, st) == 0);
        sla_fuzz_check_report(t, st, later, b);
        for (m = 0; m < SLA_METRIC_COUNT; m++) {
            if (a[m][SLA_FIELD_STATE] != SLA_CLOCK_INACTIVE && a[m][SLA_FIELD_TARGET] >= 0 &&
                a[m][SLA_FIELD_TARGET] == b[m][SLA_FIELD_TARGET])
                SLA_CHECK(b[m][SLA_FIELD_ELAPSED] >= a[m][SLA_FIELD_ELAPSED]);
        }
        SLA_CHECK(sla_ticket_status(t, now, st) == 0);
        sla_fuzz_read(st, c);
        SLA_CHECK(memcmp(a, c, sizeof a) == 0);
    }
    for (m = 0; m < SLA_METRIC_COUNT; m++) {
        int64_t s[8], e[8];
        int k[8];
        size_t n = 0, i;
        r = sla_ticket_timeline(t, now, m, s, e, k, 8, &n);
        SLA_CHECK(r == 0 || r == SLA_ERANGE);
        if (r != 0)
            continue;
        for (i = 0; i < n && i < 8; i++) {
            SLA_CHECK(s[i] <= e[i] && e[i] <= now);
            SLA_CHECK(k[i] >= SLA_SEGMENT_COUNTED && k[i] <= SLA_SEGMENT_STOPPED);
            if (i > 0)
                SLA_CHECK(s[i] == e[i - 1]);
        }
    }
    {
        int64_t last = 0;
        SLA_CHECK(sla_ticket_info(t, NULL, NULL, NULL, NULL, &last) == 0);
        if (last > 0)
            SLA_CHECK(sla_ticket_status(t, last - 1, st) == SLA_EORDER);
    }
}

/* Saved bytes of a ticket in a malloc'ed buffer; *n their length. */
static inline unsigned char *sla_fuzz_save(const sla_ticket *t, size_t *n)
{
    int len = sla_ticket_save(t, NULL, 0);
    unsigned char *buf;
    SLA_CHECK(len > 0);
    buf = malloc((size_t)len);
    SLA_CHECK(buf != NULL);
    SLA_CHECK(sla_ticket_save(t, buf, (size_t)len) == len);
    *n = (size_t)len;
    return buf;
}


/* Wake-ups, crossings and rebase (1.1) of a ticket of w's policy at now
 * (>= its last event; `salt` varies the split and the instants):
 *   the next change is the first crossing after now, in time order, and
 *   crossings over (a, b] split anywhere are the crossings of (a, b];
 *   rebasing onto the same policy answers 0; onto the same text over other
 *   calendars it succeeds (or fails with a documented code, changing
 *   nothing), and then again onto that policy answers 0. */
static inline void sla_fuzz_check_wake(const sla_fuzz_world *w, const sla_ticket *t, int64_t now,
                                       unsigned salt)
{
    static sla_calendar *other_business;
    static sla_policy *other;
    int mets[40], pcts[40], mets2[80], pcts2[80], metric, kind, pct, changed, r;
    int64_t inst[40], inst2[80], x, created = 0, a, b, cut;
    size_t n, n1, n2, i;
    sla_ticket *u = NULL;
    unsigned char *s1, *s2;
    size_t l1, l2;

    SLA_CHECK(sla_ticket_next_change(t, now, &x, &metric, &kind, &pct) == 0);
    SLA_CHECK(sla_ticket_crossings(t, now, SLA_TIME_MAX - 1, mets, pcts, inst, 40, &n) == 0);
    SLA_CHECK(n <= 40);
    if (n == 0) {
        SLA_CHECK(x == SLA_NO_TIME && metric == -1 && kind == SLA_CHANGE_NONE && pct == 0);
    } else {
        SLA_CHECK(x == inst[0] && metric == mets[0] && pct == pcts[0] && x > now);
        SLA_CHECK(kind == (pct == SLA_BREACH_PERCENT ? SLA_CHANGE_BREACH : SLA_CHANGE_WARNING));
    }
    for (i = 1; i < n; i++)
        SLA_CHECK(inst[i - 1] <= inst[i]);
    SLA_CHECK(sla_ticket_info(t, NULL, NULL, NULL, &created, NULL) == 0);
    a = created > (int64_t)(salt % 5000) ? created - (int64_t)(salt % 5000) : 0;
    b = now + (int64_t)(salt % 90000) < SLA_TIME_MAX ? now + (int64_t)(salt % 90000) : now;
    cut = a + (int64_t)((uint64_t)salt * 2654435761u % (uint64_t)(b - a + 1));
    SLA_CHECK(sla_ticket_crossings(t, a, b, mets, pcts, inst, 40, &n) == 0);
    SLA_CHECK(sla_ticket_crossings(t, a, cut, mets2, pcts2, inst2, 40, &n1) == 0);
    SLA_CHECK(sla_ticket_crossings(t, cut, b, mets2 + n1, pcts2 + n1, inst2 + n1, 40, &n2) == 0);
    SLA_CHECK(n1 + n2 == n);
    for (i = 0; i < n; i++)
        SLA_CHECK(inst[i] == inst2[i] && mets[i] == mets2[i] && pcts[i] == pcts2[i]);

    /* Rebase: through the saved bytes, so t itself is not changed. */
    if (!other) {
        SLA_CHECK(sla_fuzz_calendar("Europe/Oslo", "Mo-Fr 09:00-15:00", 1, &other_business) == 0);
        SLA_CHECK(sla_policy_new(&other) == 0);
        SLA_CHECK(sla_policy_add_calendar(other, "business", other_business) == 0);
        SLA_CHECK(sla_policy_add_calendar(other, "live", w->live) == 0);
        SLA_CHECK(sla_policy_add_calendar(other, "ending", w->ending) == 0);
        SLA_CHECK(sla_policy_parse(other, sla_fuzz_policy_text, NULL) == 0);
    }
    s1 = sla_fuzz_save(t, &l1);
    r = sla_ticket_rebase_saved(w->policy, s1, l1, w->policy, now, NULL, &u, &changed);
    SLA_CHECK(r == 0 || r == SLA_ENOMEM);
    if (r == 0) {
        SLA_CHECK(changed == 0);
        sla_ticket_free(u);
    }
    u = NULL;
    changed = -1;
    r = sla_ticket_rebase_saved(w->policy, s1, l1, other, now, NULL, &u, &changed);
    SLA_CHECK(r == 0 || r == SLA_ENOMEM || r == SLA_ENEVER || r == SLA_ERANGE || r == SLA_ESTATE);
    if (r == 0) {
        SLA_CHECK(changed >= 0 && changed <= 7);
        s2 = sla_fuzz_save(u, &l2);
        SLA_CHECK(sla_ticket_rebase(u, other, now, NULL, &changed) == 0 && changed == 0);
        SLA_CHECK(sla_ticket_next_change(u, now, &x, NULL, NULL, NULL) == 0);
        sla_ticket_free(u);
        u = NULL;
        SLA_CHECK(sla_ticket_restore(other, s2, l2, &u) == 0);
        r = sla_ticket_rebase(u, w->policy, now, NULL, &changed);
        SLA_CHECK(r == 0 || r == SLA_ENOMEM || r == SLA_ENEVER || r == SLA_ERANGE ||
                  r == SLA_ESTATE);
        free(s2);
        sla_ticket_free(u);
    } else {
        SLA_CHECK(u == NULL && changed == -1);
    }
    free(s1);
}

#endif
