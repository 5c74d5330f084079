/* iCalendar memory benchmark: peak memory and time of loading hostile feeds
 * of 2, 4, 8 and 16 MiB (issue: memory amplification), each in a child
 * process so that its peak resident size is its own. Shapes:
 *   unread  one event with millions of properties libsla never reads
 *   exdate  one event with hundreds of thousands of EXDATE lines (read)
 *   events  hundreds of thousands of empty events
 *   feed    a real-looking feed: one-day holidays with descriptions (up to
 *           the instance limit, 100,000, at about 32 MiB)
 * Prints the peak above a child that only builds the text, as a multiple of
 * the file size, and whether the load succeeded or hit the memory limit.
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libsla/sla.h>

static char *make(const char *shape, size_t size, size_t *ret_len)
{
    static const char head[] = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//libsla bench//EN\r\n";
    static const char tail[] = "END:VCALENDAR\r\n";
    char *s = malloc(size + 4096), unit[512];
    size_t n = 0, k = 0;
    if (!s)
        exit(3);
    n += (size_t)sprintf(s + n, "%s", head);
    if (!strcmp(shape, "unread") || !strcmp(shape, "exdate"))
        n += (size_t)sprintf(s + n, "BEGIN:VEVENT\r\nUID:a\r\nDTSTART;VALUE=DATE:20250417\r\n");
    while (n + 600 < size) {
        size_t u;
        if (!strcmp(shape, "unread"))
            u = (size_t)sprintf(unit, "X:a\r\n");
        else if (!strcmp(shape, "exdate"))
            u = (size_t)sprintf(unit, "EXDATE:20250101\r\n");
        else if (!strcmp(shape, "events"))
            u = (size_t)sprintf(unit, "BEGIN:VEVENT\r\nEND:VEVENT\r\n");
        else
            u = (size_t)sprintf(unit,
                                "BEGIN:VEVENT\r\nUID:h%zu@bench\r\nDTSTAMP:20250101T000000Z\r\n"
                                "SUMMARY:Holiday %zu\r\nCATEGORIES:Holidays\r\n"
                                "DTSTART;VALUE=DATE:%04zu%02zu%02zu\r\n"
                                "DTEND;VALUE=DATE:%04zu%02zu%02zu\r\nTRANSP:TRANSPARENT\r\n"
                                "DESCRIPTION:A public holiday observed by most of the country;"
                                " offices and banks are closed.\r\nEND:VEVENT\r\n",
                                k, k, 1970 + k % 230, 1 + k % 12, 1 + k % 27, 1970 + k % 230,
                                1 + k % 12, 2 + k % 27);
        memcpy(s + n, unit, u);
        n += u;
        k++;
    }
    if (!strcmp(shape, "unread") || !strcmp(shape, "exdate"))
        n += (size_t)sprintf(s + n, "END:VEVENT\r\n");
    n += (size_t)sprintf(s + n, "%s", tail);
    *ret_len = n;
    return s;
}

/* Child: build the text, load it unless @p dry; exit 0 ok, 1 limit, 2 other. */
static int child(const char *shape, size_t size, int dry)
{
    size_t len;
    char *text = make(shape, size, &len);
    sla_ics_list *l = NULL;
    sla_ics_options *o = NULL;
    sla_diag *d = NULL;
    int r = 0;
    if (!dry) {
        sla_diag_new(&d);
        sla_ics_options_new(&o);
        r = sla_ics_list_new(text, len, "Europe/Oslo", o, &l, d);
        sla_ics_list_free(l);
        sla_ics_options_free(o);
        sla_diag_free(d);
    }
    free(text);
    return r == 0 ? 0 : r == SLA_ELIMIT ? 1 : 2;
}

static long run(const char *shape, size_t size, int dry, int *status, double *secs)
{
    struct rusage ru;
    struct timeval t0, t1;
    int st;
    pid_t pid;
    gettimeofday(&t0, NULL);
    pid = fork();
    if (pid == 0)
        _exit(child(shape, size, dry));
    if (pid < 0 || wait4(pid, &st, 0, &ru) < 0)
        exit(3);
    gettimeofday(&t1, NULL);
    *status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    *secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_usec - t0.tv_usec) * 1e-6;
    return ru.ru_maxrss; /* KiB */
}

int main(void)
{
    static const char *shapes[] = {"unread", "exdate", "events", "feed"};
    static const char *what[] = {"loaded", "refused (limit)", "error"};
    size_t i, mib;
    printf("ics memory: peak resident memory of one load above the text itself\n");
    printf("%-7s %6s %10s %7s %8s  %s\n", "shape", "MiB", "extra KiB", "x size", "seconds",
           "result");
    for (i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        for (mib = 2; mib <= 16; mib *= 2) {
            size_t size = mib * 1024 * 1024 - 8192;
            int st0, st;
            double s0, s;
            long base = run(shapes[i], size, 1, &st0, &s0);
            long peak = run(shapes[i], size, 0, &st, &s);
            printf("%-7s %6zu %10ld %7.2f %8.2f  %s\n", shapes[i], mib, peak - base,
                   (double)(peak - base) * 1024.0 / (double)size, s - s0,
                   st >= 0 && st <= 2 ? what[st] : "crashed");
        }
    }
    return 0;
}
