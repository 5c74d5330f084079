/* The queue simulation (the model is in simulate.h): slots on duty in a
 * heap by the instant they can next start work, waiting tickets and
 * contacts to come in a heap by service order.
 * SPDX-License-Identifier: MIT */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "predict/simulate.h"

#define MAX_SLOTS 100000
#define HORIZON ((int64_t)90 * SLA__DAY)

static void key_of(const sla__sim *m, int prio, int64_t arrival, int64_t deadline, int64_t *k1,
                   int64_t *k2)
{
    switch (m->order) {
    case SLA_ORDER_EDF:
        *k1 = deadline;
        *k2 = arrival;
        break;
    case SLA_ORDER_PRIORITY:
        *k1 = -prio;
        *k2 = arrival;
        break;
    default:
        *k1 = arrival;
        *k2 = 0;
        break;
    }
}

static bool key_less(int64_t a1, int64_t a2, int64_t b1, int64_t b2)
{
    return a1 < b1 || (a1 == b1 && a2 < b2);
}

typedef struct {
    int channel;
    int future; /* arrives after now */
    int64_t k1, k2;
    size_t idx;
} sortkey;

static int sortkey_cmp(const void *pa, const void *pb)
{
    const sortkey *a = pa, *b = pb;
    if (a->channel != b->channel)
        return a->channel < b->channel ? -1 : 1;
    if (a->future != b->future)
        return a->future - b->future;
    if (key_less(a->k1, a->k2, b->k1, b->k2))
        return -1;
    if (key_less(b->k1, b->k2, a->k1, a->k2))
        return 1;
    return (a->idx > b->idx) - (a->idx < b->idx);
}

static void slot_refresh(sla__slot *s, int64_t free_at)
{
    int64_t o, c;
    if (free_at < s->until) {
        s->key = free_at;
        return;
    }
    if (free_at >= SLA_TIME_MAX || sla_calendar_next_open(s->cal, free_at, &o) < 0) {
        s->key = SLA__NEVER;
        return;
    }
    if (sla_calendar_next_close(s->cal, o, &c) < 0)
        c = SLA__NEVER;
    s->key = o;
    s->until = c;
}

static void sheap_down(sla__sim *m, size_t n, size_t i)
{
    sla__hentry *h = m->heap, e = h[i];
    for (;;) {
        size_t l = 2 * i + 1, b;
        if (l >= n)
            break;
        b = (l + 1 < n && h[l + 1].key < h[l].key) ? l + 1 : l;
        if (h[b].key >= e.key)
            break;
        h[i] = h[b];
        i = b;
    }
    h[i] = e;
}

static bool q_less(const sla__qitem *x, const sla__qitem *y)
{
    return key_less(x->k1, x->k2, y->k1, y->k2) ||
           (x->k1 == y->k1 && x->k2 == y->k2 && x->seq < y->seq);
}

static int q_push(sla__sim *m, sla__qitem it)
{
    size_t i;
    int r = sla__grow((void **)&m->q, &m->cap_q, m->n_q + 1, sizeof *m->q);
    if (r < 0)
        return r;
    i = m->n_q++;
    m->q[i] = it;
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!q_less(&m->q[i], &m->q[p]))
            break;
        sla__qitem t = m->q[i];
        m->q[i] = m->q[p];
        m->q[p] = t;
        i = p;
    }
    return 0;
}

static sla__qitem q_pop(sla__sim *m)
{
    sla__qitem top = m->q[0];
    size_t i = 0, n = --m->n_q;
    m->q[0] = m->q[n];
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, b = i;
        if (l < n && q_less(&m->q[l], &m->q[b]))
            b = l;
        if (r < n && q_less(&m->q[r], &m->q[b]))
            b = r;
        if (b == i)
            break;
        sla__qitem t = m->q[i];
        m->q[i] = m->q[b];
        m->q[b] = t;
        i = b;
    }
    return top;
}

static int64_t handle_time(const sla__sim *m, int ch, sla__rng *g, bool mean_mode)
{
    double mean = m->st->handle_mean[ch], sd = m->st->handle_sd[ch], h;
    if (mean_mode)
        h = mean;
    else if (m->st->handle_model[ch] == SLA_HANDLE_EXPONENTIAL)
        h = -mean * log(sla__rng_unit(g));
    else if (sd <= 0.0)
        h = mean;
    else
        h = exp(m->ln_mu[ch] + m->ln_sigma[ch] * sla__rng_normal(g));
    if (h < 1.0)
        h = 1.0;
    if (h > 1e7)
        h = 1e7;
    return (int64_t)(h + 0.5); /* h > 0: rounds to nearest */
}

/* Next arrival after t for a channel profile: piecewise-constant Poisson
 * rate per local hour of week; in mean-value mode, evenly spaced. */
static int64_t next_arrival(const sla__sim *m, const sla__arrivals *a, int64_t t, sla__rng *g,
                            bool mean_mode, int64_t limit)
{
    double need = mean_mode ? 1.0 : -log(sla__rng_unit(g)); /* unit-rate exponential */
    double x = (double)t;
    while (x < (double)limit) {
        int64_t u = (int64_t)x;
        int32_t off = sla__tz_offset_at(m->st->tz, u);
        int64_t local = u + off;
        int64_t day = sla__floordiv(local, SLA__DAY);
        int how = sla__weekday(day) * 24 + (int)(sla__floormod(local, SLA__DAY) / 3600);
        double rate = a->rate[how] / 3600.0; /* per second */
        double to_edge = (double)(3600 - sla__floormod(local, 3600));
        if (rate * to_edge >= need)
            return (int64_t)ceil(x + need / rate);
        need -= rate * to_edge;
        x += to_edge;
    }
    return SLA__NEVER;
}

int sla__sim_run_channel(sla__sim *m, int ch, const int *extra, sla__rng *g, bool mean_mode,
                         int64_t *out, int64_t *start_out)
{
    const sla_roster *st = m->st;
    const sla__arrivals *a = st->arr[ch] && st->arr[ch]->set ? st->arr[ch] : NULL;
    size_t first = m->ch_first[ch], last = m->ch_first[ch + 1], nslots = 0, i;
    size_t w = first, fut = m->ch_future[ch], p = fut; /* waiting / future pointers */
    size_t left = last - first;
    int64_t limit = m->now + HORIZON, next_arr = SLA__NEVER, max_k1 = INT64_MIN, max_k2 = INT64_MIN;
    uint64_t seq = (uint64_t)m->n;
    int r;

    if (first == last)
        return 0;
    if (limit > SLA_TIME_MAX)
        limit = SLA_TIME_MAX;
    /* Slots of this channel's shifts. */
    for (i = 0; i < st->n_shifts; i++) {
        const sla__shift *sh = &st->shifts[i];
        size_t k, cnt;
        if (sh->channel != ch)
            continue;
        cnt = (size_t)(sh->agents + (extra ? extra[i] : 0)) * (size_t)sh->concurrency;
        if (nslots + cnt > MAX_SLOTS)
            return SLA_ELIMIT;
        if (nslots + cnt > m->cap_slots) {
            size_t cap = m->cap_slots, cap2 = m->cap_slots;
            r = sla__grow((void **)&m->slots, &cap, nslots + cnt, sizeof *m->slots);
            if (r == 0)
                r = sla__grow((void **)&m->heap, &cap2, nslots + cnt, sizeof *m->heap);
            if (r < 0)
                return r;
            m->cap_slots = cap < cap2 ? cap : cap2;
        }
        for (k = 0; k < cnt; k++) {
            sla__slot *s = &m->slots[nslots];
            s->cal = sh->cal;
            s->until = 0;
            slot_refresh(s, m->now);
            m->heap[nslots].key = s->key;
            m->heap[nslots].slot = nslots;
            nslots++;
        }
    }
    for (i = nslots / 2 + 1; nslots && i-- > 0;)
        sheap_down(m, nslots, i);
    for (i = first; i < last; i++) {
        size_t t = m->by_arrival[i];
        int64_t k1, k2;
        out[t] = SLA__NEVER;
        start_out[t] = SLA__NEVER;
        key_of(m, m->priority[t], m->arrival[t], m->deadline[t], &k1, &k2);
        if (key_less(max_k1, max_k2, k1, k2)) {
            max_k1 = k1;
            max_k2 = k2;
        }
    }
    m->n_q = 0;
    if (a)
        next_arr = next_arrival(m, a, m->now, g, mean_mode, limit);
    while (left > 0) {
        sla__slot *s;
        int64_t start, done;
        sla__qitem it;

        if (nslots == 0 || m->heap[0].key >= limit)
            break; /* the rest is never answered */
        s = &m->slots[m->heap[0].slot];
        start = s->key;
        for (; p < last && m->arrival[m->by_arrival[p]] <= start; p++) {
            size_t t = m->by_arrival[p];
            key_of(m, m->priority[t], m->arrival[t], m->deadline[t], &it.k1, &it.k2);
            it.seq = t;
            it.ticket = t;
            if ((r = q_push(m, it)) < 0)
                return r;
        }
        while (next_arr <= start) {
            key_of(m, a->priority, next_arr, next_arr + a->target, &it.k1, &it.k2);
            it.seq = seq++;
            it.ticket = SIZE_MAX;
            /* A contact behind every waiting ticket never goes first. */
            if (key_less(it.k1, it.k2, max_k1, max_k2) && (r = q_push(m, it)) < 0)
                return r;
            next_arr = next_arrival(m, a, next_arr + 1, g, mean_mode, limit);
        }
        if (w < fut) { /* the next waiting ticket, unless the queue has a better one */
            size_t t = m->by_arrival[w];
            key_of(m, m->priority[t], m->arrival[t], m->deadline[t], &it.k1, &it.k2);
            it.seq = t;
            it.ticket = t;
            if (m->n_q > 0 && q_less(&m->q[0], &it))
                it = q_pop(m);
            else
                w++;
        } else if (m->n_q > 0) {
            it = q_pop(m);
        } else { /* idle until the next ticket or contact */
            int64_t t_next = p < last ? m->arrival[m->by_arrival[p]] : SLA__NEVER;
            if (next_arr < t_next)
                t_next = next_arr;
            slot_refresh(s, t_next);
            m->heap[0].key = s->key;
            sheap_down(m, nslots, 0);
            continue;
        }
        done = start + handle_time(m, ch, g, mean_mode);
        if (it.ticket != SIZE_MAX) {
            out[it.ticket] = done;
            start_out[it.ticket] = start;
            left--;
        }
        slot_refresh(s, done);
        m->heap[0].key = s->key;
        sheap_down(m, nslots, 0);
    }
    return 0;
}

int sla__sim_setup(sla__sim *m, const sla_roster *st, int64_t now, const int *channel,
                   const int *priority, const int64_t *arrival, const int64_t *deadline, size_t n,
                   int order)
{
    size_t i, c;

    memset(m, 0, sizeof *m);
    if (!st || (n > 0 && (!channel || !priority || !arrival || !deadline)))
        return SLA_EINVAL;
    if (order < SLA_ORDER_FIFO || order > SLA_ORDER_PRIORITY)
        return SLA_EINVAL;
    if (now < SLA_TIME_MIN || now >= SLA_TIME_MAX)
        return SLA_ERANGE;
    for (i = 0; i < n; i++) {
        if (channel[i] < 0 || channel[i] >= SLA_CHANNEL_MAX || priority[i] < SLA_PRIORITY_LOW ||
            priority[i] > SLA_PRIORITY_URGENT)
            return SLA_EINVAL;
        if (arrival[i] < SLA_TIME_MIN || arrival[i] >= SLA_TIME_MAX || deadline[i] < SLA_TIME_MIN ||
            deadline[i] >= SLA_TIME_MAX)
            return SLA_ERANGE;
        if (!(st->handle_mean[channel[i]] >= 1.0))
            return SLA_ESTATE; /* no handle time for this channel */
    }
    m->st = st;
    m->now = now;
    m->channel = channel;
    m->priority = priority;
    m->arrival = arrival;
    m->deadline = deadline;
    m->n = n;
    m->order = order;
    m->by_arrival = sla__malloc((n ? n : 1) * sizeof *m->by_arrival);
    if (!m->by_arrival)
        return SLA_ENOMEM;
    {
        sortkey *keys = sla__malloc((n ? n : 1) * sizeof *keys);
        if (!keys)
            return SLA_ENOMEM;
        for (i = 0; i < n; i++) {
            keys[i].channel = channel[i];
            keys[i].idx = i;
            keys[i].future = arrival[i] > now;
            if (keys[i].future) { /* future tickets by arrival */
                keys[i].k1 = arrival[i];
                keys[i].k2 = 0;
            } else { /* waiting tickets in service order */
                key_of(m, priority[i], arrival[i], deadline[i], &keys[i].k1, &keys[i].k2);
            }
        }
        qsort(keys, n, sizeof *keys, sortkey_cmp);
        for (i = 0; i < n; i++)
            m->by_arrival[i] = keys[i].idx;
        sla__free(keys);
    }
    for (c = 0, i = 0; c <= SLA_CHANNEL_MAX; c++) {
        while (i < n && channel[m->by_arrival[i]] < (int)c)
            i++;
        m->ch_first[c] = i;
    }
    for (c = 0; c < SLA_CHANNEL_MAX; c++) {
        size_t j = m->ch_first[c];
        while (j < m->ch_first[c + 1] && arrival[m->by_arrival[j]] <= now)
            j++;
        m->ch_future[c] = j;
        if (st->handle_mean[c] >= 1.0) {
            double mean = st->handle_mean[c], sd = st->handle_sd[c];
            double s2 = log(1.0 + (sd * sd) / (mean * mean));
            m->ln_mu[c] = log(mean) - s2 / 2.0;
            m->ln_sigma[c] = sqrt(s2);
        }
    }
    return 0;
}

void sla__sim_done(sla__sim *m)
{
    sla__free(m->by_arrival);
    sla__free(m->slots);
    sla__free(m->heap);
    sla__free(m->q);
}
