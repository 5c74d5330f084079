/*
 * sla-watch event log reader: CSV rows ticket,time,event[,channel,priority]
 * applied to the tickets they name. Shared by sla-watch and its fuzz target.
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) The libsla authors
 */
#ifndef SLA_WATCH_ROWS_H
#define SLA_WATCH_ROWS_H

#include <stddef.h>
#include <stdint.h>

#include <libsla/sla.h>

/** One ticket of the log: its id (owned) and clocks (owned). */
typedef struct {
    char *id;
    sla_ticket *t;
} watch_ticket;

/**
 * The tickets of an event log: an open-addressing map from id to ticket
 * (cap a power of two, at most half full), the instant of the latest event,
 * and the message of the last error.
 */
typedef struct {
    const sla_policy *policy;  /**< borrowed */
    const sla_calendar *zone;  /**< borrowed: local times are read in its zone; may be NULL */
    sla_diag *diag;            /**< owned */
    watch_ticket *v;
    size_t n, cap;
    int64_t last_event;        /**< SLA_NO_TIME until an event is applied */
    char err[512];             /**< message of the last error */
} watch_log;

/** Start an empty log. @return 0 or SLA_ENOMEM. */
int watch_log_init(watch_log *log, const sla_policy *policy, const sla_calendar *zone);

/** Free every ticket and id of the log. */
void watch_log_free(watch_log *log);

/**
 * Apply one line of the log (changed in place; no newline). @p ln is the
 * 1-based line number: line 1 starting with "ticket" is a header. Blank
 * lines and '#' comments are skipped.
 * @return 0, or -1 with a message (naming the line) in log->err; on error
 *         no ticket changes.
 */
int watch_log_line(watch_log *log, char *line, int ln);

/**
 * Apply every line of @p text (changed in place).
 * @return 0, or -1 at the first bad line (message in log->err).
 */
int watch_log_text(watch_log *log, char *text);

/** The ticket with id @p id, or NULL. */
watch_ticket *watch_log_find(const watch_log *log, const char *id);

#endif
