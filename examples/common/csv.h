/*
 * CSV records (RFC 4180, leniently), shared by the tools that read logs.
 *
 * Fields are separated by ',' and records by LF or CR LF; a field that
 * starts with '"' is quoted and may hold commas, line breaks and doubled
 * quotes. A bare CR inside a field is an ordinary character: logs exported
 * from real systems contain them. Fields are unescaped in place and
 * NUL-terminated; a field that held a NUL byte of its own is flagged.
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) The libsla authors
 */
#ifndef SLA_TOOL_CSV_H
#define SLA_TOOL_CSV_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    char *buf; /**< the text (changed in place), buf[len] == '\0' */
    size_t len, pos;
    long line;     /**< physical line of the next record (1-based) */
    char **fields; /**< the fields of the current record */
    size_t nfields, cap;
    long nul_field; /**< first field of the record holding a NUL byte, or -1 */
} csv_reader;

/** Start reading @p buf (len bytes plus a NUL); a UTF-8 byte-order mark is skipped. */
void csv_init(csv_reader *c, char *buf, size_t len);

/** Free the field array (not the buffer). */
void csv_free(csv_reader *c);

/** Next record into c->fields; false at the end. *ret_line: its first line. */
bool csv_next(csv_reader *c, long *ret_line);

/** Whether the record is blank (one empty or all-space field). */
bool csv_blank(const csv_reader *c);

/** @p s without leading spaces and tabs. */
const char *csv_skip_space(const char *s);

#endif
