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

/* The date-selector state of one local date: the rules whose year, date
 * (month, month day, Easter) and week selectors all match it, and its place
 * in the month for nth-weekday selectors (0 when no rule has one). Two dates
 * with equal states and equal weekdays get the same spans. */
typedef struct {
    uint64_t rules;  /* bit i: rule i */
    uint8_t nth_pos; /* (month day - 1) / 7: Mo[1] is class 0 */
    uint8_t nth_neg; /* (days in month - month day) / 7: Mo[-1] is class 0 */
} sla__hours_sel;

/* The state of one date, directly (O(selector items)). */
SLA_HIDDEN void sla__hours_sel_of(const sla_hours *h, int64_t day, sla__hours_sel *out);
/* The states of dates d0 .. d0 + n - 1 in one sweep: O(n + items log items).
 * Errors: SLA_ENOMEM. */
SLA_HIDDEN int sla__hours_sels(const sla_hours *h, int64_t d0, size_t n, sla__hours_sel *out);
SLA_HIDDEN bool sla__hours_sel_eq(const sla__hours_sel *a, const sla__hours_sel *b);

/* The spans of local date `day` whose selector state is `sel` (SEMANTICS
 * 2.1), sorted, merged (touching/overlapping spans joined), at most
 * SLA__MAX_DAY_SPANS. Spans belong to the date they start on and may run
 * up to 48:00. On a holiday the rules that do not select PH apply first, as
 * on any date of that weekday; then the PH rules apply in their order, with
 * their own meaning, to the date's wall-clock hours, which include the
 * `spill` spans (sorted, within 00:00-24:00) carried over from the day
 * before: a ';' PH rule replaces
 * 00:00-24:00 of the date (what runs past 24:00 stands), a ',' PH rule adds,
 * `off` with times removes those times, `off` alone closes 00:00-24:00.
 * A text that never mentions PH reads as if it ended with '; PH off'. The
 * caller drops the previous day's spill past the holiday's midnight, since
 * the result already holds what is left of it. Never fails. */
SLA_HIDDEN void sla__hours_eval(const sla_hours *h, int64_t day, const sla__hours_sel *sel,
                                bool holiday, const sla__span *spill, size_t nspill,
                                sla__span *out, size_t *n);

/* The rules that apply to a date that is no holiday, of weekday w (0 =
 * Monday) and nth classes p (nth_pos) and q (nth_neg), before its date
 * selectors: out[w][p][q]; a date's rules are sel.rules & out[w][p][q]. */
SLA_HIDDEN void sla__hours_day_masks(const sla_hours *h, uint64_t out[7][5][5]);
/* sla__hours_eval of a date that is no holiday, from the rules that apply
 * to it (as sla__hours_day_masks gives them): the same spans. */
SLA_HIDDEN void sla__hours_eval_rules(const sla_hours *h, uint64_t rules, sla__span *out,
                                      size_t *n);

/* sla__hours_eval with the date's own state and nothing carried over. */
SLA_HIDDEN void sla__hours_day(const sla_hours *h, int64_t day, bool holiday, sla__span *out,
                               size_t *n);

/* The smallest local day > `day` at which the set of rules whose date
 * selectors (years, months, month days, Easter, weeks, the nth-weekday
 * place in the month) match may change, ignoring weekday and PH selectors;
 * INT64_MAX when none ever does. Between change days the schedule of a date
 * depends only on its weekday and holiday flag. */
SLA_HIDDEN int64_t sla__hours_next_change(const sla_hours *h, int64_t day);

/* The comment of rule i (the text between the quotes after its modifier),
 * or NULL; *len gets its length. */
SLA_HIDDEN const char *sla__hours_comment(const sla_hours *h, size_t i, size_t *len);
SLA_HIDDEN size_t sla__hours_rules(const sla_hours *h);

/* True when some rule selects PH. */
SLA_HIDDEN bool sla__hours_uses_ph(const sla_hours *h);
/* True when some rule has a year, date, week or nth-weekday selector (else
 * every date has the same selector state). */
SLA_HIDDEN bool sla__hours_uses_selectors(const sla_hours *h);
/* Whether some rule has a span past 24:00 (a date can reach into the next). */
SLA_HIDDEN bool sla__hours_overnight(const sla_hours *h);

#endif
