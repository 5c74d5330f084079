/* Fuzz target: SLA policy text (sla_policy_parse) on arbitrary bytes, with
 * three calendars registered ("business", "live", "ending").
 *
 * Invariants:
 *   only documented error codes; a refused text sets a message in the
 *   diagnostics and leaves the policy's target and channel counts as they
 *   were (all or nothing);
 *   accepted text adds targets whose lookups give -1 or a duration >= 0;
 *   parsing the same text again adds the same number of targets (or hits
 *   the target limit, refused as a whole);
 *   a ticket made from the policy, driven by a few events taken from the
 *   input, gives status reports that satisfy the report invariants of
 *   sla-check.h.
 * SPDX-License-Identifier: MIT */
#include "sla-check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The calendars, built once; a fresh policy per input. */
static sla_fuzz_world cals;
static int cals_ready;

static void drive_ticket(const sla_policy *pol, const uint8_t *data, size_t size)
{
    sla_ticket *t = NULL;
    sla_status *st = NULL;
    uint32_t h = 2166136261u;
    int nch = sla_policy_channel_count(pol), r, i;
    int64_t now = SLA_FUZZ_BASE;
    size_t k;

    for (k = 0; k < size; k++)
        h = (h ^ data[k]) * 16777619u;
    SLA_CHECK(nch >= SLA_CHANNEL_USER && nch <= SLA_CHANNEL_MAX);
    SLA_CHECK(sla_status_new(&st) == 0);
    r = sla_ticket_new(pol, now, (int)(h % (uint32_t)nch), (int)((h >> 8) % 4), &t);
    SLA_CHECK(r == 0 || r == SLA_ENOMEM || r == SLA_ENEVER);
    if (r == 0) {
        sla_fuzz_check_ticket(t, st, now, now + 86400);
        /* up to 8 events from the last bytes of the input */
        for (i = 0; i < 8 && (size_t)i < size; i++) {
            uint8_t b = data[size - 1 - (size_t)i];
            int kind = 1 + b % 6, arg = (b >> 3) % 6;
            if (kind == SLA_EVENT_CUSTOMER || kind == SLA_EVENT_CHANNEL)
                arg = (int)((h >> (i + 3)) % (uint32_t)nch);
            if (kind == SLA_EVENT_PRIORITY)
                arg %= 4;
            now += (int64_t)(b >> 4) * 1800 + 7;
            r = sla_ticket_apply(t, now, kind, arg);
            SLA_CHECK(r == 0 || r == SLA_ECLOSED || r == SLA_ENEVER || r == SLA_ENOMEM ||
                      r == SLA_ERANGE);
            sla_fuzz_check_ticket(t, st, now, now + 3 * 86400);
        }
    }
    sla_ticket_free(t);
    sla_status_free(st);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sla_fuzz_world w;
    sla_diag *d = NULL;
    char *text;
    size_t n0, n1, n2;
    int c0, c1, r, m, ch, pr;

    if (size > 8192)
        return 0;
    text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    if (!cals_ready) {
        sla_fuzz_world_init(&cals, 0);
        cals_ready = 1;
    }
    w = cals;
    SLA_CHECK(sla_policy_new(&w.policy) == 0);
    SLA_CHECK(sla_policy_add_calendar(w.policy, "business", w.business) == 0);
    SLA_CHECK(sla_policy_add_calendar(w.policy, "live", w.live) == 0);
    SLA_CHECK(sla_policy_add_calendar(w.policy, "ending", w.ending) == 0);
    SLA_CHECK(sla_diag_new(&d) == 0);

    n0 = sla_policy_target_count(w.policy);
    c0 = sla_policy_channel_count(w.policy);
    r = sla_policy_parse(w.policy, text, d);
    SLA_CHECK(r == 0 || r == SLA_EPARSE || r == SLA_ELIMIT || r == SLA_ENOMEM);
    n1 = sla_policy_target_count(w.policy);
    c1 = sla_policy_channel_count(w.policy);
    if (r < 0) {
        SLA_CHECK(n1 == n0 && c1 == c0);
        SLA_CHECK(sla_diag_code(d) == r);
        SLA_CHECK(sla_diag_message(d) != NULL && sla_diag_message(d)[0] != '\0');
        SLA_CHECK(sla_diag_line(d) >= 1);
    } else {
        SLA_CHECK(n1 >= n0 && c1 >= c0);
        for (m = 0; m < SLA_METRIC_COUNT; m++)
            for (ch = 0; ch < c1; ch++)
                for (pr = 0; pr < 4; pr++) {
                    int64_t tg = -2;
                    const sla_calendar *cal = NULL;
                    SLA_CHECK(sla_policy_lookup(w.policy, m, ch, pr, &tg, &cal) == 0);
                    SLA_CHECK(tg >= -1);
                    if (tg == -1)
                        SLA_CHECK(cal == NULL);
                    else
                        SLA_CHECK(cal == NULL || cal == w.business || cal == w.live ||
                                  cal == w.ending);
                }
        for (ch = 0; ch < c1; ch++)
            SLA_CHECK(sla_policy_channel_name(w.policy, ch) != NULL);
        SLA_CHECK(sla_policy_channel_name(w.policy, c1) == NULL);
        drive_ticket(w.policy, data, size);
        /* the same text again: the same targets once more, or refused whole */
        r = sla_policy_parse(w.policy, text, d);
        SLA_CHECK(r == 0 || r == SLA_ELIMIT || r == SLA_ENOMEM);
        n2 = sla_policy_target_count(w.policy);
        SLA_CHECK(sla_policy_channel_count(w.policy) == c1);
        if (r == 0)
            SLA_CHECK(n2 - n1 == n1 - n0);
        else
            SLA_CHECK(n2 == n1);
    }
    sla_diag_free(d);
    sla_policy_free(w.policy);
    free(text);
    return 0;
}
