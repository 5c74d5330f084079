/*
 * sla-staff: the command line and --help
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

static void usage_hint(void)
{
    fprintf(stderr, "Try '%s --help'.\n", tool_prog);
}

void help(void)
{
    printf("Usage: %s [OPTIONS] [--log FILE.csv | --profile FILE | --demo]\n"
           "\n"
           "Agents needed per half hour of the week (Erlang C) and the coverage gap of\n"
           "the team's business hours, from an arrival log or an arrival profile.\n"
           "\n"
           "Input (one of; default --demo):\n"
           "  --log FILE.csv        one row per contact; a header row is detected. The\n"
           "                        timestamp may be RFC 3339 (2025-03-28T15:50:00Z, with\n"
           "                        an offset, or local time read in --tz), epoch seconds\n"
           "                        (a fraction is dropped), or Twitter's\n"
           "                        'Tue Oct 31 22:10:47 +0000 2017'\n"
           "  --time-column NAME    the timestamp column (header name, or a 1-based number);\n"
           "                        default: a column named like created_at/timestamp/time/\n"
           "                        date, else the first one that holds a timestamp\n"
           "  --from DATE, --to DATE  first and last local day (YYYY-MM-DD) of the log to\n"
           "                        use; default: from the first to the last busy day (a\n"
           "                        day with at least 1/4 of the median daily count)\n"
           "  --profile FILE        336 expected contacts per half hour, Monday 00:00 first,\n"
           "                        one per line or separated by commas; '#' starts a comment\n"
           "  --demo                a built-in profile with an evening peak\n"
           "\n"
           "Staffing:\n"
           "  --aht SECONDS         mean handle time (default 240; '4m' also works)\n"
           "  --target L/T          service level L %% answered within T s (default 80/20;\n"
           "                        chat is usually 80/30)\n"
           "  --max-occupancy X     highest share of time agents are busy (default 0.85;\n"
           "                        '85%%' also works)\n"
           "  --shrinkage X         share of paid time agents are unavailable (default 0.3)\n"
           "  --patience SECONDS    customers abandon after this mean wait: Erlang A\n"
           "                        instead of Erlang C (chat)\n"
           "\n"
           "Business calendar (for the coverage gap):\n"
           "  --tz ZONE             IANA zone of the profile and the hours (default UTC)\n"
           "  --hours TEXT          opening hours (default 'Mo-Fr 09:00-17:00')\n"
           "  --holiday DATE        a closed local date YYYY-MM-DD (repeatable)\n"
           "  --week DATE           the week whose calendar is compared with the profile\n"
           "                        (default: the week of the first --holiday, else the\n"
           "                        first week of the log, else 2025-01-13; a week with a\n"
           "                        DST change is passed over)\n"
           "\n"
           "Output:\n"
           "  --csv                 the table as CSV (day,start,contacts,agents,scheduled,\n"
           "                        open_fraction) instead of the report\n"
           "  --svg FILE            also write a chart as a self-contained SVG\n"
           "  --hourly              heat maps with 24 hourly columns (automatic when the\n"
           "                        terminal is narrow)\n"
           "  --color, --plain      force colour / plain ASCII heat maps (default: colour\n"
           "                        on a terminal unless NO_COLOR is set, then shade blocks;\n"
           "                        ASCII when not a terminal)\n"
           "  --help                this text\n"
           "\n"
           "Bad rows of a log are skipped and counted on stderr; the run fails only when\n"
           "no row is usable. Exit status: 0 success, 1 failure, 2 usage error.\n"
           "\n"
           "Example:\n"
           "  %s --log tickets.csv --tz Europe/London --hours 'Mo-Fr 08:00-18:00' \\\n"
           "            --aht 300 --target 80/60 --svg week.svg\n",
           tool_prog, tool_prog);
}

/* A finite number, the whole text. */
static bool parse_double(const char *s, double *ret)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || errno != 0 || !isfinite(v))
        return false;
    *ret = v;
    return true;
}

/* A share: "0.3" or "30%". */
static bool parse_share(const char *s, double *ret)
{
    char buf[64];
    size_t n = strlen(s);
    if (n == 0 || n >= sizeof buf)
        return false;
    memcpy(buf, s, n + 1);
    bool pct = buf[n - 1] == '%';
    if (pct)
        buf[n - 1] = '\0';
    if (!parse_double(buf, ret))
        return false;
    if (pct)
        *ret /= 100.0;
    return true;
}

/* A duration in seconds, > 0: "240", "4m", "PT4M". */
static bool parse_seconds(const char *s, double *ret)
{
    int64_t d;
    if (sla_parse_duration(s, &d, NULL) == 0 && d > 0) {
        *ret = (double)d;
        return true;
    }
    double v;
    if (parse_double(s, &v) && v > 0) {
        *ret = v;
        return true;
    }
    return false;
}

/* "80/20", "80%/20s", "0.8/20". */
static bool parse_target(const char *s, double *level, double *answer)
{
    char buf[64];
    if (strlen(s) >= sizeof buf)
        return false;
    strcpy(buf, s);
    char *slash = strchr(buf, '/');
    if (!slash)
        return false;
    *slash = '\0';
    char *l = buf, *t = slash + 1;
    size_t ll = strlen(l), tl = strlen(t);
    if (ll && l[ll - 1] == '%')
        l[--ll] = '\0';
    if (tl && (t[tl - 1] == 's' || t[tl - 1] == 'S'))
        t[--tl] = '\0';
    double lv, tv;
    if (!parse_double(l, &lv) || !parse_double(t, &tv) || tv < 0)
        return false;
    if (lv >= 1.0)
        lv /= 100.0;
    if (lv <= 0.0 || lv >= 1.0)
        return false;
    *level = lv;
    *answer = tv;
    return true;
}

/* 0 on success, EXIT_USAGE after a message. */
int parse_options(int argc, char **argv, struct options *o, bool *want_help)
{
    static const char *const with_value[] = {
        "log",  "profile", "time-column", "tz",     "hours",         "svg",       "from",    "to",
        "week", "holiday", "aht",         "target", "max-occupancy", "shrinkage", "patience"};
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strncmp(arg, "--", 2) != 0) {
            fprintf(stderr, "%s: unexpected argument '%s'\n", tool_prog, arg);
            usage_hint();
            return EXIT_USAGE;
        }
        char name[32];
        const char *value = NULL;
        const char *eq = strchr(arg + 2, '=');
        size_t nlen = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
        if (nlen >= sizeof name) {
            fprintf(stderr, "%s: unknown option '%s'\n", tool_prog, arg);
            usage_hint();
            return EXIT_USAGE;
        }
        memcpy(name, arg + 2, nlen);
        name[nlen] = '\0';
        bool takes = false;
        for (size_t k = 0; k < sizeof with_value / sizeof *with_value; k++)
            if (strcmp(name, with_value[k]) == 0)
                takes = true;
        if (takes) {
            if (eq) {
                value = eq + 1;
            } else if (i + 1 < argc) {
                value = argv[++i];
            } else {
                fprintf(stderr, "%s: option --%s needs a value\n", tool_prog, name);
                usage_hint();
                return EXIT_USAGE;
            }
        } else if (eq) {
            fprintf(stderr, "%s: option --%s takes no value\n", tool_prog, name);
            usage_hint();
            return EXIT_USAGE;
        }

        bool ok = true;
        if (strcmp(name, "help") == 0)
            *want_help = true;
        else if (strcmp(name, "demo") == 0)
            o->demo = true;
        else if (strcmp(name, "csv") == 0)
            o->csv = true;
        else if (strcmp(name, "hourly") == 0)
            o->hourly = true;
        else if (strcmp(name, "color") == 0 || strcmp(name, "colour") == 0)
            o->color = true;
        else if (strcmp(name, "plain") == 0)
            o->plain = true;
        else if (strcmp(name, "log") == 0)
            o->log = value;
        else if (strcmp(name, "profile") == 0)
            o->profile = value;
        else if (strcmp(name, "time-column") == 0)
            o->time_column = value;
        else if (strcmp(name, "tz") == 0)
            o->tz = value;
        else if (strcmp(name, "hours") == 0)
            o->hours = value;
        else if (strcmp(name, "svg") == 0)
            o->svg = value;
        else if (strcmp(name, "from") == 0 || strcmp(name, "to") == 0 ||
                 strcmp(name, "week") == 0 || strcmp(name, "holiday") == 0) {
            int y, m, d;
            ok = civil_parse_date(value, &y, &m, &d, NULL, 0);
            if (ok && name[0] == 'f')
                o->from = value;
            else if (ok && name[0] == 't')
                o->to = value;
            else if (ok && name[0] == 'w')
                o->week = value;
            else if (ok) {
                if (o->n_holidays == MAX_HOLIDAYS) {
                    fprintf(stderr, "%s: more than %d holidays\n", tool_prog, MAX_HOLIDAYS);
                    return EXIT_USAGE;
                }
                o->holidays[o->n_holidays++] = value;
            }
        } else if (strcmp(name, "aht") == 0)
            ok = parse_seconds(value, &o->aht);
        else if (strcmp(name, "patience") == 0)
            ok = parse_seconds(value, &o->patience);
        else if (strcmp(name, "target") == 0)
            ok = parse_target(value, &o->level, &o->answer_time);
        else if (strcmp(name, "max-occupancy") == 0) {
            ok = parse_share(value, &o->max_occupancy);
            ok = ok && o->max_occupancy > 0.0 && o->max_occupancy <= 1.0;
        } else if (strcmp(name, "shrinkage") == 0) {
            ok = parse_share(value, &o->shrinkage);
            ok = ok && o->shrinkage >= 0.0 && o->shrinkage < 1.0;
        } else {
            fprintf(stderr, "%s: unknown option '--%s'\n", tool_prog, name);
            usage_hint();
            return EXIT_USAGE;
        }
        if (!ok) {
            fprintf(stderr, "%s: --%s: invalid value '%s'\n", tool_prog, name, value);
            usage_hint();
            return EXIT_USAGE;
        }
    }
    int inputs = (o->log != NULL) + (o->profile != NULL) + o->demo;
    if (inputs > 1) {
        fprintf(stderr, "%s: give only one of --log, --profile and --demo\n", tool_prog);
        usage_hint();
        return EXIT_USAGE;
    }
    if ((o->from || o->to || o->time_column) && !o->log) {
        fprintf(stderr, "%s: --time-column, --from and --to apply to --log only\n", tool_prog);
        usage_hint();
        return EXIT_USAGE;
    }
    return 0;
}
