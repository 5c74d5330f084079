/*
 * sla-staff: how many agents a helpdesk needs over the week, and what its
 * business hours leave uncovered, from an arrival log or a weekly profile.
 *
 *   sla-staff [OPTIONS] --log FILE.csv      arrivals, one row per contact
 *   sla-staff [OPTIONS] --profile FILE      336 contacts per half hour
 *   sla-staff [OPTIONS] [--demo]            a built-in generated profile
 *
 * The arrival profile is 336 half-hour buckets of the week (Monday
 * 00:00-00:30 first) in local wall-clock time of --tz. Agents per bucket
 * come from Erlang C (sla_staffing_table), or Erlang A with --patience; the
 * coverage gap from the business calendar (sla_coverage_gap). The parts are
 * listed in staff.h.
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) The libsla authors
 */
#include "staff.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *const day_names[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

int main(int argc, char **argv)
{
    tool_prog = "sla-staff";
    static struct options o;
    static struct report rp;
    o.tz = "UTC";
    o.hours = "Mo-Fr 09:00-17:00";
    o.aht = 240;
    o.level = 0.8;
    o.answer_time = 20;
    o.max_occupancy = 0.85;
    o.shrinkage = 0.3;
    bool want_help = false;
    int rc = parse_options(argc, argv, &o, &want_help);
    if (rc != 0)
        return rc;
    if (want_help) {
        help();
        return EXIT_OK;
    }

    sla_calendar *cal = NULL;
    rc = build_calendar(&o, &cal);
    if (rc != 0)
        return rc;

    char source[512];
    struct window win;
    bool from_log = false;
    struct log_result lg;
    memset(&lg, 0, sizeof lg);
    double seconds = 0;
    if (o.log) {
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        rc = read_log(&o, cal, &lg);
        if (rc == 0)
            rc = build_log_profile(&o, cal, &lg, rp.profile, &win);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
        if (rc != 0)
            goto out;
        const char *base = strrchr(o.log, '/');
        snprintf(source, sizeof source, "%s", base ? base + 1 : o.log);
        from_log = true;
    } else if (o.profile) {
        rc = read_profile(o.profile, rp.profile);
        if (rc != 0)
            goto out;
        const char *base = strrchr(o.profile, '/');
        snprintf(source, sizeof source, "profile %s", base ? base + 1 : o.profile);
    } else {
        demo_profile(rp.profile);
        snprintf(source, sizeof source, "built-in demo profile");
    }
    rp.source = source;

    int r = staff(&o, rp.profile, rp.agents, rp.scheduled);
    if (r != 0) {
        fprintf(stderr, "%s: staffing: %s\n", tool_prog, sla_strerror(r));
        rc = EXIT_FAIL;
        goto out;
    }

    /* The reference week for the calendar. */
    int64_t ref_day;
    int y, m, d;
    if (o.week && civil_parse_date(o.week, &y, &m, &d, NULL, 0))
        ref_day = civil_days(y, m, d);
    else if (o.n_holidays > 0 && civil_parse_date(o.holidays[0], &y, &m, &d, NULL, 0))
        ref_day = civil_days(y, m, d);
    else if (from_log)
        ref_day = win.first_day;
    else
        ref_day = civil_days(2025, 1, 13);
    int64_t week_start = 0, monday = 0;
    r = reference_week(cal, ref_day, &week_start, &monday);
    if (r != 0) {
        fprintf(stderr, "%s: reference week: %s\n", tool_prog, sla_strerror(r));
        rc = EXIT_FAIL;
        goto out;
    }
    for (size_t i = 0; i < o.n_holidays; i++) {
        civil_parse_date(o.holidays[i], &y, &m, &d, NULL, 0);
        int64_t hd = civil_days(y, m, d);
        if (hd < monday || hd >= monday + 7) {
            char wb[16];
            civil_format(monday, wb, sizeof wb);
            fprintf(stderr,
                    "%s: note: --holiday %s is outside the reference week of %s and "
                    "changes nothing\n",
                    tool_prog, o.holidays[i], wb);
        }
    }
    r = sla_coverage_gap(cal, week_start + 43200, rp.profile, NB, BUCKET, rp.open_fraction,
                         &rp.closed_contacts, &rp.closed_share);
    if (r != 0) {
        fprintf(stderr, "%s: coverage gap: %s\n", tool_prog, sla_strerror(r));
        rc = EXIT_FAIL;
        goto out;
    }

    if (o.csv) {
        print_csv(&rp);
    } else {
        char a[16], b[16], wk[16];
        civil_format(monday, wk, sizeof wk);
        if (from_log) {
            civil_format(win.first_day, a, sizeof a);
            civil_format(win.last_day, b, sizeof b);
            printf("Log %s, column %s: %zu arrivals read in %.3f s", source,
                   lg.column[0] ? lg.column : "?", lg.n, seconds);
            if (lg.skipped)
                printf(", %zu rows skipped", lg.skipped);
            printf("\n  window %s .. %s (%.2f weeks, %s): %zu arrivals", a, b, win.weeks, o.tz,
                   win.used);
            if (win.before || win.after)
                printf("; left out %zu before and %zu after it (sparse tail)", win.before,
                       win.after);
            printf("\n");
        } else {
            printf("%s%s\n", source[0] == 'b' ? "B" : "P", source + 1);
        }
        printf("%s: AHT %.0f s, target %.0f %% in %.0f s, max occupancy %.0f %%, shrinkage "
               "%.0f %%",
               o.patience > 0 ? "Erlang A" : "Erlang C", o.aht, o.level * 100.0, o.answer_time,
               o.max_occupancy * 100.0, o.shrinkage * 100.0);
        if (o.patience > 0)
            printf(", patience %.0f s", o.patience);
        printf("\nCalendar %s '%s', week of %s\n\n", o.tz, o.hours, wk);
        print_report(&o, cal, week_start, &rp);
    }
    if (o.svg) {
        rc = write_svg(&o, &rp);
        if (rc == 0 && !o.csv)
            printf("\nChart written to %s\n", o.svg);
    }
out:
    free(lg.t);
    sla_calendar_free(cal);
    if (fflush(stdout) != 0 && rc == 0)
        rc = EXIT_FAIL;
    return rc;
}
