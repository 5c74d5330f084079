/*
 * Calendars from the command line (see tool-cal.h).
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) The libsla authors
 */
#include "tool-cal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "tool.h"

char tool_ics_filter_kind(const char *name)
{
    return !strcmp(name, "ics-keep-category")   ? 'k'
           : !strcmp(name, "ics-drop-category") ? 'c'
           : !strcmp(name, "ics-keep")          ? 's'
                                                : 'S';
}

const char *tool_strerror(int code)
{
    if (code == SLA_ERANGE)
        return "outside the supported range (" TOOL_RANGE_TEXT ")";
    return sla_strerror(code);
}

void tool_report_diag(const char *what, const char *text, const sla_diag *diag, int code)
{
    const char *msg = diag ? sla_diag_message(diag) : "";
    int col = diag ? sla_diag_column(diag) : 0;
    fprintf(stderr, "%s: %s: %s\n", tool_prog, what, *msg ? msg : tool_strerror(code));
    if (text && col > 0 && strchr(text, '\n') == NULL && strlen(text) < 200)
        fprintf(stderr, "  %s\n  %*s^\n", text, col - 1, "");
}

int tool_zone_check(const char *what, const char *zone, const char *tzdir, int code)
{
    struct stat sb;
    if (tzdir && (stat(tzdir, &sb) != 0 || !S_ISDIR(sb.st_mode))) {
        fprintf(stderr, "%s: --tzdir '%s': %s\n", tool_prog, tzdir,
                errno && stat(tzdir, &sb) != 0 ? strerror(errno) : "not a directory");
        return code;
    }
    if (!strncmp(zone, "right/", 6)) {
        fprintf(stderr,
                "%s: %s: time zone '%s' counts leap seconds, which libsla does not support "
                "(Unix time has none); use '%s'\n",
                tool_prog, what, zone, zone + 6);
        return code;
    }
    if (code == SLA_ENOZONE || code == SLA_EINVAL) {
        fprintf(stderr,
                "%s: %s: unknown time zone '%s' (in %s); use an IANA name such as "
                "Europe/Oslo, America/New_York or UTC\n",
                tool_prog, what, zone, tzdir ? tzdir : "the system tz database");
        return code;
    }
    fprintf(stderr, "%s: %s: time zone '%s': %s\n", tool_prog, what, zone, tool_strerror(code));
    return code;
}

int tool_builder_new(const char *what, const char *zone, const char *tzdir,
                     sla_calendar_builder **ret)
{
    int r = sla_calendar_builder_new_tzdir(zone, tzdir, ret);
    if (r != 0)
        return tool_zone_check(what, zone, tzdir, r);
    return 0;
}

int tool_set_hours(sla_calendar_builder *b, const char *what, const char *hours, sla_diag *diag)
{
    int r = sla_calendar_builder_set_hours(b, hours, diag);
    if (r != 0) {
        char w[256];
        snprintf(w, sizeof w, "%s: hours '%.120s'", what, hours);
        tool_report_diag(w, hours, diag, r);
    }
    return r;
}

int tool_add_holiday(sla_calendar_builder *b, const char *what, const char *date)
{
    char why[128];
    int y, m, d, r;
    if (!civil_parse_date(date, &y, &m, &d, why, sizeof why)) {
        fprintf(stderr, "%s: %s '%s': %s\n", tool_prog, what, date, why);
        return SLA_EPARSE;
    }
    r = sla_calendar_builder_add_holiday(b, y, m, d);
    if (r != 0)
        fprintf(stderr, "%s: %s '%s': %s\n", tool_prog, what, date, tool_strerror(r));
    return r;
}

int tool_add_holidays_file(sla_calendar_builder *b, const char *what, const char *path,
                           const tool_ics_filters *filters, sla_diag *diag)
{
    sla_ics_options *opts = NULL;
    size_t i;
    int r;
    FILE *f;

    /* A missing or unreadable file: the system's reason, as for every file. */
    f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "%s: %s '%s': %s\n", tool_prog, what, path, strerror(errno));
        return SLA_EINVAL;
    }
    fclose(f);
    if (sla_ics_options_new(&opts) != 0) {
        fprintf(stderr, "%s: out of memory\n", tool_prog);
        return SLA_ENOMEM;
    }
    r = sla_ics_options_set_mode(opts, SLA_ICS_HOLIDAYS);
    for (i = 0; r == 0 && filters && i < filters->n; i++) {
        const char *v = filters->values[i];
        switch (filters->kinds[i]) {
        case 'k':
            r = sla_ics_options_keep_category(opts, v);
            break;
        case 'c':
            r = sla_ics_options_drop_category(opts, v);
            break;
        case 's':
            r = sla_ics_options_keep_summary(opts, v);
            break;
        default:
            r = sla_ics_options_drop_summary(opts, v);
            break;
        }
    }
    if (r == 0)
        r = sla_calendar_builder_add_ics_file(b, path, opts, diag);
    sla_ics_options_free(opts);
    if (r != 0) {
        char w[512];
        snprintf(w, sizeof w, "%s %s", what, path);
        tool_report_diag(w, NULL, diag, r);
    }
    return r;
}
