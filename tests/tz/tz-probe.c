/* A probe for the zoneinfo cross-check (crosscheck.py): reads requests on
 * stdin, one per line, and answers one line each:
 *   o ZONE UTC      -> the UTC offset at UTC
 *   l ZONE LOCAL    -> sla__tz_local_to_utc(LOCAL)
 *   t ZONE          -> the transitions in the supported range, "utc before after" ...
 * An unknown zone answers "nozone".
 * SPDX-License-Identifier: MIT */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "tz/tz.h"

int main(void)
{
    char line[512], zone[256], cur[256] = "";
    sla_tz *tz = NULL;
    int zr = 0;

    while (fgets(line, sizeof line, stdin)) {
        char op;
        long long v = 0;
        int k = sscanf(line, "%c %255s %lld", &op, zone, &v);
        if (k < 2)
            continue;
        if (strcmp(zone, cur) != 0) {
            sla__tz_unref(tz);
            tz = NULL;
            zr = sla__tz_load(zone, NULL, &tz);
            snprintf(cur, sizeof cur, "%s", zone);
        }
        if (zr != 0) {
            puts("nozone");
            continue;
        }
        if (op == 'o') {
            printf("%d\n", (int)sla__tz_offset_at(tz, v));
        } else if (op == 'l') {
            printf("%" PRId64 "\n", sla__tz_local_to_utc(tz, v));
        } else if (op == 't') {
            const int64_t *u;
            const int32_t *b, *a;
            size_t n = sla__tz_transitions(tz, &u, &b, &a), i;
            for (i = 0; i < n; i++)
                if (u[i] >= SLA_TIME_MIN - 2 * 86400 && u[i] < SLA_TIME_MAX + 2 * 86400)
                    printf("%" PRId64 " %d %d ", u[i], (int)b[i], (int)a[i]);
            putchar('\n');
        }
    }
    sla__tz_unref(tz);
    return 0;
}
