/* sla-demo: the whole libsla story on built-in generated data.
 *
 * A support team in London, Thursday evening: the email team went home at
 * 17:30, one evening agent is left, chat is staffed until 22:00 and busy.
 * Which tickets will breach, what should a customer who writes now be
 * promised, and how many agents would have prevented the breaches?
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "libsla/sla.h"

#define NEMAIL 36
#define NCHAT 14
#define N (NEMAIL + NCHAT)

static const char *bold = "", *dim = "", *red = "", *yellow = "", *green = "", *reset = "";

static void die(const char *what, int r)
{
    fprintf(stderr, "sla-demo: %s: %s\n", what, sla_strerror(r));
    exit(1);
}

static const char *when(const sla_calendar *cal, int64_t t, char *buf, size_t size)
{
    char full[64];
    if (t == SLA_NO_TIME) {
        snprintf(buf, size, "never");
        return buf;
    }
    sla_format_instant(cal, t, full, sizeof full);
    /* "2025-11-27T19:30:00+00:00" -> "Thu 19:30" style is friendlier: */
    {
        static const char *wd[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
        int off = 0;
        sla_calendar_utc_offset(cal, t, &off);
        long long local = (long long)t + off;
        long long days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
        snprintf(buf, size, "%s %.5s", wd[((days % 7) + 7) % 7], full + 11);
    }
    return buf;
}

static const char *dur(int64_t d, char *buf, size_t size)
{
    sla_format_duration(d, buf, size);
    return buf;
}

static void heading(const char *text)
{
    printf("\n%s== %s ==%s\n", bold, text, reset);
}

int main(int argc, char **argv)
{
    sla_calendar *office = NULL, *live = NULL;
    sla_policy *policy = NULL;
    sla_roster *roster = NULL;
    sla_status *st = NULL;
    sla_ticket *tickets[N];
    int channel[N], priority[N], counting[N], flags[N], r, i;
    int64_t arrival[N], deadline[N], target[N], remaining[N], low[N], high[N];
    double p_breach[N];
    size_t top[8], ntop = 0, left = 0;
    char b1[64], b2[64], b3[64];
    /* Thursday 2025-11-27 19:30 in London (GMT) */
    const int64_t now = 1764271800;
    unsigned seed = 2025;

    (void)argv;
    if (argc > 1) {
        printf("usage: sla-demo\n\nTells the libsla story on built-in generated data: a busy evening\n"
               "with an email and chat backlog, who will breach, what to promise new\n"
               "customers, and how many agents would have prevented the breaches.\n");
        return argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) ? 0 : 2;
    }
    if (isatty(STDOUT_FILENO) && !getenv("NO_COLOR")) {
        bold = "\033[1m";
        dim = "\033[2m";
        red = "\033[31m";
        yellow = "\033[33m";
        green = "\033[32m";
        reset = "\033[0m";
    }

    /* 1. Calendars and the market-leading default policy. */
    if ((r = sla_calendar_new("Europe/London", "Mo-Fr 09:00-17:30; PH off", &office, NULL)) ||
        (r = sla_calendar_new("Europe/London", "Mo-Su 08:00-22:00", &live, NULL)))
        die("calendar", r);
    if ((r = sla_policy_new_default(office, live, &policy)))
        die("policy", r);
    if ((r = sla_status_new(&st)))
        die("status", r);

    printf("%slibsla %s%s — a support team in London, Thursday 27 November 2025, 19:30\n",
           bold, sla_version_string(), reset);
    printf("Email is answered Mo-Fr 09:00-17:30 (15-minute target in business hours);\n"
           "chat Mo-Su 08:00-22:00 (30-second target). The policy is libsla's default,\n"
           "from published customer-service research.\n");

    /* 2. The backlog: emails since the afternoon, chats in the last minutes. */
    for (i = 0; i < N; i++) {
        bool is_chat = i >= NEMAIL;
        seed = seed * 1103515245u + 12345u;
        channel[i] = is_chat ? SLA_CHANNEL_CHAT : SLA_CHANNEL_EMAIL;
        priority[i] = (seed >> 16) % 10 == 0 ? SLA_PRIORITY_HIGH : SLA_PRIORITY_NORMAL;
        arrival[i] = is_chat ? now - 20 - (int64_t)((seed >> 8) % 240)
                             : now - 60 - (int64_t)((seed >> 8) % (4 * 3600));
        if ((r = sla_ticket_new(policy, arrival[i], channel[i], priority[i], &tickets[i])))
            die("ticket", r);
        if ((r = sla_ticket_status(tickets[i], now, st)))
            die("status", r);
        sla_status_get(st, SLA_METRIC_FIRST_REPLY, SLA_FIELD_DEADLINE, &deadline[i]);
        sla_status_get(st, SLA_METRIC_FIRST_REPLY, SLA_FIELD_TARGET, &target[i]);
        counting[i] = 1;
    }

    /* 3. Many clocks at once: breached, warned, and the next to breach. */
    {
        const sla_calendar *cals[2] = {office, live};
        int idx[N], nb = 0, nw = 0;
        for (i = 0; i < N; i++)
            idx[i] = channel[i] == SLA_CHANNEL_CHAT;
        if ((r = sla_scan(cals, 2, idx, now, counting, deadline, NULL, target, N, 0.75, remaining,
                          flags, 5, top, &ntop)))
            die("scan", r);
        for (i = 0; i < N; i++) {
            nb += !!(flags[i] & SLA_SCAN_BREACHED);
            nw += (flags[i] & SLA_SCAN_WARNED) && !(flags[i] & SLA_SCAN_BREACHED);
        }
        heading("Where the clocks stand now (sla_scan)");
        printf("%d emails and %d chats wait for a first reply.\n", NEMAIL, NCHAT);
        printf("%s%d already breached%s (every chat: 30 s is long gone), %d past 75 %% of target.\n",
               red, nb, reset, nw);
        printf("Next to breach (emails count business time, so they are due tomorrow morning):\n");
        for (size_t k = 0; k < ntop; k++) {
            int t = (int)top[k];
            printf("  ticket %-3d %-5s waited since %s  due %s  %s left\n", t,
                   channel[t] == SLA_CHANNEL_CHAT ? "chat" : "email",
                   when(office, arrival[t], b1, sizeof b1), when(office, deadline[t], b2, sizeof b2),
                   dur(remaining[t], b3, sizeof b3));
        }
    }

    /* 4. Forecast: who is on duty, how long replies take. */
    if ((r = sla_roster_new("Europe/London", &roster)) ||
        (r = sla_roster_add_shift(roster, SLA_CHANNEL_EMAIL, "Mo-Fr 09:00-17:30", 4, 1, NULL,
                                  NULL)) ||
        (r = sla_roster_add_shift(roster, SLA_CHANNEL_EMAIL, "Mo-Fr 17:30-22:00", 1, 1, NULL,
                                  NULL)) ||
        (r = sla_roster_add_shift(roster, SLA_CHANNEL_CHAT, "Mo-Su 08:00-22:00", 2, 3, NULL,
                                  NULL)) ||
        (r = sla_roster_set_handle_time(roster, SLA_CHANNEL_EMAIL, 420, 240)) ||
        (r = sla_roster_set_handle_time(roster, SLA_CHANNEL_CHAT, 240, 120)))
        die("roster", r);
    sla_forecast *f = NULL;
    {
        int shown = 0;
        if ((r = sla_forecast_new(roster, now, channel, priority, arrival, deadline, N,
                                  SLA_ORDER_EDF, 500, 42, &f)))
            die("forecast", r);
        sla_forecast_results(f, NULL, low, high, p_breach);
        heading("Forecast: 500 simulated evenings (sla_forecast_new)");
        printf("On duty: 1 email agent until 22:00 (4 from 09:00 tomorrow), 2 chat agents\n"
               "holding 3 chats each. Email takes 7 min (spread 4), chat 4 min (spread 2).\n");
        printf("Expected breaches: %s%.1f of %d%s\n", red, sla_forecast_expected_breaches(f), N,
               reset);
        printf("Tickets at risk that have not breached yet (reply: 10th to 90th percentile):\n");
        for (i = 0; i < N && shown < 6; i++) {
            if (now > deadline[i] || p_breach[i] < 0.05)
                continue;
            printf("  ticket %-3d %-5s due %s  reply between %s and %s  %s%3.0f %% breach%s\n",
                   i, channel[i] == SLA_CHANNEL_CHAT ? "chat" : "email",
                   when(office, deadline[i], b1, sizeof b1), when(office, low[i], b2, sizeof b2),
                   when(office, high[i], b3, sizeof b3), p_breach[i] > 0.5 ? red : yellow,
                   100.0 * p_breach[i], reset);
            shown++;
        }
        if (!shown)
            printf("  %snone%s\n", green, reset);
    }

    /* 5. Promises for customers who write now: a time the team can keep. */
    heading("What to promise a customer who writes now (sla_forecast_promise_for)");
    printf("The forecast's 90th percentile for one more ticket, rounded up to 5 minutes,\n"
           "beside the SLA deadline:\n");
    for (int c = 0; c < 2; c++) {
        int ch = c ? SLA_CHANNEL_CHAT : SLA_CHANNEL_EMAIL, risk = 0;
        sla_ticket *t = NULL;
        int64_t dl, promise, p90;
        sla_ticket_new(policy, now, ch, SLA_PRIORITY_NORMAL, &t);
        sla_ticket_status(t, now, st);
        sla_status_get(st, SLA_METRIC_FIRST_REPLY, SLA_FIELD_DEADLINE, &dl);
        sla_ticket_free(t);
        if ((r = sla_forecast_promise_for(f, ch, SLA_PRIORITY_NORMAL, dl, 300, &promise, &p90,
                                          &risk)))
            die("promise", r);
        printf("  %-5s promise %s%s%s (forecast 90 %% %s; SLA deadline %s)%s\n",
               c ? "chat" : "email", bold, when(office, promise, b3, sizeof b3), reset,
               when(office, p90, b2, sizeof b2), when(office, dl, b1, sizeof b1),
               risk ? "  at risk: the SLA will likely be missed" : "");
    }
    sla_forecast_free(f);

    /* 6. How many agents would have prevented it. */
    {
        int extra[3] = {0, 0, 0};
        static const char *names[3] = {"email Mo-Fr 09:00-17:30", "email Mo-Fr 17:30-22:00",
                                       "chat  Mo-Su 08:00-22:00"};
        heading("Agents that would prevent the breaches still ahead (sla_forecast_advise)");
        if ((r = sla_forecast_advise(roster, now, channel, priority, arrival, deadline, N,
                                     SLA_ORDER_EDF, 1000, extra, 3, &left)))
            die("advise", r);
        for (i = 0; i < 3; i++)
            printf("  %-26s %s+%d%s\n", names[i], extra[i] ? bold : dim, extra[i], reset);
        {
            int late = 0;
            for (i = 0; i < N; i++)
                late += now > deadline[i];
            printf("  %d tickets are already late; breaches ahead that up to 1000 extra agents\n"
                   "  on these shifts do not prevent: %zu\n",
                   late, left);
        }
    }

    /* 7. Erlang C: the staffing a 30-second chat promise needs. */
    {
        int agents = 0, scheduled = 0;
        double sl = 0.0;
        const double rate = 90.0 / 3600.0, aht = 240.0;
        heading("Erlang C: staffing chat for the evening peak (sla_erlang_c_agents)");
        if ((r = sla_erlang_c_agents(rate, aht, 30.0, 0.8, 0.85, 0.3, &agents, &scheduled)))
            die("erlang", r);
        sla_erlang_c_service_level(rate, aht, agents, 30.0, &sl);
        printf("If the evening peak brings 90 chats an hour at 4 minutes each, Erlang C (one\n"
               "chat per agent at a time) needs %d agents to answer %.0f %% within 30 s; with\n"
               "30 %% shrinkage, schedule %s%d%s. Tonight's 2 agents hold 3 chats each: 6 places\n"
               "for conversations, against the %d one-chat agents of the model.\n",
               agents, 100.0 * sl, bold, scheduled, reset, agents);
    }
    printf("\n%sEverything above comes from libsla's public C API, in a few tens of milliseconds.%s\n",
           dim, reset);

    for (i = 0; i < N; i++)
        sla_ticket_free(tickets[i]);
    sla_status_free(st);
    sla_roster_free(roster);
    sla_policy_free(policy);
    sla_calendar_free(office);
    sla_calendar_free(live);
    return 0;
}
