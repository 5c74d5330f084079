/* Test helper: reads opening-hours texts, one per line, from stdin and
 * prints for each either "ERR <construct>" or the spans of the days
 * [first, first + ndays) as "d0 spans|d1 spans|..." (spans "HH:MM-HH:MM,...",
 * "-" when closed). Arguments: first day (YYYY-MM-DD), ndays.
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/hours.h"

int main(int argc, char **argv)
{
    static char line[8192];
    int y, m, d;
    long ndays, i;
    int64_t first;

    if (argc != 3 || sscanf(argv[1], "%d-%d-%d", &y, &m, &d) != 3) {
        fprintf(stderr, "usage: hours-dump YYYY-MM-DD NDAYS < texts\n");
        return 2;
    }
    ndays = strtol(argv[2], NULL, 10);
    first = sla__days_from_civil(y, (unsigned)m, (unsigned)d);
    while (fgets(line, sizeof line, stdin)) {
        sla_hours *h = NULL;
        sla_diag *diag = NULL;
        size_t len = strlen(line);

        if (len && line[len - 1] == '\n')
            line[--len] = '\0';
        if (sla_diag_new(&diag))
            return 1;
        if (sla__hours_parse(line, &h, diag)) {
            printf("ERR %s\n", sla_diag_construct(diag));
        } else {
            for (i = 0; i < ndays; i++) {
                sla__span sp[SLA__MAX_DAY_SPANS];
                size_t n, k;
                sla__hours_day(h, first + i, false, sp, &n);
                if (i)
                    putchar('|');
                if (!n)
                    putchar('-');
                for (k = 0; k < n; k++)
                    printf("%s%02d:%02d-%02d:%02d", k ? "," : "", sp[k].start / 3600,
                           sp[k].start % 3600 / 60, sp[k].end / 3600, sp[k].end % 3600 / 60);
            }
            putchar('\n');
            sla__hours_free(h);
        }
        sla_diag_free(diag);
    }
    return 0;
}
