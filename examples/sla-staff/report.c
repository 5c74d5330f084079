/*
 * sla-staff: the text report and the CSV table
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) The libsla authors
 */
#include "staff.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* "Tue 17:30" of a bucket of the week. */
void format_bucket(int b, char *buf, size_t size)
{
    int s = (b % PER_DAY) * 30;
    snprintf(buf, size, "%s %02d:%02d", day_names[b / PER_DAY], s / 60, s % 60);
}

void format_hours(double secs, char *buf, size_t size)
{
    long m = lround(secs / 60.0);
    if (m >= 60)
        snprintf(buf, size, "%ldh%02ldm", m / 60, m % 60);
    else
        snprintf(buf, size, "%ldm", m);
}

static int terminal_width(void)
{
    struct winsize ws;
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    const char *c = getenv("COLUMNS");
    if (c && atoi(c) > 0)
        return atoi(c);
    return 80;
}

void print_csv(const struct report *rp)
{
    printf("day,start,contacts,agents,scheduled,open_fraction\n");
    for (int b = 0; b < NB; b++) {
        int s = (b % PER_DAY) * 30;
        printf("%s,%02d:%02d,%.3f,%d,%d,%.3f\n", day_names[b / PER_DAY], s / 60, s % 60,
               rp->profile[b], rp->agents[b], rp->scheduled[b], rp->open_fraction[b]);
    }
}

/* One line about half hour @p b: its demand and what the calendar leaves
 * of it unanswered, and for how long. */
static void describe_slot(const char *label, const sla_calendar *cal, int64_t week_start,
                          const struct report *rp, int b)
{
    char when[32], wait[32] = "";
    format_bucket(b, when, sizeof when);
    double shut = 1.0 - rp->open_fraction[b];
    printf("  %-22s %s-%02d:%02d: %.1f contacts, %d agents needed; ", label, when,
           ((b % PER_DAY) + 1) * 30 / 60 % 24, ((b % PER_DAY) + 1) * 30 % 60, rp->profile[b],
           rp->agents[b]);
    if (shut <= 1e-9) {
        printf("open, answered\n");
        return;
    }
    int64_t t = week_start + (int64_t)b * BUCKET + BUCKET / 2, u;
    int open = 0;
    if (sla_calendar_is_open(cal, t, &open) == 0 && open)
        t -= BUCKET / 2;
    if (sla_calendar_next_open(cal, t, &u) == 0)
        format_hours((double)(u - t), wait, sizeof wait);
    printf("%.0f %% of it (%.1f) unanswered%s%s%s\n", shut * 100.0, rp->profile[b] * shut,
           wait[0] ? ", waiting " : "", wait, wait[0] ? " to opening" : " (never opens)");
}

int print_report(const struct options *o, const sla_calendar *cal, int64_t week_start,
                 const struct report *rp)
{
    enum style st = STYLE_ASCII;
    bool tty = isatty(STDOUT_FILENO) != 0;
    const char *nc = getenv("NO_COLOR");
    bool no_color = nc && *nc;
    if (o->color)
        st = STYLE_COLOR;
    else if (o->plain || !tty)
        st = STYLE_ASCII;
    else
        st = no_color ? STYLE_SHADES : STYLE_COLOR;
    int cols = o->hourly || terminal_width() < 5 + PER_DAY + 10 ? 24 : PER_DAY;

    double agents_d[NB];
    for (int b = 0; b < NB; b++)
        agents_d[b] = rp->agents[b];
    heat_map(cols == PER_DAY ? "Contacts per half hour (average week)"
                             : "Contacts per hour (average week)",
             rp->profile, true, cols, st, "per day", 0);
    heat_map(o->patience > 0 ? "Agents needed (Erlang A)" : "Agents needed (Erlang C)", agents_d,
             false, cols, st, "peak", 0);

    double total = 0, ah = 0, sh = 0, ah_open = 0, sh_open = 0;
    int peak = 0;
    for (int b = 0; b < NB; b++) {
        total += rp->profile[b];
        ah += rp->agents[b] * 0.5;
        sh += rp->scheduled[b] * 0.5;
        ah_open += rp->agents[b] * 0.5 * rp->open_fraction[b];
        sh_open += rp->scheduled[b] * 0.5 * rp->open_fraction[b];
        if (rp->profile[b] > rp->profile[peak])
            peak = b;
    }
    char when[32];
    printf("Summary\n");
    printf("  contacts per week      %.1f\n", total);
    format_bucket(peak, when, sizeof when);
    printf("  peak half hour         %s-%02d:%02d, %.1f contacts, %d agents (%d to schedule)\n",
           when, ((peak % PER_DAY) + 1) * 30 / 60 % 24, ((peak % PER_DAY) + 1) * 30 % 60,
           rp->profile[peak], rp->agents[peak], rp->scheduled[peak]);
    if (o->patience > 0 && rp->agents[peak] > 0) {
        double ab;
        if (sla_erlang_a_abandon(rp->profile[peak] / BUCKET, o->aht, o->patience, rp->agents[peak],
                                 &ab) == 0)
            printf("                         %.1f %% of its contacts abandon\n", ab * 100.0);
    }
    printf("  agent-hours per week   %.1f needed around the clock, %.1f to schedule "
           "(shrinkage %.0f %%)\n",
           ah, sh, o->shrinkage * 100.0);
    printf("                         %.1f needed within business hours, %.1f to schedule\n",
           ah_open, sh_open);

    /* Coverage gap. */
    printf("\nCoverage gap vs '%s' (%s)\n", o->hours, o->tz);
    printf("  arriving while closed  %.1f %% of contacts (%.1f per week)\n",
           rp->closed_share * 100.0, rp->closed_contacts);
    double wsum = 0, wtot = 0;
    bool never = false;
    int worst = -1;
    double worst_closed = 0;
    for (int b = 0; b < NB; b++) {
        double closed = rp->profile[b] * (1.0 - rp->open_fraction[b]);
        if (closed <= 0)
            continue;
        if (closed > worst_closed) {
            worst_closed = closed;
            worst = b;
        }
        /* Wait until the next opening, from the middle of the half hour
         * (or its start when the middle is open). */
        int64_t t = week_start + (int64_t)b * BUCKET + BUCKET / 2, u;
        int open = 0;
        if (sla_calendar_is_open(cal, t, &open) == 0 && open)
            t -= BUCKET / 2;
        int r = sla_calendar_next_open(cal, t, &u);
        if (r == SLA_ENEVER) {
            never = true;
            continue;
        }
        if (r != 0)
            continue;
        wsum += closed * (double)(u - t);
        wtot += closed;
    }
    if (never) {
        printf("  the calendar never opens: every contact goes unanswered\n");
    } else if (wtot > 0) {
        char buf[32];
        format_hours(wsum / wtot, buf, sizeof buf);
        printf("  their wait to opening  %s on average\n", buf);
    }
    /* The evening: the busiest half hour from 17:00 on, any day; then the
     * busiest closed half hour when that is another one. */
    int eve = -1;
    for (int b = 0; b < NB; b++)
        if (b % PER_DAY >= 34 && (eve < 0 || rp->profile[b] > rp->profile[eve]))
            eve = b;
    if (eve >= 0 && rp->profile[eve] > 0)
        describe_slot("evening peak (17:00+)", cal, week_start, rp, eve);
    if (worst >= 0 && worst != eve)
        describe_slot("busiest closed slot", cal, week_start, rp, worst);

    printf("\n  %-3s %10s   %-11s %10s %7s %12s %12s\n", "day", "contacts", "busiest", "contacts",
           "agents", "to schedule", "agent-hours");
    for (int d = 0; d < 7; d++) {
        double sum = 0, hours = 0;
        int pk = d * PER_DAY;
        for (int k = 0; k < PER_DAY; k++) {
            int b = d * PER_DAY + k;
            sum += rp->profile[b];
            hours += rp->agents[b] * 0.5;
            if (rp->agents[b] > rp->agents[pk] ||
                (rp->agents[b] == rp->agents[pk] && rp->profile[b] > rp->profile[pk]))
                pk = b;
        }
        int s = (pk % PER_DAY) * 30;
        printf("  %s %10.1f   %02d:%02d-%02d:%02d %10.1f %7d %12d %12.1f\n", day_names[d], sum,
               s / 60, s % 60, (s + 30) / 60 % 24, (s + 30) % 60, rp->profile[pk], rp->agents[pk],
               rp->scheduled[pk], hours);
    }
    return 0;
}
