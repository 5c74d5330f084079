/*
 * sla-watch: replay a helpdesk event log against an SLA policy and show,
 * at an instant, the open clocks by time to breach and a summary per channel;
 * with --forecast, when each waiting ticket will get its reply, the chance
 * that it breaches, the agents that would prevent the breaches and what to
 * promise a customer who writes now.
 *
 *   sla-watch [OPTIONS] EVENTS.csv
 *   sla-watch --demo [--forecast]
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) The libsla authors
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libsla/sla.h>

#include "rows.h"

static const char *prog = "sla-watch";

static void usage(FILE *f)
{
    fprintf(f,
            "Usage: %s [OPTIONS] EVENTS.csv\n"
            "       %s --demo [OPTIONS]\n"
            "\n"
            "Replay a ticket event log against an SLA policy and show, at --now, the open\n"
            "clocks sorted by time to breach, then per channel the clocks achieved and\n"
            "breached and the median and 90th percentile first reply in business time.\n"
            "\n"
            "Options:\n"
            "  --policy FILE            policy text (default: the built-in defaults, using the\n"
            "                           calendars named 'business' and 'live' when given)\n"
            "  --calendar NAME=ZONE;HOURS\n"
            "                           a calendar, e.g. 'business=Europe/Oslo;Mo-Fr 08:00-16:00'\n"
            "  --holiday NAME=YYYY-MM-DD a holiday of calendar NAME (repeatable)\n"
            "  --now TIME               the instant to report at (RFC 3339 or epoch seconds;\n"
            "                           default: the last event of the log)\n"
            "  --format table|csv|json  output format (default: table)\n"
            "  --demo                   use built-in demo data (policy, calendar, events;\n"
            "                           with --forecast: a busy evening and its roster)\n"
            "  -h, --help               this help\n"
            "\n"
            "Forecast (who gets a reply when, and what would prevent the breaches):\n"
            "  --forecast               forecast every ticket waiting for a first or next\n"
            "                           reply, advise extra agents per shift and the reply\n"
            "                           time to promise a new customer per channel\n"
            "  --shift 'CHANNEL=AGENTS[xCONCURRENCY]@HOURS'\n"
            "                           agents on duty (repeatable), e.g.\n"
            "                           'email=3@Mo-Fr 09:00-17:00', 'chat=2x3@Mo-Su 08:00-22:00'\n"
            "  --roster-tz ZONE         zone of the shift hours (default: the first\n"
            "                           calendar's zone, else UTC)\n"
            "  --handle 'CHANNEL=MEAN[/SD]'\n"
            "                           handle time (repeatable), e.g. 'email=7m/4m'; defaults\n"
            "                           email 7m/4m, chat 4m/2m, other channels 10m/5m\n"
            "  --order fifo|edf|priority the order agents take tickets in (default: edf)\n"
            "  --samples N              random replays (default 500; 0: mean-value forecast)\n"
            "  --seed N                 seed of the replays (default 1)\n"
            "\n"
            "EVENTS.csv rows: ticket,time,event,channel,priority with event one of created,\n"
            "customer, reply, note, status:STATUS, priority:PRIORITY, channel:CHANNEL.\n"
            "A header row starting with 'ticket' is skipped; '#' lines are comments.\n"
            "Colour is used only when standard output is a terminal and NO_COLOR is unset.\n"
            "Exit status: 0 on success, 1 on bad input data, 2 on a usage error.\n",
            prog, prog);
}

static const char *demo_policy =
    "# Demo policy: a 15-minute email reply in business hours, chat in 30 s\n"
    "first_reply  email  *       15m  calendar=business warn=50,75,90\n"
    "first_reply  chat   *       30s  warn=50,90\n"
    "next_reply   email  *       1h   calendar=business warn=75\n"
    "next_reply   chat   *       30s\n"
    "resolution   *      urgent  4h   calendar=business pause=pending warn=50,75,90\n"
    "resolution   *      *       2d   calendar=business pause=pending warn=50,75,90\n"
    "agent_work   *      *       1d   calendar=business\n";

static const char *demo_calendar = "business=Europe/Oslo;Mo-Fr 08:00-16:00";
static const char *demo_holiday = "business=2025-04-17";
static const char *demo_now = "2025-04-16T13:30:00+02:00";
static const char *demo_events =
    "ticket,time,event,channel,priority\n"
    "T-101,2025-04-15T08:55:00+02:00,created,email,normal\n"
    "T-101,2025-04-15T09:05:00+02:00,reply,,\n"
    "T-101,2025-04-15T09:40:00+02:00,customer,email,\n"
    "T-101,2025-04-15T10:10:00+02:00,reply,,\n"
    "T-101,2025-04-15T10:11:00+02:00,status:pending,,\n"
    "T-102,2025-04-15T15:50:00+02:00,created,email,high\n"
    "T-102,2025-04-16T08:20:00+02:00,reply,,\n"
    "T-102,2025-04-16T08:30:00+02:00,priority:urgent,,\n"
    "T-103,2025-04-16T10:00:00+02:00,created,chat,normal\n"
    "T-103,2025-04-16T10:00:20+02:00,reply,,\n"
    "T-103,2025-04-16T10:02:00+02:00,customer,chat,\n"
    "T-103,2025-04-16T10:03:10+02:00,reply,,\n"
    "T-103,2025-04-16T10:05:00+02:00,status:solved,,\n"
    "T-104,2025-04-16T12:58:00+02:00,created,email,normal\n"
    "T-104,2025-04-16T13:01:00+02:00,note,,\n"
    "T-105,2025-04-16T13:21:00+02:00,created,email,low\n"
    "T-106,2025-04-16T09:00:00+02:00,created,chat,normal\n"
    "T-106,2025-04-16T09:01:30+02:00,reply,,\n"
    "T-106,2025-04-16T09:30:00+02:00,status:solved,,\n"
    "T-107,2025-04-14T09:00:00+02:00,created,email,normal\n"
    "T-107,2025-04-14T09:12:00+02:00,reply,,\n"
    "T-107,2025-04-15T11:00:00+02:00,customer,email,\n";

/*
 * The forecast demo: Tuesday 15 April 2025, 19:30 in Oslo. The email team
 * (3 agents) went home at 16:00; one evening agent answers email until
 * 21:00; two chat agents hold three chats each until 22:00; nobody is
 * rostered on social. Emails have piled up since the afternoon, ten chats
 * came in during the last ten minutes.
 */
static const char *demo_fc_policy =
    "# Busy-evening demo policy\n"
    "first_reply  email   *       15m  calendar=business warn=50,75,90\n"
    "first_reply  chat    *       10m  warn=50,90\n"
    "first_reply  social  *       1h   calendar=business warn=50\n"
    "next_reply   email   *       1h   calendar=business warn=75\n"
    "next_reply   chat    *       10m\n"
    "resolution   *       urgent  4h   calendar=business pause=pending warn=50,75,90\n";
static const char *demo_fc_now = "2025-04-15T19:30:00+02:00";
static const char *demo_fc_shifts[] = {"email=3@Mo-Fr 08:00-16:00", "email=1@Mo-Fr 16:00-21:00",
                                       "chat=2x3@Mo-Su 08:00-22:00"};

/* Append one formatted line to a growing buffer; exits on failure. */
static void appendf(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* A small deterministic generator for the demo log. */
static int rnd(unsigned *seed, int n)
{
    *seed = *seed * 1103515245u + 12345u;
    return (int)((*seed >> 16) % (unsigned)n);
}

/* The busy evening's event log (deterministic). */
static char *demo_fc_events(void)
{
    char *buf = NULL;
    size_t len = 0, cap = 0;
    unsigned seed = 2025;
    int i;
    /* (every draw in a statement of its own: the log must not depend on the
     * order in which a compiler evaluates arguments) */
    appendf(&buf, &len, &cap, "ticket,time,event,channel,priority\n");
    /* Answered earlier in the day: the 'By channel' figures. */
    for (i = 0; i < 12; i++) {
        int h = 8 + i * 2 / 3, m = rnd(&seed, 50), reply = 3 + rnd(&seed, 25);
        int solved = rnd(&seed, 60);
        appendf(&buf, &len, &cap, "E-%d,2025-04-15T%02d:%02d:00+02:00,created,email,normal\n",
                1001 + i, h, m);
        appendf(&buf, &len, &cap, "E-%d,2025-04-15T%02d:%02d:00+02:00,reply,,\n", 1001 + i,
                h + (m + reply) / 60, (m + reply) % 60);
        appendf(&buf, &len, &cap, "E-%d,2025-04-15T%02d:%02d:00+02:00,status:solved,,\n",
                1001 + i, h + 1, solved);
    }
    /* Customers who wrote back in the evening: next replies, due tomorrow. */
    for (i = 0; i < 3; i++) {
        int m = 10 + rnd(&seed, 40);
        appendf(&buf, &len, &cap, "E-%d,2025-04-15T1%d:%02d:00+02:00,customer,email,\n",
                1001 + 4 * i, 6 + i, m);
    }
    /* Unanswered since the afternoon: already late (one just before closing). */
    appendf(&buf, &len, &cap, "E-1101,2025-04-15T15:08:00+02:00,created,email,normal\n"
                              "E-1102,2025-04-15T15:26:00+02:00,created,email,high\n"
                              "E-1103,2025-04-15T15:39:00+02:00,created,email,normal\n"
                              "E-1104,2025-04-15T15:53:00+02:00,created,email,normal\n");
    /* The evening's emails: due at 08:15 tomorrow, fifteen business minutes. */
    for (i = 0; i < 26; i++) {
        int minute = 16 * 60 + 5 + i * 7 + rnd(&seed, 6);
        int sec = rnd(&seed, 60), high = rnd(&seed, 8) == 0;
        appendf(&buf, &len, &cap, "E-%d,2025-04-15T%02d:%02d:%02d+02:00,created,email,%s\n",
                1201 + i, minute / 60, minute % 60, sec,
                i == 17 ? "urgent" : high ? "high" : "normal");
    }
    appendf(&buf, &len, &cap, "E-1203,2025-04-15T17:02:00+02:00,note,,\n");
    /* Chats: some answered, ten waiting now. */
    for (i = 0; i < 6; i++) {
        int m = 5 + i * 9, rm = m + 1 + rnd(&seed, 4), rs = rnd(&seed, 60);
        appendf(&buf, &len, &cap,
                "C-%d,2025-04-15T18:%02d:00+02:00,created,chat,normal\n"
                "C-%d,2025-04-15T18:%02d:%02d+02:00,reply,,\n"
                "C-%d,2025-04-15T18:%02d:00+02:00,status:solved,,\n",
                3001 + i, m, 3001 + i, rm, rs, 3001 + i, m + 8);
    }
    for (i = 0; i < 10; i++) {
        int sec = 19 * 3600 + 21 * 60 + i * 50 + rnd(&seed, 20);
        appendf(&buf, &len, &cap, "C-%d,2025-04-15T%02d:%02d:%02d+02:00,created,chat,%s\n",
                3101 + i, sec / 3600, sec / 60 % 60, sec % 60, i == 6 ? "high" : "normal");
    }
    /* Social: nobody on duty. */
    appendf(&buf, &len, &cap, "S-4001,2025-04-15T17:41:00+02:00,created,social,normal\n"
                              "S-4002,2025-04-15T19:05:00+02:00,created,social,high\n");
    return buf;
}

/* ---- small helpers ---- */

static void appendf(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
{
    va_list ap;
    int n;
    for (;;) {
        va_start(ap, fmt);
        n = vsnprintf(*buf ? *buf + *len : NULL, *buf ? *cap - *len : 0, fmt, ap);
        va_end(ap);
        if (n < 0) {
            fprintf(stderr, "%s: formatting failed\n", prog);
            exit(1);
        }
        if (*buf && *len + (size_t)n < *cap) {
            *len += (size_t)n;
            return;
        }
        {
            size_t ncap = *cap ? *cap * 2 : 4096;
            char *nb;
            while (ncap < *len + (size_t)n + 1)
                ncap *= 2;
            nb = realloc(*buf, ncap);
            if (!nb) {
                fprintf(stderr, "%s: out of memory\n", prog);
                exit(1);
            }
            *buf = nb;
            *cap = ncap;
        }
    }
}

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0, cap = 0;
    if (!f)
        return NULL;
    for (;;) {
        size_t got;
        if (cap - n < 4096) {
            char *nb = realloc(buf, cap ? cap * 2 : 8192);
            if (!nb) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
            cap = cap ? cap * 2 : 8192;
        }
        got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    fclose(f);
    buf[n] = '\0';
    return buf;
}

/* Print "prog: message" on stderr and exit with `status`. */
static void vfail(int status, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0), noreturn));
static void vfail(int status, const char *fmt, va_list ap)
{
    fprintf(stderr, "%s: ", prog);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    exit(status);
}

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(1, fmt, ap);
}

/* A usage error: message and exit status 2. */
static void usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(2, fmt, ap);
}

typedef struct {
    char name[64];
    char *zone, *hours;
    sla_calendar_builder *b;
    sla_calendar *cal;
} named_cal;

static void fmt_dur(int64_t d, char *buf, size_t size)
{
    if (sla_format_duration(d, buf, size) < 0)
        snprintf(buf, size, "?");
}

static void fmt_time(const sla_calendar *cal, int64_t t, char *buf, size_t size)
{
    if (t == SLA_NO_TIME || sla_format_instant(cal, t, buf, size) < 0)
        snprintf(buf, size, "-");
}

/* "04-16 08:15": month, day and minute in the display zone; "never". */
static void fmt_short(const sla_calendar *cal, int64_t t, char *buf, size_t size)
{
    char full[64];
    if (t == SLA_NO_TIME || t >= SLA_TIME_MAX - 1) {
        snprintf(buf, size, "never");
        return;
    }
    if (sla_format_instant(cal, t, full, sizeof full) < 0 || strlen(full) < 16) {
        snprintf(buf, size, "?");
        return;
    }
    snprintf(buf, size, "%.5s %.5s", full + 5, full + 11);
}

/* ---- report rows ---- */

typedef struct {
    const char *ticket;
    int metric, channel, state, warned;
    int64_t target, elapsed, remaining, remaining_wall, deadline;
    int wait; /* index into the waiting list when this clock is forecast, else -1 */
} row;

static int cmp_row(const void *a, const void *b)
{
    const row *x = a, *y = b;
    int64_t kx = x->deadline == SLA_NO_TIME ? INT64_MAX : x->deadline;
    int64_t ky = y->deadline == SLA_NO_TIME ? INT64_MAX : y->deadline;
    if (kx != ky)
        return kx < ky ? -1 : 1;
    if (strcmp(x->ticket, y->ticket))
        return strcmp(x->ticket, y->ticket);
    return x->metric - y->metric;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of a sorted array. */
static int64_t percentile(const int64_t *v, size_t n, int pct)
{
    size_t rank = (size_t)((pct * n + 99) / 100);
    return v[rank ? rank - 1 : 0];
}

static void json_str(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            printf("\\%c", *s);
        else if ((unsigned char)*s < 0x20)
            printf("\\u%04x", *s);
        else
            putchar(*s);
    }
    putchar('"');
}

/* A CSV field: quoted when it holds a comma, quote or line break. */
static void csv_str(const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, stdout);
        return;
    }
    putchar('"');
    for (; *s; s++) {
        if (*s == '"')
            putchar('"');
        putchar(*s);
    }
    putchar('"');
}

/* ---- forecast options ---- */

typedef struct {
    const char *arg;  /* the option as given */
    char channel[32];
    int agents, concurrency;
    const char *hours; /* points into arg */
    int ch;           /* resolved channel number */
} shift_opt;

typedef struct {
    const char *arg;
    char channel[32];
    int64_t mean, sd;
    int ch;
} handle_opt;

/* Split "NAME=REST": copy NAME (trimmed, 1..31 bytes) and return REST. */
static const char *split_name(const char *arg, char *name, size_t size)
{
    const char *eq = strchr(arg, '='), *s = arg, *e;
    if (!eq)
        return NULL;
    e = eq;
    while (s < e && (*s == ' ' || *s == '\t'))
        s++;
    while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
        e--;
    if (e == s || (size_t)(e - s) >= size)
        return NULL;
    memcpy(name, s, (size_t)(e - s));
    name[e - s] = '\0';
    return eq + 1;
}

/* A decimal count in [lo, hi]; *end is set past it. */
static bool parse_count(const char *s, const char **end, long lo, long hi, int *ret)
{
    char *e;
    long v;
    if (*s < '0' || *s > '9')
        return false;
    errno = 0;
    v = strtol(s, &e, 10);
    if (errno || v < lo || v > hi)
        return false;
    *ret = (int)v;
    *end = e;
    return true;
}

/* CHANNEL=AGENTS[xCONCURRENCY]@HOURS */
static void parse_shift(const char *arg, shift_opt *out)
{
    const char *p;
    memset(out, 0, sizeof *out);
    out->arg = arg;
    out->concurrency = 1;
    p = split_name(arg, out->channel, sizeof out->channel);
    if (!p)
        usage_error("--shift '%s': expected CHANNEL=AGENTS[xCONCURRENCY]@HOURS, e.g. "
                    "'email=3@Mo-Fr 09:00-17:00' or 'chat=2x3@Mo-Su 08:00-22:00'",
                    arg);
    while (*p == ' ')
        p++;
    if (!parse_count(p, &p, 0, 100000, &out->agents))
        usage_error("--shift '%s': AGENTS must be a whole number from 0 to 100000", arg);
    if (*p == 'x' || *p == 'X') {
        p++;
        if (!parse_count(p, &p, 1, 100, &out->concurrency))
            usage_error("--shift '%s': CONCURRENCY (after 'x') must be a whole number from 1 "
                        "to 100",
                        arg);
    }
    while (*p == ' ')
        p++;
    if (*p != '@')
        usage_error("--shift '%s': expected '@HOURS' after the agent count, e.g. "
                    "'email=3@Mo-Fr 09:00-17:00'",
                    arg);
    p++;
    while (*p == ' ')
        p++;
    if (!*p)
        usage_error("--shift '%s': the opening hours after '@' are empty", arg);
    out->hours = p;
}

/* CHANNEL=MEAN[/SD] with durations like 7m, 90s, PT4M */
static void parse_handle(const char *arg, handle_opt *out)
{
    const char *p, *slash;
    char buf[64];
    size_t n;
    memset(out, 0, sizeof *out);
    out->arg = arg;
    p = split_name(arg, out->channel, sizeof out->channel);
    if (!p)
        usage_error("--handle '%s': expected CHANNEL=MEAN[/SD], e.g. 'email=7m/4m'", arg);
    slash = strchr(p, '/');
    n = slash ? (size_t)(slash - p) : strlen(p);
    if (n == 0 || n >= sizeof buf)
        usage_error("--handle '%s': expected a mean duration after '=', e.g. 'email=7m/4m'", arg);
    memcpy(buf, p, n);
    buf[n] = '\0';
    if (sla_parse_duration(buf, &out->mean, NULL) < 0 || out->mean < 1 || out->mean > 10000000)
        usage_error("--handle '%s': bad mean '%s' (a duration from 1s to 10000000s, e.g. 7m)", arg,
                    buf);
    out->sd = out->mean / 2;
    if (slash) {
        if (!slash[1] || strlen(slash + 1) >= sizeof buf)
            usage_error("--handle '%s': expected a spread after '/', e.g. 'email=7m/4m'", arg);
        snprintf(buf, sizeof buf, "%s", slash + 1);
        if (sla_parse_duration(buf, &out->sd, NULL) < 0 || out->sd < 0 || out->sd > 10000000)
            usage_error("--handle '%s': bad spread '%s' (a duration from 0 to 10000000s)", arg,
                        buf);
    }
}

/* ---- forecast ---- */

/* A ticket waiting for an agent's reply. */
typedef struct {
    const char *ticket;
    int metric, channel, priority;
    int64_t arrival, deadline; /* deadline SLA_NO_TIME: no target */
    int64_t expected, low, high, pickup;
    double p_breach;
} waiting;

static int cmp_waiting(const void *a, const void *b)
{
    const waiting *x = a, *y = b;
    int64_t kx = x->deadline == SLA_NO_TIME ? INT64_MAX : x->deadline;
    int64_t ky = y->deadline == SLA_NO_TIME ? INT64_MAX : y->deadline;
    if (kx != ky)
        return kx < ky ? -1 : 1;
    if (x->arrival != y->arrival)
        return x->arrival < y->arrival ? -1 : 1;
    return strcmp(x->ticket, y->ticket);
}

/* What to promise on one channel. */
typedef struct {
    int channel;
    int64_t sla_deadline, p90, promise;
    bool at_risk;
} promise;

static const char *order_names[] = {"fifo", "edf", "priority"};
static const char *order_text[] = {"first come, first served", "earliest deadline first",
                                   "highest priority first"};

int main(int argc, char **argv)
{
    const char *policy_path = NULL, *events_path = NULL, *now_text = NULL, *format = "table";
    const char *roster_tz = NULL, *order_arg = "edf", *samples_arg = NULL, *seed_arg = NULL;
    const char *cal_args[32], *hol_args[256], *shift_args[256], *handle_args[256];
    int n_cal_args = 0, n_hol_args = 0, n_shift_args = 0, n_handle_args = 0, i, r;
    int roster_hol[256][3], n_roster_hol = 0;
    bool demo = false, forecast = false, colour;
    named_cal cals[32];
    int n_cals = 0, order = SLA_ORDER_EDF, samples = 500;
    long long seed = 1;
    shift_opt shifts[256];
    handle_opt handles[256];
    sla_policy *pol = NULL;
    sla_diag *diag;
    sla_status *st;
    char *policy_text = NULL, *events;
    const sla_calendar *disp = NULL;
    watch_log log;
    int64_t now = SLA_NO_TIME;
    row *rows = NULL;
    size_t n_rows = 0, cap_rows = 0, k;
    waiting *wait = NULL;
    size_t n_wait = 0, cap_wait = 0;
    promise proms[256];
    int n_proms = 0, *extra = NULL;
    size_t left = 0;
    double expected_breaches = 0.0;
    sla_roster *roster = NULL;

    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(a, "--demo")) {
            demo = true;
        } else if (!strcmp(a, "--forecast")) {
            forecast = true;
        } else if (!strcmp(a, "--policy") || !strcmp(a, "--calendar") || !strcmp(a, "--holiday") ||
                   !strcmp(a, "--now") || !strcmp(a, "--format") || !strcmp(a, "--shift") ||
                   !strcmp(a, "--roster-tz") || !strcmp(a, "--handle") ||
                   !strcmp(a, "--order") || !strcmp(a, "--samples") || !strcmp(a, "--seed")) {
            if (!v)
                usage_error("%s needs a value (see --help)", a);
            i++;
            if (!strcmp(a, "--policy"))
                policy_path = v;
            else if (!strcmp(a, "--now"))
                now_text = v;
            else if (!strcmp(a, "--format"))
                format = v;
            else if (!strcmp(a, "--roster-tz"))
                roster_tz = v;
            else if (!strcmp(a, "--order"))
                order_arg = v;
            else if (!strcmp(a, "--samples"))
                samples_arg = v;
            else if (!strcmp(a, "--seed"))
                seed_arg = v;
            else if (!strcmp(a, "--calendar") && n_cal_args < 32)
                cal_args[n_cal_args++] = v;
            else if (!strcmp(a, "--holiday") && n_hol_args < 256)
                hol_args[n_hol_args++] = v;
            else if (!strcmp(a, "--shift") && n_shift_args < 256)
                shift_args[n_shift_args++] = v;
            else if (!strcmp(a, "--handle") && n_handle_args < 256)
                handle_args[n_handle_args++] = v;
            else
                usage_error("too many %s options", a);
        } else if (a[0] == '-' && a[1]) {
            usage_error("unknown option '%s' (see --help)", a);
        } else if (!events_path) {
            events_path = a;
        } else {
            usage_error("more than one event log given");
        }
    }
    if (strcmp(format, "table") && strcmp(format, "csv") && strcmp(format, "json"))
        usage_error("--format must be table, csv or json");
    if (!forecast && (n_shift_args || n_handle_args || roster_tz || samples_arg || seed_arg ||
                      strcmp(order_arg, "edf")))
        usage_error("--shift, --handle, --roster-tz, --order, --samples and --seed need "
                    "--forecast");
    for (order = 0; order < 3 && strcmp(order_arg, order_names[order]); order++)
        ;
    if (order == 3)
        usage_error("--order must be fifo, edf or priority");
    if (samples_arg) {
        const char *e;
        if (!parse_count(samples_arg, &e, 0, 100000, &samples) || *e)
            usage_error("--samples must be a whole number from 0 to 100000");
    }
    if (seed_arg) {
        char *e;
        errno = 0;
        seed = strtoll(seed_arg, &e, 10);
        if (errno || e == seed_arg || *e)
            usage_error("--seed must be a whole number");
    }
    if (demo && forecast && n_shift_args == 0)
        for (i = 0; i < (int)(sizeof demo_fc_shifts / sizeof *demo_fc_shifts); i++)
            shift_args[n_shift_args++] = demo_fc_shifts[i];
    for (i = 0; i < n_shift_args; i++)
        parse_shift(shift_args[i], &shifts[i]);
    for (i = 0; i < n_handle_args; i++)
        parse_handle(handle_args[i], &handles[i]);
    if (forecast && n_shift_args == 0)
        usage_error("--forecast needs at least one --shift (who is on duty), or --demo");
    if (demo) {
        if (!policy_path)
            policy_text = strdup(forecast ? demo_fc_policy : demo_policy);
        if (n_cal_args == 0)
            cal_args[n_cal_args++] = demo_calendar;
        if (n_hol_args == 0)
            hol_args[n_hol_args++] = demo_holiday;
        if (!now_text)
            now_text = forecast ? demo_fc_now : demo_now;
    } else if (!events_path) {
        usage(stderr);
        return 2;
    }
    sla_diag_new(&diag);
    sla_status_new(&st);

    /* Calendars and holidays. */
    for (i = 0; i < n_cal_args; i++) {
        named_cal *c = &cals[n_cals];
        const char *eq = strchr(cal_args[i], '='), *semi = eq ? strchr(eq, ';') : NULL;
        if (!eq || !semi || eq == cal_args[i] || (size_t)(eq - cal_args[i]) >= sizeof c->name)
            usage_error("--calendar '%s': expected NAME=ZONE;HOURS", cal_args[i]);
        memset(c, 0, sizeof *c);
        memcpy(c->name, cal_args[i], (size_t)(eq - cal_args[i]));
        c->zone = strndup(eq + 1, (size_t)(semi - eq - 1));
        c->hours = strdup(semi + 1);
        if ((r = sla_calendar_builder_new(c->zone, &c->b)) < 0)
            die("--calendar: zone '%s': %s", c->zone, sla_strerror(r));
        if ((r = sla_calendar_builder_set_hours(c->b, c->hours, diag)) < 0)
            die("--calendar: hours: %s", sla_diag_message(diag));
        n_cals++;
    }
    for (i = 0; i < n_hol_args; i++) {
        const char *eq = strchr(hol_args[i], '=');
        int y, m, d, j, found = 0;
        char extra_ch;
        if (!eq || sscanf(eq + 1, "%d-%d-%d%c", &y, &m, &d, &extra_ch) != 3)
            usage_error("--holiday '%s': expected NAME=YYYY-MM-DD", hol_args[i]);
        for (j = 0; j < n_cals; j++)
            if (strlen(cals[j].name) == (size_t)(eq - hol_args[i]) &&
                !strncmp(cals[j].name, hol_args[i], (size_t)(eq - hol_args[i]))) {
                if ((r = sla_calendar_builder_add_holiday(cals[j].b, y, m, d)) < 0)
                    die("--holiday '%s': %s", hol_args[i], sla_strerror(r));
                if (j == 0 && n_roster_hol < 256) {
                    roster_hol[n_roster_hol][0] = y;
                    roster_hol[n_roster_hol][1] = m;
                    roster_hol[n_roster_hol++][2] = d;
                }
                found = 1;
            }
        if (!found)
            die("--holiday '%s': no calendar of that name", hol_args[i]);
    }
    for (i = 0; i < n_cals; i++)
        if ((r = sla_calendar_builder_compile(cals[i].b, &cals[i].cal)) < 0)
            die("calendar '%s': %s", cals[i].name, sla_strerror(r));
    disp = n_cals ? cals[0].cal : NULL;

    /* Policy. */
    if (policy_path || policy_text) {
        if (!policy_text && !(policy_text = read_all(policy_path)))
            die("cannot read policy '%s'", policy_path);
        sla_policy_new(&pol);
        for (i = 0; i < n_cals; i++)
            sla_policy_add_calendar(pol, cals[i].name, cals[i].cal);
        if (sla_policy_parse(pol, policy_text, diag) < 0)
            die("%s: %s", policy_path ? policy_path : "demo policy", sla_diag_message(diag));
    } else {
        const sla_calendar *biz = NULL, *live = NULL;
        for (i = 0; i < n_cals; i++) {
            if (!strcmp(cals[i].name, "business"))
                biz = cals[i].cal;
            if (!strcmp(cals[i].name, "live"))
                live = cals[i].cal;
        }
        if ((r = sla_policy_new_default(biz, live, &pol)) < 0)
            die("default policy: %s", sla_strerror(r));
        for (i = 0; i < n_cals; i++)
            sla_policy_add_calendar(pol, cals[i].name, cals[i].cal);
    }

    /* Roster: shifts and handle times, checked before the (long) log is read. */
    if (forecast) {
        const char *zone = roster_tz ? roster_tz : disp ? sla_calendar_zone(disp) : "UTC";
        int nch = sla_policy_channel_count(pol), c;
        r = sla_roster_new(zone, &roster);
        if (r == SLA_ENOZONE || r == SLA_EINVAL)
            usage_error("--roster-tz '%s': no such time zone", zone);
        if (r < 0)
            die("roster: %s", sla_strerror(r));
        for (i = 0; i < n_roster_hol; i++)
            if ((r = sla_roster_add_holiday(roster, roster_hol[i][0], roster_hol[i][1],
                                            roster_hol[i][2])) < 0)
                die("roster holiday: %s", sla_strerror(r));
        for (i = 0; i < n_shift_args; i++) {
            shift_opt *s = &shifts[i];
            if (sla_policy_channel(pol, s->channel, &s->ch) < 0)
                usage_error("--shift '%s': unknown channel '%s' (email, chat, phone, social, "
                            "messaging, web, or one the policy declares)",
                            s->arg, s->channel);
            r = sla_roster_add_shift(roster, s->ch, s->hours, s->agents, s->concurrency, NULL,
                                     diag);
            if (r == SLA_EPARSE || r == SLA_EINVAL)
                usage_error("--shift '%s': hours '%s': %s", s->arg, s->hours,
                            r == SLA_EPARSE ? sla_diag_message(diag) : sla_strerror(r));
            if (r < 0)
                die("--shift '%s': %s", s->arg, sla_strerror(r));
        }
        for (c = 0; c < nch; c++) {
            const char *name = sla_policy_channel_name(pol, c);
            double mean = 600, sd = 300;
            if (!strcmp(name, "email"))
                mean = 420, sd = 240;
            else if (!strcmp(name, "chat"))
                mean = 240, sd = 120;
            if ((r = sla_roster_set_handle_time(roster, c, mean, sd)) < 0)
                die("handle time: %s", sla_strerror(r));
        }
        for (i = 0; i < n_handle_args; i++) {
            handle_opt *h = &handles[i];
            if (sla_policy_channel(pol, h->channel, &h->ch) < 0)
                usage_error("--handle '%s': unknown channel '%s'", h->arg, h->channel);
            if (sla_roster_set_handle_time(roster, h->ch, (double)h->mean, (double)h->sd) < 0)
                usage_error("--handle '%s': mean must be 1s to 10000000s, spread 0 to 10000000s",
                            h->arg);
        }
    }

    /* Events. */
    events = demo && !events_path ? (forecast ? demo_fc_events() : strdup(demo_events))
                                  : read_all(events_path);
    if (!events)
        die("cannot read '%s'", events_path);
    if (watch_log_init(&log, pol, disp) < 0)
        die("out of memory");
    if (watch_log_text(&log, events) < 0)
        die("%s", log.err);
    if (now_text) {
        if (sla_parse_instant(disp, now_text, &now, diag) < 0)
            die("--now '%s': %s", now_text, sla_diag_message(diag));
    } else {
        now = log.last_event == SLA_NO_TIME ? 0 : log.last_event;
    }

    /* Collect the clocks, and the tickets waiting for a reply. */
    {
        int nch = sla_policy_channel_count(pol);
        int64_t *achieved = calloc((size_t)nch, sizeof *achieved);
        int64_t *breached = calloc((size_t)nch, sizeof *breached);
        int64_t **frt = calloc((size_t)nch, sizeof *frt);
        size_t *n_frt = calloc((size_t)nch, sizeof *n_frt);
        const char *bold = "", *red = "", *yellow = "", *green = "", *reset = "";
        int c;

        if (!achieved || !breached || !frt || !n_frt)
            die("out of memory");
        colour = isatty(STDOUT_FILENO) && !getenv("NO_COLOR") && !strcmp(format, "table");
        if (colour) {
            bold = "\033[1m";
            red = "\033[31m";
            yellow = "\033[33m";
            green = "\033[32m";
            reset = "\033[0m";
        }
        for (k = 0; k < log.cap; k++) {
            watch_ticket *e = &log.v[k];
            int m, prio = SLA_PRIORITY_NORMAL;
            bool waits = false;
            if (!e->id)
                continue;
            r = sla_ticket_status(e->t, now, st);
            if (r < 0)
                die("ticket '%s' at --now: %s", e->id, sla_strerror(r));
            sla_ticket_info(e->t, NULL, &prio, NULL, NULL, NULL);
            for (m = 0; m < SLA_METRIC_COUNT; m++) {
                int64_t v[16];
                int fl;
                bool open_reply;
                for (fl = 0; fl <= SLA_FIELD_CALENDAR_24_7; fl++)
                    sla_status_get(st, m, fl, &v[fl]);
                c = (int)v[SLA_FIELD_CHANNEL];
                /* Waiting for an agent: a first or next reply clock that runs, or
                 * breached and still unanswered. */
                open_reply = (m == SLA_METRIC_FIRST_REPLY || m == SLA_METRIC_NEXT_REPLY) &&
                             (v[SLA_FIELD_STATE] == SLA_CLOCK_RUNNING ||
                              (v[SLA_FIELD_STATE] == SLA_CLOCK_BREACHED &&
                               v[SLA_FIELD_FULFILLED_AT] == SLA_NO_TIME)) &&
                             v[SLA_FIELD_STARTED_AT] != SLA_NO_TIME;
                if (forecast && open_reply && !waits) {
                    waiting *w;
                    if (n_wait == cap_wait) {
                        waiting *nw = realloc(wait, (cap_wait = cap_wait ? cap_wait * 2 : 64) *
                                                        sizeof *nw);
                        if (!nw)
                            die("out of memory");
                        wait = nw;
                    }
                    w = &wait[n_wait++];
                    memset(w, 0, sizeof *w);
                    w->ticket = e->id;
                    w->metric = m;
                    w->channel = c;
                    w->priority = prio;
                    w->arrival = v[SLA_FIELD_STARTED_AT];
                    w->deadline = v[SLA_FIELD_TARGET] < 0 ? SLA_NO_TIME : v[SLA_FIELD_DEADLINE];
                    waits = true;
                }
                if (v[SLA_FIELD_TARGET] < 0 || v[SLA_FIELD_STATE] == SLA_CLOCK_INACTIVE)
                    continue;
                if (v[SLA_FIELD_STATE] == SLA_CLOCK_ACHIEVED)
                    achieved[c]++;
                if (v[SLA_FIELD_STATE] == SLA_CLOCK_BREACHED)
                    breached[c]++;
                if (m == SLA_METRIC_FIRST_REPLY && v[SLA_FIELD_FULFILLED_AT] != SLA_NO_TIME) {
                    int64_t *nv = realloc(frt[c], (n_frt[c] + 1) * sizeof *nv);
                    if (!nv)
                        die("out of memory");
                    frt[c] = nv;
                    frt[c][n_frt[c]++] = v[SLA_FIELD_ELAPSED];
                }
                if (v[SLA_FIELD_FULFILLED_AT] != SLA_NO_TIME)
                    continue; /* not open */
                if (n_rows == cap_rows) {
                    row *nr = realloc(rows, (cap_rows = cap_rows ? cap_rows * 2 : 64) * sizeof *nr);
                    if (!nr)
                        die("out of memory");
                    rows = nr;
                }
                rows[n_rows].ticket = e->id;
                rows[n_rows].metric = m;
                rows[n_rows].channel = c;
                rows[n_rows].state = (int)v[SLA_FIELD_STATE];
                rows[n_rows].warned = (int)v[SLA_FIELD_WARNED];
                rows[n_rows].target = v[SLA_FIELD_TARGET];
                rows[n_rows].elapsed = v[SLA_FIELD_ELAPSED];
                rows[n_rows].remaining = v[SLA_FIELD_REMAINING];
                rows[n_rows].remaining_wall = v[SLA_FIELD_REMAINING_WALL];
                rows[n_rows].deadline = v[SLA_FIELD_DEADLINE];
                rows[n_rows].wait = -1;
                n_rows++;
            }
        }
        qsort(rows, n_rows, sizeof *rows, cmp_row);
        for (c = 0; c < nch; c++)
            if (n_frt[c])
                qsort(frt[c], n_frt[c], sizeof *frt[c], cmp_i64);

        /* The forecast, the advice and the promises. */
        if (forecast) {
            int *wch = calloc(n_wait + 1, sizeof *wch), *wpr = calloc(n_wait + 1, sizeof *wpr);
            int64_t *war = calloc(n_wait + 1, sizeof *war), *wdl = calloc(n_wait + 1, sizeof *wdl);
            int64_t *ex = calloc(n_wait + 1, sizeof *ex), *lo = calloc(n_wait + 1, sizeof *lo);
            int64_t *hi = calloc(n_wait + 1, sizeof *hi), *pk = calloc(n_wait + 1, sizeof *pk);
            double *pb = calloc(n_wait + 1, sizeof *pb);
            int n_shifts = sla_roster_shift_count(roster);
            sla_forecast *f = NULL;

            if (!wch || !wpr || !war || !wdl || !ex || !lo || !hi || !pk || !pb)
                die("out of memory");
            qsort(wait, n_wait, sizeof *wait, cmp_waiting);
            for (k = 0; k < n_wait; k++) {
                wch[k] = wait[k].channel;
                wpr[k] = wait[k].priority;
                war[k] = wait[k].arrival;
                /* no target: never due */
                wdl[k] = wait[k].deadline == SLA_NO_TIME ? SLA_TIME_MAX - 1 : wait[k].deadline;
            }
            r = sla_forecast_new(roster, now, wch, wpr, war, wdl, n_wait, order, samples,
                                 (int64_t)seed, &f);
            if (r < 0)
                die("forecast: %s", sla_strerror(r));
            sla_forecast_results(f, ex, lo, hi, pb);
            sla_forecast_pickups(f, pk);
            expected_breaches = sla_forecast_expected_breaches(f);
            sla_forecast_free(f);
            for (k = 0; k < n_wait; k++) {
                wait[k].expected = ex[k];
                wait[k].low = lo[k];
                wait[k].high = hi[k];
                wait[k].pickup = pk[k];
                wait[k].p_breach = pb[k];
            }
            /* Link the open-clock rows to their forecast. */
            for (k = 0; k < n_rows; k++) {
                size_t j;
                for (j = 0; j < n_wait; j++)
                    if (wait[j].ticket == rows[k].ticket && wait[j].metric == rows[k].metric)
                        rows[k].wait = (int)j;
            }
            extra = calloc((size_t)n_shifts + 1, sizeof *extra);
            if (!extra)
                die("out of memory");
            r = sla_forecast_advise(roster, now, wch, wpr, war, wdl, n_wait, order, 100, extra,
                                    (size_t)n_shifts, &left);
            if (r < 0)
                die("advice: %s", sla_strerror(r));
            /* Promises: every channel with a shift, in the order first given. */
            for (i = 0; i < n_shift_args; i++) {
                promise *p = &proms[n_proms];
                sla_ticket *t = NULL;
                int64_t dl = SLA_NO_TIME, target = -1, newdl;
                int j, dup = 0;
                for (j = 0; j < n_proms; j++)
                    dup |= proms[j].channel == shifts[i].ch;
                if (dup)
                    continue;
                p->channel = shifts[i].ch;
                if (sla_ticket_new(pol, now, p->channel, SLA_PRIORITY_NORMAL, &t) == 0 &&
                    sla_ticket_status(t, now, st) == 0) {
                    sla_status_get(st, SLA_METRIC_FIRST_REPLY, SLA_FIELD_TARGET, &target);
                    sla_status_get(st, SLA_METRIC_FIRST_REPLY, SLA_FIELD_DEADLINE, &dl);
                }
                sla_ticket_free(t);
                p->sla_deadline = target < 0 ? SLA_NO_TIME : dl;
                newdl = p->sla_deadline == SLA_NO_TIME ? SLA_TIME_MAX - 1 : p->sla_deadline;
                r = sla_forecast_promise(roster, now, wch, wpr, war, wdl, n_wait, order,
                                         p->channel, SLA_PRIORITY_NORMAL, newdl, samples,
                                         (int64_t)seed, &p->promise, &p->p90);
                if (r < 0)
                    die("promise: %s", sla_strerror(r));
                if (p->promise >= SLA_TIME_MAX - 1)
                    p->promise = SLA_NO_TIME;
                p->at_risk = p->p90 == SLA_NO_TIME ||
                             (p->sla_deadline != SLA_NO_TIME && p->p90 > p->sla_deadline);
                n_proms++;
            }
            free(wch);
            free(wpr);
            free(war);
            free(wdl);
            free(ex);
            free(lo);
            free(hi);
            free(pk);
            free(pb);
        }

        if (!strcmp(format, "table")) {
            char nowbuf[64];
            fmt_time(disp, now, nowbuf, sizeof nowbuf);
            printf("%sOpen clocks at %s%s (%zu)\n", bold, nowbuf, reset, n_rows);
            printf("%-3s %-10s %-16s %-9s %-9s %8s %8s %9s %10s  %s\n", "", "TICKET", "METRIC",
                   "CHANNEL", "STATE", "TARGET", "ELAPSED", "REMAINING", "WALL LEFT", "DEADLINE");
            for (k = 0; k < n_rows; k++) {
                const row *w = &rows[k];
                char tg[32], el[32], rem[32], wl[32], dl[64];
                const char *mark = w->state == SLA_CLOCK_BREACHED ? "!!" : w->warned ? "!" : "";
                const char *col = w->state == SLA_CLOCK_BREACHED ? red : w->warned ? yellow : "";
                fmt_dur(w->target, tg, sizeof tg);
                fmt_dur(w->elapsed, el, sizeof el);
                fmt_dur(w->remaining, rem, sizeof rem);
                fmt_dur(w->remaining_wall, wl, sizeof wl);
                fmt_time(disp, w->deadline, dl, sizeof dl);
                printf("%s%-3s %-10s %-16s %-9s %-9s %8s %8s %9s %10s  %s%s\n", col, mark,
                       w->ticket, sla_metric_name(w->metric),
                       sla_policy_channel_name(pol, w->channel), sla_clock_state_name(w->state),
                       tg, el, rem, wl, dl, *col ? reset : "");
            }
            printf("\n%sBy channel%s (first reply in business time)\n", bold, reset);
            printf("%-10s %9s %9s %12s %12s %8s\n", "CHANNEL", "ACHIEVED", "BREACHED",
                   "FRT MEDIAN", "FRT P90", "REPLIED");
            for (c = 0; c < nch; c++) {
                char med[32] = "-", p90[32] = "-";
                if (!achieved[c] && !breached[c] && !n_frt[c])
                    continue;
                if (n_frt[c]) {
                    fmt_dur(percentile(frt[c], n_frt[c], 50), med, sizeof med);
                    fmt_dur(percentile(frt[c], n_frt[c], 90), p90, sizeof p90);
                }
                printf("%-10s %9lld %9lld %12s %12s %8zu\n", sla_policy_channel_name(pol, c),
                       (long long)achieved[c], (long long)breached[c], med, p90, n_frt[c]);
            }
            printf("\n!! breached   ! past a warning threshold\n");
            if (forecast) {
                int late = 0, n_shifts = sla_roster_shift_count(roster);
                for (k = 0; k < n_wait; k++)
                    late += wait[k].deadline != SLA_NO_TIME && now > wait[k].deadline;
                printf("\n%sForecast%s: %zu tickets waiting for a reply; %s",
                       bold, reset, n_wait, order_text[order]);
                if (samples)
                    printf(", %d simulated replays (seed %lld)\n", samples, seed);
                else
                    printf(", mean-value replay\n");
                printf("Times are local (%s), MM-DD HH:MM.\n",
                       disp ? sla_calendar_zone(disp) : "UTC");
                printf("Expected breaches: %s%.1f%s of %zu (%d already late)\n",
                       expected_breaches >= 0.5 ? red : green, expected_breaches, reset, n_wait,
                       late);
                printf("%-3s %-10s %-9s %-8s %-11s %-11s  %-25s %7s\n", "", "TICKET", "CHANNEL",
                       "PRIORITY", "WAITING", "DUE", "REPLY (P10 - P90)", "BREACH");
                for (k = 0; k < n_wait; k++) {
                    const waiting *w = &wait[k];
                    char due[32], lo[32], hi[32], range[80];
                    bool is_late = w->deadline != SLA_NO_TIME && now > w->deadline;
                    const char *mark = is_late ? "!!" : w->p_breach >= 0.5 ? "!" : "";
                    const char *col = is_late || w->p_breach >= 0.5 ? red
                                      : w->p_breach >= 0.1        ? yellow
                                                                  : "";
                    fmt_short(disp, w->deadline, due, sizeof due);
                    fmt_short(disp, w->low, lo, sizeof lo);
                    fmt_short(disp, w->high, hi, sizeof hi);
                    if (w->low == SLA_NO_TIME && w->high == SLA_NO_TIME)
                        snprintf(range, sizeof range, "never");
                    else
                        snprintf(range, sizeof range, "%s - %s", lo, hi);
                    printf("%s%-3s %-10s %-9s %-8s %-11s %-11s  %-25s %5.0f %%%s\n", col, mark,
                           w->ticket, sla_policy_channel_name(pol, w->channel),
                           sla_priority_name(w->priority),
                           w->metric == SLA_METRIC_FIRST_REPLY ? "first_reply" : "next_reply",
                           due, range, 100.0 * w->p_breach, *col ? reset : "");
                }
                printf("\n!! already late   ! more likely than not to breach\n");
                printf("\n%sStaffing advice%s: extra agents per shift that would avoid the "
                       "breaches still ahead\n",
                       bold, reset);
                printf("%-3s %-9s %-7s %-28s %6s\n", "#", "CHANNEL", "AGENTS", "HOURS", "EXTRA");
                for (i = 0; i < n_shifts && i < n_shift_args; i++) {
                    char ag[32];
                    if (shifts[i].concurrency > 1)
                        snprintf(ag, sizeof ag, "%dx%d", shifts[i].agents, shifts[i].concurrency);
                    else
                        snprintf(ag, sizeof ag, "%d", shifts[i].agents);
                    printf("%-3d %-9s %-7s %-28s %s%+6d%s\n", i + 1,
                           sla_policy_channel_name(pol, shifts[i].ch), ag, shifts[i].hours,
                           extra[i] ? bold : "", extra[i], extra[i] ? reset : "");
                }
                printf("Breaches ahead that no extra agent prevents: %zu (plus %d already late)\n",
                       left, late);
                printf("\n%sWhat to promise a customer who writes now%s (normal priority)\n", bold,
                       reset);
                printf("%-9s %-12s %-13s %s\n", "CHANNEL", "SLA DUE", "FORECAST P90",
                       "PROMISE");
                for (i = 0; i < n_proms; i++) {
                    const promise *p = &proms[i];
                    char dl[32], p90[32], pr[32];
                    fmt_short(disp, p->sla_deadline, dl, sizeof dl);
                    fmt_short(disp, p->p90, p90, sizeof p90);
                    fmt_short(disp, p->promise, pr, sizeof pr);
                    printf("%-9s %-12s %-13s %s%s%s%s\n", sla_policy_channel_name(pol, p->channel),
                           p->sla_deadline == SLA_NO_TIME ? "no target" : dl, p90, bold, pr, reset,
                           p->at_risk ? "  (at risk: the forecast is later than the SLA)" : "");
                }
            }
        } else if (!strcmp(format, "csv")) {
            printf("ticket,metric,channel,state,warned,target,elapsed,remaining,remaining_wall,"
                   "deadline\n");
            for (k = 0; k < n_rows; k++) {
                const row *w = &rows[k];
                csv_str(w->ticket);
                printf(",%s,%s,%s,%d,%lld,%lld,%lld,%lld,%lld\n", sla_metric_name(w->metric),
                       sla_policy_channel_name(pol, w->channel), sla_clock_state_name(w->state),
                       w->warned, (long long)w->target, (long long)w->elapsed,
                       (long long)w->remaining, (long long)w->remaining_wall,
                       (long long)w->deadline);
            }
            if (forecast) {
                printf("\nticket,metric,channel,priority,arrival,deadline,reply_expected,"
                       "reply_low,reply_high,pickup,p_breach\n");
                for (k = 0; k < n_wait; k++) {
                    const waiting *w = &wait[k];
                    csv_str(w->ticket);
                    printf(",%s,%s,%s,%lld,%lld,%lld,%lld,%lld,%lld,%.4f\n",
                           sla_metric_name(w->metric), sla_policy_channel_name(pol, w->channel),
                           sla_priority_name(w->priority), (long long)w->arrival,
                           (long long)w->deadline, (long long)w->expected, (long long)w->low,
                           (long long)w->high, (long long)w->pickup, w->p_breach);
                }
                printf("\nshift,channel,hours,agents,concurrency,extra_agents\n");
                for (i = 0; i < n_shift_args; i++) {
                    printf("%d,%s,", i + 1, sla_policy_channel_name(pol, shifts[i].ch));
                    csv_str(shifts[i].hours);
                    printf(",%d,%d,%d\n", shifts[i].agents, shifts[i].concurrency, extra[i]);
                }
                printf("\nchannel,priority,sla_deadline,forecast_p90,promise,at_risk\n");
                for (i = 0; i < n_proms; i++)
                    printf("%s,normal,%lld,%lld,%lld,%d\n",
                           sla_policy_channel_name(pol, proms[i].channel),
                           (long long)proms[i].sla_deadline, (long long)proms[i].p90,
                           (long long)proms[i].promise, proms[i].at_risk);
                printf("\nnow,order,samples,seed,waiting,expected_breaches,breaches_left\n");
                printf("%lld,%s,%d,%lld,%zu,%.4f,%zu\n", (long long)now, order_names[order],
                       samples, seed, n_wait, expected_breaches, left);
            }
        } else {
            printf("{\"now\":%lld,\"open\":[", (long long)now);
            for (k = 0; k < n_rows; k++) {
                const row *w = &rows[k];
                printf("%s\n{\"ticket\":", k ? "," : "");
                json_str(w->ticket);
                printf(",\"metric\":\"%s\",\"channel\":", sla_metric_name(w->metric));
                json_str(sla_policy_channel_name(pol, w->channel));
                printf(",\"state\":\"%s\",\"warned\":%d,\"target\":%lld,\"elapsed\":%lld,"
                       "\"remaining\":%lld,\"remaining_wall\":%lld,\"deadline\":%lld}",
                       sla_clock_state_name(w->state), w->warned, (long long)w->target,
                       (long long)w->elapsed, (long long)w->remaining,
                       (long long)w->remaining_wall, (long long)w->deadline);
            }
            printf("],\n\"channels\":[");
            for (c = 0, i = 0; c < nch; c++) {
                if (!achieved[c] && !breached[c] && !n_frt[c])
                    continue;
                printf("%s\n{\"channel\":", i++ ? "," : "");
                json_str(sla_policy_channel_name(pol, c));
                printf(",\"achieved\":%lld,\"breached\":%lld,\"first_reply_median\":%lld,"
                       "\"first_reply_p90\":%lld,\"replied\":%zu}",
                       (long long)achieved[c], (long long)breached[c],
                       n_frt[c] ? (long long)percentile(frt[c], n_frt[c], 50) : -1LL,
                       n_frt[c] ? (long long)percentile(frt[c], n_frt[c], 90) : -1LL, n_frt[c]);
            }
            printf("]");
            if (forecast) {
                printf(",\n\"forecast\":{\"order\":\"%s\",\"samples\":%d,\"seed\":%lld,"
                       "\"zone\":",
                       order_names[order], samples, seed);
                json_str(sla_calendar_zone(disp) ? sla_calendar_zone(disp) : "UTC");
                printf(",\"expected_breaches\":%.4f,\"tickets\":[", expected_breaches);
                for (k = 0; k < n_wait; k++) {
                    const waiting *w = &wait[k];
                    printf("%s\n{\"ticket\":", k ? "," : "");
                    json_str(w->ticket);
                    printf(",\"metric\":\"%s\",\"channel\":", sla_metric_name(w->metric));
                    json_str(sla_policy_channel_name(pol, w->channel));
                    printf(",\"priority\":\"%s\",\"arrival\":%lld,\"deadline\":%lld,"
                           "\"late\":%s,\"reply_expected\":%lld,\"reply_low\":%lld,"
                           "\"reply_high\":%lld,\"pickup\":%lld,\"p_breach\":%.4f}",
                           sla_priority_name(w->priority), (long long)w->arrival,
                           (long long)w->deadline,
                           w->deadline != SLA_NO_TIME && now > w->deadline ? "true" : "false",
                           (long long)w->expected, (long long)w->low, (long long)w->high,
                           (long long)w->pickup, w->p_breach);
                }
                printf("],\n\"advice\":{\"breaches_left\":%zu,\"shifts\":[", left);
                for (i = 0; i < n_shift_args; i++) {
                    printf("%s\n{\"channel\":", i ? "," : "");
                    json_str(sla_policy_channel_name(pol, shifts[i].ch));
                    printf(",\"hours\":");
                    json_str(shifts[i].hours);
                    printf(",\"agents\":%d,\"concurrency\":%d,\"extra_agents\":%d}",
                           shifts[i].agents, shifts[i].concurrency, extra[i]);
                }
                printf("]},\n\"promises\":[");
                for (i = 0; i < n_proms; i++) {
                    printf("%s\n{\"channel\":", i ? "," : "");
                    json_str(sla_policy_channel_name(pol, proms[i].channel));
                    printf(",\"priority\":\"normal\",\"sla_deadline\":%lld,\"forecast_p90\":%lld,"
                           "\"promise\":%lld,\"at_risk\":%s}",
                           (long long)proms[i].sla_deadline, (long long)proms[i].p90,
                           (long long)proms[i].promise, proms[i].at_risk ? "true" : "false");
                }
                printf("]}");
            }
            printf("}\n");
        }
        for (c = 0; c < nch; c++)
            free(frt[c]);
        free(frt);
        free(n_frt);
        free(achieved);
        free(breached);
    }

    watch_log_free(&log);
    free(rows);
    free(wait);
    free(extra);
    free(events);
    free(policy_text);
    sla_roster_free(roster);
    sla_policy_free(pol);
    for (i = 0; i < n_cals; i++) {
        sla_calendar_free(cals[i].cal);
        sla_calendar_builder_free(cals[i].b);
        free(cals[i].zone);
        free(cals[i].hours);
    }
    sla_status_free(st);
    sla_diag_free(diag);
    return 0;
}
