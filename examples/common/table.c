/*
 * Tables for people and machines (see table.h).
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) The libsla authors
 */
#include "table.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

void tool_table_init(tool_table *t, const char *name, const char *cols)
{
    const char *p = cols;
    size_t i = 0;
    memset(t, 0, sizeof *t);
    t->name = name;
    t->ncols = 1;
    for (; *p; p++)
        t->ncols += *p == '|';
    t->heads = xcalloc(t->ncols, sizeof *t->heads);
    t->right = xcalloc(t->ncols, 1);
    for (p = cols; i < t->ncols; i++) {
        const char *e = strchr(p, '|');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (*p == '>') {
            t->right[i] = 1;
            p++;
            n--;
        }
        t->heads[i] = xstrndup(p, n);
        p += n + (e != NULL);
    }
}

void tool_table_free(tool_table *t)
{
    size_t i;
    for (i = 0; i < t->ncols; i++)
        free(t->heads[i]);
    for (i = 0; i < t->nrows * t->ncols; i++)
        free(t->cells[i]);
    free(t->heads);
    free(t->right);
    free(t->cells);
    free(t->marks);
    memset(t, 0, sizeof *t);
}

void tool_table_row(tool_table *t, const char *mark)
{
    if (t->nrows == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 16;
        t->cells = xrealloc(t->cells, t->cap * t->ncols * sizeof *t->cells);
        t->marks = xrealloc(t->marks, t->cap * sizeof *t->marks);
    }
    memset(t->cells + t->nrows * t->ncols, 0, t->ncols * sizeof *t->cells);
    t->marks[t->nrows++] = mark ? mark : "";
    t->fill = 0;
}

void tool_table_cell(tool_table *t, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    if (!t->nrows || t->fill >= t->ncols)
        return;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    t->cells[(t->nrows - 1) * t->ncols + t->fill++] = xstrdup(buf);
}

/* Display width: UTF-8 continuation bytes take no column. */
static size_t width(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

void tool_table_print(const tool_table *t, FILE *f, const char *reset)
{
    size_t *w = xcalloc(t->ncols, sizeof *w), r, c;
    for (c = 0; c < t->ncols; c++)
        w[c] = width(t->heads[c]);
    for (r = 0; r < t->nrows; r++)
        for (c = 0; c < t->ncols; c++) {
            const char *s = t->cells[r * t->ncols + c];
            if (s && width(s) > w[c])
                w[c] = width(s);
        }
    for (r = 0; r <= t->nrows; r++) {
        const char *mark = r ? t->marks[r - 1] : "";
        fputs(mark, f);
        for (c = 0; c < t->ncols; c++) {
            const char *s = r ? t->cells[(r - 1) * t->ncols + c] : t->heads[c];
            size_t pad;
            if (!s)
                s = "";
            pad = w[c] - width(s);
            if (c == t->ncols - 1 && !t->right[c]) {
                fputs(s, f); /* no trailing spaces */
                break;
            }
            if (t->right[c])
                fprintf(f, "%*s%s", (int)pad, "", s);
            else
                fprintf(f, "%s%*s", s, (int)pad, "");
            if (c + 1 < t->ncols)
                fputs("  ", f);
        }
        if (*mark && reset)
            fputs(reset, f);
        fputc('\n', f);
    }
    free(w);
}

void tool_table_csv(const tool_table *t, FILE *f)
{
    size_t r, c;
    for (c = 0; c < t->ncols; c++) {
        if (c)
            fputc(',', f);
        csv_field(f, t->heads[c]);
    }
    fputc('\n', f);
    for (r = 0; r < t->nrows; r++) {
        for (c = 0; c < t->ncols; c++) {
            const char *s = t->cells[r * t->ncols + c];
            if (c)
                fputc(',', f);
            csv_field(f, s ? s : "");
        }
        fputc('\n', f);
    }
}

void tool_tables_csv(const tool_table *const *tables, size_t n, FILE *f)
{
    const char **cols = NULL;
    size_t ncols = 0, i, c, k, r;
    for (i = 0; i < n; i++)
        for (c = 0; c < tables[i]->ncols; c++) {
            for (k = 0; k < ncols && strcmp(cols[k], tables[i]->heads[c]); k++)
                ;
            if (k == ncols) {
                cols = xrealloc(cols, (ncols + 1) * sizeof *cols);
                cols[ncols++] = tables[i]->heads[c];
            }
        }
    fputs("table", f);
    for (k = 0; k < ncols; k++) {
        fputc(',', f);
        csv_field(f, cols[k]);
    }
    fputc('\n', f);
    for (i = 0; i < n; i++) {
        const tool_table *t = tables[i];
        for (r = 0; r < t->nrows; r++) {
            csv_field(f, t->name);
            for (k = 0; k < ncols; k++) {
                fputc(',', f);
                for (c = 0; c < t->ncols; c++)
                    if (!strcmp(t->heads[c], cols[k])) {
                        const char *s = t->cells[r * t->ncols + c];
                        csv_field(f, s ? s : "");
                        break;
                    }
            }
            fputc('\n', f);
        }
    }
    free(cols);
}

int tool_tables_csv_dir(const tool_table *const *tables, size_t n, const char *dir)
{
    size_t i;
    for (i = 0; i < n; i++) {
        char path[4096];
        FILE *f;
        snprintf(path, sizeof path, "%s/%s.csv", dir, tables[i]->name);
        f = fopen(path, "w");
        if (!f) {
            fprintf(stderr, "%s: %s: %s\n", tool_prog, path, strerror(errno));
            return -1;
        }
        tool_table_csv(tables[i], f);
        if (fclose(f) != 0) {
            fprintf(stderr, "%s: %s: write error\n", tool_prog, path);
            return -1;
        }
    }
    return 0;
}
