/*
 * sla-watch: replay a helpdesk event log against an SLA policy and show,
 * at an instant, the open clocks by time to breach and a summary per channel.
 *
 *   sla-watch [OPTIONS] EVENTS.csv
 *   sla-watch --demo
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) The libsla authors
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libsla/sla.h>

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
            "  --demo                   use built-in demo data (policy, calendar, events)\n"
            "  -h, --help               this help\n"
            "\n"
            "EVENTS.csv rows: ticket,time,event,channel,priority with event one of created,\n"
            "customer, reply, note, status:STATUS, priority:PRIORITY, channel:CHANNEL.\n"
            "A header row starting with 'ticket' is skipped; '#' lines are comments.\n"
            "Colour is used only when standard output is a terminal and NO_COLOR is unset.\n",
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

/* ---- small helpers ---- */

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

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: ", prog);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);
}

typedef struct {
    char name[64];
    char *zone, *hours;
    sla_calendar_builder *b;
    sla_calendar *cal;
} named_cal;

typedef struct {
    char *id;
    sla_ticket *t;
} ticket_entry;

typedef struct {
    ticket_entry *v;
    size_t n, cap; /* open addressing, cap a power of two */
} ticket_map;

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    while (*s)
        h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
    return h;
}

static ticket_entry *map_find(ticket_map *m, const char *id, bool insert)
{
    size_t i;
    if (insert && (m->n + 1) * 2 > m->cap) {
        ticket_map nm = {NULL, 0, m->cap ? m->cap * 2 : 64};
        nm.v = calloc(nm.cap, sizeof *nm.v);
        if (!nm.v)
            die("%s%s", "out of memory", "");
        for (i = 0; i < m->cap; i++)
            if (m->v[i].id) {
                ticket_entry *e = map_find(&nm, m->v[i].id, true);
                *e = m->v[i];
            }
        free(m->v);
        nm.n = m->n;
        *m = nm;
    }
    if (!m->cap)
        return NULL;
    for (i = hash_str(id) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (!m->v[i].id) {
            if (!insert)
                return NULL;
            m->n++;
            return &m->v[i];
        }
        if (strcmp(m->v[i].id, id) == 0)
            return &m->v[i];
    }
}

/* Split a CSV line in place into at most `max` fields (no quoting needed). */
static int split_csv(char *line, char **f, int max)
{
    int n = 0;
    char *p = line;
    while (n < max) {
        f[n++] = p;
        p = strchr(p, ',');
        if (!p)
            break;
        *p++ = '\0';
    }
    return n;
}

static char *trim(char *s)
{
    char *e;
    while (*s == ' ' || *s == '\t')
        s++;
    e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
        *--e = '\0';
    return s;
}

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

/* ---- report rows ---- */

typedef struct {
    const char *ticket;
    int metric, channel, state, warned;
    int64_t target, elapsed, remaining, remaining_wall, deadline;
} row;

static int cmp_row(const void *a, const void *b)
{
    const row *x = a, *y = b;
    int64_t kx = x->deadline == SLA_NO_TIME ? INT64_MAX : x->deadline;
    int64_t ky = y->deadline == SLA_NO_TIME ? INT64_MAX : y->deadline;
    if (kx != ky)
        return kx < ky ? -1 : 1;
    return strcmp(x->ticket, y->ticket);
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

int main(int argc, char **argv)
{
    const char *policy_path = NULL, *events_path = NULL, *now_text = NULL, *format = "table";
    const char *cal_args[32], *hol_args[256];
    int n_cal_args = 0, n_hol_args = 0, i, r, ln;
    bool demo = false, colour;
    named_cal cals[32];
    int n_cals = 0;
    sla_policy *pol = NULL;
    sla_diag *diag;
    sla_status *st;
    char *policy_text = NULL, *events, *line, *next;
    const sla_calendar *disp = NULL;
    ticket_map tickets = {NULL, 0, 0};
    int64_t now = SLA_NO_TIME, last_event = SLA_NO_TIME;
    row *rows = NULL;
    size_t n_rows = 0, cap_rows = 0, k;

    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(a, "--demo")) {
            demo = true;
        } else if (!strcmp(a, "--policy") || !strcmp(a, "--calendar") || !strcmp(a, "--holiday") ||
                   !strcmp(a, "--now") || !strcmp(a, "--format")) {
            if (!v) {
                fprintf(stderr, "%s: %s needs a value (see --help)\n", prog, a);
                return 2;
            }
            i++;
            if (!strcmp(a, "--policy"))
                policy_path = v;
            else if (!strcmp(a, "--now"))
                now_text = v;
            else if (!strcmp(a, "--format"))
                format = v;
            else if (!strcmp(a, "--calendar") && n_cal_args < 32)
                cal_args[n_cal_args++] = v;
            else if (!strcmp(a, "--holiday") && n_hol_args < 256)
                hol_args[n_hol_args++] = v;
            else {
                fprintf(stderr, "%s: too many %s options\n", prog, a);
                return 2;
            }
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "%s: unknown option '%s' (see --help)\n", prog, a);
            return 2;
        } else if (!events_path) {
            events_path = a;
        } else {
            fprintf(stderr, "%s: more than one event log given\n", prog);
            return 2;
        }
    }
    if (strcmp(format, "table") && strcmp(format, "csv") && strcmp(format, "json")) {
        fprintf(stderr, "%s: --format must be table, csv or json\n", prog);
        return 2;
    }
    if (demo) {
        if (!policy_path)
            policy_text = strdup(demo_policy);
        if (n_cal_args == 0)
            cal_args[n_cal_args++] = demo_calendar;
        if (n_hol_args == 0)
            hol_args[n_hol_args++] = demo_holiday;
        if (!now_text)
            now_text = demo_now;
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
            die("--calendar '%s': expected NAME=ZONE;HOURS%s", cal_args[i], "");
        memset(c, 0, sizeof *c);
        memcpy(c->name, cal_args[i], (size_t)(eq - cal_args[i]));
        c->zone = strndup(eq + 1, (size_t)(semi - eq - 1));
        c->hours = strdup(semi + 1);
        if ((r = sla_calendar_builder_new(c->zone, &c->b)) < 0)
            die("--calendar: zone '%s': %s", c->zone, sla_strerror(r));
        if ((r = sla_calendar_builder_set_hours(c->b, c->hours, diag)) < 0)
            die("--calendar: hours: %s%s", sla_diag_message(diag), "");
        n_cals++;
    }
    for (i = 0; i < n_hol_args; i++) {
        const char *eq = strchr(hol_args[i], '=');
        int y, m, d, j, found = 0;
        char extra;
        if (!eq || sscanf(eq + 1, "%d-%d-%d%c", &y, &m, &d, &extra) != 3)
            die("--holiday '%s': expected NAME=YYYY-MM-DD%s", hol_args[i], "");
        for (j = 0; j < n_cals; j++)
            if (strlen(cals[j].name) == (size_t)(eq - hol_args[i]) &&
                !strncmp(cals[j].name, hol_args[i], (size_t)(eq - hol_args[i]))) {
                if ((r = sla_calendar_builder_add_holiday(cals[j].b, y, m, d)) < 0)
                    die("--holiday '%s': %s", hol_args[i], sla_strerror(r));
                found = 1;
            }
        if (!found)
            die("--holiday '%s': no calendar of that name%s", hol_args[i], "");
    }
    for (i = 0; i < n_cals; i++)
        if ((r = sla_calendar_builder_compile(cals[i].b, &cals[i].cal)) < 0)
            die("calendar '%s': %s", cals[i].name, sla_strerror(r));
    disp = n_cals ? cals[0].cal : NULL;

    /* Policy. */
    if (policy_path || policy_text) {
        if (!policy_text && !(policy_text = read_all(policy_path)))
            die("cannot read policy '%s'%s", policy_path, "");
        sla_policy_new(&pol);
        for (i = 0; i < n_cals; i++)
            sla_policy_add_calendar(pol, cals[i].name, cals[i].cal);
        if (sla_policy_parse(pol, policy_text, diag) < 0) {
            fprintf(stderr, "%s: %s: %s\n", prog, policy_path ? policy_path : "demo policy",
                    sla_diag_message(diag));
            return 1;
        }
    } else {
        const sla_calendar *biz = NULL, *live = NULL;
        for (i = 0; i < n_cals; i++) {
            if (!strcmp(cals[i].name, "business"))
                biz = cals[i].cal;
            if (!strcmp(cals[i].name, "live"))
                live = cals[i].cal;
        }
        if ((r = sla_policy_new_default(biz, live, &pol)) < 0)
            die("default policy: %s%s", sla_strerror(r), "");
        for (i = 0; i < n_cals; i++)
            sla_policy_add_calendar(pol, cals[i].name, cals[i].cal);
    }

    /* Events. */
    events = demo && !events_path ? strdup(demo_events) : read_all(events_path);
    if (!events)
        die("cannot read '%s'%s", events_path, "");
    for (line = events, ln = 1; line && *line; line = next, ln++) {
        char *f[6], *id, *ev;
        int nf, ch = SLA_CHANNEL_EMAIL, pr = SLA_PRIORITY_NORMAL, val;
        int64_t t;
        ticket_entry *e;
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        if (*trim(line) == '\0' || *trim(line) == '#' || (ln == 1 && !strncmp(line, "ticket", 6)))
            continue;
        nf = split_csv(line, f, 6);
        if (nf < 3) {
            fprintf(stderr, "%s: line %d: expected ticket,time,event[,channel,priority]\n", prog,
                    ln);
            return 1;
        }
        id = trim(f[0]);
        ev = trim(f[2]);
        if (sla_parse_instant(disp, trim(f[1]), &t, diag) < 0) {
            fprintf(stderr, "%s: line %d: time '%s': %s\n", prog, ln, trim(f[1]),
                    sla_diag_message(diag));
            return 1;
        }
        if (nf > 3 && *trim(f[3]) && sla_policy_channel(pol, trim(f[3]), &ch) < 0) {
            fprintf(stderr, "%s: line %d: unknown channel '%s' (declare it in the policy with "
                            "'channel %s')\n", prog, ln, trim(f[3]), trim(f[3]));
            return 1;
        }
        if (nf > 4 && *trim(f[4]) && sla_name_lookup(2, trim(f[4]), &pr) < 0) {
            fprintf(stderr, "%s: line %d: unknown priority '%s' (low, normal, high, urgent)\n",
                    prog, ln, trim(f[4]));
            return 1;
        }
        if (t > last_event || last_event == SLA_NO_TIME)
            last_event = t;
        e = map_find(&tickets, id, !strcmp(ev, "created"));
        if (!strcmp(ev, "created")) {
            if (e->id) {
                fprintf(stderr, "%s: line %d: ticket '%s' created twice\n", prog, ln, id);
                return 1;
            }
            e->id = strdup(id);
            r = sla_ticket_new(pol, t, ch, pr, &e->t);
        } else if (!e) {
            fprintf(stderr, "%s: line %d: ticket '%s' has no 'created' event before\n", prog, ln,
                    id);
            return 1;
        } else if (!strcmp(ev, "customer")) {
            r = sla_ticket_customer_message(e->t, t, ch);
        } else if (!strcmp(ev, "reply")) {
            r = sla_ticket_agent_reply(e->t, t);
        } else if (!strcmp(ev, "note")) {
            r = sla_ticket_note(e->t, t);
        } else if (!strncmp(ev, "status:", 7) && sla_name_lookup(1, ev + 7, &val) == 0) {
            r = sla_ticket_set_status(e->t, t, val);
        } else if (!strncmp(ev, "priority:", 9) && sla_name_lookup(2, ev + 9, &val) == 0) {
            r = sla_ticket_set_priority(e->t, t, val);
        } else if (!strncmp(ev, "channel:", 8) && sla_policy_channel(pol, ev + 8, &val) == 0) {
            r = sla_ticket_set_channel(e->t, t, val);
        } else {
            fprintf(stderr, "%s: line %d: unknown event '%s' (created, customer, reply, note, "
                            "status:S, priority:P, channel:C)\n", prog, ln, ev);
            return 1;
        }
        if (r < 0) {
            fprintf(stderr, "%s: line %d: ticket '%s': %s\n", prog, ln, id, sla_strerror(r));
            return 1;
        }
    }
    if (now_text) {
        if (sla_parse_instant(disp, now_text, &now, diag) < 0) {
            fprintf(stderr, "%s: --now '%s': %s\n", prog, now_text, sla_diag_message(diag));
            return 1;
        }
    } else {
        now = last_event == SLA_NO_TIME ? 0 : last_event;
    }

    /* Collect the clocks. */
    {
        int nch = sla_policy_channel_count(pol);
        int64_t *achieved = calloc((size_t)nch, sizeof *achieved);
        int64_t *breached = calloc((size_t)nch, sizeof *breached);
        int64_t **frt = calloc((size_t)nch, sizeof *frt);
        size_t *n_frt = calloc((size_t)nch, sizeof *n_frt);
        const char *bold = "", *red = "", *yellow = "", *reset = "";
        int c;

        colour = isatty(STDOUT_FILENO) && !getenv("NO_COLOR") && !strcmp(format, "table");
        if (colour) {
            bold = "\033[1m";
            red = "\033[31m";
            yellow = "\033[33m";
            reset = "\033[0m";
        }
        for (k = 0; k < tickets.cap; k++) {
            ticket_entry *e = &tickets.v[k];
            int ch, m;
            if (!e->id)
                continue;
            r = sla_ticket_status(e->t, now, st);
            if (r < 0) {
                fprintf(stderr, "%s: ticket '%s' at --now: %s\n", prog, e->id, sla_strerror(r));
                return 1;
            }
            sla_ticket_info(e->t, NULL, NULL, &ch, NULL, NULL);
            for (m = 0; m < SLA_METRIC_COUNT; m++) {
                int64_t v[16];
                int fl;
                for (fl = 0; fl <= SLA_FIELD_CALENDAR_24_7; fl++)
                    sla_status_get(st, m, fl, &v[fl]);
                if (v[SLA_FIELD_TARGET] < 0 || v[SLA_FIELD_STATE] == SLA_CLOCK_INACTIVE)
                    continue;
                c = (int)v[SLA_FIELD_CHANNEL];
                if (v[SLA_FIELD_STATE] == SLA_CLOCK_ACHIEVED)
                    achieved[c]++;
                if (v[SLA_FIELD_STATE] == SLA_CLOCK_BREACHED)
                    breached[c]++;
                if (m == SLA_METRIC_FIRST_REPLY && v[SLA_FIELD_FULFILLED_AT] != SLA_NO_TIME) {
                    int64_t *nv = realloc(frt[c], (n_frt[c] + 1) * sizeof *nv);
                    if (!nv)
                        die("%s%s", "out of memory", "");
                    frt[c] = nv;
                    frt[c][n_frt[c]++] = v[SLA_FIELD_ELAPSED];
                }
                if (v[SLA_FIELD_FULFILLED_AT] != SLA_NO_TIME)
                    continue; /* not open */
                if (n_rows == cap_rows) {
                    row *nr = realloc(rows, (cap_rows = cap_rows ? cap_rows * 2 : 64) * sizeof *nr);
                    if (!nr)
                        die("%s%s", "out of memory", "");
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
                n_rows++;
            }
        }
        qsort(rows, n_rows, sizeof *rows, cmp_row);
        for (c = 0; c < nch; c++)
            if (n_frt[c])
                qsort(frt[c], n_frt[c], sizeof *frt[c], cmp_i64);

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
        } else if (!strcmp(format, "csv")) {
            printf("ticket,metric,channel,state,warned,target,elapsed,remaining,remaining_wall,"
                   "deadline\n");
            for (k = 0; k < n_rows; k++) {
                const row *w = &rows[k];
                printf("%s,%s,%s,%s,%d,%lld,%lld,%lld,%lld,%lld\n", w->ticket,
                       sla_metric_name(w->metric), sla_policy_channel_name(pol, w->channel),
                       sla_clock_state_name(w->state), w->warned, (long long)w->target,
                       (long long)w->elapsed, (long long)w->remaining,
                       (long long)w->remaining_wall, (long long)w->deadline);
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
            printf("]}\n");
        }
        for (c = 0; c < nch; c++)
            free(frt[c]);
        free(frt);
        free(n_frt);
        free(achieved);
        free(breached);
    }

    for (k = 0; k < tickets.cap; k++)
        if (tickets.v[k].id) {
            sla_ticket_free(tickets.v[k].t);
            free(tickets.v[k].id);
        }
    free(tickets.v);
    free(rows);
    free(events);
    free(policy_text);
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
