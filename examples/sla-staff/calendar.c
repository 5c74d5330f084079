/*
 * sla-staff: the business calendar and the reference week
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) The libsla authors
 */
#include "staff.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int build_calendar(const struct options *o, sla_calendar **ret)
{
    sla_calendar_builder *b = NULL;
    sla_diag *diag = NULL;
    int r = sla_calendar_builder_new(o->tz, &b);
    if (r != 0) {
        fprintf(stderr, "%s: --tz '%s': %s\n", tool_prog, o->tz, sla_strerror(r));
        return EXIT_USAGE;
    }
    if (sla_diag_new(&diag) != 0) {
        fprintf(stderr, "%s: out of memory\n", tool_prog);
        sla_calendar_builder_free(b);
        return EXIT_FAIL;
    }
    r = sla_calendar_builder_set_hours(b, o->hours, diag);
    if (r != 0) {
        fprintf(stderr, "%s: --hours '%s': column %d: %s\n", tool_prog, o->hours,
                sla_diag_column(diag),
                sla_diag_message(diag)[0] ? sla_diag_message(diag) : sla_strerror(r));
        sla_diag_free(diag);
        sla_calendar_builder_free(b);
        return EXIT_USAGE;
    }
    sla_diag_free(diag);
    for (size_t i = 0; i < o->n_holidays; i++) {
        int y, m, d;
        civil_parse_date(o->holidays[i], &y, &m, &d, NULL, 0);
        r = sla_calendar_builder_add_holiday(b, y, m, d);
        if (r != 0) {
            fprintf(stderr, "%s: --holiday %s: %s\n", tool_prog, o->holidays[i], sla_strerror(r));
            sla_calendar_builder_free(b);
            return EXIT_USAGE;
        }
    }
    r = sla_calendar_builder_compile(b, ret);
    sla_calendar_builder_free(b);
    if (r != 0) {
        fprintf(stderr, "%s: calendar: %s\n", tool_prog, sla_strerror(r));
        return EXIT_FAIL;
    }
    return 0;
}

/* Monday 00:00 local of the week holding local day @p day, moved on by
 * whole weeks (at most a year) while the week has a DST change. */
int reference_week(const sla_calendar *cal, int64_t day, int64_t *ret_start, int64_t *ret_monday)
{
    int64_t monday = day - civil_weekday(day);
    for (int k = 0; k < 53; k++, monday += 7) {
        int y, m, d, y2, m2, d2;
        int64_t a, b;
        civil_date(monday, &y, &m, &d);
        civil_date(monday + 7, &y2, &m2, &d2);
        int r = sla_calendar_local_time(cal, y, m, d, 0, 0, 0, &a);
        if (r == 0)
            r = sla_calendar_local_time(cal, y2, m2, d2, 0, 0, 0, &b);
        if (r != 0)
            return r;
        if (b - a == 7 * 86400) {
            *ret_start = a;
            *ret_monday = monday;
            return 0;
        }
    }
    return SLA_ERANGE;
}
