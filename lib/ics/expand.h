/* Internal: iCalendar options and the expansion of a parsed file's events
 * into instances (options.c, expand.c), shared by the loader and the
 * listing (ics.c).
 * SPDX-License-Identifier: MIT */
#ifndef SLA_ICS_EXPAND_H
#define SLA_ICS_EXPAND_H

#include "ics/ics.h"

struct sla_ics_options {
    int mode;
    int year_from, year_to;
    char **keep_cat, **drop_cat, **keep_sum, **drop_sum;
    size_t n_kc, n_dc, n_ks, n_ds, c_kc, c_dc, c_ks, c_ds;
};

/* The options used when NULL is passed. */
SLA_HIDDEN extern const sla_ics_options sla__ics_default_options;

/* Whether the options keep event ev (summary: its SUMMARY, "" when none):
 * no drop filter matches it, and a keep filter does when there is one. */
SLA_HIDDEN bool sla__ics_event_selected(const sla_ics_options *o, icalcomponent *ev,
                                        const char *summary);

/* One instance of an event. */
typedef struct {
    bool all_day;
    int64_t day0, day1; /* all-day: local days [day0, day1) */
    int64_t start, end; /* real-time span */
    int line;
    const char *summary; /* one of the expansion's sums */
} sla__ics_inst;

/* A RECURRENCE-ID or EXDATE value, as a key. */
typedef struct {
    bool is_date;
    int64_t day; /* its local date */
    int64_t utc; /* date-times only */
} sla__ics_key;

/* A RECURRENCE-ID override: the UID (owned) and the instance it replaces. */
typedef struct {
    const char *uid;
    sla__ics_key key;
} sla__ics_override;

/* One expansion: the options, zones, budget and window, and what it found. */
typedef struct {
    const sla_ics_options *o;
    const sla_tz *cal_tz;
    const char *tzdir; /* where IANA TZIDs are read (NULL: default) */
    sla__ics_zones *zones;
    sla__ics_budget budget;
    sla_diag *diag;
    int64_t win_day0, win_day1; /* local days [Jan 1 year_from, Jan 1 year_to+1) */
    sla__ics_inst *v;
    size_t n, cap;
    sla__ics_override *ov;
    size_t nov, cov;
    /* bounds of the enclosing VAVAILABILITY while reading its AVAILABLEs */
    int64_t clip0, clip1;
    /* an all-day event recurs without end (RRULE without UNTIL or COUNT) */
    bool endless;
    /* the summaries of the events with instances (owned), and the copy of
     * the summary of the event being expanded (NULL until its first) */
    char **sums;
    size_t nsums, csums;
    const char *summary;
} sla__ics_expansion;

/* Scan the text and expand every selected event into x->v, sorted by
 * start, end and line. Set x->o, x->cal_tz, x->tzdir and x->diag first
 * (the rest zeroed). The doc is freed by the caller, as x is with
 * sla__ics_expansion_done. */
SLA_HIDDEN int sla__ics_expand_all(sla__ics_expansion *x, const char *data, size_t len,
                                   sla__ics_doc *doc);
SLA_HIDDEN void sla__ics_expansion_done(sla__ics_expansion *x);

#endif
