/*
 * Calendars from the command line, with one vocabulary for every tool: the
 * zone (--tz, --tzdir), opening hours, holiday dates, iCalendar holiday feeds
 * (--holidays FILE) and their filters (--ics-keep[-category],
 * --ics-drop[-category]), and one wording of each error.
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) The libsla authors
 */
#ifndef SLA_TOOL_CAL_H
#define SLA_TOOL_CAL_H

#include <stddef.h>

#include <libsla/sla.h>

/** The iCalendar filters of a command line (borrowed strings). */
typedef struct {
    const char *const *values;
    const char *kinds; /**< per value: 'k' keep category, 'c' drop category, 's' keep, 'S' drop */
    size_t n;
} tool_ics_filters;

/** The kind letter of a filter option name without dashes ("ics-keep-category" -> 'k'). */
char tool_ics_filter_kind(const char *name);

/** The supported range, as every tool words it. */
#define TOOL_RANGE_TEXT "1970-01-01 to 2199-12-31 UTC"

/** sla_strerror(), with the tools' wording of the range error. */
const char *tool_strerror(int code);

/**
 * A builder for @p zone (from @p tzdir when not NULL). On failure prints
 * the reason ("unknown time zone ...", "--tzdir '...': no such directory",
 * "'right/...' zones count leap seconds ...") after @p what, and returns the
 * library's error code.
 */
int tool_builder_new(const char *what, const char *zone, const char *tzdir,
                     sla_calendar_builder **ret);

/** As tool_builder_new(), for a roster's zone. */
int tool_zone_check(const char *what, const char *zone, const char *tzdir, int code);

/** Opening hours; on failure prints the message with a caret under the column. */
int tool_set_hours(sla_calendar_builder *b, const char *what, const char *hours, sla_diag *diag);

/** A holiday YYYY-MM-DD; on failure prints why ("2025-02 has no day 30"). */
int tool_add_holiday(sla_calendar_builder *b, const char *what, const char *date);

/** An iCalendar holiday feed with the filters; on failure prints the reason. */
int tool_add_holidays_file(sla_calendar_builder *b, const char *what, const char *path,
                           const tool_ics_filters *filters, sla_diag *diag);

/** Print "PROG: WHAT: message" and, for one-line text, a caret under @p diag's column. */
void tool_report_diag(const char *what, const char *text, const sla_diag *diag, int code);

#endif
