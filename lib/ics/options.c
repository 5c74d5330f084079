/* iCalendar options: the mode, the window of years, and the category and
 * summary filters that select events.
 * SPDX-License-Identifier: MIT */
#include <string.h>
#include <strings.h>

#include "ics/expand.h"

/* ---- options ---------------------------------------------------------- */

const sla_ics_options sla__ics_default_options = {
    SLA_ICS_HOLIDAYS, 1970, 2199, NULL, NULL, NULL, NULL, 0, 0, 0, 0, 0, 0, 0, 0};

SLA_EXPORT int sla_ics_options_new(sla_ics_options **ret)
{
    sla_ics_options *o;
    if (!ret)
        return SLA_EINVAL;
    o = sla__malloc(sizeof *o);
    if (!o)
        return SLA_ENOMEM;
    *o = sla__ics_default_options;
    *ret = o;
    return 0;
}

static void free_strs(char **v, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        sla__free(v[i]);
    sla__free(v);
}

SLA_EXPORT void sla_ics_options_free(sla_ics_options *o)
{
    if (!o)
        return;
    free_strs(o->keep_cat, o->n_kc);
    free_strs(o->drop_cat, o->n_dc);
    free_strs(o->keep_sum, o->n_ks);
    free_strs(o->drop_sum, o->n_ds);
    sla__free(o);
}

SLA_EXPORT int sla_ics_options_set_mode(sla_ics_options *o, int mode)
{
    if (!o || (mode != SLA_ICS_HOLIDAYS && mode != SLA_ICS_OPENING_HOURS))
        return SLA_EINVAL;
    o->mode = mode;
    return 0;
}

static int push_str(char ***v, size_t *n, size_t *cap, const char *s)
{
    char *d;
    if (!s || !*s)
        return SLA_EINVAL;
    if (sla__grow((void **)v, cap, *n + 1, sizeof **v) < 0)
        return SLA_ENOMEM;
    d = sla__strdup(s);
    if (!d)
        return SLA_ENOMEM;
    (*v)[(*n)++] = d;
    return 0;
}

SLA_EXPORT int sla_ics_options_keep_category(sla_ics_options *o, const char *s)
{
    return o ? push_str(&o->keep_cat, &o->n_kc, &o->c_kc, s) : SLA_EINVAL;
}

SLA_EXPORT int sla_ics_options_drop_category(sla_ics_options *o, const char *s)
{
    return o ? push_str(&o->drop_cat, &o->n_dc, &o->c_dc, s) : SLA_EINVAL;
}

SLA_EXPORT int sla_ics_options_keep_summary(sla_ics_options *o, const char *s)
{
    return o ? push_str(&o->keep_sum, &o->n_ks, &o->c_ks, s) : SLA_EINVAL;
}

SLA_EXPORT int sla_ics_options_drop_summary(sla_ics_options *o, const char *s)
{
    return o ? push_str(&o->drop_sum, &o->n_ds, &o->c_ds, s) : SLA_EINVAL;
}

SLA_EXPORT int sla_ics_options_set_window(sla_ics_options *o, int year_from, int year_to)
{
    if (!o || year_from > year_to)
        return SLA_EINVAL;
    if (year_from < 1970 || year_to > 2199)
        return SLA_ERANGE;
    o->year_from = year_from;
    o->year_to = year_to;
    return 0;
}

/* ---- filters ---------------------------------------------------------- */

static bool ci_contains(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0)
            return true;
    return false;
}

/* Whether one of the comma-separated CATEGORIES values equals any of v. */
static bool has_category(icalcomponent *ev, char **v, size_t n)
{
    icalproperty *p;
    size_t i;
    if (n == 0)
        return false;
    for (p = icalcomponent_get_first_property(ev, ICAL_CATEGORIES_PROPERTY); p;
         p = icalcomponent_get_next_property(ev, ICAL_CATEGORIES_PROPERTY)) {
        const char *s = icalproperty_get_categories(p);
        while (s && *s) {
            const char *e = strchr(s, ',');
            size_t len = e ? (size_t)(e - s) : strlen(s);
            const char *a = s;
            size_t l = len;
            while (l && (*a == ' ' || *a == '\t')) {
                a++;
                l--;
            }
            while (l && (a[l - 1] == ' ' || a[l - 1] == '\t'))
                l--;
            for (i = 0; i < n; i++)
                if (strlen(v[i]) == l && strncasecmp(a, v[i], l) == 0)
                    return true;
            s = e ? e + 1 : NULL;
        }
    }
    return false;
}

static bool has_summary(const char *summary, char **v, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (ci_contains(summary, v[i]))
            return true;
    return false;
}

bool sla__ics_event_selected(const sla_ics_options *o, icalcomponent *ev, const char *summary)
{
    if (has_category(ev, o->drop_cat, o->n_dc) || has_summary(summary, o->drop_sum, o->n_ds))
        return false;
    if (o->n_kc == 0 && o->n_ks == 0)
        return true;
    return has_category(ev, o->keep_cat, o->n_kc) || has_summary(summary, o->keep_sum, o->n_ks);
}
