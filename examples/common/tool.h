/*
 * Helpers shared by the command-line tools in examples/: the program name in
 * messages, allocation that exits on failure, exits with a message, reading
 * whole files, civil dates, and CSV and JSON escaping.
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) The libsla authors
 */
#ifndef SLA_TOOL_H
#define SLA_TOOL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/** Exit statuses of every tool. */
enum { TOOL_OK = 0, TOOL_FAIL = 1, TOOL_USAGE = 2 };

/** The program name that starts every message ("sla-watch"); set by main. */
extern const char *tool_prog;

/* ---- allocation: on failure, "PROG: out of memory" and exit 1 ---------- */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* ---- messages ------------------------------------------------------------ */
/** "PROG: message" on stderr, then exit with @p status. */
void tool_vexit(int status, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0), noreturn));
/** Bad input data: message and exit status 1. */
void tool_die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
/** A usage error: message and exit status 2. */
void tool_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
/** "PROG: message" on stderr (no exit). */
void tool_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- files ---------------------------------------------------------------- */
/**
 * The whole file at @p path ("-": standard input) as bytes plus a
 * terminating NUL (the file may hold NULs of its own: use *ret_len).
 * @return the buffer (free() it), or NULL with the reason (strerror) in
 *         @p why.
 */
char *tool_read_file(const char *path, size_t *ret_len, char *why, size_t why_size);

/** As tool_read_file(), but prints "PROG: PATH: reason" on failure. */
char *tool_load(const char *path, size_t *ret_len);

/* ---- civil dates (proleptic Gregorian; days counted from 1970-01-01) ------ */
int64_t civil_days(int64_t y, int m, int d);
void civil_date(int64_t days, int *y, int *m, int *d);
/** 0 = Monday ... 6 = Sunday. */
int civil_weekday(int64_t days);
int civil_month_length(int y, int m);
/** floor(a / b) for b > 0. */
int64_t civil_floordiv(int64_t a, int64_t b);
/**
 * "YYYY-MM-DD" exactly, a real day of 1970-2199.
 * @return true, or false with the reason in @p why ("2025-02 has no day 30",
 *         "expected a date YYYY-MM-DD", ...) when @p why is not NULL.
 */
bool civil_parse_date(const char *s, int *y, int *m, int *d, char *why, size_t why_size);
/** "YYYY-MM-DD" of a day number. */
void civil_format(int64_t days, char *buf, size_t size);

/* ---- output escaping ------------------------------------------------------ */
/** A CSV field: quoted when it holds a comma, quote or line break. */
void csv_field(FILE *f, const char *s);
/** A JSON string with its quotes. */
void json_string(FILE *f, const char *s);

/** Append one formatted piece to a growing buffer (*buf NUL-terminated). */
void tool_appendf(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
