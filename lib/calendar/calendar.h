/* Internal: the compiled calendar and its builder.
 * SPDX-License-Identifier: MIT */
#ifndef SLA_CALENDAR_H
#define SLA_CALENDAR_H

#include "core/core.h"
#include "tz/tz.h"

/* The zone of a calendar / builder (never NULL for a valid object). */
SLA_HIDDEN const sla_tz *sla__calendar_tz(const sla_calendar *cal);
SLA_HIDDEN const sla_tz *sla__builder_tz(const sla_calendar_builder *b);
/* The tz directory the builder reads zones from (NULL: the default). */
SLA_HIDDEN const char *sla__builder_tzdir(const sla_calendar_builder *b);

/* Business-time position of instant t (in range): open seconds from the
 * calendar's timeline start to t, so diff(a, b) = pos(b) - pos(a). `*hint`
 * is an era index to try first (with the next few): pass the era of a
 * reference instant (it is not changed), e.g. from sla__calendar_era(). */
SLA_HIDDEN size_t sla__calendar_era(const sla_calendar *cal, int64_t t);
SLA_HIDDEN int64_t sla__calendar_position(const sla_calendar *cal, int64_t t, const size_t *hint);

/* Checkpoint and rollback of what was added to a builder (holidays, closures,
 * openings are append-only until compile), so a loader that adds many items
 * can undo them all when one fails: nothing half-loaded. */
typedef struct {
    size_t holidays;
    size_t closures;
    size_t openings;
} sla__builder_mark;

SLA_HIDDEN sla__builder_mark sla__builder_mark_get(const sla_calendar_builder *b);
SLA_HIDDEN void sla__builder_rollback(sla_calendar_builder *b, sla__builder_mark m);

/* Reserve room for `n` more holidays, closures and openings each, so that
 * the next n additions of each kind cannot fail for lack of memory. */
SLA_HIDDEN int sla__builder_reserve(sla_calendar_builder *b, size_t holidays, size_t closures,
                                    size_t openings);

#endif
