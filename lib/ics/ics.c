/* iCalendar import: loading the instances of a file into a calendar
 * builder, and the listing of them (the expansion is in expand.c).
 * SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar/calendar.h"
#include "ics/expand.h"

typedef sla__ics_expansion ctx;
typedef sla__ics_inst inst;

struct sla_ics_list {
    inst *v; /* each summary is one of sums */
    size_t n;
    char **sums; /* the summaries, one per event with instances */
    size_t nsums;
    const sla_tz *tz; /* reference held */
};

/* ---- files ------------------------------------------------------------ */

static int read_file(const char *path, char **ret, size_t *ret_len, sla_diag *diag)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0, cap = 0;

    if (!f)
        return sla__diag_set(diag, SLA_EIO, 0, 0, "", "cannot open %s: %s", path, strerror(errno));
    for (;;) {
        size_t got;
        if (n > SLA_ICS_MAX_BYTES) {
            fclose(f);
            sla__free(buf);
            return sla__diag_set(diag, SLA_ELIMIT, 0, 0, "", "%s is larger than %lu bytes", path,
                                 (unsigned long)SLA_ICS_MAX_BYTES);
        }
        if (sla__grow((void **)&buf, &cap, n + 65536, 1) < 0) {
            fclose(f);
            sla__free(buf);
            return SLA_ENOMEM;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f)) {
                fclose(f);
                sla__free(buf);
                return sla__diag_set(diag, SLA_EIO, 0, 0, "", "cannot read %s", path);
            }
            break;
        }
    }
    fclose(f);
    *ret = buf;
    *ret_len = n;
    return 0;
}

/* ---- loading into a builder ------------------------------------------- */

SLA_EXPORT int sla_calendar_builder_add_ics(sla_calendar_builder *b, const char *data, size_t len,
                                            const sla_ics_options *opts, sla_diag *diag)
{
    ctx x;
    sla__ics_doc doc;
    sla__builder_mark mark;
    size_t i, nh = 0, nc = 0, no = 0;
    int r;

    if (!b || (!data && len))
        return sla__diag_set(diag, SLA_EINVAL, 0, 0, "", "invalid argument");
    sla__diag_clear(diag);
    memset(&x, 0, sizeof x);
    memset(&doc, 0, sizeof doc);
    x.o = opts ? opts : &sla__ics_default_options;
    x.cal_tz = sla__builder_tz(b);
    x.tzdir = sla__builder_tzdir(b);
    x.diag = diag;
    if ((r = sla__ics_expand_all(&x, data ? data : "", len, &doc)) < 0)
        goto out;
    for (i = 0; i < x.n; i++) {
        if (x.o->mode == SLA_ICS_OPENING_HOURS)
            no++;
        else if (x.v[i].all_day)
            nh += (size_t)(x.v[i].day1 - x.v[i].day0);
        else
            nc++;
    }
    mark = sla__builder_mark_get(b);
    if ((r = sla__builder_reserve(b, nh, nc, no)) < 0)
        goto out;
    for (i = 0; i < x.n && r == 0; i++) {
        const inst *in = &x.v[i];
        if (x.o->mode == SLA_ICS_OPENING_HOURS) {
            r = sla_calendar_builder_add_opening(b, in->start, in->end);
        } else if (in->all_day) {
            int64_t d;
            for (d = in->day0; d < in->day1 && r == 0; d++) {
                int64_t y;
                unsigned m, dd;
                sla__civil_from_days(d, &y, &m, &dd);
                r = sla_calendar_builder_add_holiday(b, (int)y, (int)m, (int)dd);
            }
        } else {
            r = sla_calendar_builder_add_closure(b, in->start, in->end);
        }
        if (r < 0)
            sla__diag_set(diag, r, in->line, 0, "VEVENT",
                          "line %d: event \"%s\" could not be added: %s", in->line,
                          in->summary ? in->summary : "", sla_strerror(r));
    }
    if (r < 0) {
        sla__builder_rollback(b, mark);
    } else if (x.o->mode != SLA_ICS_OPENING_HOURS && nh > 0) {
        /* The holiday horizon: a file covers up to December 31 of the year
         * of its last holiday, or up to the end of its window when a holiday
         * recurs without end. */
        int64_t last = INT64_MIN;
        for (i = 0; i < x.n; i++)
            if (x.v[i].all_day && x.v[i].day1 - 1 > last)
                last = x.v[i].day1 - 1;
        if (x.endless)
            last = x.win_day1 - 1;
        sla__builder_note_feed(b, mark, x.endless && x.win_day1 >= SLA__DAY_MAX, last);
    }
out:
    sla__ics_expansion_done(&x);
    sla__ics_doc_free(&doc);
    if (r == 0)
        sla__diag_clear(diag);
    return r;
}

SLA_EXPORT int sla_calendar_builder_add_ics_file(sla_calendar_builder *b, const char *path,
                                                 const sla_ics_options *opts, sla_diag *diag)
{
    char *buf = NULL;
    size_t n = 0;
    int r;
    if (!b || !path)
        return sla__diag_set(diag, SLA_EINVAL, 0, 0, "", "invalid argument");
    if ((r = read_file(path, &buf, &n, diag)) < 0)
        return r;
    r = sla_calendar_builder_add_ics(b, buf, n, opts, diag);
    sla__free(buf);
    return r;
}

/* ---- listing ---------------------------------------------------------- */

SLA_EXPORT void sla_ics_list_free(sla_ics_list *l)
{
    size_t i;
    if (!l)
        return;
    for (i = 0; i < l->nsums; i++)
        sla__free(l->sums[i]);
    sla__free(l->sums);
    sla__free(l->v);
    if (l->tz)
        sla__tz_unref((sla_tz *)l->tz);
    sla__free(l);
}

SLA_EXPORT int sla_ics_list_new(const char *data, size_t len, const char *zone,
                                const sla_ics_options *opts, sla_ics_list **ret, sla_diag *diag)
{
    ctx x;
    sla__ics_doc doc;
    sla_tz *tz = NULL;
    sla_ics_list *l = NULL;
    int r;

    if ((!data && len) || !zone || !ret)
        return sla__diag_set(diag, SLA_EINVAL, 0, 0, "", "invalid argument");
    sla__diag_clear(diag);
    memset(&x, 0, sizeof x);
    memset(&doc, 0, sizeof doc);
    if ((r = sla__tz_load(zone, NULL, &tz)) < 0)
        return sla__diag_set(diag, r, 0, 0, "zone", "unknown time zone \"%s\"", zone);
    x.o = opts ? opts : &sla__ics_default_options;
    x.cal_tz = tz;
    x.diag = diag;
    if ((r = sla__ics_expand_all(&x, data ? data : "", len, &doc)) < 0)
        goto out;
    l = sla__calloc(1, sizeof *l);
    if (!l) {
        r = SLA_ENOMEM;
        goto out;
    }
    l->sums = x.sums;
    l->nsums = x.nsums;
    x.sums = NULL;
    x.nsums = 0;
    l->n = x.n;
    l->v = x.v;
    x.v = NULL;
    l->tz = tz;
    tz = NULL;
    *ret = l;
    l = NULL;
out:
    sla_ics_list_free(l);
    sla__ics_expansion_done(&x);
    sla__ics_doc_free(&doc);
    sla__tz_unref(tz);
    if (r == 0)
        sla__diag_clear(diag);
    return r;
}

SLA_EXPORT int sla_ics_list_new_file(const char *path, const char *zone,
                                     const sla_ics_options *opts, sla_ics_list **ret,
                                     sla_diag *diag)
{
    char *buf = NULL;
    size_t n = 0;
    int r;
    if (!path || !zone || !ret)
        return sla__diag_set(diag, SLA_EINVAL, 0, 0, "", "invalid argument");
    if ((r = read_file(path, &buf, &n, diag)) < 0)
        return r;
    r = sla_ics_list_new(buf, n, zone, opts, ret, diag);
    sla__free(buf);
    return r;
}

SLA_EXPORT size_t sla_ics_list_count(const sla_ics_list *l)
{
    return l ? l->n : 0;
}

SLA_EXPORT int sla_ics_list_is_all_day(const sla_ics_list *l, size_t i)
{
    if (!l || i >= l->n)
        return SLA_EINVAL;
    return l->v[i].all_day ? 1 : 0;
}

static int32_t ymd(int64_t day)
{
    int64_t y;
    unsigned m, d;
    sla__civil_from_days(day, &y, &m, &d);
    return (int32_t)(y * 10000 + m * 100 + d);
}

SLA_EXPORT int sla_ics_list_dates(const sla_ics_list *l, size_t i, int32_t *ret_first,
                                  int32_t *ret_last)
{
    if (!l || i >= l->n)
        return SLA_EINVAL;
    if (ret_first)
        *ret_first = ymd(l->v[i].day0);
    if (ret_last)
        *ret_last = ymd(l->v[i].day1 - 1);
    return 0;
}

SLA_EXPORT int sla_ics_list_span(const sla_ics_list *l, size_t i, int64_t *ret_start,
                                 int64_t *ret_end)
{
    if (!l || i >= l->n)
        return SLA_EINVAL;
    if (ret_start)
        *ret_start = l->v[i].start;
    if (ret_end)
        *ret_end = l->v[i].end;
    return 0;
}

SLA_EXPORT const char *sla_ics_list_summary(const sla_ics_list *l, size_t i)
{
    if (!l || i >= l->n)
        return NULL;
    return l->v[i].summary ? l->v[i].summary : "";
}

SLA_EXPORT int sla_ics_list_line(const sla_ics_list *l, size_t i)
{
    if (!l || i >= l->n)
        return 0;
    return l->v[i].line;
}
