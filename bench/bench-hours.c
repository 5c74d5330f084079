/* Benchmark of opening-hours evaluation, the inner step of calendar
 * compilation: ns per date's spans and per next-change lookup.
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <time.h>

#include "text/hours.h"

static double ns_since(const struct timespec *a)
{
    struct timespec b;
    clock_gettime(CLOCK_MONOTONIC, &b);
    return (double)(b.tv_sec - a->tv_sec) * 1e9 + (double)(b.tv_nsec - a->tv_nsec);
}

int main(void)
{
    sla_hours *h = NULL;
    sla__span sp[SLA__MAX_DAY_SPANS];
    size_t n, total = 0;
    struct timespec a;
    const int calls = 2000000;
    int64_t day;

    if (sla__hours_parse("Mo-Fr 08:00-12:00,13:00-17:00; Sa 10:00-14:00; Jun-Aug Mo-Fr "
                         "09:00-15:00; Dec 24-26 off; Dec 31 10:00-12:00; PH off",
                         &h, NULL) != 0) {
        fprintf(stderr, "parse failed\n");
        return 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (day = 0; day < calls; day++) {
        sla__hours_day(h, 20000 + day % 40000, false, sp, &n);
        total += n;
    }
    printf("sla__hours_day          %8.1f ns per call (%zu spans)\n", ns_since(&a) / calls, total);
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (day = 0; day < calls; day++)
        total += (size_t)sla__hours_next_change(h, 20000 + day % 40000);
    printf("sla__hours_next_change  %8.1f ns per call (%zu)\n", ns_since(&a) / calls, total % 10);
    sla__hours_free(h);
    return 0;
}
