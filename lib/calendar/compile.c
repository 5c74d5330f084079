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
 * wall-clock rule of SEMANTICS 2.4.
 *
 * A plain date's spans depend only on the set of rules that apply to it
 * (after its year, date, week and nth-weekday selectors), so each date gets
 * the id of its span set, equal sets one id. A plain run reads its week
 * from its first seven dates and goes on while every date has the spans of
 * the date a week before; so a text whose selectors change every few dates
 * (nth weekdays, week steps) still makes runs of weeks and months, and
 * changes the eras only where the hours change. The weekday of the date
 * before the run holds that date's own spans until the run's seventh date
 * takes it, so what the date before carries past midnight is in the week;
 * where the seventh date carries something else, the first hours of the
 * run, up to the later of the two ends, are mapped exactly like an explicit
 * date (emit_spill). The cost of compiling is linear in the number of dates
 * and selector items, and the eras number at most about two a week.
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

/* Slots of the compiler's weekly pattern cache. */
#define PCACHE 4096

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
    bool overnight;  /* some span runs past 24:00 */
    sla__span64 *buf; /* scratch for region spans */
    size_t cap_buf;
    sla__span64 *buf2;
    size_t cap_buf2;
    sla__hours_sel *sel; /* selector state of dates DAY_LO - 1 .. DAY_HI; NULL: all alike */
    sla__hours_sel sel_all;
    /* The spans of a date that is no holiday depend only on the rules that
     * apply to it (day_rules). Each rule set met maps to the id of its span
     * set, and equal span sets share one id, so dates compare by id. */
    struct key_slot {
        uint64_t key; /* the rules that apply */
        uint32_t id;  /* span set id + 1; 0: an empty slot */
    } *keys;
    size_t n_keys, cap_keys; /* cap_keys: a power of two */
    struct span_set {
        uint32_t first; /* in spool */
        uint32_t n;
    } *sets;
    size_t n_sets, cap_sets;
    uint32_t *set_hash; /* span set id + 1, open addressing; a power of two */
    size_t cap_set_hash;
    sla__span *spool;
    size_t n_spool, cap_spool;
    /* the weekly pattern of each week of span sets met so far */
    struct pattern_slot {
        uint32_t ids[7]; /* Monday first */
        uint32_t pat;
        bool used;
    } *pcache;
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

/* The rules that apply to date `day` (weekday w), no holiday; none for 24/7. */
static uint64_t day_rules(const compiler *c, int64_t day, int w)
{
    const sla__hours_sel *sel = sel_at(c, day);
    if (!c->b->hours)
        return 0;
    return sel->rules & c->day_masks[w][sel->nth_pos][sel->nth_neg];
}

static uint64_t mix64(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xFF51AFD7ED558CCDULL;
    k ^= k >> 33;
    return k;
}

/* The slot of key k in a cache of n slots (n <= 4096). */
static size_t slot_of(uint64_t k, size_t n)
{
    return (size_t)((k * 0x9E3779B97F4A7C15ULL) >> 52) % n;
}

static uint64_t set_hash(const sla__span *sp, size_t n)
{
    uint64_t h = 1469598103934665603ULL ^ n;
    size_t i;
    for (i = 0; i < n; i++)
        h = (h ^ ((uint64_t)(uint32_t)sp[i].start << 32 | (uint32_t)sp[i].end)) * 1099511628211ULL;
    return mix64(h);
}

static const sla__span *set_spans(const compiler *c, uint32_t id, size_t *n)
{
    static const sla__span none[1];
    *n = c->sets[id].n;
    return *n ? c->spool + c->sets[id].first : none; /* spool is NULL while all sets are empty */
}

static int set_hash_grow(compiler *c)
{
    size_t cap = c->cap_set_hash ? c->cap_set_hash * 2 : 256, i;
    uint32_t *t = sla__calloc(cap, sizeof *t);
    if (!t)
        return SLA_ENOMEM;
    for (i = 0; i < c->n_sets; i++) {
        size_t n, slot;
        const sla__span *sp = set_spans(c, (uint32_t)i, &n);
        slot = set_hash(sp, n) & (cap - 1);
        while (t[slot])
            slot = (slot + 1) & (cap - 1);
        t[slot] = (uint32_t)i + 1;
    }
    sla__free(c->set_hash);
    c->set_hash = t;
    c->cap_set_hash = cap;
    return 0;
}

/* The id of the span set sp[0..n), added if new. */
static int intern_set(compiler *c, const sla__span *sp, size_t n, uint32_t *id)
{
    size_t slot, i;
    int r;

    if ((c->n_sets + 1) * 2 > c->cap_set_hash && (r = set_hash_grow(c)) < 0)
        return r;
    slot = set_hash(sp, n) & (c->cap_set_hash - 1);
    while (c->set_hash[slot]) {
        const struct span_set *q = &c->sets[c->set_hash[slot] - 1];
        if (q->n == n) {
            for (i = 0; i < n; i++)
                if (c->spool[q->first + i].start != sp[i].start ||
                    c->spool[q->first + i].end != sp[i].end)
                    break;
            if (i == n) {
                *id = c->set_hash[slot] - 1;
                return 0;
            }
        }
        slot = (slot + 1) & (c->cap_set_hash - 1);
    }
    r = sla__grow((void **)&c->sets, &c->cap_sets, c->n_sets + 1, sizeof *c->sets);
    if (r == 0)
        r = sla__grow((void **)&c->spool, &c->cap_spool, c->n_spool + n, sizeof *c->spool);
    if (r < 0)
        return r;
    for (i = 0; i < n; i++)
        c->spool[c->n_spool + i] = sp[i];
    c->sets[c->n_sets].first = (uint32_t)c->n_spool;
    c->sets[c->n_sets].n = (uint32_t)n;
    c->n_spool += n;
    *id = (uint32_t)c->n_sets++;
    c->set_hash[slot] = *id + 1;
    return 0;
}

static int keys_grow(compiler *c)
{
    size_t cap = c->cap_keys ? c->cap_keys * 2 : 1024, i;
    struct key_slot *t = sla__calloc(cap, sizeof *t);
    if (!t)
        return SLA_ENOMEM;
    for (i = 0; i < c->cap_keys; i++) {
        size_t slot;
        if (!c->keys[i].id)
            continue;
        slot = mix64(c->keys[i].key) & (cap - 1);
        while (t[slot].id)
            slot = (slot + 1) & (cap - 1);
        t[slot] = c->keys[i];
    }
    sla__free(c->keys);
    c->keys = t;
    c->cap_keys = cap;
    return 0;
}

/* The spans of a date that is no holiday and to which the rules `key` apply. */
static void rules_spans(const compiler *c, uint64_t key, sla__span *out, size_t *n)
{
    if (c->b->hours) {
        sla__hours_eval_rules(c->b->hours, key, out, n);
    } else { /* 24/7 */
        out[0].start = 0;
        out[0].end = SLA__DAY;
        *n = 1;
    }
}

/* The id of the spans of a date to which the rules `key` apply. */
static int key_id(compiler *c, uint64_t key, uint32_t *id)
{
    sla__span sp[SLA__MAX_DAY_SPANS];
    size_t slot, n;
    int r;

    if ((c->n_keys + 1) * 2 > c->cap_keys && (r = keys_grow(c)) < 0)
        return r;
    slot = mix64(key) & (c->cap_keys - 1);
    while (c->keys[slot].id) {
        if (c->keys[slot].key == key) {
            *id = c->keys[slot].id - 1;
            return 0;
        }
        slot = (slot + 1) & (c->cap_keys - 1);
    }
    rules_spans(c, key, sp, &n);
    r = intern_set(c, sp, n, id);
    if (r < 0)
        return r;
    c->keys[slot].key = key;
    c->keys[slot].id = *id + 1;
    c->n_keys++;
    return 0;
}

/* The spans of date `day`, no holiday, weekday w, as an id. */
static int date_id(compiler *c, int64_t day, int w, uint32_t *id)
{
    return key_id(c, day_rules(c, day, w), id);
}


/* The spans of date `day`, and on a holiday the `spill` carried over from
 * the day before. */
static void eval_spans(compiler *c, int64_t day, bool holiday, const sla__span *spill,
                       size_t nspill, sla__span *out, size_t *n)
{
    const sla__span *sp;
    uint64_t key;
    uint32_t id;
    size_t i;

    if (holiday && c->b->hours) {
        sla__hours_eval(c->b->hours, day, sel_at(c, day), true, spill, nspill, out, n);
        return;
    }
    if (holiday) { /* 24/7: nothing runs past midnight, so nothing is carried */
        *n = 0;
        return;
    }
    key = day_rules(c, day, sla__weekday(day));
    if (key_id(c, key, &id) < 0) { /* no memory for the table: the same spans, computed */
        rules_spans(c, key, out, n);
        return;
    }
    sp = set_spans(c, id, n);
    for (i = 0; i < *n; i++) /* a few spans: cheaper than memcpy's setup */
        out[i] = sp[i];
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
        eval_spans(c, day - 1, is_holiday(c, day - 1), NULL, 0, prev, &np);
        for (i = 0; i < np; i++) {
            if (prev[i].end <= SLA__DAY)
                continue;
            spill[ns].start = prev[i].start > SLA__DAY ? prev[i].start - SLA__DAY : 0;
            spill[ns].end = prev[i].end - SLA__DAY;
            ns++;
        }
    }
    eval_spans(c, day, hol, spill, ns, out, n);
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

/* The weekly pattern of a week of span sets, ids[k] for the k-th day from
 * Monday (cached). */
static int week_pattern(compiler *c, const uint32_t ids[7], uint32_t *pat)
{
    sla__span64 week[7 * SLA__MAX_DAY_SPANS * 2], wrap[SLA__MAX_DAY_SPANS];
    size_t nw = 0, nwrap = 0, n, i, k;
    uint64_t h = 0;
    struct pattern_slot *slot;
    int r;

    for (k = 0; k < 7; k++)
        h = (h + ids[k]) * 0x100000001B3ULL;
    slot = &c->pcache[slot_of(mix64(h), PCACHE)];
    if (slot->used && memcmp(slot->ids, ids, sizeof slot->ids) == 0) {
        *pat = slot->pat;
        return 0;
    }
    /* Monday first, so the spans come in order but for what Sunday carries
     * into Monday, which goes in front */
    for (k = 0; k < 7; k++) {
        int64_t base = (int64_t)k * SLA__DAY;
        const sla__span *sp = set_spans(c, ids[k], &n);
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
    r = sla__calgen_pattern(&c->gen, SLA__WEEK, week, nw, pat);
    if (r < 0)
        return r;
    memcpy(slot->ids, ids, sizeof slot->ids);
    slot->pat = *pat;
    slot->used = true;
    return 0;
}

/* Periodic eras of pattern `pat` from instant v0 to the midnight that ends
 * date d1, split at every change of UTC offset (which moves the anchor). */
static int emit_periodic(compiler *c, int64_t v0, int64_t d1, uint32_t pat)
{
    int64_t v1 = midnight(c, d1 + 1), w0;
    const int64_t *tu;
    const int32_t *tb, *ta;
    size_t nt, ti, lo, hi;
    int r;

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

/* The start of a plain run at d0 whose week carries into d0, from the
 * weekday of d0 - 1, the spill `seen` where the real date d0 - 1 carries
 * `real`: [00:00, x) of d0, x the later end of the two, is one explicit
 * era, the real spill and d0's own spans `own` there, mapped as
 * emit_explicit does; the run starts at x (*start). Neither date is a
 * holiday or touched by a closure or opening (those are explicit). */
static int emit_spill(compiler *c, int64_t d0, const sla__span *real, size_t nr,
                      const sla__span *seen, size_t ns, uint32_t own, int64_t *start)
{
    const sla__span *sp;
    size_t n, i, k = 0;
    int32_t x = 0;
    int64_t v0 = midnight(c, d0), vx;
    uint32_t pat;
    int r;

    *start = v0;
    for (i = 0; i < nr; i++)
        if (real[i].end > x)
            x = real[i].end;
    for (i = 0; i < ns; i++)
        if (seen[i].end > x)
            x = seen[i].end;
    vx = to_utc(c, d0 * SLA__DAY + x);
    sp = set_spans(c, own, &n);
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

/* A plain run [d0, d1] with the week of span sets ids (Monday first), the
 * slot of d0 - 1's weekday holding what the real date d0 - 1 has (`prev`)
 * unless the run reaches d0 + 6. */
static int emit_run(compiler *c, int64_t d0, int64_t d1, const uint32_t ids[7], uint32_t prev)
{
    int w0 = sla__weekday(d0), wv = w0 == 0 ? 6 : w0 - 1;
    int64_t start = midnight(c, d0);
    uint32_t pat;
    int r = 0;

    if (c->overnight && ids[wv] != prev) {
        /* d0 + 6 took the slot: what it carries past midnight may differ
         * from what d0 - 1 carries into d0 */
        sla__span real[SLA__MAX_DAY_SPANS], seen[SLA__MAX_DAY_SPANS];
        const sla__span *a, *b;
        size_t na, nb, nr, ns;
        a = set_spans(c, prev, &na);
        b = set_spans(c, ids[wv], &nb);
        nr = spill_of(a, na, real);
        ns = spill_of(b, nb, seen);
        if (nr != ns || (nr && memcmp(real, seen, nr * sizeof *real) != 0)) {
            if (!one_offset(c, start - SLA__DAY, midnight(c, d0 + 1) + SLA__DAY)) {
                /* an offset change near: the spill's wall-clock times may
                 * repeat, so the date is mapped whole */
                r = emit_explicit(c, d0, d0);
                start = midnight(c, ++d0);
            } else {
                r = emit_spill(c, d0, real, nr, seen, ns, ids[w0], &start);
            }
        }
    }
    if (r == 0)
        r = week_pattern(c, ids, &pat);
    if (r == 0 && d0 <= d1)
        r = emit_periodic(c, start, d1, pat);
    return r;
}

/* Plain dates [a, b]: periodic runs. A run's week is read from its first
 * seven dates, and d0 - 1's weekday holds the real d0 - 1 until d0 + 6 takes
 * it (so what d0 - 1 carries into the run is in the week); the run ends at
 * the first later date whose spans differ from those a week before. */
static int emit_plain_runs(compiler *c, int64_t a, int64_t b)
{
    int64_t d0 = a, d;
    int w = sla__weekday(a), r;

    while (d0 <= b) {
        uint32_t ids[7], prev, id;
        uint64_t keys[7]; /* the rules behind ids */
        int k;
        r = date_id(c, d0 - 1, w == 0 ? 6 : w - 1, &prev);
        if (r < 0)
            return r;
        for (k = 0; k < 7; k++)
            ids[k] = prev;
        for (d = d0; d <= b && d - d0 < 7; d++, w = w == 6 ? 0 : w + 1) {
            keys[w] = day_rules(c, d, w);
            r = key_id(c, keys[w], &ids[w]);
            if (r < 0)
                return r;
        }
        if (!c->sel) /* all weeks alike */
            d = b + 1;
        for (; d <= b; d++, w = w == 6 ? 0 : w + 1) {
            uint64_t key = day_rules(c, d, w);
            if (key == keys[w])
                continue; /* the rules of a week before */
            r = key_id(c, key, &id);
            if (r < 0)
                return r;
            if (id != ids[w])
                break;
            keys[w] = key; /* other rules, the same spans */
        }
        r = emit_run(c, d0, d - 1, ids, prev);
        if (r < 0)
            return r;
        d0 = d;
    }
    return 0;
}

/* At most how many eras the date walk makes: explicit runs hold an
 * explicit date each (X of them), plain stretches lie between them, a
 * stretch splits into runs of seven dates or more but for its last, and a
 * run costs its spill era or whole explicit date, one era, and one more at
 * each of the zone's transitions (nt) inside it. */
static size_t era_bound(const compiler *c)
{
    const int64_t *tu;
    const int32_t *tb, *ta;
    size_t x = 0, i, nt = sla__tz_transitions(c->b->tz, &tu, &tb, &ta);
    for (i = 0; i < X_WORDS; i++)
        x += (size_t)__builtin_popcountll(c->xbits[i]);
    return x + 2 * ((size_t)(DAY_HI - DAY_LO) / 7 + x + 2) + nt + 5;
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
        c.overnight = sla__hours_overnight(b->hours);
        sla__hours_day_masks(b->hours, c.day_masks);
        if (sla__hours_uses_selectors(b->hours)) {
            size_t nd = (size_t)(DAY_HI - DAY_LO + 2);
            c.sel = sla__malloc(nd * sizeof *c.sel);
            r = c.sel ? sla__hours_sels(b->hours, DAY_LO - 1, nd, c.sel) : SLA_ENOMEM;
            if (r < 0)
                goto out;
        }
    }
    c.pcache = sla__calloc(PCACHE, sizeof *c.pcache);
    c.xbits = sla__calloc(X_WORDS, sizeof *c.xbits);
    if (!c.pcache || !c.xbits) {
        r = SLA_ENOMEM;
        goto out;
    }
    r = copy_sorted_spans(b->clo, b->n_clo, &c.clo, &c.n_clo);
    if (r == 0)
        r = copy_sorted_spans(b->opn, b->n_opn, &c.opn, &c.n_opn);
    if (r == 0)
        r = collect_explicit(&c);
    if (r == 0)
        r = sla__calgen_reserve(&c.gen, era_bound(&c));
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
    sla__free(c.pcache);
    sla__free(c.keys);
    sla__free(c.sets);
    sla__free(c.set_hash);
    sla__free(c.spool);
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
