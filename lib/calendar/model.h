/* Internal: the compiled form of a calendar, shared by compile.c, query.c
 * and combine.c.
 * SPDX-License-Identifier: MIT
 *
 * The timeline [first era start, sentinel) is cut into eras. In each era the
 * open set is described by one pattern placed at the era's anchor:
 *
 * - a periodic pattern repeats every week (in UTC): it is a week of local
 *   opening hours seen through one constant UTC offset, so the same pattern
 *   serves summer and winter with different anchors;
 * - an explicit pattern is a finite list of intervals (holidays, closures,
 *   extra openings, the days around a DST change that moves an opening or
 *   closing time, changes between seasonal rules).
 *
 * Business time is counted through F(x) = open seconds in [timeline start, x):
 * F(x) = era.base + G(x - era.anchor), where G is the pattern's cumulative
 * open time, itself O(log k) by binary search over the pattern's prefix
 * sums (and a division for whole weeks). Finding the era is a binary search
 * over era starts (for instants) or era start values of F (for add/sub), so
 * every query costs O(log eras + log k) whatever the distance or duration.
 */
#ifndef SLA_CALENDAR_MODEL_H
#define SLA_CALENDAR_MODEL_H

#include "calendar/calendar.h"
#include "text/hours.h"

#define SLA__NONE INT64_MAX
#define SLA__NONE_BEFORE INT64_MIN

typedef struct {
    int64_t s;   /* start, relative to the pattern origin */
    int64_t e;   /* end (exclusive) */
    int64_t cum; /* open seconds of the pattern before this interval */
} sla__ival;

typedef struct {
    uint32_t first;  /* index of the first interval in cal->ivals */
    uint32_t n;      /* intervals, sorted, disjoint, not touching */
    int64_t period;  /* SLA__WEEK (periodic) or 0 (explicit) */
    int64_t total;   /* open seconds per period, or in all */
} sla__pattern;

typedef struct {
    int64_t anchor;       /* UTC instant of the pattern origin */
    int64_t base;         /* F(x) = base + G(x - anchor) inside the era */
    int64_t first_open;   /* earliest open instant >= era start, or SLA__NONE */
    int64_t first_closed; /* earliest closed instant >= era start, or SLA__NONE */
    int64_t last_closed;  /* latest closed instant < era start, or SLA__NONE_BEFORE */
    uint32_t pat;
} sla__era;

/* Business dates (local dates with open time, SEMANTICS 2.3), as segments of
 * consecutive dates [d0, d1): bit j of `mask` says whether the dates
 * d0 + 7q + j are business dates (a run of business dates has mask 0x7f; a
 * weekly pattern gives its week's mask). Segments are sorted and disjoint;
 * dates outside them are not business dates; every segment holds at least
 * one business date. `before` counts the business dates before d0, so the
 * count up to any date and the k-th business date are a binary search and
 * O(1) inside the segment. */
typedef struct {
    int32_t d0, d1;
    int32_t before;
    uint8_t mask;
    uint8_t pop; /* set bits of mask */
} sla__bseg;

struct sla_calendar {
    sla_tz *tz;
    size_t n_eras;       /* eras; u0[n_eras] and cum[n_eras] are the sentinel */
    int64_t *u0;         /* era start instants, n_eras + 1 */
    int64_t *cum;        /* F(u0[i]), n_eras + 1 */
    sla__era *eras;      /* n_eras */
    size_t n_pats;
    sla__pattern *pats;
    size_t n_ivals;
    sla__ival *ivals;
    size_t n_hol;
    int64_t *hol; /* holiday dates (local day numbers), sorted, unique */
    size_t n_bseg;
    sla__bseg *bseg; /* business dates (bizdays.c) */
    int32_t n_bdays; /* business dates in all */
    bool open_at_start; /* open time in the first year of the supported range */
    bool open_at_end;   /* open time in the last year of the supported range */
    int64_t hol_horizon; /* last local date every finite holiday source covers,
                            or SLA__NONE when no finite source limits it */
};

/* A growing calendar under construction (compile and combine). */
typedef struct {
    int64_t *u0;
    size_t n_eras, cap_u0, cap_eras;
    sla__era *eras;
    sla__pattern *pats;
    size_t n_pats, cap_pats;
    sla__ival *ivals;
    size_t n_ivals, cap_ivals;
    /* pattern dedupe: open-addressing hash of pattern indexes + 1 */
    uint32_t *hash;
    size_t hash_cap;
} sla__calgen;

typedef struct {
    int64_t s, e;
} sla__span64;

/* Pattern evaluation; `iv` is the interval array the pattern indexes into.
 * Positions are relative to the pattern origin (era anchor). */
/* Open seconds in [0, y) (negative y: minus the open seconds in [y, 0)). */
SLA_HIDDEN int64_t sla__pat_G(const sla__ival *iv, const sla__pattern *p, int64_t y);
/* Smallest y with G(y) >= r; needs 1 <= r, and r <= total when explicit,
 * and total > 0. */
SLA_HIDDEN int64_t sla__pat_inv_ge(const sla__ival *iv, const sla__pattern *p, int64_t r);
/* Smallest y with G(y) > r; needs r < total when explicit, and total > 0. */
SLA_HIDDEN int64_t sla__pat_inv_gt(const sla__ival *iv, const sla__pattern *p, int64_t r);
/* Whether position y is open. */
SLA_HIDDEN bool sla__pat_is_open(const sla__ival *iv, const sla__pattern *p, int64_t y);
/* Smallest y' >= y that is open / closed, or SLA__NONE. */
SLA_HIDDEN int64_t sla__pat_next_open(const sla__ival *iv, const sla__pattern *p, int64_t y);
SLA_HIDDEN int64_t sla__pat_next_closed(const sla__ival *iv, const sla__pattern *p, int64_t y);

/* Generation helpers (calgen.c). */
SLA_HIDDEN void sla__calgen_init(sla__calgen *g);
SLA_HIDDEN void sla__calgen_done(sla__calgen *g);
/* Add a pattern from sorted, merged intervals (relative); returns its index
 * through *ret (deduplicated). For a periodic pattern the intervals lie in
 * [0, period). */
SLA_HIDDEN int sla__calgen_pattern(sla__calgen *g, int64_t period, const sla__span64 *iv, size_t n,
                                   uint32_t *ret);
/* Make room for n_eras eras at once, so that a compiler that knows a bound
 * does not copy the growing arrays (pages of the room left unused are never
 * touched, and finish gives them back). Errors: SLA_ENOMEM. */
SLA_HIDDEN int sla__calgen_reserve(sla__calgen *g, size_t n_eras);
/* Append an era starting at u0 (must be > the previous era's start; an era
 * equal to the previous one in pattern and anchor is folded into it). */
SLA_HIDDEN int sla__calgen_era(sla__calgen *g, int64_t u0, int64_t anchor, uint32_t pat);
/* Close the timeline at `end` and move everything into a new calendar that
 * takes a reference to tz. Computes F, first_open and first_closed. */
SLA_HIDDEN int sla__calgen_finish(sla__calgen *g, int64_t end, sla_tz *tz, sla_calendar **ret);

/* Whole-calendar primitives (query.c) for instants of the timeline
 * [u0[0], u0[n_eras]), without range checks. */
SLA_HIDDEN bool sla__cal_is_open_at(const sla_calendar *cal, int64_t t);
/* Earliest open instant >= t, or SLA__NONE. */
SLA_HIDDEN int64_t sla__cal_next_open_at(const sla_calendar *cal, int64_t t);
/* Latest open / closed instant < x, or SLA__NONE_BEFORE; x in (u0[0], u0[n]]. */
SLA_HIDDEN int64_t sla__cal_last_open_before(const sla_calendar *cal, int64_t x);
SLA_HIDDEN int64_t sla__cal_last_closed_before(const sla_calendar *cal, int64_t x);
/* Open seconds from the timeline start to t; t in [u0[0], u0[n]]. */
SLA_HIDDEN int64_t sla__cal_F(const sla_calendar *cal, int64_t t);
/* The error for a result that would leave the supported range: SLA_ERANGE
 * when the calendar keeps opening up to that edge of the range, otherwise
 * SLA_ENEVER (it never opens again, or never opened before). */
SLA_HIDDEN int sla__cal_beyond(const sla_calendar *cal, bool forward);

/* Business dates (bizdays.c): build the index and the edge flags of a
 * finished calendar; SLA_ENOMEM leaves the calendar without an index. */
SLA_HIDDEN int sla__bizdays_build(sla_calendar *cal);

/* Pattern: latest position < y that is open / closed, or SLA__NONE_BEFORE. */
SLA_HIDDEN int64_t sla__pat_prev_open(const sla__ival *iv, const sla__pattern *p, int64_t y);
SLA_HIDDEN int64_t sla__pat_prev_closed(const sla__ival *iv, const sla__pattern *p, int64_t y);

/* Sort and merge spans in place (touching spans joined); returns the new count. */
SLA_HIDDEN size_t sla__spans_normalize(sla__span64 *v, size_t n);

#endif
