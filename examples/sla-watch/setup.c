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
    tool_usage_error("%s '%s': no calendar '%.*s' (give it with --calendar '%.*s=ZONE;HOURS')", opt,
                     arg, (int)(eq - arg), arg, (int)(eq - arg), arg);
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
                             "'business=Europe/Oslo;Mo-Fr 08:00-16:00'",
                             arg);
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
        snprintf(what, sizeof what, "--calendar %s: hours", c->name);
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
                int k = snprintf(given + n, sizeof given - n, "%s'%s'",
                                 i ? ", " : " (given: ", ws->cals[i].name);
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
            tool_die("default policy: %s", tool_strerror(r));
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

void watch_roster_feed_holidays(watch *ws, sla_roster *roster)
{
    const watch_opts *o = ws->o;
    tool_ics_filters filters = {o->ics_filters, o->ics_filter_kinds, (size_t)o->n_ics_filters};
    int i, y0, m0, d0;

    if (!ws->n_cals || ws->now == SLA_NO_TIME || !o->n_holidays_args)
        return;
    civil_date(civil_floordiv(ws->now, 86400), &y0, &m0, &d0);
    for (i = 0; i < o->n_holidays_args; i++) {
        const char *arg = o->holidays_args[i], *eq = strchr(arg, '=');
        sla_ics_options *opts = NULL;
        sla_ics_list *list = NULL;
        size_t k, n;
        int r;
        if (strlen(ws->cals[0].name) != (size_t)(eq - arg) ||
            strncmp(ws->cals[0].name, arg, (size_t)(eq - arg)))
            continue; /* the roster follows the first calendar */
        if (sla_ics_options_new(&opts) < 0)
            tool_die("out of memory");
        r = sla_ics_options_set_mode(opts, SLA_ICS_HOLIDAYS);
        for (k = 0; r == 0 && k < filters.n; k++) {
            const char *v = filters.values[k];
            r = filters.kinds[k] == 'k'   ? sla_ics_options_keep_category(opts, v)
                : filters.kinds[k] == 'c' ? sla_ics_options_drop_category(opts, v)
                : filters.kinds[k] == 's' ? sla_ics_options_keep_summary(opts, v)
                                          : sla_ics_options_drop_summary(opts, v);
        }
        /* The forecast looks at most 90 days ahead: this year and the next. */
        if (r == 0)
            r = sla_ics_options_set_window(opts, y0, y0 + 1 > 2199 ? 2199 : y0 + 1);
        if (r == 0)
            r = sla_ics_list_new_file(eq + 1, sla_calendar_zone(ws->cals[0].cal), opts, &list,
                                      ws->diag);
        sla_ics_options_free(opts);
        if (r < 0)
            tool_die("--holidays %s: %s", eq + 1, tool_strerror(r));
        n = sla_ics_list_count(list);
        for (k = 0; k < n; k++) {
            int32_t first = 0, last = 0;
            int64_t day, d1;
            if (sla_ics_list_is_all_day(list, k) != 1 ||
                sla_ics_list_dates(list, k, &first, &last) < 0)
                continue;
            day = civil_days(first / 10000, first / 100 % 100, first % 100);
            d1 = civil_days(last / 10000, last / 100 % 100, last % 100);
            for (; day <= d1; day++) {
                int y, m, d;
                civil_date(day, &y, &m, &d);
                if ((r = sla_roster_add_holiday(roster, y, m, d)) < 0)
                    tool_die("roster holiday: %s", tool_strerror(r));
            }
        }
        sla_ics_list_free(list);
    }
}

sla_roster *watch_roster_with(watch *ws, const int *extra)
{
    watch_opts *o = ws->o;
    sla_roster *roster = NULL;
    int i, r;

    {
        const char *zone = o->roster_tz ? o->roster_tz
                           : ws->disp   ? sla_calendar_zone(ws->disp)
                                        : "UTC";
        int nch = sla_policy_channel_count(ws->pol), c;
        r = sla_roster_new(zone, &roster);
        if (r == SLA_ENOZONE || r == SLA_EINVAL) {
            tool_zone_check("--roster-tz", zone, NULL, r);
            exit(TOOL_USAGE);
        }
        if (r < 0)
            tool_die("roster: %s", tool_strerror(r));
        for (i = 0; i < ws->n_roster_hol; i++)
            if ((r = sla_roster_add_holiday(roster, ws->roster_hol[i][0], ws->roster_hol[i][1],
                                            ws->roster_hol[i][2])) < 0)
                tool_die("roster holiday: %s", tool_strerror(r));
        for (i = 0; i < o->n_shift_args; i++) {
            shift_opt *s = &o->shifts[i];
            if (sla_policy_channel(ws->pol, s->channel, &s->ch) < 0)
                tool_usage_error("--shift '%s': unknown channel '%s' (email, chat, phone, social, "
                                 "messaging, web, or one the policy declares)",
                                 s->arg, s->channel);
            r = sla_roster_add_shift(roster, s->ch, s->hours, s->agents + (extra ? extra[i] : 0),
                                     s->concurrency, NULL, ws->diag);
            if (r == SLA_EPARSE || r == SLA_EINVAL)
                tool_usage_error("--shift '%s': hours '%s': %s", s->arg, s->hours,
                                 r == SLA_EPARSE ? sla_diag_message(ws->diag) : tool_strerror(r));
            if (r < 0)
                tool_die("--shift '%s': %s", s->arg, tool_strerror(r));
        }
        for (c = 0; c < nch; c++) {
            const char *name = sla_policy_channel_name(ws->pol, c);
            double mean = 600, sd = 300;
            if (!strcmp(name, "email"))
                mean = 420, sd = 240;
            else if (!strcmp(name, "chat"))
                mean = 240, sd = 120;
            if ((r = sla_roster_set_handle_time(roster, c, mean, sd)) < 0)
                tool_die("handle time: %s", tool_strerror(r));
        }
        for (i = 0; i < o->n_handle_args; i++) {
            handle_opt *h = &o->handles[i];
            if (sla_policy_channel(ws->pol, h->channel, &h->ch) < 0)
                tool_usage_error("--handle '%s': unknown channel '%s'", h->arg, h->channel);
            if (sla_roster_set_handle_time(roster, h->ch, (double)h->mean, (double)h->sd) < 0)
                tool_usage_error(
                    "--handle '%s': mean must be 1s to 10000000s, spread 0 to 10000000s", h->arg);
        }
    }
    watch_roster_feed_holidays(ws, roster);
    return roster;
}

void watch_setup_roster(watch *ws)
{
    if (ws->o->forecast)
        ws->roster = watch_roster_with(ws, NULL);
}
