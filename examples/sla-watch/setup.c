/*
 * sla-watch: calendars and holidays, the policy, the forecast roster.
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) The libsla authors
 */
#include "watch.h"

#include "../common/tool-cal.h"

#include <stdlib.h>
#include <string.h>

/* The calendar a NAME=... option names (its prefix up to '='), or exit. */
static named_cal *calendar_of(watch *ws, const char *opt, const char *arg, const char *form)
{
    const char *eq = strchr(arg, '=');
    int j;
    if (!eq || eq == arg)
        tool_usage_error("%s '%s': expected %s", opt, arg, form);
    for (j = 0; j < ws->n_cals; j++)
        if (strlen(ws->cals[j].name) == (size_t)(eq - arg) &&
            !strncmp(ws->cals[j].name, arg, (size_t)(eq - arg)))
            return &ws->cals[j];
    tool_usage_error("%s '%s': no calendar '%.*s' (give it with --calendar '%.*s=ZONE;HOURS')",
                     opt, arg, (int)(eq - arg), arg, (int)(eq - arg), arg);
}

void watch_setup_calendars(watch *ws)
{
    const watch_opts *o = ws->o;
    tool_ics_filters filters = {o->ics_filters, o->ics_filter_kinds, (size_t)o->n_ics_filters};
    int i, r;

    if (o->n_ics_filters && !o->n_holidays_args)
        tool_usage_error("--ics-keep, --ics-drop and their -category forms filter --holidays "
                         "files; give --holidays NAME=FILE");
    for (i = 0; i < o->n_cal_args; i++) {
        named_cal *c = &ws->cals[ws->n_cals];
        const char *arg = o->cal_args[i];
        const char *eq = strchr(arg, '='), *semi = eq ? strchr(eq, ';') : NULL;
        char what[96];
        int j;
        if (!eq || !semi || eq == arg || (size_t)(eq - arg) >= sizeof c->name || semi == eq + 1)
            tool_usage_error("--calendar '%s': expected NAME=ZONE;HOURS, e.g. "
                             "'business=Europe/Oslo;Mo-Fr 08:00-16:00'", arg);
        memset(c, 0, sizeof *c);
        memcpy(c->name, arg, (size_t)(eq - arg));
        for (j = 0; j < ws->n_cals; j++)
            if (!strcmp(ws->cals[j].name, c->name))
                tool_usage_error("--calendar '%s': calendar '%s' given twice", arg, c->name);
        c->zone = xstrndup(eq + 1, (size_t)(semi - eq - 1));
        c->hours = xstrdup(semi + 1);
        snprintf(what, sizeof what, "--calendar %s", c->name);
        if (tool_builder_new(what, c->zone, o->tzdir, &c->b) != 0)
            exit(TOOL_FAIL);
        if (tool_set_hours(c->b, what, c->hours, ws->diag) != 0)
            exit(TOOL_FAIL);
        ws->n_cals++;
    }
    for (i = 0; i < o->n_hol_args; i++) {
        named_cal *c = calendar_of(ws, "--holiday", o->hol_args[i], "NAME=YYYY-MM-DD");
        const char *date = strchr(o->hol_args[i], '=') + 1;
        int y, m, d;
        if (tool_add_holiday(c->b, "--holiday", date) != 0)
            exit(TOOL_FAIL);
        civil_parse_date(date, &y, &m, &d, NULL, 0);
        if (c == &ws->cals[0] && ws->n_roster_hol < WATCH_MAX_ARGS) {
            ws->roster_hol[ws->n_roster_hol][0] = y;
            ws->roster_hol[ws->n_roster_hol][1] = m;
            ws->roster_hol[ws->n_roster_hol++][2] = d;
        }
    }
    for (i = 0; i < o->n_holidays_args; i++) {
        named_cal *c = calendar_of(ws, "--holidays", o->holidays_args[i], "NAME=FILE.ics");
        const char *path = strchr(o->holidays_args[i], '=') + 1;
        if (tool_add_holidays_file(c->b, "--holidays", path, &filters, ws->diag) != 0)
            exit(TOOL_FAIL);
    }
    for (i = 0; i < ws->n_cals; i++)
        if ((r = sla_calendar_builder_compile(ws->cals[i].b, &ws->cals[i].cal)) < 0)
            tool_die("calendar '%s': %s", ws->cals[i].name, tool_strerror(r));
    ws->disp = ws->n_cals ? ws->cals[0].cal : NULL;
}

/* Whether some target of the policy counts in @p cal. */
static bool policy_uses(const sla_policy *pol, const sla_calendar *cal)
{
    int m, c, p, nch = sla_policy_channel_count(pol);
    for (m = 0; m < SLA_METRIC_COUNT; m++)
        for (c = 0; c < nch; c++)
            for (p = SLA_PRIORITY_LOW; p <= SLA_PRIORITY_URGENT; p++) {
                int64_t target = -1;
                const sla_calendar *used = NULL;
                if (sla_policy_lookup(pol, m, c, p, &target, &used) == 0 && target >= 0 &&
                    used == cal)
                    return true;
            }
    return false;
}

/* The calendar name after "unknown calendar '" in a policy message, or NULL. */
static const char *unknown_calendar(const char *msg, char *name, size_t size)
{
    const char *p = strstr(msg, "unknown calendar '"), *e;
    if (!p)
        return NULL;
    p += strlen("unknown calendar '");
    e = strchr(p, '\'');
    if (!e || (size_t)(e - p) >= size)
        return NULL;
    memcpy(name, p, (size_t)(e - p));
    name[e - p] = '\0';
    return name;
}

void watch_setup_policy(watch *ws)
{
    const watch_opts *o = ws->o;
    const char *source = o->policy_path ? o->policy_path : "demo policy";
    int i, r;

    if (o->policy_path || ws->policy_text) {
        char why[256];
        if (!ws->policy_text &&
            !(ws->policy_text = tool_read_file(o->policy_path, NULL, why, sizeof why)))
            tool_die("cannot read policy '%s': %s", o->policy_path, why);
        if (sla_policy_new(&ws->pol) < 0)
            tool_die("out of memory");
        for (i = 0; i < ws->n_cals; i++)
            sla_policy_add_calendar(ws->pol, ws->cals[i].name, ws->cals[i].cal);
        if (sla_policy_parse(ws->pol, ws->policy_text, ws->diag) < 0) {
            char name[64];
            if (unknown_calendar(sla_diag_message(ws->diag), name, sizeof name))
                tool_die("%s: line %d: calendar '%s' is not given; add --calendar "
                         "'%s=ZONE;HOURS' (e.g. '%s=Europe/Oslo;Mo-Fr 08:00-16:00')",
                         source, sla_diag_line(ws->diag), name, name, name);
            tool_die("%s: %s", source, sla_diag_message(ws->diag));
        }
    } else {
        const sla_calendar *biz = NULL, *live = NULL;
        for (i = 0; i < ws->n_cals; i++) {
            if (!strcmp(ws->cals[i].name, "business"))
                biz = ws->cals[i].cal;
            if (!strcmp(ws->cals[i].name, "live"))
                live = ws->cals[i].cal;
        }
        /* No silent 24/7: the default policy counts in both calendars. */
        if (!biz || !live) {
            char given[256] = "";
            size_t n = 0;
            for (i = 0; i < ws->n_cals && n + 1 < sizeof given; i++) {
                int k = snprintf(given + n, sizeof given - n, "%s'%s'", i ? ", " : " (given: ",
                                 ws->cals[i].name);
                n += k > 0 && (size_t)k < sizeof given - n ? (size_t)k : 0;
            }
            if (ws->n_cals && n + 2 < sizeof given)
                strcat(given, ")");
            tool_die("the default policy counts email and social replies in calendar "
                     "'business' and chat and phone replies in calendar 'live', and %s%s; give "
                     "--calendar 'business=ZONE;HOURS' and --calendar 'live=ZONE;HOURS' (e.g. "
                     "'business=Europe/Oslo;Mo-Fr 08:00-16:00', 'live=Europe/Oslo;24/7'), or a "
                     "--policy file",
                     !biz && !live ? "neither is given"
                     : !biz        ? "'business' is not given"
                                   : "'live' is not given",
                     given);
        }
        if ((r = sla_policy_new_default(biz, live, &ws->pol)) < 0)
            tool_die("default policy: %s", sla_strerror(r));
        for (i = 0; i < ws->n_cals; i++)
            sla_policy_add_calendar(ws->pol, ws->cals[i].name, ws->cals[i].cal);
        source = "the default policy (calendars 'business' and 'live')";
    }
    /* No silent 24/7 the other way round: a calendar no target counts in. */
    for (i = 0; i < ws->n_cals; i++)
        if (!policy_uses(ws->pol, ws->cals[i].cal))
            tool_die("calendar '%s' (--calendar) is used by no target of %s; name it in the "
                     "policy with calendar=%s, or rename the --calendar",
                     ws->cals[i].name, source, ws->cals[i].name);
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
        if (r == SLA_ENOZONE || r == SLA_EINVAL) {
            tool_zone_check("--roster-tz", zone, NULL, r);
            exit(TOOL_USAGE);
        }
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
