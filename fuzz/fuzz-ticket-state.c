/* Fuzz target: saved ticket state (sla_ticket_restore) on arbitrary bytes
 * against a fixed policy.
 *
 * Each input is tried twice: as it is, and with its last four bytes
 * replaced by the correct checksum (the FNV-1a of the saved-state format),
 * so that the fuzzer also reaches the decoder behind the checksum.
 *
 * Invariants:
 *   only documented error codes;
 *   an accepted state saves to bytes that restore again, and those save to
 *   identical bytes (save . restore is a fixed point after one round);
 *   the two restored tickets report identically at the same instants, take
 *   the same event with the same result, and still save identically.
 * SPDX-License-Identifier: MIT */
#include "sla-check.h"
#include "clock/clock.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sla_fuzz_world world;
static int world_ready;

static void same_bytes(const sla_ticket *a, const sla_ticket *b)
{
    size_t na, nb;
    unsigned char *sa = sla_fuzz_save(a, &na), *sb = sla_fuzz_save(b, &nb);
    SLA_CHECK(na == nb && memcmp(sa, sb, na) == 0);
    free(sa);
    free(sb);
}

static void same_report(const sla_ticket *a, const sla_ticket *b, sla_status *st, int64_t now)
{
    static sla_fuzz_report ra, rb;
    int r1 = sla_ticket_status(a, now, st);
    if (r1 == 0)
        sla_fuzz_read(st, ra);
    SLA_CHECK(sla_ticket_status(b, now, st) == r1);
    if (r1 == 0) {
        sla_fuzz_read(st, rb);
        SLA_CHECK(memcmp(ra, rb, sizeof ra) == 0);
    }
}

static void try_state(const uint8_t *data, size_t size, uint8_t ev)
{
    sla_ticket *t1 = NULL, *t2 = NULL;
    sla_status *st = NULL;
    unsigned char *s1;
    size_t n1;
    int64_t last = 0, now;
    int r, r2, kind, arg;

    r = sla_ticket_restore(world.policy, data, size, &t1);
    SLA_CHECK(r == 0 || r == SLA_EVERSION || r == SLA_EPARSE || r == SLA_ESTATE ||
              r == SLA_ENOMEM);
    if (r != 0) {
        SLA_CHECK(t1 == NULL);
        return;
    }
    s1 = sla_fuzz_save(t1, &n1);
    SLA_CHECK(sla_ticket_restore(world.policy, s1, n1, &t2) == 0);
    same_bytes(t1, t2);
    SLA_CHECK(sla_status_new(&st) == 0);
    SLA_CHECK(sla_ticket_info(t1, NULL, NULL, NULL, NULL, &last) == 0);
    SLA_CHECK(last >= 0 && last < SLA_TIME_MAX);
    /* a report at the last event must be available */
    r = sla_ticket_status(t1, last, st);
    SLA_CHECK(r == 0);
    same_report(t1, t2, st, last);
    now = last <= SLA_TIME_MAX - 1 - 7200 ? last + 7200 : SLA_TIME_MAX - 1;
    same_report(t1, t2, st, now);
    SLA_CHECK(sla_ticket_status(t1, now, st) == 0);

    /* one event, the same on both */
    kind = 1 + ev % 6;
    arg = (ev >> 3) % 4;
    r = sla_ticket_apply(t1, now, kind, arg);
    r2 = sla_ticket_apply(t2, now, kind, arg);
    SLA_CHECK(r == r2);
    SLA_CHECK(r == 0 || r == SLA_ECLOSED || r == SLA_ENEVER || r == SLA_ERANGE ||
              r == SLA_ELIMIT || r == SLA_ENOMEM);
    same_bytes(t1, t2);
    same_report(t1, t2, st, now);
    if (r < 0) {
        /* a refused event changes nothing */
        size_t n3;
        unsigned char *s3 = sla_fuzz_save(t1, &n3);
        SLA_CHECK(n3 == n1 && memcmp(s1, s3, n1) == 0);
        free(s3);
    }
    free(s1);
    sla_status_free(st);
    sla_ticket_free(t1);
    sla_ticket_free(t2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *copy;
    uint8_t ev = size ? data[size / 2] : 0;

    if (size > 65536)
        return 0;
    if (!world_ready) {
        sla_fuzz_world_init(&world, 1);
        world_ready = 1;
    }
    /* exact-size copies, so that reads past the end are caught */
    copy = malloc(size ? size : 1);
    SLA_CHECK(copy != NULL);
    memcpy(copy, data, size);
    try_state(copy, size, ev);
    if (size >= 16) {
        uint32_t sum = sla__ticket_checksum(copy, size - 4);
        copy[size - 4] = (uint8_t)sum;
        copy[size - 3] = (uint8_t)(sum >> 8);
        copy[size - 2] = (uint8_t)(sum >> 16);
        copy[size - 1] = (uint8_t)(sum >> 24);
        try_state(copy, size, ev);
    }
    free(copy);
    return 0;
}
