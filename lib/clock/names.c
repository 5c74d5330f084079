/* Names of the clock layer's enumerations (metrics, ticket statuses,
 * priorities, clock states): the public *_name functions, sla_name_lookup,
 * and the lookup the policy text parser uses.
 * SPDX-License-Identifier: MIT */
#include <string.h>

#include "clock/policy.h"

static const char *const metric_names[SLA_METRIC_COUNT] = {
    "first_reply", "next_reply",       "periodic_update", "pausable_update",
    "resolution",  "first_resolution", "requester_wait",  "agent_work",
};
static const char *const status_names[] = {"new", "open", "pending", "on_hold", "solved", "closed"};
static const char *const priority_names[] = {"low", "normal", "high", "urgent"};
static const char *const state_names[] = {"inactive", "running", "paused", "achieved", "breached"};

SLA_EXPORT const char *sla_metric_name(int metric)
{
    return metric >= 0 && metric < SLA_METRIC_COUNT ? metric_names[metric] : NULL;
}

SLA_EXPORT const char *sla_ticket_status_name(int status)
{
    return status >= 0 && status <= SLA_TICKET_CLOSED ? status_names[status] : NULL;
}

SLA_EXPORT const char *sla_priority_name(int priority)
{
    return priority >= 0 && priority <= SLA_PRIORITY_URGENT ? priority_names[priority] : NULL;
}

SLA_EXPORT const char *sla_clock_state_name(int state)
{
    return state >= 0 && state <= SLA_CLOCK_BREACHED ? state_names[state] : NULL;
}

static int find_name(const char *const *names, int n, const char *s, size_t len)
{
    int i;
    for (i = 0; i < n; i++)
        if (strlen(names[i]) == len && memcmp(names[i], s, len) == 0)
            return i;
    return -1;
}

int sla__name_find(int kind, const char *s, size_t len)
{
    static const struct {
        const char *const *names;
        int n;
    } kinds[] = {{metric_names, SLA_METRIC_COUNT},
                 {status_names, 6},
                 {priority_names, 4},
                 {state_names, 5}};
    return find_name(kinds[kind].names, kinds[kind].n, s, len);
}

SLA_EXPORT int sla_name_lookup(int kind, const char *name, int *ret)
{
    int i;

    if (kind < 0 || kind > 3 || !name || !ret)
        return SLA_EINVAL;
    i = sla__name_find(kind, name, strlen(name));
    if (i < 0)
        return SLA_EINVAL;
    *ret = i;
    return 0;
}
