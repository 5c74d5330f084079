/* Internal: FNV-1a hashes, for fingerprints and checksums that are saved
 * with data (their values must never change).
 * SPDX-License-Identifier: MIT */
#ifndef SLA_HASH_H
#define SLA_HASH_H

#include "core/core.h"

#define SLA__FNV32_BASIS 2166136261u
#define SLA__FNV64_BASIS 0xcbf29ce484222325ULL

/* FNV-1a 32 of n bytes, continuing from h (start with SLA__FNV32_BASIS). */
static inline uint32_t sla__fnv1a32(uint32_t h, const void *data, size_t n)
{
    const unsigned char *p = data;
    size_t i;
    for (i = 0; i < n; i++) {
        h ^= p[i];
        h *= 16777619u;
    }
    return h;
}

/* FNV-1a 64 of n bytes, continuing from h (start with SLA__FNV64_BASIS). */
static inline uint64_t sla__fnv1a64(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;
    size_t i;
    for (i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

/* FNV-1a 64 of v as 8 bytes, least significant first (the same on every
 * host). */
static inline uint64_t sla__fnv1a64_i64(uint64_t h, int64_t v)
{
    unsigned char b[8];
    int i;
    for (i = 0; i < 8; i++)
        b[i] = (unsigned char)((uint64_t)v >> (8 * i));
    return sla__fnv1a64(h, b, 8);
}

#endif
