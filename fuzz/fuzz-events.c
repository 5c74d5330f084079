/* Fuzz target: ticket clocks driven by event sequences, and the event-log
 * reader of sla-watch.
 *
 * Two modes, chosen by the first byte:
 *  - >= 0x80: binary events against a fixed policy (sla-check.h). Bytes
 *    1-3 create the ticket (channel, priority, creation time); then every 3
 *    bytes are one event: kind, time step, argument. Kinds and arguments
 *    include invalid values, and some steps go back in time.
 *  - < 0x80: the whole input is an sla-watch event log (CSV rows
 *    ticket,time,event,channel,priority, or other headers: the reader's
 *    aliases), read with examples/sla-watch/rows.c (linked from the
 *    sla-watch-rows library); leading lines "#column NAME=HEADER" are passed
 *    to watch_log_map() first, as sla-watch's --column options.
 *
 * Inputs are bounded at 4 KiB (fuzz-options below): 160 binary events take
 * 484 bytes, and 4 KiB of CSV holds a hundred rows; longer seeds (the real
 * logs `./dev fuzz` adds from ../shared/data) are cut there when libFuzzer
 * loads them. Most of the time of an input goes to the checks after every
 * accepted event (sla_ticket_timeline walks the whole cycle), which is the
 * point of the target.
 * fuzz-options: -max_len=4096
 *
 * Invariants (SEMANTICS 3 and sla.h):
 *   only documented error codes; an event older than the last one, or after
 *   `closed`, is refused; a refused event changes nothing (saved bytes and
 *   ticket info identical before and after); an accepted event becomes the
 *   last event and sets the status, priority or channel it names;
 *   a status report at any instant >= the last event succeeds and satisfies
 *   the report invariants of sla-check.h (elapsed >= 0, remaining = target -
 *   elapsed, a running or paused clock's deadline >= now, ...); reports do
 *   not depend on the order of queries; save and restore give a ticket that
 *   reports and saves identically.
 * SPDX-License-Identifier: MIT */
#include "sla-check.h"

#include "rows.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sla_fuzz_world world;
static int world_ready;

/* Time step of an event: seconds, minutes, hours, days, or backwards. */
static int64_t step_of(uint8_t b)
{
    if (b < 100)
        return b;
    if (b < 160)
        return (int64_t)(b - 100) * 60;
    if (b < 220)
        return (int64_t)(b - 160) * 3600;
    if (b < 250)
        return (int64_t)(b - 220) * 86400;
    return -(int64_t)(b - 249) * 30;
}

static void roundtrip(const sla_ticket *t, sla_status *st, int64_t now)
{
    static sla_fuzz_report a, b;
    sla_ticket *u = NULL;
    unsigned char *s1, *s2;
    size_t n1, n2;

    s1 = sla_fuzz_save(t, &n1);
    SLA_CHECK(sla_ticket_restore(world.policy, s1, n1, &u) == 0);
    s2 = sla_fuzz_save(u, &n2);
    SLA_CHECK(n1 == n2 && memcmp(s1, s2, n1) == 0);
    SLA_CHECK(sla_ticket_status(t, now, st) == 0);
    sla_fuzz_read(st, a);
    SLA_CHECK(sla_ticket_status(u, now, st) == 0);
    sla_fuzz_read(st, b);
    SLA_CHECK(memcmp(a, b, sizeof a) == 0);
    free(s1);
    free(s2);
    sla_ticket_free(u);
}

static void binary_events(const uint8_t *data, size_t size)
{
    sla_ticket *t = NULL;
    sla_status *st = NULL;
    int channel, priority, r, nch = sla_policy_channel_count(world.policy);
    int64_t created, last;
    unsigned char *before = NULL;
    size_t i, nb = 0;

    if (size < 4)
        return;
    channel = data[1] % 8 == 7 ? 99 : data[1] % 8;
    priority = data[2] % 5 == 4 ? 7 : data[2] % 5;
    created = SLA_FUZZ_BASE + (int64_t)data[3] * 37 * 60;
    r = sla_ticket_new(world.policy, created, channel, priority, &t);
    if (channel >= nch || priority > SLA_PRIORITY_URGENT) {
        SLA_CHECK(r == SLA_EINVAL && t == NULL);
        return;
    }
    SLA_CHECK(r == 0);
    SLA_CHECK(sla_status_new(&st) == 0);
    last = created;
    sla_fuzz_check_ticket(t, st, created, created + 3600);

    for (i = 4; i + 3 <= size && i < 4 + 3 * 160; i += 3) {
        int kind = data[i] % 8, arg = data[i + 2] % 10 - 1;
        int64_t when = last + step_of(data[i + 1]);
        int status0, prio0, chan0, status1, prio1, chan1;
        int64_t created1, last1;
        unsigned char *after;
        size_t na;

        SLA_CHECK(sla_ticket_info(t, &status0, &prio0, &chan0, NULL, NULL) == 0);
        /* The saved bytes before this event: those after the previous one
         * when it was refused (equal, as checked below), else saved now. */
        if (!before)
            before = sla_fuzz_save(t, &nb);
        r = sla_ticket_apply(t, when, kind, arg);
        SLA_CHECK(r == 0 || r == SLA_EINVAL || r == SLA_ERANGE || r == SLA_EORDER ||
                  r == SLA_ECLOSED || r == SLA_ELIMIT || r == SLA_ENOMEM || r == SLA_ENEVER);
        if (when < last || status0 == SLA_TICKET_CLOSED)
            SLA_CHECK(r < 0);
        if (kind < SLA_EVENT_CUSTOMER || kind > SLA_EVENT_CHANNEL)
            SLA_CHECK(r < 0);
        SLA_CHECK(sla_ticket_info(t, &status1, &prio1, &chan1, &created1, &last1) == 0);
        SLA_CHECK(created1 == created);
        if (r < 0) {
            after = sla_fuzz_save(t, &na);
            SLA_CHECK(na == nb && memcmp(before, after, nb) == 0);
            SLA_CHECK(status1 == status0 && prio1 == prio0 && chan1 == chan0 && last1 == last);
            free(after);
        } else {
            free(before);
            before = NULL;
            SLA_CHECK(last1 == when);
            last = when;
            if (kind == SLA_EVENT_STATUS)
                SLA_CHECK(status1 == arg);
            else if (kind == SLA_EVENT_PRIORITY)
                SLA_CHECK(prio1 == arg);
            else if (kind == SLA_EVENT_CHANNEL)
                SLA_CHECK(chan1 == arg);
            else if (kind == SLA_EVENT_NOTE)
                SLA_CHECK(status1 == status0 && prio1 == prio0 && chan1 == chan0);
            sla_fuzz_check_ticket(t, st, when, when + step_of(data[i + 1]) + 3600);
        }
    }
    free(before);
    sla_fuzz_check_ticket(t, st, last, last + 7 * 86400);
    roundtrip(t, st, last + 600);
    sla_fuzz_check_wake(&world, t, last, (unsigned)size * 2654435761u);
    sla_fuzz_check_wake(&world, t, last + 3600, (unsigned)size);
    sla_ticket_free(t);
    sla_status_free(st);
}

static void event_log(const uint8_t *data, size_t size)
{
    watch_log log;
    sla_status *st = NULL;
    char *text, *specs;
    size_t i;
    int r;

    if (size > 16384)
        return;
    text = malloc(size + 1);
    specs = malloc(size + 1);
    SLA_CHECK(text != NULL && specs != NULL);
    memcpy(text, data, size);
    text[size] = '\0';
    memcpy(specs, text, size + 1);
    SLA_CHECK(watch_log_init(&log, world.policy, world.business) == 0);
    /* Leading lines "#column NAME=HEADER" are sla-watch's --column options
     * (the reader skips them as comments): a refused one is a usage error
     * with a message, and nothing is read. */
    {
        char *line = specs;
        while (strncmp(line, "#column ", 8) == 0) {
            char *nl = strchr(line, '\n');
            if (nl)
                *nl = '\0';
            if (watch_log_map(&log, line + 8) < 0) {
                SLA_CHECK(log.err[0] != '\0');
                watch_log_free(&log);
                free(specs);
                free(text);
                return;
            }
            if (!nl)
                break;
            line = nl + 1;
        }
    }
    r = watch_log_text(&log, text, size);
    SLA_CHECK(r == 0 || r == -1);
    if (r < 0)
        SLA_CHECK(log.err[0] != '\0');
    SLA_CHECK(sla_status_new(&st) == 0);
    for (i = 0; i < log.cap; i++) {
        int64_t last = -1;
        if (!log.v[i].id)
            continue;
        SLA_CHECK(log.v[i].t != NULL);
        SLA_CHECK(watch_log_find(&log, log.v[i].id) == &log.v[i]);
        SLA_CHECK(sla_ticket_info(log.v[i].t, NULL, NULL, NULL, NULL, &last) == 0);
        SLA_CHECK(log.last_event != SLA_NO_TIME && last <= log.last_event);
        /* far-future logs: leave room for the later query */
        if (log.last_event < (int64_t)4102444800 - 8 * 86400)
            sla_fuzz_check_ticket(log.v[i].t, st, log.last_event, log.last_event + 86400);
    }
    sla_status_free(st);
    watch_log_free(&log);
    free(specs);
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!world_ready) {
        sla_fuzz_world_init(&world, 1);
        world_ready = 1;
    }
    if (size == 0)
        return 0;
    if (data[0] >= 0x80)
        binary_events(data, size);
    else
        event_log(data, size);
    return 0;
}
