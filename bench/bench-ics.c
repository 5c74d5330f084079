/* iCalendar memory benchmark: peak memory and time of loading hostile feeds
 * of 2, 4, 8 and 16 MiB (issue: memory amplification), each in a child
 * process so that its peak resident size is its own. Shapes:
 *   unread  one event with millions of properties libsla never reads
 *   exdate  one event with hundreds of thousands of EXDATE lines (read)
 *   events  hundreds of thousands of empty events
 *   feed    a real-looking feed: one-day holidays with descriptions (up to
 *           the instance limit, 100,000, at about 32 MiB)
 *   zones   tens of thousands of VTIMEZONEs, each used by one event
 *   vendor  events whose TZIDs are all different vendor prefixes of one
 *           IANA zone ("/vendor-N/Europe/Oslo")
 *   overr   one weekly event and tens of thousands of RECURRENCE-ID
 *           overrides of it, which move instances out of the window
 *   maxunit one event as large as a component may be (4,200 EXDATEs), then
 *           empty events: the most libical holds at once
 *   summary one daily event with a 1 MiB SUMMARY and 80,000 instances,
 *           then properties never read
 *   worst   one daily event with 99,000 instances and as many EXDATEs as a
 *           component may hold, then properties never read: every bound
 *           that does not grow with the file at its largest
 * Prints the peak above a child that only builds the text, as a multiple of
 * the file size, and whether the load succeeded or hit the memory limit.
 * Then the CPU time of the costliest recurrences one tiny file may hold
 * within the step budget (SLA_ICS_MAX_STEPS), and of those just past it.
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
    if (!strcmp(shape, "overr"))
        n += (size_t)sprintf(s + n, "BEGIN:VEVENT\r\nUID:w\r\nDTSTART:19700105T090000Z\r\n"
                                    "DTEND:19700105T100000Z\r\nRRULE:FREQ=WEEKLY\r\nEND:VEVENT\r\n");
    if (!strcmp(shape, "worst")) {
        n += (size_t)sprintf(s + n, "BEGIN:VEVENT\r\nUID:a\r\nDTSTART:19800101T090000Z\r\n"
                                    "DTEND:19800101T100000Z\r\nRRULE:FREQ=DAILY;COUNT=99000\r\n");
        while (k < 4200 && n + 600 < size) {
            n += (size_t)sprintf(s + n, "EXDATE:%04zu%02zu%02zuT090000Z\r\n", 2250 + k / 300,
                                 1 + k / 25 % 12, 1 + k % 25);
            k++;
        }
    }
    if (!strcmp(shape, "maxunit")) {
        n += (size_t)sprintf(s + n, "BEGIN:VEVENT\r\nUID:a\r\nDTSTART;VALUE=DATE:20250417\r\n");
        while (k < 4200 && n + 600 < size) {
            n += (size_t)sprintf(s + n, "EXDATE:20250101\r\n");
            k++;
        }
        n += (size_t)sprintf(s + n, "END:VEVENT\r\n");
    }
    if (!strcmp(shape, "summary")) {
        size_t i;
        n += (size_t)sprintf(s + n, "BEGIN:VEVENT\r\nUID:a\r\nDTSTART:19800101T090000Z\r\n"
                                    "DTEND:19800101T100000Z\r\nRRULE:FREQ=DAILY;COUNT=80000\r\n"
                                    "SUMMARY:");
        for (i = 0; i < (size_t)1 << 20 && n + 600 < size; i++)
            s[n++] = 'a' + (char)(i % 26);
        n += (size_t)sprintf(s + n, "\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\n");
    }
    while (n + 600 < size) {
        size_t u;
        if (!strcmp(shape, "unread") || !strcmp(shape, "summary") || !strcmp(shape, "worst"))
            u = (size_t)sprintf(unit, "X:a\r\n");
        else if (!strcmp(shape, "zones"))
            u = (size_t)sprintf(unit,
                                "BEGIN:VTIMEZONE\r\nTZID:Zone %zu\r\nBEGIN:STANDARD\r\n"
                                "DTSTART:19700101T000000\r\nTZOFFSETFROM:+0100\r\n"
                                "TZOFFSETTO:+0100\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
                                "BEGIN:VEVENT\r\nDTSTART;TZID=Zone %zu:20250102T100000\r\n"
                                "DTEND;TZID=Zone %zu:20250102T110000\r\nEND:VEVENT\r\n",
                                k, k, k);
        else if (!strcmp(shape, "vendor"))
            u = (size_t)sprintf(unit,
                                "BEGIN:VEVENT\r\nDTSTART;TZID=/vendor-%zu/Europe/Oslo:20250102T100000\r\n"
                                "DURATION:PT1H\r\nEND:VEVENT\r\n",
                                k);
        else if (!strcmp(shape, "overr"))
            u = (size_t)sprintf(unit,
                                "BEGIN:VEVENT\r\nUID:w\r\nRECURRENCE-ID:%04zu%02zu%02zuT090000Z\r\n"
                                "DTSTART:22500101T090000Z\r\nEND:VEVENT\r\n",
                                1971 + k / 300, 1 + k / 25 % 12, 1 + k % 25);
        else if (!strcmp(shape, "maxunit"))
            u = (size_t)sprintf(unit, "BEGIN:VEVENT\r\nEND:VEVENT\r\n");
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
    if (!strcmp(shape, "unread") || !strcmp(shape, "exdate") || !strcmp(shape, "summary") ||
        !strcmp(shape, "worst"))
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

/* CPU time (best of 3) and result of listing one rule in the default window. */
static void rule_row(const char *name, const char *dtstart, const char *rule)
{
    char text[1024];
    double best = 1e9;
    int k, r = 0;
    snprintf(text, sizeof text,
             "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:r\r\nDTSTART:%s\r\nDURATION:PT1M\r\n"
             "RRULE:%s\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
             dtstart, rule);
    for (k = 0; k < 3; k++) {
        struct timespec t0, t1;
        sla_ics_list *l = NULL;
        sla_diag *d = NULL;
        double s;
        sla_diag_new(&d);
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
        r = sla_ics_list_new(text, strlen(text), "UTC", NULL, &l, d);
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
        s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
        if (s < best)
            best = s;
        sla_ics_list_free(l);
        sla_diag_free(d);
    }
    printf("%-48s %7.3f  %s\n", name, best,
           r == 0 ? "loaded" : r == SLA_ELIMIT ? "refused (limit)" : "error");
}

int main(void)
{
    static const char *shapes[] = {"unread", "exdate",  "events",  "feed",
                                   "zones",  "vendor", "overr",   "maxunit", "summary", "worst"};
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
    printf("\nics recurrence: CPU seconds of one tiny file (best of 3), step budget %d\n",
           SLA_ICS_MAX_STEPS);
    rule_row("daily from 1970, no end (84,000 instances)", "19700101T090000Z", "FREQ=DAILY");
    rule_row("140 a week from 1800, 240,000 (all before 1970)", "18000106T090000Z",
             "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;BYHOUR=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,"
             "16,17,18,19,20;COUNT=240000");
    rule_row("140 a week from 1800, 900,000 (past the budget)", "18000106T090000Z",
             "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;BYHOUR=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,"
             "16,17,18,19,20;COUNT=900000");
    rule_row("minutely, filtered to one a day, from 1970", "19700105T090000Z",
             "FREQ=MINUTELY;BYHOUR=3;BYMINUTE=7;COUNT=990000");
    rule_row("hourly from 2190 (87,000 instances)", "21900101T000000Z", "FREQ=HOURLY");
    return 0;
}
