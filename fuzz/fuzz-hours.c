/* Fuzz target: the opening-hours parser through the public builder call
 * (sla_calendar_builder_set_hours). Invariants: only documented error
 * codes; a refused text names a position and leaves the builder's hours as
 * they were; accepted hours compile, and basic arithmetic holds
 * (add(t, 0) = t, diff(t, add(t, d)) = d).
 * SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "libsla/sla.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int cond)
{
    if (!cond)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sla_calendar_builder *b = NULL;
    sla_calendar *c = NULL;
    sla_diag *d = NULL;
    char *text;
    int r;

    if (size > 4096)
        return 0;
    text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    if (sla_diag_new(&d) < 0)
        abort();
    check(sla_calendar_builder_new("Europe/Oslo", &b) == 0);
    check(sla_calendar_builder_add_holiday(b, 2025, 5, 17) == 0);
    r = sla_calendar_builder_set_hours(b, text, d);
    check(r == 0 || r == SLA_EPARSE || r == SLA_ELIMIT || r == SLA_ENOMEM);
    if (r == SLA_EPARSE)
        check(sla_diag_message(d)[0] != '\0' && sla_diag_column(d) >= 0);
    r = sla_calendar_builder_compile(b, &c);
    check(r == 0 || r == SLA_ELIMIT || r == SLA_ENOMEM);
    if (r == 0) {
        /* 2025-05-16T10:00:00Z, a Friday before a holiday */
        const int64_t t = 1747389600;
        int64_t u = -1, v = -1;
        int open = -1;
        check(sla_calendar_is_open(c, t, &open) == 0 && (open == 0 || open == 1));
        check(sla_calendar_add(c, t, 0, &u) == 0 && u == t);
        r = sla_calendar_add(c, t, 5400, &u);
        check(r == 0 || r == SLA_ENEVER);
        if (r == 0) {
            check(u >= t + 5400 || u >= t);
            check(sla_calendar_diff(c, t, u, &v) == 0 && v == 5400);
        }
    }
    sla_calendar_free(c);
    sla_calendar_builder_free(b);
    sla_diag_free(d);
    free(text);
    return 0;
}
