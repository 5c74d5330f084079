/* iCalendar expansion: events into instances.
 * SPDX-License-Identifier: MIT
 *
 * Expansion is done here from libical's parsed components and its
 * recurrence iterator, always in wall-clock time: DTSTART is handed to
 * icalrecur_iterator without a zone, and each instance's wall-clock time is
 * turned into an instant by libsla's own zone (SEMANTICS 2.4), never by
 * libical's conversion. Two passes over the units of the file (parse.c),
 * each unit parsed, used and freed: the RECURRENCE-ID overrides first
 * (expanded as they are collected), then every other selected event, each
 * by its properties in turn (DTSTART, DTEND or DURATION, RRULE, RDATE, then
 * EXDATE and the overrides that leave instances out).
 */
#include <stdlib.h>
#include <string.h>

#include "ics/expand.h"

typedef sla__ics_expansion ctx;
typedef sla__ics_inst inst;
typedef sla__ics_key tkey;
typedef sla__ics_override ovr;

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
    int64_t end; /* for RDATE periods */
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

/* A copy of the event's summary, less trailing blanks, which its instances
 * share: the component is freed before the instances are used. */
static int own_summary(ctx *x, const char *s)
{
    size_t k;
    if (!s)
        s = "";
    k = strlen(s);
    while (k && (s[k - 1] == ' ' || s[k - 1] == '\t' || s[k - 1] == '\r' || s[k - 1] == '\n'))
        k--;
    if (sla__grow((void **)&x->sums, &x->csums, x->nsums + 1, sizeof *x->sums) < 0)
        return SLA_ENOMEM;
    if (!(x->sums[x->nsums] = sla__strndup(s, k)))
        return SLA_ENOMEM;
    x->summary = x->sums[x->nsums++];
    return 0;
}

static int add_inst(ctx *x, const inst *in)
{
    unsigned long cost = 1;
    int r;
    if (in->all_day && x->o->mode == SLA_ICS_HOLIDAYS)
        cost = (unsigned long)(in->day1 - in->day0);
    x->budget.instances += cost;
    if (x->budget.instances > SLA_ICS_MAX_INSTANCES)
        return sla__diag_set(x->diag, SLA_ELIMIT, in->line, 0, "VEVENT",
                             "line %d: event \"%s\": the file yields more than %d instances",
                             in->line, in->summary ? in->summary : "", SLA_ICS_MAX_INSTANCES);
    if (sla__grow((void **)&x->v, &x->cap, x->n + 1, sizeof *x->v) < 0)
        return SLA_ENOMEM;
    if (!x->summary && (r = own_summary(x, in->summary)) < 0)
        return r;
    x->v[x->n] = *in;
    x->v[x->n++].summary = x->summary;
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

/* ---- one event: its times, then its instances by property ------------- */

/* What DTSTART, DTEND and DURATION say about an event. */
typedef struct {
    const char *summary;
    int line;               /* of the component */
    struct icaltimetype t0; /* DTSTART */
    const sla_tz *ez;       /* event zone (NULL: UTC) */
    bool all_day;
    int64_t w0, u0;             /* DTSTART as wall clock and instant */
    int64_t nd;                 /* all-day: days per instance */
    int64_t dur_days, dur_secs; /* timed: length per instance (days in the event's zone) */
} evtimes;

/* Candidate instances: DTSTART, RRULE instances, RDATEs. */
typedef struct {
    cand *v;
    size_t n, cap;
} cands;

static int push_cand(cands *c, int64_t wall, int64_t utc, bool has_end, int64_t end)
{
    if (sla__grow((void **)&c->v, &c->cap, c->n + 1, sizeof *c->v) < 0)
        return SLA_ENOMEM;
    c->v[c->n].wall = wall;
    c->v[c->n].utc = utc;
    c->v[c->n].has_end = has_end;
    c->v[c->n].end = end;
    c->n++;
    return 0;
}

/* DTSTART (ps): the first instance and the event's zone. */
static int read_dtstart(ctx *x, icalproperty *ps, evtimes *e)
{
    int r;
    e->t0 = icalproperty_get_dtstart(ps);
    if (sla__ics_wall(&e->t0, &e->w0) < 0)
        return bad_value(x, ps, "DTSTART");
    e->all_day = e->t0.is_date != 0;
    e->ez = NULL;
    if (!e->all_day) {
        if ((r = time_zone(x, ps, &e->t0, &e->ez)) < 0)
            return r;
    }
    e->u0 = e->all_day ? e->w0 : to_utc(e->ez, e->w0);
    return 0;
}

/* DTEND, or else DURATION: the length of every instance (none: one day, or
 * zero seconds). */
static int read_length(ctx *x, icalcomponent *ev, evtimes *e)
{
    icalproperty *p;
    int r;

    e->nd = 1;
    e->dur_days = 0;
    e->dur_secs = 0;
    if ((p = icalcomponent_get_first_property(ev, ICAL_DTEND_PROPERTY)) != NULL) {
        struct icaltimetype te = icalproperty_get_dtend(p);
        int64_t we;
        if (sla__ics_wall(&te, &we) < 0)
            return bad_value(x, p, "DTEND");
        if (e->all_day) {
            /* a DATE-TIME end of an all-day event: the dates it touches */
            int64_t d = sla__floordiv(we, SLA__DAY) - sla__floordiv(e->w0, SLA__DAY);
            if (!te.is_date && sla__floormod(we, SLA__DAY) != 0)
                d++;
            e->nd = d < 1 ? 1 : d; /* DTEND <= DTSTART: one day */
        } else {
            const sla_tz *tze;
            int64_t ue;
            if (te.is_date) {
                tze = e->ez;
            } else if ((r = time_zone(x, p, &te, &tze)) < 0) {
                return r;
            }
            ue = to_utc(tze, we);
            if (ue < e->u0)
                return sla__diag_set(x->diag, SLA_EPARSE, sla__ics_prop_line(p), 0, "DTEND",
                                     "line %d: DTEND before DTSTART", sla__ics_prop_line(p));
            e->dur_secs = ue - e->u0;
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
        if (e->all_day) {
            e->nd = days + (secs + SLA__DAY - 1) / SLA__DAY;
            if (e->nd < 1)
                e->nd = 1;
        } else {
            e->dur_days = days;
            e->dur_secs = secs;
        }
    }
    return 0;
}

static int64_t gcd64(int64_t a, int64_t b)
{
    while (b) {
        int64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* libical counts the years before 1753 with Julian leap years (and no
 * calendar reform), RFC 5545 and libsla with the proleptic Gregorian
 * calendar; day arithmetic agrees from this wall instant (1753-01-01) on. */
#define GREGORIAN_FROM ((int64_t)-79257 * SLA__DAY)

/* Set the date and time of @p t (a DATE keeps no time) to Gregorian wall
 * clock @p w. */
static void set_wall(struct icaltimetype *t, int64_t w)
{
    int64_t y, secs = sla__floormod(w, SLA__DAY);
    unsigned m, d;
    sla__civil_from_days(sla__floordiv(w, SLA__DAY), &y, &m, &d);
    t->year = (int)y;
    t->month = (int)m;
    t->day = (int)d;
    if (!t->is_date) {
        t->hour = (int)(secs / 3600);
        t->minute = (int)(secs / 60 % 60);
        t->second = (int)(secs % 60);
    }
}

static bool has_by_parts(const struct icalrecurrencetype *r)
{
    static const size_t sizes[] = {ICAL_BY_SECOND_SIZE, ICAL_BY_MINUTE_SIZE, ICAL_BY_HOUR_SIZE,
                                   ICAL_BY_DAY_SIZE, ICAL_BY_MONTHDAY_SIZE, ICAL_BY_YEARDAY_SIZE,
                                   ICAL_BY_WEEKNO_SIZE, ICAL_BY_MONTH_SIZE, ICAL_BY_SETPOS_SIZE};
    const short *parts[] = {r->by_second, r->by_minute, r->by_hour, r->by_day, r->by_month_day,
                            r->by_year_day, r->by_week_no, r->by_month, r->by_set_pos};
    size_t i;
    for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        if (sizes[i] > 0 && parts[i][0] != ICAL_RECURRENCE_ARRAY_MAX)
            return true;
    return false;
}

/* Move the start of a rule forward by whole periods to just before the
 * window (at least three days before its first day), so that libical's
 * iterator neither walks centuries before the window nor counts them in its
 * Julian years. A whole number of periods gives the same instances from
 * there on: a period of FREQ times INTERVAL for SECONDLY to WEEKLY (BY parts
 * limit or expand within a period; a WEEKLY period keeps its week start),
 * and for MONTHLY and YEARLY a whole number of 400-year Gregorian cycles
 * (same leap days and weekdays) that is also a multiple of INTERVAL. An
 * instance the moved start adds itself lies before the window and is
 * dropped with the other early ones. With COUNT the rule moves only when
 * every period skipped held exactly one instance (no BY part, and for
 * MONTHLY/YEARLY a day that every month or year has); the count shrinks by
 * the periods skipped. Returns 1 when every counted instance lies before
 * the window, 0 when the rule is ready, or SLA_ELIMIT for a COUNT rule
 * before 1753 that cannot move (libical would count its days in the Julian
 * calendar). */
static int shift_start(ctx *x, icalproperty *p, const evtimes *e, struct icalrecurrencetype *rule,
                       struct icaltimetype *start, int64_t *wall)
{
    int64_t target = (x->win_day0 - 3) * SLA__DAY, k = rule->interval > 0 ? rule->interval : 1;
    int64_t unit = 0, n = 0, years = 0, per_cycle = 0;
    bool counted = rule->count > 0, simple = !has_by_parts(rule);

    if (*wall >= target)
        return 0;
    switch (rule->freq) {
    case ICAL_SECONDLY_RECURRENCE: unit = 1; break;
    case ICAL_MINUTELY_RECURRENCE: unit = 60; break;
    case ICAL_HOURLY_RECURRENCE: unit = 3600; break;
    case ICAL_DAILY_RECURRENCE: unit = SLA__DAY; break;
    case ICAL_WEEKLY_RECURRENCE: unit = SLA__WEEK; break;
    case ICAL_MONTHLY_RECURRENCE:
        years = k / gcd64(k, 4800) * 4800 / 12; /* lcm(k months, 4800 months) */
        per_cycle = years * 12 / k;
        simple = simple && start->day <= 28;
        break;
    case ICAL_YEARLY_RECURRENCE:
        years = k / gcd64(k, 400) * 400;
        per_cycle = years / k;
        simple = simple && !(start->month == 2 && start->day == 29);
        break;
    default:
        return 0;
    }
    if (counted && !simple) {
        if (*wall >= GREGORIAN_FROM)
            return 0;
        return sla__diag_set(x->diag, SLA_ELIMIT, sla__ics_prop_line(p), 0, "RRULE",
                             "line %d: event \"%s\": a COUNT rule with BY parts that starts "
                             "before 1753 cannot be expanded exactly (libical counts those "
                             "years in the Julian calendar); give it a DTSTART from 1753 on",
                             sla__ics_prop_line(p), e->summary);
    }
    if (unit) {
        n = (target - *wall) / (unit * k);
        if (counted && n >= rule->count)
            return 1;
        *wall += n * unit * k;
        set_wall(start, *wall);
    } else {
        int64_t y0 = start->year, ty;
        unsigned tm, td;
        sla__civil_from_days(target / SLA__DAY, &ty, &tm, &td);
        n = (ty - 1 - y0) / years;
        if (n <= 0)
            return 0;
        if (counted && n * per_cycle >= rule->count)
            return 1;
        start->year = (int)(y0 + n * years);
        if (sla__ics_wall(start, wall) < 0)
            return bad_value(x, p, "RRULE");
        n *= per_cycle;
    }
    if (counted)
        rule->count -= (int)n;
    return 0;
}

/* RRULE (p): its instances up to its UNTIL and the end of the window, in
 * wall-clock time from DTSTART. */
static int expand_rrule(ctx *x, icalproperty *p, const evtimes *e, cands *cv)
{
    struct icalrecurrencetype rule = icalproperty_get_rrule(p);
    struct icaltimetype start = e->t0, t;
    icalrecur_iterator *it;
    int64_t rule_end = ((int64_t)x->win_day1 + 2) * SLA__DAY, w0 = e->w0;
    unsigned long est, n_iter = 0;
    int r = 0;
    bool ended = false;

    if (rule.freq == ICAL_NO_RECURRENCE)
        return 0;
    if (e->all_day && rule.count == 0 && icaltime_is_null_time(rule.until))
        x->endless = true; /* the holiday horizon of the file is unbounded */
    /* An event that starts after the window has no instance in it (the same
     * as a single event there); libical may not even take its year. */
    if (w0 > rule_end)
        return 0;
    start.zone = NULL;
    if (!icaltime_is_null_time(rule.until)) {
        struct icaltimetype u = rule.until;
        int64_t uw;
        if (sla__ics_wall(&u, &uw) < 0)
            return bad_value(x, p, "RRULE");
        if (!u.is_date && icaltime_is_utc(u)) /* to the event's wall clock */
            uw = e->all_day ? to_wall(x->cal_tz, uw) : to_wall(e->ez, uw);
        if (u.is_date)
            uw += SLA__DAY - 1; /* a DATE UNTIL includes its whole day */
        if (e->all_day)
            uw = sla__floordiv(uw, SLA__DAY) * SLA__DAY;
        if (uw < rule_end)
            rule_end = uw;
        rule.until = icaltime_null_time(); /* bounded here instead */
    }
    if ((r = shift_start(x, p, e, &rule, &start, &w0)) != 0)
        return r < 0 ? r : 0; /* 1: every counted instance lies before the window */
    est = sla__ics_rule_steps(&rule, w0, rule_end);
    if (est > SLA_ICS_MAX_STEPS - x->budget.steps)
        return limit_err(x, sla__ics_prop_line(p), e->summary);
    it = icalrecur_iterator_new(rule, start);
    if (!it)
        return bad_value(x, p, "RRULE");
    for (;;) {
        int64_t w;
        t = icalrecur_iterator_next(it);
        if (icaltime_is_null_time(t)) {
            ended = true;
            break;
        }
        n_iter++;
        if (++x->budget.steps > SLA_ICS_MAX_STEPS) {
            r = limit_err(x, sla__ics_prop_line(p), e->summary);
            break;
        }
        if (sla__ics_wall(&t, &w) < 0) {
            /* a Julian leap day libical made before 1753: before the window */
            if (t.year < 1753)
                continue;
            r = bad_value(x, p, "RRULE");
            break;
        }
        if (w > rule_end)
            break;
        if (sla__floordiv(w, SLA__DAY) < x->win_day0 - 2)
            continue;
        if ((r = push_cand(cv, w, e->all_day ? w : to_utc(e->ez, w), false, 0)) < 0)
            break;
        if (cv->n > (size_t)SLA_ICS_MAX_INSTANCES * 2) {
            r = sla__diag_set(x->diag, SLA_ELIMIT, e->line, 0, "RRULE",
                              "line %d: event \"%s\" has more than %d instances", e->line,
                              e->summary, SLA_ICS_MAX_INSTANCES);
            break;
        }
    }
    icalrecur_iterator_free(it);
    /* The iterator ended before the window did and before its COUNT: libical
     * gave up on the rule (or the rule matches no date). Say so rather than
     * yield fewer instances than the rule has. */
    if (r == 0 && ended && (rule.count == 0 || n_iter < (unsigned long)rule.count))
        r = sla__diag_set(x->diag, SLA_ELIMIT, sla__ics_prop_line(p), 0, "RRULE",
                          "line %d: event \"%s\": the recurrence could not be expanded "
                          "through the window (the rule matches no date, or its expansion "
                          "ends early); give it a later DTSTART or an UNTIL",
                          sla__ics_prop_line(p), e->summary);
    return r;
}

/* The end of an RDATE period starting at instant u (start zone tz). */
static int rdate_period_end(ctx *x, icalproperty *p, const struct icaldatetimeperiodtype *rd,
                            const sla_tz *tz, int64_t u, int64_t *ret)
{
    int64_t e;
    int r;
    if (!icaltime_is_null_time(rd->period.end)) {
        struct icaltimetype te = rd->period.end;
        const sla_tz *tze;
        int64_t we;
        if (sla__ics_wall(&te, &we) < 0)
            return bad_value(x, p, "RDATE");
        if (te.is_date)
            tze = tz;
        else if ((r = time_zone(x, p, &te, &tze)) < 0)
            return r;
        e = to_utc(tze, we);
    } else {
        struct icaldurationtype d = rd->period.duration;
        int64_t s = ((int64_t)d.weeks * 7 + d.days) * SLA__DAY + (int64_t)d.hours * 3600 +
                    (int64_t)d.minutes * 60 + d.seconds;
        if (d.is_neg || s > (int64_t)100000 * SLA__DAY)
            return bad_value(x, p, "RDATE");
        e = u + s;
    }
    if (e < u)
        return bad_value(x, p, "RDATE");
    *ret = e;
    return 0;
}

/* RDATE (p): one more instance, a date, a date-time or a period. */
static int expand_rdate(ctx *x, icalproperty *p, const evtimes *e, cands *cv)
{
    struct icaldatetimeperiodtype rd = icalproperty_get_rdate(p);
    bool period = icaltime_is_null_time(rd.time);
    struct icaltimetype t = period ? rd.period.start : rd.time;
    const sla_tz *tz;
    int64_t w, u, end = 0;
    int r;

    if (icaltime_is_null_time(t))
        return 0;
    if (sla__ics_wall(&t, &w) < 0)
        return bad_value(x, p, "RDATE");
    if (e->all_day) {
        if (!t.is_date && icaltime_is_utc(t))
            w = to_wall(x->cal_tz, w);
        w = sla__floordiv(w, SLA__DAY) * SLA__DAY;
        return push_cand(cv, w, w, false, 0);
    }
    if (t.is_date) {
        w += sla__floormod(e->w0, SLA__DAY); /* the date at DTSTART's time */
        tz = e->ez;
    } else if ((r = time_zone(x, p, &t, &tz)) < 0) {
        return r;
    }
    u = to_utc(tz, w);
    w = to_wall(e->ez, u);
    if (period && (r = rdate_period_end(x, p, &rd, tz, u, &end)) < 0)
        return r;
    return push_cand(cv, w, u, period, end);
}

/* The instance of candidate c in the window (false: none, or no effect). */
static bool place_instance(const ctx *x, const evtimes *e, const cand *c, int64_t day, inst *in)
{
    memset(in, 0, sizeof *in);
    in->line = e->line;
    in->summary = e->summary;
    in->all_day = e->all_day;
    if (e->all_day) {
        in->day0 = day;
        in->day1 = day + e->nd;
        if (in->day0 >= x->win_day1 || in->day0 < x->win_day0)
            return false;
        if (in->day1 > x->win_day1)
            in->day1 = x->win_day1;
        in->start = sla__tz_local_to_utc(x->cal_tz, in->day0 * SLA__DAY);
        in->end = sla__tz_local_to_utc(x->cal_tz, in->day1 * SLA__DAY);
    } else {
        int64_t lday;
        in->start = c->utc;
        if (c->has_end)
            in->end = c->end;
        else if (e->dur_days)
            in->end = to_utc(e->ez, c->wall + e->dur_days * SLA__DAY) + e->dur_secs;
        else
            in->end = in->start + e->dur_secs;
        if (in->end < in->start)
            in->end = in->start;
        if (in->start < x->clip0)
            in->start = x->clip0;
        if (in->end > x->clip1)
            in->end = x->clip1;
        if (in->end <= in->start)
            return false; /* zero-length or clipped away: no effect */
        lday = sla__floordiv(to_wall(x->cal_tz, in->start), SLA__DAY);
        if (lday < x->win_day0 || lday >= x->win_day1)
            return false;
        if (in->start < SLA_TIME_MIN)
            in->start = SLA_TIME_MIN;
        if (in->end > SLA_TIME_MAX)
            in->end = SLA_TIME_MAX;
        if (in->end <= in->start)
            return false;
        in->day0 = lday;
        in->day1 = sla__floordiv(to_wall(x->cal_tz, in->end - 1), SLA__DAY) + 1;
    }
    return true;
}

/* The candidates in time order, each once, less the excluded ones (EXDATE,
 * RECURRENCE-ID), placed in the window and added. */
static int emit_instances(ctx *x, const evtimes *e, cands *cv, const exclusions *ex)
{
    size_t i;
    int r;
    qsort(cv->v, cv->n, sizeof *cv->v, cmp_cand);
    for (i = 0; i < cv->n; i++) {
        inst in;
        int64_t day = sla__floordiv(cv->v[i].wall, SLA__DAY);
        if (i > 0 && cv->v[i].utc == cv->v[i - 1].utc)
            continue; /* the same instance from two sources */
        if (excluded(ex, e->all_day, day, cv->v[i].utc))
            continue;
        if (!place_instance(x, e, &cv->v[i], day, &in))
            continue;
        if ((r = add_inst(x, &in)) < 0)
            return r;
    }
    return 0;
}

/* Expand one VEVENT (or AVAILABLE): DTSTART and the length, then the
 * instances of each RRULE and RDATE (unless `single`: an override has only
 * its own), less those matching `ex` (EXDATEs and overridden instances). */
static int expand_event(ctx *x, icalcomponent *ev, const exclusions *ex, bool single,
                        const char *summary)
{
    icalproperty *ps = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY), *p;
    evtimes e;
    cands cv = {NULL, 0, 0};
    int r;

    if (!ps)
        return 0; /* nothing to place: ignored */
    x->summary = NULL;
    e.summary = summary;
    e.line = sla__ics_comp_line(ev);
    if ((r = read_dtstart(x, ps, &e)) < 0 || (r = read_length(x, ev, &e)) < 0)
        return r;
    if ((r = push_cand(&cv, e.w0, e.u0, false, 0)) < 0)
        goto out;
    for (p = single ? NULL : icalcomponent_get_first_property(ev, ICAL_RRULE_PROPERTY); p;
         p = icalcomponent_get_next_property(ev, ICAL_RRULE_PROPERTY))
        if ((r = expand_rrule(x, p, &e, &cv)) < 0)
            goto out;
    for (p = single ? NULL : icalcomponent_get_first_property(ev, ICAL_RDATE_PROPERTY); p;
         p = icalcomponent_get_next_property(ev, ICAL_RDATE_PROPERTY))
        if ((r = expand_rdate(x, p, &e, &cv)) < 0)
            goto out;
    r = emit_instances(x, &e, &cv, ex);
out:
    sla__free(cv.v);
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

/* Visit the event-like components of one unit: a VEVENT, or (opening-hours
 * mode) the AVAILABLE blocks of a VAVAILABILITY. */
typedef int (*visit_fn)(ctx *x, icalcomponent *ev);

/* One end of a VAVAILABILITY's span: a date is local midnight. */
static int availability_bound(ctx *x, icalproperty *p, struct icaltimetype t, const char *name,
                              int64_t *ret)
{
    tkey k;
    int r = make_key(x, p, t, name, &k);
    if (r < 0)
        return r;
    *ret = t.is_date ? sla__tz_local_to_utc(x->cal_tz, k.day * SLA__DAY) : k.utc;
    return 0;
}

static int visit_unit(ctx *x, icalcomponent *c, visit_fn fn)
{
    icalcomponent_kind k = icalcomponent_isa(c);
    if (k == ICAL_VEVENT_COMPONENT)
        return fn(x, c);
    if (k == ICAL_VAVAILABILITY_COMPONENT && x->o->mode == SLA_ICS_OPENING_HOURS) {
        /* RFC 7953: AVAILABLE blocks, within the VAVAILABILITY's own
         * DTSTART/DTEND when it has them */
        icalcomponent *a;
        icalproperty *p;
        int64_t c0 = INT64_MIN, c1 = INT64_MAX;
        int r = 0;
        if ((p = icalcomponent_get_first_property(c, ICAL_DTSTART_PROPERTY)) != NULL &&
            (r = availability_bound(x, p, icalproperty_get_dtstart(p), "DTSTART", &c0)) < 0)
            return r;
        if ((p = icalcomponent_get_first_property(c, ICAL_DTEND_PROPERTY)) != NULL &&
            (r = availability_bound(x, p, icalproperty_get_dtend(p), "DTEND", &c1)) < 0)
            return r;
        x->clip0 = c0;
        x->clip1 = c1;
        for (a = icalcomponent_get_first_component(c, ICAL_XAVAILABLE_COMPONENT); a;
             a = icalcomponent_get_next_component(c, ICAL_XAVAILABLE_COMPONENT))
            if ((r = fn(x, a)) < 0)
                break;
        x->clip0 = INT64_MIN;
        x->clip1 = INT64_MAX;
        return r;
    }
    return 0;
}

/* Visit the units of the doc that hold events, each parsed, visited and
 * freed in turn, so that libical holds one at a time: those with a
 * RECURRENCE-ID when @p rid_only, else all but the override VEVENTs. */
static int visit_events(ctx *x, sla__ics_doc *doc, bool rid_only, visit_fn fn)
{
    size_t i;
    int r;
    for (i = 0; i < doc->n; i++) {
        const sla__ics_unit *u = &doc->u[i];
        icalcomponent *c;
        if (u->kind == SLA__ICS_VTIMEZONE || (rid_only && !u->has_rid) ||
            (!rid_only && u->has_rid && u->kind == SLA__ICS_VEVENT))
            continue; /* an override VEVENT is expanded with the overrides */
        if ((r = sla__ics_unit_parse(doc, i, &c, x->diag)) < 0)
            return r;
        r = visit_unit(x, c, fn);
        icalcomponent_free(c);
        if (r < 0)
            return r;
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
    if (!(x->ov[x->nov].uid = sla__strdup(uid_of(ev))))
        return SLA_ENOMEM;
    x->ov[x->nov].key = k;
    x->nov++;
    return 0;
}

/* Pass 2: expand. */

/* The overrides of `uid`: x->ov[*lo, *hi) (x->ov is sorted by uid). */
static void overrides_of(const ctx *x, const char *uid, size_t *ret_lo, size_t *ret_hi)
{
    ovr key;
    size_t lo = 0, hi = x->nov;
    key.uid = uid;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cmp_ovr(&x->ov[mid], &key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (hi = lo; hi < x->nov && strcmp(x->ov[hi].uid, key.uid) == 0; hi++)
        ;
    *ret_lo = lo;
    *ret_hi = hi;
}

/* The instances a recurring event leaves out: its EXDATEs and the instances
 * that RECURRENCE-ID overrides of its UID replace, sorted for lookup. */
static int collect_exclusions(ctx *x, icalcomponent *ev, exclusions *ex)
{
    size_t nex = 0, i, lo, hi;
    icalproperty *p;
    int r;

    memset(ex, 0, sizeof *ex);
    overrides_of(x, uid_of(ev), &lo, &hi);
    for (p = icalcomponent_get_first_property(ev, ICAL_EXDATE_PROPERTY); p;
         p = icalcomponent_get_next_property(ev, ICAL_EXDATE_PROPERTY))
        nex++;
    nex += hi - lo;
    if (!nex)
        return 0;
    ex->days_all = sla__malloc(nex * sizeof(int64_t));
    ex->days_date = sla__malloc(nex * sizeof(int64_t));
    ex->utcs = sla__malloc(nex * sizeof(int64_t));
    if (!ex->days_all || !ex->days_date || !ex->utcs)
        return SLA_ENOMEM;
    for (p = icalcomponent_get_first_property(ev, ICAL_EXDATE_PROPERTY); p;
         p = icalcomponent_get_next_property(ev, ICAL_EXDATE_PROPERTY)) {
        tkey k;
        if ((r = make_key(x, p, icalproperty_get_exdate(p), "EXDATE", &k)) < 0)
            return r;
        excl_add(ex, &k);
    }
    for (i = lo; i < hi; i++)
        excl_add(ex, &x->ov[i].key);
    qsort(ex->days_all, ex->n_all, sizeof(int64_t), cmp_i64);
    qsort(ex->days_date, ex->n_date, sizeof(int64_t), cmp_i64);
    qsort(ex->utcs, ex->n_utc, sizeof(int64_t), cmp_i64);
    return 0;
}

static int do_event(ctx *x, icalcomponent *ev)
{
    const char *summary = summary_of(ev);
    bool is_override = icalcomponent_get_first_property(ev, ICAL_RECURRENCEID_PROPERTY) != NULL;
    bool cancelled = icalcomponent_get_status(ev) == ICAL_STATUS_CANCELLED;
    bool selected = !cancelled && sla__ics_event_selected(x->o, ev, summary);
    exclusions ex;
    int r;

    if (!selected)
        return 0;
    if (is_override)
        return expand_event(x, ev, &(exclusions){0}, true, summary);
    if ((r = collect_exclusions(x, ev, &ex)) == 0)
        r = expand_event(x, ev, &ex, false, summary);
    excl_free(&ex);
    return r;
}

/* Pass 1 over the units with a RECURRENCE-ID: collect the overrides, and
 * expand an override VEVENT at once (it needs no other override), so that
 * it is parsed once. */
static int override_pass(ctx *x, icalcomponent *ev)
{
    int r = collect_override(x, ev);
    if (r == 0 && icalcomponent_isa(ev) == ICAL_VEVENT_COMPONENT)
        r = do_event(x, ev);
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

int sla__ics_expand_all(ctx *x, const char *data, size_t len, sla__ics_doc *doc)
{
    int r;
    x->win_day0 = sla__days_from_civil(x->o->year_from, 1, 1);
    x->win_day1 = sla__days_from_civil((int64_t)x->o->year_to + 1, 1, 1);
    x->clip0 = INT64_MIN;
    x->clip1 = INT64_MAX;
    if ((r = sla__ics_scan(data, len, doc, x->diag)) < 0)
        return r;
    if ((r = sla__ics_zones_new(doc, &x->budget, x->tzdir, &x->zones, x->diag)) < 0)
        return r;
    if ((r = visit_events(x, doc, true, override_pass)) < 0)
        return r;
    if (x->nov)
        qsort(x->ov, x->nov, sizeof *x->ov, cmp_ovr);
    if ((r = visit_events(x, doc, false, do_event)) < 0)
        return r;
    if (x->n)
        qsort(x->v, x->n, sizeof *x->v, cmp_inst);
    return 0;
}

void sla__ics_expansion_done(ctx *x)
{
    size_t i;
    sla__ics_zones_free(x->zones);
    sla__free(x->v);
    for (i = 0; i < x->nov; i++)
        sla__free((char *)x->ov[i].uid);
    sla__free(x->ov);
    for (i = 0; i < x->nsums; i++)
        sla__free(x->sums[i]);
    sla__free(x->sums);
}
