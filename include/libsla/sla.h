/*
 * libsla: business-time arithmetic and response-time SLAs for helpdesks.
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) The libsla authors
 */

/**
 * @file sla.h
 * @brief The whole public API of libsla, in one header.
 *
 * libsla answers, exactly and fast, the questions a helpdesk asks about time:
 * when is this reply due in business time, is the team open now, how much
 * business time has this ticket waited, which tickets will breach next, and
 * how many agents would keep the promise.
 *
 * Conventions that hold for every function (see also README.md):
 *
 * - An instant is an @c int64_t count of seconds since 1970-01-01T00:00:00Z
 *   (Unix time). A duration is an @c int64_t count of seconds. Supported
 *   instants are [SLA_TIME_MIN, SLA_TIME_MAX): 1970-01-01 up to, not
 *   including, 2200-01-01. A result that would leave that range is the error
 *   SLA_ERANGE, never a wrapped or clamped value.
 * - Every call that can fail returns an @c int: 0 on success or a negative
 *   SLA_E* code. Outputs (@c ret, @c ret_*) are written only on success.
 *   A NULL where an object is needed is SLA_EINVAL, never a crash.
 * - A failed call leaves the caller's objects exactly as they were.
 * - Objects are opaque, created by @c sla_X_new...() and released by
 *   @c sla_X_free(), which accepts NULL. A compiled sla_calendar is
 *   immutable and may be shared between threads; every other object is for
 *   one thread at a time.
 * - Text in and out is UTF-8. Strings returned as @c const @c char* are owned
 *   by the object they came from. Strings written into a caller's buffer are
 *   snprintf-style: the call returns the length the whole text needs
 *   (excluding the terminating NUL), and writes a NUL-terminated prefix when
 *   the buffer is too small.
 * - The library never prints, exits, aborts, or reads the environment.
 * - Ownership and thread safety are stated once per type, in the comment of
 *   its typedef; a function says more only when it borrows or hands over
 *   something.
 *
 * Contents, in the order of this file (each section opens with its types):
 *
 * - Versions, errors and diagnostics: sla_version_number(),
 *   sla_strerror(), sla_error_name(), the SLA_E* codes, ::sla_diag.
 * - Business-hours calendars: build with sla_calendar_builder_new() and
 *   its @c _set_ / @c _add_ calls, sla_calendar_builder_compile(); ask
 *   sla_calendar_is_open(), sla_calendar_add(), sla_calendar_sub(),
 *   sla_calendar_diff(), sla_calendar_next_open(), and the @c _many forms
 *   over arrays.
 * - Text: instants and durations: sla_parse_instant(),
 *   sla_format_instant(), sla_parse_duration(), sla_format_duration().
 * - iCalendar import: sla_calendar_builder_add_ics() with
 *   ::sla_ics_options; sla_ics_list_new() to check a feed first.
 * - SLA policies and ticket clocks: ::sla_policy (sla_policy_parse(),
 *   sla_policy_add_target()), ::sla_ticket (sla_ticket_new(),
 *   sla_ticket_apply(), sla_ticket_save() / sla_ticket_restore()), the
 *   report ::sla_status filled by sla_ticket_status() and read with
 *   sla_status_get(), and sla_ticket_timeline().
 * - Erlang staffing: sla_erlang_b(), the @c sla_erlang_c_* and
 *   @c sla_erlang_a_* families, sla_staffing_table(), sla_coverage_gap().
 * - Many clocks at once: sla_scan().
 * - Rosters and queue forecast: ::sla_roster, sla_forecast_new(),
 *   sla_forecast_advise(), sla_forecast_promise_for() (sla_forecast_promise()
 *   is deprecated).
 *
 * A function, type or constant that is not in this file is not API.
 */
#ifndef LIBSLA_SLA_H
#define LIBSLA_SLA_H

#include <stddef.h>
#include <stdint.h>

#include "libsla/version.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) && __GNUC__ >= 4
#  define SLA_EXPORT __attribute__((visibility("default")))
#else
#  define SLA_EXPORT
#endif

/**
 * Marks a function that is kept for compatibility and should no longer be
 * used; @p msg names the replacement. Placed first in the declaration,
 * before SLA_EXPORT: compilers that support it warn at each use, others
 * see nothing. Deprecated so far: sla_forecast_promise() (since 1.1; see
 * ABI.md).
 */
#if defined(__clang__) || (defined(__GNUC__) && \
                           (__GNUC__ > 4 || (__GNUC__ == 4 && __GNUC_MINOR__ >= 5)))
#  define SLA_DEPRECATED(msg) __attribute__((deprecated(msg)))
#elif defined(__GNUC__)
#  define SLA_DEPRECATED(msg) __attribute__((deprecated))
#elif defined(_MSC_VER)
#  define SLA_DEPRECATED(msg) __declspec(deprecated(msg))
#else
#  define SLA_DEPRECATED(msg)
#endif

/* ======================================================================== */
/** @name Versions, errors and diagnostics                                   */
/* ======================================================================== */
/** @{ */

/**
 * Error codes. Values are pinned: they are never renumbered or reused.
 * Functions return them as @c int.
 */
enum sla_error {
    SLA_OK = 0,
    SLA_EINVAL = -1,       /**< "invalid": an argument is invalid (NULL object, negative duration, ...) */
    SLA_ENOMEM = -2,       /**< "nomem": out of memory */
    SLA_ERANGE = -3,       /**< "range": an instant or result outside [SLA_TIME_MIN, SLA_TIME_MAX) */
    SLA_ENEVER = -4,       /**< "never": the calendar never opens (or closes) again in the supported range */
    SLA_EPARSE = -5,       /**< "parse": text could not be parsed; a sla_diag says where and why */
    SLA_ENOZONE = -6,      /**< "nozone": no such time zone, or its TZif data is unusable */
    SLA_EIO = -7,          /**< "io": a file could not be read */
    SLA_EUNSUPPORTED = -8, /**< "unsupported": valid input that libsla deliberately does not handle */
    SLA_ELIMIT = -9,       /**< "limit": input exceeds a documented limit (size, count, expansion) */
    SLA_EORDER = -10,      /**< "order": an event older than the last one applied */
    SLA_ECLOSED = -11,     /**< "closed": an event after the ticket was closed */
    SLA_ESTATE = -12,      /**< "state": the call does not fit the object's state */
    SLA_EVERSION = -13,    /**< "version": serialized data of an unknown format version */
    SLA_EUNSTABLE = -14    /**< "unstable": a queue whose load reaches its capacity */
};

/** First supported instant: 1970-01-01T00:00:00Z. */
#define SLA_TIME_MIN ((int64_t)0)
/** First unsupported instant: 2200-01-01T00:00:00Z. */
#define SLA_TIME_MAX ((int64_t)7258118400)

/**
 * The runtime library's version as SLA_VERSION_NUMBER computes it.
 * @since 1.0
 */
SLA_EXPORT int sla_version_number(void);

/**
 * The runtime library's version string, e.g. "1.0.0". Static storage.
 * @since 1.0
 */
SLA_EXPORT const char *sla_version_string(void);

/**
 * A sentence describing an error code; never NULL, static storage.
 * Unknown codes give "unknown error".
 * @since 1.0
 */
SLA_EXPORT const char *sla_strerror(int code);

/**
 * The short stable name of an error code ("range", "never", ...), as used in
 * text output such as `sla-calc batch`; never NULL ("unknown" for unknown
 * codes, "ok" for 0). Static storage.
 * @since 1.0
 */
SLA_EXPORT const char *sla_error_name(int code);

/**
 * Diagnostics: where and why a parse or load failed.
 *
 * Optional and caller-owned: pass one as the last argument of a parsing call
 * and read it after a failure. On success it is cleared. One thread at a time.
 */
typedef struct sla_diag sla_diag;

/**
 * Create an empty diagnostics object.
 * @param[out] ret the new object; free it with sla_diag_free().
 * @return 0, SLA_EINVAL (ret NULL), SLA_ENOMEM.
 * @since 1.0
 */
SLA_EXPORT int sla_diag_new(sla_diag **ret);

/** Free a diagnostics object; NULL is allowed. @since 1.0 */
SLA_EXPORT void sla_diag_free(sla_diag *diag);

/** The error code last recorded, or 0. @since 1.0 */
SLA_EXPORT int sla_diag_code(const sla_diag *diag);

/**
 * The message last recorded ("" when none). Owned by @p diag, valid until
 * the next call that takes it. Never NULL.
 * @since 1.0
 */
SLA_EXPORT const char *sla_diag_message(const sla_diag *diag);

/** 1-based line of the error, 0 when it has none. @since 1.0 */
SLA_EXPORT int sla_diag_line(const sla_diag *diag);

/** 1-based column (in bytes) of the error, 0 when it has none. @since 1.0 */
SLA_EXPORT int sla_diag_column(const sla_diag *diag);

/**
 * The construct the error is about (e.g. "sunrise", "weekday", "RRULE"),
 * or "" when none. Owned by @p diag. Never NULL.
 * @since 1.0
 */
SLA_EXPORT const char *sla_diag_construct(const sla_diag *diag);

/** @} */

/* ======================================================================== */
/** @name Business-hours calendars                                           */
/* ======================================================================== */
/** @{ */

/**
 * A compiled business-hours calendar: one IANA time zone, opening hours in
 * local wall-clock time, holidays (local dates), timed closures and extra
 * openings. Immutable once compiled; safe to query from many threads at once.
 * Queries cost O(log n) in the number of calendar exceptions and never
 * allocate.
 */
typedef struct sla_calendar sla_calendar;

/**
 * Collects the parts of a calendar before it is compiled. One thread at a time.
 */
typedef struct sla_calendar_builder sla_calendar_builder;

/**
 * Start a calendar in an IANA time zone read from the system tz database
 * (the compiled TZif files in the default directory, /usr/share/zoneinfo).
 * The process environment (TZ) is never consulted. The opening hours start
 * as "24/7"; call sla_calendar_builder_set_hours() to change them.
 * @param[in] zone IANA name such as "Europe/Oslo", or "UTC".
 * @param[out] ret the builder; free it with sla_calendar_builder_free().
 * @return 0, SLA_EINVAL, SLA_ENOZONE (unknown or unusable zone), SLA_ENOMEM.
 * @since 1.0
 */
SLA_EXPORT int sla_calendar_builder_new(const char *zone, sla_calendar_builder **ret);

/**
 * Like sla_calendar_builder_new(), reading TZif files from @p tzdir instead
 * of the default directory (NULL means the default).
 * @since 1.0
 */
SLA_EXPORT int sla_calendar_builder_new_tzdir(const char *zone, const char *tzdir,
                                              sla_calendar_builder **ret);

/** Free a builder; NULL is allowed. @since 1.0 */
SLA_EXPORT void sla_calendar_builder_free(sla_calendar_builder *builder);

/**
 * Set the opening hours from opening-hours text (a subset of the
 * OpenStreetMap opening_hours syntax, see README.md), replacing earlier hours.
 * Constructs outside the subset are refused with SLA_EPARSE naming the
 * construct and its column; the builder is then unchanged.
 * @param[in] text e.g. "Mo-Fr 09:00-17:00; PH off".
 * @param[out] diag optional diagnostics.
 * @return 0, SLA_EINVAL, SLA_EPARSE, SLA_ELIMIT, SLA_ENOMEM.
 * @since 1.0
 */
SLA_EXPORT int sla_calendar_builder_set_hours(sla_calendar_builder *builder, const char *text,
                                              sla_diag *diag);

/**
 * Add a holiday: a whole local date in the calendar's zone that is closed
 * unless a rule selecting PH gives it hours. Adding a date twice is harmless.
 * @return 0, SLA_EINVAL (not a real date), SLA_ERANGE (year outside
 *         1970-2199), SLA_ELIMIT, SLA_ENOMEM.
 * @since 1.0
 */
SLA_EXPORT int sla_calendar_builder_add_holiday(sla_calendar_builder *builder, int year, int month,
                                                int day);

/**
 * Add a timed closure: the real-time span [start, end) is closed whatever the
 * opening hours say. Closures win over extra openings.
 * @return 0, SLA_EINVAL (end < start), SLA_ERANGE, SLA_ELIMIT, SLA_ENOMEM.
 * @since 1.0
 */
SLA_EXPORT int sla_calendar_builder_add_closure(sla_calendar_builder *builder, int64_t start,
                                                int64_t end);

/**
 * Add an extra opening: the real-time span [start, end) is open even where
 * the opening hours or a holiday say closed (but not inside a closure).
 * @return 0, SLA_EINVAL (end < start), SLA_ERANGE, SLA_ELIMIT, SLA_ENOMEM.
 * @since 1.0
 */
SLA_EXPORT int sla_calendar_builder_add_opening(sla_calendar_builder *builder, int64_t start,
                                                int64_t end);

/**
 * The instant at which the local wall-clock time @p year-@p month-@p day
 * @p hour:@p minute:@p second occurs in the builder's zone, by the rule of
 * RFC 5545 3.3.5 (a repeated time is its first occurrence; a time in a gap is
 * read with the offset in force before the gap).
 * @param[in] builder the builder whose zone reads the time.
 * @param[in] year the year, 1969 ... 2200 (the result must still lie in the
 *            supported range).
 * @param[in] month 1 ... 12.
 * @param[in] day 1 ... the length of the month.
 * @param[in] hour 0 ... 24; 24 only with minute and second 0 (the next
 *            day's midnight).
 * @param[in] minute 0 ... 59.
 * @param[in] second 0 ... 59.
 * @param[out] ret the instant.
 * @return 0, SLA_EINVAL (no such date or time), SLA_ERANGE.
 * @since 1.0
 */
SLA_EXPORT int sla_calendar_builder_local_time(const sla_calendar_builder *builder, int year,
                                               int month, int day, int hour, int minute,
                                               int second, int64_t *ret);

/**
 * Compile the builder into an immutable calendar. The builder is unchanged
 * and may be compiled again.
 * @param[out] ret the calendar; free it with sla_calendar_free().
 * @return 0, SLA_EINVAL, SLA_ELIMIT, SLA_ENOMEM.
 * @since 1.0
 */
SLA_EXPORT int sla_calendar_builder_compile(const sla_calendar_builder *builder,
                                            sla_calendar **ret);

/**
 * One call for the common case: a zone and opening-hours text.
 * @param[in] zone IANA zone name.
 * @param[in] hours opening-hours text; NULL means "24/7".
 * @param[out] ret the calendar.
 * @param[out] diag optional diagnostics for a parse error.
 * @return as sla_calendar_builder_new() and sla_calendar_builder_set_hours().
 * @since 1.0
 */
SLA_EXPORT int sla_calendar_new(const char *zone, const char *hours, sla_calendar **ret,
                                sla_diag *diag);

/** Free a calendar; NULL is allowed. @since 1.0 */
SLA_EXPORT void sla_calendar_free(sla_calendar *cal);

/**
 * A calendar open whenever @p a or @p b is open (a follow-the-sun team).
 * The result uses @p a's zone for local times and text.
 * @return 0, SLA_EINVAL, SLA_ELIMIT, SLA_ENOMEM.
 * @since 1.0
 */
SLA_EXPORT int sla_calendar_union(const sla_calendar *a, const sla_calendar *b,
                                  sla_calendar **ret);

/**
 * A calendar open only when both @p a and @p b are open (chat hours within
 * team hours). The result uses @p a's zone.
 * @return 0, SLA_EINVAL, SLA_ELIMIT, SLA_ENOMEM.
 * @since 1.0
 */
SLA_EXPORT int sla_calendar_intersect(const sla_calendar *a, const sla_calendar *b,
                                      sla_calendar **ret);

/** The calendar's IANA zone name. Owned by @p cal. @since 1.0 */
SLA_EXPORT const char *sla_calendar_zone(const sla_calendar *cal);

/**
 * Bytes of memory held by the compiled calendar (its own allocations).
 * @since 1.0
 */
SLA_EXPORT size_t sla_calendar_memory_size(const sla_calendar *cal);

/**
 * Whether instant @p t falls on a holiday: a local date of the calendar's
 * holiday set (for a union or intersection, the holidays of its first
 * calendar). Timed closures are not holidays.
 * @param[out] ret_holiday 1 or 0.
 * @return 0, SLA_EINVAL, SLA_ERANGE.
 * @since 1.0
 */
SLA_EXPORT int sla_calendar_is_holiday(const sla_calendar *cal, int64_t t, int *ret_holiday);

/**
 * The UTC offset (seconds east of UTC) of the calendar's zone at instant @p t.
 * @return 0, SLA_EINVAL, SLA_ERANGE.
 * @since 1.0
 */
SLA_EXPORT int sla_calendar_utc_offset(const sla_calendar *cal, int64_t t, int *ret_offset);

/**
 * The local instant of a wall-clock time in the calendar's zone, by the rule
 * of sla_calendar_builder_local_time().
 * @param[in] cal the calendar whose zone reads the time.
 * @param[in] year the year, 1969 ... 2200 (the result must still lie in the
 *            supported range).
 * @param[in] month 1 ... 12.
 * @param[in] day 1 ... the length of the month.
 * @param[in] hour 0 ... 24; 24 only with minute and second 0 (the next
 *            day's midnight).
 * @param[in] minute 0 ... 59.
 * @param[in] second 0 ... 59.
 * @param[out] ret the instant.
 * @return 0, SLA_EINVAL (no such date or time), SLA_ERANGE.
 * @since 1.0
 */
SLA_EXPORT int sla_calendar_local_time(const sla_calendar *cal, int year, int month, int day,
                                       int hour, int minute, int second, int64_t *ret);

/**
 * Whether @p t lies inside an open period [s, e).
 * @param[out] ret_open 1 when open, 0 when closed.
 * @return 0, SLA_EINVAL, SLA_ERANGE.
 * @since 1.0
 */
SLA_EXPORT int sla_calendar_is_open(const sla_calendar *cal, int64_t t, int *ret_open);

/**
 * The earliest u >= t such that [t, u) holds exactly @p d seconds of open
 * time. add(t, 0) = t even when closed; a deadline that lands exactly on a
 * closing time is that closing time.
 * @param[in] d a duration >= 0.
 * @return 0, SLA_EINVAL (d < 0), SLA_ERANGE (t or the result outside the
 *         supported range), SLA_ENEVER (the calendar never again has that
 *         much open time).
 * @since 1.0
 */
SLA_EXPORT int sla_calendar_add(const sla_calendar *cal, int64_t t, int64_t d, int64_t *ret);

/**
 * The latest u <= t such that [u, t) holds exactly @p d seconds of open time.
 * @return 0, SLA_EINVAL, SLA_ERANGE, SLA_ENEVER.
 * @since 1.0
 */
SLA_EXPORT int sla_calendar_sub(const sla_calendar *cal, int64_t t, int64_t d, int64_t *ret);

/**
 * Open seconds in [a, b) when a <= b, otherwise minus the open seconds in
 * [b, a).
 * @return 0, SLA_EINVAL, SLA_ERANGE.
 * @since 1.0
 */
SLA_EXPORT int sla_calendar_diff(const sla_calendar *cal, int64_t a, int64_t b, int64_t *ret);

/**
 * The earliest u >= t at which the calendar is open.
 * @return 0, SLA_EINVAL, SLA_ERANGE, SLA_ENEVER.
 * @since 1.0
 */
SLA_EXPORT int sla_calendar_next_open(const sla_calendar *cal, int64_t t, int64_t *ret);

/**
 * The earliest u >= t at which the calendar is closed.
 * @return 0, SLA_EINVAL, SLA_ERANGE, SLA_ENEVER (open until the end of the
 *         supported range).
 * @since 1.0
 */
SLA_EXPORT int sla_calendar_next_close(const sla_calendar *cal, int64_t t, int64_t *ret);

/*
 * Many at once. Each takes parallel arrays of n elements and fills @p ret
 * (and @p ret_status when it is not NULL) element by element. An element
 * that fails gets its code in ret_status[i] and 0 in ret[i]; the others are
 * computed normally. The call returns 0 when every element succeeded,
 * otherwise the code of the first element that failed (or SLA_EINVAL for a
 * NULL array with n > 0, in which case nothing is written).
 */

/** is_open over arrays; ret[i] is 0 or 1. @since 1.0 */
SLA_EXPORT int sla_calendar_is_open_many(const sla_calendar *cal, const int64_t *t, size_t n,
                                         int *ret, int *ret_status);
/**
 * add over arrays: ret[i] = add(t[i], d[i]) (see "Many at once" above).
 * @param[in] cal the calendar.
 * @param[in] t n instants.
 * @param[in] d n durations >= 0.
 * @param[in] n the number of elements.
 * @param[out] ret n results.
 * @param[out] ret_status optional: n codes, 0 or the element's error.
 * @return 0, or the code of the first element that failed; SLA_EINVAL.
 * @since 1.0
 */
SLA_EXPORT int sla_calendar_add_many(const sla_calendar *cal, const int64_t *t, const int64_t *d,
                                     size_t n, int64_t *ret, int *ret_status);
/**
 * sub over arrays: ret[i] = sub(t[i], d[i]) (see "Many at once" above).
 * @param[in] cal the calendar.
 * @param[in] t n instants.
 * @param[in] d n durations >= 0.
 * @param[in] n the number of elements.
 * @param[out] ret n results.
 * @param[out] ret_status optional: n codes, 0 or the element's error.
 * @return 0, or the code of the first element that failed; SLA_EINVAL.
 * @since 1.0
 */
SLA_EXPORT int sla_calendar_sub_many(const sla_calendar *cal, const int64_t *t, const int64_t *d,
                                     size_t n, int64_t *ret, int *ret_status);
/**
 * diff over arrays: ret[i] = diff(a[i], b[i]) (see "Many at once" above).
 * @param[in] cal the calendar.
 * @param[in] a n instants (from).
 * @param[in] b n instants (to).
 * @param[in] n the number of elements.
 * @param[out] ret n results.
 * @param[out] ret_status optional: n codes, 0 or the element's error.
 * @return 0, or the code of the first element that failed; SLA_EINVAL.
 * @since 1.0
 */
SLA_EXPORT int sla_calendar_diff_many(const sla_calendar *cal, const int64_t *a, const int64_t *b,
                                      size_t n, int64_t *ret, int *ret_status);
/** next_open over arrays. @since 1.0 */
SLA_EXPORT int sla_calendar_next_open_many(const sla_calendar *cal, const int64_t *t, size_t n,
                                           int64_t *ret, int *ret_status);
/** next_close over arrays. @since 1.0 */
SLA_EXPORT int sla_calendar_next_close_many(const sla_calendar *cal, const int64_t *t, size_t n,
                                            int64_t *ret, int *ret_status);

/*
 * Previous opening and closing (LIBSLA_1.1). Like next_open / next_close,
 * they answer SLA_ENEVER when the answer would lie outside the supported
 * range: a calendar that never opened before t, or one that has been open
 * since before 1970 (a 24/7 calendar has no previous opening).
 */

/**
 * The start of the open period that contains @p t, or of the last one that
 * ended at or before @p t (SEMANTICS 2.3). At an opening instant s,
 * prev_open(s) = s; at a closing instant e, the start of the period that
 * ended at e.
 * @param[in] cal the calendar.
 * @param[in] t an instant in the supported range.
 * @param[out] ret the start of that open period.
 * @return 0, SLA_EINVAL (cal or ret NULL), SLA_ERANGE (t outside the
 *         supported range), SLA_ENEVER (no open period starts at or before t
 *         inside the supported range).
 * Thread-safe: the calendar is immutable.
 * @since 1.1
 */
SLA_EXPORT int sla_calendar_prev_open(const sla_calendar *cal, int64_t t, int64_t *ret);

/**
 * The end of the last open period that ended at or before @p t (SEMANTICS
 * 2.3). Inside an open period, the end of the one before it; at a closing
 * instant e, e itself.
 * @param[in] cal the calendar.
 * @param[in] t an instant in the supported range.
 * @param[out] ret the end of that open period.
 * @return 0, SLA_EINVAL (cal or ret NULL), SLA_ERANGE (t outside the
 *         supported range), SLA_ENEVER (no open period ended at or before t
 *         inside the supported range).
 * Thread-safe: the calendar is immutable.
 * @since 1.1
 */
SLA_EXPORT int sla_calendar_prev_close(const sla_calendar *cal, int64_t t, int64_t *ret);

/**
 * prev_open over arrays, with the conventions of the other *_many calls.
 * @param[in] cal the calendar.
 * @param[in] t n instants.
 * @param[in] n the number of elements.
 * @param[out] ret n results (0 where an element failed).
 * @param[out] ret_status optional, n codes (0 or the element's error).
 * @return 0, or the code of the first element that failed; SLA_EINVAL for a
 *         NULL calendar or array with n > 0.
 * Thread-safe: the calendar is immutable.
 * @since 1.1
 */
SLA_EXPORT int sla_calendar_prev_open_many(const sla_calendar *cal, const int64_t *t, size_t n,
                                           int64_t *ret, int *ret_status);

/**
 * prev_close over arrays, with the conventions of the other *_many calls.
 * @param[in] cal the calendar.
 * @param[in] t n instants.
 * @param[in] n the number of elements.
 * @param[out] ret n results (0 where an element failed).
 * @param[out] ret_status optional, n codes (0 or the element's error).
 * @return 0, or the code of the first element that failed; SLA_EINVAL for a
 *         NULL calendar or array with n > 0.
 * Thread-safe: the calendar is immutable.
 * @since 1.1
 */
SLA_EXPORT int sla_calendar_prev_close_many(const sla_calendar *cal, const int64_t *t, size_t n,
                                            int64_t *ret, int *ret_status);

/*
 * Business days (LIBSLA_1.1, SEMANTICS 2.3). A business date is a local date
 * of the calendar's zone with open time: some open instant lies on that
 * date (so a night shift that opens at 22:00 on Monday makes Monday a
 * business date, and Tuesday one too if the shift runs past midnight).
 * Each call is O(log n) in the calendar's size, whatever n or the distance.
 * A result that would leave the supported range is SLA_ERANGE when the
 * calendar keeps opening up to that end of the range, and SLA_ENEVER when it
 * has no open time in the last (or, backwards, the first) year of the range.
 */

/**
 * @p n business days after @p t. Let s = t if the calendar is open at t,
 * else next_open(t). The deadline is on the n-th business date after the
 * date of s, at the first open instant whose local wall-clock time is at or
 * after that of s; when that date has none, at the end of its last open
 * period. add_days(t, 0) = s.
 * @param[in] cal the calendar.
 * @param[in] t an instant in the supported range.
 * @param[in] n business days, >= 0.
 * @param[out] ret the deadline.
 * @return 0, SLA_EINVAL (cal or ret NULL, n < 0), SLA_ERANGE (t or the
 *         result outside the supported range), SLA_ENEVER (the calendar does
 *         not have that many business dates again).
 * Thread-safe: the calendar is immutable.
 * @since 1.1
 */
SLA_EXPORT int sla_calendar_add_days(const sla_calendar *cal, int64_t t, int64_t n,
                                     int64_t *ret);

/**
 * The mirror image of sla_calendar_add_days(): the latest u <= @p t with
 * add_days(u, n) <= t. For a t inside an open period and n = 0 that is t;
 * for a closed t it is the last open instant before t (one second before
 * the closing time, since the closing instant itself is closed).
 * @param[in] cal the calendar.
 * @param[in] t an instant in the supported range.
 * @param[in] n business days, >= 0.
 * @param[out] ret that instant.
 * @return 0, SLA_EINVAL (cal or ret NULL, n < 0), SLA_ERANGE (t or the
 *         result outside the supported range), SLA_ENEVER (the calendar had
 *         not that many business dates before t).
 * Thread-safe: the calendar is immutable.
 * @since 1.1
 */
SLA_EXPORT int sla_calendar_sub_days(const sla_calendar *cal, int64_t t, int64_t n,
                                     int64_t *ret);

/**
 * The number of business dates that have open time inside [@p a, @p b): the
 * dates from that of the first open instant at or after a to that of the
 * last open instant before b, counting only business dates (for reports:
 * "handled over 3 business days").
 * @param[in] cal the calendar.
 * @param[in] a the start, in the supported range.
 * @param[in] b the end, in the supported range, >= a.
 * @param[out] ret_count the number of business dates.
 * @return 0, SLA_EINVAL (cal or ret_count NULL, b < a), SLA_ERANGE (a or b
 *         outside the supported range).
 * Thread-safe: the calendar is immutable.
 * @since 1.1
 */
SLA_EXPORT int sla_calendar_count_days(const sla_calendar *cal, int64_t a, int64_t b,
                                       size_t *ret_count);

/**
 * How far the calendar's holiday sources reach. A source is finite when its
 * holidays stop: the dates given with sla_calendar_builder_add_holiday() are
 * complete up to December 31 of the latest year they mention; an iCalendar
 * file up to December 31 of the year of its last holiday, or without limit
 * when one of its holidays recurs without end (an RRULE without UNTIL or
 * COUNT). The horizon is the last date every finite source covers; a union
 * or intersection has the earlier horizon of its two calendars. Answers
 * past it may count a missing holiday as a working day: applications should
 * warn.
 * @param[in] cal the calendar.
 * @param[out] ret_end the first instant past the horizon (local midnight
 *             after its last date), or SLA_TIME_MAX when nothing limits it
 *             inside the supported range.
 * @param[out] ret_bounded 1 when a finite source limits the horizon, 0 when
 *             the calendar has no finite holiday source.
 * @return 0, SLA_EINVAL (a NULL argument).
 * Thread-safe: the calendar is immutable.
 * @since 1.1
 */
SLA_EXPORT int sla_calendar_holiday_horizon(const sla_calendar *cal, int64_t *ret_end,
                                            int *ret_bounded);

/** @} */

/* ======================================================================== */
/** @name Text: instants and durations                                       */
/* ======================================================================== */
/** @{ */

/**
 * Parse an instant: RFC 3339 / ISO 8601 with an offset or Z
 * ("2025-03-28T15:50:00Z", "2025-03-28T16:50:00+01:00"), or integer epoch
 * seconds ("1743177000"). A local time without offset
 * ("2025-03-28 16:50", "2025-03-28T16:50:00") is read in @p cal's zone by the
 * rule of RFC 5545 3.3.5; with @p cal NULL it is refused.
 *
 * Accepted: date YYYY-MM-DD; then 'T', 't' or one space and HH:MM or
 * HH:MM:SS; then nothing (local time), 'Z'/'z', or an offset +HH:MM, +HHMM,
 * +HH (or +HH:MM:SS, as formatted for historical offsets with seconds).
 * A date alone is local midnight in @p cal's zone. Seconds may carry an
 * all-zero fraction (".000"); a non-zero fraction is refused, never
 * truncated. "24:00" (or "24:00:00") is midnight at the end of that day.
 * Leap seconds (":60") are refused. Whitespace around the text is ignored.
 * A bare integer is always epoch seconds.
 * @param[in] cal optional calendar whose zone reads local times.
 * @param[in] text the instant, NUL-terminated.
 * @param[out] ret the instant.
 * @param[out] diag optional diagnostics: line 1, the byte column, and the
 *             construct ("date", "time", "fraction", "offset", "epoch",
 *             "instant").
 * @return 0, SLA_EINVAL (text or ret NULL), SLA_EPARSE, SLA_ERANGE (outside
 *         [SLA_TIME_MIN, SLA_TIME_MAX)).
 * @since 1.0
 */
SLA_EXPORT int sla_parse_instant(const sla_calendar *cal, const char *text, int64_t *ret,
                                 sla_diag *diag);

/**
 * Parse a duration: "90", "90s", "15m", "2h", "1h30m", "3d" (a day is 24 h
 * of business time), "1w", or ISO 8601 "PT15M", "P1DT2H". A leading '-' is
 * accepted and gives a negative value; callers refuse it where not allowed.
 *
 * Compact units are w, d, h, m, s (any case), each at most once, largest
 * first, optionally separated by spaces ("1h 30m"); a lone number is
 * seconds. ISO 8601 accepts W and D before 'T', H, M and S after it.
 * Refused with SLA_EPARSE: fractions ("1.5h"), units out of order
 * ("30m1h"), a number without unit after another component ("1h30"), and
 * ISO years and months ("P1Y", "P1M": no fixed length).
 * @param[out] diag optional diagnostics: construct "duration", "number",
 *             "unit", "order", "fraction", "year", "month" or "time".
 * @return 0, SLA_EINVAL, SLA_EPARSE, SLA_ERANGE (magnitude above
 *         SLA_TIME_MAX seconds).
 * @since 1.0
 */
SLA_EXPORT int sla_parse_duration(const char *text, int64_t *ret, sla_diag *diag);

/** The unit of a duration read by sla_parse_duration_unit(). @since 1.1 */
enum sla_duration_unit {
    /** Seconds (of business time where a calendar applies): "90", "15m", "3d", "PT1H". */
    SLA_UNIT_SECONDS = 0,
    /** Business days (SEMANTICS 2.3): "3bd"; see sla_calendar_add_days(). */
    SLA_UNIT_BUSINESS_DAYS = 1
};

/**
 * Parse a duration that may be given in business days. "3bd" (any case,
 * optional spaces before "bd") gives 3 with SLA_UNIT_BUSINESS_DAYS; every
 * form sla_parse_duration() reads gives seconds with SLA_UNIT_SECONDS.
 * Business days stand alone: "1bd2h" is refused. sla_parse_duration()
 * itself refuses "3bd" with SLA_EPARSE (a business day is not a number of
 * seconds), so 1.0 callers never mistake it for one.
 * @param[in] text the duration, NUL-terminated.
 * @param[out] ret_value the number of seconds or of business days (a
 *             leading '-' gives a negative value; callers refuse it where
 *             not allowed).
 * @param[out] ret_unit an enum sla_duration_unit.
 * @param[out] diag optional diagnostics, constructs as for
 *             sla_parse_duration().
 * @return 0, SLA_EINVAL (a NULL text or output), SLA_EPARSE, SLA_ERANGE.
 * Thread-safe: no shared state.
 * @since 1.1
 */
SLA_EXPORT int sla_parse_duration_unit(const char *text, int64_t *ret_value, int *ret_unit,
                                       sla_diag *diag);

/**
 * Format an instant as RFC 3339 in @p cal's zone with its offset
 * ("2025-03-28T16:50:00+01:00"), or in UTC with "Z" when @p cal is NULL.
 * An offset with seconds (a few zones before 1972) is written +HH:MM:SS,
 * which sla_parse_instant() reads back. snprintf-style; @p buf may be NULL
 * when @p size is 0.
 * @return the length of the whole text (>= 0), or SLA_EINVAL (buf NULL with
 *         size > 0), SLA_ERANGE.
 * @since 1.0
 */
SLA_EXPORT int sla_format_instant(const sla_calendar *cal, int64_t t, char *buf, size_t size);

/**
 * Format a duration compactly ("0s", "45s", "15m", "1h30m", "3d2h", "-15m"):
 * days of 24 h, hours, minutes, seconds, omitting zero parts.
 * sla_parse_duration() reads the text back. snprintf-style.
 * @return the length of the whole text (>= 0), or SLA_EINVAL.
 * @since 1.0
 */
SLA_EXPORT int sla_format_duration(int64_t d, char *buf, size_t size);

/** @} */

/* ======================================================================== */
/** @name iCalendar import: holidays, closures and opening hours            */
/* ======================================================================== */
/** @{ */

/**
 * How the events of an iCalendar file are used (sla_ics_options_set_mode()).
 */
enum sla_ics_mode {
    /** An all-day event makes its local date(s) holidays; a timed event is a
     *  closure [start, end). The default. */
    SLA_ICS_HOLIDAYS = 0,
    /** Every event instance is an extra opening; an all-day event opens its
     *  whole local date(s) in the calendar's zone. Use it with opening hours
     *  "off" when the file is the only source of open time. */
    SLA_ICS_OPENING_HOURS = 1
};

/** Largest iCalendar input accepted, in bytes (16 MiB); larger is SLA_ELIMIT. */
#define SLA_ICS_MAX_BYTES ((size_t)16 * 1024 * 1024)
/** Most event instances one file may yield inside the window; more is SLA_ELIMIT. */
#define SLA_ICS_MAX_INSTANCES 100000
/** Most recurrence steps one file may need (see README); more is SLA_ELIMIT.
 *  (1,000,000 in 1.0, which let a 200-byte rule cost seconds of CPU.) */
#define SLA_ICS_MAX_STEPS 250000
/** Deepest component nesting accepted (BEGIN inside BEGIN); deeper is SLA_ELIMIT. */
#define SLA_ICS_MAX_DEPTH 8

/**
 * Options for reading an iCalendar file: mode, event filters and a window of
 * years. Passing NULL where options are taken means the defaults: holidays
 * mode, no filters, window 1970-2199. One thread at a time; it may be reused
 * for many loads.
 */
typedef struct sla_ics_options sla_ics_options;

/**
 * Create options with the defaults.
 * @param[out] ret the options; free them with sla_ics_options_free().
 * @return 0, SLA_EINVAL (ret NULL), SLA_ENOMEM.
 * @since 1.0
 */
SLA_EXPORT int sla_ics_options_new(sla_ics_options **ret);

/** Free options; NULL is allowed. @since 1.0 */
SLA_EXPORT void sla_ics_options_free(sla_ics_options *opts);

/**
 * Choose how events are used.
 * @param[in] mode SLA_ICS_HOLIDAYS or SLA_ICS_OPENING_HOURS.
 * @return 0, SLA_EINVAL (NULL or unknown mode).
 * @since 1.0
 */
SLA_EXPORT int sla_ics_options_set_mode(sla_ics_options *opts, int mode);

/**
 * Keep only events that carry this category (CATEGORIES, compared whole and
 * without regard to ASCII case) or that pass another keep filter. May be
 * called many times; without keep filters every event is kept.
 * @param[in] category UTF-8 text, copied.
 * @return 0, SLA_EINVAL (NULL or empty text), SLA_ENOMEM.
 * @since 1.0
 */
SLA_EXPORT int sla_ics_options_keep_category(sla_ics_options *opts, const char *category);

/**
 * Drop events that carry this category, whatever the keep filters say.
 * @return 0, SLA_EINVAL, SLA_ENOMEM.
 * @since 1.0
 */
SLA_EXPORT int sla_ics_options_drop_category(sla_ics_options *opts, const char *category);

/**
 * Keep events whose SUMMARY contains @p text (ASCII case ignored), or that
 * pass another keep filter. May be called many times.
 * @return 0, SLA_EINVAL (NULL or empty text), SLA_ENOMEM.
 * @since 1.0
 */
SLA_EXPORT int sla_ics_options_keep_summary(sla_ics_options *opts, const char *text);

/**
 * Drop events whose SUMMARY contains @p text (ASCII case ignored), whatever
 * the keep filters say.
 * @return 0, SLA_EINVAL, SLA_ENOMEM.
 * @since 1.0
 */
SLA_EXPORT int sla_ics_options_drop_summary(sla_ics_options *opts, const char *text);

/**
 * Use only instances that start in the years @p year_from to @p year_to
 * (inclusive, local dates in the calendar's zone). The default is 1970-2199.
 * A narrow window also makes expansion cheaper.
 * @return 0, SLA_EINVAL (NULL, or year_from > year_to), SLA_ERANGE (a year
 *         outside 1970-2199).
 * @since 1.0
 */
SLA_EXPORT int sla_ics_options_set_window(sla_ics_options *opts, int year_from, int year_to);

/**
 * Add the holidays, closures or openings of an iCalendar (RFC 5545) text to
 * a builder. RRULE, RDATE, EXDATE, RECURRENCE-ID, DURATION, TZID (IANA
 * names, embedded VTIMEZONEs, common Windows zone names), UTC and floating
 * times (read in the builder's zone) are honoured; README.md lists how
 * real-world quirks are treated. All or nothing: on any failure the builder
 * is exactly as it was.
 * @param[in] data the text (UTF-8; CRLF or LF; need not be NUL-terminated).
 * @param[in] len its length in bytes, at most SLA_ICS_MAX_BYTES.
 * @param[in] opts options, or NULL for the defaults.
 * @param[out] diag optional: line, construct and message of a failure.
 * @return 0, SLA_EINVAL, SLA_EPARSE (malformed; diag has the line),
 *         SLA_ENOZONE (a TZID that is neither embedded, IANA nor a known
 *         Windows name), SLA_ELIMIT (size, nesting, instance or expansion
 *         limits), SLA_ENOMEM.
 * @since 1.0
 */
SLA_EXPORT int sla_calendar_builder_add_ics(sla_calendar_builder *builder, const char *data,
                                            size_t len, const sla_ics_options *opts,
                                            sla_diag *diag);

/**
 * Like sla_calendar_builder_add_ics(), reading the file at @p path.
 * @return as sla_calendar_builder_add_ics(), and SLA_EIO (cannot read).
 * @since 1.0
 */
SLA_EXPORT int sla_calendar_builder_add_ics_file(sla_calendar_builder *builder, const char *path,
                                                 const sla_ics_options *opts, sla_diag *diag);

/**
 * The instances an iCalendar text yields, after filters and window, sorted
 * by start: what a person checks before trusting a holiday feed. Immutable;
 * may be read from many threads.
 */
typedef struct sla_ics_list sla_ics_list;

/**
 * List the instances of an iCalendar text as they would be loaded into a
 * calendar in @p zone (the zone reads floating times and gives the local
 * dates). Same rules and errors as sla_calendar_builder_add_ics().
 * @param[in] data the iCalendar text (need not be NUL-terminated).
 * @param[in] len its length in bytes.
 * @param[in] zone IANA zone name, e.g. "Europe/Oslo".
 * @param[in] opts the options (mode, window, filters); NULL for the defaults.
 * @param[out] ret the list; free it with sla_ics_list_free().
 * @param[out] diag optional: where and why on failure.
 * @return as sla_calendar_builder_add_ics(), and SLA_ENOZONE for @p zone.
 * @since 1.0
 */
SLA_EXPORT int sla_ics_list_new(const char *data, size_t len, const char *zone,
                                const sla_ics_options *opts, sla_ics_list **ret, sla_diag *diag);

/**
 * Like sla_ics_list_new(), reading the file at @p path.
 * @return as sla_ics_list_new(), and SLA_EIO.
 * @since 1.0
 */
SLA_EXPORT int sla_ics_list_new_file(const char *path, const char *zone,
                                     const sla_ics_options *opts, sla_ics_list **ret,
                                     sla_diag *diag);

/** Free a list; NULL is allowed. @since 1.0 */
SLA_EXPORT void sla_ics_list_free(sla_ics_list *list);

/** Number of instances (0 for NULL). @since 1.0 */
SLA_EXPORT size_t sla_ics_list_count(const sla_ics_list *list);

/**
 * 1 when instance @p i is all-day (a DATE value), 0 when timed.
 * @return 1, 0, or SLA_EINVAL (NULL list, i out of range).
 * @since 1.0
 */
SLA_EXPORT int sla_ics_list_is_all_day(const sla_ics_list *list, size_t i);

/**
 * The local date (in the list's zone) on which instance @p i starts, and the
 * last local date it covers (the same date for a one-day holiday; for a
 * timed instance, the date of its last second).
 * @param[out] ret_first, ret_last dates as year*10000 + month*100 + day,
 *             e.g. 20250417; either may be NULL.
 * @return 0, SLA_EINVAL.
 * @since 1.0
 */
SLA_EXPORT int sla_ics_list_dates(const sla_ics_list *list, size_t i, int32_t *ret_first,
                                  int32_t *ret_last);

/**
 * The real-time span [start, end) of instance @p i (an all-day instance
 * spans its local dates from midnight to midnight in the list's zone).
 * Either output may be NULL.
 * @return 0, SLA_EINVAL.
 * @since 1.0
 */
SLA_EXPORT int sla_ics_list_span(const sla_ics_list *list, size_t i, int64_t *ret_start,
                                 int64_t *ret_end);

/**
 * The SUMMARY of instance @p i without trailing white space ("" when the
 * event has none); owned by the list. NULL when @p i is out of range.
 * @since 1.0
 */
SLA_EXPORT const char *sla_ics_list_summary(const sla_ics_list *list, size_t i);

/**
 * The 1-based line of the file where the event of instance @p i begins;
 * 0 when out of range.
 * @since 1.0
 */
SLA_EXPORT int sla_ics_list_line(const sla_ics_list *list, size_t i);

/** @} */

/* ======================================================================== */
/** @name SLA policies and ticket clocks                                     */
/* ======================================================================== */
/** @{ */

/**
 * Metrics a policy can target (SEMANTICS 3.2). Values are pinned.
 * - first_reply: from creation to the first public agent reply.
 * - next_reply: from the oldest unanswered customer message (once a first
 *   reply exists) to the next public agent reply; one cycle per customer turn.
 * - periodic_update: from creation, then from every public agent reply, to
 *   the next public agent reply.
 * - pausable_update: like periodic_update, and paused while pending.
 * - resolution: from creation to solved; a reopen resumes the same clock.
 * - first_resolution: from creation to the first solved; never re-armed.
 * - requester_wait: counts in new, open and on_hold, until solved.
 * - agent_work: counts in new and open, until solved.
 */
enum sla_metric {
    SLA_METRIC_FIRST_REPLY = 0,
    SLA_METRIC_NEXT_REPLY = 1,
    SLA_METRIC_PERIODIC_UPDATE = 2,
    SLA_METRIC_PAUSABLE_UPDATE = 3,
    SLA_METRIC_RESOLUTION = 4,
    SLA_METRIC_FIRST_RESOLUTION = 5,
    SLA_METRIC_REQUESTER_WAIT = 6,
    SLA_METRIC_AGENT_WORK = 7
};
/** Number of metrics; metric values are 0 .. SLA_METRIC_COUNT - 1. */
#define SLA_METRIC_COUNT 8

/**
 * Built-in channels. A policy adds its own names with
 * sla_policy_add_channel(), numbered from SLA_CHANNEL_USER upwards.
 */
enum sla_channel {
    SLA_CHANNEL_EMAIL = 0,
    SLA_CHANNEL_CHAT = 1,
    SLA_CHANNEL_PHONE = 2,
    SLA_CHANNEL_SOCIAL = 3,
    SLA_CHANNEL_MESSAGING = 4,
    SLA_CHANNEL_WEB = 5,
    SLA_CHANNEL_USER = 6
};
/** Most channels one policy can know, built-in ones included. */
#define SLA_CHANNEL_MAX 256

/** Priorities. */
enum sla_priority {
    SLA_PRIORITY_LOW = 0,
    SLA_PRIORITY_NORMAL = 1,
    SLA_PRIORITY_HIGH = 2,
    SLA_PRIORITY_URGENT = 3
};

/** A target selector that matches every channel or every priority. */
#define SLA_ANY (-1)

/** Ticket statuses. */
enum sla_ticket_status {
    SLA_TICKET_NEW = 0,
    SLA_TICKET_OPEN = 1,
    SLA_TICKET_PENDING = 2,  /**< waiting on the customer */
    SLA_TICKET_ON_HOLD = 3,  /**< waiting on a third party */
    SLA_TICKET_SOLVED = 4,
    SLA_TICKET_CLOSED = 5    /**< final: every later event is SLA_ECLOSED */
};

/** Pause flags: the statuses in which a target's clock does not count. */
#define SLA_PAUSE_NEW ((uint32_t)1 << 0)
#define SLA_PAUSE_OPEN ((uint32_t)1 << 1)
#define SLA_PAUSE_PENDING ((uint32_t)1 << 2)
#define SLA_PAUSE_ON_HOLD ((uint32_t)1 << 3)

/** Most warning thresholds one target can carry. */
#define SLA_WARN_MAX 4

/** "No such instant" in reports (an instant never negative otherwise). */
#define SLA_NO_TIME ((int64_t)-1)

/**
 * An SLA policy: an ordered list of targets, a registry of channel names and
 * a registry of named calendars. For each metric the first target whose
 * channel and priority selectors match applies.
 *
 * Lifetime: a policy holds borrowed @c const pointers to the calendars its
 * targets use; every such calendar must outlive the policy and every ticket
 * and report made from it. A ticket borrows its policy the same way:
 * free tickets before their policy. A policy must not be changed while
 * tickets made from it exist (add targets first, then make tickets).
 * One thread at a time; a policy that is no longer changed may be read by
 * tickets in many threads at once.
 */
typedef struct sla_policy sla_policy;

/**
 * Create an empty policy (no targets; the built-in channels are known).
 * @param[out] ret the policy; free it with sla_policy_free().
 * @return 0, SLA_EINVAL, SLA_ENOMEM.
 * @since 1.0
 */
SLA_EXPORT int sla_policy_new(sla_policy **ret);

/**
 * The market-leading defaults of published customer-service research:
 * email first and next reply 15 min and social first reply 1 h, counted in
 * @p business_hours; chat first and next reply 30 s and phone first reply
 * 20 s, counted in @p live_hours. Every target warns at 50, 75 and 90 %.
 * NULL for either calendar means 24/7. The calendars are registered under
 * the names "business" and "live" (when not NULL) so that policy text
 * appended with sla_policy_parse() can refer to them.
 * @param[in] business_hours borrowed; must outlive the policy. May be NULL.
 * @param[in] live_hours borrowed; must outlive the policy. May be NULL.
 * @param[out] ret the policy.
 * @return 0, SLA_EINVAL, SLA_ENOMEM.
 * @since 1.0
 */
SLA_EXPORT int sla_policy_new_default(const sla_calendar *business_hours,
                                      const sla_calendar *live_hours, sla_policy **ret);

/** Free a policy; NULL is allowed. Free its tickets first. @since 1.0 */
SLA_EXPORT void sla_policy_free(sla_policy *policy);

/**
 * Add a channel name (lower-case ASCII letters, digits, '_' and '-', 1 to 31
 * bytes), or find it when it is already known (built-in names included).
 * @param[out] ret_channel the channel number (optional, may be NULL).
 * @return 0, SLA_EINVAL (bad name), SLA_ELIMIT (SLA_CHANNEL_MAX reached),
 *         SLA_ENOMEM.
 * @since 1.0
 */
SLA_EXPORT int sla_policy_add_channel(sla_policy *policy, const char *name, int *ret_channel);

/**
 * Look up a channel by name.
 * @return 0, SLA_EINVAL (NULL argument or unknown name).
 * @since 1.0
 */
SLA_EXPORT int sla_policy_channel(const sla_policy *policy, const char *name, int *ret_channel);

/**
 * The name of channel @p channel, or NULL when the policy does not know it.
 * Owned by the policy.
 * @since 1.0
 */
SLA_EXPORT const char *sla_policy_channel_name(const sla_policy *policy, int channel);

/** Number of channels the policy knows (built-in ones included). @since 1.0 */
SLA_EXPORT int sla_policy_channel_count(const sla_policy *policy);

/**
 * Register a calendar under a name for policy text (`calendar=NAME`).
 * Registering a name again replaces its calendar for later targets only.
 * The names "24/7" and "*" are reserved (they mean no calendar).
 * @param[in] cal borrowed; must outlive the policy.
 * @return 0, SLA_EINVAL, SLA_ELIMIT (more than 64 names), SLA_ENOMEM.
 * @since 1.0
 */
SLA_EXPORT int sla_policy_add_calendar(sla_policy *policy, const char *name,
                                       const sla_calendar *cal);

/**
 * Append a target.
 * @param[in] policy the policy (no tickets made from it may exist yet).
 * @param[in] metric an SLA_METRIC_* value.
 * @param[in] channel a channel the policy knows, or SLA_ANY.
 * @param[in] priority an SLA_PRIORITY_* value, or SLA_ANY.
 * @param[in] target the target duration in seconds, >= 0 (business time of
 *            @p cal).
 * @param[in] cal the calendar that counts business time; NULL means 24/7.
 *            Borrowed; must outlive the policy.
 * @param[in] pause SLA_PAUSE_* flags: statuses in which this target does not
 *            count, in addition to the metric's own pauses (pausable_update
 *            and requester_wait pause while pending, agent_work while
 *            pending and on_hold).
 * @param[in] warn percentages of the target (1 to 99, strictly increasing)
 *            at which warnings fall due; may be NULL when @p n_warn is 0.
 * @param[in] n_warn 0 to SLA_WARN_MAX.
 * @return 0, SLA_EINVAL, SLA_ELIMIT (more than 4096 targets), SLA_ENOMEM.
 * @since 1.0
 */
SLA_EXPORT int sla_policy_add_target(sla_policy *policy, int metric, int channel, int priority,
                                     int64_t target, const sla_calendar *cal, uint32_t pause,
                                     const int *warn, size_t n_warn);

/**
 * Append the targets of policy text (format in README.md, "Policies and
 * ticket clocks"): one target a line,
 * `METRIC CHANNELS PRIORITIES DURATION [calendar=NAME] [pause=S,...] [warn=P,...]`,
 * `channel NAME` lines that add channel names, blank lines and `#` comments.
 * All or nothing: on error the policy is unchanged and @p diag names the
 * line, column and construct.
 * @return 0, SLA_EINVAL, SLA_EPARSE, SLA_ELIMIT, SLA_ENOMEM.
 * @since 1.0
 */
SLA_EXPORT int sla_policy_parse(sla_policy *policy, const char *text, sla_diag *diag);

/** Number of targets. @since 1.0 */
SLA_EXPORT size_t sla_policy_target_count(const sla_policy *policy);

/**
 * The target that applies to (@p metric, @p channel, @p priority): the first
 * that matches.
 * @param[in] policy the policy.
 * @param[in] metric an SLA_METRIC_* value.
 * @param[in] channel a channel the policy knows.
 * @param[in] priority an SLA_PRIORITY_* value.
 * @param[out] ret_target its duration in seconds, or -1 when none matches.
 * @param[out] ret_cal its calendar (NULL for 24/7 or none); may be NULL.
 * @return 0, SLA_EINVAL.
 * @since 1.0
 */
SLA_EXPORT int sla_policy_lookup(const sla_policy *policy, int metric, int channel, int priority,
                                 int64_t *ret_target, const sla_calendar **ret_cal);

/** Name of a metric ("first_reply", ...), NULL when unknown. Static. @since 1.0 */
SLA_EXPORT const char *sla_metric_name(int metric);
/** Name of a ticket status ("on_hold", ...), NULL when unknown. Static. @since 1.0 */
SLA_EXPORT const char *sla_ticket_status_name(int status);
/** Name of a priority ("urgent", ...), NULL when unknown. Static. @since 1.0 */
SLA_EXPORT const char *sla_priority_name(int priority);
/** Name of a clock state ("breached", ...), NULL when unknown. Static. @since 1.0 */
SLA_EXPORT const char *sla_clock_state_name(int state);
/**
 * What sla_name_lookup() looks up. Values are pinned (the @c int values
 * 0 ... 3 that 1.0 documents); new kinds are added at the end.
 */
enum sla_name_kind {
    SLA_NAME_METRIC = 0,     /**< SLA_METRIC_*, as sla_metric_name() */
    SLA_NAME_STATUS = 1,     /**< SLA_TICKET_*, as sla_ticket_status_name() */
    SLA_NAME_PRIORITY = 2,   /**< SLA_PRIORITY_*, as sla_priority_name() */
    SLA_NAME_CLOCK_STATE = 3 /**< SLA_CLOCK_*, as sla_clock_state_name() */
};

/**
 * Parse a metric, status, priority or clock-state name (the inverse of the
 * *_name functions).
 * @param[in] kind an SLA_NAME_* value (::sla_name_kind).
 * @param[in] name the name, e.g. "first_reply".
 * @param[out] ret its value.
 * @return 0, SLA_EINVAL (unknown kind or name).
 * @since 1.0
 */
SLA_EXPORT int sla_name_lookup(int kind, const char *name, int *ret);

/**
 * The SLA clocks of one ticket. Created by its first event (creation) and
 * advanced by events in non-decreasing time order. An event older than the
 * last one is SLA_EORDER, any event after `closed` is SLA_ECLOSED; a refused
 * event changes nothing. Applying an event costs O(1) amortised and at most a
 * few calendar queries. Borrows its policy (see sla_policy).
 * One thread at a time.
 */
typedef struct sla_ticket sla_ticket;

/** Event kinds for sla_ticket_apply(). */
enum sla_event {
    SLA_EVENT_CUSTOMER = 1, /**< customer message; arg = channel */
    SLA_EVENT_REPLY = 2,    /**< public agent reply; arg ignored */
    SLA_EVENT_NOTE = 3,     /**< private note; counts for nothing; arg ignored */
    SLA_EVENT_STATUS = 4,   /**< status change; arg = SLA_TICKET_* */
    SLA_EVENT_PRIORITY = 5, /**< priority change; arg = SLA_PRIORITY_* */
    SLA_EVENT_CHANNEL = 6   /**< ticket channel change; arg = channel */
};

/**
 * Create a ticket at @p time in @p channel with @p priority; its status is
 * new. The ticket's creation also counts as its first customer message.
 * @param[in] policy borrowed; must outlive the ticket and stay unchanged.
 * @param[out] ret the ticket; free it with sla_ticket_free().
 * @return 0, SLA_EINVAL, SLA_ERANGE, SLA_ENOMEM.
 * @since 1.0
 */
SLA_EXPORT int sla_ticket_new(const sla_policy *policy, int64_t time, int channel, int priority,
                              sla_ticket **ret);

/** Free a ticket; NULL is allowed. @since 1.0 */
SLA_EXPORT void sla_ticket_free(sla_ticket *ticket);

/**
 * Apply one event (see enum sla_event).
 * @return 0, SLA_EINVAL (unknown kind or argument), SLA_ERANGE, SLA_EORDER,
 *         SLA_ECLOSED, SLA_ELIMIT (more than 65536 status, priority and
 *         channel changes, or 2^31 - 1 cycles of one metric), SLA_ENOMEM; a
 *         calendar error (SLA_ENEVER) is passed on. On error nothing changes.
 * @since 1.0
 */
SLA_EXPORT int sla_ticket_apply(sla_ticket *ticket, int64_t time, int event, int arg);

/** A customer message in @p channel; as sla_ticket_apply(). @since 1.0 */
SLA_EXPORT int sla_ticket_customer_message(sla_ticket *ticket, int64_t time, int channel);
/** A public agent reply; as sla_ticket_apply(). @since 1.0 */
SLA_EXPORT int sla_ticket_agent_reply(sla_ticket *ticket, int64_t time);
/** A private note (only checks order); as sla_ticket_apply(). @since 1.0 */
SLA_EXPORT int sla_ticket_note(sla_ticket *ticket, int64_t time);
/** A status change; as sla_ticket_apply(). @since 1.0 */
SLA_EXPORT int sla_ticket_set_status(sla_ticket *ticket, int64_t time, int status);
/** A priority change; as sla_ticket_apply(). @since 1.0 */
SLA_EXPORT int sla_ticket_set_priority(sla_ticket *ticket, int64_t time, int priority);
/** A channel change; as sla_ticket_apply(). @since 1.0 */
SLA_EXPORT int sla_ticket_set_channel(sla_ticket *ticket, int64_t time, int channel);

/**
 * The ticket's current status, priority, channel, creation instant and
 * instant of the last event applied. Any output may be NULL.
 * @param[in] ticket the ticket.
 * @param[out] ret_status its status, an SLA_TICKET_* value.
 * @param[out] ret_priority its priority, an SLA_PRIORITY_* value.
 * @param[out] ret_channel its channel.
 * @param[out] ret_created the instant it was created.
 * @param[out] ret_last the instant of the last event applied.
 * @return 0, SLA_EINVAL.
 * @since 1.0
 */
SLA_EXPORT int sla_ticket_info(const sla_ticket *ticket, int *ret_status, int *ret_priority,
                               int *ret_channel, int64_t *ret_created, int64_t *ret_last);

/**
 * Serialise the ticket's clock state to a compact versioned byte string,
 * snprintf-style: returns the number of bytes needed (> 0) and writes them
 * only when @p size is at least that; @p buf may be NULL when @p size is 0.
 * The bytes hold no pointers; they fit the policy they were made with.
 * @return the length, or SLA_EINVAL.
 * @since 1.0
 */
SLA_EXPORT int sla_ticket_save(const sla_ticket *ticket, void *buf, size_t size);

/**
 * Restore a ticket saved with sla_ticket_save() against the same policy
 * (same targets in the same order, same channels). The restored ticket
 * behaves exactly like the original.
 * @return 0, SLA_EINVAL, SLA_EVERSION (unknown format version), SLA_EPARSE
 *         (corrupt or truncated bytes, or a state no history of events can
 *         make), SLA_ESTATE (made with a different policy), SLA_ENOMEM.
 * @since 1.0
 */
SLA_EXPORT int sla_ticket_restore(const sla_policy *policy, const void *buf, size_t size,
                                  sla_ticket **ret);

/** Clock states in a report. */
enum sla_clock_state {
    SLA_CLOCK_INACTIVE = 0, /**< not started (or no cycle in progress and none finished) */
    SLA_CLOCK_RUNNING = 1,  /**< counting (possibly outside business hours), within target */
    SLA_CLOCK_PAUSED = 2,   /**< stopped by a pausing status, within target */
    SLA_CLOCK_ACHIEVED = 3, /**< fulfilled at or before its deadline */
    SLA_CLOCK_BREACHED = 4  /**< past its deadline: running, paused, or fulfilled late */
};

/** Fields of a report, for sla_status_get(). */
enum sla_status_field {
    SLA_FIELD_STATE = 0,          /**< an SLA_CLOCK_* value */
    SLA_FIELD_TARGET = 1,         /**< target seconds, -1 when no target applies */
    SLA_FIELD_ELAPSED = 2,        /**< business seconds counted in the cycle */
    SLA_FIELD_REMAINING = 3,      /**< target - elapsed (negative once breached); 0 without target */
    SLA_FIELD_ELAPSED_WALL = 4,   /**< real seconds from the cycle start to now (or to fulfilment) */
    SLA_FIELD_REMAINING_WALL = 5, /**< deadline - now, or - fulfilment (negative once breached) */
    SLA_FIELD_DEADLINE = 6,       /**< instant the target is reached running without pause from now on */
    SLA_FIELD_BREACHED_AT = 7,    /**< instant of the breach, SLA_NO_TIME if none */
    SLA_FIELD_FULFILLED_AT = 8,   /**< instant of fulfilment, SLA_NO_TIME if not fulfilled */
    SLA_FIELD_STARTED_AT = 9,     /**< instant the cycle started, SLA_NO_TIME if never */
    SLA_FIELD_CYCLES = 10,        /**< cycles started (1 for whole-ticket metrics once started) */
    SLA_FIELD_BREACHED_CYCLES = 11, /**< cycles breached, the current one included */
    SLA_FIELD_WARNINGS = 12,      /**< number of warning thresholds of the target */
    SLA_FIELD_WARNED = 13,        /**< thresholds reached at now (or by fulfilment) */
    SLA_FIELD_CHANNEL = 14,       /**< channel that selected the target */
    SLA_FIELD_CALENDAR_24_7 = 15  /**< 1 when the target counts 24/7 */
};

/**
 * A report: every metric of one ticket at one instant. (The type keeps its
 * 1.0 name, sla_status; "status" alone means the ticket status.)
 * Caller-owned, reusable; filled by sla_ticket_status(). Holds values and borrowed
 * calendar pointers only: the ticket may change or be freed afterwards, the
 * policy's calendars must outlive the report. One thread at a time.
 */
typedef struct sla_status sla_status;

/** Create an empty report. @return 0, SLA_EINVAL, SLA_ENOMEM. @since 1.0 */
SLA_EXPORT int sla_status_new(sla_status **ret);
/** Free a report; NULL is allowed. @since 1.0 */
SLA_EXPORT void sla_status_free(sla_status *report);

/**
 * Fill @p report with every metric of @p ticket at @p now (SEMANTICS 3.4). The ticket is
 * not changed: the same history gives the same report whatever the order of
 * queries.
 * Cost: one calendar position per calendar and about one calendar add per
 * started clock (shared between clocks with the same start and target);
 * warning instants are computed only when sla_status_warning() asks.
 * A deadline or threshold that the calendar never reaches in the supported
 * range is reported as SLA_NO_TIME (with a remaining wall time of 0).
 * @param[in] now >= the instant of the last event applied.
 * @return 0, SLA_EINVAL, SLA_EORDER (now before the last event), SLA_ERANGE.
 * @since 1.0
 */
SLA_EXPORT int sla_ticket_status(const sla_ticket *ticket, int64_t now, sla_status *report);

/**
 * One field (an SLA_FIELD_* value) of one metric of a report.
 * @return 0, SLA_EINVAL (unknown metric or field).
 * @since 1.0
 */
SLA_EXPORT int sla_status_get(const sla_status *report, int metric, int field, int64_t *ret);

/**
 * Warning threshold @p index (0-based, < SLA_FIELD_WARNINGS) of a metric:
 * its percentage and the instant it is (or was, or would be when running
 * without pause from now on) reached; SLA_NO_TIME when a fulfilled clock
 * never reached it.
 * @return 0, SLA_EINVAL.
 * @since 1.0
 */
SLA_EXPORT int sla_status_warning(const sla_status *report, int metric, int index,
                                  int *ret_percent, int64_t *ret_instant);

/** Kinds of timeline segments. */
enum sla_segment {
    SLA_SEGMENT_COUNTED = 0,      /**< business time that counted */
    SLA_SEGMENT_PAUSED = 1,       /**< a pausing status */
    SLA_SEGMENT_OUT_OF_HOURS = 2, /**< the calendar was closed */
    SLA_SEGMENT_HOLIDAY = 3,      /**< reserved, never reported: a holiday is out of hours */
    SLA_SEGMENT_STOPPED = 4       /**< the clock was stopped (solved, before a reopen) */
};

/**
 * The timeline of a metric's current (or last) cycle up to @p now: adjacent
 * segments [starts[i], ends[i]) with kinds[i] an SLA_SEGMENT_* value, in time
 * order. Writes at most @p cap segments and sets @p ret_n to the number the
 * whole timeline has (call again with a larger capacity when it exceeds
 * @p cap). Cost is proportional to the number of segments.
 * @param[in] ticket the ticket (not changed).
 * @param[in] now >= the instant of the last event applied.
 * @param[in] metric an SLA_METRIC_* value.
 * @param[out] starts @p cap segment starts (may be NULL when cap is 0).
 * @param[out] ends @p cap segment ends (may be NULL when cap is 0).
 * @param[out] kinds @p cap SLA_SEGMENT_* values (may be NULL when cap is 0).
 * @param[in] cap the capacity of the three arrays.
 * @param[out] ret_n the number of segments of the whole timeline.
 * @return 0, SLA_EINVAL, SLA_EORDER, SLA_ERANGE.
 * @since 1.0
 */
SLA_EXPORT int sla_ticket_timeline(const sla_ticket *ticket, int64_t now, int metric,
                                   int64_t *starts, int64_t *ends, int *kinds, size_t cap,
                                   size_t *ret_n);

/* ---- Wake-ups, crossings, rebase (1.1) ---- */

/** Kinds of change reported by sla_ticket_next_change(). */
enum sla_change {
    SLA_CHANGE_NONE = 0,    /**< nothing pending: every clock is fulfilled, paused or untargeted */
    SLA_CHANGE_WARNING = 1, /**< a warning threshold is passed */
    SLA_CHANGE_BREACH = 2   /**< a deadline is passed */
};

/** The threshold "percent" of a breach in crossings and next changes. */
#define SLA_BREACH_PERCENT 100

/** Bits of the @p ret_changed answer of sla_ticket_rebase(). */
#define SLA_REBASE_DEADLINE 1 /**< the deadline of some metric moved */
#define SLA_REBASE_STATE 2    /**< the state of some metric at @c now changed */
#define SLA_REBASE_NEXT 4     /**< the next change (instant, metric or kind) changed */

/**
 * The next change of stage of @p ticket after @p now if no further event
 * arrives: the earliest instant > @p now at which a running clock passes a
 * warning threshold (at the instant its business time reaches it) or its
 * deadline (one second after the deadline: the first instant the clock is
 * breached, since a reply at the deadline is in time). A helpdesk stores it
 * in an indexed column and wakes up then instead of polling. It equals the
 * first of sla_ticket_crossings() over (@p now, SLA_TIME_MAX - 1].
 * Nothing pending (every clock fulfilled, paused, without target or never
 * reaching its next threshold in the supported range): @p ret_instant is
 * SLA_NO_TIME, @p ret_metric -1, @p ret_kind SLA_CHANGE_NONE, @p ret_percent 0.
 * Cost: one calendar position per calendar and one calendar add per running
 * clock; no allocation.
 * @param[in] ticket the ticket (not changed).
 * @param[in] now an instant >= the ticket's last event.
 * @param[out] ret_instant the instant, or SLA_NO_TIME.
 * @param[out] ret_metric the metric (an SLA_METRIC_* value) or -1; may be NULL.
 * @param[out] ret_kind an SLA_CHANGE_* value; may be NULL.
 * @param[out] ret_percent the warning's percentage, SLA_BREACH_PERCENT for
 *             a breach, 0 for none; may be NULL.
 * @return 0, SLA_EINVAL (NULL ticket or @p ret_instant), SLA_ERANGE
 *         (@p now outside the supported range), SLA_EORDER (@p now before
 *         the last event); a calendar error is passed on.
 * Thread-safety: reads the ticket only; concurrent queries are safe while no
 * thread changes it.
 * @since 1.1
 */
SLA_EXPORT int sla_ticket_next_change(const sla_ticket *ticket, int64_t now, int64_t *ret_instant,
                                      int *ret_metric, int *ret_kind, int *ret_percent);

/**
 * Every warning and breach of @p ticket's clocks crossed in the half-open
 * interval (@p t0, @p t1], in time order (ties: by metric, then warnings
 * before the breach), each exactly once: splitting an interval anywhere gives
 * the same crossings as the whole. Crossings up to the last event are the
 * recorded ones; after it, those of the running clocks if no further event
 * arrives (as sla_ticket_next_change()). A warning crosses at the instant
 * the business time reaches it; a breach one second after the deadline
 * (SLA_FIELD_BREACHED_AT + 1). Each metric contributes its current (or last)
 * cycle: a cycle that an event replaced (an update clock restarted by a
 * reply, a next-reply turn after the next customer message) takes its
 * crossings with it, so ask for the crossings up to an event's instant
 * before applying an event (see the README, "Crossings").
 * snprintf-style: writes at most @p cap entries to the parallel arrays and
 * sets @p ret_n to the number of crossings (at most SLA_METRIC_COUNT *
 * (SLA_WARN_MAX + 1) = 40); call again with a larger @p cap when it exceeds
 * @p cap. No allocation.
 * Cost when nothing crossed: a few calendar positions per calendar.
 * @param[in] ticket the ticket (not changed).
 * @param[in] t0 start of the interval (excluded).
 * @param[in] t1 end of the interval (included), >= @p t0.
 * @param[out] metrics SLA_METRIC_* of each crossing; NULL only when @p cap is 0.
 * @param[out] percents the warning's percentage, or SLA_BREACH_PERCENT.
 * @param[out] instants the instant of each crossing.
 * @param[in] cap capacity of each array.
 * @param[out] ret_n the number of crossings in the interval.
 * @return 0, SLA_EINVAL (NULL ticket or @p ret_n, NULL arrays with @p cap >
 *         0, @p t1 < @p t0), SLA_ERANGE (an instant outside the supported
 *         range); a calendar error is passed on.
 * Thread-safety: reads the ticket only.
 * @since 1.1
 */
SLA_EXPORT int sla_ticket_crossings(const sla_ticket *ticket, int64_t t0, int64_t t1,
                                    int *metrics, int *percents, int64_t *instants, size_t cap,
                                    size_t *ret_n);

/**
 * Rebase @p ticket onto @p policy, a new version of its policy (the same
 * channel names in the same order; calendars, targets, pauses and warnings
 * may differ). Every running or paused clock is recomputed from the ticket's
 * recorded history (the start of its current cycle and every status,
 * priority and channel change since creation) as if the new policy had
 * applied from the start; clocks already fulfilled keep their outcome
 * (state, target, instants, warnings, cycle counts): history is not
 * rewritten. The ticket then borrows @p policy instead of its old one.
 * @p ret_changed says what a caller who stores the state changed, compared at
 * @p now: a bit set of SLA_REBASE_DEADLINE (a metric's deadline),
 * SLA_REBASE_STATE (a metric's state at @p now) and SLA_REBASE_NEXT (the next
 * change: instant, metric or kind); 0 means nothing to write.
 * Rebasing onto the ticket's own policy changes nothing and answers 0.
 * Cost: O(recorded changes), no calendar loop; allocates only when a
 * fulfilled clock's target is kept from the old policy.
 * @param[in,out] ticket the ticket; unchanged on error.
 * @param[in] policy borrowed; must outlive the ticket and stay unchanged.
 * @param[in] now an instant >= the ticket's last event.
 * @param[out] diag on error, what did not fit and how to fix it; may be NULL.
 * @param[out] ret_changed the bit set; may be NULL.
 * @return 0, SLA_EINVAL (NULL ticket or policy), SLA_ERANGE, SLA_EORDER
 *         (@p now before the last event), SLA_ESTATE (the policy does not
 *         fit: other channels, @p diag names the first difference; or a
 *         restored state that its recorded history cannot produce),
 *         SLA_ENOMEM; a calendar error is passed on. On error nothing
 *         changes.
 * Thread-safety: changes the ticket: one thread at a time.
 * @since 1.1
 */
SLA_EXPORT int sla_ticket_rebase(sla_ticket *ticket, const sla_policy *policy, int64_t now,
                                 sla_diag *diag, int *ret_changed);

/**
 * sla_ticket_restore() from @p old_policy, sla_ticket_rebase() onto
 * @p new_policy at @p now, in one call: the bulk job after a calendar or
 * policy change reads each saved ticket, calls this, and writes back (with
 * sla_ticket_save()) only when @p ret_changed is not 0.
 * @param[in] old_policy the policy the bytes were saved with.
 * @param[in] buf the saved bytes; @p size their length.
 * @param[in] size length of @p buf.
 * @param[in] new_policy the policy to rebase onto (borrowed by the ticket).
 * @param[in] now an instant >= the ticket's last event.
 * @param[out] diag on error, what failed; may be NULL.
 * @param[out] ret the rebased ticket; free it with sla_ticket_free().
 * @param[out] ret_changed as for sla_ticket_rebase(); may be NULL.
 * @return as sla_ticket_restore() and sla_ticket_rebase(); on error *ret is
 *         not set.
 * Thread-safety: reentrant; the policies are only read.
 * @since 1.1
 */
SLA_EXPORT int sla_ticket_rebase_saved(const sla_policy *old_policy, const void *buf, size_t size,
                                       const sla_policy *new_policy, int64_t now, sla_diag *diag,
                                       sla_ticket **ret, int *ret_changed);

/** @} */

/* ======================================================================== */
/** @name Erlang staffing                                                    */
/* ======================================================================== */
/** @{ */

/*
 * Queueing formulas for one channel of a contact centre: Erlang B (no
 * waiting room), Erlang C (M/M/N: Poisson arrivals, exponential handle
 * times, N agents, first-come first-served, nobody leaves the queue) and
 * Erlang A (M/M/N+M: as C, but a waiting contact abandons after an
 * exponentially distributed patience).
 *
 * Units, the same in every function:
 * - @p rate: arrival rate in contacts per SECOND (100 contacts per half
 *   hour is 100.0 / 1800). Finite, >= 0.
 * - @p aht: mean handle time in seconds (talk plus wrap-up). Finite, > 0.
 * - @p patience: mean patience in seconds (Erlang A). Finite, > 0.
 * - @p answer_time: the service-level threshold in seconds ("80 % within
 *   20 s" has answer_time 20). Finite, >= 0. "Within" is inclusive: with
 *   answer_time 0 the service level is the share answered at once.
 * - @p agents: agents taking contacts, 1 ... SLA_ERLANG_MAX_AGENTS.
 * - The offered load is a = rate * aht Erlangs; occupancy = a / agents.
 *
 * Results are doubles; probabilities lie in [0, 1]; values below 1e-300
 * are reported as 0. Computation uses the Erlang B recurrence (never
 * factorials or powers), so it is accurate (relative error about 1e-14) for
 * any agent count up to the maximum. An Erlang C or B call costs about
 * 10 sqrt(a) + |agents - a| steps of a few nanoseconds each.
 *
 * Errors: SLA_EINVAL for a NULL output, a negative, NaN or infinite input,
 * agents outside [1, SLA_ERLANG_MAX_AGENTS]; SLA_EUNSTABLE when an Erlang C
 * result is asked for with a >= agents (the queue grows without bound).
 * Outputs are written only on success. All functions are pure: safe from
 * any thread, no allocation except where stated.
 */

/** Most agents any staffing function handles (larger values: SLA_EINVAL as input, SLA_ELIMIT as a result). */
#define SLA_ERLANG_MAX_AGENTS 100000
/** Largest ratio patience / aht and answer_time / aht for Erlang A (beyond: SLA_ELIMIT). */
#define SLA_ERLANG_MAX_RATIO 1e9
/** Most buckets in one sla_staffing_table() or sla_coverage_gap() call (beyond: SLA_ELIMIT). */
#define SLA_STAFFING_MAX_BUCKETS 100000

/**
 * Erlang B: the probability that an arrival finds all @p agents busy, when
 * there is no queue and such arrivals are lost. Defined for any load.
 * @param[out] ret_blocking B(agents, a) in [0, 1].
 * @return 0, SLA_EINVAL.
 * @since 1.0
 */
SLA_EXPORT int sla_erlang_b(double rate, double aht, int agents, double *ret_blocking);

/**
 * Erlang C: the probability that an arrival has to wait, P(wait) = C(N, a).
 * @param[out] ret_wait P(wait) in [0, 1].
 * @return 0, SLA_EINVAL, SLA_EUNSTABLE (a >= agents).
 * @since 1.0
 */
SLA_EXPORT int sla_erlang_c(double rate, double aht, int agents, double *ret_wait);

/**
 * Erlang C service level: the share of arrivals answered within
 * @p answer_time seconds, 1 - C exp(-(N - a) answer_time / aht).
 * @param[out] ret_level the share in [0, 1].
 * @return 0, SLA_EINVAL, SLA_EUNSTABLE (a >= agents).
 * @since 1.0
 */
SLA_EXPORT int sla_erlang_c_service_level(double rate, double aht, int agents, double answer_time,
                                          double *ret_level);

/**
 * Erlang C average speed of answer: the mean wait in seconds over all
 * arrivals (those answered at once count 0), C aht / (N - a).
 * @return 0, SLA_EINVAL, SLA_EUNSTABLE (a >= agents).
 * @since 1.0
 */
SLA_EXPORT int sla_erlang_c_asa(double rate, double aht, int agents, double *ret_asa);

/**
 * Erlang C occupancy: the busy share of the agents, a / N.
 * @return 0, SLA_EINVAL, SLA_EUNSTABLE (a >= agents).
 * @since 1.0
 */
SLA_EXPORT int sla_erlang_c_occupancy(double rate, double aht, int agents, double *ret_occupancy);

/**
 * Agents needed (Erlang C): the least N > a whose service level within
 * @p answer_time is at least @p level and whose occupancy a / N is at most
 * @p max_occupancy; then the agents to schedule once shrinkage (the share
 * of paid time agents are unavailable: breaks, training, absence) is
 * allowed for: ceil(N / (1 - shrinkage)), with a relative tolerance of 1e-9
 * so that 14 / (1 - 0.3) gives 20. A rate of 0 needs 0 agents. One sweep
 * of the recurrence: the cost of one Erlang C evaluation.
 * @param[in] rate arrival rate, contacts per second.
 * @param[in] aht mean handle time, seconds.
 * @param[in] answer_time the service-level threshold, seconds.
 * @param[in] level the target share, 0 <= level < 1 (0.8 for "80 % ...").
 * @param[in] max_occupancy 0 < max_occupancy <= 1 (1: no cap).
 * @param[in] shrinkage 0 <= shrinkage < 1.
 * @param[out] ret_agents N, the agents taking contacts.
 * @param[out] ret_scheduled the agents to schedule.
 * @return 0, SLA_EINVAL, SLA_ELIMIT (more than SLA_ERLANG_MAX_AGENTS
 *         needed, or a scheduled count above INT_MAX).
 * @since 1.0
 */
SLA_EXPORT int sla_erlang_c_agents(double rate, double aht, double answer_time, double level,
                                   double max_occupancy, double shrinkage, int *ret_agents,
                                   int *ret_scheduled);

/**
 * A staffing table: sla_erlang_c_agents() for each bucket of an arrival
 * profile. The usual profile is a week of half hours: n = 336, bucket =
 * 1800, contacts[0] the contacts expected Monday 00:00-00:30 local time.
 * Each bucket's arrival rate is contacts[i] / bucket; an empty bucket needs
 * 0 agents. Allocates a scratch buffer when n > 672.
 * @param[in] contacts n expected contact counts per bucket (finite, >= 0).
 * @param[in] n 1 ... SLA_STAFFING_MAX_BUCKETS.
 * @param[in] bucket bucket length in seconds, > 0.
 * @param[in] aht mean handle time, seconds.
 * @param[in] answer_time the service-level threshold, seconds.
 * @param[in] level the target share, 0 <= level < 1.
 * @param[in] max_occupancy 0 < max_occupancy <= 1 (1: no cap).
 * @param[in] shrinkage 0 <= shrinkage < 1.
 * @param[out] ret_agents n agent counts (N per bucket).
 * @param[out] ret_scheduled n scheduled counts (with shrinkage).
 * @return 0, SLA_EINVAL, SLA_ELIMIT, SLA_ENOMEM. Nothing is written on
 *         failure.
 * @since 1.0
 */
SLA_EXPORT int sla_staffing_table(const double *contacts, size_t n, int64_t bucket, double aht,
                                  double answer_time, double level, double max_occupancy,
                                  double shrinkage, int *ret_agents, int *ret_scheduled);

/**
 * Erlang A: the probability that an arrival has to wait (finds all agents
 * busy). Erlang A has a steady state at any load, so a >= agents is allowed.
 * @return 0, SLA_EINVAL, SLA_ELIMIT (the queue would hold more than about
 *         2e7 contacts, or a ratio above SLA_ERLANG_MAX_RATIO).
 * @since 1.0
 */
SLA_EXPORT int sla_erlang_a_wait(double rate, double aht, double patience, int agents,
                                 double *ret_wait);

/**
 * Erlang A: the probability that an arrival abandons before it is answered.
 * The mean wait over all arrivals (answered or not) is this times
 * @p patience.
 * @return as sla_erlang_a_wait().
 * @since 1.0
 */
SLA_EXPORT int sla_erlang_a_abandon(double rate, double aht, double patience, int agents,
                                    double *ret_abandon);

/**
 * Erlang A service level: the share of ALL arrivals (abandoning ones
 * included in the denominator) answered within @p answer_time seconds.
 * Exact (closed form for the tagged contact's wait), with no underflow for
 * long thresholds or many agents.
 * @param[in] rate arrival rate, contacts per second.
 * @param[in] aht mean handle time, seconds.
 * @param[in] patience mean patience, seconds.
 * @param[in] agents 1 ... SLA_ERLANG_MAX_AGENTS.
 * @param[in] answer_time the service-level threshold, seconds.
 * @param[out] ret_level the share in [0, 1].
 * @return as sla_erlang_a_wait().
 * @since 1.0
 */
SLA_EXPORT int sla_erlang_a_service_level(double rate, double aht, double patience, int agents,
                                          double answer_time, double *ret_level);

/**
 * Erlang A average speed of answer: the mean wait in seconds of the
 * arrivals that are answered (those answered at once count 0; abandoning
 * ones are left out).
 * @return as sla_erlang_a_wait().
 * @since 1.0
 */
SLA_EXPORT int sla_erlang_a_asa(double rate, double aht, double patience, int agents,
                                double *ret_asa);

/**
 * Erlang A occupancy: the busy share of the agents,
 * a (1 - P(abandon)) / N.
 * @return as sla_erlang_a_wait().
 * @since 1.0
 */
SLA_EXPORT int sla_erlang_a_occupancy(double rate, double aht, double patience, int agents,
                                      double *ret_occupancy);

/**
 * Agents needed (Erlang A): the least N whose Erlang A service level within
 * @p answer_time (sla_erlang_a_service_level(): the share of ALL arrivals
 * answered in time) is at least @p level and whose occupancy
 * (sla_erlang_a_occupancy()) is at most @p max_occupancy; then the agents to
 * schedule with shrinkage, rounded as in sla_erlang_c_agents(). Unlike
 * Erlang C, a load at or above N agents is allowed (customers abandon). A
 * rate of 0 needs 0 agents. Cost: about 2 log2(N) Erlang A evaluations.
 * @param[in] rate arrivals per second, finite, >= 0.
 * @param[in] aht mean handle time in seconds, finite, > 0.
 * @param[in] patience mean patience in seconds, finite, > 0.
 * @param[in] answer_time the service-level threshold in seconds, >= 0.
 * @param[in] level the target share, 0 <= level < 1.
 * @param[in] max_occupancy 0 < max_occupancy <= 1 (1: no cap).
 * @param[in] shrinkage 0 <= shrinkage < 1.
 * @param[out] ret_agents N, the agents taking contacts.
 * @param[out] ret_scheduled the agents to schedule.
 * @return 0, SLA_EINVAL (a NULL output or an input out of its range),
 *         SLA_ELIMIT (more than SLA_ERLANG_MAX_AGENTS needed, a ratio above
 *         SLA_ERLANG_MAX_RATIO, a queue too long to evaluate, or a scheduled
 *         count above INT_MAX), SLA_ERANGE (no steady state can be
 *         computed). Nothing is written on failure.
 * Pure: safe from any thread; allocates nothing.
 * @since 1.1
 */
SLA_EXPORT int sla_erlang_a_agents(double rate, double aht, double patience, double answer_time,
                                   double level, double max_occupancy, double shrinkage,
                                   int *ret_agents, int *ret_scheduled);

/**
 * Coverage gap: how much of an arrival profile falls while the team is
 * closed. The buckets are laid out in local wall-clock time in @p cal's
 * zone from Monday 00:00 of the week that contains @p week_of (the
 * reference week), bucket i covering [i bucket, (i + 1) bucket) seconds of
 * wall-clock time after it; contacts are assumed spread evenly over each
 * bucket. A bucket's open fraction is the open time of its real-time span
 * divided by the span's length (sla_calendar_diff()); a bucket that does not
 * exist that week (skipped by a DST change) takes 1 or 0 from
 * sla_calendar_is_open() at its start, and one that occurs twice counts its
 * whole real-time span. Choose a reference week without a DST change to
 * avoid both.
 * @param[in] cal the team's calendar.
 * @param[in] week_of any instant in the reference week.
 * @param[in] contacts n expected contact counts (finite, >= 0).
 * @param[in] n 1 ... SLA_STAFFING_MAX_BUCKETS.
 * @param[in] bucket bucket length in seconds; must divide 86400 (1800 for
 *            the usual 336 half hours).
 * @param[out] ret_open_fraction n open fractions in [0, 1].
 * @param[out] ret_closed_contacts sum of contacts[i] (1 - open fraction).
 * @param[out] ret_closed_share ret_closed_contacts over all contacts (0 when
 *             there are none).
 * @return 0, SLA_EINVAL, SLA_ERANGE (the buckets leave the supported
 *         range), SLA_ELIMIT, SLA_ENOMEM. Nothing is written on failure.
 *         Allocates a scratch buffer when n > 672.
 * @since 1.0
 */
SLA_EXPORT int sla_coverage_gap(const sla_calendar *cal, int64_t week_of, const double *contacts,
                                size_t n, int64_t bucket, double *ret_open_fraction,
                                double *ret_closed_contacts, double *ret_closed_share);

/** @} */

/* ======================================================================== */
/** @name Many clocks at once                                                */
/* ======================================================================== */
/** @{ */

/** Flags written by sla_scan() for each clock. */
#define SLA_SCAN_COUNTING 1 /**< the clock counts now */
#define SLA_SCAN_BREACHED 2 /**< past its deadline (counting: now > deadline; paused: remaining < 0) */
#define SLA_SCAN_WARNED 4   /**< elapsed >= warn_at x target */

/**
 * Scan many SLA clocks at @p now in one pass: the remaining business time
 * of each, which are breached, which are past a warning threshold, and the
 * @p k counting clocks that breach soonest. The hot path of a helpdesk: it
 * allocates nothing and costs O(n log k) plus one calendar lookup per clock
 * (nearby deadlines skip the binary search).
 *
 * Clock i uses calendar cals[cal_index[i]] (cals[0] for all when
 * @p cal_index is NULL). A counting clock (counting[i] != 0, or @p counting
 * NULL) has its deadline in deadline[i] and remaining business time
 * diff(now, deadline[i]), negative once past. A paused clock has its frozen
 * remaining business time in remaining[i] (deadline[i] is then ignored).
 *
 * @param[in] cals calendars, 1 to 64 of them (borrowed).
 * @param[in] ncals the number of calendars.
 * @param[in] cal_index optional, n entries in [0, ncals).
 * @param[in] now the instant of the scan.
 * @param[in] counting optional, n entries.
 * @param[in] deadline n deadlines (instants).
 * @param[in] remaining frozen remaining business time of paused clocks; may
 *            be NULL when every clock counts.
 * @param[in] target optional, n target durations (for warnings; 0 = none).
 * @param[in] n the number of clocks.
 * @param[in] warn_at warning threshold as a fraction of the target, 0..1
 *            (e.g. 0.75).
 * @param[out] ret_remaining optional, n remaining business times.
 * @param[out] ret_flags optional, n SLA_SCAN_* flag sets.
 * @param[in] k how many soonest-breaching clocks to list (0: none).
 * @param[out] ret_top k slots: indexes of the counting, not yet breached
 *             clocks with the earliest deadlines, soonest first (ties by
 *             index); needed when k > 0.
 * @param[out] ret_ntop how many of ret_top were filled; needed when k > 0.
 * @return 0, SLA_EINVAL, SLA_ERANGE (now or a counting deadline outside the
 *         supported range). On failure nothing is written.
 * @since 1.0
 */
SLA_EXPORT int sla_scan(const sla_calendar *const *cals, size_t ncals, const int *cal_index,
                        int64_t now, const int *counting, const int64_t *deadline,
                        const int64_t *remaining, const int64_t *target, size_t n, double warn_at,
                        int64_t *ret_remaining, int *ret_flags, size_t k, size_t *ret_top,
                        size_t *ret_ntop);

/** @} */

/* ======================================================================== */
/** @name Rosters and queue forecast                                         */
/* ======================================================================== */
/** @{ */

/**
 * A roster: who is on duty per channel over the week, in one time zone with
 * its holidays; plus the handle time per channel and the contacts still
 * expected per hour of week. A shift is opening-hours text with a number of
 * agents, each holding up to @c concurrency conversations at once (chat).
 * Channels do not share agents. One thread at a time.
 */
typedef struct sla_roster sla_roster;

/** Service orders for the queue forecast. */
enum sla_order {
    SLA_ORDER_FIFO = 0,     /**< first come, first served */
    SLA_ORDER_EDF = 1,      /**< earliest deadline first */
    SLA_ORDER_PRIORITY = 2  /**< highest priority first, then first come */
};

/**
 * Create an empty roster in IANA zone @p zone.
 * @return 0, SLA_EINVAL, SLA_ENOZONE, SLA_ENOMEM.
 * @since 1.0
 */
SLA_EXPORT int sla_roster_new(const char *zone, sla_roster **ret);

/** Free a roster; NULL is allowed. @since 1.0 */
SLA_EXPORT void sla_roster_free(sla_roster *roster);

/**
 * Add a holiday (a whole local date) to every shift, present and future.
 * @return 0, SLA_EINVAL, SLA_ERANGE, SLA_ENOMEM.
 * @since 1.0
 */
SLA_EXPORT int sla_roster_add_holiday(sla_roster *roster, int year, int month, int day);

/**
 * Add a shift: @p agents agents of @p channel on duty whenever the
 * opening-hours text @p hours is open ("Mo-Fr 09:00-17:00"), each holding
 * up to @p concurrency conversations (1 for email and phone).
 * @param[in] roster the roster.
 * @param[in] channel the channel, 0 ... SLA_CHANNEL_MAX - 1.
 * @param[in] hours opening-hours text, read in the roster's zone with its
 *            holidays.
 * @param[in] agents agents on duty, >= 0.
 * @param[in] concurrency conversations per agent, 1 ... 100.
 * @param[out] ret_index optional: the shift's index (0, 1, ... in order).
 * @param[out] diag optional diagnostics for a parse error.
 * @return 0, SLA_EINVAL, SLA_EPARSE, SLA_ELIMIT (1024 shifts), SLA_ENOMEM.
 * @since 1.0
 */
SLA_EXPORT int sla_roster_add_shift(sla_roster *roster, int channel, const char *hours,
                                    int agents, int concurrency, int *ret_index, sla_diag *diag);

/** Number of shifts. @since 1.0 */
SLA_EXPORT int sla_roster_shift_count(const sla_roster *roster);

/**
 * Set the handle time of a channel: the time from an agent taking a ticket
 * to the reply, log-normal with mean @p mean and standard deviation @p sd
 * seconds (sd 0: always the mean). Required for every channel forecast.
 * @return 0, SLA_EINVAL (mean < 1 s, sd < 0, beyond 10^7 s).
 * @since 1.0
 */
SLA_EXPORT int sla_roster_set_handle_time(sla_roster *roster, int channel, double mean,
                                          double sd);

/** Handle-time distributions. */
enum sla_handle_model {
    SLA_HANDLE_LOGNORMAL = 0,  /**< log-normal with the mean and spread given (default) */
    SLA_HANDLE_EXPONENTIAL = 1 /**< exponential with the mean given (the M/M/N model of Erlang C) */
};

/**
 * Choose the handle-time distribution of a channel (SLA_HANDLE_*).
 * @return 0, SLA_EINVAL.
 * @since 1.0
 */
SLA_EXPORT int sla_roster_set_handle_model(sla_roster *roster, int channel, int model);

/**
 * Set the contacts still expected on @p channel: @p n = 168 rates in contacts
 * per hour, Monday 00:00-01:00 local time first (n = 0 removes them). They
 * compete for the same agents: under SLA_ORDER_EDF with deadline arrival +
 * @p target, under SLA_ORDER_PRIORITY with @p priority. Under SLA_ORDER_FIFO
 * later contacts never go ahead of waiting tickets and change nothing.
 * @param[in] roster the roster.
 * @param[in] channel the channel, 0 ... SLA_CHANNEL_MAX - 1.
 * @param[in] per_hour @p n rates (finite, 0 ... 10^6); may be NULL when n
 *            is 0.
 * @param[in] n 168, or 0.
 * @param[in] priority the priority of the contacts (SLA_PRIORITY_*).
 * @param[in] target their SLA target in seconds, >= 0.
 * @return 0, SLA_EINVAL, SLA_ENOMEM.
 * @since 1.0
 */
SLA_EXPORT int sla_roster_set_arrivals(sla_roster *roster, int channel, const double *per_hour,
                                       size_t n, int priority, int64_t target);

/** The result of a queue forecast. One thread at a time. */
typedef struct sla_forecast sla_forecast;

/**
 * Forecast when each waiting ticket gets its reply and whether it breaches.
 *
 * Ticket i waits on channel[i] with priority[i] (SLA_PRIORITY_*), arrived
 * at arrival[i] (or will arrive then, when later than @p now) and is due at
 * deadline[i]. From @p now, each sample
 * replays every channel's queue: free on-duty agents take tickets in
 * @p order, the reply follows one sampled handle time later. @p samples = 0
 * is the deterministic mean-value mode (handle times equal the mean, contacts
 * evenly spaced); otherwise that many random replays from @p seed (the same
 * seed gives the same result). A ticket not answered within 90 days of
 * @p now counts as never answered (and breached).
 * @param[in] roster the roster (shifts, handle times, arrivals).
 * @param[in] now the instant the forecast starts from.
 * @param[in] channel n channels of the waiting tickets.
 * @param[in] priority n priorities (SLA_PRIORITY_*).
 * @param[in] arrival n arrival instants.
 * @param[in] deadline n deadlines (instants).
 * @param[in] n the number of tickets (the arrays may be NULL when 0).
 * @param[in] order the service order, an SLA_ORDER_* value.
 * @param[in] samples 0 (mean-value mode) ... 100,000 random replays.
 * @param[in] seed the seed of the random replays.
 * @param[out] ret the forecast; read it with sla_forecast_results().
 * @return 0, SLA_EINVAL, SLA_ERANGE, SLA_ESTATE (a channel without handle
 *         time), SLA_ELIMIT (tickets x samples above 64 Mi, more than
 *         100,000 samples or agent places), SLA_ENOMEM.
 * @since 1.0
 */
SLA_EXPORT int sla_forecast_new(const sla_roster *roster, int64_t now, const int *channel,
                                const int *priority, const int64_t *arrival,
                                const int64_t *deadline, size_t n, int order, int samples,
                                int64_t seed, sla_forecast **ret);

/** Free a forecast; NULL is allowed. @since 1.0 */
SLA_EXPORT void sla_forecast_free(sla_forecast *forecast);

/** Number of tickets in the forecast. @since 1.0 */
SLA_EXPORT size_t sla_forecast_count(const sla_forecast *forecast);

/**
 * Copy the per-ticket results into caller arrays of sla_forecast_count()
 * entries (each may be NULL): the expected (mean) reply instant, the 10th
 * and 90th percentile reply instants (SLA_NO_TIME when never answered), and
 * the probability of breach.
 * @return 0, SLA_EINVAL.
 * @since 1.0
 */
SLA_EXPORT int sla_forecast_results(const sla_forecast *forecast, int64_t *ret_expected,
                                    int64_t *ret_low, int64_t *ret_high, double *ret_p_breach);

/**
 * Copy the expected (mean) instant each ticket is taken by an agent into a
 * caller array of sla_forecast_count() entries (SLA_NO_TIME when never).
 * With one sample, pickup minus arrival is the ticket's exact wait.
 * @return 0, SLA_EINVAL.
 * @since 1.0
 */
SLA_EXPORT int sla_forecast_pickups(const sla_forecast *forecast, int64_t *ret_pickup);

/** Expected number of breaches in the queue (sum of probabilities). @since 1.0 */
SLA_EXPORT double sla_forecast_expected_breaches(const sla_forecast *forecast);

/**
 * The fewest extra agents, per shift, that would avoid the breaches the
 * mean-value forecast predicts: one agent at a time goes to the shift that
 * removes the most breaches; when no single agent removes any (a long
 * backlog served in deadline order, where one more agent only reorders who
 * is late), the smallest block of agents on one shift that does is found by
 * doubling and bisecting (since 1.1; 1.0 stopped there). The search ends
 * when no number of agents up to the @p max_extra still available removes a
 * breach (tickets already past their deadline cannot be saved) or
 * @p max_extra agents were added.
 * @param[in] roster the roster (shifts, handle times, arrivals).
 * @param[in] now the instant the forecast starts from.
 * @param[in] channel n channels of the waiting tickets.
 * @param[in] priority n priorities (SLA_PRIORITY_*).
 * @param[in] arrival n arrival instants.
 * @param[in] deadline n deadlines (instants).
 * @param[in] n the number of tickets (the arrays may be NULL when 0).
 * @param[in] order the service order, an SLA_ORDER_* value.
 * @param[in] max_extra the most agents to add in all, 0 ... 10,000.
 * @param[out] ret_extra n_extra = sla_roster_shift_count() entries.
 * @param[in] n_extra the length of @p ret_extra: the roster's shift count.
 * @param[out] ret_remaining optional: breaches left after the advice.
 * @return as sla_forecast_new().
 * @since 1.0
 */
SLA_EXPORT int sla_forecast_advise(const sla_roster *roster, int64_t now, const int *channel,
                                   const int *priority, const int64_t *arrival,
                                   const int64_t *deadline, size_t n, int order, int max_extra,
                                   int *ret_extra, size_t n_extra, size_t *ret_remaining);

/**
 * Deprecated since 1.1: use sla_forecast_promise_for(). The "promise" this
 * returns is the EARLIER of the SLA deadline @p new_deadline and the 90th
 * percentile of the forecast reply for a new ticket joining the queue
 * (given as for sla_forecast_new()): when the team is behind, it is a time
 * the forecast expects the team to miss. It is kept, unchanged, for 1.0
 * programs.
 * @param[in] roster the roster (shifts, handle times, arrivals).
 * @param[in] now the instant the forecast starts from.
 * @param[in] channel n channels of the waiting tickets.
 * @param[in] priority n priorities (SLA_PRIORITY_*).
 * @param[in] arrival n arrival instants.
 * @param[in] deadline n deadlines (instants).
 * @param[in] n the number of tickets (the arrays may be NULL when 0).
 * @param[in] order the service order, an SLA_ORDER_* value.
 * @param[in] new_channel the channel of the new ticket.
 * @param[in] new_priority its priority (SLA_PRIORITY_*).
 * @param[in] new_deadline its SLA deadline; it arrives at @p now.
 * @param[in] samples as sla_forecast_new().
 * @param[in] seed as sla_forecast_new().
 * @param[out] ret_promise the earlier of the deadline and the forecast.
 * @param[out] ret_high optional: the forecast's 90th percentile
 *             (SLA_NO_TIME when it would never be answered); a value later
 *             than the deadline means the promise is at risk.
 * @return as sla_forecast_new().
 * @since 1.0
 * @deprecated since 1.1: sla_forecast_promise_for() promises a time the
 *             team can keep.
 */
SLA_DEPRECATED("use sla_forecast_promise_for(): a promise the team can keep")
SLA_EXPORT int sla_forecast_promise(const sla_roster *roster, int64_t now, const int *channel,
                                    const int *priority, const int64_t *arrival,
                                    const int64_t *deadline, size_t n, int order,
                                    int new_channel, int new_priority, int64_t new_deadline,
                                    int samples, int64_t seed, int64_t *ret_promise,
                                    int64_t *ret_high);

/**
 * A reply-by time the team can keep, for a customer who writes now: the
 * forecast's 90th percentile reply instant for one more ticket (of
 * @p channel and @p priority, arriving at the forecast's now) joining the
 * forecast's queue, rounded UP to a multiple of @p step seconds (300: the
 * next 5 minutes of the clock; 0 or 1: not rounded). It is reported beside
 * the SLA deadline, never replaced by it: when the forecast is later than
 * @p deadline the ticket is at risk, and the promise stays the forecast.
 * The queue, order, samples and seed are those given to sla_forecast_new();
 * the roster it was made from must still exist, unchanged.
 * @param[in] forecast the forecast of the waiting queue.
 * @param[in] channel the new ticket's channel.
 * @param[in] priority the new ticket's priority (an SLA_PRIORITY_* value).
 * @param[in] deadline the new ticket's SLA deadline, or SLA_NO_TIME when no
 *            target applies.
 * @param[in] step rounding step in seconds, 0 ... 86400.
 * @param[out] ret_promise the instant to promise; SLA_NO_TIME when the
 *             forecast never answers the ticket (nobody on duty).
 * @param[out] ret_p90 optional: the unrounded 90th percentile (SLA_NO_TIME
 *             when never answered).
 * @param[out] ret_at_risk optional: 1 when the 90th percentile is later than
 *             @p deadline or the ticket is never answered, else 0.
 * @return 0, SLA_EINVAL (a NULL forecast or output, a bad step, channel or
 *         priority), SLA_ERANGE (@p deadline outside the supported range),
 *         SLA_ESTATE (no handle time for the channel), SLA_ELIMIT,
 *         SLA_ENOMEM. Nothing is written on failure.
 * Ownership: borrows @p forecast. Thread safety: a forecast may be read by
 * several threads at once.
 * @since 1.1
 */
SLA_EXPORT int sla_forecast_promise_for(const sla_forecast *forecast, int channel, int priority,
                                        int64_t deadline, int64_t step, int64_t *ret_promise,
                                        int64_t *ret_p90, int *ret_at_risk);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* LIBSLA_SLA_H */
