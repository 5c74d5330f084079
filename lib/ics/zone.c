/* Time zones named by TZID parameters in iCalendar files.
 * SPDX-License-Identifier: MIT
 *
 * libsla never uses libical's zone conversion (see README: it reads some
 * zones wrongly and maps gap/overlap times to the other side). A TZID is
 * resolved, in this order:
 *   1. an IANA name, also behind a "/vendor/prefix/" (libical, Mozilla and
 *      others write "/freeassociation.sourceforge.net/Europe/Berlin"):
 *      libsla's own zone from the tz database;
 *   2. a VTIMEZONE with that TZID in the file: its STANDARD/DAYLIGHT
 *      observances (DTSTART, RRULE, RDATE, TZOFFSETFROM/TO) expanded into
 *      transitions up to 2200;
 *   3. a common Windows zone name ("W. Europe Standard Time"): its IANA zone
 *      by the CLDR mapping for the world region (table below).
 * Anything else is SLA_ENOZONE, reported where the TZID is used.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/hash.h"
#include "ics/ics.h"

typedef struct {
    char *tzid;
    sla_tz *tz;
} zentry;

/* A VTIMEZONE of the file: its TZID and its unit in the doc. */
typedef struct {
    char *tzid;
    size_t unit;
} vtzentry;

struct sla__ics_zones {
    sla__ics_doc *doc; /* borrowed */
    vtzentry *vtz;
    size_t nvtz, vcap;
    zentry *e;
    size_t n, cap;
    size_t *slot; /* open addressing: 0 empty, else an index of e plus 1 */
    size_t nslot; /* a power of two, at least twice n */
    sla__ics_budget *budget;
    const char *tzdir; /* borrowed; NULL: the default directory */
};

/* Windows zone names (CLDR windowsZones.xml, territory "001"). */
static const char *const windows_map[][2] = {
    {"AUS Central Standard Time", "Australia/Darwin"},
    {"AUS Eastern Standard Time", "Australia/Sydney"},
    {"Alaskan Standard Time", "America/Anchorage"},
    {"Arab Standard Time", "Asia/Riyadh"},
    {"Arabian Standard Time", "Asia/Dubai"},
    {"Argentina Standard Time", "America/Buenos_Aires"},
    {"Atlantic Standard Time", "America/Halifax"},
    {"Canada Central Standard Time", "America/Regina"},
    {"Cen. Australia Standard Time", "Australia/Adelaide"},
    {"Central America Standard Time", "America/Guatemala"},
    {"Central Europe Standard Time", "Europe/Budapest"},
    {"Central European Standard Time", "Europe/Warsaw"},
    {"Central Standard Time", "America/Chicago"},
    {"Central Standard Time (Mexico)", "America/Mexico_City"},
    {"China Standard Time", "Asia/Shanghai"},
    {"E. Australia Standard Time", "Australia/Brisbane"},
    {"E. Europe Standard Time", "Europe/Chisinau"},
    {"E. South America Standard Time", "America/Sao_Paulo"},
    {"Eastern Standard Time", "America/New_York"},
    {"Egypt Standard Time", "Africa/Cairo"},
    {"FLE Standard Time", "Europe/Kiev"},
    {"GMT Standard Time", "Europe/London"},
    {"GTB Standard Time", "Europe/Bucharest"},
    {"Greenwich Standard Time", "Atlantic/Reykjavik"},
    {"Hawaiian Standard Time", "Pacific/Honolulu"},
    {"India Standard Time", "Asia/Calcutta"},
    {"Iran Standard Time", "Asia/Tehran"},
    {"Israel Standard Time", "Asia/Jerusalem"},
    {"Korea Standard Time", "Asia/Seoul"},
    {"Mountain Standard Time", "America/Denver"},
    {"New Zealand Standard Time", "Pacific/Auckland"},
    {"Newfoundland Standard Time", "America/St_Johns"},
    {"Pacific SA Standard Time", "America/Santiago"},
    {"Pacific Standard Time", "America/Los_Angeles"},
    {"Pakistan Standard Time", "Asia/Karachi"},
    {"Romance Standard Time", "Europe/Paris"},
    {"Russian Standard Time", "Europe/Moscow"},
    {"SA Eastern Standard Time", "America/Cayenne"},
    {"SA Pacific Standard Time", "America/Bogota"},
    {"SE Asia Standard Time", "Asia/Bangkok"},
    {"Singapore Standard Time", "Asia/Singapore"},
    {"South Africa Standard Time", "Africa/Johannesburg"},
    {"Taipei Standard Time", "Asia/Taipei"},
    {"Tasmania Standard Time", "Australia/Hobart"},
    {"Tokyo Standard Time", "Asia/Tokyo"},
    {"Turkey Standard Time", "Europe/Istanbul"},
    {"US Eastern Standard Time", "America/Indianapolis"},
    {"US Mountain Standard Time", "America/Phoenix"},
    {"UTC", "UTC"},
    {"W. Australia Standard Time", "Australia/Perth"},
    {"W. Europe Standard Time", "Europe/Berlin"},
    {"West Asia Standard Time", "Asia/Tashkent"},
};

const char *sla__ics_windows_zone(const char *name)
{
    size_t i;
    for (i = 0; i < sizeof windows_map / sizeof windows_map[0]; i++)
        if (strcasecmp(name, windows_map[i][0]) == 0)
            return windows_map[i][1];
    return NULL;
}

int sla__ics_wall(const struct icaltimetype *t, int64_t *ret)
{
    int64_t days;
    if (t->year < 1 || t->year > 9999 || t->month < 1 || t->month > 12 || t->day < 1 ||
        (unsigned)t->day > sla__days_in_month(t->year, (unsigned)t->month))
        return SLA_EPARSE;
    days = sla__days_from_civil(t->year, (unsigned)t->month, (unsigned)t->day);
    if (t->is_date) {
        *ret = days * SLA__DAY;
        return 0;
    }
    if (t->hour < 0 || t->hour > 23 || t->minute < 0 || t->minute > 59 || t->second < 0 ||
        t->second > 60)
        return SLA_EPARSE;
    /* a leap second (:60) is read as the last second of its minute */
    *ret = days * SLA__DAY + t->hour * 3600 + t->minute * 60 + (t->second == 60 ? 59 : t->second);
    return 0;
}

static bool has_by(const short *a, int size)
{
    return size > 0 && a[0] != ICAL_RECURRENCE_ARRAY_MAX;
}

unsigned long sla__ics_rule_steps(const struct icalrecurrencetype *r, int64_t start_wall,
                                  int64_t end_wall)
{
    int64_t unit, span, steps, interval = r->interval > 0 ? r->interval : 1;
    bool filtered;

    switch (r->freq) {
    case ICAL_SECONDLY_RECURRENCE: unit = 1; break;
    case ICAL_MINUTELY_RECURRENCE: unit = 60; break;
    case ICAL_HOURLY_RECURRENCE: unit = 3600; break;
    case ICAL_DAILY_RECURRENCE: unit = SLA__DAY; break;
    case ICAL_WEEKLY_RECURRENCE: unit = SLA__WEEK; break;
    case ICAL_MONTHLY_RECURRENCE: unit = 28 * SLA__DAY; break;
    default: unit = 365 * SLA__DAY; break;
    }
    /* libical steps by the frequency and filters each step with the BY
     * parts; with no filter a COUNT bounds the steps too. BYHOUR, BYMINUTE
     * and BYSECOND expand a coarser frequency but filter one as fine as
     * they are (MINUTELY;BYHOUR=3 steps through every minute of the day for
     * one hour's instances), so there they count as filters. */
    filtered = has_by(r->by_day, ICAL_BY_DAY_SIZE) || has_by(r->by_month_day, ICAL_BY_MONTHDAY_SIZE) ||
               has_by(r->by_year_day, ICAL_BY_YEARDAY_SIZE) ||
               has_by(r->by_week_no, ICAL_BY_WEEKNO_SIZE) || has_by(r->by_month, ICAL_BY_MONTH_SIZE) ||
               has_by(r->by_set_pos, ICAL_BY_SETPOS_SIZE) ||
               (unit <= 3600 && has_by(r->by_hour, ICAL_BY_HOUR_SIZE)) ||
               (unit <= 60 && has_by(r->by_minute, ICAL_BY_MINUTE_SIZE)) ||
               (unit <= 1 && has_by(r->by_second, ICAL_BY_SECOND_SIZE));
    span = end_wall - start_wall;
    if (span < 0)
        span = 0;
    steps = span / (unit * interval) + 2;
    if (r->count > 0 && !filtered && r->count < steps)
        steps = (int64_t)r->count + 1;
    return steps > (int64_t)SLA_ICS_MAX_STEPS ? (unsigned long)SLA_ICS_MAX_STEPS + 1
                                              : (unsigned long)steps;
}

static int cmp_vtz(const void *a, const void *b)
{
    const vtzentry *x = a, *y = b;
    int c = strcmp(x->tzid, y->tzid);
    return c ? c : (x->unit > y->unit) - (x->unit < y->unit);
}

int sla__ics_zones_new(sla__ics_doc *doc, sla__ics_budget *budget, const char *tzdir,
                       sla__ics_zones **ret, sla_diag *diag)
{
    sla__ics_zones *z = sla__calloc(1, sizeof *z);
    size_t i;
    int r = SLA_ENOMEM;

    if (!z)
        return SLA_ENOMEM;
    z->doc = doc;
    z->budget = budget;
    z->tzdir = tzdir;
    /* Every VTIMEZONE is parsed here, used or not, so that a bad value in
     * one is an error whether an event names it or not. */
    for (i = 0; i < doc->n; i++) {
        icalcomponent *c;
        icalproperty *p;
        const char *id;
        if (doc->u[i].kind != SLA__ICS_VTIMEZONE)
            continue;
        if ((r = sla__ics_unit_parse(doc, i, &c, diag)) < 0)
            goto fail;
        p = icalcomponent_get_first_property(c, ICAL_TZID_PROPERTY);
        id = p ? icalproperty_get_tzid(p) : NULL;
        r = SLA_ENOMEM;
        if (id && sla__grow((void **)&z->vtz, &z->vcap, z->nvtz + 1, sizeof *z->vtz) == 0 &&
            (z->vtz[z->nvtz].tzid = sla__strdup(id)) != NULL) {
            z->vtz[z->nvtz++].unit = i;
            r = 0;
        } else if (!id) {
            r = 0; /* a VTIMEZONE without a TZID can never be named */
        }
        icalcomponent_free(c);
        if (r < 0)
            goto fail;
    }
    if (z->nvtz)
        qsort(z->vtz, z->nvtz, sizeof *z->vtz, cmp_vtz);
    *ret = z;
    return 0;
fail:
    sla__ics_zones_free(z);
    return r;
}

void sla__ics_zones_free(sla__ics_zones *z)
{
    size_t i;
    if (!z)
        return;
    for (i = 0; i < z->n; i++) {
        sla__free(z->e[i].tzid);
        sla__tz_unref(z->e[i].tz);
    }
    sla__free(z->e);
    sla__free(z->slot);
    for (i = 0; i < z->nvtz; i++)
        sla__free(z->vtz[i].tzid);
    sla__free(z->vtz);
    sla__free(z);
}

typedef struct {
    int64_t utc;
    int32_t from, to;
} onset;

static int cmp_onset(const void *a, const void *b)
{
    const onset *x = a, *y = b;
    return x->utc < y->utc ? -1 : x->utc > y->utc;
}

static int add_onset(onset **v, size_t *n, size_t *cap, int64_t utc, int32_t from, int32_t to)
{
    if (sla__grow((void **)v, cap, *n + 1, sizeof **v) < 0)
        return SLA_ENOMEM;
    (*v)[*n].utc = utc;
    (*v)[*n].from = from;
    (*v)[*n].to = to;
    (*n)++;
    return 0;
}

#define VTZ_END_WALL ((int64_t)84006 * SLA__DAY + 2 * SLA__DAY) /* 2200-01-03 */

static int bad_obs(sla_diag *diag, int line, const char *tzid, const char *what)
{
    return sla__diag_set(diag, SLA_EPARSE, line, 0, "VTIMEZONE",
                         "line %d: VTIMEZONE \"%s\": %s", line, tzid, what);
}

/* Expand one VTIMEZONE into transitions and build a zone. */
static int build_vtz(sla__ics_zones *z, icalcomponent *vtz, const char *tzid, sla_tz **ret,
                     sla_diag *diag)
{
    onset *v = NULL;
    size_t n = 0, cap = 0, i, m;
    int64_t *utc = NULL;
    int32_t *off = NULL, initial = 0;
    icalcomponent *obs;
    int r = 0, vline = sla__ics_comp_line(vtz);

    for (obs = icalcomponent_get_first_component(vtz, ICAL_ANY_COMPONENT); obs;
         obs = icalcomponent_get_next_component(vtz, ICAL_ANY_COMPONENT)) {
        icalcomponent_kind k = icalcomponent_isa(obs);
        icalproperty *ps, *pf, *pt, *p;
        struct icaltimetype dt;
        int64_t wall, from, to;
        int oline = sla__ics_comp_line(obs);

        if (k != ICAL_XSTANDARD_COMPONENT && k != ICAL_XDAYLIGHT_COMPONENT)
            continue;
        ps = icalcomponent_get_first_property(obs, ICAL_DTSTART_PROPERTY);
        pf = icalcomponent_get_first_property(obs, ICAL_TZOFFSETFROM_PROPERTY);
        pt = icalcomponent_get_first_property(obs, ICAL_TZOFFSETTO_PROPERTY);
        if (!ps || !pt) {
            r = bad_obs(diag, oline, tzid, "observance without DTSTART or TZOFFSETTO");
            goto out;
        }
        to = icalproperty_get_tzoffsetto(pt);
        from = pf ? icalproperty_get_tzoffsetfrom(pf) : to;
        if (to <= -SLA__DAY || to >= SLA__DAY || from <= -SLA__DAY || from >= SLA__DAY) {
            r = bad_obs(diag, oline, tzid, "UTC offset of a day or more");
            goto out;
        }
        dt = icalproperty_get_dtstart(ps);
        if (sla__ics_wall(&dt, &wall) < 0) {
            r = bad_obs(diag, sla__ics_prop_line(ps), tzid, "bad DTSTART");
            goto out;
        }
        /* a UTC DTSTART is not allowed here, but mean what it says */
        if (!dt.is_date && icaltime_is_utc(dt))
            wall += from;
        if ((r = add_onset(&v, &n, &cap, wall - from, (int32_t)from, (int32_t)to)) < 0)
            goto out;
        for (p = icalcomponent_get_first_property(obs, ICAL_RRULE_PROPERTY); p;
             p = icalcomponent_get_next_property(obs, ICAL_RRULE_PROPERTY)) {
            struct icalrecurrencetype rule = icalproperty_get_rrule(p);
            icalrecur_iterator *it;
            struct icaltimetype t, start = dt;
            int64_t end_wall = VTZ_END_WALL, uw;
            unsigned long est;

            start.zone = NULL;
            if (!icaltime_is_null_time(rule.until)) {
                if (sla__ics_wall(&rule.until, &uw) == 0) {
                    if (!rule.until.is_date && icaltime_is_utc(rule.until))
                        uw += from;
                    if (rule.until.is_date)
                        uw += SLA__DAY - 1;
                    if (uw < end_wall)
                        end_wall = uw;
                }
                rule.until = icaltime_null_time();
            }
            est = sla__ics_rule_steps(&rule, wall, end_wall);
            if (est > SLA_ICS_MAX_STEPS || z->budget->steps + est > SLA_ICS_MAX_STEPS) {
                r = sla__diag_set(diag, SLA_ELIMIT, sla__ics_prop_line(p), 0, "RRULE",
                                  "line %d: VTIMEZONE \"%s\": rule needs more than %d steps",
                                  sla__ics_prop_line(p), tzid, SLA_ICS_MAX_STEPS);
                goto out;
            }
            if (rule.freq == ICAL_NO_RECURRENCE)
                continue;
            it = icalrecur_iterator_new(rule, start);
            if (!it) {
                r = bad_obs(diag, sla__ics_prop_line(p), tzid, "unusable RRULE");
                goto out;
            }
            for (;;) {
                int64_t w;
                t = icalrecur_iterator_next(it);
                if (icaltime_is_null_time(t))
                    break;
                if (++z->budget->steps > SLA_ICS_MAX_STEPS) {
                    icalrecur_iterator_free(it);
                    r = sla__diag_set(diag, SLA_ELIMIT, sla__ics_prop_line(p), 0, "RRULE",
                                      "line %d: expansion needs more than %d steps",
                                      sla__ics_prop_line(p), SLA_ICS_MAX_STEPS);
                    goto out;
                }
                if (sla__ics_wall(&t, &w) < 0 || w > end_wall)
                    break;
                if ((r = add_onset(&v, &n, &cap, w - from, (int32_t)from, (int32_t)to)) < 0) {
                    icalrecur_iterator_free(it);
                    goto out;
                }
            }
            icalrecur_iterator_free(it);
        }
        for (p = icalcomponent_get_first_property(obs, ICAL_RDATE_PROPERTY); p;
             p = icalcomponent_get_next_property(obs, ICAL_RDATE_PROPERTY)) {
            struct icaldatetimeperiodtype rd = icalproperty_get_rdate(p);
            struct icaltimetype t = icaltime_is_null_time(rd.time) ? rd.period.start : rd.time;
            int64_t w;
            if (icaltime_is_null_time(t))
                continue;
            if (sla__ics_wall(&t, &w) < 0) {
                r = bad_obs(diag, sla__ics_prop_line(p), tzid, "bad RDATE");
                goto out;
            }
            if (!t.is_date && icaltime_is_utc(t))
                w += from;
            if ((r = add_onset(&v, &n, &cap, w - from, (int32_t)from, (int32_t)to)) < 0)
                goto out;
        }
    }
    if (n == 0) {
        r = bad_obs(diag, vline, tzid, "no STANDARD or DAYLIGHT observance");
        goto out;
    }
    qsort(v, n, sizeof *v, cmp_onset);
    utc = sla__malloc(n * sizeof *utc);
    off = sla__malloc(n * sizeof *off);
    if (!utc || !off) {
        r = SLA_ENOMEM;
        goto out;
    }
    /* before the first onset, that onset's TZOFFSETFROM is in force */
    initial = v[0].from;
    m = 0;
    {
        int32_t cur = initial;
        for (i = 0; i < n; i++) {
            if (v[i].to == cur)
                continue;
            if (m && v[i].utc <= utc[m - 1]) {
                /* same instant listed twice: the later listing wins */
                off[m - 1] = v[i].to;
                cur = v[i].to;
                continue;
            }
            utc[m] = v[i].utc;
            off[m] = v[i].to;
            cur = v[i].to;
            m++;
        }
    }
    r = sla__tz_new_from_transitions(tzid, initial, m, utc, off, ret);
    if (r < 0)
        r = sla__diag_set(diag, r == SLA_ENOMEM ? SLA_ENOMEM : SLA_EPARSE, vline, 0, "VTIMEZONE",
                          "line %d: VTIMEZONE \"%s\" gives no usable zone", vline, tzid);
out:
    sla__free(v);
    sla__free(utc);
    sla__free(off);
    return r;
}

/* ---- the zones resolved so far: a hash of TZID -> zone ---------------- */

static size_t *slot_of(const sla__ics_zones *z, const char *name)
{
    size_t mask = z->nslot - 1, i;
    if (!z->nslot)
        return NULL;
    i = (size_t)sla__fnv1a64(SLA__FNV64_BASIS, name, strlen(name)) & mask;
    for (;; i = (i + 1) & mask)
        if (!z->slot[i] || strcmp(z->e[z->slot[i] - 1].tzid, name) == 0)
            return &z->slot[i];
}

static sla_tz *cached(const sla__ics_zones *z, const char *name)
{
    size_t *s = slot_of(z, name);
    return s && *s ? z->e[*s - 1].tz : NULL;
}

/* Remember name -> tz (a reference of its own). */
static int remember(sla__ics_zones *z, const char *name, sla_tz *tz)
{
    size_t *s;
    if (2 * (z->n + 1) > z->nslot) {
        size_t n = z->nslot ? 2 * z->nslot : 64, i;
        size_t *v = sla__calloc(n, sizeof *v), *old = z->slot;
        if (!v)
            return SLA_ENOMEM;
        z->slot = v;
        z->nslot = n;
        for (i = 0; i < z->n; i++)
            *slot_of(z, z->e[i].tzid) = i + 1;
        sla__free(old);
    }
    if (sla__grow((void **)&z->e, &z->cap, z->n + 1, sizeof *z->e) < 0)
        return SLA_ENOMEM;
    if (!(z->e[z->n].tzid = sla__strdup(name)))
        return SLA_ENOMEM;
    z->e[z->n].tz = sla__tz_ref(tz);
    s = slot_of(z, name);
    *s = ++z->n;
    return 0;
}

/* "/a/b/Europe/Berlin" -> tries "a/b/Europe/Berlin", "b/Europe/Berlin",
 * "Europe/Berlin". Only names with a '/' or "UTC"-like single names that
 * the tz database has. Each name found is remembered, so that a file of
 * many vendor prefixes reads each zone of the tz database once. */
static int load_iana(sla__ics_zones *z, const char *tzid, sla_tz **ret)
{
    const char *p = tzid;
    while (*p == '/')
        p++;
    while (*p) {
        const char *slash;
        sla_tz *tz = cached(z, p);
        int r;
        if (tz) {
            *ret = sla__tz_ref(tz);
            return 0;
        }
        r = sla__tz_load(p, z->tzdir, ret);
        if (r == 0 && (r = remember(z, p, *ret)) < 0)
            sla__tz_unref(*ret);
        if (r == 0 || r == SLA_ENOMEM)
            return r;
        slash = strchr(p, '/');
        if (!slash)
            break;
        p = slash + 1;
    }
    return SLA_ENOZONE;
}

/* The first VTIMEZONE of the file with this TZID (z->vtz is sorted by TZID
 * and then by place in the file), or NULL. */
static const vtzentry *find_vtz(const sla__ics_zones *z, const char *tzid)
{
    size_t lo = 0, hi = z->nvtz;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(z->vtz[mid].tzid, tzid) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < z->nvtz && strcmp(z->vtz[lo].tzid, tzid) == 0 ? &z->vtz[lo] : NULL;
}

int sla__ics_zone(sla__ics_zones *z, const char *tzid, int line, const sla_tz **ret,
                  sla_diag *diag)
{
    sla_tz *tz = cached(z, tzid);
    const char *win;
    int r;

    if (tz) {
        *ret = tz;
        return 0;
    }
    r = load_iana(z, tzid, &tz);
    if (r == SLA_ENOMEM)
        return r;
    if (r < 0) {
        const vtzentry *found = find_vtz(z, tzid);
        if (found) {
            icalcomponent *c;
            if ((r = sla__ics_unit_parse(z->doc, found->unit, &c, diag)) < 0)
                return r;
            r = build_vtz(z, c, tzid, &tz, diag);
            icalcomponent_free(c);
            if (r < 0)
                return r;
        } else if ((win = sla__ics_windows_zone(tzid)) != NULL) {
            if ((r = load_iana(z, win, &tz)) == SLA_ENOMEM)
                return r;
            if (r < 0)
                return sla__diag_set(diag, SLA_ENOZONE, line, 0, "TZID",
                                     "line %d: zone \"%s\" (for \"%s\") is not in the tz database",
                                     line, win, tzid);
        } else {
            return sla__diag_set(diag, SLA_ENOZONE, line, 0, "TZID",
                                 "line %d: unknown time zone \"%s\" (no VTIMEZONE in the file, "
                                 "not an IANA or known Windows zone name)",
                                 line, tzid);
        }
    }
    if (!cached(z, tzid) && (r = remember(z, tzid, tz)) < 0) {
        sla__tz_unref(tz);
        return r;
    }
    sla__tz_unref(tz); /* the cache holds it */
    *ret = cached(z, tzid);
    return 0;
}
