/* The roster: shifts, holidays, handle times and arrivals per channel.
 * SPDX-License-Identifier: MIT */
#include <string.h>

#include "predict/roster.h"

#define MAX_SHIFTS 1024

SLA_EXPORT int sla_roster_new(const char *zone, sla_roster **ret)
{
    sla_roster *s;
    int r;

    if (!zone || !ret)
        return SLA_EINVAL;
    s = sla__calloc(1, sizeof *s);
    if (!s)
        return SLA_ENOMEM;
    s->zone = sla__strdup(zone);
    if (!s->zone) {
        sla__free(s);
        return SLA_ENOMEM;
    }
    r = sla__tz_load(zone, NULL, &s->tz);
    if (r < 0) {
        sla__free(s->zone);
        sla__free(s);
        return r;
    }
    *ret = s;
    return 0;
}

SLA_EXPORT void sla_roster_free(sla_roster *s)
{
    size_t i;
    if (!s)
        return;
    for (i = 0; i < s->n_shifts; i++) {
        sla__free(s->shifts[i].hours);
        sla_calendar_free(s->shifts[i].cal);
    }
    for (i = 0; i < SLA_CHANNEL_MAX; i++)
        sla__free(s->arr[i]);
    sla__free(s->shifts);
    sla__free(s->hol);
    sla__free(s->zone);
    sla__tz_unref(s->tz);
    sla__free(s);
}

static int compile_shift(const sla_roster *s, const char *hours, sla_calendar **ret, sla_diag *diag)
{
    sla_calendar_builder *b;
    size_t i;
    int r = sla_calendar_builder_new(s->zone, &b);
    if (r < 0)
        return r;
    r = sla_calendar_builder_set_hours(b, hours, diag);
    for (i = 0; r == 0 && i < s->n_hol; i++)
        r = sla_calendar_builder_add_holiday(b, (int)(s->hol[i] / 10000),
                                             (int)(s->hol[i] / 100 % 100), (int)(s->hol[i] % 100));
    if (r == 0)
        r = sla_calendar_builder_compile(b, ret);
    sla_calendar_builder_free(b);
    return r;
}

SLA_EXPORT int sla_roster_add_holiday(sla_roster *s, int year, int month, int day)
{
    sla_calendar **cals;
    size_t i;
    int r = 0;

    if (!s || month < 1 || month > 12 || day < 1 ||
        (unsigned)day > sla__days_in_month(year, (unsigned)month))
        return SLA_EINVAL;
    if (year < 1970 || year > 2199)
        return SLA_ERANGE;
    r = sla__grow((void **)&s->hol, &s->cap_hol, s->n_hol + 1, sizeof *s->hol);
    if (r < 0)
        return r;
    s->hol[s->n_hol++] = (int64_t)year * 10000 + month * 100 + day;
    /* Recompile every shift; swap only when all succeeded. */
    cals = sla__calloc(s->n_shifts, sizeof *cals);
    if (!cals) {
        s->n_hol--;
        return SLA_ENOMEM;
    }
    for (i = 0; r == 0 && i < s->n_shifts; i++)
        r = compile_shift(s, s->shifts[i].hours, &cals[i], NULL);
    if (r < 0) {
        for (i = 0; i < s->n_shifts; i++)
            sla_calendar_free(cals[i]);
        s->n_hol--;
    } else {
        for (i = 0; i < s->n_shifts; i++) {
            sla_calendar_free(s->shifts[i].cal);
            s->shifts[i].cal = cals[i];
        }
    }
    sla__free(cals);
    return r;
}

SLA_EXPORT int sla_roster_add_shift(sla_roster *s, int channel, const char *hours, int agents,
                                    int concurrency, int *ret_index, sla_diag *diag)
{
    sla__shift sh;
    int r;

    sla__diag_clear(diag);
    if (!s || !hours || channel < 0 || channel >= SLA_CHANNEL_MAX || agents < 0 ||
        concurrency < 1 || concurrency > 100)
        return SLA_EINVAL;
    if (s->n_shifts >= MAX_SHIFTS)
        return SLA_ELIMIT;
    r = sla__grow((void **)&s->shifts, &s->cap_shifts, s->n_shifts + 1, sizeof *s->shifts);
    if (r < 0)
        return r;
    memset(&sh, 0, sizeof sh);
    sh.channel = channel;
    sh.agents = agents;
    sh.concurrency = concurrency;
    sh.hours = sla__strdup(hours);
    if (!sh.hours)
        return SLA_ENOMEM;
    r = compile_shift(s, hours, &sh.cal, diag);
    if (r < 0) {
        sla__free(sh.hours);
        return r;
    }
    s->shifts[s->n_shifts] = sh;
    if (ret_index)
        *ret_index = (int)s->n_shifts;
    s->n_shifts++;
    return 0;
}

SLA_EXPORT int sla_roster_shift_count(const sla_roster *s)
{
    return s ? (int)s->n_shifts : 0;
}

SLA_EXPORT int sla_roster_set_handle_time(sla_roster *s, int channel, double mean, double sd)
{
    if (!s || channel < 0 || channel >= SLA_CHANNEL_MAX || !(mean >= 1.0) || !(sd >= 0.0) ||
        mean > 1e7 || sd > 1e7)
        return SLA_EINVAL;
    s->handle_mean[channel] = mean;
    s->handle_sd[channel] = sd;
    return 0;
}

SLA_EXPORT int sla_roster_set_handle_model(sla_roster *s, int channel, int model)
{
    if (!s || channel < 0 || channel >= SLA_CHANNEL_MAX ||
        (model != SLA_HANDLE_LOGNORMAL && model != SLA_HANDLE_EXPONENTIAL))
        return SLA_EINVAL;
    s->handle_model[channel] = (unsigned char)model;
    return 0;
}

SLA_EXPORT int sla_roster_set_arrivals(sla_roster *s, int channel, const double *per_hour, size_t n,
                                       int priority, int64_t target)
{
    sla__arrivals *a;
    size_t i;

    if (!s || channel < 0 || channel >= SLA_CHANNEL_MAX || (n != 0 && n != 168) ||
        (n && !per_hour) || priority < SLA_PRIORITY_LOW || priority > SLA_PRIORITY_URGENT ||
        target < 0)
        return SLA_EINVAL;
    for (i = 0; i < n; i++)
        if (!(per_hour[i] >= 0.0 && per_hour[i] <= 1e6))
            return SLA_EINVAL;
    if (n == 0) {
        sla__free(s->arr[channel]);
        s->arr[channel] = NULL;
        return 0;
    }
    a = s->arr[channel] ? s->arr[channel] : sla__calloc(1, sizeof *a);
    if (!a)
        return SLA_ENOMEM;
    memcpy(a->rate, per_hour, sizeof a->rate);
    a->set = true;
    a->priority = priority;
    a->target = target;
    s->arr[channel] = a;
    return 0;
}
