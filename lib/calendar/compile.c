/* The calendar builder and the compiler that turns opening hours, holidays,
 * closures and extra openings into eras of periodic and explicit patterns.
 * SPDX-License-Identifier: MIT
 *
 * How the timeline is cut (see model.h for what an era is):
 *
 * Local dates are either "plain" or "explicit". A plain date's open spans
 * follow the weekly schedule of the rules in force, mapped to UTC with one
 * constant offset, so a run of plain dates is one periodic pattern (split
 * only where the UTC offset changes, which moves the anchor). These dates
 * are explicit: each holiday and the day after it (its overnight spill
 * differs), each day touched by a closure or extra opening, and the days
 * around a DST change that moves an opening or closing time (its length
 * changes). A run of explicit dates is mapped exactly, span by span, by the
 * wall-clock rule of SEMANTICS 2.4. Plain runs end where the selector state
 * (which rules' year, date, week and nth-weekday selectors match a date)
 * changes. A plain run's week is sampled from seven dates read with the
 * run's selector state, so runs shorter than a week stay periodic too; where
 * the date before a run has another state and its overnight spans reach
 * into the run differently from the sampled week's, the first hours of the
 * run, up to the later of the two ends, are mapped exactly like an explicit
 * date (emit_spill). An nth-weekday selector changes the state every week,
 * so the dates it makes explicit would cost far more. The cost of compiling
 * is linear in the number of dates and selector items.
 */
#include <stdlib.h>
#include <string.h>

#include "calendar/model.h"

/* Documented limits (README "Limits"). */
#define MAX_HOLIDAYS 100000
#define MAX_SPANS 1000000

/* The compiled timeline covers local dates [DAY_LO, DAY_HI), a little wider
 * than the supported range in every zone. */
#define DAY_LO (SLA__DAY_MIN - 3)
#define DAY_HI (SLA__DAY_MAX + 3)

/* Slots of the compiler's pattern cache and spill cache. */
#define PCACHE 4096
#define DCACHE 1024
#define DCACHE_SPANS 16 /* a date with more spans is not kept */
#define SCACHE 1024
#define SCACHE_SPANS 4 /* a longer spill is not kept */

/* Plain runs shorter than this join the explicit dates around them. */
#define MIN_PLAIN_RUN 2

struct sla_calendar_builder {
    sla_tz *tz;
    char *tzdir; /* NULL: the default directory */
    sla_hours *hours; /* NULL: 24/7 */
    int64_t *hol;
    size_t n_hol, cap_hol;
    sla__span64 *clo;
    size_t n_clo, cap_clo;
    sla__span64 *opn;
    size_t n_opn, cap_opn;
    int64_t hand_last;    /* latest hand-given holiday date, or INT64_MIN */
    int64_t feed_horizon; /* earliest horizon of a finite feed, or SLA__NONE */
};

/* ---- builder ------------------------------------------------------------ */

SLA_EXPORT int sla_calendar_builder_new_tzdir(const char *zone, const char *tzdir,
                                              sla_calendar_builder **ret)
{
    sla_calendar_builder *b;
    int r;

    if (!zone || !ret)
        return SLA_EINVAL;
    b = sla__calloc(1, sizeof *b);
    if (!b)
        return SLA_ENOMEM;
    b->hand_last = INT64_MIN;
    b->feed_horizon = SLA__NONE;
    r = sla__tz_load(zone, tzdir, &b->tz);
    if (r == 0 && tzdir && !(b->tzdir = sla__strdup(tzdir))) {
        sla__tz_unref(b->tz);
        r = SLA_ENOMEM;
    }
    if (r < 0) {
        sla__free(b);
        return r;
    }
    *ret = b;
    return 0;
}

SLA_EXPORT int sla_calendar_builder_new(const char *zone, sla_calendar_builder **ret)
{
    return sla_calendar_builder_new_tzdir(zone, NULL, ret);
}

SLA_EXPORT void sla_calendar_builder_free(sla_calendar_builder *b)
{
    if (!b)
        return;
    sla__tz_unref(b->tz);
    sla__free(b->tzdir);
    sla__hours_free(b->hours);
    sla__free(b->hol);
    sla__free(b->clo);
    sla__free(b->opn);
    sla__free(b);
}

SLA_EXPORT int sla_calendar_builder_set_hours(sla_calendar_builder *b, const char *text,
                                              sla_diag *diag)
{
    sla_hours *h;
    int r;

    sla__diag_clear(diag);
    if (!b || !text)
        return sla__diag_set(diag, SLA_EINVAL, 0, 0, "", "no builder or no text given");
    r = sla__hours_parse(text, &h, diag);
    if (r < 0)
        return r;
    sla__hours_free(b->hours);
    b->hours = h;
    return 0;
}

SLA_EXPORT int sla_calendar_builder_add_holiday(sla_calendar_builder *b, int year, int month,
                                                int day)
{
    int r;

    if (!b)
        return SLA_EINVAL;
    if (month < 1 || month > 12 || day < 1 || (unsigned)day > sla__days_in_month(year, (unsigned)month))
        return SLA_EINVAL;
    if (year < 1970 || year > 2199)
        return SLA_ERANGE;
    if (b->n_hol >= MAX_HOLIDAYS)
        return SLA_ELIMIT;
    r = sla__grow((void **)&b->hol, &b->cap_hol, b->n_hol + 1, sizeof *b->hol);
    if (r < 0)
        return r;
    b->hol[b->n_hol++] = sla__days_from_civil(year, (unsigned)month, (unsigned)day);
    if (b->hol[b->n_hol - 1] > b->hand_last)
        b->hand_last = b->hol[b->n_hol - 1];
    return 0;
}

static int add_span(sla__span64 **v, size_t *n, size_t *cap, int64_t s, int64_t e)
{
    int r;

    if (e < s)
        return SLA_EINVAL;
    if (s < SLA_TIME_MIN || e > SLA_TIME_MAX)
        return SLA_ERANGE;
    if (*n >= MAX_SPANS)
        return SLA_ELIMIT;
    r = sla__grow((void **)v, cap, *n + 1, sizeof **v);
    if (r < 0)
        return r;
    (*v)[*n].s = s;
    (*v)[*n].e = e;
    (*n)++;
    return 0;
}

SLA_EXPORT int sla_calendar_builder_add_closure(sla_calendar_builder *b, int64_t start,
                                                int64_t end)
{
    if (!b)
        return SLA_EINVAL;
    return add_span(&b->clo, &b->n_clo, &b->cap_clo, start, end);
}

SLA_EXPORT int sla_calendar_builder_add_opening(sla_calendar_builder *b, int64_t start,
                                                int64_t end)
{
    if (!b)
        return SLA_EINVAL;
    return add_span(&b->opn, &b->n_opn, &b->cap_opn, start, end);
}

SLA_EXPORT int sla_calendar_builder_local_time(const sla_calendar_builder *b, int year,
                                               int month, int day, int hour, int minute,
                                               int second, int64_t *ret)
{
    if (!b)
        return SLA_EINVAL;
    return sla__tz_local_time(b->tz, year, month, day, hour, minute, second, ret);
}

const sla_tz *sla__builder_tz(const sla_calendar_builder *b)
{
    return b->tz;
}

const char *sla__builder_tzdir(const sla_calendar_builder *b)
{
    return b->tzdir;
}

sla__builder_mark sla__builder_mark_get(const sla_calendar_builder *b)
{
    sla__builder_mark m;
    m.holidays = b->n_hol;
    m.closures = b->n_clo;
    m.openings = b->n_opn;
    m.hand_last = b->hand_last;
    m.feed_horizon = b->feed_horizon;
    return m;
}

/* December 31 of the year of local day number `day`. */
static int64_t year_end(int64_t day)
{
    int64_t y;
    unsigned m, d;
    sla__civil_from_days(day, &y, &m, &d);
    return sla__days_from_civil(y, 12, 31);
}

void sla__builder_note_feed(sla_calendar_builder *b, sla__builder_mark m, bool unbounded,
                            int64_t last_day)
{
    b->hand_last = m.hand_last;
    if (!unbounded && last_day != INT64_MIN && year_end(last_day) < b->feed_horizon)
        b->feed_horizon = year_end(last_day);
}

void sla__builder_rollback(sla_calendar_builder *b, sla__builder_mark m)
{
    if (m.holidays < b->n_hol)
        b->n_hol = m.holidays;
    if (m.closures < b->n_clo)
        b->n_clo = m.closures;
    if (m.openings < b->n_opn)
        b->n_opn = m.openings;
    b->hand_last = m.hand_last;
    b->feed_horizon = m.feed_horizon;
}

int sla__builder_reserve(sla_calendar_builder *b, size_t holidays, size_t closures,
                         size_t openings)
{
    int r;
    if (b->n_hol + holidays > MAX_HOLIDAYS || b->n_clo + closures > MAX_SPANS ||
        b->n_opn + openings > MAX_SPANS)
        return SLA_ELIMIT;
    r = sla__grow((void **)&b->hol, &b->cap_hol, b->n_hol + holidays, sizeof *b->hol);
    if (r == 0)
        r = sla__grow((void **)&b->clo, &b->cap_clo, b->n_clo + closures, sizeof *b->clo);
    if (r == 0)
        r = sla__grow((void **)&b->opn, &b->cap_opn, b->n_opn + openings, sizeof *b->opn);
    return r;
}

/* ---- compile ------------------------------------------------------------ */

typedef struct {
    const sla_calendar_builder *b;
    int64_t *hol; /* sorted, unique */
    size_t n_hol;
    sla__span64 *clo; /* normalized */
    size_t n_clo, ci;
    sla__span64 *opn; /* normalized */
    size_t n_opn, oi;
    uint64_t *xbits; /* explicit dates: bit d - DAY_LO */
    uint64_t *cbits; /* dates whose selector state differs from the day before's */
    bool overnight;  /* some span runs past 24:00 */
    sla__span64 *buf; /* scratch for region spans */
    size_t cap_buf;
    sla__span64 *buf2;
    size_t cap_buf2;
    sla__hours_sel *sel; /* selector state of dates DAY_LO - 1 .. DAY_HI; NULL: all alike */
    sla__hours_sel sel_all;
    /* the weekly pattern of each selector state met so far (a plain run's
     * pattern depends on its state only): PCACHE slots with selectors, one
     * without */
    struct pattern_slot {
        sla__hours_sel sel;
        uint32_t pat;
        bool used;
    } *pcache;
    size_t npcache;
    /* the spans of a (non-holiday) date for each set of rules that apply
     * met so far, NULL without selectors (there is one state) */
    struct day_slot {
        uint64_t rules; /* the rules that apply (sla__hours_day_masks) */
        uint8_t used;
        uint8_t n;
        sla__span sp[DCACHE_SPANS];
    } *dcache;
    /* and what such a date carries past its midnight (emit_spill) */
    struct spill_slot {
        uint64_t rules;
        uint8_t used;
        uint8_t n;
        sla__span sp[SCACHE_SPANS];
    } *scache;
    uint64_t day_masks[7][5][5];
    sla__calgen gen;
    sla__tz_run run_l, run_u; /* the zone lookups of the date walk */
} compiler;

static int i64_cmp(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static bool is_holiday(const compiler *c, int64_t day)
{
    size_t lo = 0, hi = c->n_hol;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->hol[mid] < day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < c->n_hol && c->hol[lo] == day;
}

static const sla__hours_sel *sel_at(const compiler *c, int64_t day)
{
    if (!c->sel)
        return &c->sel_all;
    if (day < DAY_LO - 1)
        day = DAY_LO - 1;
    if (day > DAY_HI)
        day = DAY_HI;
    return &c->sel[day - (DAY_LO - 1)];
}

/* The rules that apply to date `day`, no holiday, read with state `sel`. */
static uint64_t day_rules(const compiler *c, int64_t day, const sla__hours_sel *sel)
{
    return sel->rules & c->day_masks[sla__weekday(day)][sel->nth_pos][sel->nth_neg];
}

/* The slot of key k in a cache of n slots (n <= 4096). */
static size_t slot_of(uint64_t k, size_t n)
{
    return (size_t)((k * 0x9E3779B97F4A7C15ULL) >> 52) % n;
}

/* The spans of date `day` evaluated with selector state `sel` (for the
 * dates of a plain run, the run's state), and on a holiday the `spill`
 * carried over from the day before. */
static void eval_spans(compiler *c, int64_t day, const sla__hours_sel *sel, bool holiday,
                       const sla__span *spill, size_t nspill, sla__span *out, size_t *n)
{
    struct day_slot *slot;
    uint64_t rules;

    if (!c->b->hours) { /* 24/7: nothing runs past midnight, so nothing is carried */
        *n = 0;
        if (!holiday) {
            out[0].start = 0;
            out[0].end = SLA__DAY;
            *n = 1;
        }
        return;
    }
    if (holiday || !c->dcache) {
        sla__hours_eval(c->b->hours, day, sel, holiday, spill, nspill, out, n);
        return;
    }
    /* a date that is no holiday depends on the rules that apply only */
    rules = day_rules(c, day, sel);
    slot = &c->dcache[slot_of(rules, DCACHE)];
    if (slot->used && slot->rules == rules) {
        size_t i;
        for (i = 0; i < slot->n; i++) /* a few spans: cheaper than memcpy's setup */
            out[i] = slot->sp[i];
        *n = slot->n;
        return;
    }
    sla__hours_eval_rules(c->b->hours, rules, out, n);
    if (*n <= DCACHE_SPANS) {
        slot->rules = rules;
        slot->used = 1;
        slot->n = (uint8_t)*n;
        memcpy(slot->sp, out, *n * sizeof *out);
    }
}

/* The final spans of a date: on a holiday the PH rules see the part of the
 * previous date's spans that runs past midnight (SEMANTICS 2.1), and the
 * caller cuts the previous date's spans at the holiday's midnight. */
static void day_spans(compiler *c, int64_t day, sla__span *out, size_t *n)
{
    bool hol = is_holiday(c, day);
    sla__span spill[SLA__MAX_DAY_SPANS];
    size_t ns = 0;
    if (hol) {
        sla__span prev[SLA__MAX_DAY_SPANS];
        size_t np, i;
        /* what a date carries past midnight does not depend on what it got */
        eval_spans(c, day - 1, sel_at(c, day - 1), is_holiday(c, day - 1), NULL, 0, prev, &np);
        for (i = 0; i < np; i++) {
            if (prev[i].end <= SLA__DAY)
                continue;
            spill[ns].start = prev[i].start > SLA__DAY ? prev[i].start - SLA__DAY : 0;
            spill[ns].end = prev[i].end - SLA__DAY;
            ns++;
        }
    }
    eval_spans(c, day, sel_at(c, day), hol, spill, ns, out, n);
}

static int64_t to_utc(compiler *c, int64_t local)
{
    return sla__tz_local_to_utc_in(c->b->tz, local, &c->run_l);
}

static int64_t midnight(compiler *c, int64_t day)
{
    return to_utc(c, day * SLA__DAY);
}

static int64_t local_day(compiler *c, int64_t u)
{
    return sla__floordiv(u + sla__tz_offset_in(c->b->tz, u, &c->run_u), SLA__DAY);
}

#define X_WORDS ((size_t)(DAY_HI - DAY_LO + 63) / 64)

static void set_bit(uint64_t *bits, int64_t day)
{
    uint64_t k;
    if (day < DAY_LO || day >= DAY_HI)
        return;
    k = (uint64_t)(day - DAY_LO);
    bits[k / 64] |= (uint64_t)1 << (k % 64);
}

static int push_x(compiler *c, int64_t day)
{
    set_bit(c->xbits, day);
    return 0;
}

/* The first date >= day whose bit is set, or DAY_HI. */
static int64_t next_bit(const uint64_t *set, int64_t day)
{
    uint64_t k, w, bits;
    if (day >= DAY_HI)
        return DAY_HI;
    k = (uint64_t)(day - DAY_LO);
    w = k / 64;
    bits = set[w] & (~(uint64_t)0 << (k % 64));
    while (!bits) {
        if (++w >= X_WORDS)
            return DAY_HI;
        bits = set[w];
    }
    k = w * 64 + (uint64_t)__builtin_ctzll(bits);
    return k < (uint64_t)(DAY_HI - DAY_LO) ? DAY_LO + (int64_t)k : DAY_HI;
}

/* The first explicit date >= day, or DAY_HI. */
static int64_t next_x(const compiler *c, int64_t day)
{
    return next_bit(c->xbits, day);
}

static int push_days_of_span(compiler *c, const sla__span64 *v, size_t n)
{
    size_t i;
    int r;
    for (i = 0; i < n; i++) {
        int64_t d0 = local_day(c, v[i].s), d1 = local_day(c, v[i].e - 1), d;
        for (d = d0; d <= d1; d++) {
            r = push_x(c, d);
            if (r < 0)
                return r;
        }
    }
    return 0;
}

/* Whether a DST change at `t` (offset o1 -> o2) moves an opening or closing
 * time of the days around it: some span boundary lies in the local window
 * of wall-clock times that are skipped or repeated. */
static bool dst_change_matters(compiler *c, int64_t t, int32_t o1, int32_t o2)
{
    int64_t lo = t + (o1 < o2 ? o1 : o2), hi = t + (o1 < o2 ? o2 : o1);
    int64_t ld = sla__floordiv(t + o1, SLA__DAY), d;
    sla__span sp[SLA__MAX_DAY_SPANS];
    size_t n, i;

    /* the window lies in dates ld - 1 .. ld + 1; a span that ends there
     * may start two dates before (spans reach 48:00) */
    for (d = ld - 2; d <= ld + 1; d++) {
        day_spans(c, d, sp, &n);
        for (i = 0; i < n; i++) {
            int64_t b1 = d * SLA__DAY + sp[i].start, b2 = d * SLA__DAY + sp[i].end;
            if ((b1 >= lo && b1 < hi) || (b2 >= lo && b2 < hi))
                return true;
        }
    }
    return false;
}

static int collect_explicit(compiler *c)
{
    const sla_calendar_builder *b = c->b;
    const int64_t *tu;
    const int32_t *tb, *ta;
    size_t nt, i;
    int64_t first, last;
    int r;

    if (c->sel) { /* a date whose selector state differs from the day before */
        int64_t d;
        bool prev = false, cur;
        for (d = DAY_LO; d <= DAY_HI; d++, prev = cur) {
            cur = !sla__hours_sel_eq(sel_at(c, d), sel_at(c, d - 1));
            if (cur)
                set_bit(c->cbits, d);
            /* a state that lasts one date: mapped explicitly, as one run
             * with its neighbours of the same kind */
            if (cur && prev)
                set_bit(c->xbits, d - 1);
        }
    }
    for (i = 0; i < c->n_hol; i++) {
        r = push_x(c, c->hol[i]);
        if (r == 0)
            r = push_x(c, c->hol[i] + 1);
        if (r < 0)
            return r;
    }
    r = push_days_of_span(c, c->clo, c->n_clo);
    if (r == 0)
        r = push_days_of_span(c, c->opn, c->n_opn);
    if (r < 0)
        return r;
    nt = sla__tz_transitions(b->tz, &tu, &tb, &ta);
    first = midnight(c, DAY_LO) - SLA__DAY;
    last = midnight(c, DAY_HI) + SLA__DAY;
    for (i = 0; i < nt; i++) {
        int64_t ld;
        if (tu[i] < first || tu[i] > last)
            continue;
        if (!dst_change_matters(c, tu[i], tb[i], ta[i]))
            continue;
        ld = sla__floordiv(tu[i] + tb[i], SLA__DAY);
        for (int64_t d = ld - 1; d <= ld + 2; d++) {
            r = push_x(c, d);
            if (r < 0)
                return r;
        }
    }
    return 0;
}

static int buf_push(sla__span64 **v, size_t *n, size_t *cap, int64_t s, int64_t e)
{
    if (*n >= *cap) {
        int r = sla__grow((void **)v, cap, *n + 1, sizeof **v);
        if (r < 0)
            return r;
    }
    (*v)[*n].s = s;
    (*v)[*n].e = e;
    (*n)++;
    return 0;
}

/* A run of plain dates [d0, d1] from instant v0 (midnight of d0, or later
 * after emit_spill): periodic eras. Every date of the run has one selector
 * state and no holiday, so the week is sampled from seven dates read with
 * that state. */
static int emit_plain(compiler *c, int64_t d0, int64_t d1, int64_t v0)
{
    sla__span sp[SLA__MAX_DAY_SPANS];
    sla__span64 week[7 * SLA__MAX_DAY_SPANS * 2], wrap[SLA__MAX_DAY_SPANS];
    size_t nw = 0, nwrap = 0, n, i;
    int64_t k;
    int64_t d, v1 = midnight(c, d1 + 1), w0;
    const int64_t *tu;
    const int32_t *tb, *ta;
    size_t nt, ti, lo, hi;
    uint32_t pat;
    int r;

    const sla__hours_sel *sel = sel_at(c, d0);
    size_t slot = slot_of(sel->rules ^ ((uint64_t)sel->nth_pos << 56) ^
                              ((uint64_t)sel->nth_neg << 60),
                          c->npcache);

    if (c->pcache[slot].used && sla__hours_sel_eq(&c->pcache[slot].sel, sel)) {
        pat = c->pcache[slot].pat;
        goto eras;
    }
    /* Monday first, so the spans come in order but for what Sunday carries
     * into Monday, which goes in front */
    for (k = 0; k < 7; k++) {
        int64_t base = (int64_t)k * SLA__DAY;
        d = d0 + sla__floormod(k - sla__weekday(d0), 7);
        eval_spans(c, d, sel, false, NULL, 0, sp, &n);
        for (i = 0; i < n; i++) {
            int64_t s = base + sp[i].start, e = base + sp[i].end;
            if (e > SLA__WEEK) {
                if (s < SLA__WEEK) {
                    week[nw].s = s;
                    week[nw++].e = SLA__WEEK;
                    s = SLA__WEEK;
                }
                wrap[nwrap].s = s - SLA__WEEK;
                wrap[nwrap++].e = e - SLA__WEEK;
            } else {
                week[nw].s = s;
                week[nw++].e = e;
            }
        }
    }
    if (nwrap) {
        memmove(week + nwrap, week, nw * sizeof *week);
        memcpy(week, wrap, nwrap * sizeof *wrap);
        nw += nwrap;
    }
    nw = sla__spans_normalize(week, nw);
    r = sla__calgen_pattern(&c->gen, SLA__WEEK, week, nw, &pat);
    if (r < 0)
        return r;
    c->pcache[slot].sel = *sel;
    c->pcache[slot].pat = pat;
    c->pcache[slot].used = true;

eras:
    /* Split at every change of UTC offset inside the run. */
    nt = sla__tz_transitions(c->b->tz, &tu, &tb, &ta);
    lo = 0;
    hi = nt;
    while (lo < hi) { /* first transition > v0 */
        size_t mid = lo + (hi - lo) / 2;
        if (tu[mid] <= v0)
            lo = mid + 1;
        else
            hi = mid;
    }
    w0 = v0;
    for (ti = lo;; ti++) {
        int64_t w1 = (ti < nt && tu[ti] < v1) ? tu[ti] : v1;
        int32_t o = sla__tz_offset_in(c->b->tz, w0, &c->run_u);
        int64_t ld = sla__floordiv(w0 + o, SLA__DAY);
        int64_t monday = ld - sla__weekday(ld);
        r = sla__calgen_era(&c->gen, w0, monday * SLA__DAY - o, pat);
        if (r < 0)
            return r;
        if (w1 >= v1)
            break;
        w0 = w1;
    }
    return 0;
}

/* A run of explicit dates [a, b]: one explicit pattern, span by span. */
static int emit_explicit(compiler *c, int64_t a, int64_t b)
{
    sla__span sp[SLA__MAX_DAY_SPANS];
    int64_t v0 = midnight(c, a), v1 = midnight(c, b + 1), d;
    size_t n = 0, n2 = 0, i, k;
    uint32_t pat;
    int r;

    for (d = a - 1; d <= b; d++) {
        bool next_hol = is_holiday(c, d + 1);
        size_t ns;
        day_spans(c, d, sp, &ns);
        for (i = 0; i < ns; i++) {
            int64_t ls = d * SLA__DAY + sp[i].start, le = d * SLA__DAY + sp[i].end, us, ue;
            if (next_hol && le > (d + 1) * SLA__DAY)
                le = (d + 1) * SLA__DAY; /* cut at the holiday's midnight */
            if (le <= ls)
                continue;
            us = to_utc(c, ls);
            ue = to_utc(c, le);
            if (us < v0)
                us = v0;
            if (ue > v1)
                ue = v1;
            if (ue > us) {
                r = buf_push(&c->buf, &n, &c->cap_buf, us, ue);
                if (r < 0)
                    return r;
            }
        }
    }
    /* Extra openings. */
    while (c->oi < c->n_opn && c->opn[c->oi].e <= v0)
        c->oi++;
    for (k = c->oi; k < c->n_opn && c->opn[k].s < v1; k++) {
        int64_t s = c->opn[k].s > v0 ? c->opn[k].s : v0, e = c->opn[k].e < v1 ? c->opn[k].e : v1;
        r = buf_push(&c->buf, &n, &c->cap_buf, s, e);
        if (r < 0)
            return r;
    }
    n = sla__spans_normalize(c->buf, n);
    /* Closures win: subtract them. */
    while (c->ci < c->n_clo && c->clo[c->ci].e <= v0)
        c->ci++;
    k = c->ci;
    for (i = 0; i < n; i++) {
        int64_t s = c->buf[i].s, e = c->buf[i].e;
        size_t j = k;
        while (j < c->n_clo && c->clo[j].e <= s)
            j++;
        k = j;
        for (; j < c->n_clo && c->clo[j].s < e; j++) {
            if (c->clo[j].s > s) {
                r = buf_push(&c->buf2, &n2, &c->cap_buf2, s - v0, c->clo[j].s - v0);
                if (r < 0)
                    return r;
            }
            if (c->clo[j].e > s)
                s = c->clo[j].e;
            if (s >= e)
                break;
        }
        if (s < e) {
            r = buf_push(&c->buf2, &n2, &c->cap_buf2, s - v0, e - v0);
            if (r < 0)
                return r;
        }
    }
    r = sla__calgen_pattern(&c->gen, 0, c->buf2, n2, &pat);
    if (r < 0)
        return r;
    return sla__calgen_era(&c->gen, v0, v0, pat);
}

/* The part past 24:00 of a date's spans (sorted and merged, so those that
 * reach past it are the last ones), in seconds from the next midnight. */
static size_t spill_of(const sla__span *sp, size_t n, sla__span *out)
{
    size_t i = n, k;
    while (i > 0 && sp[i - 1].end > SLA__DAY)
        i--;
    for (k = 0; i < n; i++, k++) {
        out[k].start = sp[i].start > SLA__DAY ? sp[i].start - SLA__DAY : 0;
        out[k].end = sp[i].end - SLA__DAY;
    }
    return k;
}

/* spill_of the spans of (non-holiday) date `day` read with state `sel`. */
static void spill_with(compiler *c, int64_t day, const sla__hours_sel *sel, sla__span *out,
                       size_t *n)
{
    sla__span sp[SLA__MAX_DAY_SPANS];
    size_t ns;
    uint64_t rules = day_rules(c, day, sel);
    struct spill_slot *slot = &c->scache[slot_of(rules, SCACHE)];

    if (slot->used && slot->rules == rules) {
        size_t i;
        for (i = 0; i < slot->n; i++)
            out[i] = slot->sp[i];
        *n = slot->n;
        return;
    }
    eval_spans(c, day, sel, false, NULL, 0, sp, &ns);
    *n = spill_of(sp, ns, out);
    if (*n <= SCACHE_SPANS) {
        slot->rules = rules;
        slot->used = 1;
        slot->n = (uint8_t)*n;
        memcpy(slot->sp, out, *n * sizeof *out);
    }
}

/* The start of a plain run at d0 whose date before has another selector
 * state: the run's week carries the overnight spans of d0 - 1 read with the
 * run's state. When the date's own spill differs, [00:00, x) of d0, x the
 * later end of the two, is one explicit era: the real spill and d0's own
 * spans there, mapped as emit_explicit does; the run starts at x
 * (*start). Neither date is a holiday or touched by a closure or opening
 * (those are explicit). */
static int emit_spill(compiler *c, int64_t d0, int64_t *start)
{
    sla__span sp[SLA__MAX_DAY_SPANS], real[SLA__MAX_DAY_SPANS], seen[SLA__MAX_DAY_SPANS];
    size_t n, nr, ns, i, k = 0;
    int32_t x = 0;
    int64_t v0 = midnight(c, d0), vx;
    uint32_t pat;
    int r;

    *start = v0;
    spill_with(c, d0 - 1, sel_at(c, d0 - 1), real, &nr);
    spill_with(c, d0 - 1, sel_at(c, d0), seen, &ns);
    if (nr == ns && (nr == 0 || memcmp(real, seen, nr * sizeof *real) == 0))
        return 0;
    for (i = 0; i < nr; i++)
        if (real[i].end > x)
            x = real[i].end;
    for (i = 0; i < ns; i++)
        if (seen[i].end > x)
            x = seen[i].end;
    vx = to_utc(c, d0 * SLA__DAY + x);
    eval_spans(c, d0, sel_at(c, d0), false, NULL, 0, sp, &n);
    for (i = 0; i < nr + n; i++) {
        const sla__span *q = i < nr ? &real[i] : &sp[i - nr];
        int64_t us, ue;
        if (q->start >= x) {
            if (i >= nr)
                break; /* the date's own spans are sorted */
            continue;
        }
        us = to_utc(c, d0 * SLA__DAY + q->start);
        ue = to_utc(c, d0 * SLA__DAY + (q->end < x ? q->end : x));
        if (us < v0)
            us = v0;
        if (ue > vx)
            ue = vx;
        if (ue > us) {
            r = buf_push(&c->buf, &k, &c->cap_buf, us - v0, ue - v0);
            if (r < 0)
                return r;
        }
    }
    k = sla__spans_normalize(c->buf, k);
    r = sla__calgen_pattern(&c->gen, 0, c->buf, k, &pat);
    if (r == 0)
        r = sla__calgen_era(&c->gen, v0, v0, pat);
    if (r == 0 && vx > v0)
        *start = vx;
    return r;
}

/* Whether the zone keeps one UTC offset over the instants [lo, hi]. */
static bool one_offset(compiler *c, int64_t lo, int64_t hi)
{
    sla__tz_offset_in(c->b->tz, lo, &c->run_u);
    return c->run_u.hi > hi;
}

/* Plain dates [a, b]: one periodic run per selector state. */
static int emit_plain_runs(compiler *c, int64_t a, int64_t b)
{
    int64_t d = a, e, start;
    int r = 0;

    while (d <= b && r == 0) {
        e = c->sel ? next_bit(c->cbits, d + 1) : DAY_HI;
        if (e > b + 1)
            e = b + 1;
        start = midnight(c, d);
        if (c->overnight && !sla__hours_sel_eq(sel_at(c, d), sel_at(c, d - 1))) {
            if (!one_offset(c, start - SLA__DAY, midnight(c, d + 1) + SLA__DAY)) {
                /* an offset change near: the spill's wall-clock times may
                 * repeat, so the date is mapped whole */
                r = emit_explicit(c, d, d);
                if (++d == e)
                    continue;
                start = midnight(c, d);
            } else {
                r = emit_spill(c, d, &start);
            }
        }
        if (r == 0)
            r = emit_plain(c, d, e - 1, start);
        d = e;
    }
    return r;
}

static int copy_sorted_spans(const sla__span64 *src, size_t n, sla__span64 **dst, size_t *ndst)
{
    *dst = NULL;
    *ndst = 0;
    if (n == 0)
        return 0;
    *dst = sla__malloc(n * sizeof **dst);
    if (!*dst)
        return SLA_ENOMEM;
    memcpy(*dst, src, n * sizeof **dst);
    *ndst = sla__spans_normalize(*dst, n);
    return 0;
}

SLA_EXPORT int sla_calendar_builder_compile(const sla_calendar_builder *b, sla_calendar **ret)
{
    compiler c;
    size_t i, out;
    int64_t day;
    int r;

    if (!b || !ret)
        return SLA_EINVAL;
    memset(&c, 0, sizeof c);
    c.b = b;
    sla__calgen_init(&c.gen);

    if (b->n_hol) {
        c.hol = sla__malloc(b->n_hol * sizeof *c.hol);
        if (!c.hol) {
            r = SLA_ENOMEM;
            goto out;
        }
        memcpy(c.hol, b->hol, b->n_hol * sizeof *c.hol);
        qsort(c.hol, b->n_hol, sizeof *c.hol, i64_cmp);
        for (i = 1, out = 1; i < b->n_hol; i++)
            if (c.hol[i] != c.hol[out - 1])
                c.hol[out++] = c.hol[i];
        c.n_hol = out;
    }
    if (b->hours) {
        c.sel_all.rules = ~(uint64_t)0;
        if (sla__hours_uses_selectors(b->hours)) {
            c.overnight = sla__hours_overnight(b->hours);
            size_t nd = (size_t)(DAY_HI - DAY_LO + 2);
            c.sel = sla__malloc(nd * sizeof *c.sel);
            r = c.sel ? sla__hours_sels(b->hours, DAY_LO - 1, nd, c.sel) : SLA_ENOMEM;
            if (r < 0)
                goto out;
        }
    }
    c.npcache = c.sel ? PCACHE : 1;
    if (c.sel) {
        c.dcache = sla__malloc(DCACHE * sizeof *c.dcache);
        c.scache = sla__calloc(SCACHE, sizeof *c.scache);
        if (!c.dcache || !c.scache) {
            r = SLA_ENOMEM;
            goto out;
        }
        for (i = 0; i < DCACHE; i++)
            c.dcache[i].used = 0;
        sla__hours_day_masks(b->hours, c.day_masks);
    }
    c.pcache = sla__calloc(c.npcache, sizeof *c.pcache);
    c.xbits = sla__calloc(X_WORDS, sizeof *c.xbits);
    c.cbits = sla__calloc(X_WORDS, sizeof *c.cbits);
    if (!c.pcache || !c.xbits || !c.cbits) {
        r = SLA_ENOMEM;
        goto out;
    }
    r = copy_sorted_spans(b->clo, b->n_clo, &c.clo, &c.n_clo);
    if (r == 0)
        r = copy_sorted_spans(b->opn, b->n_opn, &c.opn, &c.n_opn);
    if (r == 0)
        r = collect_explicit(&c);
    if (r < 0)
        goto out;

    /* Walk the dates: explicit runs, and plain runs of a week or more. */
    day = DAY_LO;
    while (day < DAY_HI) {
        int64_t nx = next_x(&c, day), end;
        if (nx - day >= MIN_PLAIN_RUN) {
            r = emit_plain_runs(&c, day, nx - 1);
            day = nx;
        } else {
            /* An explicit run, swallowing plain runs shorter than MIN_PLAIN_RUN. */
            end = nx < DAY_HI ? nx : DAY_HI - 1;
            for (;;) {
                nx = next_x(&c, end + 1);
                if (nx < DAY_HI && nx - (end + 1) < MIN_PLAIN_RUN) {
                    end = nx;
                    continue;
                }
                if (nx >= DAY_HI && DAY_HI - (end + 1) < MIN_PLAIN_RUN)
                    end = DAY_HI - 1;
                break;
            }
            r = emit_explicit(&c, day, end);
            day = end + 1;
        }
        if (r < 0)
            goto out;
    }
    r = sla__calgen_finish(&c.gen, midnight(&c, DAY_HI), b->tz, ret);
    if (r == 0) { /* the calendar keeps its holiday dates */
        (*ret)->hol = c.hol;
        (*ret)->n_hol = c.n_hol;
        c.hol = NULL;
        /* hand-given dates: complete up to the end of the latest year given */
        (*ret)->hol_horizon = b->feed_horizon;
        if (b->hand_last != INT64_MIN && year_end(b->hand_last) < b->feed_horizon)
            (*ret)->hol_horizon = year_end(b->hand_last);
    }
out:
    sla__calgen_done(&c.gen);
    sla__free(c.hol);
    sla__free(c.clo);
    sla__free(c.opn);
    sla__free(c.xbits);
    sla__free(c.cbits);
    sla__free(c.dcache);
    sla__free(c.scache);
    sla__free(c.pcache);
    sla__free(c.buf);
    sla__free(c.buf2);
    sla__free(c.sel);
    return r;
}

SLA_EXPORT int sla_calendar_new(const char *zone, const char *hours, sla_calendar **ret,
                                sla_diag *diag)
{
    sla_calendar_builder *b;
    int r;

    sla__diag_clear(diag);
    if (!zone || !ret)
        return sla__diag_set(diag, SLA_EINVAL, 0, 0, "", "no zone or no result pointer given");
    r = sla_calendar_builder_new(zone, &b);
    if (r < 0)
        return sla__diag_set(diag, r, 0, 0, "zone", "time zone '%s': %s", zone, sla_strerror(r));
    if (hours)
        r = sla_calendar_builder_set_hours(b, hours, diag);
    if (r == 0)
        r = sla_calendar_builder_compile(b, ret);
    sla_calendar_builder_free(b);
    return r;
}
