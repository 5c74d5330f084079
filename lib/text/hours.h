/* Internal: opening-hours text (the OpenStreetMap opening_hours subset of
 * SEMANTICS 2.1), parsed into rules and evaluated per local date.
 * SPDX-License-Identifier: MIT */
#ifndef SLA_HOURS_H
#define SLA_HOURS_H

#include "core/core.h"

typedef struct sla_hours sla_hours; /* immutable after parse */

/* A local span of one date, in seconds from that date's local midnight.
 * 0 <= start < end <= 48 * 3600; end > 86400 for a span that runs into the
 * next day (an overnight span belongs to the day it starts). */
typedef struct {
    int32_t start;
    int32_t end;
} sla__span;

/* The most spans one date can have after merging; more is SLA_ELIMIT at parse. */
#define SLA__MAX_DAY_SPANS 48

/* Parse `text`. Errors: SLA_EPARSE with diag (line 1, 1-based column, the
 * construct: e.g. "sunrise", "week number", "SH", "easter", "fallback rule",
 * "unknown", "comment", "open end", "time", "weekday", "month", ...);
 * SLA_ELIMIT (too many rules/spans); SLA_ENOMEM. */
SLA_HIDDEN int sla__hours_parse(const char *text, sla_hours **ret, sla_diag *diag);
SLA_HIDDEN void sla__hours_free(sla_hours *h);
SLA_HIDDEN sla_hours *sla__hours_copy(const sla_hours *h); /* NULL on ENOMEM */

/* The spans of local date `day` (days since 1970-01-01), sorted, merged
 * (touching/overlapping spans joined), at most SLA__MAX_DAY_SPANS.
 * `holiday`: the date is in the holiday set; then only rules that select PH
 * apply (none: closed). Writes *n. Never fails. */
SLA_HIDDEN void sla__hours_day(const sla_hours *h, int64_t day, bool holiday, sla__span *out,
                               size_t *n);

/* The smallest local day > `day` at which the set of rules whose date
 * selectors (years, months, month days) match may change, ignoring weekday
 * and PH selectors; INT64_MAX when none ever does. Between change days the
 * schedule of a date depends only on its weekday and holiday flag. */
SLA_HIDDEN int64_t sla__hours_next_change(const sla_hours *h, int64_t day);

/* True when some rule selects PH. */
SLA_HIDDEN bool sla__hours_uses_ph(const sla_hours *h);

#endif
