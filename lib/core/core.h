/* Internal core: allocation wrapper, diagnostics, civil-date arithmetic.
 * SPDX-License-Identifier: MIT */
#ifndef SLA_CORE_H
#define SLA_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "libsla/sla.h"

#define SLA_HIDDEN __attribute__((visibility("hidden")))

/* Every allocation of the library goes through these four, so that tests can
 * make the Nth allocation fail (see alloc.c: the hook is compiled into the
 * static testing library of the test suites only, lib/meson.build). */
SLA_HIDDEN void *sla__malloc(size_t size);
SLA_HIDDEN void *sla__calloc(size_t n, size_t size);
SLA_HIDDEN void *sla__realloc(void *p, size_t size);
SLA_HIDDEN void sla__free(void *p);
SLA_HIDDEN char *sla__strdup(const char *s);
SLA_HIDDEN char *sla__strndup(const char *s, size_t n);
/* Grow an array to hold at least `need` elements of `elsize`; doubles.
 * Returns 0 or SLA_ENOMEM (the array is then unchanged). */
SLA_HIDDEN int sla__grow(void **array, size_t *cap, size_t need, size_t elsize);

/* Allocation-failure injection (in libsla_testing, built with
 * -DSLA_ALLOC_TESTING; a no-op in the shipped library). fail_at = 0
 * disables; N makes the Nth allocation from now fail, and every one after
 * it while `sticky`. */
SLA_HIDDEN void sla__alloc_fail_at(unsigned long fail_at, bool sticky);
SLA_HIDDEN unsigned long sla__alloc_count(void);

/* Diagnostics. All accept diag == NULL. */
SLA_HIDDEN void sla__diag_clear(sla_diag *diag);
SLA_HIDDEN int sla__diag_set(sla_diag *diag, int code, int line, int column, const char *construct,
                             const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Civil dates (proleptic Gregorian). Days are counted from 1970-01-01 = 0. */
SLA_HIDDEN int64_t sla__days_from_civil(int64_t y, unsigned m, unsigned d);
SLA_HIDDEN void sla__civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d);
/* 0 = Monday ... 6 = Sunday. */
SLA_HIDDEN int sla__weekday(int64_t days);
SLA_HIDDEN bool sla__is_leap(int64_t y);
SLA_HIDDEN unsigned sla__days_in_month(int64_t y, unsigned m);
/* floor division and modulo for negative numerators. */
static inline int64_t sla__floordiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
static inline int64_t sla__floormod(int64_t a, int64_t b) { int64_t r = a % b; return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r; }

#define SLA__DAY 86400
#define SLA__WEEK 604800
/* Local day numbers of 1970-01-01 and 2200-01-01. */
#define SLA__DAY_MIN 0
#define SLA__DAY_MAX 84006

#endif
