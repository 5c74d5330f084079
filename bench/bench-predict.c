/* Benchmark of the prediction core: the many-clock scan and the queue
 * forecast. Prints figures against the targets; `meson test --benchmark`.
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "libsla/sla.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts); /* one core's time, even on a busy machine */
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void row(const char *what, double value, const char *unit, double target)
{
    printf("%-46s %12.3f %-3s (target < %g %s) %s\n", what, value, unit, target, unit,
           value < target ? "PASS" : "MISS");
}

int main(void)
{
    enum { NCLOCK = 1000000, K = 100, NT = 10000 };
    const int64_t now = 1741366500; /* Friday 2025-03-07 16:55Z */
    sla_calendar *cal = NULL;
    const sla_calendar *cals[1];
    int64_t *deadline = malloc(NCLOCK * sizeof *deadline), *rem = malloc(NCLOCK * sizeof *rem);
    int64_t *target = malloc(NCLOCK * sizeof *target);
    int *flags = malloc(NCLOCK * sizeof *flags);
    size_t top[K], ntop = 0;
    unsigned seed = 1;
    double t0, best = 1e9;
    int i, rep;

    if (!deadline || !rem || !target || !flags ||
        sla_calendar_new("Europe/Oslo", "Mo-Fr 08:00-16:00", &cal, NULL) != 0) {
        fprintf(stderr, "setup failed\n");
        return 1;
    }
    cals[0] = cal;
    for (i = 0; i < NCLOCK; i++) {
        seed = seed * 1103515245u + 12345u;
        deadline[i] = now - 3600 + (int64_t)(seed % (10u * 86400u));
        target[i] = 8 * 3600;
    }
    for (rep = 0; rep < 7; rep++) {
        t0 = now_s();
        if (sla_scan(cals, 1, NULL, now, NULL, deadline, NULL, target, NCLOCK, 0.75, rem, flags, K,
                     top, &ntop) != 0) {
            fprintf(stderr, "scan failed\n");
            return 1;
        }
        if (now_s() - t0 < best)
            best = now_s() - t0;
    }
    printf("libsla prediction benchmark (thread CPU time on one core, best of 7)\n");
    row("scan 1,000,000 clocks, top-100 (ms)", best * 1e3, "ms", 20);

    {
        sla_roster *r = NULL;
        int *ch = malloc(NT * sizeof *ch), *pr = malloc(NT * sizeof *pr);
        int64_t *ar = malloc(NT * sizeof *ar), *dl = malloc(NT * sizeof *dl);
        sla_forecast *f = NULL;
        if (!ch || !pr || !ar || !dl || sla_roster_new("Europe/Oslo", &r) != 0 ||
            sla_roster_add_shift(r, SLA_CHANNEL_EMAIL, "Mo-Fr 08:00-16:00", 60, 1, NULL, NULL) ||
            sla_roster_add_shift(r, SLA_CHANNEL_EMAIL, "Mo-Fr 16:00-22:00", 30, 1, NULL, NULL) ||
            sla_roster_add_shift(r, SLA_CHANNEL_CHAT, "Mo-Su 08:00-23:00", 25, 3, NULL, NULL) ||
            sla_roster_set_handle_time(r, SLA_CHANNEL_EMAIL, 480, 300) ||
            sla_roster_set_handle_time(r, SLA_CHANNEL_CHAT, 240, 120)) {
            fprintf(stderr, "roster failed\n");
            return 1;
        }
        for (i = 0; i < NT; i++) {
            seed = seed * 1103515245u + 12345u;
            ch[i] = i % 3 == 0 ? SLA_CHANNEL_CHAT : SLA_CHANNEL_EMAIL;
            pr[i] = (int)(seed % 4);
            ar[i] = now - (int64_t)(seed % (4u * 3600u));
            dl[i] = ar[i] + (ch[i] == SLA_CHANNEL_CHAT ? 2 * 3600 : 3 * 86400);
        }
        best = 1e9;
        for (rep = 0; rep < 5; rep++) {
            t0 = now_s();
            if (sla_forecast_new(r, now, ch, pr, ar, dl, NT, SLA_ORDER_EDF, 0, 0, &f) != 0)
                return 1;
            if (now_s() - t0 < best)
                best = now_s() - t0;
            sla_forecast_free(f);
        }
        row("forecast 10,000 tickets, mean-value (ms)", best * 1e3, "ms", 5);
        t0 = now_s();
        if (sla_forecast_new(r, now, ch, pr, ar, dl, NT, SLA_ORDER_EDF, 1000, 7, &f) != 0)
            return 1;
        row("forecast 10,000 tickets x 1,000 samples (s)", now_s() - t0, "s", 1);
        printf("  expected breaches: %.1f of %d\n", sla_forecast_expected_breaches(f), NT);
        sla_forecast_free(f);
        sla_roster_free(r);
        free(ch);
        free(pr);
        free(ar);
        free(dl);
    }
    sla_calendar_free(cal);
    free(deadline);
    free(rem);
    free(target);
    free(flags);
    return 0;
}
