/*
 * Golden cases: every NAME.cal with NAME_add.csv / NAME_diff.csv in the shared
 * cases directory ($SLA_SHARED_DIR/cases) and in this suite's own data
 * directory must match row by row.
 *
 * .cal format, one setting a line, '#' starts a comment:
 *   tz ZONE | hours TEXT | holiday YYYY-MM-DD | closed YYYY-MM-DD HH:MM-HH:MM
 *   | open YYYY-MM-DD HH:MM-HH:MM
 * A span whose end is at or before its start ends on the next date; 24:00 is
 * the end of the date.
 *
 * SPDX-License-Identifier: MIT
 */
#include <dirent.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsla/sla.h>

#ifndef GOLDEN_DATA_DIR
#error "GOLDEN_DATA_DIR must be defined by the build"
#endif

struct golden_case {
    char dir[1024];
    char name[256];
};

/* ---- helpers ------------------------------------------------------------ */

static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

/* "YYYY-MM-DD HH:MM-HH:MM" -> [start, end) through the builder's zone. */
static int parse_span(const sla_calendar_builder *b, const char *text, int64_t *s, int64_t *e)
{
    int y, mo, d, h0, m0, h1, m1, n = 0;
    if (sscanf(text, "%4d-%2d-%2d %2d:%2d-%2d:%2d%n", &y, &mo, &d, &h0, &m0, &h1, &m1, &n) != 7 ||
        text[n] != '\0')
        return SLA_EPARSE;
    int s0 = h0 * 60 + m0, s1 = h1 * 60 + m1;
    int64_t day = days_from_civil(y, mo, d);
    int64_t end_day = s1 <= s0 ? day + 1 : day;
    if (s1 == 24 * 60) {
        end_day = day + 1;
        h1 = 0;
        m1 = 0;
    }
    int ey, em, ed;
    civil_from_days(end_day, &ey, &em, &ed);
    int r = sla_calendar_builder_local_time(b, y, mo, d, h0, m0, 0, s);
    if (r == 0)
        r = sla_calendar_builder_local_time(b, ey, em, ed, h1, m1, 0, e);
    return r;
}

/* Build the calendar described by a .cal file; NULL (with a message) on error. */
static sla_calendar *load_cal(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        print_error("cannot open %s\n", path);
        return NULL;
    }
    char line[4096];
    int lineno = 0;
    sla_calendar_builder *b = NULL;
    sla_calendar *cal = NULL;
    sla_diag *diag = NULL;
    assert_int_equal(sla_diag_new(&diag), 0);
    while (fgets(line, sizeof line, f)) {
        lineno++;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        char *s = trim(line);
        if (*s == '\0')
            continue;
        char *sp = s;
        while (*sp && !isspace((unsigned char)*sp))
            sp++;
        char *rest = *sp ? trim(sp + 1) : sp;
        *sp = '\0';
        int r;
        if (strcmp(s, "tz") == 0) {
            sla_calendar_builder_free(b);
            b = NULL;
            r = sla_calendar_builder_new(rest, &b);
        } else if (!b) {
            print_error("%s:%d: '%s' before 'tz'\n", path, lineno, s);
            goto fail;
        } else if (strcmp(s, "hours") == 0) {
            r = sla_calendar_builder_set_hours(b, rest, diag);
            if (r != 0)
                print_error("%s:%d: hours '%s': %s (column %d)\n", path, lineno, rest,
                            sla_diag_message(diag), sla_diag_column(diag));
        } else if (strcmp(s, "holiday") == 0) {
            int y, m, d, n = 0;
            if (sscanf(rest, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || rest[n] != '\0')
                r = SLA_EPARSE;
            else
                r = sla_calendar_builder_add_holiday(b, y, m, d);
        } else if (strcmp(s, "closed") == 0 || strcmp(s, "open") == 0) {
            int64_t a, e;
            r = parse_span(b, rest, &a, &e);
            if (r == 0)
                r = s[0] == 'c' ? sla_calendar_builder_add_closure(b, a, e)
                                : sla_calendar_builder_add_opening(b, a, e);
        } else {
            print_error("%s:%d: unknown setting '%s'\n", path, lineno, s);
            goto fail;
        }
        if (r != 0) {
            print_error("%s:%d: '%s %s': %s\n", path, lineno, s, rest, sla_error_name(r));
            goto fail;
        }
    }
    if (!b) {
        print_error("%s: no 'tz' line\n", path);
        goto fail;
    }
    if (sla_calendar_builder_compile(b, &cal) != 0) {
        print_error("%s: compile failed\n", path);
        cal = NULL;
    }
fail:
    sla_calendar_builder_free(b);
    sla_diag_free(diag);
    fclose(f);
    return cal;
}

/* Run one CSV (kind 'a' = add, 'd' = diff). Returns rows checked; adds
 * mismatches to *bad. A missing file checks nothing. */
static long run_csv(const sla_calendar *cal, const char *path, char kind, long *bad)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    char line[512];
    long rows = 0;
    int lineno = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        char *s = trim(line);
        if (*s == '\0' || *s == '#' || isalpha((unsigned char)*s))
            continue; /* blank, comment, header */
        long long x, y, want;
        int n = 0;
        if (sscanf(s, "%lld , %lld , %lld%n", &x, &y, &want, &n) != 3 || s[n] != '\0') {
            print_error("%s:%d: malformed row '%s'\n", path, lineno, s);
            (*bad)++;
            continue;
        }
        rows++;
        int64_t got = 0, back = 0;
        int r, r2 = 0;
        if (kind == 'a') {
            r = sla_calendar_add(cal, x, y, &got);
            /* diff(start, add(start, d)) = d must hold for every row too. */
            if (r == 0)
                r2 = sla_calendar_diff(cal, x, got, &back);
            if (r == 0 && got == want && (r2 != 0 || back != y)) {
                print_error("%s:%d: %s: add ok but diff(start, deadline) = %lld (rc %d)\n", path,
                            lineno, s, (long long)back, r2);
                (*bad)++;
                continue;
            }
        } else {
            r = sla_calendar_diff(cal, x, y, &got);
        }
        if (r != 0 || got != want) {
            if (*bad < 25)
                print_error("%s:%d: %s(%lld, %lld): expected %lld, got %s%lld\n", path, lineno,
                            kind == 'a' ? "add" : "diff", x, y, want,
                            r ? sla_error_name(r) : "", r ? 0LL : (long long)got);
            (*bad)++;
        }
    }
    fclose(f);
    return rows;
}

static void test_case(void **state)
{
    const struct golden_case *gc = *state;
    char path[1400];
    snprintf(path, sizeof path, "%s/%s.cal", gc->dir, gc->name);
    sla_calendar *cal = load_cal(path);
    assert_non_null(cal);
    long bad = 0, rows = 0;
    snprintf(path, sizeof path, "%s/%s_add.csv", gc->dir, gc->name);
    rows += run_csv(cal, path, 'a', &bad);
    snprintf(path, sizeof path, "%s/%s_diff.csv", gc->dir, gc->name);
    rows += run_csv(cal, path, 'd', &bad);
    sla_calendar_free(cal);
    print_message("%s: %ld rows, %ld mismatches\n", gc->name, rows, bad);
    assert_true(rows > 0);
    assert_int_equal(bad, 0);
}

static void test_shared_missing(void **state)
{
    (void)state;
    print_message("SLA_SHARED_DIR/cases not found: shared golden cases skipped\n");
    skip();
}

static int cmp_case(const void *a, const void *b)
{
    const struct golden_case *x = a, *y = b;
    int c = strcmp(x->dir, y->dir);
    return c ? c : strcmp(x->name, y->name);
}

/* Append every NAME.cal in dir; returns the number found, -1 if no dir. */
static int discover(const char *dir, struct golden_case **cases, size_t *n)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    int found = 0;
    struct dirent *ent;
    while ((ent = readdir(d)) != NULL) {
        size_t len = strlen(ent->d_name);
        if (len <= 4 || strcmp(ent->d_name + len - 4, ".cal") != 0 || len - 4 >= 256)
            continue;
        *cases = realloc(*cases, sizeof **cases * (*n + 1));
        assert_non_null(*cases);
        struct golden_case *gc = &(*cases)[(*n)++];
        snprintf(gc->dir, sizeof gc->dir, "%s", dir);
        memcpy(gc->name, ent->d_name, len - 4);
        gc->name[len - 4] = '\0';
        found++;
    }
    closedir(d);
    return found;
}

int main(void)
{
    struct golden_case *cases = NULL;
    size_t n = 0;
    bool shared = false;
    const char *sd = getenv("SLA_SHARED_DIR");
    if (sd && *sd) {
        char dir[1024];
        snprintf(dir, sizeof dir, "%s/cases", sd);
        shared = discover(dir, &cases, &n) > 0;
    }
    if (discover(GOLDEN_DATA_DIR, &cases, &n) <= 0) {
        fprintf(stderr, "no golden fixtures in %s\n", GOLDEN_DATA_DIR);
        return 1;
    }
    qsort(cases, n, sizeof *cases, cmp_case);

    struct CMUnitTest *tests = calloc(n + 1, sizeof *tests);
    char (*names)[300] = calloc(n, sizeof *names);
    if (!tests || !names)
        return 1;
    size_t nt = 0;
    for (size_t i = 0; i < n; i++) {
        const char *tag = strcmp(cases[i].dir, GOLDEN_DATA_DIR) == 0 ? "own" : "shared";
        snprintf(names[i], sizeof names[i], "%s/%s", tag, cases[i].name);
        tests[nt].name = names[i];
        tests[nt].test_func = test_case;
        tests[nt].initial_state = &cases[i];
        nt++;
    }
    if (!shared) {
        tests[nt].name = "shared/missing";
        tests[nt].test_func = test_shared_missing;
        nt++;
    }
    int rc = _cmocka_run_group_tests("golden", tests, nt, NULL, NULL);
    free(tests);
    free(names);
    free(cases);
    return rc;
}
