/* Building the compiled form: deduplicated patterns, eras, and the final
 * pass that fixes F (open time since the timeline start) at every era start
 * and the next opening and closing after each.
 * SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "calendar/model.h"

void sla__calgen_init(sla__calgen *g)
{
    memset(g, 0, sizeof *g);
}

void sla__calgen_done(sla__calgen *g)
{
    sla__free(g->u0);
    sla__free(g->eras);
    sla__free(g->pats);
    sla__free(g->ivals);
    sla__free(g->hash);
    memset(g, 0, sizeof *g);
}

static int span_cmp(const void *a, const void *b)
{
    const sla__span64 *x = a, *y = b;
    if (x->s != y->s)
        return x->s < y->s ? -1 : 1;
    return (x->e > y->e) - (x->e < y->e);
}

/* The compiler's spans come day by day, mostly in order already (a few
 * move, around a DST gap or where a week wraps): insertion sort by start
 * from the first out of place, i, while its moves stay within a few per
 * element; false (order unspecified, the same elements) when they would
 * not, for qsort to finish. */
static bool nearly_sorted(sla__span64 *v, size_t n, size_t i)
{
    size_t budget = 8 * n + 64;
    for (; i < n; i++) {
        sla__span64 x = v[i];
        size_t j = i;
        while (j > 0 && v[j - 1].s > x.s) {
            if (budget-- == 0) {
                v[j] = x;
                return false;
            }
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
    return true;
}

size_t sla__spans_normalize(sla__span64 *v, size_t n)
{
    size_t i, out = 0;

    if (n == 0)
        return 0;
    for (i = 1; i < n && v[i - 1].s <= v[i].s; i++)
        ;
    if (i < n && !nearly_sorted(v, n, i))
        qsort(v, n, sizeof *v, span_cmp);
    for (i = 0; i < n; i++) {
        if (v[i].e <= v[i].s)
            continue;
        if (out > 0 && v[i].s <= v[out - 1].e) {
            if (v[i].e > v[out - 1].e)
                v[out - 1].e = v[i].e;
        } else {
            v[out++] = v[i];
        }
    }
    return out;
}

static uint64_t pattern_hash(int64_t period, const sla__span64 *iv, size_t n)
{
    uint64_t h = 1469598103934665603ULL ^ (uint64_t)period ^ ((uint64_t)n << 32);
    size_t i;
    for (i = 0; i < n; i++) {
        h = (h ^ (uint64_t)iv[i].s) * 1099511628211ULL;
        h = (h ^ (uint64_t)iv[i].e) * 1099511628211ULL;
    }
    return h ^ (h >> 29);
}

static bool pattern_equal(const sla__calgen *g, uint32_t idx, int64_t period, const sla__span64 *iv,
                          size_t n)
{
    const sla__pattern *p = &g->pats[idx];
    size_t i;
    if (p->period != period || p->n != n)
        return false;
    for (i = 0; i < n; i++)
        if (g->ivals[p->first + i].s != iv[i].s || g->ivals[p->first + i].e != iv[i].e)
            return false;
    return true;
}

static int hash_grow(sla__calgen *g)
{
    size_t ncap = g->hash_cap ? g->hash_cap * 2 : 64, i;
    uint32_t *nh = sla__calloc(ncap, sizeof *nh);
    if (!nh)
        return SLA_ENOMEM;
    for (i = 0; i < g->n_pats; i++) {
        const sla__pattern *p = &g->pats[i];
        sla__span64 tmp;
        uint64_t h = 1469598103934665603ULL ^ (uint64_t)p->period ^ ((uint64_t)p->n << 32);
        size_t j, slot;
        for (j = 0; j < p->n; j++) {
            tmp.s = g->ivals[p->first + j].s;
            tmp.e = g->ivals[p->first + j].e;
            h = (h ^ (uint64_t)tmp.s) * 1099511628211ULL;
            h = (h ^ (uint64_t)tmp.e) * 1099511628211ULL;
        }
        h ^= h >> 29;
        slot = (size_t)h & (ncap - 1);
        while (nh[slot])
            slot = (slot + 1) & (ncap - 1);
        nh[slot] = (uint32_t)i + 1;
    }
    sla__free(g->hash);
    g->hash = nh;
    g->hash_cap = ncap;
    return 0;
}

int sla__calgen_pattern(sla__calgen *g, int64_t period, const sla__span64 *iv, size_t n,
                        uint32_t *ret)
{
    uint64_t h;
    size_t slot, i;
    int64_t cum = 0;
    int r;

    if ((g->n_pats + 1) * 2 > g->hash_cap) {
        r = hash_grow(g);
        if (r < 0)
            return r;
    }
    h = pattern_hash(period, iv, n);
    slot = (size_t)h & (g->hash_cap - 1);
    while (g->hash[slot]) {
        if (pattern_equal(g, g->hash[slot] - 1, period, iv, n)) {
            *ret = g->hash[slot] - 1;
            return 0;
        }
        slot = (slot + 1) & (g->hash_cap - 1);
    }
    if (g->n_pats >= UINT32_MAX - 1 || g->n_ivals + n >= UINT32_MAX)
        return SLA_ELIMIT;
    r = sla__grow((void **)&g->pats, &g->cap_pats, g->n_pats + 1,
                  sizeof *g->pats);
    if (r < 0)
        return r;
    r = sla__grow((void **)&g->ivals, &g->cap_ivals, g->n_ivals + n, sizeof *g->ivals);
    if (r < 0)
        return r;
    g->pats[g->n_pats].first = (uint32_t)g->n_ivals;
    g->pats[g->n_pats].n = (uint32_t)n;
    g->pats[g->n_pats].period = period;
    for (i = 0; i < n; i++) {
        g->ivals[g->n_ivals + i].s = iv[i].s;
        g->ivals[g->n_ivals + i].e = iv[i].e;
        g->ivals[g->n_ivals + i].cum = cum;
        cum += iv[i].e - iv[i].s;
    }
    g->pats[g->n_pats].total = cum;
    g->n_ivals += n;
    g->hash[slot] = (uint32_t)g->n_pats + 1;
    *ret = (uint32_t)g->n_pats++;
    return 0;
}

int sla__calgen_reserve(sla__calgen *g, size_t n_eras)
{
    int r = sla__grow((void **)&g->u0, &g->cap_u0, n_eras + 2, sizeof *g->u0);
    if (r == 0)
        r = sla__grow((void **)&g->eras, &g->cap_eras, n_eras + 1, sizeof *g->eras);
    return r;
}

int sla__calgen_era(sla__calgen *g, int64_t u0, int64_t anchor, uint32_t pat)
{
    int r;

    /* the era before has no length (a local date that does not exist, as
     * Apia's 2011-12-30): this one takes its place */
    if (g->n_eras > 0 && u0 == g->u0[g->n_eras - 1])
        g->n_eras--;
    if (g->n_eras > 0) {
        sla__era *last = &g->eras[g->n_eras - 1];
        if (u0 <= g->u0[g->n_eras - 1])
            return SLA_EINVAL;
        if (last->pat == pat && g->pats[pat].period &&
            sla__floormod(anchor - last->anchor, g->pats[pat].period) == 0)
            return 0; /* the same open set continues */
    }
    r = sla__grow((void **)&g->u0, &g->cap_u0, g->n_eras + 2, sizeof *g->u0);
    if (r < 0)
        return r;
    r = sla__grow((void **)&g->eras, &g->cap_eras, g->n_eras + 1, sizeof *g->eras);
    if (r < 0)
        return r;
    g->u0[g->n_eras] = u0;
    memset(&g->eras[g->n_eras], 0, sizeof g->eras[0]);
    g->eras[g->n_eras].anchor = anchor;
    g->eras[g->n_eras].pat = pat;
    g->n_eras++;
    return 0;
}

/* Give back unused capacity; keeps the larger block if that fails. */
static void shrink(void **p, size_t size)
{
    void *q = sla__realloc(*p, size);
    if (q)
        *p = q;
}

int sla__calgen_finish(sla__calgen *g, int64_t end, sla_tz *tz, sla_calendar **ret)
{
    sla_calendar *cal;
    size_t i, n = g->n_eras;
    int64_t fo = SLA__NONE, fc = SLA__NONE, lc;
    int r;

    if (n == 0 || end <= g->u0[n - 1])
        return SLA_EINVAL;
    if (!g->ivals) {
        /* A calendar that never opens has no intervals; keep a real array
         * anyway so that `ivals + first` is always defined. */
        g->ivals = sla__malloc(sizeof *g->ivals);
        if (!g->ivals)
            return SLA_ENOMEM;
        g->cap_ivals = 1;
    }
    cal = sla__calloc(1, sizeof *cal);
    if (!cal)
        return SLA_ENOMEM;
    cal->cum = sla__malloc((n + 1) * sizeof *cal->cum);
    if (!cal->cum) {
        sla__free(cal);
        return SLA_ENOMEM;
    }
    g->u0[n] = end;
    cal->cum[0] = 0;
    for (i = 0; i < n; i++) {
        sla__era *e = &g->eras[i];
        const sla__pattern *p = &g->pats[e->pat];
        e->base = cal->cum[i] - sla__pat_G(g->ivals, p, g->u0[i] - e->anchor);
        cal->cum[i + 1] = e->base + sla__pat_G(g->ivals, p, g->u0[i + 1] - e->anchor);
    }
    for (i = n; i-- > 0;) {
        sla__era *e = &g->eras[i];
        const sla__pattern *p = &g->pats[e->pat];
        int64_t o = sla__pat_next_open(g->ivals, p, g->u0[i] - e->anchor);
        int64_t c = sla__pat_next_closed(g->ivals, p, g->u0[i] - e->anchor);
        if (o != SLA__NONE && o + e->anchor < g->u0[i + 1])
            fo = o + e->anchor;
        if (c != SLA__NONE && c + e->anchor < g->u0[i + 1])
            fc = c + e->anchor;
        e->first_open = fo;
        e->first_closed = fc;
    }
    for (i = 0, lc = SLA__NONE_BEFORE; i < n; i++) {
        sla__era *e = &g->eras[i];
        int64_t c = sla__pat_prev_closed(g->ivals, &g->pats[e->pat], g->u0[i + 1] - e->anchor);
        e->last_closed = lc;
        if (c != SLA__NONE_BEFORE && c + e->anchor >= g->u0[i])
            lc = c + e->anchor;
    }
    shrink((void **)&g->u0, (n + 1) * sizeof *g->u0);
    shrink((void **)&g->eras, n * sizeof *g->eras);
    shrink((void **)&g->pats, g->n_pats * sizeof *g->pats);
    if (g->n_ivals)
        shrink((void **)&g->ivals, g->n_ivals * sizeof *g->ivals);
    cal->tz = sla__tz_ref(tz);
    cal->n_eras = n;
    cal->u0 = g->u0;
    cal->eras = g->eras;
    cal->pats = g->pats;
    cal->n_pats = g->n_pats;
    cal->ivals = g->ivals;
    cal->n_ivals = g->n_ivals;
    cal->hol_horizon = SLA__NONE;
    sla__free(g->hash);
    memset(g, 0, sizeof *g);
    r = sla__bizdays_build(cal);
    if (r < 0) {
        sla_calendar_free(cal);
        return r;
    }
    *ret = cal;
    return 0;
}
