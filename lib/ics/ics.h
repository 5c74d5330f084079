/* Internal: iCalendar import (parsing with libical, zones, expansion).
 * SPDX-License-Identifier: MIT */
#ifndef SLA_ICS_H
#define SLA_ICS_H

#include <libical/ical.h>

#include "core/core.h"
#include "tz/tz.h"

/* The top-level components of a file, parsed by libical from lines that
 * were unfolded and checked here (so that every error has a line number).
 * Every component carries an X-LIBSLA-LINE property with the line of its
 * BEGIN, and the properties libsla reads carry an X-LIBSLA-LINE parameter. */
typedef struct {
    icalcomponent **tops;
    size_t n, cap;
} sla__ics_doc;

/* Memory of one load: what libical holds for the parsed file stays within
 * SLA_ICS_MEMORY_FACTOR times the input's size plus SLA_ICS_MEMORY_SLACK
 * (estimated per component and property handed to it; SECURITY.md). */
#define SLA_ICS_MEMORY_FACTOR 16
#define SLA_ICS_MEMORY_SLACK ((size_t)2 << 20)

SLA_HIDDEN int sla__ics_parse(const char *data, size_t len, sla__ics_doc *doc, sla_diag *diag);
SLA_HIDDEN void sla__ics_doc_free(sla__ics_doc *doc);
SLA_HIDDEN int sla__ics_comp_line(icalcomponent *c);
SLA_HIDDEN int sla__ics_prop_line(icalproperty *p);

/* Work budget of one load (SLA_ICS_MAX_STEPS / SLA_ICS_MAX_INSTANCES). */
typedef struct {
    unsigned long steps;
    unsigned long instances;
} sla__ics_budget;

/* Time zones referenced by TZID parameters, resolved on first use:
 * an IANA name (also behind a "/vendor/..." prefix) is read from the tz
 * database; otherwise an embedded VTIMEZONE is expanded into transitions;
 * otherwise a common Windows zone name is mapped to its IANA zone. */
typedef struct sla__ics_zones sla__ics_zones;

SLA_HIDDEN int sla__ics_zones_new(const sla__ics_doc *doc, sla__ics_budget *budget, const char *tzdir,
                                  sla__ics_zones **ret);
SLA_HIDDEN void sla__ics_zones_free(sla__ics_zones *z);
/* ret is borrowed from z. line: where the TZID was used (for messages). */
SLA_HIDDEN int sla__ics_zone(sla__ics_zones *z, const char *tzid, int line, const sla_tz **ret,
                             sla_diag *diag);
/* IANA name of a Windows zone name, or NULL. */
SLA_HIDDEN const char *sla__ics_windows_zone(const char *name);

/* Local seconds of a wall-clock icaltimetype (date: its midnight). Returns
 * SLA_EPARSE when a field is out of range. */
SLA_HIDDEN int sla__ics_wall(const struct icaltimetype *t, int64_t *ret);

/* Estimated iterator steps of a recurrence rule from dtstart (wall local
 * seconds) to end_wall; refuses sub-daily rules that would run long. */
SLA_HIDDEN unsigned long sla__ics_rule_steps(const struct icalrecurrencetype *r, int64_t start_wall,
                                             int64_t end_wall);

#endif
