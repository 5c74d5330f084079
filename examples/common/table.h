/*
 * Tables built in memory and printed two ways: aligned for a person, with
 * column widths taken from the data, or as CSV for a machine (one table, or
 * several in one file with a leading `table` column, or one file per table).
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) The libsla authors
 */
#ifndef SLA_TOOL_TABLE_H
#define SLA_TOOL_TABLE_H

#include <stddef.h>
#include <stdio.h>

typedef struct {
    const char *name; /**< the table's name (CSV `table` column, file name) */
    size_t ncols;
    char **heads;       /**< owned */
    char *right;        /**< per column: 1 right-aligned */
    char **cells;       /**< nrows x ncols, owned; NULL: empty */
    const char **marks; /**< per row: a prefix printed before it (colour), or "" */
    size_t nrows, cap, fill;
} tool_table;

/**
 * Start a table. @p cols: the headers separated by '|'; a header starting
 * with '>' is right-aligned (the '>' is not printed).
 */
void tool_table_init(tool_table *t, const char *name, const char *cols);
void tool_table_free(tool_table *t);
/** Start a row; @p mark is printed before it in tool_table_print() (borrowed). */
void tool_table_row(tool_table *t, const char *mark);
/** The next cell of the current row. */
void tool_table_cell(tool_table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/**
 * Print aligned: each column as wide as its widest cell or header, two
 * spaces apart; @p reset is printed after a row that had a mark.
 */
void tool_table_print(const tool_table *t, FILE *f, const char *reset);

/** CSV: the header row, then the rows (fields quoted as needed). */
void tool_table_csv(const tool_table *t, FILE *f);

/**
 * Several tables as one CSV: a first column `table` naming each row's table,
 * then the union of the tables' columns (in order of first appearance);
 * a row leaves the columns of other tables empty.
 */
void tool_tables_csv(const tool_table *const *tables, size_t n, FILE *f);

/**
 * One file per table, DIR/NAME.csv. @return 0, or -1 with the reason
 * printed ("PROG: DIR/NAME.csv: reason").
 */
int tool_tables_csv_dir(const tool_table *const *tables, size_t n, const char *dir);

#endif
