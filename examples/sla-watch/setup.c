/*
 * sla-watch: calendars and holidays, the policy, the forecast roster.
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) The libsla authors
 */
#include "watch.h"

#include <stdlib.h>
#include <string.h>

void watch_setup_calendars(watch *ws)
{
    const watch_opts *o = ws->o;
    int i, r;

    for (i = 0; i < o->n_cal_args; i++) {
        named_cal *c = &ws->cals[ws->n_cals];
        const char *eq = strchr(o->cal_args[i], '='), *semi = eq ? strchr(eq, ';') : NULL;
        if (!eq || !semi || eq == o->cal_args[i] || (size_t)(eq - o->cal_args[i]) >= sizeof c->name)
            tool_usage_error("--calendar '%s': expected NAME=ZONE;HOURS", o->cal_args[i]);
        memset(c, 0, sizeof *c);
        memcpy(c->name, o->cal_args[i], (size_t)(eq - o->cal_args[i]));
        c->zone = strndup(eq + 1, (size_t)(semi - eq - 1));
        c->hours = strdup(semi + 1);
        if ((r = sla_calendar_builder_new(c->zone, &c->b)) < 0)
            tool_die("--calendar: zone '%s': %s", c->zone, sla_strerror(r));
        if ((r = sla_calendar_builder_set_hours(c->b, c->hours, ws->diag)) < 0)
            tool_die("--calendar: hours: %s", sla_diag_message(ws->diag));
        ws->n_cals++;
    }
    for (i = 0; i < o->n_hol_args; i++) {
        const char *eq = strchr(o->hol_args[i], '=');
        int y, m, d, j, found = 0;
        char extra_ch;
        if (!eq || sscanf(eq + 1, "%d-%d-%d%c", &y, &m, &d, &extra_ch) != 3)
            tool_usage_error("--holiday '%s': expected NAME=YYYY-MM-DD", o->hol_args[i]);
        for (j = 0; j < ws->n_cals; j++)
            if (strlen(ws->cals[j].name) == (size_t)(eq - o->hol_args[i]) &&
                !strncmp(ws->cals[j].name, o->hol_args[i], (size_t)(eq - o->hol_args[i]))) {
                if ((r = sla_calendar_builder_add_holiday(ws->cals[j].b, y, m, d)) < 0)
                    tool_die("--holiday '%s': %s", o->hol_args[i], sla_strerror(r));
                if (j == 0 && ws->n_roster_hol < 256) {
                    ws->roster_hol[ws->n_roster_hol][0] = y;
                    ws->roster_hol[ws->n_roster_hol][1] = m;
                    ws->roster_hol[ws->n_roster_hol++][2] = d;
                }
                found = 1;
            }
        if (!found)
            tool_die("--holiday '%s': no calendar of that name", o->hol_args[i]);
    }
    for (i = 0; i < ws->n_cals; i++)
        if ((r = sla_calendar_builder_compile(ws->cals[i].b, &ws->cals[i].cal)) < 0)
            tool_die("calendar '%s': %s", ws->cals[i].name, sla_strerror(r));
    ws->disp = ws->n_cals ? ws->cals[0].cal : NULL;
}

void watch_setup_policy(watch *ws)
{
    const watch_opts *o = ws->o;
    int i, r;

    if (o->policy_path || ws->policy_text) {
        char why[256];
        if (!ws->policy_text &&
            !(ws->policy_text = tool_read_file(o->policy_path, NULL, why, sizeof why)))
            tool_die("cannot read policy '%s': %s", o->policy_path, why);
        sla_policy_new(&ws->pol);
        for (i = 0; i < ws->n_cals; i++)
            sla_policy_add_calendar(ws->pol, ws->cals[i].name, ws->cals[i].cal);
        if (sla_policy_parse(ws->pol, ws->policy_text, ws->diag) < 0)
            tool_die("%s: %s", o->policy_path ? o->policy_path : "demo policy",
                     sla_diag_message(ws->diag));
    } else {
        const sla_calendar *biz = NULL, *live = NULL;
        for (i = 0; i < ws->n_cals; i++) {
            if (!strcmp(ws->cals[i].name, "business"))
                biz = ws->cals[i].cal;
            if (!strcmp(ws->cals[i].name, "live"))
                live = ws->cals[i].cal;
        }
        if ((r = sla_policy_new_default(biz, live, &ws->pol)) < 0)
            tool_die("default policy: %s", sla_strerror(r));
        for (i = 0; i < ws->n_cals; i++)
            sla_policy_add_calendar(ws->pol, ws->cals[i].name, ws->cals[i].cal);
    }
}

void watch_setup_roster(watch *ws)
{
    watch_opts *o = ws->o;
    int i, r;

    if (o->forecast) {
        const char *zone = o->roster_tz ? o->roster_tz
                           : ws->disp   ? sla_calendar_zone(ws->disp)
                                        : "UTC";
        int nch = sla_policy_channel_count(ws->pol), c;
        r = sla_roster_new(zone, &ws->roster);
        if (r == SLA_ENOZONE || r == SLA_EINVAL)
            tool_usage_error("--roster-tz '%s': no such time zone", zone);
        if (r < 0)
            tool_die("roster: %s", sla_strerror(r));
        for (i = 0; i < ws->n_roster_hol; i++)
            if ((r = sla_roster_add_holiday(ws->roster, ws->roster_hol[i][0], ws->roster_hol[i][1],
                                            ws->roster_hol[i][2])) < 0)
                tool_die("roster holiday: %s", sla_strerror(r));
        for (i = 0; i < o->n_shift_args; i++) {
            shift_opt *s = &o->shifts[i];
            if (sla_policy_channel(ws->pol, s->channel, &s->ch) < 0)
                tool_usage_error("--shift '%s': unknown channel '%s' (email, chat, phone, social, "
                                 "messaging, web, or one the policy declares)",
                                 s->arg, s->channel);
            r = sla_roster_add_shift(ws->roster, s->ch, s->hours, s->agents, s->concurrency, NULL,
                                     ws->diag);
            if (r == SLA_EPARSE || r == SLA_EINVAL)
                tool_usage_error("--shift '%s': hours '%s': %s", s->arg, s->hours,
                                 r == SLA_EPARSE ? sla_diag_message(ws->diag) : sla_strerror(r));
            if (r < 0)
                tool_die("--shift '%s': %s", s->arg, sla_strerror(r));
        }
        for (c = 0; c < nch; c++) {
            const char *name = sla_policy_channel_name(ws->pol, c);
            double mean = 600, sd = 300;
            if (!strcmp(name, "email"))
                mean = 420, sd = 240;
            else if (!strcmp(name, "chat"))
                mean = 240, sd = 120;
            if ((r = sla_roster_set_handle_time(ws->roster, c, mean, sd)) < 0)
                tool_die("handle time: %s", sla_strerror(r));
        }
        for (i = 0; i < o->n_handle_args; i++) {
            handle_opt *h = &o->handles[i];
            if (sla_policy_channel(ws->pol, h->channel, &h->ch) < 0)
                tool_usage_error("--handle '%s': unknown channel '%s'", h->arg, h->channel);
            if (sla_roster_set_handle_time(ws->roster, h->ch, (double)h->mean, (double)h->sd) < 0)
                tool_usage_error(
                    "--handle '%s': mean must be 1s to 10000000s, spread 0 to 10000000s", h->arg);
        }
    }
}
