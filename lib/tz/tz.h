/* Internal: time-zone rules read from compiled TZif files (RFC 8536).
 * SPDX-License-Identifier: MIT
 *
 * A zone is an immutable, reference-counted list of transitions covering at
 * least [SLA_TIME_MIN - 2 days, SLA_TIME_MAX + 2 days): the 64-bit data of the
 * TZif file, extended by its POSIX TZ footer for every instant after the last
 * listed transition. Safe to share between threads (atomic reference count).
 *
 * "Local seconds" below means seconds since 1970-01-01T00:00:00 of the local
 * wall clock (utc + offset), so local day = floor(local / 86400).
 */
#ifndef SLA_TZ_H
#define SLA_TZ_H

#include "core/core.h"

typedef struct sla_tz sla_tz;

/* Load zone `name` from `tzdir` (NULL: SLA_DEFAULT_TZDIR). "UTC" (and
 * "Etc/UTC") work even when no file exists. Names are validated: no empty
 * component, no "..", no leading '/', only [A-Za-z0-9_+-./].
 * Returns 0, SLA_EINVAL, SLA_ENOZONE (missing or corrupt file), SLA_ENOMEM. */
SLA_HIDDEN int sla__tz_load(const char *name, const char *tzdir, sla_tz **ret);

/* Parse TZif data already in memory (what sla__tz_load does after reading
 * the file; also the entry point of the fuzz target). `name` is stored as
 * is, unvalidated. Returns 0, SLA_EINVAL, SLA_ENOZONE, SLA_ENOMEM. */
SLA_HIDDEN int sla__tz_from_tzif(const char *name, const unsigned char *data, size_t len,
                                 sla_tz **ret);

/* Build a zone from explicit transitions (for VTIMEZONE blocks embedded in
 * iCalendar files). `utc` strictly increasing; offset[i] is the UTC offset
 * in force from utc[i] on; `initial` is the offset before utc[0]. After the
 * last transition the last offset stays in force. */
SLA_HIDDEN int sla__tz_new_from_transitions(const char *name, int32_t initial, size_t n,
                                            const int64_t *utc, const int32_t *offset,
                                            sla_tz **ret);

SLA_HIDDEN sla_tz *sla__tz_ref(sla_tz *tz);
SLA_HIDDEN void sla__tz_unref(sla_tz *tz); /* NULL allowed */

SLA_HIDDEN const char *sla__tz_name(const sla_tz *tz);

/* UTC offset (seconds east) in force at instant `utc`. O(log n). */
SLA_HIDDEN int32_t sla__tz_offset_at(const sla_tz *tz, int64_t utc);

/* The instant of local wall-clock `local` by SEMANTICS 2.4 (RFC 5545 3.3.5,
 * zoneinfo fold=0): a repeated time is its first occurrence; a time in a gap
 * is read with the offset in force before the gap. O(log n). */
SLA_HIDDEN int64_t sla__tz_local_to_utc(const sla_tz *tz, int64_t local);

/* A stretch [lo, hi) of instants (sla__tz_utc_run) or of local wall-clock
 * times (sla__tz_local_run) around the one given, all with the answer off:
 * sla__tz_offset_at gives off, sla__tz_local_to_utc gives x - off. For a
 * walk over dates that asks of many nearby values: the inline calls below
 * answer from the stretch kept in *run (zeroed at first) and look up only
 * when the value leaves it, with the answers of the plain calls. */
typedef struct {
    int64_t lo, hi;
    int32_t off;
} sla__tz_run;

SLA_HIDDEN void sla__tz_utc_run(const sla_tz *tz, int64_t utc, sla__tz_run *ret);
SLA_HIDDEN void sla__tz_local_run(const sla_tz *tz, int64_t local, sla__tz_run *ret);

static inline int32_t sla__tz_offset_in(const sla_tz *tz, int64_t utc, sla__tz_run *run)
{
    if (utc < run->lo || utc >= run->hi)
        sla__tz_utc_run(tz, utc, run);
    return run->off;
}

static inline int64_t sla__tz_local_to_utc_in(const sla_tz *tz, int64_t local, sla__tz_run *run)
{
    if (local < run->lo || local >= run->hi)
        sla__tz_local_run(tz, local, run);
    return local - run->off;
}

/* The instant of a local wall-clock date and time in `tz` (SEMANTICS 2.4, as
 * sla__tz_local_to_utc); hour 24 with zero minutes and seconds is the next
 * day's midnight. Returns 0, SLA_EINVAL (a field out of range), SLA_ERANGE
 * (outside 1969..2200 or the supported instants). */
SLA_HIDDEN int sla__tz_local_time(const sla_tz *tz, int year, int month, int day, int hour,
                                  int minute, int second, int64_t *ret);

/* Transitions: utc[i] is the instant the offset changes from before[i] to
 * after[i] (before[i] != after[i]); sorted; covers the supported range.
 * Returns the count; pointers stay valid while tz lives. */
SLA_HIDDEN size_t sla__tz_transitions(const sla_tz *tz, const int64_t **utc,
                                      const int32_t **before, const int32_t **after);

/* Bytes held. */
SLA_HIDDEN size_t sla__tz_memory_size(const sla_tz *tz);

#endif
