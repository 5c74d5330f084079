/* Benchmark of opening-hours evaluation, the inner step of calendar
 * compilation: ns per date's spans and per next-change lookup; then the
 * whole compile of opening-hours texts of 1, 2 and 4 KiB (lists of dates,
 * the D6 reproducer of the reliability report, and the worst cases found:
 * every other date changes, 64 rules of weeks, nth weekdays and Easter,
 * nth weekdays that change the selector state on most dates, many spans a
 * date under states that change every week, 64 nth rules, and the slowest
 * random 64-rule texts of two kinds found),
 * in ms of thread CPU time and bytes held. The target: any text within the
 * 4 KiB limit compiles in at most 10 ms.
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <libsla/sla.h>

#include "text/hours.h"

static const char *const MONTHS[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

static double ns_since(const struct timespec *a)
{
    struct timespec b;
    clock_gettime(CLOCK_MONOTONIC, &b);
    return (double)(b.tv_sec - a->tv_sec) * 1e9 + (double)(b.tv_nsec - a->tv_nsec);
}

/* Appends "Jan 01,Jan 02,..." (step days apart, cycling through the year)
 * to buf until it holds about `size` bytes, then `tail`. */
static void date_list(char *buf, size_t size, const char *head, int step, const char *tail)
{
    size_t n = (size_t)snprintf(buf, size + 64, "%s", head);
    int k = 0;
    while (n + 8 + strlen(tail) < size) {
        int m = (k / 28) % 12, d = k % 28 + 1;
        n += (size_t)snprintf(buf + n, 16, "%s%s %02d", k ? "," : "", MONTHS[m], d);
        k += step;
        if (k >= 12 * 28) {
            if (step > 1)
                break; /* every other date of the year: as many changes as can be */
            k = k % 28 + 1; /* another pass, shifted, so dates stay distinct */
        }
    }
    snprintf(buf + n, size + 64 - n, "%s", tail);
}

static void dated_list(char *buf, size_t size)
{
    size_t n = 0;
    int k = 0;
    while (n + 16 + 12 < size) {
        n += (size_t)snprintf(buf + n, 20, "%s%d %s %02d", k ? "," : "", 1970 + k % 230,
                              MONTHS[k % 12], 1 + k % 28);
        k++;
    }
    snprintf(buf + n, size + 64 - n, " 10:00-12:00");
}

/* 64 rules of weeks, nth weekdays and Easter, overnight, with PH rules. */
static void selector_mix(char *buf, size_t size)
{
    static const char *const WD[] = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};
    size_t n = 0;
    int k;
    for (k = 0; k < 64 && n + 80 < size; k++) {
        const char *sep = k == 0 ? "" : (k % 8 ? "; " : ", ");
        switch (k % 4) {
        case 0:
            n += (size_t)snprintf(buf + n, 80, "%sweek %02d-53/%d %s[%d] 22:%02d-03:00", sep,
                                  1 + k % 7, 2 + k % 5, WD[k % 7], 1 + k % 5, k % 60);
            break;
        case 1:
            n += (size_t)snprintf(buf + n, 80, "%seaster -%d days-easter +%d days %s 09:00-1%d:00",
                                  sep, k % 5, 1 + k % 4, WD[k % 7], k % 10);
            break;
        case 2:
            n += (size_t)snprintf(buf + n, 80, "%s%s %02d-%s %02d,%s %02d %s[-%d] 07:%02d-19:00",
                                  sep, MONTHS[k % 12], 1 + k % 27, MONTHS[(k + 3) % 12],
                                  1 + k % 25, MONTHS[(k + 7) % 12], 1 + k % 20, WD[k % 7],
                                  1 + k % 4, k % 60);
            break;
        default:
            n += (size_t)snprintf(buf + n, 80, "%sPH 1%d:00-1%d:30 off", sep, k % 6, k % 6);
        }
    }
}

static double cpu_ns_since(const struct timespec *a)
{
    struct timespec b;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &b);
    return (double)(b.tv_sec - a->tv_sec) * 1e9 + (double)(b.tv_nsec - a->tv_nsec);
}

static int compile_row(const char *name, const char *text)
{
    sla_calendar_builder *b = NULL;
    sla_calendar *c = NULL;
    sla_diag *d = NULL;
    double best = 1e30;
    int i, r;
    size_t mem = 0;

    sla_diag_new(&d);
    for (i = 0; i < 7; i++) {
        struct timespec a;
        double ns;
        if (sla_calendar_builder_new("Europe/Oslo", &b) != 0)
            return 1;
        sla_calendar_builder_add_holiday(b, 2025, 5, 1);
        sla_calendar_builder_add_holiday(b, 2025, 12, 25);
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &a);
        r = sla_calendar_builder_set_hours(b, text, d);
        if (r == 0)
            r = sla_calendar_builder_compile(b, &c);
        ns = cpu_ns_since(&a);
        sla_calendar_builder_free(b);
        if (r != 0) {
            fprintf(stderr, "%s: %s\n", name, sla_diag_message(d));
            sla_diag_free(d);
            return 1;
        }
        mem = sla_calendar_memory_size(c);
        sla_calendar_free(c);
        if (ns < best)
            best = ns;
    }
    sla_diag_free(d);
    printf("compile %-44s %5zu B  %7.2f ms CPU  %8zu B held\n", name, strlen(text), best / 1e6,
           mem);
    return 0;
}

#define NTH_A "Mo[1,3,5],Tu[2,4],We[1,3,5],Th[2,4],Fr[1,3,5],Sa[2,4],Su[1,3,5]"
#define NTH_B "Mo[2,4],Tu[1,3,5],We[2,4],Th[1,3,5],Fr[2,4],Sa[1,3,5],Su[2,4]"

/* Two rules of n spans a date each (one every `step` minutes, 10 minutes
 * long), whose nth selectors swap every week; with `overnight`, each ends
 * with a different span past midnight. */
static void many_spans(char *buf, int n, int step, bool overnight)
{
    size_t k = 0;
    int r, i;
    for (r = 0; r < 2; r++) {
        k += (size_t)sprintf(buf + k, "%s%s ", r ? "; " : "", r ? NTH_B : NTH_A);
        for (i = 0; i < n - (overnight ? 1 : 0); i++) {
            int m = i * step + r * 5;
            k += (size_t)sprintf(buf + k, "%s%02d:%02d-%02d:%02d", i ? "," : "", m / 60, m % 60,
                                 (m + 10) / 60, (m + 10) % 60);
        }
        if (overnight)
            k += (size_t)sprintf(buf + k, ",23:%02d-%s", 20 + 5 * r, r ? "27:00" : "28:00");
    }
}

/* 64 rules of one nth weekday each, over week steps or date ranges. */
static void nth_rules(char *buf, bool dates)
{
    static const char *wd[] = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};
    static const char *mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    static const int nth[] = {1, 2, 3, -1};
    size_t k = 0;
    int i;
    for (i = 0; i < 64; i++) {
        const char *sep = i ? "; " : "";
        if (dates)
            k += (size_t)sprintf(buf + k, "%s%s %d-%s %d %s[%d] 22:00-06:00", sep, mon[i % 12],
                                 1 + i % 28, mon[(i + 5) % 12], 1 + (i * 3) % 28, wd[i % 7],
                                 nth[i % 3 == 2 ? 3 : i % 3]);
        else
            k += (size_t)sprintf(buf + k, "%sweek %d-53/%d %s[%d] %02d:00-%02d:00", sep,
                                 1 + i % 50, 2 + i % 4, wd[i % 7], nth[i % 4], (i * 3) % 24,
                                 (i * 3 + 10) % 24);
    }
}

/* A random text of up to 64 rules within the 4 KiB limit: week steps,
 * date ranges or Easter ranges, nth weekdays, a few spans with a night
 * shift (the shape a random search found the slowest). */
#ifndef RANDOM_SEED
#define RANDOM_SEED 5 /* the slowest of seeds 1-200 */
#endif
static uint64_t rnd_state;
static unsigned rnd(unsigned n)
{
    rnd_state = rnd_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)(rnd_state >> 33) % n;
}

static void random_rules(char *buf, uint64_t seed)
{
    static const char *wd[] = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};
    static const char *mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    static const int nth[] = {1, 2, 3, 4, 5, -1, -2};
    char rule[512];
    size_t len = 0;
    int i;

    rnd_state = seed;
    buf[0] = '\0';
    for (i = 0; i < 64; i++) {
        size_t k = 0;
        int j, nd = 1 + (int)rnd(7), ns = 1 + (int)rnd(3), m = (int)rnd(60);
        unsigned r = rnd(10);
        if (r < 3)
            k += (size_t)sprintf(rule + k, "week %u-53/%u ", 1 + rnd(10), 2 + rnd(4));
        else if (r < 6) {
            unsigned a = rnd(12);
            k += (size_t)sprintf(rule + k, "%s %u-%s %u ", mon[a], 1 + rnd(28),
                                 mon[(a + rnd(7)) % 12], 1 + rnd(28));
        } else if (r < 7)
            k += (size_t)sprintf(rule + k, "easter -%u days-easter +%u days ", rnd(21), rnd(21));
        for (j = 0; j < nd; j++) {
            int a = nth[rnd(7)], b = nth[rnd(7)];
            if (a > b) {
                int t = a;
                a = b;
                b = t;
            }
            if (a == b)
                k += (size_t)sprintf(rule + k, "%s%s[%d]", j ? "," : "", wd[(i + j) % 7], a);
            else
                k += (size_t)sprintf(rule + k, "%s%s[%d,%d]", j ? "," : "", wd[(i + j) % 7], a, b);
        }
        for (j = 0; j < ns; j++, m += 20 + (int)rnd(40))
            k += (size_t)sprintf(rule + k, "%c%02d:%02d-%02d:%02d", j ? ',' : ' ', m / 60, m % 60,
                                 (m + 10) / 60, (m + 10) % 60);
        if (rnd(10) < 6)
            k += (size_t)sprintf(rule + k, ",23:%02u-%02u:%02u", 30 + rnd(29), 25 + rnd(7), rnd(60));
        if (len + k + 2 > 4090)
            break;
        len += (size_t)sprintf(buf + len, "%s%s", i ? (rnd(8) ? "; " : ", ") : "", rule);
    }
}

/* A random text of the second kind: year ranges, week steps, Easter and
 * date ranges, nth weekdays, up to four spans a date of any length up to
 * 48:00, `off` rules, mostly ';' (a random search over 3,000 seeds of this
 * kind found the slowest text of all). */
#ifndef RANDOM2_SEED
#define RANDOM2_SEED 2828
#endif
static void random_rules2(char *buf, uint64_t seed)
{
    static const char *wd[] = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};
    char rule[600];
    size_t len = 0;
    int i;

    rnd_state = seed;
    buf[0] = '\0';
    for (i = 0; i < 64; i++) {
        size_t k = 0;
        unsigned r = rnd(12);
        int j, nd, ns, m;
        if (r < 2)
            k += (size_t)sprintf(rule + k, "%u-%u ", 1970 + rnd(100), 2070 + rnd(130));
        if (r < 4)
            k += (size_t)sprintf(rule + k, "week %u-%u/%u ", 1 + rnd(20), 30 + rnd(24), 2 + rnd(4));
        else if (r < 7)
            k += (size_t)sprintf(rule + k, "easter -%u days-easter +%u days ", rnd(40), rnd(40));
        else if (r < 10) {
            unsigned a = rnd(12);
            k += (size_t)sprintf(rule + k, "%s %u-%s %u ", MONTHS[a], 1 + rnd(28),
                                 MONTHS[(a + rnd(11)) % 12], 1 + rnd(28));
        }
        nd = (int)rnd(4);
        for (j = 0; j < nd; j++) {
            int a = 1 + (int)rnd(5);
            k += (size_t)sprintf(rule + k, "%s%s[%d]", j ? "," : "", wd[rnd(7)], rnd(3) ? a : -a);
        }
        ns = 1 + (int)rnd(4);
        m = (int)rnd(120);
        for (j = 0; j < ns; j++, m += 15 + (int)rnd(200)) {
            int e;
            if (m > 1430)
                break;
            e = m + 5 + (int)rnd(j == ns - 1 ? 1400 : 60);
            if (e > 2880)
                e = 2880;
            k += (size_t)sprintf(rule + k, "%c%02d:%02d-%02d:%02d", j ? ',' : ' ', m / 60, m % 60,
                                 e / 60, e % 60);
            m = e;
        }
        if (rnd(6) == 0)
            k += (size_t)sprintf(rule + k, " off");
        if (len + k + 2 > 4090)
            break;
        len += (size_t)sprintf(buf + len, "%s%s", i ? (rnd(10) ? "; " : ", ") : "", rule);
    }
}

static int compile_rows(void)
{
    static char buf[4096 + 64];
    static const size_t sizes[] = {1024, 2048, 4096};
    int rc = 0;
    size_t i;

    printf("\nopening hours: set_hours + compile (Europe/Oslo, 2 holidays), thread CPU time, "
           "best of 7\n");
    for (i = 0; i < 3; i++) {
        char name[64];
        date_list(buf, sizes[i], "Mo-Fr 09:00-17:00; ", 1, " 10:00-12:00");
        snprintf(name, sizeof name, "month-day list, %zu KiB", sizes[i] / 1024);
        rc |= compile_row(name, buf);
        dated_list(buf, sizes[i]);
        snprintf(name, sizeof name, "dated-day list, %zu KiB", sizes[i] / 1024);
        rc |= compile_row(name, buf);
        date_list(buf, sizes[i], "Mo-Fr 22:00-06:00; PH 10:00-12:00; ", 2, " 20:00-04:00");
        snprintf(name, sizeof name, "every other date, overnight, %zu KiB", sizes[i] / 1024);
        rc |= compile_row(name, buf);
    }
    /* the reliability report's reproducer (D6): 336 distinct dates */
    date_list(buf, 2390, "Mo-Fr 09:00-17:00; ", 1, " 10:00-12:00");
    rc |= compile_row("D6 reproducer (336 month days)", buf);
    selector_mix(buf, 4096);
    rc |= compile_row("64 rules: weeks, nth, Easter, PH, overnight", buf);
    /* nth weekdays: each change of the selector state each month is an
     * explicit date and a new pattern (found by fuzz-hours) */
    rc |= compile_row("one nth weekday: Mo[1]", "Mo[1] 09:00-10:00");
    rc |= compile_row("nth of every weekday, 7 rules, overnight",
                      "Mo[1] 09:00-10:00; Tu[2] 10:00-11:00; We[3] 11:00-12:00; "
                      "Th[4] 12:00-13:00; Fr[-1] 13:00-14:00; Sa[-2] 14:00-15:00; "
                      "Su[-3] 22:00-06:00; Mo[-1] 20:00-03:00; Tu[1] 20:00-02:00; "
                      "We[-2] 21:00-04:00");
    rc |= compile_row("nth weekdays, months, overnight (fuzz find)",
                      "Mo[1],Jun-Aug 09:00-17:00; 22:00-06:00");
    rc |= compile_row("nth weekdays changing every date, 2 rules",
                      "Mo[1,3,5],Tu[2,4],We[1,3,5],Th[2,4],Fr[1,3,5],Sa[2,4],Su[1,3,5] "
                      "22:00-06:00; Mo[2,4],Tu[1,3,5],We[2,4],Th[1,3,5],Fr[2,4],Sa[1,3,5],"
                      "Su[2,4] 09:00-17:00");
    /* the worst found since: many spans a date under states that change
     * every week, with overnight spans that differ from state to state */
    many_spans(buf, 32, 45, true);
    rc |= compile_row("32 spans a date, nth states, overnight", buf);
    many_spans(buf, 24, 60, false);
    rc |= compile_row("24 spans a date, nth states", buf);
    nth_rules(buf, false);
    rc |= compile_row("64 nth rules, week steps", buf);
    nth_rules(buf, true);
    rc |= compile_row("64 nth rules, date ranges, overnight", buf);
    random_rules(buf, RANDOM_SEED);
    rc |= compile_row("64 random rules: nth, dates, weeks, nights", buf);
    random_rules2(buf, RANDOM2_SEED);
    rc |= compile_row("64 random rules: years, weeks, Easter, long", buf);
    rc |= compile_row("Mo-Fr 08:00-16:00; PH off", "Mo-Fr 08:00-16:00; PH off");
    return rc;
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
    return compile_rows();
}
