/* Internal: iCalendar import (parsing with libical, zones, expansion).
 * SPDX-License-Identifier: MIT */
#ifndef SLA_ICS_H
#define SLA_ICS_H

#include <libical/ical.h>

#include "core/core.h"
#include "tz/tz.h"

/* A unit of a file: a VEVENT, VTIMEZONE or VAVAILABILITY (with what is in
 * it) at the top or in a VCALENDAR, which libical parses on its own. */
enum { SLA__ICS_VEVENT, SLA__ICS_VTIMEZONE, SLA__ICS_VAVAILABILITY };

typedef struct {
    size_t off0, off1; /* its text: from its BEGIN line to after its END line */
    int line;          /* of its BEGIN */
    unsigned char kind;
    bool has_rid; /* it (or an AVAILABLE in it) has a RECURRENCE-ID */
} sla__ics_unit;

/* A scanned file: its text (borrowed), its units in file order, and the
 * buffers the unit parses reuse. */
typedef struct {
    const char *data;
    size_t len;
    sla__ics_unit *u;
    size_t n, cap;
    char *buf, *feed;
    size_t buf_cap, feed_cap;
} sla__ics_doc;

/* Memory of one load: libical holds one unit at a time (two while a
 * VTIMEZONE is read for an event), and the estimated size of each, parsed,
 * is at most SLA_ICS_UNIT_BYTES, or the scan refuses the file with
 * SLA_ELIMIT (SECURITY.md). */
#define SLA_ICS_UNIT_BYTES ((size_t)2 << 20)

/* Check the form of every line and find the units. Nothing goes to libical:
 * a bad value is found when its unit is parsed. */
SLA_HIDDEN int sla__ics_scan(const char *data, size_t len, sla__ics_doc *doc, sla_diag *diag);
/* Parse unit i with libical. Every component carries an X-LIBSLA-LINE
 * property with the line of its BEGIN, and the properties libsla reads
 * carry an X-LIBSLA-LINE parameter. The caller frees *ret. */
SLA_HIDDEN int sla__ics_unit_parse(sla__ics_doc *doc, size_t i, icalcomponent **ret,
                                   sla_diag *diag);
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

/* Reads the TZID of every VTIMEZONE of the doc (which must outlive z). */
SLA_HIDDEN int sla__ics_zones_new(sla__ics_doc *doc, sla__ics_budget *budget, const char *tzdir,
                                  sla__ics_zones **ret, sla_diag *diag);
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
