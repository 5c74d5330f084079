/* Internal: instants and durations as text (RFC 3339 / ISO 8601, compact
 * durations). The public sla_parse_* / sla_format_* functions are thin
 * wrappers over these, which take a zone instead of a calendar.
 * SPDX-License-Identifier: MIT */
#ifndef SLA_TIMETEXT_H
#define SLA_TIMETEXT_H

#include "core/core.h"
#include "tz/tz.h"

/* Parse an instant; a local time without offset is read in `tz` (NULL:
 * refused with SLA_EPARSE). Returns 0, SLA_EINVAL, SLA_EPARSE, SLA_ERANGE;
 * diag (optional) is cleared on success and filled on failure (line 1, byte
 * column, construct "instant", "epoch", "date", "time", "fraction",
 * "offset"). */
SLA_HIDDEN int sla__parse_instant_tz(const sla_tz *tz, const char *text, int64_t *ret,
                                     sla_diag *diag);

/* RFC 3339 in `tz` with its offset, or with "Z" when tz is NULL.
 * snprintf-style; returns the length or SLA_EINVAL, SLA_ERANGE. */
SLA_HIDDEN int sla__format_instant_tz(const sla_tz *tz, int64_t t, char *buf, size_t size);

/* Duration text; constructs "duration", "number", "unit", "order",
 * "fraction", "year", "month", "time". */
SLA_HIDDEN int sla__parse_duration(const char *text, int64_t *ret, sla_diag *diag);
/* Like sla__parse_duration, and "3bd" gives 3 with unit SLA_UNIT_BUSINESS_DAYS. */
SLA_HIDDEN int sla__parse_duration_unit(const char *text, int64_t *ret, int *ret_unit,
                                        sla_diag *diag);
SLA_HIDDEN int sla__format_duration(int64_t d, char *buf, size_t size);

#endif
