/* iCalendar import: options, expansion of events into instances, loading
 * into a calendar builder, and the listing.
 * SPDX-License-Identifier: MIT
 *
 * Expansion is done here from libical's parsed components and its
 * recurrence iterator, always in wall-clock time: DTSTART is handed to
 * icalrecur_iterator without a zone, and each instance's wall-clock time is
 * turned into an instant by libsla's own zone (SEMANTICS 2.4), never by
 * libical's conversion.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "calendar/calendar.h"
#include "ics/ics.h"

struct sla_ics_options {
    int mode;
    int year_from, year_to;
    char **keep_cat, **drop_cat, **keep_sum, **drop_sum;
    size_t n_kc, n_dc, n_ks, n_ds, c_kc, c_dc, c_ks, c_ds;
};

typedef struct {
    bool all_day;
    int64_t day0, day1;   /* all-day: local days [day0, day1) */
    int64_t start, end;   /* real-time span */
    int line;
    const char *summary;  /* borrowed from libical while loading */
} inst;

struct sla_ics_list {
    inst *v;
    size_t n;
    char **summary;
    const sla_tz *tz; /* reference held */
};

/* A RECURRENCE-ID or EXDATE value, as a key. */
typedef struct {
    bool is_date;
    int64_t day; /* its local date */
    int64_t utc; /* date-times only */
} tkey;

typedef struct {
    const char *uid;
    tkey key;
} ovr;

typedef struct {
    const sla_ics_options *o;
    const sla_tz *cal_tz;
    const char *tzdir; /* where IANA TZIDs are read (NULL: default) */
    sla__ics_zones *zones;
    sla__ics_budget budget;
    sla_diag *diag;
    int64_t win_day0, win_day1; /* local days [Jan 1 year_from, Jan 1 year_to+1) */
    inst *v;
    size_t n, cap;
    ovr *ov;
    size_t nov, cov;
    /* bounds of the enclosing VAVAILABILITY while reading its AVAILABLEs */
    int64_t clip0, clip1;
} ctx;

/* ---- options ---------------------------------------------------------- */

static const sla_ics_options default_options = {SLA_ICS_HOLIDAYS, 1970, 2199, NULL, NULL, NULL,
                                                NULL, 0, 0, 0, 0, 0, 0, 0, 0};

int sla_ics_options_new(sla_ics_options **ret)
{
    sla_ics_options *o;
    if (!ret)
        return SLA_EINVAL;
    o = sla__malloc(sizeof *o);
    if (!o)
        return SLA_ENOMEM;
    *o = default_options;
    *ret = o;
    return 0;
}

static void free_strs(char **v, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        sla__free(v[i]);
    sla__free(v);
}

void sla_ics_options_free(sla_ics_options *o)
{
    if (!o)
        return;
    free_strs(o->keep_cat, o->n_kc);
    free_strs(o->drop_cat, o->n_dc);
    free_strs(o->keep_sum, o->n_ks);
    free_strs(o->drop_sum, o->n_ds);
    sla__free(o);
}

int sla_ics_options_set_mode(sla_ics_options *o, int mode)
{
    if (!o || (mode != SLA_ICS_HOLIDAYS && mode != SLA_ICS_OPENING_HOURS))
        return SLA_EINVAL;
    o->mode = mode;
    return 0;
}

static int push_str(char ***v, size_t *n, size_t *cap, const char *s)
{
    char *d;
    if (!s || !*s)
        return SLA_EINVAL;
    if (sla__grow((void **)v, cap, *n + 1, sizeof **v) < 0)
        return SLA_ENOMEM;
    d = sla__strdup(s);
    if (!d)
        return SLA_ENOMEM;
    (*v)[(*n)++] = d;
    return 0;
}

int sla_ics_options_keep_category(sla_ics_options *o, const char *s)
{
    return o ? push_str(&o->keep_cat, &o->n_kc, &o->c_kc, s) : SLA_EINVAL;
}

int sla_ics_options_drop_category(sla_ics_options *o, const char *s)
{
    return o ? push_str(&o->drop_cat, &o->n_dc, &o->c_dc, s) : SLA_EINVAL;
}

int sla_ics_options_keep_summary(sla_ics_options *o, const char *s)
{
    return o ? push_str(&o->keep_sum, &o->n_ks, &o->c_ks, s) : SLA_EINVAL;
}

int sla_ics_options_drop_summary(sla_ics_options *o, const char *s)
{
    return o ? push_str(&o->drop_sum, &o->n_ds, &o->c_ds, s) : SLA_EINVAL;
}

int sla_ics_options_set_window(sla_ics_options *o, int year_from, int year_to)
{
    if (!o || year_from > year_to)
        return SLA_EINVAL;
    if (year_from < 1970 || year_to > 2199)
        return SLA_ERANGE;
    o->year_from = year_from;
    o->year_to = year_to;
    return 0;
}

/* ---- filters ---------------------------------------------------------- */

static bool ci_contains(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0)
            return true;
    return false;
}

/* Whether one of the comma-separated CATEGORIES values equals any of v. */
static bool has_category(icalcomponent *ev, char **v, size_t n)
{
    icalproperty *p;
    size_t i;
    if (n == 0)
        return false;
    for (p = icalcomponent_get_first_property(ev, ICAL_CATEGORIES_PROPERTY); p;
         p = icalcomponent_get_next_property(ev, ICAL_CATEGORIES_PROPERTY)) {
        const char *s = icalproperty_get_categories(p);
        while (s && *s) {
            const char *e = strchr(s, ',');
            size_t len = e ? (size_t)(e - s) : strlen(s);
            const char *a = s;
            size_t l = len;
            while (l && (*a == ' ' || *a == '\t')) {
                a++;
                l--;
            }
            while (l && (a[l - 1] == ' ' || a[l - 1] == '\t'))
                l--;
            for (i = 0; i < n; i++)
                if (strlen(v[i]) == l && strncasecmp(a, v[i], l) == 0)
                    return true;
            s = e ? e + 1 : NULL;
        }
    }
    return false;
}

static bool has_summary(const char *summary, char **v, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (ci_contains(summary, v[i]))
            return true;
    return false;
}

static bool event_selected(const sla_ics_options *o, icalcomponent *ev, const char *summary)
{
    if (has_category(ev, o->drop_cat, o->n_dc) || has_summary(summary, o->drop_sum, o->n_ds))
        return false;
    if (o->n_kc == 0 && o->n_ks == 0)
        return true;
    return has_category(ev, o->keep_cat, o->n_kc) || has_summary(summary, o->keep_sum, o->n_ks);
}

/* ---- times ------------------------------------------------------------ */

static const char *prop_tzid(icalproperty *p)
{
    icalparameter *q = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
    const char *s = q ? icalparameter_get_tzid(q) : NULL;
    return s && *s ? s : NULL;
}

/* The zone a date-time of property p is read in: UTC, its TZID, or the
 * calendar's zone (floating). NULL *ret means UTC. */
static int time_zone(ctx *x, icalproperty *p, const struct icaltimetype *t, const sla_tz **ret)
{
    const char *tzid;
    if (icaltime_is_utc(*t)) {
        *ret = NULL;
        return 0;
    }
    tzid = prop_tzid(p);
    if (!tzid) {
        *ret = x->cal_tz;
        return 0;
    }
    return sla__ics_zone(x->zones, tzid, sla__ics_prop_line(p), ret, x->diag);
}

static int64_t to_utc(const sla_tz *tz, int64_t wall)
{
    return tz ? sla__tz_local_to_utc(tz, wall) : wall;
}

static int64_t to_wall(const sla_tz *tz, int64_t utc)
{
    return tz ? utc + sla__tz_offset_at(tz, utc) : utc;
}

static int bad_value(ctx *x, icalproperty *p, const char *what)
{
    int line = sla__ics_prop_line(p);
    return sla__diag_set(x->diag, SLA_EPARSE, line, 0, what, "line %d: bad %s value", line, what);
}

/* Key of an EXDATE / RECURRENCE-ID value. */
static int make_key(ctx *x, icalproperty *p, struct icaltimetype t, const char *what, tkey *k)
{
    int64_t wall;
    const sla_tz *tz;
    int r;
    if (sla__ics_wall(&t, &wall) < 0)
        return bad_value(x, p, what);
    k->is_date = t.is_date != 0;
    if (t.is_date) {
        k->day = sla__floordiv(wall, SLA__DAY);
        k->utc = 0;
        return 0;
    }
    if ((r = time_zone(x, p, &t, &tz)) < 0)
        return r;
    k->utc = to_utc(tz, wall);
    /* a UTC value names the date it has in the calendar's zone */
    k->day = sla__floordiv(tz ? wall : to_wall(x->cal_tz, k->utc), SLA__DAY);
    return 0;
}

/* ---- instances -------------------------------------------------------- */

typedef struct {
    int64_t wall; /* wall clock in the event's zone (all-day: midnight) */
    int64_t utc;
    bool has_end;
    int64_t end;  /* for RDATE periods */
} cand;

static int cmp_cand(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->utc != y->utc)
        return x->utc < y->utc ? -1 : 1;
    return (x->wall > y->wall) - (x->wall < y->wall);
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static bool in_sorted(const int64_t *v, size_t n, int64_t k)
{
    return n && bsearch(&k, v, n, sizeof *v, cmp_i64) != NULL;
}

typedef struct {
    int64_t *days_all, *days_date, *utcs;
    size_t n_all, n_date, n_utc;
} exclusions;

static void excl_free(exclusions *e)
{
    sla__free(e->days_all);
    sla__free(e->days_date);
    sla__free(e->utcs);
}

static int excl_add(exclusions *e, const tkey *k)
{
    /* each array has room for every key: allocated by the caller */
    e->days_all[e->n_all++] = k->day;
    if (k->is_date)
        e->days_date[e->n_date++] = k->day;
    else
        e->utcs[e->n_utc++] = k->utc;
    return 0;
}

static bool excluded(const exclusions *e, bool all_day, int64_t day, int64_t utc)
{
    if (all_day)
        return in_sorted(e->days_all, e->n_all, day);
    return in_sorted(e->utcs, e->n_utc, utc) || in_sorted(e->days_date, e->n_date, day);
}

static int add_inst(ctx *x, const inst *in)
{
    unsigned long cost = 1;
    if (in->all_day && x->o->mode == SLA_ICS_HOLIDAYS)
        cost = (unsigned long)(in->day1 - in->day0);
    x->budget.instances += cost;
    if (x->budget.instances > SLA_ICS_MAX_INSTANCES)
        return sla__diag_set(x->diag, SLA_ELIMIT, in->line, 0, "VEVENT",
                             "line %d: event \"%s\": the file yields more than %d instances",
                             in->line, in->summary ? in->summary : "", SLA_ICS_MAX_INSTANCES);
    if (sla__grow((void **)&x->v, &x->cap, x->n + 1, sizeof *x->v) < 0)
        return SLA_ENOMEM;
    x->v[x->n++] = *in;
    return 0;
}

static int limit_err(ctx *x, int line, const char *summary)
{
    return sla__diag_set(x->diag, SLA_ELIMIT, line, 0, "RRULE",
                         "line %d: event \"%s\": recurrence needs more than %d expansion steps "
                         "(or the file's total would); give it an earlier UNTIL or a smaller "
                         "COUNT, or read the file with a window of years",
                         line, summary, SLA_ICS_MAX_STEPS);
}

/* Expand one VEVENT (or AVAILABLE). `single` ignores RRULE/RDATE (an
 * override). Instances matching `ex` (EXDATEs and overridden instances) are
 * left out. */
static int expand_event(ctx *x, icalcomponent *ev, const exclusions *ex, bool single,
                        const char *summary, bool emit)
{
    icalproperty *ps = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY), *p;
    struct icaltimetype t0;
    const sla_tz *ez = NULL; /* event zone (NULL: UTC) */
    bool all_day;
    int64_t w0, u0, nd = 1, dur_days = 0, dur_secs = 0;
    int64_t end_wall;
    int line = sla__ics_comp_line(ev), r = 0;
    cand *cv = NULL;
    size_t nc = 0, cc = 0, i;

    if (!ps)
        return 0; /* nothing to place: ignored */
    t0 = icalproperty_get_dtstart(ps);
    if (sla__ics_wall(&t0, &w0) < 0)
        return bad_value(x, ps, "DTSTART");
    all_day = t0.is_date != 0;
    if (!all_day) {
        if ((r = time_zone(x, ps, &t0, &ez)) < 0)
            return r;
    }
    u0 = all_day ? w0 : to_utc(ez, w0);

    /* duration */
    if ((p = icalcomponent_get_first_property(ev, ICAL_DTEND_PROPERTY)) != NULL) {
        struct icaltimetype te = icalproperty_get_dtend(p);
        int64_t we;
        if (sla__ics_wall(&te, &we) < 0)
            return bad_value(x, p, "DTEND");
        if (all_day) {
            /* a DATE-TIME end of an all-day event: the dates it touches */
            int64_t d = sla__floordiv(we, SLA__DAY) - sla__floordiv(w0, SLA__DAY);
            if (!te.is_date && sla__floormod(we, SLA__DAY) != 0)
                d++;
            nd = d < 1 ? 1 : d; /* DTEND <= DTSTART: one day */
        } else {
            const sla_tz *tze;
            int64_t ue;
            if (te.is_date) {
                tze = ez;
            } else if ((r = time_zone(x, p, &te, &tze)) < 0) {
                return r;
            }
            ue = to_utc(tze, we);
            if (ue < u0)
                return sla__diag_set(x->diag, SLA_EPARSE, sla__ics_prop_line(p), 0, "DTEND",
                                     "line %d: DTEND before DTSTART", sla__ics_prop_line(p));
            dur_secs = ue - u0;
        }
    } else if ((p = icalcomponent_get_first_property(ev, ICAL_DURATION_PROPERTY)) != NULL) {
        struct icaldurationtype d = icalproperty_get_duration(p);
        int64_t days = (int64_t)d.weeks * 7 + d.days;
        int64_t secs = (int64_t)d.hours * 3600 + (int64_t)d.minutes * 60 + d.seconds;
        if (d.is_neg)
            return sla__diag_set(x->diag, SLA_EPARSE, sla__ics_prop_line(p), 0, "DURATION",
                                 "line %d: negative DURATION", sla__ics_prop_line(p));
        if (days > 100000 || secs > (int64_t)100000 * SLA__DAY)
            return sla__diag_set(x->diag, SLA_ELIMIT, sla__ics_prop_line(p), 0, "DURATION",
                                 "line %d: DURATION longer than the supported range",
                                 sla__ics_prop_line(p));
        if (all_day) {
            nd = days + (secs + SLA__DAY - 1) / SLA__DAY;
            if (nd < 1)
                nd = 1;
        } else {
            dur_days = days;
            dur_secs = secs;
        }
    }

    /* candidates: DTSTART, RRULE instances, RDATEs */
#define PUSH(W, U, HE, E)                                                                    \
    do {                                                                                     \
        if (sla__grow((void **)&cv, &cc, nc + 1, sizeof *cv) < 0) {                          \
            r = SLA_ENOMEM;                                                                  \
            goto out;                                                                        \
        }                                                                                    \
        cv[nc].wall = (W);                                                                   \
        cv[nc].utc = (U);                                                                    \
        cv[nc].has_end = (HE);                                                               \
        cv[nc].end = (E);                                                                    \
        nc++;                                                                                \
    } while (0)

    PUSH(w0, u0, false, 0);
    end_wall = ((int64_t)x->win_day1 + 2) * SLA__DAY;
    for (p = single ? NULL : icalcomponent_get_first_property(ev, ICAL_RRULE_PROPERTY); p;
         p = icalcomponent_get_next_property(ev, ICAL_RRULE_PROPERTY)) {
        struct icalrecurrencetype rule = icalproperty_get_rrule(p);
        struct icaltimetype start = t0, t;
        icalrecur_iterator *it;
        int64_t rule_end = end_wall;
        unsigned long est;

        if (rule.freq == ICAL_NO_RECURRENCE)
            continue;
        start.zone = NULL;
        if (!icaltime_is_null_time(rule.until)) {
            struct icaltimetype u = rule.until;
            int64_t uw;
            if (sla__ics_wall(&u, &uw) < 0) {
                r = bad_value(x, p, "RRULE");
                goto out;
            }
            if (!u.is_date && icaltime_is_utc(u)) /* to the event's wall clock */
                uw = all_day ? to_wall(x->cal_tz, uw) : to_wall(ez, uw);
            if (u.is_date)
                uw += SLA__DAY - 1; /* a DATE UNTIL includes its whole day */
            if (all_day)
                uw = sla__floordiv(uw, SLA__DAY) * SLA__DAY;
            if (uw < rule_end)
                rule_end = uw;
            rule.until = icaltime_null_time(); /* bounded here instead */
        }
        est = sla__ics_rule_steps(&rule, w0, rule_end);
        if (est > SLA_ICS_MAX_STEPS - x->budget.steps) {
            r = limit_err(x, sla__ics_prop_line(p), summary);
            goto out;
        }
        it = icalrecur_iterator_new(rule, start);
        if (!it) {
            r = bad_value(x, p, "RRULE");
            goto out;
        }
        for (;;) {
            int64_t w;
            t = icalrecur_iterator_next(it);
            if (icaltime_is_null_time(t))
                break;
            if (++x->budget.steps > SLA_ICS_MAX_STEPS) {
                icalrecur_iterator_free(it);
                r = limit_err(x, sla__ics_prop_line(p), summary);
                goto out;
            }
            if (sla__ics_wall(&t, &w) < 0 || w > rule_end)
                break;
            if (sla__floordiv(w, SLA__DAY) < x->win_day0 - 2)
                continue;
            if (sla__grow((void **)&cv, &cc, nc + 1, sizeof *cv) < 0) {
                icalrecur_iterator_free(it);
                r = SLA_ENOMEM;
                goto out;
            }
            cv[nc].wall = w;
            cv[nc].utc = all_day ? w : to_utc(ez, w);
            cv[nc].has_end = false;
            cv[nc].end = 0;
            nc++;
            if (nc > (size_t)SLA_ICS_MAX_INSTANCES * 2) {
                icalrecur_iterator_free(it);
                r = sla__diag_set(x->diag, SLA_ELIMIT, line, 0, "RRULE",
                                  "line %d: event \"%s\" has more than %d instances", line,
                                  summary, SLA_ICS_MAX_INSTANCES);
                goto out;
            }
        }
        icalrecur_iterator_free(it);
    }
    for (p = single ? NULL : icalcomponent_get_first_property(ev, ICAL_RDATE_PROPERTY); p;
         p = icalcomponent_get_next_property(ev, ICAL_RDATE_PROPERTY)) {
        struct icaldatetimeperiodtype rd = icalproperty_get_rdate(p);
        bool period = icaltime_is_null_time(rd.time);
        struct icaltimetype t = period ? rd.period.start : rd.time;
        const sla_tz *tz;
        int64_t w, u, e = 0;
        bool he = false;

        if (icaltime_is_null_time(t))
            continue;
        if (sla__ics_wall(&t, &w) < 0) {
            r = bad_value(x, p, "RDATE");
            goto out;
        }
        if (all_day) {
            if (!t.is_date && icaltime_is_utc(t))
                w = to_wall(x->cal_tz, w);
            w = sla__floordiv(w, SLA__DAY) * SLA__DAY;
            PUSH(w, w, false, 0);
            continue;
        }
        if (t.is_date) {
            w += sla__floormod(w0, SLA__DAY); /* the date at DTSTART's time */
            tz = ez;
        } else if ((r = time_zone(x, p, &t, &tz)) < 0) {
            goto out;
        }
        u = to_utc(tz, w);
        w = to_wall(ez, u);
        if (period) {
            if (!icaltime_is_null_time(rd.period.end)) {
                struct icaltimetype te = rd.period.end;
                const sla_tz *tze;
                int64_t we;
                if (sla__ics_wall(&te, &we) < 0) {
                    r = bad_value(x, p, "RDATE");
                    goto out;
                }
                if (te.is_date)
                    tze = tz;
                else if ((r = time_zone(x, p, &te, &tze)) < 0)
                    goto out;
                e = to_utc(tze, we);
            } else {
                struct icaldurationtype d = rd.period.duration;
                int64_t s = ((int64_t)d.weeks * 7 + d.days) * SLA__DAY + (int64_t)d.hours * 3600 +
                            (int64_t)d.minutes * 60 + d.seconds;
                if (d.is_neg || s > (int64_t)100000 * SLA__DAY) {
                    r = bad_value(x, p, "RDATE");
                    goto out;
                }
                e = u + s;
            }
            if (e < u) {
                r = bad_value(x, p, "RDATE");
                goto out;
            }
            he = true;
        }
        PUSH(w, u, he, e);
    }
#undef PUSH

    if (!emit)
        goto out;
    qsort(cv, nc, sizeof *cv, cmp_cand);
    for (i = 0; i < nc; i++) {
        inst in;
        int64_t day = sla__floordiv(cv[i].wall, SLA__DAY);
        if (i > 0 && cv[i].utc == cv[i - 1].utc)
            continue; /* the same instance from two sources */
        if (excluded(ex, all_day, day, cv[i].utc))
            continue;
        memset(&in, 0, sizeof in);
        in.line = line;
        in.summary = summary;
        in.all_day = all_day;
        if (all_day) {
            in.day0 = day;
            in.day1 = day + nd;
            if (in.day0 >= x->win_day1 || in.day0 < x->win_day0)
                continue;
            if (in.day1 > x->win_day1)
                in.day1 = x->win_day1;
            in.start = sla__tz_local_to_utc(x->cal_tz, in.day0 * SLA__DAY);
            in.end = sla__tz_local_to_utc(x->cal_tz, in.day1 * SLA__DAY);
        } else {
            int64_t lday;
            in.start = cv[i].utc;
            if (cv[i].has_end)
                in.end = cv[i].end;
            else if (dur_days)
                in.end = to_utc(ez, cv[i].wall + dur_days * SLA__DAY) + dur_secs;
            else
                in.end = in.start + dur_secs;
            if (in.end < in.start)
                in.end = in.start;
            if (in.start < x->clip0)
                in.start = x->clip0;
            if (in.end > x->clip1)
                in.end = x->clip1;
            if (in.end <= in.start)
                continue; /* zero-length or clipped away: no effect */
            lday = sla__floordiv(to_wall(x->cal_tz, in.start), SLA__DAY);
            if (lday < x->win_day0 || lday >= x->win_day1)
                continue;
            if (in.start < SLA_TIME_MIN)
                in.start = SLA_TIME_MIN;
            if (in.end > SLA_TIME_MAX)
                in.end = SLA_TIME_MAX;
            if (in.end <= in.start)
                continue;
            in.day0 = lday;
            in.day1 = sla__floordiv(to_wall(x->cal_tz, in.end - 1), SLA__DAY) + 1;
        }
        if ((r = add_inst(x, &in)) < 0)
            goto out;
    }
out:
    sla__free(cv);
    return r;
}

static const char *uid_of(icalcomponent *ev)
{
    const char *u = icalcomponent_get_uid(ev);
    return u ? u : "";
}

static int cmp_ovr(const void *a, const void *b)
{
    return strcmp(((const ovr *)a)->uid, ((const ovr *)b)->uid);
}

/* Visit every event-like component: VEVENTs at the top or inside
 * VCALENDARs, and (opening-hours mode) AVAILABLE blocks of VAVAILABILITY. */
typedef int (*visit_fn)(ctx *x, icalcomponent *ev);

static int visit_events(ctx *x, const sla__ics_doc *doc, visit_fn fn)
{
    size_t i;
    int r;
    for (i = 0; i < doc->n; i++) {
        icalcomponent *top = doc->tops[i], *c;
        if (icalcomponent_isa(top) == ICAL_VEVENT_COMPONENT) {
            if ((r = fn(x, top)) < 0)
                return r;
            continue;
        }
        for (c = icalcomponent_get_first_component(top, ICAL_ANY_COMPONENT); c;
             c = icalcomponent_get_next_component(top, ICAL_ANY_COMPONENT)) {
            icalcomponent_kind k = icalcomponent_isa(c);
            if (k == ICAL_VEVENT_COMPONENT) {
                if ((r = fn(x, c)) < 0)
                    return r;
            } else if (k == ICAL_VAVAILABILITY_COMPONENT && x->o->mode == SLA_ICS_OPENING_HOURS) {
                /* RFC 7953: AVAILABLE blocks, within the VAVAILABILITY's
                 * own DTSTART/DTEND when it has them */
                icalcomponent *a;
                icalproperty *p;
                int64_t c0 = INT64_MIN, c1 = INT64_MAX;
                if ((p = icalcomponent_get_first_property(c, ICAL_DTSTART_PROPERTY)) != NULL) {
                    struct icaltimetype t = icalproperty_get_dtstart(p);
                    tkey k2;
                    if ((r = make_key(x, p, t, "DTSTART", &k2)) < 0)
                        return r;
                    c0 = t.is_date ? sla__tz_local_to_utc(x->cal_tz, k2.day * SLA__DAY) : k2.utc;
                }
                if ((p = icalcomponent_get_first_property(c, ICAL_DTEND_PROPERTY)) != NULL) {
                    struct icaltimetype t = icalproperty_get_dtend(p);
                    tkey k2;
                    if ((r = make_key(x, p, t, "DTEND", &k2)) < 0)
                        return r;
                    c1 = t.is_date ? sla__tz_local_to_utc(x->cal_tz, k2.day * SLA__DAY) : k2.utc;
                }
                x->clip0 = c0;
                x->clip1 = c1;
                for (a = icalcomponent_get_first_component(c, ICAL_XAVAILABLE_COMPONENT); a;
                     a = icalcomponent_get_next_component(c, ICAL_XAVAILABLE_COMPONENT))
                    if ((r = fn(x, a)) < 0)
                        break;
                x->clip0 = INT64_MIN;
                x->clip1 = INT64_MAX;
                if (r < 0)
                    return r;
            }
        }
    }
    return 0;
}

static const char *summary_of(icalcomponent *ev)
{
    const char *s = icalcomponent_get_summary(ev);
    return s ? s : "";
}

/* Pass 1: collect RECURRENCE-ID overrides. */
static int collect_override(ctx *x, icalcomponent *ev)
{
    icalproperty *p = icalcomponent_get_first_property(ev, ICAL_RECURRENCEID_PROPERTY);
    tkey k;
    int r;
    if (!p)
        return 0;
    if ((r = make_key(x, p, icalproperty_get_recurrenceid(p), "RECURRENCE-ID", &k)) < 0)
        return r;
    if (sla__grow((void **)&x->ov, &x->cov, x->nov + 1, sizeof *x->ov) < 0)
        return SLA_ENOMEM;
    x->ov[x->nov].uid = uid_of(ev);
    x->ov[x->nov].key = k;
    x->nov++;
    return 0;
}

/* Pass 2: expand. */
static int do_event(ctx *x, icalcomponent *ev)
{
    const char *summary = summary_of(ev);
    bool is_override = icalcomponent_get_first_property(ev, ICAL_RECURRENCEID_PROPERTY) != NULL;
    bool cancelled = icalcomponent_get_status(ev) == ICAL_STATUS_CANCELLED;
    bool selected = !cancelled && event_selected(x->o, ev, summary);
    exclusions ex;
    size_t nex = 0, i, lo, hi;
    icalproperty *p;
    int r = 0;

    if (!selected)
        return 0;
    if (is_override)
        return expand_event(x, ev, &(exclusions){0}, true, summary, true);

    memset(&ex, 0, sizeof ex);
    /* overrides of this UID (sorted by uid) */
    {
        ovr key;
        key.uid = uid_of(ev);
        lo = 0;
        hi = x->nov;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (cmp_ovr(&x->ov[mid], &key) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (hi = lo; hi < x->nov && strcmp(x->ov[hi].uid, key.uid) == 0; hi++)
            ;
    }
    for (p = icalcomponent_get_first_property(ev, ICAL_EXDATE_PROPERTY); p;
         p = icalcomponent_get_next_property(ev, ICAL_EXDATE_PROPERTY))
        nex++;
    nex += hi - lo;
    if (nex) {
        ex.days_all = sla__malloc(nex * sizeof(int64_t));
        ex.days_date = sla__malloc(nex * sizeof(int64_t));
        ex.utcs = sla__malloc(nex * sizeof(int64_t));
        if (!ex.days_all || !ex.days_date || !ex.utcs) {
            r = SLA_ENOMEM;
            goto out;
        }
        for (p = icalcomponent_get_first_property(ev, ICAL_EXDATE_PROPERTY); p;
             p = icalcomponent_get_next_property(ev, ICAL_EXDATE_PROPERTY)) {
            tkey k;
            if ((r = make_key(x, p, icalproperty_get_exdate(p), "EXDATE", &k)) < 0)
                goto out;
            excl_add(&ex, &k);
        }
        for (i = lo; i < hi; i++)
            excl_add(&ex, &x->ov[i].key);
        qsort(ex.days_all, ex.n_all, sizeof(int64_t), cmp_i64);
        qsort(ex.days_date, ex.n_date, sizeof(int64_t), cmp_i64);
        qsort(ex.utcs, ex.n_utc, sizeof(int64_t), cmp_i64);
    }
    r = expand_event(x, ev, &ex, false, summary, true);
out:
    excl_free(&ex);
    return r;
}

static int cmp_inst(const void *a, const void *b)
{
    const inst *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end < y->end ? -1 : 1;
    return (x->line > y->line) - (x->line < y->line);
}

/* Read the text and expand every selected event into x->v (sorted). The
 * doc is kept (summaries are borrowed from it) and freed by the caller. */
static int expand_all(ctx *x, const char *data, size_t len, sla__ics_doc *doc)
{
    int r;
    x->win_day0 = sla__days_from_civil(x->o->year_from, 1, 1);
    x->win_day1 = sla__days_from_civil((int64_t)x->o->year_to + 1, 1, 1);
    x->clip0 = INT64_MIN;
    x->clip1 = INT64_MAX;
    if ((r = sla__ics_parse(data, len, doc, x->diag)) < 0)
        return r;
    if ((r = sla__ics_zones_new(doc, &x->budget, x->tzdir, &x->zones)) < 0)
        return r;
    if ((r = visit_events(x, doc, collect_override)) < 0)
        return r;
    if (x->nov)
        qsort(x->ov, x->nov, sizeof *x->ov, cmp_ovr);
    if ((r = visit_events(x, doc, do_event)) < 0)
        return r;
    if (x->n)
        qsort(x->v, x->n, sizeof *x->v, cmp_inst);
    return 0;
}

static void ctx_done(ctx *x)
{
    sla__ics_zones_free(x->zones);
    sla__free(x->v);
    sla__free(x->ov);
}

/* ---- files ------------------------------------------------------------ */

static int read_file(const char *path, char **ret, size_t *ret_len, sla_diag *diag)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0, cap = 0;

    if (!f)
        return sla__diag_set(diag, SLA_EIO, 0, 0, "", "cannot open %s: %s", path,
                             strerror(errno));
    for (;;) {
        size_t got;
        if (n > SLA_ICS_MAX_BYTES) {
            fclose(f);
            sla__free(buf);
            return sla__diag_set(diag, SLA_ELIMIT, 0, 0, "", "%s is larger than %lu bytes", path,
                                 (unsigned long)SLA_ICS_MAX_BYTES);
        }
        if (sla__grow((void **)&buf, &cap, n + 65536, 1) < 0) {
            fclose(f);
            sla__free(buf);
            return SLA_ENOMEM;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f)) {
                fclose(f);
                sla__free(buf);
                return sla__diag_set(diag, SLA_EIO, 0, 0, "", "cannot read %s", path);
            }
            break;
        }
    }
    fclose(f);
    *ret = buf;
    *ret_len = n;
    return 0;
}

/* ---- loading into a builder ------------------------------------------- */

int sla_calendar_builder_add_ics(sla_calendar_builder *b, const char *data, size_t len,
                                 const sla_ics_options *opts, sla_diag *diag)
{
    ctx x;
    sla__ics_doc doc;
    sla__builder_mark mark;
    size_t i, nh = 0, nc = 0, no = 0;
    int r;

    if (!b || (!data && len))
        return sla__diag_set(diag, SLA_EINVAL, 0, 0, "", "invalid argument");
    sla__diag_clear(diag);
    memset(&x, 0, sizeof x);
    memset(&doc, 0, sizeof doc);
    x.o = opts ? opts : &default_options;
    x.cal_tz = sla__builder_tz(b);
    x.tzdir = sla__builder_tzdir(b);
    x.diag = diag;
    if ((r = expand_all(&x, data ? data : "", len, &doc)) < 0)
        goto out;
    for (i = 0; i < x.n; i++) {
        if (x.o->mode == SLA_ICS_OPENING_HOURS)
            no++;
        else if (x.v[i].all_day)
            nh += (size_t)(x.v[i].day1 - x.v[i].day0);
        else
            nc++;
    }
    mark = sla__builder_mark_get(b);
    if ((r = sla__builder_reserve(b, nh, nc, no)) < 0)
        goto out;
    for (i = 0; i < x.n && r == 0; i++) {
        const inst *in = &x.v[i];
        if (x.o->mode == SLA_ICS_OPENING_HOURS) {
            r = sla_calendar_builder_add_opening(b, in->start, in->end);
        } else if (in->all_day) {
            int64_t d;
            for (d = in->day0; d < in->day1 && r == 0; d++) {
                int64_t y;
                unsigned m, dd;
                sla__civil_from_days(d, &y, &m, &dd);
                r = sla_calendar_builder_add_holiday(b, (int)y, (int)m, (int)dd);
            }
        } else {
            r = sla_calendar_builder_add_closure(b, in->start, in->end);
        }
        if (r < 0)
            sla__diag_set(diag, r, in->line, 0, "VEVENT",
                          "line %d: event \"%s\" could not be added: %s", in->line,
                          in->summary ? in->summary : "", sla_strerror(r));
    }
    if (r < 0)
        sla__builder_rollback(b, mark);
out:
    ctx_done(&x);
    sla__ics_doc_free(&doc);
    if (r == 0)
        sla__diag_clear(diag);
    return r;
}

int sla_calendar_builder_add_ics_file(sla_calendar_builder *b, const char *path,
                                      const sla_ics_options *opts, sla_diag *diag)
{
    char *buf = NULL;
    size_t n = 0;
    int r;
    if (!b || !path)
        return sla__diag_set(diag, SLA_EINVAL, 0, 0, "", "invalid argument");
    if ((r = read_file(path, &buf, &n, diag)) < 0)
        return r;
    r = sla_calendar_builder_add_ics(b, buf, n, opts, diag);
    sla__free(buf);
    return r;
}

/* ---- listing ---------------------------------------------------------- */

void sla_ics_list_free(sla_ics_list *l)
{
    size_t i;
    if (!l)
        return;
    for (i = 0; i < l->n; i++)
        sla__free(l->summary[i]);
    sla__free(l->summary);
    sla__free(l->v);
    if (l->tz)
        sla__tz_unref((sla_tz *)l->tz);
    sla__free(l);
}

int sla_ics_list_new(const char *data, size_t len, const char *zone, const sla_ics_options *opts,
                     sla_ics_list **ret, sla_diag *diag)
{
    ctx x;
    sla__ics_doc doc;
    sla_tz *tz = NULL;
    sla_ics_list *l = NULL;
    size_t i;
    int r;

    if ((!data && len) || !zone || !ret)
        return sla__diag_set(diag, SLA_EINVAL, 0, 0, "", "invalid argument");
    sla__diag_clear(diag);
    memset(&x, 0, sizeof x);
    memset(&doc, 0, sizeof doc);
    if ((r = sla__tz_load(zone, NULL, &tz)) < 0)
        return sla__diag_set(diag, r, 0, 0, "zone", "unknown time zone \"%s\"", zone);
    x.o = opts ? opts : &default_options;
    x.cal_tz = tz;
    x.diag = diag;
    if ((r = expand_all(&x, data ? data : "", len, &doc)) < 0)
        goto out;
    l = sla__calloc(1, sizeof *l);
    if (!l || (x.n && !(l->summary = sla__calloc(x.n, sizeof *l->summary)))) {
        r = SLA_ENOMEM;
        goto out;
    }
    for (i = 0; i < x.n; i++) {
        const char *s = x.v[i].summary ? x.v[i].summary : "";
        size_t k = strlen(s);
        while (k && (s[k - 1] == ' ' || s[k - 1] == '\t' || s[k - 1] == '\r' || s[k - 1] == '\n'))
            k--;
        if (!(l->summary[i] = sla__strndup(s, k))) {
            l->n = i;
            r = SLA_ENOMEM;
            goto out;
        }
        x.v[i].summary = NULL;
    }
    l->n = x.n;
    l->v = x.v;
    x.v = NULL;
    l->tz = tz;
    tz = NULL;
    *ret = l;
    l = NULL;
out:
    sla_ics_list_free(l);
    ctx_done(&x);
    sla__ics_doc_free(&doc);
    sla__tz_unref(tz);
    if (r == 0)
        sla__diag_clear(diag);
    return r;
}

int sla_ics_list_new_file(const char *path, const char *zone, const sla_ics_options *opts,
                          sla_ics_list **ret, sla_diag *diag)
{
    char *buf = NULL;
    size_t n = 0;
    int r;
    if (!path || !zone || !ret)
        return sla__diag_set(diag, SLA_EINVAL, 0, 0, "", "invalid argument");
    if ((r = read_file(path, &buf, &n, diag)) < 0)
        return r;
    r = sla_ics_list_new(buf, n, zone, opts, ret, diag);
    sla__free(buf);
    return r;
}

size_t sla_ics_list_count(const sla_ics_list *l) { return l ? l->n : 0; }

int sla_ics_list_is_all_day(const sla_ics_list *l, size_t i)
{
    if (!l || i >= l->n)
        return SLA_EINVAL;
    return l->v[i].all_day ? 1 : 0;
}

static int32_t ymd(int64_t day)
{
    int64_t y;
    unsigned m, d;
    sla__civil_from_days(day, &y, &m, &d);
    return (int32_t)(y * 10000 + m * 100 + d);
}

int sla_ics_list_dates(const sla_ics_list *l, size_t i, int32_t *ret_first, int32_t *ret_last)
{
    if (!l || i >= l->n)
        return SLA_EINVAL;
    if (ret_first)
        *ret_first = ymd(l->v[i].day0);
    if (ret_last)
        *ret_last = ymd(l->v[i].day1 - 1);
    return 0;
}

int sla_ics_list_span(const sla_ics_list *l, size_t i, int64_t *ret_start, int64_t *ret_end)
{
    if (!l || i >= l->n)
        return SLA_EINVAL;
    if (ret_start)
        *ret_start = l->v[i].start;
    if (ret_end)
        *ret_end = l->v[i].end;
    return 0;
}

const char *sla_ics_list_summary(const sla_ics_list *l, size_t i)
{
    if (!l || i >= l->n)
        return NULL;
    return l->summary[i];
}

int sla_ics_list_line(const sla_ics_list *l, size_t i)
{
    if (!l || i >= l->n)
        return 0;
    return l->v[i].line;
}
