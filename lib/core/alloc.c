/* The one allocation wrapper of the library.
 * SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

#ifdef SLA_ALLOC_TESTING
#include <stdatomic.h>
/* Test builds only: process-wide counters so a test can make the Nth
 * allocation fail. Not built into the shipped library. */
static atomic_ulong alloc_count;
static atomic_ulong alloc_fail_at;
static atomic_bool alloc_sticky;

void sla__alloc_fail_at(unsigned long fail_at, bool sticky)
{
    atomic_store(&alloc_count, 0);
    atomic_store(&alloc_fail_at, fail_at);
    atomic_store(&alloc_sticky, sticky);
}

unsigned long sla__alloc_count(void)
{
    return atomic_load(&alloc_count);
}

static bool should_fail(void)
{
    unsigned long n = atomic_fetch_add(&alloc_count, 1) + 1;
    unsigned long at = atomic_load(&alloc_fail_at);
    if (at == 0)
        return false;
    return atomic_load(&alloc_sticky) ? n >= at : n == at;
}
#else
void sla__alloc_fail_at(unsigned long fail_at, bool sticky)
{
    (void)fail_at;
    (void)sticky;
}

unsigned long sla__alloc_count(void)
{
    return 0;
}

static inline bool should_fail(void)
{
    return false;
}
#endif

void *sla__malloc(size_t size)
{
    if (should_fail())
        return NULL;
    return malloc(size ? size : 1);
}

void *sla__calloc(size_t n, size_t size)
{
    if (should_fail())
        return NULL;
    if (n == 0 || size == 0)
        return calloc(1, 1);
    return calloc(n, size);
}

void *sla__realloc(void *p, size_t size)
{
    if (should_fail())
        return NULL;
    return realloc(p, size ? size : 1);
}

void sla__free(void *p)
{
    free(p);
}

char *sla__strndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *r = sla__malloc(len + 1);
    if (!r)
        return NULL;
    memcpy(r, s, len);
    r[len] = '\0';
    return r;
}

char *sla__strdup(const char *s)
{
    return sla__strndup(s, strlen(s));
}

int sla__grow(void **array, size_t *cap, size_t need, size_t elsize)
{
    size_t ncap;
    void *p;

    if (need <= *cap)
        return 0;
    ncap = *cap ? *cap : 8;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return SLA_ENOMEM;
        ncap *= 2;
    }
    if (ncap > SIZE_MAX / elsize)
        return SLA_ENOMEM;
    p = sla__realloc(*array, ncap * elsize);
    if (!p)
        return SLA_ENOMEM;
    *array = p;
    *cap = ncap;
    return 0;
}
