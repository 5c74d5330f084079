/*
 * Helpers shared by the command-line tools (see tool.h).
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) The libsla authors
 */
#include "tool.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

const char *tool_prog = "sla-tool";

static void oom(void) __attribute__((noreturn));
static void oom(void)
{
    fprintf(stderr, "%s: out of memory\n", tool_prog);
    exit(TOOL_FAIL);
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        oom();
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        oom();
    return p;
}

void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        oom();
    return p;
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *p = xmalloc(len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

void tool_vexit(int status, const char *fmt, va_list ap)
{
    fprintf(stderr, "%s: ", tool_prog);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    exit(status);
}

void tool_die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tool_vexit(TOOL_FAIL, fmt, ap);
}

void tool_usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tool_vexit(TOOL_USAGE, fmt, ap);
}

void tool_warn(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: ", tool_prog);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

char *tool_read_file(const char *path, size_t *ret_len, char *why, size_t why_size)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    size_t cap = 1 << 16, len = 0;
    char *buf;
    bool err;

    if (!f) {
        snprintf(why, why_size, "%s", strerror(errno));
        return NULL;
    }
    buf = xmalloc(cap + 1);
    for (;;) {
        size_t n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (len < cap)
            break;
        cap *= 2;
        buf = xrealloc(buf, cap + 1);
    }
    err = ferror(f) != 0;
    if (err)
        snprintf(why, why_size, "%s", errno ? strerror(errno) : "read error");
    if (f != stdin)
        fclose(f);
    if (err) {
        free(buf);
        return NULL;
    }
    buf[len] = '\0';
    if (ret_len)
        *ret_len = len;
    return buf;
}

char *tool_load(const char *path, size_t *ret_len)
{
    char why[256];
    char *buf = tool_read_file(path, ret_len, why, sizeof why);
    if (!buf)
        fprintf(stderr, "%s: %s: %s\n", tool_prog, path, why);
    return buf;
}

/* ---- civil dates ---------------------------------------------------------- */

int64_t civil_floordiv(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

int64_t civil_days(int64_t y, int m, int d)
{
    int64_t era, yoe, mp, doy, doe;
    if (m <= 2)
        y--;
    era = civil_floordiv(y, 400);
    yoe = y - era * 400;
    mp = m > 2 ? m - 3 : m + 9;
    doy = (153 * mp + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void civil_date(int64_t z, int *y, int *m, int *d)
{
    int64_t era, doe, yoe, doy, mp;
    z += 719468;
    era = civil_floordiv(z, 146097);
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

int civil_weekday(int64_t days)
{
    return (int)(((days + 3) % 7 + 7) % 7);
}

int civil_month_length(int y, int m)
{
    static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return len[m - 1];
}

bool civil_parse_date(const char *s, int *y, int *m, int *d, char *why, size_t why_size)
{
    char dummy[8];
    int i;
    if (!why) {
        why = dummy;
        why_size = sizeof dummy;
    }
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        goto shape;
    for (i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            goto shape;
    *y = atoi(s);
    *m = atoi(s + 5);
    *d = atoi(s + 8);
    if (*y < 1970 || *y > 2199) {
        snprintf(why, why_size, "year %d is outside the supported range 1970-2199", *y);
        return false;
    }
    if (*m < 1 || *m > 12) {
        snprintf(why, why_size, "month %02d does not exist", *m);
        return false;
    }
    if (*d < 1 || *d > civil_month_length(*y, *m)) {
        snprintf(why, why_size, "%04d-%02d has no day %02d", *y, *m, *d);
        return false;
    }
    return true;
shape:
    snprintf(why, why_size, "expected a date YYYY-MM-DD");
    return false;
}

void civil_format(int64_t days, char *buf, size_t size)
{
    int y, m, d;
    civil_date(days, &y, &m, &d);
    snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
}

/* ---- output escaping ------------------------------------------------------ */

void csv_field(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

void json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fprintf(f, "\\%c", *s);
        else if ((unsigned char)*s < 0x20)
            fprintf(f, "\\u%04x", (unsigned)(unsigned char)*s);
        else
            fputc(*s, f);
    }
    fputc('"', f);
}

void tool_appendf(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
{
    va_list ap;
    int n;
    for (;;) {
        va_start(ap, fmt);
        n = vsnprintf(*buf ? *buf + *len : NULL, *buf ? *cap - *len : 0, fmt, ap);
        va_end(ap);
        if (n < 0)
            tool_die("formatting failed");
        if (*buf && *len + (size_t)n < *cap) {
            *len += (size_t)n;
            return;
        }
        {
            size_t ncap = *cap ? *cap * 2 : 4096;
            while (ncap < *len + (size_t)n + 1)
                ncap *= 2;
            *buf = xrealloc(*buf, ncap);
            *cap = ncap;
        }
    }
}
