/* Internal: the forecast's random numbers, xoshiro256** seeded by
 * splitmix64 (the same sequence on every host for a seed), with uniform and
 * normal (polar method) deviates.
 * SPDX-License-Identifier: MIT */
#ifndef SLA_PREDICT_RNG_H
#define SLA_PREDICT_RNG_H

#include <math.h>

#include "core/core.h"

typedef struct {
    uint64_t s[4];
    bool have_spare;
    double spare;
} sla__rng;

static inline uint64_t sla__splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static inline void sla__rng_seed(sla__rng *r, uint64_t seed)
{
    int i;
    for (i = 0; i < 4; i++)
        r->s[i] = sla__splitmix64(&seed);
    r->have_spare = false;
}

static inline uint64_t sla__rotl64(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static inline uint64_t sla__rng_next(sla__rng *r)
{
    uint64_t res = sla__rotl64(r->s[1] * 5, 7) * 9, t = r->s[1] << 17;
    r->s[2] ^= r->s[0];
    r->s[3] ^= r->s[1];
    r->s[1] ^= r->s[2];
    r->s[0] ^= r->s[3];
    r->s[2] ^= t;
    r->s[3] = sla__rotl64(r->s[3], 45);
    return res;
}

/* Uniform in (0, 1). */
static inline double sla__rng_unit(sla__rng *r)
{
    return ((double)(sla__rng_next(r) >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

static inline double sla__rng_normal(sla__rng *r)
{
    double u, v, q;
    if (r->have_spare) {
        r->have_spare = false;
        return r->spare;
    }
    do {
        u = 2.0 * sla__rng_unit(r) - 1.0;
        v = 2.0 * sla__rng_unit(r) - 1.0;
        q = u * u + v * v;
    } while (q >= 1.0 || q == 0.0);
    q = sqrt(-2.0 * log(q) / q);
    r->spare = v * q;
    r->have_spare = true;
    return u * q;
}

#endif
