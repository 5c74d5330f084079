/* Queue forecast: when will each waiting ticket get its reply, and will it
 * breach, given who is on duty, how long replies take, the service order and
 * the contacts still to come.
 * SPDX-License-Identifier: MIT
 *
 * The model, per channel (channels do not share agents):
 * - a staffing schedule is a list of shifts; a shift is opening-hours text
 *   in the schedule's zone (with its holidays) plus a number of agents, each
 *   of whom can hold `concurrency` conversations at once; each conversation
 *   place is a "slot" that is on duty while its shift's calendar is open;
 * - a free on-duty slot takes the first waiting ticket in service order
 *   (first-come, earliest deadline, or priority then first-come); the reply
 *   is sent one handle time later (log-normal with the channel's mean and
 *   spread; exactly the mean in mean-value mode); work started before the
 *   end of a shift is finished;
 * - optional arrivals per hour of week (local time) join the queue and take
 *   slots ahead of the waiting tickets they precede in service order.
 * Each sample replays the channel's queue from `now` until every waiting
 * ticket has its reply (or the horizon passes: then it is never answered).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tz/tz.h"

#define MAX_SHIFTS 1024
#define MAX_SLOTS 100000
#define MAX_CELLS ((size_t)64 * 1024 * 1024) /* tickets x samples kept for percentiles */
#define MAX_SAMPLES 100000
#define HORIZON ((int64_t)90 * SLA__DAY)
#define NEVER INT64_MAX
#define BLOCK 64 /* tickets gathered at once for percentiles */

typedef struct {
    int channel;
    int agents;
    int concurrency;
    char *hours;
    sla_calendar *cal;
} shift;

typedef struct {
    bool set;
    double rate[168]; /* contacts per hour, Monday 00:00 local first */
    int priority;
    int64_t target;
} arrivals;

struct sla_roster {
    sla_tz *tz;
    char *zone;
    int64_t *hol; /* y * 10000 + m * 100 + d */
    size_t n_hol, cap_hol;
    shift *shifts;
    size_t n_shifts, cap_shifts;
    double handle_mean[SLA_CHANNEL_MAX];
    double handle_sd[SLA_CHANNEL_MAX];
    unsigned char handle_model[SLA_CHANNEL_MAX];
    arrivals *arr[SLA_CHANNEL_MAX];
};

struct sla_forecast {
    size_t n;
    int64_t *expected, *low, *high, *pickup;
    double *p_breach;
    double expected_breaches;
};

/* ---- staffing schedule -------------------------------------------------- */

SLA_EXPORT int sla_roster_new(const char *zone, sla_roster **ret)
{
    sla_roster *s;
    int r;

    if (!zone || !ret)
        return SLA_EINVAL;
    s = sla__calloc(1, sizeof *s);
    if (!s)
        return SLA_ENOMEM;
    s->zone = sla__strdup(zone);
    if (!s->zone) {
        sla__free(s);
        return SLA_ENOMEM;
    }
    r = sla__tz_load(zone, NULL, &s->tz);
    if (r < 0) {
        sla__free(s->zone);
        sla__free(s);
        return r;
    }
    *ret = s;
    return 0;
}

SLA_EXPORT void sla_roster_free(sla_roster *s)
{
    size_t i;
    if (!s)
        return;
    for (i = 0; i < s->n_shifts; i++) {
        sla__free(s->shifts[i].hours);
        sla_calendar_free(s->shifts[i].cal);
    }
    for (i = 0; i < SLA_CHANNEL_MAX; i++)
        sla__free(s->arr[i]);
    sla__free(s->shifts);
    sla__free(s->hol);
    sla__free(s->zone);
    sla__tz_unref(s->tz);
    sla__free(s);
}

static int compile_shift(const sla_roster *s, const char *hours, sla_calendar **ret,
                         sla_diag *diag)
{
    sla_calendar_builder *b;
    size_t i;
    int r = sla_calendar_builder_new(s->zone, &b);
    if (r < 0)
        return r;
    r = sla_calendar_builder_set_hours(b, hours, diag);
    for (i = 0; r == 0 && i < s->n_hol; i++)
        r = sla_calendar_builder_add_holiday(b, (int)(s->hol[i] / 10000), (int)(s->hol[i] / 100 % 100),
                                             (int)(s->hol[i] % 100));
    if (r == 0)
        r = sla_calendar_builder_compile(b, ret);
    sla_calendar_builder_free(b);
    return r;
}

SLA_EXPORT int sla_roster_add_holiday(sla_roster *s, int year, int month, int day)
{
    sla_calendar **cals;
    size_t i;
    int r = 0;

    if (!s || month < 1 || month > 12 || day < 1 ||
        (unsigned)day > sla__days_in_month(year, (unsigned)month))
        return SLA_EINVAL;
    if (year < 1970 || year > 2199)
        return SLA_ERANGE;
    r = sla__grow((void **)&s->hol, &s->cap_hol, s->n_hol + 1, sizeof *s->hol);
    if (r < 0)
        return r;
    s->hol[s->n_hol++] = (int64_t)year * 10000 + month * 100 + day;
    /* Recompile every shift; swap only when all succeeded. */
    cals = sla__calloc(s->n_shifts, sizeof *cals);
    if (!cals) {
        s->n_hol--;
        return SLA_ENOMEM;
    }
    for (i = 0; r == 0 && i < s->n_shifts; i++)
        r = compile_shift(s, s->shifts[i].hours, &cals[i], NULL);
    if (r < 0) {
        for (i = 0; i < s->n_shifts; i++)
            sla_calendar_free(cals[i]);
        s->n_hol--;
    } else {
        for (i = 0; i < s->n_shifts; i++) {
            sla_calendar_free(s->shifts[i].cal);
            s->shifts[i].cal = cals[i];
        }
    }
    sla__free(cals);
    return r;
}

SLA_EXPORT int sla_roster_add_shift(sla_roster *s, int channel, const char *hours, int agents,
                                      int concurrency, int *ret_index, sla_diag *diag)
{
    shift sh;
    int r;

    sla__diag_clear(diag);
    if (!s || !hours || channel < 0 || channel >= SLA_CHANNEL_MAX || agents < 0 ||
        concurrency < 1 || concurrency > 100)
        return SLA_EINVAL;
    if (s->n_shifts >= MAX_SHIFTS)
        return SLA_ELIMIT;
    r = sla__grow((void **)&s->shifts, &s->cap_shifts, s->n_shifts + 1, sizeof *s->shifts);
    if (r < 0)
        return r;
    memset(&sh, 0, sizeof sh);
    sh.channel = channel;
    sh.agents = agents;
    sh.concurrency = concurrency;
    sh.hours = sla__strdup(hours);
    if (!sh.hours)
        return SLA_ENOMEM;
    r = compile_shift(s, hours, &sh.cal, diag);
    if (r < 0) {
        sla__free(sh.hours);
        return r;
    }
    s->shifts[s->n_shifts] = sh;
    if (ret_index)
        *ret_index = (int)s->n_shifts;
    s->n_shifts++;
    return 0;
}

SLA_EXPORT int sla_roster_shift_count(const sla_roster *s)
{
    return s ? (int)s->n_shifts : 0;
}

SLA_EXPORT int sla_roster_set_handle_time(sla_roster *s, int channel, double mean, double sd)
{
    if (!s || channel < 0 || channel >= SLA_CHANNEL_MAX || !(mean >= 1.0) || !(sd >= 0.0) ||
        mean > 1e7 || sd > 1e7)
        return SLA_EINVAL;
    s->handle_mean[channel] = mean;
    s->handle_sd[channel] = sd;
    return 0;
}

SLA_EXPORT int sla_roster_set_handle_model(sla_roster *s, int channel, int model)
{
    if (!s || channel < 0 || channel >= SLA_CHANNEL_MAX ||
        (model != SLA_HANDLE_LOGNORMAL && model != SLA_HANDLE_EXPONENTIAL))
        return SLA_EINVAL;
    s->handle_model[channel] = (unsigned char)model;
    return 0;
}

SLA_EXPORT int sla_roster_set_arrivals(sla_roster *s, int channel, const double *per_hour,
                                         size_t n, int priority, int64_t target)
{
    arrivals *a;
    size_t i;

    if (!s || channel < 0 || channel >= SLA_CHANNEL_MAX || (n != 0 && n != 168) ||
        (n && !per_hour) || priority < SLA_PRIORITY_LOW || priority > SLA_PRIORITY_URGENT ||
        target < 0)
        return SLA_EINVAL;
    for (i = 0; i < n; i++)
        if (!(per_hour[i] >= 0.0 && per_hour[i] <= 1e6))
            return SLA_EINVAL;
    if (n == 0) {
        sla__free(s->arr[channel]);
        s->arr[channel] = NULL;
        return 0;
    }
    a = s->arr[channel] ? s->arr[channel] : sla__calloc(1, sizeof *a);
    if (!a)
        return SLA_ENOMEM;
    memcpy(a->rate, per_hour, sizeof a->rate);
    a->set = true;
    a->priority = priority;
    a->target = target;
    s->arr[channel] = a;
    return 0;
}

/* ---- random numbers (xoshiro256**, seeded by splitmix64) ---------------- */

typedef struct {
    uint64_t s[4];
    bool have_spare;
    double spare;
} rng;

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static void rng_seed(rng *r, uint64_t seed)
{
    int i;
    for (i = 0; i < 4; i++)
        r->s[i] = splitmix64(&seed);
    r->have_spare = false;
}

static inline uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(rng *r)
{
    uint64_t res = rotl(r->s[1] * 5, 7) * 9, t = r->s[1] << 17;
    r->s[2] ^= r->s[0];
    r->s[3] ^= r->s[1];
    r->s[1] ^= r->s[2];
    r->s[0] ^= r->s[3];
    r->s[2] ^= t;
    r->s[3] = rotl(r->s[3], 45);
    return res;
}

/* Uniform in (0, 1). */
static double rng_unit(rng *r)
{
    return ((double)(rng_next(r) >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

static double rng_normal(rng *r)
{
    double u, v, q;
    if (r->have_spare) {
        r->have_spare = false;
        return r->spare;
    }
    do {
        u = 2.0 * rng_unit(r) - 1.0;
        v = 2.0 * rng_unit(r) - 1.0;
        q = u * u + v * v;
    } while (q >= 1.0 || q == 0.0);
    q = sqrt(-2.0 * log(q) / q);
    r->spare = v * q;
    r->have_spare = true;
    return u * q;
}

/* ---- simulation --------------------------------------------------------- */

typedef struct {
    int64_t key; /* next instant the slot can start work, NEVER when none */
    int64_t until; /* its shift is on duty until then (exclusive) */
    const sla_calendar *cal;
} slot;

/* A slot heap entry: the key is kept inline so sifting touches one array. */
typedef struct {
    int64_t key;
    size_t slot;
} hentry;

typedef struct {
    int64_t k1, k2; /* service-order key */
    uint64_t seq;   /* tie-break: ticket index, or a counter for contacts to come */
    size_t ticket;  /* the waiting ticket, or SIZE_MAX for a contact to come */
} qitem;

typedef struct {
    const sla_roster *st;
    int64_t now;
    const int *channel, *priority;
    const int64_t *arrival, *deadline;
    size_t n;
    int order;
    size_t *by_arrival; /* n: ticket indexes by (channel, arrival > now, key) */
    size_t ch_first[SLA_CHANNEL_MAX + 1];
    size_t ch_future[SLA_CHANNEL_MAX]; /* first ticket of ch arriving after now */
    double ln_mu[SLA_CHANNEL_MAX], ln_sigma[SLA_CHANNEL_MAX];
    /* scratch */
    slot *slots;
    hentry *heap; /* slot heap, by key */
    size_t cap_slots;
    qitem *q; /* ready queue (heap in service order) */
    size_t n_q, cap_q;
} sim;

static void key_of(const sim *m, int prio, int64_t arrival, int64_t deadline, int64_t *k1,
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

static void slot_refresh(slot *s, int64_t free_at)
{
    int64_t o, c;
    if (free_at < s->until) {
        s->key = free_at;
        return;
    }
    if (free_at >= SLA_TIME_MAX || sla_calendar_next_open(s->cal, free_at, &o) < 0) {
        s->key = NEVER;
        return;
    }
    if (sla_calendar_next_close(s->cal, o, &c) < 0)
        c = NEVER;
    s->key = o;
    s->until = c;
}

static void sheap_down(sim *m, size_t n, size_t i)
{
    hentry *h = m->heap, e = h[i];
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

static bool q_less(const qitem *x, const qitem *y)
{
    return key_less(x->k1, x->k2, y->k1, y->k2) ||
           (x->k1 == y->k1 && x->k2 == y->k2 && x->seq < y->seq);
}

static int q_push(sim *m, qitem it)
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
        qitem t = m->q[i];
        m->q[i] = m->q[p];
        m->q[p] = t;
        i = p;
    }
    return 0;
}

static qitem q_pop(sim *m)
{
    qitem top = m->q[0];
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
        qitem t = m->q[i];
        m->q[i] = m->q[b];
        m->q[b] = t;
        i = b;
    }
    return top;
}

static int64_t handle_time(const sim *m, int ch, rng *g, bool mean_mode)
{
    double mean = m->st->handle_mean[ch], sd = m->st->handle_sd[ch], h;
    if (mean_mode)
        h = mean;
    else if (m->st->handle_model[ch] == SLA_HANDLE_EXPONENTIAL)
        h = -mean * log(rng_unit(g));
    else if (sd <= 0.0)
        h = mean;
    else
        h = exp(m->ln_mu[ch] + m->ln_sigma[ch] * rng_normal(g));
    if (h < 1.0)
        h = 1.0;
    if (h > 1e7)
        h = 1e7;
    return (int64_t)(h + 0.5); /* h > 0: rounds to nearest */
}

/* Next arrival after t for a channel profile: piecewise-constant Poisson
 * rate per local hour of week; in mean-value mode, evenly spaced. */
static int64_t next_arrival(const sim *m, const arrivals *a, int64_t t, rng *g, bool mean_mode,
                            int64_t limit)
{
    double need = mean_mode ? 1.0 : -log(rng_unit(g)); /* unit-rate exponential */
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
    return NEVER;
}

/* One replay of channel ch: writes each of the channel's tickets' reply
 * instant to out[i] (NEVER when not answered before the horizon) and the
 * instant an agent took it to start[i]. extra[] adds agents per shift (NULL:
 * none). */
static int run_channel(sim *m, int ch, const int *extra, rng *g, bool mean_mode, int64_t *out,
                       int64_t *start_out)
{
    const sla_roster *st = m->st;
    const arrivals *a = st->arr[ch] && st->arr[ch]->set ? st->arr[ch] : NULL;
    size_t first = m->ch_first[ch], last = m->ch_first[ch + 1], nslots = 0, i;
    size_t w = first, fut = m->ch_future[ch], p = fut; /* waiting / future pointers */
    size_t left = last - first;
    int64_t limit = m->now + HORIZON, next_arr = NEVER, max_k1 = INT64_MIN, max_k2 = INT64_MIN;
    uint64_t seq = (uint64_t)m->n;
    int r;

    if (first == last)
        return 0;
    if (limit > SLA_TIME_MAX)
        limit = SLA_TIME_MAX;
    /* Slots of this channel's shifts. */
    for (i = 0; i < st->n_shifts; i++) {
        const shift *sh = &st->shifts[i];
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
            slot *s = &m->slots[nslots];
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
        out[t] = NEVER;
        start_out[t] = NEVER;
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
        slot *s;
        int64_t start, done;
        qitem it;

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
            int64_t t_next = p < last ? m->arrival[m->by_arrival[p]] : NEVER;
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

static int sim_setup(sim *m, const sla_roster *st, int64_t now, const int *channel,
                     const int *priority, const int64_t *arrival, const int64_t *deadline,
                     size_t n, int order)
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

static void sim_done(sim *m)
{
    sla__free(m->by_arrival);
    sla__free(m->slots);
    sla__free(m->heap);
    sla__free(m->q);
}

/* The k-th smallest of v[0..n) (v is reordered): three-way quickselect. */
static int64_t select_kth(int64_t *v, size_t n, size_t k)
{
    size_t lo = 0, hi = n;
    while (hi - lo > 1) {
        int64_t pivot = v[lo + (hi - lo) / 2], t;
        size_t lt = lo, i = lo, gt = hi;
        while (i < gt) {
            if (v[i] < pivot) {
                t = v[lt];
                v[lt++] = v[i];
                v[i++] = t;
            } else if (v[i] > pivot) {
                t = v[--gt];
                v[gt] = v[i];
                v[i] = t;
            } else {
                i++;
            }
        }
        if (k < lt)
            hi = lt;
        else if (k >= gt)
            lo = gt;
        else
            return pivot;
    }
    return v[lo];
}

SLA_EXPORT void sla_forecast_free(sla_forecast *f)
{
    if (!f)
        return;
    sla__free(f->expected);
    sla__free(f->low);
    sla__free(f->high);
    sla__free(f->p_breach);
    sla__free(f->pickup);
    sla__free(f);
}

SLA_EXPORT int sla_forecast_new(const sla_roster *st, int64_t now, const int *channel,
                                const int *priority, const int64_t *arrival,
                                const int64_t *deadline, size_t n, int order, int samples,
                                int64_t seed, sla_forecast **ret)
{
    sim m;
    sla_forecast *f = NULL;
    int64_t *cells = NULL, *col = NULL, *col2 = NULL, *blk = NULL;
    double *pick = NULL;
    size_t ns = samples > 0 ? (size_t)samples : 1, i, k;
    bool mean_mode = samples == 0;
    rng g;
    int r;

    if (!ret || samples < 0)
        return SLA_EINVAL;
    if (samples > MAX_SAMPLES)
        return SLA_ELIMIT;
    r = sim_setup(&m, st, now, channel, priority, arrival, deadline, n, order);
    if (r < 0) {
        sim_done(&m);
        return r;
    }
    if (n > 0 && ns > MAX_CELLS / n) {
        sim_done(&m);
        return SLA_ELIMIT;
    }
    f = sla__calloc(1, sizeof *f);
    cells = sla__malloc((n ? n : 1) * ns * sizeof *cells);
    col = sla__malloc((n ? n : 1) * sizeof *col);
    col2 = sla__malloc((n ? n : 1) * sizeof *col2);
    pick = sla__calloc(n ? n : 1, sizeof *pick);
    if (f) {
        f->pickup = sla__malloc((n ? n : 1) * sizeof *f->pickup);
        f->expected = sla__malloc((n ? n : 1) * sizeof *f->expected);
        f->low = sla__malloc((n ? n : 1) * sizeof *f->low);
        f->high = sla__malloc((n ? n : 1) * sizeof *f->high);
        f->p_breach = sla__malloc((n ? n : 1) * sizeof *f->p_breach);
    }
    if (!f || !cells || !col || !col2 || !pick || !f->expected || !f->low || !f->high ||
        !f->p_breach || !f->pickup) {
        r = SLA_ENOMEM;
        goto out;
    }
    f->n = n;
    rng_seed(&g, (uint64_t)seed);
    for (k = 0; k < ns; k++) {
        for (int c = 0; c < SLA_CHANNEL_MAX; c++) {
            r = run_channel(&m, c, NULL, &g, mean_mode, col, col2);
            if (r < 0)
                goto out;
        }
        memcpy(&cells[k * (n ? n : 1)], col, n * sizeof *col);
        for (i = 0; i < n; i++)
            pick[i] += col2[i] == NEVER ? 0.0 : (double)(col2[i] - now);
    }
    f->expected_breaches = 0.0;
    /* Per ticket, gather its samples (in blocks of tickets, for locality). */
    blk = sla__malloc(BLOCK * ns * sizeof *blk);
    if (!blk) {
        r = SLA_ENOMEM;
        goto out;
    }
    for (i = 0; i < n; i++) {
        int64_t *v;
        if (i % BLOCK == 0) {
            size_t b, bn = n - i < BLOCK ? n - i : BLOCK;
            for (k = 0; k < ns; k++)
                for (b = 0; b < bn; b++)
                    blk[b * ns + k] = cells[k * n + i + b];
        }
        v = &blk[(i % BLOCK) * ns];
        size_t served = 0, breached = 0;
        double sum = 0.0;
        for (k = 0; k < ns; k++) {
            if (v[k] != NEVER) {
                served++;
                sum += (double)(v[k] - now);
            }
            if (v[k] > deadline[i])
                breached++;
        }
        f->p_breach[i] = (double)breached / (double)ns;
        f->expected_breaches += f->p_breach[i];
        f->expected[i] = served ? now + (int64_t)llround(sum / (double)served) : SLA_NO_TIME;
        f->pickup[i] = served ? now + (int64_t)llround(pick[i] / (double)served) : SLA_NO_TIME;
        {
            size_t k10 = (ns - 1) / 10, k90 = (ns - 1) * 9 / 10;
            f->low[i] = select_kth(v, ns, k10);
            /* after the first selection everything from k10 on is >= it */
            f->high[i] = select_kth(v + k10, ns - k10, k90 - k10);
        }
        if (f->low[i] == NEVER)
            f->low[i] = SLA_NO_TIME;
        if (f->high[i] == NEVER)
            f->high[i] = SLA_NO_TIME;
    }
    *ret = f;
    f = NULL;
    r = 0;
out:
    sla_forecast_free(f);
    sla__free(cells);
    sla__free(col);
    sla__free(col2);
    sla__free(pick);
    sla__free(blk);
    sim_done(&m);
    return r;
}

SLA_EXPORT size_t sla_forecast_count(const sla_forecast *f)
{
    return f ? f->n : 0;
}

SLA_EXPORT int sla_forecast_results(const sla_forecast *f, int64_t *ret_expected,
                                    int64_t *ret_low, int64_t *ret_high, double *ret_p_breach)
{
    if (!f)
        return SLA_EINVAL;
    if (ret_expected)
        memcpy(ret_expected, f->expected, f->n * sizeof *ret_expected);
    if (ret_low)
        memcpy(ret_low, f->low, f->n * sizeof *ret_low);
    if (ret_high)
        memcpy(ret_high, f->high, f->n * sizeof *ret_high);
    if (ret_p_breach)
        memcpy(ret_p_breach, f->p_breach, f->n * sizeof *ret_p_breach);
    return 0;
}

SLA_EXPORT int sla_forecast_pickups(const sla_forecast *f, int64_t *ret_pickup)
{
    if (!f || (f->n && !ret_pickup))
        return SLA_EINVAL;
    memcpy(ret_pickup, f->pickup, f->n * sizeof *ret_pickup);
    return 0;
}

SLA_EXPORT double sla_forecast_expected_breaches(const sla_forecast *f)
{
    return f ? f->expected_breaches : 0.0;
}

/* Breaches of channel ch in mean-value mode with extra agents. */
static int count_breaches(sim *m, int ch, const int *extra, int64_t *col, int64_t *col2,
                          size_t *ret)
{
    rng g;
    size_t i, cnt = 0;
    int r;

    rng_seed(&g, 1);
    r = run_channel(m, ch, extra, &g, true, col, col2);
    if (r < 0)
        return r;
    for (i = m->ch_first[ch]; i < m->ch_first[ch + 1]; i++) {
        size_t t = m->by_arrival[i];
        if (m->deadline[t] > m->now && col[t] > m->deadline[t])
            cnt++;
    }
    *ret = cnt;
    return 0;
}

SLA_EXPORT int sla_forecast_advise(const sla_roster *st, int64_t now, const int *channel,
                                   const int *priority, const int64_t *arrival,
                                   const int64_t *deadline, size_t n, int order, int max_extra,
                                   int *ret_extra, size_t n_extra, size_t *ret_remaining)
{
    sim m;
    int64_t *col = NULL, *col2 = NULL;
    int *extra = NULL;
    size_t total_left = 0;
    int r, used = 0;

    if (!ret_extra || max_extra < 0 || max_extra > 10000)
        return SLA_EINVAL;
    r = sim_setup(&m, st, now, channel, priority, arrival, deadline, n, order);
    if (r < 0)
        goto out;
    if (n_extra != st->n_shifts) {
        r = SLA_EINVAL;
        goto out;
    }
    col = sla__malloc((n ? n : 1) * sizeof *col);
    col2 = sla__malloc((n ? n : 1) * sizeof *col2);
    extra = sla__calloc(st->n_shifts ? st->n_shifts : 1, sizeof *extra);
    if (!col || !col2 || !extra) {
        r = SLA_ENOMEM;
        goto out;
    }
    for (int ch = 0; ch < SLA_CHANNEL_MAX; ch++) {
        size_t breaches;
        if (m.ch_first[ch] == m.ch_first[ch + 1])
            continue;
        r = count_breaches(&m, ch, extra, col, col2, &breaches);
        if (r < 0)
            goto out;
        /* Greedy: one agent at a time, to the shift that removes the most
         * breaches (the earliest shift among equals). */
        while (breaches > 0 && used < max_extra) {
            size_t best = SIZE_MAX, best_b = breaches, i;
            for (i = 0; i < st->n_shifts; i++) {
                size_t b;
                if (st->shifts[i].channel != ch)
                    continue;
                extra[i]++;
                r = count_breaches(&m, ch, extra, col, col2, &b);
                extra[i]--;
                if (r < 0)
                    goto out;
                if (b < best_b) {
                    best_b = b;
                    best = i;
                }
            }
            if (best == SIZE_MAX)
                break; /* no single agent helps: the rest cannot be avoided */
            extra[best]++;
            used++;
            breaches = best_b;
        }
        total_left += breaches;
    }
    memcpy(ret_extra, extra, st->n_shifts * sizeof *extra);
    if (ret_remaining)
        *ret_remaining = total_left;
    r = 0;
out:
    sla__free(col);
    sla__free(col2);
    sla__free(extra);
    sim_done(&m);
    return r;
}

SLA_EXPORT int sla_forecast_promise(const sla_roster *st, int64_t now, const int *channel,
                                    const int *priority, const int64_t *arrival,
                                    const int64_t *deadline, size_t n, int order, int new_channel,
                                    int new_priority, int64_t new_deadline, int samples,
                                    int64_t seed, int64_t *ret_promise, int64_t *ret_high)
{
    int *ch = NULL, *pr = NULL;
    int64_t *ar = NULL, *dl = NULL, high;
    sla_forecast *f = NULL;
    int r;

    if (!st || !ret_promise || (n > 0 && (!channel || !priority || !arrival || !deadline)))
        return SLA_EINVAL;
    if (n >= SIZE_MAX / sizeof(int64_t) - 1)
        return SLA_ELIMIT;
    ch = sla__malloc((n + 1) * sizeof *ch);
    pr = sla__malloc((n + 1) * sizeof *pr);
    ar = sla__malloc((n + 1) * sizeof *ar);
    dl = sla__malloc((n + 1) * sizeof *dl);
    if (!ch || !pr || !ar || !dl) {
        r = SLA_ENOMEM;
        goto out;
    }
    if (n) {
        memcpy(ch, channel, n * sizeof *ch);
        memcpy(pr, priority, n * sizeof *pr);
        memcpy(ar, arrival, n * sizeof *ar);
        memcpy(dl, deadline, n * sizeof *dl);
    }
    ch[n] = new_channel;
    pr[n] = new_priority;
    ar[n] = now;
    dl[n] = new_deadline;
    r = sla_forecast_new(st, now, ch, pr, ar, dl, n + 1, order, samples, seed, &f);
    if (r < 0)
        goto out;
    high = f->high[n];
    *ret_promise = (high == SLA_NO_TIME || high > new_deadline) ? new_deadline : high;
    if (ret_high)
        *ret_high = high;
out:
    sla_forecast_free(f);
    sla__free(ch);
    sla__free(pr);
    sla__free(ar);
    sla__free(dl);
    return r;
}
