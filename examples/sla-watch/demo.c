/*
 * sla-watch: the built-in demo data (--demo, --demo --forecast).
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) The libsla authors
 */
#include "watch.h"

#include <string.h>

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
static const char *demo_events = "ticket,time,event,channel,priority\n"
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
static const char *const demo_fc_shifts[] = {
    "email=3@Mo-Fr 08:00-16:00", "email=1@Mo-Fr 16:00-21:00", "chat=2x3@Mo-Su 08:00-22:00"};

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
    tool_appendf(&buf, &len, &cap, "ticket,time,event,channel,priority\n");
    /* Answered earlier in the day: the 'By channel' figures. */
    for (i = 0; i < 12; i++) {
        int h = 8 + i * 2 / 3, m = rnd(&seed, 50), reply = 3 + rnd(&seed, 25);
        int solved = rnd(&seed, 60);
        tool_appendf(&buf, &len, &cap, "E-%d,2025-04-15T%02d:%02d:00+02:00,created,email,normal\n",
                     1001 + i, h, m);
        tool_appendf(&buf, &len, &cap, "E-%d,2025-04-15T%02d:%02d:00+02:00,reply,,\n", 1001 + i,
                     h + (m + reply) / 60, (m + reply) % 60);
        tool_appendf(&buf, &len, &cap, "E-%d,2025-04-15T%02d:%02d:00+02:00,status:solved,,\n",
                     1001 + i, h + 1, solved);
    }
    /* Customers who wrote back in the evening: next replies, due tomorrow. */
    for (i = 0; i < 3; i++) {
        int m = 10 + rnd(&seed, 40);
        tool_appendf(&buf, &len, &cap, "E-%d,2025-04-15T1%d:%02d:00+02:00,customer,email,\n",
                     1001 + 4 * i, 6 + i, m);
    }
    /* Unanswered since the afternoon: already late (one just before closing). */
    tool_appendf(&buf, &len, &cap,
                 "E-1101,2025-04-15T15:08:00+02:00,created,email,normal\n"
                 "E-1102,2025-04-15T15:26:00+02:00,created,email,high\n"
                 "E-1103,2025-04-15T15:39:00+02:00,created,email,normal\n"
                 "E-1104,2025-04-15T15:53:00+02:00,created,email,normal\n");
    /* The evening's emails: due at 08:15 tomorrow, fifteen business minutes. */
    for (i = 0; i < 26; i++) {
        int minute = 16 * 60 + 5 + i * 7 + rnd(&seed, 6);
        int sec = rnd(&seed, 60), high = rnd(&seed, 8) == 0;
        tool_appendf(&buf, &len, &cap, "E-%d,2025-04-15T%02d:%02d:%02d+02:00,created,email,%s\n",
                     1201 + i, minute / 60, minute % 60, sec,
                     i == 17 ? "urgent"
                     : high  ? "high"
                             : "normal");
    }
    tool_appendf(&buf, &len, &cap, "E-1203,2025-04-15T17:02:00+02:00,note,,\n");
    /* Chats: some answered, ten waiting now. */
    for (i = 0; i < 6; i++) {
        int m = 5 + i * 9, rm = m + 1 + rnd(&seed, 4), rs = rnd(&seed, 60);
        tool_appendf(&buf, &len, &cap,
                     "C-%d,2025-04-15T18:%02d:00+02:00,created,chat,normal\n"
                     "C-%d,2025-04-15T18:%02d:%02d+02:00,reply,,\n"
                     "C-%d,2025-04-15T18:%02d:00+02:00,status:solved,,\n",
                     3001 + i, m, 3001 + i, rm, rs, 3001 + i, m + 8);
    }
    for (i = 0; i < 10; i++) {
        int sec = 19 * 3600 + 21 * 60 + i * 50 + rnd(&seed, 20);
        tool_appendf(&buf, &len, &cap, "C-%d,2025-04-15T%02d:%02d:%02d+02:00,created,chat,%s\n",
                     3101 + i, sec / 3600, sec / 60 % 60, sec % 60, i == 6 ? "high" : "normal");
    }
    /* Social: nobody on duty. */
    tool_appendf(&buf, &len, &cap,
                 "S-4001,2025-04-15T17:41:00+02:00,created,social,normal\n"
                 "S-4002,2025-04-15T19:05:00+02:00,created,social,high\n");
    return buf;
}

/* ---- small helpers ---- */

void watch_apply_demo(watch_opts *o, char **policy_text)
{
    size_t i;
    if (o->forecast && o->n_shift_args == 0)
        for (i = 0; i < sizeof demo_fc_shifts / sizeof *demo_fc_shifts; i++)
            o->shift_args[o->n_shift_args++] = demo_fc_shifts[i];
    if (!o->policy_path)
        *policy_text = xstrdup(o->forecast ? demo_fc_policy : demo_policy);
    if (o->n_cal_args == 0)
        o->cal_args[o->n_cal_args++] = demo_calendar;
    if (o->n_hol_args == 0)
        o->hol_args[o->n_hol_args++] = demo_holiday;
    if (!o->now_text)
        o->now_text = o->forecast ? demo_fc_now : demo_now;
}

char *watch_demo_events(bool forecast)
{
    return forecast ? demo_fc_events() : xstrdup(demo_events);
}
