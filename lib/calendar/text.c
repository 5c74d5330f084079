/* Instants as text in a calendar's zone: the public wrappers of the text
 * layer's zone-taking functions (text/timetext.c), which live here because
 * only this layer knows what a calendar is.
 * SPDX-License-Identifier: MIT */
#include "calendar/calendar.h"
#include "text/timetext.h"

SLA_EXPORT int sla_parse_instant(const sla_calendar *cal, const char *text, int64_t *ret,
                                 sla_diag *diag)
{
    return sla__parse_instant_tz(cal ? sla__calendar_tz(cal) : NULL, text, ret, diag);
}

SLA_EXPORT int sla_format_instant(const sla_calendar *cal, int64_t t, char *buf, size_t size)
{
    return sla__format_instant_tz(cal ? sla__calendar_tz(cal) : NULL, t, buf, size);
}
