/* Test helper for the differential test (ohjs-diff.js): compiles calendars
 * through the public API and answers is_open at given instants.
 *
 * stdin: a first line "HOLIDAYS YYYY-MM-DD ..." (the holiday set of every
 * calendar), then one case per line, fields separated by tabs:
 *   zone, opening hours, windows "a:b,a:b,..." (UTC seconds), instants "t,t,..."
 * stdout, one line per case: "ERR <message>" or
 *   "OK <bits> <periods>": bits, one '0'/'1' per instant (is_open); periods,
 *   per window (separated by '/'), the open periods [s, e) clipped to the
 *   window as "s-e,s-e" (found with next_open / next_close).
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsla/sla.h>

static char line[1 << 22];
static int hol_y[4096], hol_m[4096], hol_d[4096];
static size_t n_hol;

static char *field(char **p)
{
    char *s = *p, *t = strchr(s, '\t');
    if (t) {
        *t = '\0';
        *p = t + 1;
    } else {
        *p = s + strlen(s);
    }
    return s;
}

static void periods(const sla_calendar *c, int64_t a, int64_t b)
{
    int64_t t = a;
    int first = 1;
    while (t < b) {
        int64_t s, e;
        if (sla_calendar_next_open(c, t, &s) != 0 || s >= b)
            break;
        if (sla_calendar_next_close(c, s, &e) != 0 || e > b)
            e = b;
        printf("%s%lld-%lld", first ? "" : ",", (long long)s, (long long)e);
        first = 0;
        t = e;
    }
}

static void one_case(char *p)
{
    char *zone = field(&p), *hours = field(&p), *wins = field(&p), *inst = field(&p), *q;
    sla_calendar_builder *b = NULL;
    sla_calendar *c = NULL;
    sla_diag *diag = NULL;
    size_t i;
    int r;

    if (sla_diag_new(&diag) != 0 || sla_calendar_builder_new(zone, &b) != 0) {
        printf("ERR zone %s\n", zone);
        sla_diag_free(diag);
        return;
    }
    r = sla_calendar_builder_set_hours(b, hours, diag);
    if (r != 0) {
        printf("ERR %d:%s\n", sla_diag_column(diag), sla_diag_message(diag));
        sla_calendar_builder_free(b);
        sla_diag_free(diag);
        return;
    }
    for (i = 0; i < n_hol; i++)
        sla_calendar_builder_add_holiday(b, hol_y[i], hol_m[i], hol_d[i]);
    r = sla_calendar_builder_compile(b, &c);
    sla_calendar_builder_free(b);
    sla_diag_free(diag);
    if (r != 0) {
        printf("ERR compile %s\n", sla_strerror(r));
        return;
    }
    fputs("OK ", stdout);
    for (q = inst; *q;) {
        int64_t t = strtoll(q, &q, 10);
        int open = -1;
        sla_calendar_is_open(c, t, &open);
        putchar(open == 1 ? '1' : open == 0 ? '0' : '?');
        if (*q == ',')
            q++;
    }
    putchar(' ');
    for (q = wins; *q;) {
        int64_t a = strtoll(q, &q, 10), e;
        if (*q == ':')
            q++;
        e = strtoll(q, &q, 10);
        periods(c, a, e);
        if (*q == ',') {
            q++;
            putchar('/');
        }
    }
    putchar('\n');
    sla_calendar_free(c);
}

int main(void)
{
    while (fgets(line, sizeof line, stdin)) {
        size_t len = strlen(line);
        if (len && line[len - 1] == '\n')
            line[--len] = '\0';
        if (strncmp(line, "HOLIDAYS", 8) == 0) {
            char *q = line + 8;
            int y, m, d, k;
            n_hol = 0;
            while (n_hol < 4096 && sscanf(q, " %d-%d-%d%n", &y, &m, &d, &k) == 3) {
                hol_y[n_hol] = y;
                hol_m[n_hol] = m;
                hol_d[n_hol++] = d;
                q += k;
            }
            continue;
        }
        one_case(line);
        fflush(stdout);
    }
    return 0;
}
