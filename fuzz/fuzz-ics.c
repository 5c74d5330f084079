/* Fuzz target: iCalendar import (sla_calendar_builder_add_ics and the
 * listing). Invariants: only documented error codes; a failure leaves the
 * builder exactly as it was and fills the diagnostics; a success compiles;
 * a listing is sorted with start <= end and dates in its window.
 *
 * The first input byte picks the options (bit 0 the mode, 1 and 2 the
 * category and summary filters, 3-6 the first year of a 3-year window
 * 1970 + 14k; the window applies unless bits 7 and 3 are both clear: then
 * the default window 1970-2199 applies, and an endless daily rule expands
 * through 230 years, 84,000 instances; a quarter of the inputs take that
 * path, so the rest run at the speed of parsing),
 * and the rest is the iCalendar text. An input that starts with "BEGIN:" is
 * a whole iCalendar file, read as it is (so real files serve as seeds
 * without a prefix byte: `./dev fuzz` passes ../shared/data to libFuzzer);
 * its options byte is a hash of the input, so every mutation of the file
 * reads it with other options.
 *
 * Inputs are bounded at 8 KiB (fuzz-options below): the per-input cost is
 * libical's parse and recurrence expansion (through ICU), which grows with
 * the text, and 8 KiB holds every construct of the seeds and a few dozen
 * events of a real feed (longer seeds are cut there when libFuzzer loads
 * them).
 * fuzz-options: -max_len=8192
 * SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "calendar/calendar.h"
#include "libsla/sla.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int cond)
{
    if (!cond)
        abort();
}

static int allowed(int r)
{
    return r == 0 || r == SLA_EPARSE || r == SLA_ENOZONE || r == SLA_ELIMIT ||
           r == SLA_ENOMEM || r == SLA_ERANGE;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sla_calendar_builder *b = NULL;
    sla_ics_options *o = NULL;
    sla_ics_list *l = NULL;
    sla_diag *d = NULL;
    sla__builder_mark m0, m1;
    unsigned flags = size ? data[0] : 0;
    const char *text = size ? (const char *)data + 1 : "";
    size_t len = size ? size - 1 : 0;
    int r, y0;

    if (size >= 6 && memcmp(data, "BEGIN:", 6) == 0) { /* a whole file */
        uint32_t h = 2166136261u;
        size_t i;
        for (i = 0; i < size; i++)
            h = (h ^ data[i]) * 16777619u;
        flags = (h ^ (h >> 8) ^ (h >> 16) ^ (h >> 24)) & 0xff;
        text = (const char *)data;
        len = size;
    }

    if (sla_diag_new(&d) < 0 || sla_ics_options_new(&o) < 0)
        abort();
    check(sla_ics_options_set_mode(o, flags & 1) == 0);
    if (flags & 2)
        check(sla_ics_options_keep_category(o, "Holidays") == 0);
    if (flags & 4)
        check(sla_ics_options_drop_summary(o, "(") == 0);
    y0 = 1970 + (int)((flags >> 3) & 15) * 14;
    if (flags & 0x88)
        check(sla_ics_options_set_window(o, y0, y0 + 2) == 0);

    check(sla_calendar_builder_new((flags & 0x40) ? "Europe/Oslo" : "America/Sao_Paulo", &b) == 0);
    check(sla_calendar_builder_set_hours(b, "Mo-Fr 08:00-16:00", NULL) == 0);
    m0 = sla__builder_mark_get(b);
    r = sla_calendar_builder_add_ics(b, text, len, o, d);
    check(allowed(r));
    m1 = sla__builder_mark_get(b);
    if (r < 0) {
        check(m0.holidays == m1.holidays && m0.closures == m1.closures &&
              m0.openings == m1.openings);
        check(sla_diag_code(d) == r && sla_diag_message(d)[0] != '\0');
    } else {
        sla_calendar *c = NULL;
        int rc = sla_calendar_builder_compile(b, &c);
        check(rc == 0 || rc == SLA_ELIMIT || rc == SLA_ENOMEM);
        sla_calendar_free(c);
    }

    r = sla_ics_list_new(text, len, "Europe/Oslo", o, &l, d);
    check(allowed(r));
    if (r == 0) {
        size_t i, n = sla_ics_list_count(l);
        int64_t prev = INT64_MIN;
        for (i = 0; i < n; i++) {
            int64_t s, e;
            int32_t a, z;
            check(sla_ics_list_span(l, i, &s, &e) == 0);
            check(sla_ics_list_dates(l, i, &a, &z) == 0);
            check(s <= e && s >= prev && a <= z);
            check(sla_ics_list_summary(l, i) != NULL);
            if (flags & 0x88)
                check(a / 10000 >= y0 && a / 10000 <= y0 + 2);
            prev = s;
        }
        check(sla_ics_list_summary(l, n) == NULL);
    } else {
        check(l == NULL);
    }
    sla_ics_list_free(l);
    sla_calendar_builder_free(b);
    sla_ics_options_free(o);
    sla_diag_free(d);
    return 0;
}
