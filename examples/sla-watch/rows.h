/*
 * sla-watch event log reader: a CSV file with a header row naming the
 * columns ticket, time, event and optionally channel and priority (in any
 * order, under their documented names or aliases, or mapped with
 * watch_log_map()), applied to the tickets it names. Shared by sla-watch and
 * its fuzz target.
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) The libsla authors
 */
#ifndef SLA_WATCH_ROWS_H
#define SLA_WATCH_ROWS_H

#include <stddef.h>
#include <stdint.h>

#include <libsla/sla.h>

/** The columns of an event log. */
enum {
    WATCH_COL_TICKET,
    WATCH_COL_TIME,
    WATCH_COL_EVENT,
    WATCH_COL_CHANNEL,
    WATCH_COL_PRIORITY,
    WATCH_COLS
};

/** Bad rows reported one by one; reading stops after this many. */
#define WATCH_MAX_BAD_ROWS 20

/** One ticket of the log: its id (owned), clocks (owned) and first agent reply. */
typedef struct {
    char *id;
    sla_ticket *t;
    int64_t replied_at; /**< the first 'reply' event applied, SLA_NO_TIME before */
    int64_t sent;       /**< sla-watch --since: crossings up to here are collected */
} watch_ticket;

/**
 * The tickets of an event log: an open-addressing map from id to ticket
 * (cap a power of two, at most half full), the instant of the latest event,
 * and the messages of the bad rows.
 */
typedef struct {
    const sla_policy *policy; /**< borrowed */
    const sla_calendar *zone; /**< borrowed: local times are read in its zone; may be NULL */
    const char *name;         /**< file name in messages; NULL: "line N" */
    sla_diag *diag;           /**< owned */
    watch_ticket *v;
    size_t n, cap;
    int64_t last_event;          /**< SLA_NO_TIME until an event is applied */
    int64_t as_of;               /**< events after it are not applied (SLA_NO_TIME: none) */
    size_t ignored;              /**< events after as_of */
    size_t rows;                 /**< data rows read */
    size_t bad;                  /**< bad rows (at most WATCH_MAX_BAD_ROWS are read) */
    const char *map[WATCH_COLS]; /**< header names given by watch_log_map(), or NULL */
    int col[WATCH_COLS];         /**< field of each column, -1 when absent */
    char err[512];               /**< message of the first error */
    char *errors;                /**< every error message, one a line (owned) */
    /** Called before (after = 0) and after (after = 1) an event is applied to
     * a ticket (after only, for its creation); NULL: none. */
    void (*hook)(void *ctx, watch_ticket *e, int64_t t, int after);
    void *hook_ctx;
    size_t errors_len, errors_cap;
} watch_log;

/** Start an empty log. @return 0 or SLA_ENOMEM. */
int watch_log_init(watch_log *log, const sla_policy *policy, const sla_calendar *zone);

/** Free every ticket and id of the log. */
void watch_log_free(watch_log *log);

/** The documented name of column @p c ("ticket", ...). */
const char *watch_column_name(int c);

/**
 * Map column NAME to header HEADER: @p spec is "NAME=HEADER" (kept, not
 * copied). @return 0, or -1 with a message in log->err.
 */
int watch_log_map(watch_log *log, const char *spec);

/**
 * Read a whole log: @p len bytes at @p text (changed in place; text[len]
 * must be '\0'). The first row that is neither blank nor a '#' comment is the
 * header. Every bad row is reported (log->errors, one message a line, each
 * naming its line) and changes nothing; reading stops after
 * WATCH_MAX_BAD_ROWS bad rows.
 * @return 0, or -1 when the header or a row was bad (log->err holds the
 *         first message).
 */
int watch_log_text(watch_log *log, char *text, size_t len);

/** The ticket with id @p id, or NULL. */
watch_ticket *watch_log_find(const watch_log *log, const char *id);

#endif
