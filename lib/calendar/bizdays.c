/* Business days (SEMANTICS 2.3): a business date is a local date with open
 * time. The compiled calendar keeps an index of its business dates (see
 * sla__bseg in model.h), built once from the eras: a weekly pattern seen
 * through one UTC offset gives a 7-day mask over its whole run of dates, an
 * explicit interval gives the run of dates it touches. Counting business
 * dates up to a date and finding the k-th business date are then binary
 * searches, and every operation below is O(log eras + log k), never a loop
 * over days.
 * SPDX-License-Identifier: MIT */
#include <string.h>

#include "calendar/model.h"

#define MASK7 0x7f
/* Local dates and UTC instants are at most this far apart (zone offsets are
 * within +-26 h), with room to spare. */
#define DAY_MARGIN (36 * 3600)
#define MAX_PIECES 16

/* ---- the index ---------------------------------------------------------- */

typedef struct {
    sla__bseg *v;
    size_t n, cap;
    uint8_t *wmask; /* per weekly pattern: its days with open time, or NO_MASK */
    sla__tz_run run; /* the zone lookups of the walk over the eras */
} segbuf;

#define NO_MASK 0x80

/* Bit j of the result is bit (j + k) mod 7 of m. */
static uint8_t rot7(uint8_t m, int k)
{
    k %= 7;
    if (k == 0)
        return m;
    return (uint8_t)(((m >> k) | (m << (7 - k))) & MASK7);
}

static int popcount7(unsigned m)
{
    int c = 0;
    for (; m; m &= m - 1)
        c++;
    return c;
}

/* Business dates in [s->d0, x), x in [d0, d1]. */
static int64_t seg_count(const sla__bseg *s, int64_t x)
{
    int64_t n = x - s->d0;
    return (n / 7) * s->pop + popcount7(s->mask & ((1u << (n % 7)) - 1));
}

/* Whether date d is a business date by segment l's mask (dates past l->d1
 * continue its week). */
static bool mask_has(const sla__bseg *l, int64_t d)
{
    return (l->mask >> sla__floormod(d - l->d0, 7)) & 1;
}

/* Whether dates [d0, d1) with mask m, after a gap of non-business dates
 * from l->d1, continue l's weekly mask: then l can simply grow. */
static bool continues(const sla__bseg *l, int64_t d0, int64_t d1, uint8_t m)
{
    int64_t d;

    if (d0 - l->d1 > 14)
        return false;
    for (d = l->d1; d < d0; d++)
        if (mask_has(l, d))
            return false;
    if (d1 - d0 >= 7)
        return rot7(l->mask, (int)sla__floormod(d0 - l->d0, 7)) == m;
    for (d = d0; d < d1; d++)
        if (mask_has(l, d) != ((m >> (d - d0)) & 1))
            return false;
    return true;
}

/* Append dates [d0, d1) with mask (relative to d0); segments arrive in date
 * order. A segment that starts inside the last one keeps only its later
 * dates; one that continues the last one's week (runs of business dates
 * included) makes it longer, so a weekly calendar with DST days and
 * holidays stays a handful of segments. */
static int push_seg(segbuf *b, int64_t d0, int64_t d1, uint8_t mask)
{
    sla__bseg s;
    int r;

    if (d1 <= d0 || !mask)
        return 0;
    if (b->n) {
        sla__bseg *l = &b->v[b->n - 1];
        if (mask == MASK7 && l->mask == MASK7 && d0 <= l->d1) {
            if (d1 > l->d1)
                l->d1 = (int32_t)d1;
            return 0;
        }
        if (d0 < l->d1) {
            if (d1 <= l->d1)
                return 0;
            mask = rot7(mask, (int)sla__floormod(l->d1 - d0, 7));
            d0 = l->d1;
        }
        if (continues(l, d0, d1, mask)) {
            l->d1 = (int32_t)d1;
            return 0;
        }
    }
    s.d0 = (int32_t)d0;
    s.d1 = (int32_t)d1;
    s.before = 0;
    s.mask = mask;
    s.pop = (uint8_t)popcount7(mask);
    if (seg_count(&s, d1) == 0)
        return 0;
    r = sla__grow((void **)&b->v, &b->cap, b->n + 1, sizeof *b->v);
    if (r < 0)
        return r;
    b->v[b->n++] = s;
    return 0;
}

static int64_t local_date(const sla_tz *tz, int64_t u, sla__tz_run *run)
{
    return sla__floordiv(u + sla__tz_offset_in(tz, u, run), SLA__DAY);
}

typedef struct {
    int64_t s, e;
    int32_t o;
} piece;

/* Cut [w0, w1) at the zone's offset changes: pieces of constant offset. */
static size_t pieces(const sla_tz *tz, int64_t w0, int64_t w1, piece *out)
{
    const int64_t *tu;
    const int32_t *tb, *ta;
    size_t nt = sla__tz_transitions(tz, &tu, &tb, &ta), lo = 0, hi = nt, k = 0;
    int32_t o = sla__tz_offset_at(tz, w0);
    int64_t cur = w0;

    if (w1 <= w0)
        return 0;
    while (lo < hi) { /* first transition > w0 */
        size_t mid = lo + (hi - lo) / 2;
        if (tu[mid] <= w0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (;;) {
        int64_t next = lo < nt && tu[lo] < w1 && k + 1 < MAX_PIECES ? tu[lo] : w1;
        out[k].s = cur;
        out[k].e = next;
        out[k].o = o;
        k++;
        if (next >= w1)
            return k;
        o = ta[lo];
        cur = next;
        lo++;
    }
}

/* Whether the periodic era `er` has open time in [a, b) (inside the era). */
static bool pat_open_in(const sla_calendar *cal, const sla__era *er, int64_t a, int64_t b)
{
    const sla__pattern *p = &cal->pats[er->pat];
    return a < b && sla__pat_G(cal->ivals, p, b - er->anchor) >
                        sla__pat_G(cal->ivals, p, a - er->anchor);
}

/* Bit k: the weekly pattern `pat` has open time in [k, k + 1) days from
 * its origin. Computed once per pattern. */
static uint8_t week_mask(const sla_calendar *cal, segbuf *b, uint32_t pat)
{
    const sla__pattern *p = &cal->pats[pat];
    uint8_t m = 0;
    int k;

    if (b->wmask[pat] != NO_MASK)
        return b->wmask[pat];
    for (k = 0; k < 7; k++)
        if (sla__pat_G(cal->ivals, p, (int64_t)(k + 1) * SLA__DAY) >
            sla__pat_G(cal->ivals, p, (int64_t)k * SLA__DAY))
            m |= (uint8_t)(1u << k);
    b->wmask[pat] = m;
    return m;
}

/* The business dates of one piece [ps, pe) of a periodic era, offset o. */
static int periodic_piece(const sla_calendar *cal, const sla__era *er, segbuf *b, int64_t ps,
                          int64_t pe, int32_t o)
{
    int64_t full0 = -sla__floordiv(-(ps + o), SLA__DAY); /* first date starting >= ps */
    int64_t full1 = sla__floordiv(pe + o, SLA__DAY);     /* dates < full1 end <= pe */
    int64_t dh = sla__floordiv(ps + o, SLA__DAY), d, ph;
    uint8_t mask = 0;
    int r;

    if (full0 >= full1) { /* no whole date: at most two partial ones */
        int64_t dt = sla__floordiv(pe - 1 + o, SLA__DAY);
        for (d = dh; d <= dt; d++) {
            int64_t a = d * SLA__DAY - o, e = a + SLA__DAY;
            if (pat_open_in(cal, er, a > ps ? a : ps, e < pe ? e : pe)) {
                r = push_seg(b, d, d + 1, MASK7);
                if (r < 0)
                    return r;
            }
        }
        return 0;
    }
    if (dh < full0 && pat_open_in(cal, er, ps, full0 * SLA__DAY - o)) {
        r = push_seg(b, dh, dh + 1, MASK7);
        if (r < 0)
            return r;
    }
    ph = sla__floormod(full0 * SLA__DAY - o - er->anchor, SLA__WEEK);
    if (cal->pats[er->pat].period == SLA__WEEK && ph % SLA__DAY == 0) {
        /* the dates fall on whole days of the pattern */
        mask = rot7(week_mask(cal, b, er->pat), (int)(ph / SLA__DAY));
        if (full1 - full0 < 7)
            mask &= (uint8_t)((1u << (full1 - full0)) - 1);
    } else {
        for (d = full0; d < full0 + 7 && d < full1; d++)
            if (pat_open_in(cal, er, d * SLA__DAY - o, (d + 1) * SLA__DAY - o))
                mask |= (uint8_t)(1u << (d - full0));
    }
    r = push_seg(b, full0, full1, mask);
    if (r == 0 && full1 * SLA__DAY - o < pe && pat_open_in(cal, er, full1 * SLA__DAY - o, pe))
        r = push_seg(b, full1, full1 + 1, MASK7);
    return r;
}

static int periodic_era(const sla_calendar *cal, size_t e, segbuf *b)
{
    int64_t v0 = cal->u0[e], v1 = cal->u0[e + 1], cur = v0;
    int r;

    for (;;) { /* pieces between the zone's offset changes */
        int32_t o = sla__tz_offset_in(cal->tz, cur, &b->run);
        int64_t next = b->run.hi < v1 ? b->run.hi : v1;
        r = periodic_piece(cal, &cal->eras[e], b, cur, next, o);
        if (r < 0 || next >= v1)
            return r;
        cur = next;
    }
}

static int explicit_era(const sla_calendar *cal, size_t e, segbuf *b)
{
    const sla__era *er = &cal->eras[e];
    const sla__pattern *p = &cal->pats[er->pat];
    const sla__ival *iv = cal->ivals + p->first;
    int64_t v0 = cal->u0[e], v1 = cal->u0[e + 1];
    sla__tz_run run = {0};
    int64_t last_lo = 0, last_hi = 0; /* the instants of the date pushed last, if one offset */
    uint32_t i;
    int r;

    for (i = 0; i < p->n; i++) {
        int64_t s = er->anchor + iv[i].s, en = er->anchor + iv[i].e, d0, d1;
        if (s < v0)
            s = v0;
        if (en > v1)
            en = v1;
        if (en <= s || (s >= last_lo && en <= last_hi))
            continue; /* nothing, or within the date pushed last */
        d0 = local_date(cal->tz, s, &run);
        d1 = local_date(cal->tz, en - 1, &run);
        if (d1 < d0) { /* a fall-back across midnight */
            int64_t x = d0;
            d0 = d1;
            d1 = x;
        }
        r = push_seg(b, d0, d1 + 1, MASK7);
        if (r < 0)
            return r;
        /* date d1 is now in the last segment: so is any span within it */
        last_lo = d1 * SLA__DAY - run.off;
        last_hi = last_lo + SLA__DAY;
        if (last_lo < run.lo || last_hi > run.hi)
            last_lo = last_hi = 0;
    }
    return 0;
}

int sla__bizdays_build(sla_calendar *cal)
{
    segbuf b = {0};
    size_t e;
    int64_t before = 0;
    int r = 0;
    const int64_t year = 366 * (int64_t)SLA__DAY;

    b.wmask = sla__malloc(cal->n_pats ? cal->n_pats : 1);
    if (!b.wmask)
        return SLA_ENOMEM;
    memset(b.wmask, NO_MASK, cal->n_pats ? cal->n_pats : 1);
    cal->open_at_start = sla__cal_F(cal, SLA_TIME_MIN + year) > sla__cal_F(cal, SLA_TIME_MIN);
    cal->open_at_end = sla__cal_F(cal, SLA_TIME_MAX) > sla__cal_F(cal, SLA_TIME_MAX - year);
    for (e = 0; e < cal->n_eras && r == 0; e++) {
        const sla__pattern *p = &cal->pats[cal->eras[e].pat];
        if (p->total == 0)
            continue;
        r = p->period ? periodic_era(cal, e, &b) : explicit_era(cal, e, &b);
    }
    sla__free(b.wmask);
    if (r < 0) {
        sla__free(b.v);
        return r;
    }
    for (e = 0; e < b.n; e++) {
        b.v[e].before = (int32_t)before;
        before += seg_count(&b.v[e], b.v[e].d1);
    }
    if (b.n) {
        sla__bseg *q = sla__realloc(b.v, b.n * sizeof *b.v);
        if (q)
            b.v = q;
    }
    cal->bseg = b.v;
    cal->n_bseg = b.n;
    cal->n_bdays = (int32_t)before;
    return 0;
}

/* ---- queries on the index ----------------------------------------------- */

/* Business dates before date d. */
static int64_t bcount(const sla_calendar *cal, int64_t d)
{
    size_t lo = 0, hi = cal->n_bseg;
    const sla__bseg *s;

    while (lo < hi) { /* first segment with d0 > d */
        size_t mid = lo + (hi - lo) / 2;
        if (cal->bseg[mid].d0 <= d)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return 0;
    s = &cal->bseg[lo - 1];
    return s->before + seg_count(s, d < s->d1 ? d : s->d1);
}

/* The business date with exactly k business dates before it; 0 <= k < n_bdays. */
static int64_t kth(const sla_calendar *cal, int64_t k)
{
    size_t lo = 0, hi = cal->n_bseg;
    const sla__bseg *s;
    int64_t r, q, j;
    int left;

    while (lo < hi) { /* first segment with before > k */
        size_t mid = lo + (hi - lo) / 2;
        if (cal->bseg[mid].before <= k)
            lo = mid + 1;
        else
            hi = mid;
    }
    s = &cal->bseg[lo - 1];
    r = k - s->before;
    q = r / s->pop;
    left = (int)(r % s->pop);
    for (j = 0; j < 7; j++) {
        if (!(s->mask & (1u << j)))
            continue;
        if (left-- == 0)
            break;
    }
    return s->d0 + 7 * q + j;
}

/* The first instant of local date d (its midnight, or the end of a gap
 * that swallows it). */
static int64_t date_start(const sla_calendar *cal, int64_t d)
{
    piece pc[MAX_PIECES];
    size_t n = pieces(cal->tz, d * SLA__DAY - DAY_MARGIN, d * SLA__DAY + DAY_MARGIN, pc), i;

    for (i = 0; i < n; i++) {
        int64_t c = d * SLA__DAY - pc[i].o;
        if (c < pc[i].s)
            c = pc[i].s;
        if (c < pc[i].e)
            return c;
    }
    return d * SLA__DAY + DAY_MARGIN;
}

/* Local date and wall-clock seconds of the day of instant u. */
static void local_dt(const sla_calendar *cal, int64_t u, int64_t *date, int64_t *tod)
{
    int64_t l = u + sla__tz_offset_at(cal->tz, u);
    *date = sla__floordiv(l, SLA__DAY);
    *tod = l - *date * SLA__DAY;
}

/* The instant of the timeline that ends the last open period of date d
 * (cut at the end of the date): d is a business date. */
static int64_t date_last_end(const sla_calendar *cal, int64_t w1)
{
    if (sla__cal_is_open_at(cal, w1 - 1))
        return w1;
    return sla__cal_last_open_before(cal, w1) + 1;
}

/* The deadline on business date x for wall-clock time `tod`: the first open
 * instant of x whose wall-clock time is at or after tod, else the end of x's
 * last open period. */
static int64_t deadline_on(const sla_calendar *cal, int64_t x, int64_t tod)
{
    int64_t w0 = date_start(cal, x), w1 = date_start(cal, x + 1);
    piece pc[MAX_PIECES];
    size_t n, i;

    if (w1 > cal->u0[cal->n_eras])
        return SLA__NONE;
    n = pieces(cal->tz, w0, w1, pc);
    for (i = 0; i < n; i++) {
        int64_t lo = x * SLA__DAY + tod - pc[i].o, hi = (x + 1) * SLA__DAY - pc[i].o, u;
        if (lo < pc[i].s)
            lo = pc[i].s;
        if (hi > pc[i].e)
            hi = pc[i].e;
        if (lo >= hi)
            continue;
        u = sla__cal_next_open_at(cal, lo);
        if (u < hi)
            return u;
    }
    return date_last_end(cal, w1);
}

/* The latest open instant < hi (and >= lo), or SLA__NONE_BEFORE. */
static int64_t last_open_in(const sla_calendar *cal, int64_t lo, int64_t hi)
{
    int64_t a;

    if (hi <= lo)
        return SLA__NONE_BEFORE;
    a = sla__cal_is_open_at(cal, hi - 1) ? hi - 1 : sla__cal_last_open_before(cal, hi);
    return a != SLA__NONE_BEFORE && a >= lo ? a : SLA__NONE_BEFORE;
}

/* The latest open instant of date d whose wall-clock time is at most tod,
 * or SLA__NONE_BEFORE. Piece by piece: on a day that falls back, wall-clock
 * times are not monotone in real time. */
static int64_t latest_open_at_or_before(const sla_calendar *cal, int64_t d, int64_t tod)
{
    int64_t w0 = date_start(cal, d), w1 = date_start(cal, d + 1);
    piece pc[MAX_PIECES];
    size_t n = pieces(cal->tz, w0, w1, pc), i;

    for (i = n; i-- > 0;) {
        int64_t lo = d * SLA__DAY - pc[i].o, hi = d * SLA__DAY + tod + 1 - pc[i].o, a;
        if (lo < pc[i].s)
            lo = pc[i].s;
        if (hi > pc[i].e)
            hi = pc[i].e;
        a = last_open_in(cal, lo, hi);
        if (a != SLA__NONE_BEFORE)
            return a;
    }
    return SLA__NONE_BEFORE;
}

/* The latest wall-clock time of the open instants of date d that are <= t,
 * or -1 when there is none. */
static int64_t max_open_tod(const sla_calendar *cal, int64_t d, int64_t t)
{
    int64_t w0 = date_start(cal, d), w1 = date_start(cal, d + 1), best = -1;
    piece pc[MAX_PIECES];
    size_t n = pieces(cal->tz, w0, w1 < t + 1 ? w1 : t + 1, pc), i;

    for (i = 0; i < n; i++) {
        int64_t a = last_open_in(cal, pc[i].s, pc[i].e);
        if (a != SLA__NONE_BEFORE && a + pc[i].o - d * SLA__DAY > best)
            best = a + pc[i].o - d * SLA__DAY;
    }
    return best;
}

static inline bool in_range(int64_t t)
{
    return t >= SLA_TIME_MIN && t < SLA_TIME_MAX;
}

static int add_days_one(const sla_calendar *cal, int64_t t, int64_t n, int64_t *ret)
{
    int64_t s, d, tod, k, u;

    if (!in_range(t))
        return SLA_ERANGE;
    if (n < 0)
        return SLA_EINVAL;
    s = sla__cal_is_open_at(cal, t) ? t : sla__cal_next_open_at(cal, t);
    if (s == SLA__NONE || s >= SLA_TIME_MAX)
        return sla__cal_beyond(cal, true);
    if (n == 0) {
        *ret = s;
        return 0;
    }
    if (n >= cal->n_bdays)
        return sla__cal_beyond(cal, true);
    local_dt(cal, s, &d, &tod);
    k = bcount(cal, d + 1) - 1 + n; /* the n-th business date after d */
    if (k >= cal->n_bdays)
        return sla__cal_beyond(cal, true);
    u = deadline_on(cal, kth(cal, k), tod);
    if (u == SLA__NONE || u >= SLA_TIME_MAX)
        return sla__cal_beyond(cal, true);
    *ret = u;
    return 0;
}

/* The last open instant of date d (a business date). */
static int64_t date_last_open(const sla_calendar *cal, int64_t d)
{
    return sla__cal_last_open_before(cal, date_start(cal, d + 1));
}

static int sub_days_one(const sla_calendar *cal, int64_t t, int64_t n, int64_t *ret)
{
    int64_t dt, tod, kx, x, u, m = -1;
    bool all = true;

    if (!in_range(t))
        return SLA_ERANGE;
    if (n < 0)
        return SLA_EINVAL;
    if (n == 0) { /* the latest u <= t with s(u) <= t */
        u = sla__cal_is_open_at(cal, t) ? t : sla__cal_last_open_before(cal, t);
        if (u == SLA__NONE_BEFORE || u < SLA_TIME_MIN)
            return sla__cal_beyond(cal, false);
        *ret = u;
        return 0;
    }
    if (n >= cal->n_bdays)
        return sla__cal_beyond(cal, false);
    local_dt(cal, t, &dt, &tod);
    kx = bcount(cal, dt + 1) - 1; /* the latest business date <= t's date */
    if (kx < 0)
        return sla__cal_beyond(cal, false);
    x = kth(cal, kx);
    if (x == dt && t < date_last_end(cal, date_start(cal, dt + 1))) {
        /* Deadlines on t's own date up to t: those at wall-clock times up to
         * the latest of the open instants <= t. */
        m = max_open_tod(cal, dt, t);
        if (m < 0)
            kx--; /* none yet today: every deadline of the previous business date */
        else
            all = false;
    }
    if (kx - n < 0)
        return sla__cal_beyond(cal, false);
    if (!all) {
        u = latest_open_at_or_before(cal, kth(cal, kx - n), m);
        if (u != SLA__NONE_BEFORE) {
            if (u < SLA_TIME_MIN)
                return sla__cal_beyond(cal, false);
            *ret = u;
            return 0;
        }
        kx--; /* no source instant early enough on that date: the one before */
        if (kx - n < 0)
            return sla__cal_beyond(cal, false);
    }
    u = date_last_open(cal, kth(cal, kx - n));
    if (u == SLA__NONE_BEFORE || u < SLA_TIME_MIN)
        return sla__cal_beyond(cal, false);
    *ret = u;
    return 0;
}

static int count_days_one(const sla_calendar *cal, int64_t a, int64_t b, size_t *ret)
{
    int64_t fa, lb, da, db, tod;

    if (!in_range(a) || !in_range(b))
        return SLA_ERANGE;
    if (b < a)
        return SLA_EINVAL;
    fa = sla__cal_next_open_at(cal, a);
    if (fa == SLA__NONE || fa >= b) {
        *ret = 0;
        return 0;
    }
    lb = sla__cal_last_open_before(cal, b);
    local_dt(cal, fa, &da, &tod);
    local_dt(cal, lb, &db, &tod);
    *ret = db < da ? 0 : (size_t)(bcount(cal, db + 1) - bcount(cal, da));
    return 0;
}

/* ---- public calls ------------------------------------------------------- */

SLA_EXPORT int sla_calendar_add_days(const sla_calendar *cal, int64_t t, int64_t n, int64_t *ret)
{
    if (!cal || !ret)
        return SLA_EINVAL;
    return add_days_one(cal, t, n, ret);
}

SLA_EXPORT int sla_calendar_sub_days(const sla_calendar *cal, int64_t t, int64_t n, int64_t *ret)
{
    if (!cal || !ret)
        return SLA_EINVAL;
    return sub_days_one(cal, t, n, ret);
}

SLA_EXPORT int sla_calendar_count_days(const sla_calendar *cal, int64_t a, int64_t b,
                                       size_t *ret_count)
{
    if (!cal || !ret_count)
        return SLA_EINVAL;
    return count_days_one(cal, a, b, ret_count);
}

SLA_EXPORT int sla_calendar_holiday_horizon(const sla_calendar *cal, int64_t *ret_end,
                                            int *ret_bounded)
{
    int64_t end;

    if (!cal || !ret_end || !ret_bounded)
        return SLA_EINVAL;
    if (cal->hol_horizon == SLA__NONE) {
        *ret_end = SLA_TIME_MAX;
        *ret_bounded = 0;
        return 0;
    }
    end = cal->hol_horizon >= SLA__DAY_MAX - 1 ? SLA_TIME_MAX
                                               : date_start(cal, cal->hol_horizon + 1);
    if (end > SLA_TIME_MAX)
        end = SLA_TIME_MAX;
    if (end < SLA_TIME_MIN)
        end = SLA_TIME_MIN;
    *ret_end = end;
    *ret_bounded = 1;
    return 0;
}
