/* Saved ticket state: a compact, versioned byte string.
 *
 * Layout (version 1): "SLK" 0x01, the policy fingerprint (8 bytes, little
 * endian), then unsigned LEB128 varints: created, last - created, status,
 * priority, channel, flags (replied, solved_once), initial priority and
 * channel; per metric: target index + 1, channel, flags (active, counting,
 * done), cycles, breached cycles, zigzag(acc), and the instants since,
 * start, stop as 0 for none or instant - created + 1; per threshold the
 * same for the start of the run that reached it, then (when reached) the
 * business seconds into that run;
 * the history count and entries (time delta, kind, value); then a 32-bit
 * FNV-1a checksum of everything before it (little endian).
 *
 * Version 2 (written since 1.1; version 1 is still restored) adds a clock
 * flag (bit 3, frozen: a fulfilled clock that kept its target through a
 * rebase) and, after such a clock's thresholds, the kept target: seconds,
 * warning count and percentages, 24/7 flag, and the due instant (as the
 * other instants); its checksum mixes eight bytes at a time (see
 * checksum_v2), so restoring is cheaper.
 * SPDX-License-Identifier: MIT */
#include <string.h>

#include "calendar/calendar.h"
#include "clock/clock.h"
#include "core/hash.h"

#define MAGIC0 'S'
#define MAGIC1 'L'
#define MAGIC2 'K'
#define FORMAT_VERSION 2

typedef struct {
    unsigned char *buf;
    size_t size, n;
} wbuf;

static void put_byte(wbuf *w, unsigned v)
{
    if (w->n < w->size)
        w->buf[w->n] = (unsigned char)v;
    w->n++;
}

static void put_uv(wbuf *w, uint64_t v)
{
    while (v >= 0x80) {
        put_byte(w, (unsigned)(v & 0x7f) | 0x80);
        v >>= 7;
    }
    put_byte(w, (unsigned)v);
}

static void put_sv(wbuf *w, int64_t v)
{
    put_uv(w, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

static void put_instant(wbuf *w, int64_t t, int64_t base)
{
    put_uv(w, t < 0 ? 0 : (uint64_t)(t - base) + 1);
}

/* Format 2: eight bytes (little endian, the tail zero-padded) at a time,
 * each xored in and mixed by a multiply and a shift; the low 32 bits of the
 * result. A quarter of the dependent multiplies of FNV-1a. */
static uint32_t checksum_v2(const unsigned char *p, size_t n)
{
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ (uint64_t)n;
    size_t i;
    for (i = 0; i < n; i += 8) {
        uint64_t w = 0;
        size_t k, m = n - i < 8 ? n - i : 8;
        for (k = 0; k < m; k++)
            w |= (uint64_t)p[i + k] << (8 * k);
        h = (h ^ w) * 0xff51afd7ed558ccdULL;
        h ^= h >> 32;
    }
    h *= 0xc4ceb9fe1a85ec53ULL;
    return (uint32_t)(h ^ (h >> 29));
}

/* The checksum of the n bytes before it: the format version (byte 3) says
 * which (1: FNV-1a 32). */
uint32_t sla__ticket_checksum(const unsigned char *p, size_t n)
{
    if (n > 3 && p[3] == 1)
        return sla__fnv1a32(SLA__FNV32_BASIS, p, n);
    return checksum_v2(p, n);
}

SLA_EXPORT int sla_ticket_save(const sla_ticket *ticket, void *buf, size_t size)
{
    wbuf w;
    const sla__tstate *s;
    int64_t base, prev;
    size_t i;
    int m, j;
    uint32_t sum;

    if (!ticket || (size > 0 && !buf))
        return SLA_EINVAL;
    w.buf = buf;
    w.size = size;
    w.n = 0;
    s = &ticket->s;
    base = ticket->created;
    put_byte(&w, MAGIC0);
    put_byte(&w, MAGIC1);
    put_byte(&w, MAGIC2);
    put_byte(&w, FORMAT_VERSION);
    for (j = 0; j < 8; j++)
        put_byte(&w, (unsigned)(ticket->policy->fingerprint >> (8 * j)) & 0xff);
    put_uv(&w, (uint64_t)ticket->created);
    put_uv(&w, (uint64_t)(s->last - base));
    put_uv(&w, (uint64_t)s->status);
    put_uv(&w, (uint64_t)s->priority);
    put_uv(&w, (uint64_t)s->channel);
    put_uv(&w, (uint64_t)(s->replied | (s->solved_once << 1)));
    put_uv(&w, (uint64_t)ticket->init_priority);
    put_uv(&w, (uint64_t)ticket->init_channel);
    for (m = 0; m < SLA_METRIC_COUNT; m++) {
        const sla__clock *c = &s->c[m];
        put_uv(&w, (uint64_t)(c->tgi + 1));
        put_uv(&w, (uint64_t)c->channel);
        put_uv(&w, (uint64_t)(c->active | (c->counting << 1) | (c->done << 2) |
                              (c->frozen << 3)));
        put_uv(&w, (uint64_t)c->cycles);
        put_uv(&w, (uint64_t)c->breached_cycles);
        put_sv(&w, c->acc);
        put_instant(&w, c->since, base);
        put_instant(&w, c->start, base);
        put_instant(&w, c->stop, base);
        for (j = 0; j < SLA__SLOTS; j++) {
            put_instant(&w, c->rs[j], base);
            if (c->rs[j] >= 0)
                put_uv(&w, (uint64_t)c->rd[j]);
        }
        if (c->frozen) {
            const sla__frozen *f = &s->fz[m];
            put_uv(&w, (uint64_t)f->tg.target);
            put_uv(&w, (uint64_t)f->tg.n_warn);
            for (j = 0; j < f->tg.n_warn; j++)
                put_uv(&w, (uint64_t)f->tg.warn[j]);
            put_uv(&w, f->is247);
            put_instant(&w, f->due, base);
        }
    }
    put_uv(&w, ticket->n_hist);
    prev = base;
    for (i = 0; i < ticket->n_hist; i++) {
        put_uv(&w, (uint64_t)(ticket->hist[i].t - prev));
        put_uv(&w, (uint64_t)ticket->hist[i].kind);
        put_uv(&w, (uint64_t)ticket->hist[i].value);
        prev = ticket->hist[i].t;
    }
    sum = w.n <= w.size ? sla__ticket_checksum(w.buf, w.n) : 0;
    for (j = 0; j < 4; j++)
        put_byte(&w, (sum >> (8 * j)) & 0xff);
    if (w.n > (size_t)0x7fffffff)
        return SLA_ELIMIT;
    return (int)w.n;
}

typedef struct {
    const unsigned char *p;
    size_t n, i;
    bool bad;
} rbuf;

static uint64_t get_uv(rbuf *r)
{
    uint64_t v = 0;
    int shift = 0;
    if (r->i < r->n && r->p[r->i] < 0x80) /* most values fit one byte */
        return r->p[r->i++];
    for (;;) {
        unsigned b;
        if (r->i >= r->n || shift > 63) {
            r->bad = true;
            return 0;
        }
        b = r->p[r->i++];
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80))
            break;
        shift += 7;
    }
    return v;
}

/* A bounded unsigned value; out of bounds marks the buffer bad. */
static int64_t get_bounded(rbuf *r, uint64_t max)
{
    uint64_t v = get_uv(r);
    if (v > max) {
        r->bad = true;
        return 0;
    }
    return (int64_t)v;
}

static int64_t get_instant(rbuf *r, int64_t base, int64_t last)
{
    uint64_t v = get_uv(r);
    if (v == 0)
        return -1;
    if (v - 1 > (uint64_t)(SLA_TIME_MAX - base)) {
        r->bad = true;
        return -1;
    }
    (void)last;
    return base + (int64_t)(v - 1);
}

SLA_EXPORT int sla_ticket_restore(const sla_policy *policy, const void *buf, size_t size,
                                  sla_ticket **ret)
{
    const unsigned char *p = buf;
    rbuf r;
    sla_ticket *T;
    uint64_t fp = 0, nh;
    uint32_t sum;
    int64_t prev;
    size_t i;
    int m, j;
    unsigned flags;
    sla__frozen *fz = NULL;

    if (!policy || !ret || (size > 0 && !buf))
        return SLA_EINVAL;
    if (size < 4 || p[0] != MAGIC0 || p[1] != MAGIC1 || p[2] != MAGIC2)
        return SLA_EPARSE;
    if (p[3] != 1 && p[3] != FORMAT_VERSION)
        return SLA_EVERSION;
    if (size < 16)
        return SLA_EPARSE;
    sum = (uint32_t)p[size - 4] | (uint32_t)p[size - 3] << 8 | (uint32_t)p[size - 2] << 16 |
          (uint32_t)p[size - 1] << 24;
    if (sla__ticket_checksum(p, size - 4) != sum)
        return SLA_EPARSE;
    for (j = 0; j < 8; j++)
        fp |= (uint64_t)p[4 + j] << (8 * j);
    if (fp != policy->fingerprint)
        return SLA_ESTATE;

    T = sla__calloc(1, sizeof *T);
    if (!T)
        return SLA_ENOMEM;
    T->policy = policy;
    T->s.fz = NULL;
    r.p = p;
    r.n = size - 4;
    r.i = 12;
    r.bad = false;
    T->created = get_bounded(&r, (uint64_t)SLA_TIME_MAX - 1);
    T->s.last = T->created + get_bounded(&r, (uint64_t)(SLA_TIME_MAX - 1 - T->created));
    T->s.status = (int32_t)get_bounded(&r, SLA_TICKET_CLOSED);
    T->s.priority = (int32_t)get_bounded(&r, SLA_PRIORITY_URGENT);
    T->s.channel = (int32_t)get_bounded(&r, policy->n_channels - 1);
    flags = (unsigned)get_bounded(&r, 3);
    T->s.replied = flags & 1;
    T->s.solved_once = (flags >> 1) & 1;
    T->init_priority = (int32_t)get_bounded(&r, SLA_PRIORITY_URGENT);
    T->init_channel = (int32_t)get_bounded(&r, policy->n_channels - 1);
    for (m = 0; m < SLA_METRIC_COUNT && !r.bad; m++) {
        sla__clock *c = &T->s.c[m];
        uint64_t z;
        c->tgi = (int32_t)get_bounded(&r, policy->n_targets) - 1;
        if (c->tgi >= 0 && policy->targets[c->tgi].metric != m)
            r.bad = true;
        c->channel = (int32_t)get_bounded(&r, policy->n_channels - 1);
        flags = (unsigned)get_bounded(&r, p[3] == 1 ? 7 : 15);
        c->active = flags & 1;
        c->counting = (flags >> 1) & 1;
        c->done = (flags >> 2) & 1;
        c->frozen = (flags >> 3) & 1;
        if ((c->counting && !c->active) || (c->active && c->done) ||
            (c->frozen && (!c->done || c->tgi >= 0)))
            r.bad = true;
        c->cycles = (int32_t)get_bounded(&r, 0x7fffffff);
        c->breached_cycles = (int32_t)get_bounded(&r, (uint64_t)c->cycles);
        z = get_uv(&r);
        c->acc = (int64_t)(z >> 1) ^ -(int64_t)(z & 1);
        if (c->acc < 0 || c->acc >= SLA_TIME_MAX)
            r.bad = true;
        c->since = get_instant(&r, T->created, T->s.last);
        c->start = get_instant(&r, T->created, T->s.last);
        c->stop = get_instant(&r, T->created, T->s.last);
        for (j = 0; j < SLA__SLOTS; j++) {
            c->rs[j] = get_instant(&r, T->created, T->s.last);
            c->rd[j] = c->rs[j] < 0 ? -1 : get_bounded(&r, (uint64_t)SLA_TIME_MAX);
            if (c->rs[j] > T->s.last || (c->frozen && c->rs[j] >= 0 && c->rd[j] != 0))
                r.bad = true;
        }
        if (c->frozen && !r.bad) {
            sla__frozen *f;
            if (!fz && !(fz = sla__calloc(SLA_METRIC_COUNT, sizeof *fz))) {
                sla__free(T);
                return SLA_ENOMEM;
            }
            f = &fz[m];
            f->tg.metric = m;
            f->tg.channel = SLA_ANY;
            f->tg.priority = SLA_ANY;
            f->tg.days = -1; /* a frozen outcome keeps its length in seconds */
            f->tg.target = get_bounded(&r, (uint64_t)SLA_TIME_MAX - 1);
            f->tg.n_warn = (int)get_bounded(&r, SLA_WARN_MAX);
            for (j = 0; j < f->tg.n_warn; j++) {
                f->tg.warn[j] = (int)get_bounded(&r, 99);
                if (f->tg.warn[j] < 1 || (j > 0 && f->tg.warn[j] <= f->tg.warn[j - 1]))
                    r.bad = true;
                f->tg.slot[j] = sla__warn_slot(f->tg.target, f->tg.warn[j]);
            }
            f->tg.slot[f->tg.n_warn] = f->tg.target;
            f->is247 = (uint8_t)get_bounded(&r, 1);
            f->due = get_instant(&r, T->created, T->s.last);
        }
        if (c->since > T->s.last || c->start > T->s.last || c->stop > T->s.last ||
            (c->counting && c->since < 0) || (c->active && c->start < 0) ||
            (c->cycles > 0) != (c->start >= 0))
            r.bad = true;
        /* What events can make: business time never exceeds the real time
         * since the cycle started; every threshold the count has passed is
         * recorded, and none it cannot have reached by the last event (at
         * most the real time counting since `since` more), the lower ones
         * first (queries and later events rely on all three). */
        if (!r.bad && c->acc > (c->start >= 0 ? T->s.last - c->start : 0))
            r.bad = true;
        if (!r.bad && (c->tgi >= 0 || c->frozen)) {
            const sla__target *tg = c->frozen ? &fz[m].tg : &policy->targets[c->tgi];
            int64_t most = c->acc + (c->counting ? T->s.last - c->since : 0);
            for (j = 0; j <= tg->n_warn; j++) {
                int64_t slot = sla__tg_slot(tg, c, j);
                if ((slot <= c->acc && c->rs[j] < 0) ||
                    (c->rs[j] >= 0 && (slot > most || (j > 0 && c->rs[j - 1] < 0))))
                    r.bad = true;
            }
        }
    }
    nh = r.bad ? 0 : get_bounded(&r, SLA__HISTORY_MAX);
    if (!r.bad && nh > 0) {
        T->hist = sla__malloc((size_t)nh * sizeof *T->hist);
        if (!T->hist) {
            sla__free(fz);
            sla__free(T);
            return SLA_ENOMEM;
        }
        T->cap_hist = (size_t)nh;
    }
    prev = T->created;
    for (i = 0; i < nh && !r.bad; i++) {
        sla__hist *h = &T->hist[i];
        h->t = prev + get_bounded(&r, (uint64_t)(T->s.last - prev));
        h->kind = (int32_t)get_bounded(&r, SLA__H_CHANNEL);
        h->value = (int32_t)get_bounded(&r, policy->n_channels);
        if ((h->kind == SLA__H_STATUS && h->value > SLA_TICKET_CLOSED) ||
            (h->kind == SLA__H_PRIORITY && h->value > SLA_PRIORITY_URGENT) ||
            (h->kind == SLA__H_CHANNEL && (size_t)h->value >= policy->n_channels))
            r.bad = true;
        prev = h->t;
        T->n_hist = i + 1;
    }
    T->s.fz = fz;
    if (r.bad || r.i != r.n) {
        sla_ticket_free(T);
        return SLA_EPARSE;
    }
    for (m = 0; m < SLA_METRIC_COUNT; m++) {
        sla__clock *c = &T->s.c[m];
        const sla_calendar *cal = c->tgi < 0 ? NULL : policy->targets[c->tgi].cal;
        size_t hint = 0;
        int k;
        if (!c->counting)
            continue;
        /* Clocks settled by the same event share the instant: look it up
         * once. */
        for (k = 0; k < m; k++) {
            const sla__clock *o = &T->s.c[k];
            if (o->counting && o->since == c->since &&
                (o->tgi < 0 ? NULL : policy->targets[o->tgi].cal) == cal)
                break;
        }
        if (k < m)
            c->psince = T->s.c[k].psince;
        else
            c->psince = cal ? sla__calendar_position(cal, c->since, &hint) : c->since;
    }
    *ret = T;
    return 0;
}
