/* Instants and durations as text.
 * SPDX-License-Identifier: MIT
 *
 * Instants: RFC 3339 / ISO 8601 extended format with Z or an offset, a local
 * time without offset (read in a zone by SEMANTICS 2.4), a date alone (local
 * midnight), or integer epoch seconds. Durations: compact "1h30m" style or
 * ISO 8601 "PT1H30M". Nothing here guesses: a fraction of a second, a month
 * or a year (no fixed length) is refused with a diagnostic.
 */
#include <stdio.h>
#include <string.h>

#include "text/timetext.h"

/* ------------------------------------------------------------------------ */
/* Helpers.                                                                  */

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* Trim ASCII whitespace: [*b, *e) is what remains. */
static void trim(const char *text, const char **b, const char **e)
{
    const char *s = text, *t = text + strlen(text);
    while (s < t && is_space(*s))
        s++;
    while (t > s && is_space(t[-1]))
        t--;
    *b = s;
    *e = t;
}

/* Exactly `n` digits at s (within e); false otherwise. */
static bool fixed_digits(const char *s, const char *e, int n, int *ret)
{
    int v = 0, i;
    if (e - s < n)
        return false;
    for (i = 0; i < n; i++) {
        if (!is_digit(s[i]))
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *ret = v;
    return true;
}

/* Copy `len` bytes of `src` into buf snprintf-style; returns len. */
static int emit(const char *src, int len, char *buf, size_t size)
{
    if (size > 0) {
        size_t k = (size_t)len < size - 1 ? (size_t)len : size - 1;
        memcpy(buf, src, k);
        buf[k] = '\0';
    }
    return len;
}

/* ------------------------------------------------------------------------ */
/* Instants.                                                                 */

#define COL(p) ((int)((p) - text) + 1)

static int range_error(sla_diag *diag)
{
    return sla__diag_set(diag, SLA_ERANGE, 1, 1, "instant",
                         "instant outside the supported range "
                         "1970-01-01T00:00:00Z to 2200-01-01T00:00:00Z (exclusive)");
}

static int parse_epoch(const char *text, const char *b, const char *e, int64_t *ret,
                       sla_diag *diag)
{
    const char *s = b;
    bool neg = false, big = false;
    int64_t v = 0;

    if (*s == '-') {
        neg = true;
        s++;
    }
    for (; s < e; s++) {
        if (!is_digit(*s))
            return sla__diag_set(diag, SLA_EPARSE, 1, COL(s), "epoch",
                                 "epoch seconds must be a whole number of seconds");
        if (v > SLA_TIME_MAX)
            big = true;
        else
            v = v * 10 + (*s - '0');
    }
    if (big || v >= SLA_TIME_MAX || (neg && v != 0))
        return range_error(diag);
    *ret = v;
    return 0;
}

int sla__parse_instant_tz(const sla_tz *tz, const char *text, int64_t *ret, sla_diag *diag)
{
    const char *b, *e, *s;
    int year, month, day, hour = 0, minute = 0, second = 0, oh = 0, om = 0, os = 0;
    bool has_offset = false, has_time = false;
    int offset = 0;
    int64_t local, t = 0;

    if (!text || !ret)
        return sla__diag_set(diag, SLA_EINVAL, 0, 0, "", "text and ret must not be NULL");
    trim(text, &b, &e);
    if (b == e)
        return sla__diag_set(diag, SLA_EPARSE, 1, 1, "instant", "empty instant");

    /* Epoch seconds: an optional '-' and digits only. */
    s = b + (*b == '-');
    while (s < e && is_digit(*s))
        s++;
    if (s == e && e > b + (*b == '-')) {
        int r = parse_epoch(text, b, e, &t, diag);
        if (r != 0)
            return r;
        sla__diag_clear(diag);
        *ret = t;
        return 0;
    }

    /* Date: YYYY-MM-DD. */
    s = b;
    if (!fixed_digits(s, e, 4, &year))
        return sla__diag_set(diag, SLA_EPARSE, 1, COL(s), "date",
                             "expected a date YYYY-MM-DD (or epoch seconds)");
    s += 4;
    if (s == e || *s != '-' || !fixed_digits(s + 1, e, 2, &month))
        return sla__diag_set(diag, SLA_EPARSE, 1, COL(s), "date",
                             "expected '-' and a two-digit month after the year");
    if (month < 1 || month > 12)
        return sla__diag_set(diag, SLA_EPARSE, 1, COL(s + 1), "date", "month %02d does not exist",
                             month);
    s += 3;
    if (s == e || *s != '-' || !fixed_digits(s + 1, e, 2, &day))
        return sla__diag_set(diag, SLA_EPARSE, 1, COL(s), "date",
                             "expected '-' and a two-digit day after the month");
    if (day < 1 || (unsigned)day > sla__days_in_month(year, (unsigned)month))
        return sla__diag_set(diag, SLA_EPARSE, 1, COL(s + 1), "date",
                             "%04d-%02d has no day %02d", year, month, day);
    s += 3;

    /* Time: T, t or one space, then HH:MM[:SS[.000]]. */
    if (s < e) {
        if (*s != 'T' && *s != 't' && *s != ' ')
            return sla__diag_set(diag, SLA_EPARSE, 1, COL(s), "date",
                                 "expected 'T' or a space between the date and the time");
        s++;
        if (!fixed_digits(s, e, 2, &hour))
            return sla__diag_set(diag, SLA_EPARSE, 1, COL(s), "time",
                                 "expected a two-digit hour");
        if (hour > 24)
            return sla__diag_set(diag, SLA_EPARSE, 1, COL(s), "time", "hour %02d does not exist",
                                 hour);
        s += 2;
        if (s == e || *s != ':' || !fixed_digits(s + 1, e, 2, &minute))
            return sla__diag_set(diag, SLA_EPARSE, 1, COL(s), "time",
                                 "expected ':' and two-digit minutes after the hour");
        if (minute > 59)
            return sla__diag_set(diag, SLA_EPARSE, 1, COL(s + 1), "time",
                                 "minute %02d does not exist", minute);
        s += 3;
        if (s < e && *s == ':') {
            if (!fixed_digits(s + 1, e, 2, &second))
                return sla__diag_set(diag, SLA_EPARSE, 1, COL(s), "time",
                                     "expected two-digit seconds after ':'");
            if (second == 60)
                return sla__diag_set(diag, SLA_EPARSE, 1, COL(s + 1), "time",
                                     "leap seconds (:60) cannot be represented in Unix time");
            if (second > 59)
                return sla__diag_set(diag, SLA_EPARSE, 1, COL(s + 1), "time",
                                     "second %02d does not exist", second);
            s += 3;
            if (s < e && (*s == '.' || *s == ',')) {
                const char *f = ++s;
                while (s < e && is_digit(*s)) {
                    if (*s != '0')
                        return sla__diag_set(diag, SLA_EPARSE, 1, COL(s), "fraction",
                                             "fractions of a second are not supported "
                                             "(instants are whole seconds)");
                    s++;
                }
                if (s == f)
                    return sla__diag_set(diag, SLA_EPARSE, 1, COL(s), "fraction",
                                         "expected digits after the decimal mark");
            }
        }
        if (hour == 24 && (minute != 0 || second != 0))
            return sla__diag_set(diag, SLA_EPARSE, 1, COL(b) + 11, "time",
                                 "24:00 is the only time with hour 24");
        has_time = true;

        /* Offset: Z, or +HH:MM, +HHMM, +HH (and +HH:MM:SS, which formatting
         * produces for historical offsets with seconds). */
        if (s < e) {
            const char *o = s;
            int sign;
            if (*s == 'Z' || *s == 'z') {
                s++;
            } else if (*s == '+' || *s == '-') {
                sign = *s == '-' ? -1 : 1;
                s++;
                if (!fixed_digits(s, e, 2, &oh))
                    return sla__diag_set(diag, SLA_EPARSE, 1, COL(s), "offset",
                                         "expected a two-digit offset hour");
                s += 2;
                if (s < e && *s == ':') {
                    if (!fixed_digits(s + 1, e, 2, &om))
                        return sla__diag_set(diag, SLA_EPARSE, 1, COL(s), "offset",
                                             "expected two-digit offset minutes after ':'");
                    s += 3;
                    if (s < e && *s == ':') {
                        if (!fixed_digits(s + 1, e, 2, &os))
                            return sla__diag_set(diag, SLA_EPARSE, 1, COL(s), "offset",
                                                 "expected two-digit offset seconds after ':'");
                        s += 3;
                    }
                } else if (s < e && fixed_digits(s, e, 2, &om)) {
                    s += 2;
                }
                if (oh > 23 || om > 59 || os > 59)
                    return sla__diag_set(diag, SLA_EPARSE, 1, COL(o), "offset",
                                         "offset out of range (at most 23:59)");
                offset = sign * (oh * 3600 + om * 60 + os);
            } else {
                return sla__diag_set(diag, SLA_EPARSE, 1, COL(s), "offset",
                                     "expected Z or an offset such as +01:00 after the time");
            }
            has_offset = true;
            if (s < e)
                return sla__diag_set(diag, SLA_EPARSE, 1, COL(s), "offset",
                                     "unexpected text after the offset");
        }
    }

    local = sla__days_from_civil(year, (unsigned)month, (unsigned)day) * SLA__DAY +
            hour * 3600 + minute * 60 + second;
    if (has_offset) {
        t = local - offset;
    } else if (tz) {
        t = sla__tz_local_to_utc(tz, local);
    } else {
        return sla__diag_set(diag, SLA_EPARSE, 1, COL(e), has_time ? "offset" : "date",
                             "a local %s needs a calendar's time zone: add Z or an offset "
                             "such as +01:00",
                             has_time ? "time without offset" : "date");
    }
    if (t < SLA_TIME_MIN || t >= SLA_TIME_MAX)
        return range_error(diag);
    sla__diag_clear(diag);
    *ret = t;
    return 0;
}

int sla__format_instant_tz(const sla_tz *tz, int64_t t, char *buf, size_t size)
{
    char tmp[64];
    int64_t local, days, y;
    unsigned m, d;
    int32_t off = 0, sec, a;
    int len;

    if (!buf && size > 0)
        return SLA_EINVAL;
    if (t < SLA_TIME_MIN || t >= SLA_TIME_MAX)
        return SLA_ERANGE;
    if (tz)
        off = sla__tz_offset_at(tz, t);
    local = t + off;
    days = sla__floordiv(local, SLA__DAY);
    sec = (int32_t)(local - days * SLA__DAY);
    sla__civil_from_days(days, &y, &m, &d);
    len = snprintf(tmp, sizeof tmp, "%04lld-%02u-%02uT%02d:%02d:%02d", (long long)y, m, d,
                   (int)(sec / 3600), (int)(sec / 60 % 60), (int)(sec % 60));
    if (!tz) {
        tmp[len++] = 'Z';
        tmp[len] = '\0';
    } else {
        a = off < 0 ? -off : off;
        len += snprintf(tmp + len, sizeof tmp - (size_t)len, "%c%02d:%02d", off < 0 ? '-' : '+',
                        (int)(a / 3600), (int)(a / 60 % 60));
        if (a % 60 != 0)
            len += snprintf(tmp + len, sizeof tmp - (size_t)len, ":%02d", (int)(a % 60));
    }
    return emit(tmp, len, buf, size);
}

/* ------------------------------------------------------------------------ */
/* Durations.                                                                */

/* Digits at *s: the value (capped just above SLA_TIME_MAX, *big set when it
 * went past) and the position after them. False when there is no digit. */
static bool duration_number(const char **s, const char *e, int64_t *ret, bool *big)
{
    const char *p = *s;
    int64_t v = 0;
    if (p == e || !is_digit(*p))
        return false;
    for (; p < e && is_digit(*p); p++) {
        if (v > SLA_TIME_MAX)
            *big = true;
        else
            v = v * 10 + (*p - '0');
    }
    *s = p;
    *ret = v;
    return true;
}

static int duration_add(int64_t *total, int64_t v, int64_t unit, bool big, bool *over)
{
    if (big || v > SLA_TIME_MAX / unit || *total > SLA_TIME_MAX - v * unit)
        *over = true;
    else
        *total += v * unit;
    return 0;
}

static int duration_fraction(const char *text, const char *s, const char *e, sla_diag *diag)
{
    if (s < e && (*s == '.' || *s == ','))
        return sla__diag_set(diag, SLA_EPARSE, 1, COL(s), "fraction",
                             "fractional durations are not supported: use a smaller unit "
                             "(1h30m, not 1.5h)");
    return 0;
}

static int parse_iso_duration(const char *text, const char *s, const char *e, int64_t *total,
                              bool *over, sla_diag *diag)
{
    /* ranks: W 0, D 1, then after T: H 2, M 3, S 4 */
    static const int64_t unit_of[5] = {SLA__WEEK, SLA__DAY, 3600, 60, 1};
    const char *p = s + 1; /* after P */
    bool in_time = false, any = false, any_time = false;
    int last = -1;

    while (p < e) {
        const char *num = p;
        int64_t v;
        bool big = false;
        int rank;
        char u;

        if (*p == 'T' || *p == 't') {
            if (in_time)
                return sla__diag_set(diag, SLA_EPARSE, 1, COL(p), "time",
                                     "'T' appears twice in the duration");
            in_time = true;
            p++;
            continue;
        }
        if (!duration_number(&p, e, &v, &big))
            return sla__diag_set(diag, SLA_EPARSE, 1, COL(p), "number",
                                 "expected a number in the ISO 8601 duration");
        if (duration_fraction(text, p, e, diag))
            return SLA_EPARSE;
        if (p == e)
            return sla__diag_set(diag, SLA_EPARSE, 1, COL(p), "unit",
                                 "expected a designator (W, D, H, M or S) after the number");
        u = lower(*p);
        if (!in_time && u == 'y')
            return sla__diag_set(diag, SLA_EPARSE, 1, COL(p), "year",
                                 "years have no fixed length; give the duration in days or weeks");
        if (!in_time && u == 'm')
            return sla__diag_set(diag, SLA_EPARSE, 1, COL(p), "month",
                                 "months have no fixed length (M before T is months; "
                                 "write PT%.*sM for minutes)", (int)(p - num), num);
        if (!in_time && u == 'w')
            rank = 0;
        else if (!in_time && u == 'd')
            rank = 1;
        else if (in_time && u == 'h')
            rank = 2;
        else if (in_time && u == 'm')
            rank = 3;
        else if (in_time && u == 's')
            rank = 4;
        else if (in_time && (u == 'w' || u == 'd' || u == 'y'))
            return sla__diag_set(diag, SLA_EPARSE, 1, COL(p), "unit",
                                 "'%c' belongs before the 'T' of the duration", *p);
        else if (!in_time && (u == 'h' || u == 's'))
            return sla__diag_set(diag, SLA_EPARSE, 1, COL(p), "unit",
                                 "hours, minutes and seconds come after a 'T' (PT%.*s%c)",
                                 (int)(p - num), num, *p);
        else
            return sla__diag_set(diag, SLA_EPARSE, 1, COL(p), "unit",
                                 "unknown designator '%c' in the duration", *p);
        if (rank <= last)
            return sla__diag_set(diag, SLA_EPARSE, 1, COL(p), "order",
                                 "designators must appear once each, largest first");
        last = rank;
        any = true;
        if (in_time)
            any_time = true;
        duration_add(total, v, unit_of[rank], big, over);
        p++;
    }
    if (!any)
        return sla__diag_set(diag, SLA_EPARSE, 1, COL(p), "duration",
                             "an ISO 8601 duration needs at least one component (PT0S)");
    if (in_time && !any_time)
        return sla__diag_set(diag, SLA_EPARSE, 1, COL(p), "time",
                             "'T' must be followed by hours, minutes or seconds");
    return 0;
}

static int parse_compact_duration(const char *text, const char *s, const char *e, int64_t *total,
                                  bool *over, sla_diag *diag)
{
    static const char units[] = "wdhms";
    static const int64_t unit_of[5] = {SLA__WEEK, SLA__DAY, 3600, 60, 1};
    const char *p = s;
    int last = -1;

    while (p < e) {
        int64_t v;
        bool big = false;
        const char *u;

        if (last >= 0)
            while (p < e && *p == ' ')
                p++;
        if (!duration_number(&p, e, &v, &big))
            return sla__diag_set(diag, SLA_EPARSE, 1, COL(p), "number", "expected a number");
        if (duration_fraction(text, p, e, diag))
            return SLA_EPARSE;
        if (p == e) {
            if (last < 0) { /* a bare number: seconds */
                duration_add(total, v, 1, big, over);
                return 0;
            }
            return sla__diag_set(diag, SLA_EPARSE, 1, COL(p), "unit",
                                 "a unit (w, d, h, m, s) must follow every number but a lone one");
        }
        u = *p ? strchr(units, lower(*p)) : NULL;
        if (!u)
            return sla__diag_set(diag, SLA_EPARSE, 1, COL(p), "unit",
                                 "unknown unit '%c' (use w, d, h, m or s)", *p);
        if ((int)(u - units) <= last)
            return sla__diag_set(diag, SLA_EPARSE, 1, COL(p), "order",
                                 "units must appear once each, largest first (1h30m, not 30m1h)");
        last = (int)(u - units);
        duration_add(total, v, unit_of[last], big, over);
        p++;
    }
    return 0;
}

int sla__parse_duration(const char *text, int64_t *ret, sla_diag *diag)
{
    const char *b, *e, *s;
    int64_t total = 0;
    bool neg = false, over = false;
    int r;

    if (!text || !ret)
        return sla__diag_set(diag, SLA_EINVAL, 0, 0, "", "text and ret must not be NULL");
    trim(text, &b, &e);
    s = b;
    if (s < e && *s == '-') {
        neg = true;
        s++;
    }
    if (s == e)
        return sla__diag_set(diag, SLA_EPARSE, 1, b == e ? 1 : COL(s), "duration",
                             "empty duration");
    if (*s == 'P' || *s == 'p')
        r = parse_iso_duration(text, s, e, &total, &over, diag);
    else
        r = parse_compact_duration(text, s, e, &total, &over, diag);
    if (r != 0)
        return r;
    if (over)
        return sla__diag_set(diag, SLA_ERANGE, 1, COL(b), "duration",
                             "duration longer than the supported span (%lld seconds)",
                             (long long)SLA_TIME_MAX);
    sla__diag_clear(diag);
    *ret = neg ? -total : total;
    return 0;
}

int sla__format_duration(int64_t d, char *buf, size_t size)
{
    char tmp[64];
    uint64_t a = d < 0 ? (uint64_t)0 - (uint64_t)d : (uint64_t)d;
    unsigned long long days = a / 86400, h = a / 3600 % 24, m = a / 60 % 60, sec = a % 60;
    int len = 0;

    if (!buf && size > 0)
        return SLA_EINVAL;
    if (d < 0)
        tmp[len++] = '-';
    if (days)
        len += snprintf(tmp + len, sizeof tmp - (size_t)len, "%llud", days);
    if (h)
        len += snprintf(tmp + len, sizeof tmp - (size_t)len, "%lluh", h);
    if (m)
        len += snprintf(tmp + len, sizeof tmp - (size_t)len, "%llum", m);
    if (sec || a == 0)
        len += snprintf(tmp + len, sizeof tmp - (size_t)len, "%llus", sec);
    return emit(tmp, len, buf, size);
}

/* ------------------------------------------------------------------------ */
/* Public API (the instant functions that take a calendar for its zone are in
 * calendar/text.c: this layer does not know calendars).                     */

SLA_EXPORT int sla_parse_duration(const char *text, int64_t *ret, sla_diag *diag)
{
    return sla__parse_duration(text, ret, diag);
}

SLA_EXPORT int sla_format_duration(int64_t d, char *buf, size_t size)
{
    return sla__format_duration(d, buf, size);
}
