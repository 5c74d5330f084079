/* Opening-hours text: the subset of the OpenStreetMap opening_hours syntax
 * described in SEMANTICS 2.1, parsed into a compact immutable rule list and
 * evaluated per local date without allocation.
 *
 * Grammar (case-insensitive words, spaces and tabs free between tokens):
 *   text      = rule { (";" | ",") rule } [";"]
 *   rule      = "24/7" [modifier]
 *             | [years] [dates] [weekdays] [times] [modifier]
 *   years     = year ["-" year] { "," year ["-" year] }
 *   dates     = date { "," date }
 *   date      = month ["-" month]
 *             | month day ["-" [month] day] { "," day ["-" day] }
 *             | year month day ["-" [[year] month] day]
 *   weekdays  = wd ["-" wd] | "PH"  { "," ... }
 *   times     = span { "," span }, span = time "-" time
 *   modifier  = "open" | "off" | "closed"
 * A "," after a time span followed by a time continues the span list; any
 * other "," between rules starts an additional rule.
 *
 * SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "text/hours.h"

#define HOURS_MAX_TEXT 4096
#define HOURS_MAX_RULES 64
#define HOURS_MAX_RULE_SPANS 32
#define HOURS_MAX_ITEMS 2048 /* years or date items: each takes >= 2 bytes of text */
#define HOURS_MAX_TOKENS (HOURS_MAX_TEXT + 1)

enum { MOD_NONE = 0, MOD_OPEN = 1, MOD_OFF = 2 };
#define WD_PH 0x80u

/* Year range, inclusive. */
typedef struct {
    int16_t first;
    int16_t last;
} year_range;

/* A date item. Recurring: a and b are month*32+day keys, inclusive, wrapping
 * across the year end when a > b. Absolute: a and b are day numbers. */
typedef struct {
    int32_t a;
    int32_t b;
    int32_t absolute;
} date_item;

typedef struct {
    uint8_t additional; /* joined to the previous rules by ',' */
    uint8_t mod;
    uint8_t wdays; /* bits 0..6 Monday..Sunday, WD_PH; 0: no weekday selector */
    uint8_t pad;
    uint16_t year0, nyears;
    uint16_t date0, ndates;
    uint16_t span0, nspans; /* sorted, merged; nspans 0: whole day */
} hrule;

struct sla_hours {
    size_t size; /* bytes of the whole block, this header included */
    size_t nrules;
    bool uses_ph;
    const hrule *rules;
    const year_range *years;
    const date_item *dates;
    const sla__span *spans;
};

/* ------------------------------------------------------------------------ */
/* Tokens                                                                   */

enum { T_END, T_NUM, T_WORD, T_PUNCT, T_ERR };

enum {
    W_MO, W_TU, W_WE, W_TH, W_FR, W_SA, W_SU, /* 0..6 */
    W_JAN, W_FEB, W_MAR, W_APR, W_MAY, W_JUN, W_JUL, W_AUG, W_SEP, W_OCT, W_NOV, W_DEC,
    W_PH, W_SH, W_OFF, W_CLOSED, W_OPEN, W_UNKNOWN,
    W_SUNRISE, W_SUNSET, W_DAWN, W_DUSK, W_WEEK, W_EASTER, W_DAY, W_DAYS,
    W_OTHER
};

static const char *const word_names[] = {
    "mo", "tu", "we", "th", "fr", "sa", "su",
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    "ph", "sh", "off", "closed", "open", "unknown",
    "sunrise", "sunset", "dawn", "dusk", "week", "easter", "day", "days",
};

static const char *const long_weekdays[] = {"monday", "tuesday", "wednesday", "thursday",
                                            "friday", "saturday", "sunday"};
static const char *const long_months[] = {"january", "february", "march", "april",
                                          "may", "june", "july", "august",
                                          "september", "october", "november", "december"};
static const char *const short_weekdays[] = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};
static const char *const short_months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

typedef struct {
    uint8_t kind;
    char ch;      /* T_PUNCT */
    uint16_t len; /* bytes */
    int32_t pos;  /* byte offset */
    int32_t val;  /* T_NUM: value (capped); T_WORD: W_* */
} token;

typedef struct {
    const char *text;
    sla_diag *diag;
    int err;
    /* lexer error, reported when the parser reaches the T_ERR token */
    const char *lex_construct;
    char lex_msg[160];

    size_t ntok;
    size_t cur;
    token tok[HOURS_MAX_TOKENS];

    size_t nrules, nyears, ndates, nspans;
    hrule rules[HOURS_MAX_RULES];
    int32_t rule_pos[HOURS_MAX_RULES];
    year_range years[HOURS_MAX_ITEMS];
    date_item dates[HOURS_MAX_ITEMS];
    sla__span spans[HOURS_MAX_RULES * HOURS_MAX_RULE_SPANS];
} parser;

static bool is_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static char lower(unsigned char c)
{
    return (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
}

static bool word_eq(const char *s, size_t n, const char *w)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (w[i] == '\0' || lower((unsigned char)s[i]) != w[i])
            return false;
    return w[n] == '\0';
}

static int word_id(const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < sizeof word_names / sizeof word_names[0]; i++)
        if (word_eq(s, n, word_names[i]))
            return (int)i;
    return W_OTHER;
}

static void lex_fail(parser *p, size_t pos, const char *construct, const char *msg)
{
    token *t = &p->tok[p->ntok++];
    t->kind = T_ERR;
    t->pos = (int32_t)pos;
    t->len = 1;
    p->lex_construct = construct;
    snprintf(p->lex_msg, sizeof p->lex_msg, "%s", msg);
}

static void lex(parser *p, size_t textlen)
{
    const char *s = p->text;
    size_t i = 0;

    while (i < textlen) {
        unsigned char c = (unsigned char)s[i];
        token *t;
        size_t j;

        if (c == ' ' || c == '\t') {
            i++;
            continue;
        }
        t = &p->tok[p->ntok];
        t->pos = (int32_t)i;
        if (is_digit(c)) {
            int32_t v = 0;
            for (j = i; j < textlen && is_digit((unsigned char)s[j]); j++)
                if (v < 100000)
                    v = v * 10 + (s[j] - '0');
            t->kind = T_NUM;
            t->val = v;
            t->len = (uint16_t)(j - i);
            p->ntok++;
            i = j;
        } else if (is_alpha(c)) {
            for (j = i; j < textlen && is_alpha((unsigned char)s[j]); j++)
                ;
            t->kind = T_WORD;
            t->val = word_id(s + i, j - i);
            t->len = (uint16_t)(j - i);
            p->ntok++;
            i = j;
        } else if (c == '"') {
            lex_fail(p, i, "comment",
                     "comments in quotes are not supported; remove the quoted text");
            return;
        } else if (c == '|') {
            if (i + 1 < textlen && s[i + 1] == '|')
                lex_fail(p, i, "fallback rule",
                         "fallback rules ('||') are not supported; write the rules with ';'");
            else
                lex_fail(p, i, "token", "unexpected character '|'");
            return;
        } else if (strchr("-,;:/+[]().", (int)c) && c != '\0') {
            t->kind = T_PUNCT;
            t->ch = (char)c;
            t->len = 1;
            p->ntok++;
            i++;
        } else if (c == 0xE2 && i + 2 < textlen && (unsigned char)s[i + 1] == 0x80 &&
                   ((unsigned char)s[i + 2] == 0x93 || (unsigned char)s[i + 2] == 0x94)) {
            lex_fail(p, i, "token", "a typographic dash is not allowed; use the plain '-'");
            return;
        } else if (c == '\n' || c == '\r') {
            lex_fail(p, i, "token", "line breaks are not allowed in opening hours");
            return;
        } else if (c < 0x20 || c >= 0x7f) {
            lex_fail(p, i, "token", "unexpected character (only ASCII text is allowed)");
            return;
        } else {
            char msg[64];
            snprintf(msg, sizeof msg, "unexpected character '%c'", (char)c);
            lex_fail(p, i, "token", msg);
            return;
        }
    }
    p->tok[p->ntok].kind = T_END;
    p->tok[p->ntok].pos = (int32_t)textlen;
    p->tok[p->ntok].len = 0;
    p->ntok++;
}

/* ------------------------------------------------------------------------ */
/* Parser helpers                                                           */

static const token *peek(const parser *p, size_t k)
{
    size_t i = p->cur + k;
    if (i >= p->ntok)
        i = p->ntok - 1; /* T_END or T_ERR */
    return &p->tok[i];
}

static const token *next(parser *p)
{
    const token *t = peek(p, 0);
    if (t->kind != T_END && t->kind != T_ERR)
        p->cur++;
    return t;
}

static bool is_punct(const token *t, char c)
{
    return t->kind == T_PUNCT && t->ch == c;
}

static bool is_word(const token *t, int w)
{
    return t->kind == T_WORD && t->val == w;
}

static bool is_weekday(const token *t)
{
    return t->kind == T_WORD && t->val >= W_MO && t->val <= W_SU;
}

static bool is_month(const token *t)
{
    return t->kind == T_WORD && t->val >= W_JAN && t->val <= W_DEC;
}

static bool is_year(const token *t)
{
    return t->kind == T_NUM && t->len == 4;
}

/* A day-of-month number: 1-2 digits, not the hour of a time. */
static bool is_daynum(const parser *p, size_t k)
{
    const token *t = peek(p, k);
    return t->kind == T_NUM && t->len <= 2 && !is_punct(peek(p, k + 1), ':') &&
           !is_punct(peek(p, k + 1), '/');
}

static bool is_time_start(const parser *p, size_t k)
{
    return peek(p, k)->kind == T_NUM && is_punct(peek(p, k + 1), ':');
}

/* Records a parse error at token t (a lexer error takes precedence when t
 * is the lexer's error token). */
static int fail(parser *p, const token *t, const char *construct, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int fail(parser *p, const token *t, const char *construct, const char *fmt, ...)
{
    char msg[400];
    va_list ap;

    if (p->err)
        return p->err;
    if (t->kind == T_ERR) {
        p->err = sla__diag_set(p->diag, SLA_EPARSE, 1, (int)t->pos + 1, p->lex_construct, "%s",
                               p->lex_msg);
        return p->err;
    }
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    p->err = sla__diag_set(p->diag, SLA_EPARSE, 1, (int)t->pos + 1, construct, "%s", msg);
    return p->err;
}

static int fail_limit(parser *p, const token *t, const char *construct, const char *msg)
{
    if (p->err)
        return p->err;
    p->err = sla__diag_set(p->diag, SLA_ELIMIT, 1, (int)t->pos + 1, construct, "%s", msg);
    return p->err;
}

/* The error for a token that cannot be used where it stands: names the
 * unsupported construct when it is one, else `construct` with `what`. */
static int unexpected(parser *p, const token *t, const char *construct, const char *what)
{
    const token *prev = p->cur > 0 ? &p->tok[p->cur - 1] : NULL;
    int len = t->len > 24 ? 24 : (int)t->len;
    const char *s = p->text + t->pos;
    size_t i;

    switch (t->kind) {
    case T_ERR:
        return fail(p, t, "", "%s", "");
    case T_END:
        return fail(p, t, construct, "the text ends too early: %s", what);
    case T_WORD:
        switch (t->val) {
        case W_SUNRISE:
        case W_SUNSET:
        case W_DAWN:
        case W_DUSK:
            return fail(p, t, word_names[t->val],
                        "times relative to the sun (%.*s) are not supported; write clock times "
                        "such as 06:00-21:00",
                        len, s);
        case W_WEEK:
            return fail(p, t, "week number",
                        "week numbers are not supported; select months or dates instead (e.g. "
                        "'Jan 06-Mar 09')");
        case W_EASTER:
            return fail(p, t, "easter",
                        "dates relative to Easter are not supported; write the date (e.g. "
                        "'2025 Apr 21') or put it in the holiday set");
        case W_SH:
            return fail(p, t, "SH",
                        "school holidays (SH) are not supported; write the dates, or put them "
                        "in the holiday set and use PH");
        case W_UNKNOWN:
            return fail(p, t, "unknown",
                        "the 'unknown' modifier is not supported; use 'open' or 'off'");
        case W_DAY:
        case W_DAYS:
            return fail(p, t, "day offset",
                        "day offsets (e.g. 'PH +1 day') are not supported; write the dates");
        default:
            break;
        }
        if (is_weekday(t))
            return fail(p, t, "weekday",
                        "the weekday '%.*s' is out of place: %s (selectors come in the order "
                        "year, month/date, weekday, time, modifier; list weekdays with ',')",
                        len, s, what);
        if (is_month(t))
            return fail(p, t, "month",
                        "the month '%.*s' is out of place: %s (selectors come in the order "
                        "year, month/date, weekday, time, modifier)",
                        len, s, what);
        if (is_word(t, W_PH))
            return fail(p, t, "weekday",
                        "'PH' is out of place: %s (list it with the weekdays, e.g. 'Sa,Su,PH')",
                        what);
        if (t->val >= W_OFF && t->val <= W_OPEN)
            return fail(p, t, "modifier", "'%.*s' is out of place: %s", len, s, what);
        for (i = 0; i < 7; i++)
            if (word_eq(s, t->len, long_weekdays[i]) ||
                (t->len == 3 && lower((unsigned char)s[0]) == long_weekdays[i][0] &&
                 lower((unsigned char)s[1]) == long_weekdays[i][1] &&
                 lower((unsigned char)s[2]) == long_weekdays[i][2]))
                return fail(p, t, "token",
                            "write weekdays with two letters: '%s' instead of '%.*s'",
                            short_weekdays[i], len, s);
        if (word_eq(s, t->len, "of"))
            return fail(p, t, "token", "unknown word 'of'; the modifier is 'off'");
        for (i = 0; i < 12; i++)
            if (word_eq(s, t->len, long_months[i]))
                return fail(p, t, "token",
                            "write months with three letters: '%s' instead of '%.*s'",
                            short_months[i], len, s);
        return fail(p, t, "token", "unknown word '%.*s'", len, s);
    case T_PUNCT:
        if (t->ch == '[')
            return fail(p, t, "nth weekday",
                        "nth-weekday selectors such as Mo[1] or Su[-1] are not supported; "
                        "write the dates");
        if (t->ch == '(')
            return fail(p, t, "variable time",
                        "variable times such as (sunrise+01:00) are not supported; write clock "
                        "times");
        if (t->ch == '+') {
            if (prev && prev->kind == T_NUM && p->cur >= 2 && is_punct(&p->tok[p->cur - 2], ':'))
                return fail(p, t, "open end",
                            "open ends ('10:00+') are not supported; write an end time, e.g. "
                            "10:00-24:00");
            return fail(p, t, "day offset",
                        "day offsets (e.g. 'PH +1 day') are not supported; write the dates");
        }
        return fail(p, t, construct, "unexpected '%c': %s", t->ch, what);
    default:
        return fail(p, t, construct, "unexpected '%.*s': %s", len, s, what);
    }
}

/* ------------------------------------------------------------------------ */
/* Selectors                                                                */

static int check_year(parser *p, const token *t)
{
    if (t->val < 1970 || t->val > 2199)
        return fail(p, t, "year", "the year %.*s is outside the supported range 1970-2199",
                    (int)t->len, p->text + t->pos);
    return 0;
}

static int parse_years(parser *p, hrule *r)
{
    r->year0 = (uint16_t)p->nyears;
    for (;;) {
        const token *t = next(p);
        year_range y;

        if (check_year(p, t))
            return p->err;
        y.first = y.last = (int16_t)t->val;
        if (is_punct(peek(p, 0), '-')) {
            next(p);
            const token *e = next(p);
            if (!is_year(e))
                return unexpected(p, e, "year",
                                  "a year range is written 2025-2026");
            if (check_year(p, e))
                return p->err;
            if (e->val < t->val)
                return fail(p, e, "year", "the year range ends before it starts");
            y.last = (int16_t)e->val;
        }
        if (is_punct(peek(p, 0), '+'))
            return fail(p, peek(p, 0), "year",
                        "open-ended years ('2025+') are not supported; write 2025-2199");
        if (is_punct(peek(p, 0), '/'))
            return fail(p, peek(p, 0), "year",
                        "year steps ('2020-2030/2') are not supported; list the years");
        if (p->nyears >= HOURS_MAX_ITEMS)
            return fail_limit(p, t, "year", "too many years");
        p->years[p->nyears++] = y;
        r->nyears++;
        if (is_punct(peek(p, 0), ',') && is_year(peek(p, 1)) &&
            !(is_month(peek(p, 2)) && is_daynum(p, 3))) {
            next(p);
            continue;
        }
        return 0;
    }
}

static int month_of(const token *t)
{
    return t->val - W_JAN + 1;
}

/* Days of month m in a leap year (the most it ever has). */
static unsigned max_mday(unsigned m)
{
    return sla__days_in_month(2000, m);
}

static int parse_day(parser *p, unsigned m, int64_t year, unsigned *d)
{
    const token *t = next(p);
    unsigned dim = year ? sla__days_in_month(year, m) : max_mday(m);

    if (t->kind != T_NUM || t->len > 2)
        return unexpected(p, t, "month day", "expected a day of the month");
    if (t->val < 1 || (unsigned)t->val > dim) {
        if (year)
            return fail(p, t, "month day", "%s %lld has %u days, not %d", short_months[m - 1],
                        (long long)year, dim, (int)t->val);
        return fail(p, t, "month day", "%s has at most %u days, not %d", short_months[m - 1], dim,
                    (int)t->val);
    }
    *d = (unsigned)t->val;
    return 0;
}

static int day_offset_check(parser *p)
{
    const token *t = peek(p, 0);
    if (is_punct(t, '+') ||
        (is_punct(t, '-') && peek(p, 1)->kind == T_NUM &&
         (is_word(peek(p, 2), W_DAY) || is_word(peek(p, 2), W_DAYS))))
        return fail(p, t, "day offset",
                    "day offsets (e.g. 'PH +1 day') are not supported; write the dates");
    return 0;
}

static int add_date(parser *p, const token *at, int32_t a, int32_t b, bool absolute)
{
    date_item *it;
    if (p->ndates >= HOURS_MAX_ITEMS)
        return fail_limit(p, at, "date", "too many dates");
    it = &p->dates[p->ndates++];
    it->a = a;
    it->b = b;
    it->absolute = absolute;
    return 0;
}

/* year month day ["-" [[year] month] day] */
static int parse_absolute_date(parser *p)
{
    const token *ty = next(p), *tm, *t;
    int64_t y0 = ty->val, y1;
    unsigned m0, d0, m1, d1;
    int64_t a, b;

    if (check_year(p, ty))
        return p->err;
    tm = next(p);
    m0 = (unsigned)month_of(tm);
    if (parse_day(p, m0, y0, &d0))
        return p->err;
    y1 = y0;
    m1 = m0;
    d1 = d0;
    if (is_punct(peek(p, 0), '-')) {
        next(p);
        if (day_offset_check(p))
            return p->err;
        t = peek(p, 0);
        if (is_year(t)) {
            next(p);
            if (check_year(p, t))
                return p->err;
            y1 = t->val;
            t = peek(p, 0);
            if (!is_month(t))
                return unexpected(p, t, "date", "expected a month after the year");
        }
        if (is_month(t)) {
            next(p);
            m1 = (unsigned)month_of(t);
        }
        if (!is_daynum(p, 0))
            return unexpected(p, peek(p, 0), "date",
                              "a date range is written '2025 Dec 24-2026 Jan 02'");
        t = peek(p, 0);
        if (parse_day(p, m1, y1, &d1))
            return p->err;
        a = sla__days_from_civil(y0, m0, d0);
        b = sla__days_from_civil(y1, m1, d1);
        if (b < a)
            return fail(p, t, "date",
                        "the date range ends before it starts; write the end year "
                        "(e.g. '2025 Dec 24-2026 Jan 02')");
    }
    if (day_offset_check(p))
        return p->err;
    a = sla__days_from_civil(y0, m0, d0);
    b = sla__days_from_civil(y1, m1, d1);
    return add_date(p, ty, (int32_t)a, (int32_t)b, true);
}

static int32_t key(unsigned m, unsigned d)
{
    return (int32_t)(m * 32 + d);
}

/* month ["-" month] | month day ["-" [month] day] {"," day ["-" day]} */
static int parse_recurring_date(parser *p)
{
    const token *tm = next(p);
    unsigned m0 = (unsigned)month_of(tm), m1, d0, d1;
    bool same_month_written = false;

    if (!is_daynum(p, 0)) {
        m1 = m0;
        if (is_punct(peek(p, 0), '-')) {
            next(p);
            const token *t = next(p);
            if (!is_month(t))
                return unexpected(p, t, "month",
                                  "a month range is written 'Jun-Aug'");
            m1 = (unsigned)month_of(t);
            if (is_daynum(p, 0))
                return fail(p, peek(p, 0), "month day",
                            "a day after a month range is ambiguous; write 'Jan 01-Mar 15'");
        }
        return add_date(p, tm, key(m0, 1), key(m1, 31), false);
    }
    if (parse_day(p, m0, 0, &d0))
        return p->err;
    m1 = m0;
    d1 = d0;
    if (day_offset_check(p))
        return p->err;
    if (is_punct(peek(p, 0), '-')) {
        next(p);
        const token *t;
        if (day_offset_check(p))
            return p->err;
        t = peek(p, 0);
        if (is_month(t)) {
            next(p);
            m1 = (unsigned)month_of(t);
            same_month_written = true;
        } else if (is_year(t)) {
            return fail(p, t, "date",
                        "a range that ends in a given year must start with a year too "
                        "('2025 Dec 24-2026 Jan 02')");
        }
        t = peek(p, 0);
        if (!is_daynum(p, 0))
            return unexpected(p, t, "month day",
                              "a date range is written 'Dec 24-26' or 'Dec 24-Jan 02'");
        if (parse_day(p, m1, 0, &d1))
            return p->err;
        /* 'May 17-May 11' wraps through the year; 'Dec 26-24' is a slip */
        if (m1 == m0 && d1 < d0 && !same_month_written)
            return fail(p, t, "month day",
                        "the day range ends before it starts; write 'Dec 24-26' (or "
                        "'Dec 26-Dec 24' for a range through the year end)");
    }
    if (add_date(p, tm, key(m0, d0), key(m1, d1), false))
        return p->err;
    /* short list of further days of the last month named: Dec 24,31 */
    while (is_punct(peek(p, 0), ',') && is_daynum(p, 1)) {
        const token *t;
        unsigned e, f;
        next(p);
        t = peek(p, 0);
        if (parse_day(p, m1, 0, &e))
            return p->err;
        f = e;
        if (is_punct(peek(p, 0), '-')) {
            next(p);
            const token *u = peek(p, 0);
            if (!is_daynum(p, 0))
                return unexpected(p, u, "month day",
                                  "a day range is written '24-26'");
            if (parse_day(p, m1, 0, &f))
                return p->err;
            if (f < e)
                return fail(p, u, "month day",
                            "the day range ends before it starts; write 'Dec 24-26'");
        }
        if (add_date(p, t, key(m1, e), key(m1, f), false))
            return p->err;
    }
    return day_offset_check(p);
}

static bool at_absolute_date(const parser *p, size_t k)
{
    return is_year(peek(p, k)) && is_month(peek(p, k + 1)) && is_daynum(p, k + 2);
}

static int parse_dates(parser *p, hrule *r)
{
    r->date0 = (uint16_t)p->ndates;
    for (;;) {
        int rc = at_absolute_date(p, 0) ? parse_absolute_date(p) : parse_recurring_date(p);
        if (rc)
            return rc;
        if (is_punct(peek(p, 0), ',') && (is_month(peek(p, 1)) || at_absolute_date(p, 1))) {
            next(p);
            continue;
        }
        break;
    }
    r->ndates = (uint16_t)(p->ndates - r->date0);
    return 0;
}

static int parse_weekdays(parser *p, hrule *r)
{
    for (;;) {
        const token *t = next(p);
        if (is_word(t, W_PH)) {
            if (day_offset_check(p))
                return p->err;
            if (is_punct(peek(p, 0), '-'))
                return fail(p, peek(p, 0), "weekday", "'PH' cannot start a range");
            r->wdays |= WD_PH;
        } else if (is_weekday(t)) {
            int w0 = t->val, w1 = t->val, w;
            if (is_punct(peek(p, 0), '-')) {
                next(p);
                const token *e = next(p);
                if (!is_weekday(e))
                    return unexpected(p, e, "weekday",
                                      "a weekday range is written 'Mo-Fr'");
                w1 = e->val;
            }
            if (is_punct(peek(p, 0), '['))
                return unexpected(p, peek(p, 0), "weekday", "");
            for (w = w0;; w = (w + 1) % 7) {
                r->wdays |= (uint8_t)(1u << w);
                if (w == w1)
                    break;
            }
        } else {
            return unexpected(p, t, "weekday", "expected a weekday (Mo..Su) or PH");
        }
        if (is_punct(peek(p, 0), ',')) {
            const token *n = peek(p, 1);
            if (is_weekday(n) || is_word(n, W_PH) || is_word(n, W_SH)) {
                next(p);
                continue;
            }
        }
        return 0;
    }
}

/* HH:MM (hours may have one digit); `end` allows 24:00..48:00. Stores
 * seconds in *out. */
static int parse_time(parser *p, bool end, int32_t *out)
{
    const token *h = next(p), *c, *m;

    if (h->kind != T_NUM)
        return unexpected(p, h, "time",
                          end ? "expected an end time such as 18:00"
                              : "expected a time such as 09:00");
    if (is_punct(peek(p, 0), '/') && h->val == 24)
        return fail(p, h, "time",
                    "'24/7' must stand alone as a rule; for whole days write e.g. 'Mo-Fr open'");
    c = next(p);
    if (!is_punct(c, ':'))
        return fail(p, c->kind == T_END ? h : c, "time", "a time is written HH:MM, e.g. 09:00");
    m = next(p);
    if (m->kind != T_NUM || m->len != 2)
        return fail(p, m->kind == T_END ? c : m, "time",
                    "minutes are written with two digits, e.g. 09:05");
    if (h->len > 2)
        return fail(p, h, "time", "hours are written with one or two digits, e.g. 09:00");
    if (m->val > 59)
        return fail(p, m, "time", "minutes run from 00 to 59");
    if (!end && h->val >= 24)
        return fail(p, h, "time", "a span must start before 24:00 (a whole day is 00:00-24:00)");
    if (end && (h->val > 48 || (h->val == 48 && m->val > 0)))
        return fail(p, h, "time", "an end time can be at most 48:00");
    *out = h->val * 3600 + m->val * 60;
    return 0;
}

static int parse_times(parser *p, hrule *r)
{
    sla__span tmp[HOURS_MAX_RULE_SPANS];
    size_t n = 0, i, j;

    for (;;) {
        const token *ts = peek(p, 0), *te;
        int32_t s, e;

        if (parse_time(p, false, &s))
            return p->err;
        if (is_punct(peek(p, 0), '+'))
            return unexpected(p, peek(p, 0), "time", "");
        if (!is_punct(peek(p, 0), '-')) {
            if (peek(p, 0)->kind == T_ERR)
                return unexpected(p, peek(p, 0), "time", "");
            return fail(p, ts, "time",
                        "the time %.*s has no end; write a span such as 09:00-17:00",
                        (int)(peek(p, 0)->pos - ts->pos), p->text + ts->pos);
        }
        next(p);
        te = peek(p, 0);
        if (parse_time(p, true, &e))
            return p->err;
        if (is_punct(peek(p, 0), '+'))
            return unexpected(p, peek(p, 0), "time", "");
        if (is_punct(peek(p, 0), '/'))
            return fail(p, peek(p, 0), "time",
                        "repeating times ('10:00-16:00/01:30') are not supported");
        if (e == s)
            return fail(p, te, "time",
                        "a span that starts and ends at the same time is ambiguous; write "
                        "00:00-24:00 for a whole day, or an end 24 hours later (e.g. "
                        "10:00-34:00)");
        if (e < s)
            e += SLA__DAY; /* overnight: runs into the next day */
        if (n >= HOURS_MAX_RULE_SPANS)
            return fail_limit(p, ts, "time", "more than 32 time spans in one rule");
        tmp[n].start = s;
        tmp[n].end = e;
        n++;
        if (is_punct(peek(p, 0), ',') && is_time_start(p, 1)) {
            next(p);
            continue;
        }
        break;
    }
    /* sort (insertion; n <= 32) and merge */
    for (i = 1; i < n; i++) {
        sla__span v = tmp[i];
        for (j = i; j > 0 && tmp[j - 1].start > v.start; j--)
            tmp[j] = tmp[j - 1];
        tmp[j] = v;
    }
    r->span0 = (uint16_t)p->nspans;
    for (i = 0; i < n; i++) {
        sla__span *last = p->nspans > r->span0 ? &p->spans[p->nspans - 1] : NULL;
        if (last && tmp[i].start <= last->end) {
            if (tmp[i].end > last->end)
                last->end = tmp[i].end;
        } else {
            p->spans[p->nspans++] = tmp[i];
        }
    }
    r->nspans = (uint16_t)(p->nspans - r->span0);
    return 0;
}

static int parse_rule(parser *p, bool additional)
{
    hrule *r;
    const token *t = peek(p, 0);
    const token *start = t;

    if (t->kind == T_END || is_punct(t, ';') || is_punct(t, ','))
        return fail(p, t, "rule",
                    t->kind == T_END && p->cur > 0
                        ? "the text ends after ','; write another rule or remove the ','"
                        : "empty rule; remove the extra separator");
    if (p->nrules >= HOURS_MAX_RULES)
        return fail_limit(p, t, "rule", "more than 64 rules");
    r = &p->rules[p->nrules];
    memset(r, 0, sizeof *r);
    r->additional = additional;
    r->year0 = (uint16_t)p->nyears;
    r->date0 = (uint16_t)p->ndates;
    r->span0 = (uint16_t)p->nspans;

    if (t->kind == T_NUM && t->val == 24 && t->len == 2 && is_punct(peek(p, 1), '/') &&
        peek(p, 2)->kind == T_NUM && peek(p, 2)->val == 7 && peek(p, 2)->len == 1) {
        p->cur += 3;
        r->span0 = (uint16_t)p->nspans;
        p->spans[p->nspans].start = 0;
        p->spans[p->nspans].end = SLA__DAY;
        p->nspans++;
        r->nspans = 1;
    } else {
        if (is_year(t) && !at_absolute_date(p, 0) && !is_punct(peek(p, 1), ':')) {
            if (parse_years(p, r))
                return p->err;
        }
        if (is_month(peek(p, 0)) || at_absolute_date(p, 0)) {
            if (parse_dates(p, r))
                return p->err;
        }
        t = peek(p, 0);
        if (is_weekday(t) || is_word(t, W_PH)) {
            if (parse_weekdays(p, r))
                return p->err;
        }
        if (peek(p, 0)->kind == T_NUM) {
            if (parse_times(p, r))
                return p->err;
        }
    }
    t = peek(p, 0);
    if (is_word(t, W_OFF) || is_word(t, W_CLOSED)) {
        r->mod = MOD_OFF;
        next(p);
    } else if (is_word(t, W_OPEN)) {
        r->mod = MOD_OPEN;
        next(p);
    }
    t = peek(p, 0);
    if (t->kind != T_END && !is_punct(t, ';') && !is_punct(t, ','))
        return unexpected(p, t, "token",
                          "expected ';' or ',' between rules, or the end of the text");
    p->rule_pos[p->nrules] = start->pos;
    p->nrules++;
    return 0;
}

/* Upper bound of the spans one date can have after the rules so far; a
 * normal rule may or may not apply to a date, an additional one adds its
 * spans, and each span taken away can split one span in two. */
static int check_span_bound(parser *p)
{
    size_t i, bound = 0;
    for (i = 0; i < p->nrules; i++) {
        const hrule *r = &p->rules[i];
        size_t own = r->nspans ? r->nspans : 1;
        if (r->mod == MOD_OFF)
            bound += r->nspans;
        else if (r->additional)
            bound += own;
        else if (own > bound)
            bound = own;
        if (bound > SLA__MAX_DAY_SPANS) {
            p->err = sla__diag_set(p->diag, SLA_ELIMIT, 1, (int)p->rule_pos[i] + 1, "rule",
                                   "the rules could give one date more than %d time spans",
                                   SLA__MAX_DAY_SPANS);
            return p->err;
        }
    }
    return 0;
}

static sla_hours *build(const parser *p)
{
    size_t hsz = (sizeof(sla_hours) + 7) & ~(size_t)7;
    size_t ssz = p->nspans * sizeof(sla__span);
    size_t dsz = p->ndates * sizeof(date_item);
    size_t ysz = p->nyears * sizeof(year_range);
    size_t rsz = p->nrules * sizeof(hrule);
    size_t i;
    char *block = sla__malloc(hsz + ssz + dsz + ysz + rsz);
    sla_hours *h = (sla_hours *)(void *)block;

    if (!block)
        return NULL;
    h->size = hsz + ssz + dsz + ysz + rsz;
    h->nrules = p->nrules;
    h->spans = (const sla__span *)(void *)(block + hsz);
    h->dates = (const date_item *)(void *)(block + hsz + ssz);
    h->years = (const year_range *)(void *)(block + hsz + ssz + dsz);
    h->rules = (const hrule *)(void *)(block + hsz + ssz + dsz + ysz);
    if (ssz)
        memcpy(block + hsz, p->spans, ssz);
    if (dsz)
        memcpy(block + hsz + ssz, p->dates, dsz);
    if (ysz)
        memcpy(block + hsz + ssz + dsz, p->years, ysz);
    if (rsz)
        memcpy(block + hsz + ssz + dsz + ysz, p->rules, rsz);
    h->uses_ph = false;
    for (i = 0; i < p->nrules; i++)
        if (p->rules[i].wdays & WD_PH)
            h->uses_ph = true;
    return h;
}

int sla__hours_parse(const char *text, sla_hours **ret, sla_diag *diag)
{
    parser *p;
    size_t len, i;
    sla_hours *h;
    int rc;

    if (!text || !ret)
        return SLA_EINVAL;
    sla__diag_clear(diag);
    for (len = 0; len <= HOURS_MAX_TEXT && text[len]; len++)
        ;
    if (len > HOURS_MAX_TEXT)
        return sla__diag_set(diag, SLA_ELIMIT, 1, HOURS_MAX_TEXT + 1, "text",
                             "opening hours text longer than %d bytes", HOURS_MAX_TEXT);
    /* a line break at the very end (text read from a file) is ignored */
    while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r' || text[len - 1] == ' ' ||
                       text[len - 1] == '\t'))
        len--;

    for (i = 0; i < len && (text[i] == ' ' || text[i] == '\t'); i++)
        ;
    if (i == len)
        return sla__diag_set(diag, SLA_EPARSE, 1, 1, "rule",
                             "the opening hours are empty; write e.g. 'Mo-Fr 09:00-17:00', "
                             "'24/7' or 'off'");

    p = sla__malloc(sizeof *p);
    if (!p)
        return SLA_ENOMEM;
    p->text = text;
    p->diag = diag;
    p->err = 0;
    p->ntok = p->cur = 0;
    p->nrules = p->nyears = p->ndates = p->nspans = 0;
    lex(p, len);

    rc = parse_rule(p, false);
    while (!rc) {
        const token *t = next(p);
        if (t->kind == T_END)
            break;
        if (is_punct(t, ';')) {
            if (peek(p, 0)->kind == T_END)
                break; /* a trailing ';' is allowed */
            rc = parse_rule(p, false);
        } else {
            rc = parse_rule(p, true);
        }
    }
    if (!rc)
        rc = check_span_bound(p);
    if (rc) {
        sla__free(p);
        return rc;
    }
    h = build(p);
    sla__free(p);
    if (!h)
        return SLA_ENOMEM;
    *ret = h;
    return 0;
}

void sla__hours_free(sla_hours *h)
{
    sla__free(h);
}

sla_hours *sla__hours_copy(const sla_hours *h)
{
    char *block;
    sla_hours *c;
    const char *base = (const char *)h;

    if (!h)
        return NULL;
    block = sla__malloc(h->size);
    if (!block)
        return NULL;
    memcpy(block, h, h->size);
    c = (sla_hours *)(void *)block;
    c->spans = (const sla__span *)(void *)(block + ((const char *)h->spans - base));
    c->dates = (const date_item *)(void *)(block + ((const char *)h->dates - base));
    c->years = (const year_range *)(void *)(block + ((const char *)h->years - base));
    c->rules = (const hrule *)(void *)(block + ((const char *)h->rules - base));
    return c;
}

bool sla__hours_uses_ph(const sla_hours *h)
{
    return h && h->uses_ph;
}

/* ------------------------------------------------------------------------ */
/* Evaluation                                                               */

static bool date_match(const sla_hours *h, const hrule *r, int64_t day, int64_t y, int32_t k)
{
    size_t i;
    if (r->nyears) {
        bool ok = false;
        for (i = r->year0; i < (size_t)r->year0 + r->nyears; i++)
            if (y >= h->years[i].first && y <= h->years[i].last) {
                ok = true;
                break;
            }
        if (!ok)
            return false;
    }
    if (r->ndates) {
        for (i = r->date0; i < (size_t)r->date0 + r->ndates; i++) {
            const date_item *it = &h->dates[i];
            if (it->absolute) {
                if (day >= it->a && day <= it->b)
                    return true;
            } else if (it->a <= it->b ? (k >= it->a && k <= it->b) : (k >= it->a || k <= it->b)) {
                return true;
            }
        }
        return false;
    }
    return true;
}

static const sla__span whole_day = {0, SLA__DAY};

/* a := a ∪ b (both sorted and merged) */
static size_t span_union(sla__span *a, size_t na, const sla__span *b, size_t nb)
{
    sla__span out[SLA__MAX_DAY_SPANS + HOURS_MAX_RULE_SPANS];
    size_t i = 0, j = 0, n = 0;

    while (i < na || j < nb) {
        sla__span s = (j >= nb || (i < na && a[i].start <= b[j].start)) ? a[i++] : b[j++];
        if (n && s.start <= out[n - 1].end) {
            if (s.end > out[n - 1].end)
                out[n - 1].end = s.end;
        } else {
            out[n++] = s;
        }
    }
    if (n > SLA__MAX_DAY_SPANS)
        n = SLA__MAX_DAY_SPANS; /* unreachable: bounded at parse */
    memcpy(a, out, n * sizeof *out);
    return n;
}

/* a := a \ b (both sorted and merged) */
static size_t span_subtract(sla__span *a, size_t na, const sla__span *b, size_t nb)
{
    sla__span out[SLA__MAX_DAY_SPANS + HOURS_MAX_RULE_SPANS];
    size_t i, j = 0, n = 0;

    for (i = 0; i < na; i++) {
        int32_t s = a[i].start, e = a[i].end;
        while (j < nb && b[j].end <= s)
            j++;
        {
            size_t k = j;
            while (k < nb && b[k].start < e && s < e) {
                if (b[k].start > s && n < sizeof out / sizeof out[0])
                    out[n++] = (sla__span){s, b[k].start};
                if (b[k].end > s)
                    s = b[k].end;
                k++;
            }
        }
        if (s < e && n < sizeof out / sizeof out[0])
            out[n++] = (sla__span){s, e};
    }
    if (n > SLA__MAX_DAY_SPANS)
        n = SLA__MAX_DAY_SPANS; /* unreachable: bounded at parse */
    memcpy(a, out, n * sizeof *out);
    return n;
}

void sla__hours_day(const sla_hours *h, int64_t day, bool holiday, sla__span *out, size_t *n)
{
    sla__span cur[SLA__MAX_DAY_SPANS];
    size_t nc = 0, i;
    int64_t y;
    unsigned m, d;
    int32_t k;
    uint8_t wbit;

    sla__civil_from_days(day, &y, &m, &d);
    k = key(m, d);
    wbit = holiday ? (uint8_t)WD_PH : (uint8_t)(1u << sla__weekday(day));
    for (i = 0; i < h->nrules; i++) {
        const hrule *r = &h->rules[i];
        const sla__span *s;
        size_t ns;

        if (holiday ? !(r->wdays & WD_PH) : (r->wdays && !(r->wdays & wbit)))
            continue;
        if ((r->nyears || r->ndates) && !date_match(h, r, day, y, k))
            continue;
        if (r->nspans) {
            s = &h->spans[r->span0];
            ns = r->nspans;
        } else {
            s = &whole_day;
            ns = 1;
        }
        if (r->mod == MOD_OFF) {
            nc = r->nspans ? span_subtract(cur, nc, s, ns) : 0;
        } else if (r->additional) {
            nc = span_union(cur, nc, s, ns);
        } else {
            memcpy(cur, s, ns * sizeof *s);
            nc = ns;
        }
    }
    if (nc)
        memcpy(out, cur, nc * sizeof *cur);
    *n = nc;
}

/* The first day of year y at or after month m, day d (d may be past the end
 * of the month: Feb 29 in a common year is then Mar 1). */
static int64_t boundary_start(int64_t y, unsigned m, unsigned d)
{
    if (d > sla__days_in_month(y, m))
        return m == 12 ? sla__days_from_civil(y + 1, 1, 1) : sla__days_from_civil(y, m + 1, 1);
    return sla__days_from_civil(y, m, d);
}

/* The first day of year y (or Jan 1 of y+1) after month m, day d. */
static int64_t boundary_end(int64_t y, unsigned m, unsigned d)
{
    if (d >= sla__days_in_month(y, m))
        return m == 12 ? sla__days_from_civil(y + 1, 1, 1) : sla__days_from_civil(y, m + 1, 1);
    return sla__days_from_civil(y, m, d + 1);
}

static void consider(int64_t *best, int64_t day, int64_t c)
{
    if (c > day && c < *best)
        *best = c;
}

static void consider_key(int64_t *best, int64_t day, int64_t y, int32_t kk, bool end)
{
    unsigned m = (unsigned)kk / 32, d = (unsigned)kk % 32;
    int64_t c = end ? boundary_end(y, m, d) : boundary_start(y, m, d);
    if (c <= day)
        c = end ? boundary_end(y + 1, m, d) : boundary_start(y + 1, m, d);
    consider(best, day, c);
}

int64_t sla__hours_next_change(const sla_hours *h, int64_t day)
{
    int64_t best = INT64_MAX, y;
    unsigned m, d;
    size_t i;

    sla__civil_from_days(day, &y, &m, &d);
    for (i = 0; i < h->nrules; i++) {
        const hrule *r = &h->rules[i];
        size_t j;
        for (j = r->year0; j < (size_t)r->year0 + r->nyears; j++) {
            consider(&best, day, sla__days_from_civil(h->years[j].first, 1, 1));
            consider(&best, day, sla__days_from_civil(h->years[j].last + 1, 1, 1));
        }
        for (j = r->date0; j < (size_t)r->date0 + r->ndates; j++) {
            const date_item *it = &h->dates[j];
            if (it->absolute) {
                consider(&best, day, it->a);
                consider(&best, day, (int64_t)it->b + 1);
            } else {
                consider_key(&best, day, y, it->a, false);
                consider_key(&best, day, y, it->b, true);
            }
        }
    }
    return best;
}
