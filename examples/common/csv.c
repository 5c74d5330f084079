/*
 * CSV records (see csv.h).
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) The libsla authors
 */
#include "csv.h"

#include <stdlib.h>
#include <string.h>

#include "tool.h"

void csv_init(csv_reader *c, char *buf, size_t len)
{
    memset(c, 0, sizeof *c);
    c->buf = buf;
    c->len = len;
    c->line = 1;
    c->nul_field = -1;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        c->pos = 3;
}

void csv_free(csv_reader *c)
{
    free(c->fields);
    c->fields = NULL;
    c->nfields = c->cap = 0;
}

const char *csv_skip_space(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

bool csv_blank(const csv_reader *c)
{
    return c->nfields == 0 ||
           (c->nfields == 1 && *csv_skip_space(c->fields[0]) == '\0' && c->nul_field < 0);
}

bool csv_next(csv_reader *c, long *ret_line)
{
    size_t r;
    if (c->pos >= c->len)
        return false;
    *ret_line = c->line;
    c->nfields = 0;
    c->nul_field = -1;
    r = c->pos;
    for (;;) {
        size_t w = r;
        char sep;
        if (c->nfields == c->cap) {
            c->cap = c->cap ? c->cap * 2 : 16;
            c->fields = xrealloc(c->fields, c->cap * sizeof *c->fields);
        }
        c->fields[c->nfields++] = c->buf + w;
        if (r < c->len && c->buf[r] == '"') {
            r++;
            while (r < c->len) {
                char ch = c->buf[r];
                if (ch == '"') {
                    if (r + 1 < c->len && c->buf[r + 1] == '"') {
                        c->buf[w++] = '"';
                        r += 2;
                        continue;
                    }
                    r++;
                    break;
                }
                if (ch == '\n')
                    c->line++;
                if (ch == '\0' && c->nul_field < 0)
                    c->nul_field = (long)c->nfields - 1;
                c->buf[w++] = ch;
                r++;
            }
        }
        while (r < c->len && c->buf[r] != ',' && c->buf[r] != '\n' &&
               !(c->buf[r] == '\r' && r + 1 < c->len && c->buf[r + 1] == '\n')) {
            if (c->buf[r] == '\0' && c->nul_field < 0)
                c->nul_field = (long)c->nfields - 1;
            c->buf[w++] = c->buf[r++];
        }
        /* w <= r, and buf[len] is the terminating NUL, so this is in bounds. */
        if (r >= c->len) {
            c->buf[w] = '\0';
            c->pos = c->len;
            return true;
        }
        sep = c->buf[r];
        c->buf[w] = '\0';
        if (sep == ',') {
            r++;
            continue;
        }
        r += sep == '\r' ? 2 : 1;
        c->line++;
        c->pos = r;
        return true;
    }
}
