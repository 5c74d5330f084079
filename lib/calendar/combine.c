/* Union and intersection of two compiled calendars, era by era: two weekly
 * patterns combine into a weekly pattern (one is rotated into the other's
 * frame); anything explicit is combined as explicit intervals.
 * SPDX-License-Identifier: MIT */
#include <string.h>

#include "calendar/model.h"

typedef struct {
    sla__span64 *v;
    size_t n, cap;
} spanbuf;

static int sb_push(spanbuf *b, int64_t s, int64_t e)
{
    int r;
    if (e <= s)
        return 0;
    r = sla__grow((void **)&b->v, &b->cap, b->n + 1, sizeof *b->v);
    if (r < 0)
        return r;
    b->v[b->n].s = s;
    b->v[b->n].e = e;
    b->n++;
    return 0;
}

/* The open spans of one era's pattern inside [v0, v1), relative to v0. */
static int materialize(const sla_calendar *cal, size_t e, int64_t v0, int64_t v1, spanbuf *out)
{
    const sla__era *er = &cal->eras[e];
    const sla__pattern *p = &cal->pats[er->pat];
    const sla__ival *iv = cal->ivals + p->first;
    uint32_t i;
    int r;

    if (!p->period) {
        for (i = 0; i < p->n; i++) {
            int64_t s = er->anchor + iv[i].s, en = er->anchor + iv[i].e;
            r = sb_push(out, (s > v0 ? s : v0) - v0, (en < v1 ? en : v1) - v0);
            if (r < 0)
                return r;
        }
        return 0;
    }
    if (p->n == 0)
        return 0;
    for (int64_t k = sla__floordiv(v0 - er->anchor, p->period);
         er->anchor + k * p->period < v1; k++) {
        int64_t base = er->anchor + k * p->period;
        for (i = 0; i < p->n; i++) {
            int64_t s = base + iv[i].s, en = base + iv[i].e;
            if (en <= v0 || s >= v1)
                continue;
            r = sb_push(out, (s > v0 ? s : v0) - v0, (en < v1 ? en : v1) - v0);
            if (r < 0)
                return r;
        }
    }
    return 0;
}

/* One week of b's periodic pattern, rotated into the frame of anchor `to`. */
static int rotate(const sla_calendar *cal, const sla__era *er, int64_t to, spanbuf *out)
{
    const sla__pattern *p = &cal->pats[er->pat];
    const sla__ival *iv = cal->ivals + p->first;
    int64_t delta = sla__floormod(er->anchor - to, SLA__WEEK);
    uint32_t i;
    int r = 0;

    for (i = 0; i < p->n && r == 0; i++) {
        int64_t s = iv[i].s + delta, e = iv[i].e + delta;
        if (s >= SLA__WEEK) {
            r = sb_push(out, s - SLA__WEEK, e - SLA__WEEK);
        } else if (e > SLA__WEEK) {
            r = sb_push(out, s, SLA__WEEK);
            if (r == 0)
                r = sb_push(out, 0, e - SLA__WEEK);
        } else {
            r = sb_push(out, s, e);
        }
    }
    return r;
}

/* out = x op y, both normalized. */
static int combine_lists(const spanbuf *x, const spanbuf *y, bool is_union, spanbuf *out)
{
    size_t i, j;
    int r;

    out->n = 0;
    if (is_union) {
        for (i = 0; i < x->n; i++)
            if ((r = sb_push(out, x->v[i].s, x->v[i].e)) < 0)
                return r;
        for (j = 0; j < y->n; j++)
            if ((r = sb_push(out, y->v[j].s, y->v[j].e)) < 0)
                return r;
        out->n = sla__spans_normalize(out->v, out->n);
        return 0;
    }
    for (i = 0, j = 0; i < x->n && j < y->n;) {
        int64_t s = x->v[i].s > y->v[j].s ? x->v[i].s : y->v[j].s;
        int64_t e = x->v[i].e < y->v[j].e ? x->v[i].e : y->v[j].e;
        if ((r = sb_push(out, s, e)) < 0)
            return r;
        if (x->v[i].e < y->v[j].e)
            i++;
        else
            j++;
    }
    return 0;
}

static int combine(const sla_calendar *a, const sla_calendar *b, bool is_union,
                   sla_calendar **ret)
{
    sla__calgen g;
    spanbuf x = {0}, y = {0}, z = {0};
    int64_t *hol = NULL;
    int64_t start, end, v0;
    size_t ia, ib;
    int r = 0;

    if (!a || !b || !ret)
        return SLA_EINVAL;
    start = a->u0[0] > b->u0[0] ? a->u0[0] : b->u0[0];
    end = a->u0[a->n_eras] < b->u0[b->n_eras] ? a->u0[a->n_eras] : b->u0[b->n_eras];
    ia = sla__calendar_era(a, start);
    ib = sla__calendar_era(b, start);
    sla__calgen_init(&g);
    for (v0 = start; v0 < end && r == 0;) {
        const sla__era *ea = &a->eras[ia], *eb = &b->eras[ib];
        const sla__pattern *pa = &a->pats[ea->pat], *pb = &b->pats[eb->pat];
        int64_t v1 = a->u0[ia + 1] < b->u0[ib + 1] ? a->u0[ia + 1] : b->u0[ib + 1];
        uint32_t pat;

        if (v1 > end)
            v1 = end;
        x.n = y.n = 0;
        if (pa->period && pb->period) {
            const sla__ival *iv = a->ivals + pa->first;
            for (uint32_t i = 0; i < pa->n && r == 0; i++)
                r = sb_push(&x, iv[i].s, iv[i].e);
            if (r == 0)
                r = rotate(b, eb, ea->anchor, &y);
            if (r == 0) {
                y.n = sla__spans_normalize(y.v, y.n);
                r = combine_lists(&x, &y, is_union, &z);
            }
            if (r == 0)
                r = sla__calgen_pattern(&g, SLA__WEEK, z.v, z.n, &pat);
            if (r == 0)
                r = sla__calgen_era(&g, v0, ea->anchor, pat);
        } else {
            r = materialize(a, ia, v0, v1, &x);
            if (r == 0)
                r = materialize(b, ib, v0, v1, &y);
            if (r == 0) {
                x.n = sla__spans_normalize(x.v, x.n);
                y.n = sla__spans_normalize(y.v, y.n);
                r = combine_lists(&x, &y, is_union, &z);
            }
            if (r == 0)
                r = sla__calgen_pattern(&g, 0, z.v, z.n, &pat);
            if (r == 0)
                r = sla__calgen_era(&g, v0, v0, pat);
        }
        if (a->u0[ia + 1] == v1)
            ia++;
        if (b->u0[ib + 1] == v1)
            ib++;
        v0 = v1;
    }
    if (r == 0 && a->n_hol) { /* the result reports a's holidays */
        hol = sla__malloc(a->n_hol * sizeof *a->hol);
        if (!hol)
            r = SLA_ENOMEM;
        else
            memcpy(hol, a->hol, a->n_hol * sizeof *a->hol);
    }
    if (r == 0)
        r = sla__calgen_finish(&g, end, a->tz, ret);
    if (r == 0) {
        (*ret)->hol = hol;
        (*ret)->n_hol = hol ? a->n_hol : 0;
        hol = NULL;
        /* every finite holiday source of both calendars still counts */
        (*ret)->hol_horizon = a->hol_horizon < b->hol_horizon ? a->hol_horizon : b->hol_horizon;
    }
    sla__free(hol);
    sla__calgen_done(&g);
    sla__free(x.v);
    sla__free(y.v);
    sla__free(z.v);
    return r;
}

SLA_EXPORT int sla_calendar_union(const sla_calendar *a, const sla_calendar *b,
                                  sla_calendar **ret)
{
    return combine(a, b, true, ret);
}

SLA_EXPORT int sla_calendar_intersect(const sla_calendar *a, const sla_calendar *b,
                                      sla_calendar **ret)
{
    return combine(a, b, false, ret);
}
