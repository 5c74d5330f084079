/* Opening-hours text: the subset of the OpenStreetMap opening_hours syntax
 * described in SEMANTICS 2.1, parsed into a compact immutable rule list and
 * evaluated per local date without allocation.
 *
 * Grammar (case-insensitive words, spaces and tabs free between tokens):
 *   text      = rule { (";" | ",") rule } [";"]
 *   rule      = "24/7" [modifier]
 *             | [years] [dates] [weeks] [":"] [weekdays] [times] [modifier]
 *   years     = year ["-" year] { "," year ["-" year] }
 *   dates     = date { "," date }
 *   date      = month ["-" month]
 *             | month day ["-" [month] day] { "," day ["-" day] }
 *             | year month day ["-" [[year] month] day]
 *             | easter [offset] ["-" easter [offset]], offset = ("+"|"-") n ("day"|"days")
 *               (the end of an Easter range is excluded, as opening_hours.js reads it)
 *   weeks     = "week" wn ["-" wn ["/" step]] { "," wn ["-" wn ["/" step]] }
 *   weekdays  = (wd ["-" wd] | wd "[" nth {"," nth} "]" | "PH")  { "," ... }
 *   nth       = n ["-" n] | "-" n          (n = 1..5)
 *   times     = span { "," span }, span = time "-" time
 *   modifier  = ("open" | "off" | "closed") [comment], comment = '"' text '"'
 * A "," after a time span followed by a time continues the span list; any
 * other "," between rules starts an additional rule.
 *
 * SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/hours.h"

#define HOURS_MAX_TEXT 4096
#define HOURS_MAX_RULES 64
#define HOURS_MAX_RULE_SPANS 32
#define HOURS_MAX_ITEMS 2048 /* years or date items: each takes >= 2 bytes of text */
#define HOURS_MAX_EASTER 64  /* Easter items, all rules together */
#define HOURS_MAX_TOKENS (HOURS_MAX_TEXT + 1)
#define HOURS_ECHO 40 /* the most bytes of the text a message quotes */

enum { MOD_NONE = 0, MOD_OPEN = 1, MOD_OFF = 2 };
enum { DATE_RECURRING = 0, DATE_ABSOLUTE = 1, DATE_EASTER = 2 };
#define WD_PH 0x80u
#define WD_DAYS 0x7fu

/* Year range, inclusive. */
typedef struct {
    int16_t first;
    int16_t last;
} year_range;

/* A date item. Recurring: a and b are month*32+day keys, inclusive, wrapping
 * across the year end when a > b. Absolute: a and b are day numbers. Easter:
 * a and b are day offsets from Easter Sunday of the date's year. */
typedef struct {
    int32_t a;
    int32_t b;
    int32_t kind;
} date_item;

typedef struct {
    uint8_t additional; /* joined to the previous rules by ',' */
    uint8_t mod;
    uint8_t wdays; /* bits 0..6 Monday..Sunday, WD_PH; 0: no weekday selector */
    uint8_t has_nth;
    uint16_t year0, nyears;
    uint16_t date0, ndates;
    uint16_t span0, nspans; /* sorted, merged; nspans 0: whole day */
    uint16_t com0, comlen;  /* comment in the comment pool; comlen 0: none */
    uint16_t nth[7];        /* per weekday: bits 0..4 [1]..[5], 5..9 [-1]..[-5]; 0: any */
    uint64_t weeks;         /* bit w: ISO week w (1..53); 0: no week selector */
} hrule;

struct sla_hours {
    size_t size; /* bytes of the whole block, this header included */
    size_t nrules;
    bool uses_ph;
    bool uses_nth;
    bool uses_dates; /* some rule has a year, date or week selector */
    uint64_t wd_mask[7]; /* rules that select weekday w (or have no weekday selector) */
    uint64_t ph_mask;    /* rules that select PH */
    const hrule *rules;
    const year_range *years;
    const date_item *dates;
    const sla__span *spans;
    const char *comments;
};

/* ------------------------------------------------------------------------ */
/* Tokens                                                                   */

enum { T_END, T_NUM, T_WORD, T_PUNCT, T_STR, T_ERR };

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

    size_t nrules, nyears, ndates, nspans, ncom, neaster;
    hrule rules[HOURS_MAX_RULES];
    char com[HOURS_MAX_TEXT];
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
            for (j = i + 1; j < textlen && s[j] != '"'; j++)
                if ((unsigned char)s[j] < 0x20 || s[j] == 0x7f)
                    break;
            if (j >= textlen || s[j] != '"') {
                lex_fail(p, i, "comment",
                         j < textlen ? "a comment cannot hold control characters"
                                     : "the comment has no closing '\"'");
                return;
            }
            t->kind = T_STR;
            t->len = (uint16_t)(j + 1 - i);
            p->ntok++;
            i = j + 1;
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

/* Token k is the hour of a time: a number, then ':' and two digits of
 * minutes written without spaces ("09:00"; "Feb 12: Mo" is a date and ':'). */
static bool is_time_start(const parser *p, size_t k)
{
    const token *h = peek(p, k), *c = peek(p, k + 1), *m = peek(p, k + 2);
    return h->kind == T_NUM && is_punct(c, ':') && m->kind == T_NUM && m->len == 2 &&
           c->pos == h->pos + h->len && m->pos == c->pos + 1;
}

/* A day-of-month number: 1-2 digits, not the hour of a time. */
static bool is_daynum(const parser *p, size_t k)
{
    const token *t = peek(p, k);
    return t->kind == T_NUM && t->len <= 2 && !is_time_start(p, k) &&
           !is_punct(peek(p, k + 1), '/');
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

/* s[0..n) is a proper prefix of w of at least three letters ("Fri", "Tues"). */
static bool word_prefix(const char *s, size_t n, const char *w)
{
    size_t i;
    if (n < 3 || n >= strlen(w))
        return false;
    for (i = 0; i < n; i++)
        if (lower((unsigned char)s[i]) != w[i])
            return false;
    return true;
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
                        "the week selector is out of place: %s (selectors come in the order "
                        "year, month/date, week, weekday, time, modifier)",
                        what);
        case W_EASTER:
            return fail(p, t, "easter",
                        "'easter' is out of place: %s (it is a date: write it before the "
                        "weekdays, e.g. 'easter -2 days off')",
                        what);
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
            if (word_eq(s, t->len, long_weekdays[i]) || word_prefix(s, t->len, long_weekdays[i]))
                return fail(p, t, "token",
                            "write weekdays with two letters: '%s' instead of '%.*s'",
                            short_weekdays[i], len, s);
        if (word_eq(s, t->len, "of") || word_eq(s, t->len, "close"))
            return fail(p, t, "modifier", "unknown word '%.*s'; did you mean '%s'?", len, s,
                        word_eq(s, t->len, "close") ? "closed" : "off");
        for (i = 0; i < 12; i++)
            if (word_eq(s, t->len, long_months[i]) || word_prefix(s, t->len, long_months[i]))
                return fail(p, t, "token",
                            "write months with three letters: '%s' instead of '%.*s'",
                            short_months[i], len, s);
        return fail(p, t, "token", "unknown word '%.*s'", len, s);
    case T_STR:
        return fail(p, t, "comment",
                    "a comment must follow 'open' or 'off' (e.g. 'Mo-Fr 08:00-16:00 open "
                    "\"office\"'): without one the reference reads the rule as 'unknown', "
                    "which libsla does not support");
    case T_PUNCT:
        if (t->ch == '[')
            return fail(p, t, "nth weekday",
                        "'[' is out of place: an nth-weekday selector follows one weekday, "
                        "e.g. Mo[1], Fr[-1], Mo[1,3]");
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

static int add_date(parser *p, const token *at, int32_t a, int32_t b, int kind)
{
    date_item *it;
    if (p->ndates >= HOURS_MAX_ITEMS)
        return fail_limit(p, at, "date", "too many dates");
    it = &p->dates[p->ndates++];
    it->a = a;
    it->b = b;
    it->kind = kind;
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
    return add_date(p, ty, (int32_t)a, (int32_t)b, DATE_ABSOLUTE);
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
        return add_date(p, tm, key(m0, 1), key(m1, 31), DATE_RECURRING);
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
        /* a range through the year end that stops the day before it starts */
        if (key(m1, d1) < key(m0, d0)) {
            unsigned pm = d0 > 1 ? m0 : (m0 == 1 ? 12 : m0 - 1);
            bool whole = d0 > 1 ? (m1 == m0 && d1 == d0 - 1)
                                : (m1 == pm && (d1 == sla__days_in_month(2001, pm) ||
                                                d1 == sla__days_in_month(2000, pm)));
            if (whole)
                return fail(p, t, "month day",
                            "the range runs through the whole year (opening_hours.js reads it "
                            "as no date at all); to mean every date, leave the dates out");
        }
    }
    if (add_date(p, tm, key(m0, d0), key(m1, d1), DATE_RECURRING))
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
        if (add_date(p, t, key(m1, e), key(m1, f), DATE_RECURRING))
            return p->err;
    }
    return day_offset_check(p);
}

static bool at_absolute_date(const parser *p, size_t k)
{
    return is_year(peek(p, k)) && is_month(peek(p, k + 1)) && is_daynum(p, k + 2);
}

/* After 'easter': an optional day offset ("+1 day", "-2 days"). */
static int parse_easter_offset(parser *p, int32_t *off)
{
    const token *sign = peek(p, 0), *n, *u;
    *off = 0;
    if (!is_punct(sign, '+') && !is_punct(sign, '-'))
        return 0;
    n = peek(p, 1);
    u = peek(p, 2);
    if (is_punct(sign, '-') && n->kind != T_NUM)
        return 0; /* a range: 'easter-easter +1 day' */
    if (n->kind != T_NUM)
        return unexpected(p, n, "easter", "a day offset is written 'easter -2 days'");
    if (!is_word(u, W_DAY) && !is_word(u, W_DAYS))
        return fail(p, u->kind == T_END ? n : u, "easter",
                    "a day offset is written 'easter +1 day' or 'easter -2 days'");
    if (n->val > 366)
        return fail(p, n, "easter", "a day offset from Easter can be at most 366 days");
    p->cur += 3;
    *off = is_punct(sign, '-') ? -n->val : n->val;
    return 0;
}

/* easter [offset] ["-" easter [offset]] */
static int parse_easter_date(parser *p)
{
    const token *te = next(p), *t;
    int32_t a, b;

    if (parse_easter_offset(p, &a))
        return p->err;
    b = a;
    if (is_punct(peek(p, 0), '-')) {
        next(p);
        t = next(p);
        if (!is_word(t, W_EASTER))
            return unexpected(p, t, "easter",
                              "a range from Easter ends at Easter too, e.g. 'easter -2 "
                              "days-easter +1 day'");
        if (parse_easter_offset(p, &b))
            return p->err;
        if (b < a)
            return fail(p, t, "easter",
                        "the range ends before it starts (a range through the year end is "
                        "not supported; write two rules)");
        /* as opening_hours.js reads it, the end of an Easter range is
         * excluded: 'easter -2 days-easter +1 day' is Friday to Sunday */
        b = b - 1;
    }
    if (p->neaster >= HOURS_MAX_EASTER)
        return fail_limit(p, te, "easter", "more than 64 Easter dates");
    p->neaster++;
    return add_date(p, te, a, b, DATE_EASTER);
}

static int parse_dates(parser *p, hrule *r)
{
    r->date0 = (uint16_t)p->ndates;
    for (;;) {
        int rc = is_word(peek(p, 0), W_EASTER) ? parse_easter_date(p)
                 : at_absolute_date(p, 0)      ? parse_absolute_date(p)
                                               : parse_recurring_date(p);
        if (rc)
            return rc;
        if (is_punct(peek(p, 0), ',') &&
            (is_month(peek(p, 1)) || at_absolute_date(p, 1) || is_word(peek(p, 1), W_EASTER))) {
            next(p);
            continue;
        }
        break;
    }
    r->ndates = (uint16_t)(p->ndates - r->date0);
    return 0;
}

/* "week" wn ["-" wn ["/" step]] {"," ...} */
static int parse_weeks(parser *p, hrule *r)
{
    next(p); /* week */
    for (;;) {
        const token *t = next(p), *e;
        int32_t a, b, step = 1, w;

        if (t->kind != T_NUM || t->len > 2)
            return unexpected(p, t, "week number", "expected a week number, e.g. 'week 01-26'");
        if (t->val < 1 || t->val > 53)
            return fail(p, t, "week number", "ISO week numbers run from 01 to 53, not %d",
                        (int)t->val);
        a = b = t->val;
        if (is_punct(peek(p, 0), '-')) {
            next(p);
            e = next(p);
            if (e->kind != T_NUM || e->len > 2)
                return unexpected(p, e, "week number", "a week range is written 'week 10-20'");
            if (e->val < 1 || e->val > 53)
                return fail(p, e, "week number", "ISO week numbers run from 01 to 53, not %d",
                            (int)e->val);
            if (e->val < a)
                return fail(p, e, "week number",
                            "the week range ends before it starts; write 'week 10-20'");
            b = e->val;
            if (is_punct(peek(p, 0), '/')) {
                const token *st;
                next(p);
                st = next(p);
                if (st->kind != T_NUM || st->val > 53)
                    return unexpected(p, st, "week number",
                                      "a week step is a number, e.g. 'week 01-53/2'");
                if (st->val < 2)
                    return fail(p, st, "week number",
                                "a week step must be 2 or more; for every week write the range "
                                "alone (e.g. 'week 10-20')");
                step = st->val;
            }
        }
        for (w = a; w <= b; w += step)
            r->weeks |= (uint64_t)1 << w;
        if (is_punct(peek(p, 0), ',') && peek(p, 1)->kind == T_NUM && !is_time_start(p, 1)) {
            next(p);
            continue;
        }
        return 0;
    }
}

/* "[" nth {"," nth} "]" after weekday w */
static int parse_nth(parser *p, hrule *r, int w)
{
    uint16_t bits = 0;
    next(p); /* [ */
    for (;;) {
        const token *t = next(p);
        bool neg = false;
        int32_t a, b;

        if (is_punct(t, '-')) {
            neg = true;
            t = next(p);
        }
        if (t->kind != T_NUM || t->val < 1 || t->val > 5)
            return unexpected(p, t, "nth weekday",
                              "an nth weekday is 1 to 5 or -1 to -5, e.g. Mo[1], Fr[-1]");
        a = b = t->val;
        if (!neg && is_punct(peek(p, 0), '-') && peek(p, 1)->kind == T_NUM) {
            const token *e;
            next(p);
            e = next(p);
            if (e->val < a || e->val > 5)
                return fail(p, e, "nth weekday", "a range of nth weekdays is written Tu[2-4]");
            b = e->val;
        }
        for (; a <= b; a++)
            bits |= (uint16_t)(1u << ((neg ? 5 : 0) + a - 1));
        t = next(p);
        if (is_punct(t, ']'))
            break;
        if (!is_punct(t, ','))
            return fail(p, t, "nth weekday",
                        "expected ',' or ']' in the nth-weekday selector, e.g. Mo[1,3]");
    }
    if (is_punct(peek(p, 0), '+') || (is_punct(peek(p, 0), '-') && peek(p, 1)->kind == T_NUM))
        return fail(p, peek(p, 0), "day offset",
                    "day offsets (e.g. 'Sa[-1] +1 day') are not supported; write the dates");
    r->nth[w] |= bits;
    r->has_nth = 1;
    return 0;
}

static int parse_weekdays(parser *p, hrule *r)
{
    uint8_t plain_seen[7] = {0}; /* 1: listed plainly, 2: with [nth] */
    int k;
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
            bool ranged = false;
            if (is_punct(peek(p, 0), '-')) {
                ranged = true;
                next(p);
                const token *e = next(p);
                if (!is_weekday(e))
                    return unexpected(p, e, "weekday",
                                      "a weekday range is written 'Mo-Fr'");
                w1 = e->val;
            }
            if (is_punct(peek(p, 0), '[')) {
                if (ranged)
                    return fail(p, peek(p, 0), "nth weekday",
                                "an nth-weekday selector follows one weekday: write "
                                "'Mo[1],Tu[1]', not 'Mo-Tu[1]'");
                if (parse_nth(p, r, w0))
                    return p->err;
                plain_seen[w0] |= 2;
                r->wdays |= (uint8_t)(1u << w0);
            } else {
                for (w = w0;; w = (w + 1) % 7) {
                    r->wdays |= (uint8_t)(1u << w);
                    plain_seen[w] |= 1;
                    if (w == w1)
                        break;
                }
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
        for (k = 0; k < 7; k++)
            if (plain_seen[k] & 1)
                r->nth[k] = 0; /* a weekday listed plainly: every one in the month */
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
        if (is_year(t) && !at_absolute_date(p, 0) && !is_time_start(p, 0)) {
            if (parse_years(p, r))
                return p->err;
        }
        if (is_month(peek(p, 0)) || at_absolute_date(p, 0) || is_word(peek(p, 0), W_EASTER)) {
            if (parse_dates(p, r))
                return p->err;
        }
        if (is_word(peek(p, 0), W_WEEK)) {
            if (parse_weeks(p, r))
                return p->err;
        }
        if (is_punct(peek(p, 0), ':') && (r->nyears || r->ndates || r->weeks)) {
            next(p); /* 'Apr-Oct: Mo-Fr 08:00-18:00' */
            t = peek(p, 0);
            if (t->kind == T_END || is_punct(t, ';') || is_punct(t, ','))
                return unexpected(p, t, "rule", "write the hours after the ':'");
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
    if (t->kind == T_STR && r->mod != MOD_NONE) {
        /* kept as the rule's comment; no effect on the hours */
        r->com0 = (uint16_t)p->ncom;
        r->comlen = (uint16_t)(t->len - 2);
        memcpy(p->com + p->ncom, p->text + t->pos + 1, (size_t)t->len - 2);
        p->ncom += (size_t)t->len - 2;
        next(p);
        t = peek(p, 0);
    }
    if (t->kind != T_END && !is_punct(t, ';') && !is_punct(t, ','))
        return unexpected(p, t, "token",
                          "expected ';' or ',' between rules, or the end of the text");
    p->rule_pos[p->nrules] = start->pos;
    p->nrules++;
    return 0;
}

/* Upper bound of the spans one date can have after the rules so far; a
 * normal rule may or may not apply to a date, an additional one adds its
 * spans, and each span taken away can split one span in two. On a holiday
 * the PH rules then apply again to that, plus the span carried over from
 * the day before, and a ';' PH rule keeps at most one span past midnight. */
static int check_span_bound(parser *p)
{
    size_t i, pass, bound = 0;
    for (pass = 0; pass < 2; pass++) {
        if (pass == 1)
            bound += 1;
        for (i = 0; i < p->nrules; i++) {
            const hrule *r = &p->rules[i];
            size_t own = r->nspans ? r->nspans : 1;
            if (pass == 1 && !(r->wdays & WD_PH))
                continue;
            if (r->mod == MOD_OFF)
                bound += r->nspans;
            else if (r->additional)
                bound += own;
            else if (own + pass > bound)
                bound = own + pass;
            if (bound > SLA__MAX_DAY_SPANS) {
                p->err = sla__diag_set(p->diag, SLA_ELIMIT, 1, (int)p->rule_pos[i] + 1, "rule",
                                       "the rules could give one date more than %d time spans",
                                       SLA__MAX_DAY_SPANS);
                return p->err;
            }
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
    size_t csz = (p->ncom + 7) & ~(size_t)7;
    size_t i;
    char *block;
    sla_hours *h;

    /* rules first: they hold 64-bit fields */
    block = sla__malloc(hsz + rsz + ssz + dsz + ysz + csz);
    h = (sla_hours *)(void *)block;
    if (!block)
        return NULL;
    h->size = hsz + rsz + ssz + dsz + ysz + csz;
    h->nrules = p->nrules;
    h->rules = (const hrule *)(void *)(block + hsz);
    h->spans = (const sla__span *)(void *)(block + hsz + rsz);
    h->dates = (const date_item *)(void *)(block + hsz + rsz + ssz);
    h->years = (const year_range *)(void *)(block + hsz + rsz + ssz + dsz);
    h->comments = block + hsz + rsz + ssz + dsz + ysz;
    if (rsz)
        memcpy(block + hsz, p->rules, rsz);
    if (ssz)
        memcpy(block + hsz + rsz, p->spans, ssz);
    if (dsz)
        memcpy(block + hsz + rsz + ssz, p->dates, dsz);
    if (ysz)
        memcpy(block + hsz + rsz + ssz + dsz, p->years, ysz);
    if (p->ncom)
        memcpy(block + hsz + rsz + ssz + dsz + ysz, p->com, p->ncom);
    h->uses_ph = h->uses_nth = h->uses_dates = false;
    h->ph_mask = 0;
    memset(h->wd_mask, 0, sizeof h->wd_mask);
    for (i = 0; i < p->nrules; i++) {
        const hrule *r = &p->rules[i];
        int w;
        for (w = 0; w < 7; w++)
            if (!r->wdays || (r->wdays & (1u << w)))
                h->wd_mask[w] |= (uint64_t)1 << i;
        if (r->wdays & WD_PH)
            h->ph_mask |= (uint64_t)1 << i;
        if (r->wdays & WD_PH)
            h->uses_ph = true;
        if (r->has_nth)
            h->uses_nth = true;
        if (r->nyears || r->ndates || r->weeks)
            h->uses_dates = true;
    }
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
    p->nrules = p->nyears = p->ndates = p->nspans = p->ncom = p->neaster = 0;
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
    c->comments = block + (h->comments - base);
    c->dates = (const date_item *)(void *)(block + ((const char *)h->dates - base));
    c->years = (const year_range *)(void *)(block + ((const char *)h->years - base));
    c->rules = (const hrule *)(void *)(block + ((const char *)h->rules - base));
    return c;
}

bool sla__hours_uses_ph(const sla_hours *h)
{
    return h && h->uses_ph;
}

bool sla__hours_uses_selectors(const sla_hours *h)
{
    return h && (h->uses_dates || h->uses_nth);
}

bool sla__hours_overnight(const sla_hours *h)
{
    size_t i, k;
    for (i = 0; h && i < h->nrules; i++)
        for (k = 0; k < h->rules[i].nspans; k++)
            if (h->spans[h->rules[i].span0 + k].end > SLA__DAY)
                return true;
    return false;
}

size_t sla__hours_rules(const sla_hours *h)
{
    return h ? h->nrules : 0;
}

const char *sla__hours_comment(const sla_hours *h, size_t i, size_t *len)
{
    if (!h || i >= h->nrules || !h->rules[i].comlen) {
        if (len)
            *len = 0;
        return NULL;
    }
    if (len)
        *len = h->rules[i].comlen;
    return h->comments + h->rules[i].com0;
}

/* ------------------------------------------------------------------------ */
/* Evaluation                                                               */

/* Easter Sunday of year y (Gregorian), as a day number. */
static int64_t easter_day(int64_t y)
{
    int64_t a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4, f = (b + 8) / 25;
    int64_t g = (b - f + 1) / 3, hh = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4;
    int64_t l = (32 + 2 * e + 2 * i - hh - k) % 7, m = (a + 11 * hh + 22 * l) / 451;
    int64_t month = (hh + l - 7 * m + 114) / 31, day = (hh + l - 7 * m + 114) % 31 + 1;
    return sla__days_from_civil(y, (unsigned)month, (unsigned)day);
}

/* ISO 8601 week number of a day. */
static int iso_week(int64_t day)
{
    int64_t th = day - sla__weekday(day) + 3, y;
    unsigned m, d;
    sla__civil_from_days(th, &y, &m, &d);
    return (int)((th - sla__days_from_civil(y, 1, 1)) / 7 + 1);
}

static bool item_match(const date_item *it, int64_t day, int64_t y, int32_t k)
{
    switch (it->kind) {
    case DATE_ABSOLUTE:
        return day >= it->a && day <= it->b;
    case DATE_EASTER: { /* offsets reach at most a year: look at the years around */
        int64_t yy;
        for (yy = y - 1; yy <= y + 1; yy++) {
            int64_t e = easter_day(yy);
            if (day >= e + it->a && day <= e + it->b)
                return true;
        }
        return false;
    }
    default:
        return it->a <= it->b ? (k >= it->a && k <= it->b) : (k >= it->a || k <= it->b);
    }
}

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
    if (r->weeks && !(r->weeks & ((uint64_t)1 << iso_week(day))))
        return false;
    if (r->ndates) {
        for (i = r->date0; i < (size_t)r->date0 + r->ndates; i++)
            if (item_match(&h->dates[i], day, y, k))
                return true;
        return false;
    }
    return true;
}

static void nth_class(const sla_hours *h, int64_t y, unsigned m, unsigned d, sla__hours_sel *out)
{
    if (h->uses_nth) {
        out->nth_pos = (uint8_t)((d - 1) / 7);
        out->nth_neg = (uint8_t)((sla__days_in_month(y, m) - d) / 7);
    } else {
        out->nth_pos = out->nth_neg = 0;
    }
}

void sla__hours_sel_of(const sla_hours *h, int64_t day, sla__hours_sel *out)
{
    int64_t y;
    unsigned m, d;
    size_t i;

    sla__civil_from_days(day, &y, &m, &d);
    out->rules = 0;
    for (i = 0; i < h->nrules; i++)
        if (date_match(h, &h->rules[i], day, y, key(m, d)))
            out->rules |= (uint64_t)1 << i;
    nth_class(h, y, m, d, out);
}

bool sla__hours_sel_eq(const sla__hours_sel *a, const sla__hours_sel *b)
{
    return a->rules == b->rules && a->nth_pos == b->nth_pos && a->nth_neg == b->nth_neg;
}

typedef struct {
    int64_t day;
    int32_t rule;
    int32_t delta;
} sel_event;

static int event_cmp(const void *a, const void *b)
{
    const sel_event *x = a, *y = b;
    return (x->day > y->day) - (x->day < y->day);
}

/* Sort the events by day, d0 <= day (days past dend - 1 are never read, so
 * they count as dend): two passes of a radix sort on the day's offset, in
 * linear time (the order of one day's events does not matter). */
static int sort_events(sel_event *ev, size_t nev, int64_t d0, int64_t dend)
{
    size_t count[512], i, pass;
    sel_event *tmp, *from = ev, *to;

    if (nev < 2)
        return 0;
    if (dend - d0 >= (int64_t)1 << 18) { /* more days than two passes sort */
        qsort(ev, nev, sizeof *ev, event_cmp);
        return 0;
    }
    tmp = sla__malloc(nev * sizeof *tmp);
    if (!tmp)
        return SLA_ENOMEM;
    to = tmp;
    for (pass = 0; pass < 2; pass++) {
        const unsigned shift = (unsigned)pass * 9;
        size_t sum = 0;
        memset(count, 0, sizeof count);
        for (i = 0; i < nev; i++) {
            int64_t k = (from[i].day < dend ? from[i].day : dend) - d0;
            count[((uint64_t)k >> shift) & 511]++;
        }
        for (i = 0; i < 512; i++) {
            size_t c = count[i];
            count[i] = sum;
            sum += c;
        }
        for (i = 0; i < nev; i++) {
            int64_t k = (from[i].day < dend ? from[i].day : dend) - d0;
            to[count[((uint64_t)k >> shift) & 511]++] = from[i];
        }
        from = to;
        to = from == tmp ? ev : tmp;
    }
    sla__free(tmp); /* two passes: the sorted events are back in ev */
    return 0;
}

int sla__hours_sels(const sla_hours *h, int64_t d0, size_t n, sla__hours_sel *out)
{
    uint64_t keymask[13 * 32], weekmask[54], all = 0, dated = 0, yearly = 0, ymask = 0;
    bool any_weeks = false;
    int32_t count[HOURS_MAX_RULES];
    sel_event *ev = NULL;
    size_t nev = 0, cap = 0, i, j, e;
    int64_t y0, y1, y, cury = INT64_MIN, dend = d0 + (int64_t)n;
    unsigned m, d;

    if (n == 0)
        return 0;
    sla__civil_from_days(d0, &y0, &m, &d);
    sla__civil_from_days(dend - 1, &y1, &m, &d);
    memset(keymask, 0, sizeof keymask);
    memset(count, 0, sizeof count);
    for (j = 0; j < 54; j++)
        weekmask[j] = 0;
    for (i = 0; i < h->nrules; i++) {
        const hrule *r = &h->rules[i];
        uint64_t bit = (uint64_t)1 << i;
        all |= bit;
        if (r->weeks)
            any_weeks = true;
        for (j = 0; j < 54; j++)
            if (!r->weeks || (r->weeks & ((uint64_t)1 << j)))
                weekmask[j] |= bit;
        if (r->nyears)
            yearly |= bit;
        if (!r->ndates) {
            for (j = 0; j < 13 * 32; j++)
                keymask[j] |= bit;
            continue;
        }
        dated |= bit;
        for (j = r->date0; j < (size_t)r->date0 + r->ndates; j++) {
            const date_item *it = &h->dates[j];
            if (it->kind == DATE_RECURRING) {
                int32_t k;
                for (k = 32; k < 13 * 32; k++)
                    if (it->a <= it->b ? (k >= it->a && k <= it->b) : (k >= it->a || k <= it->b))
                        keymask[k] |= bit;
            } else {
                bool easter = it->kind == DATE_EASTER;
                int64_t a, b, yy, ylast = easter ? y1 + 1 : 0;
                for (yy = easter ? y0 - 1 : 0; yy <= ylast; yy++) {
                    if (easter) {
                        int64_t ed = easter_day(yy);
                        a = ed + it->a;
                        b = ed + it->b;
                    } else {
                        a = it->a;
                        b = it->b;
                    }
                    if (b < d0 || a >= dend)
                        continue;
                    if (nev + 2 > cap) {
                        size_t nc = cap ? cap * 2 : 64;
                        sel_event *nv = sla__realloc(ev, nc * sizeof *nv);
                        if (!nv) {
                            sla__free(ev);
                            return SLA_ENOMEM;
                        }
                        ev = nv;
                        cap = nc;
                    }
                    ev[nev++] = (sel_event){a < d0 ? d0 : a, (int32_t)i, 1};
                    ev[nev++] = (sel_event){b + 1, (int32_t)i, -1};
                }
            }
        }
    }
    if (sort_events(ev, nev, d0, dend) < 0) {
        sla__free(ev);
        return SLA_ENOMEM;
    }
    {
        uint64_t amask = 0;
        int64_t day;
        int week = -1, wd = (int)sla__weekday(d0);
        unsigned dim;
        e = 0;
        sla__civil_from_days(d0, &y, &m, &d);
        dim = sla__days_in_month(y, m);
        for (day = d0; day < dend; day++) {
            sla__hours_sel *o = &out[day - d0];
            uint64_t mask;
            while (e < nev && ev[e].day <= day) {
                int32_t r = ev[e].rule;
                count[r] += ev[e].delta;
                if (count[r] > 0)
                    amask |= (uint64_t)1 << r;
                else
                    amask &= ~((uint64_t)1 << r);
                e++;
            }
            if (y != cury) {
                ymask = all & ~yearly;
                for (i = 0; i < h->nrules; i++) {
                    const hrule *r = &h->rules[i];
                    for (j = r->year0; j < (size_t)r->year0 + r->nyears; j++)
                        if (y >= h->years[j].first && y <= h->years[j].last) {
                            ymask |= (uint64_t)1 << i;
                            break;
                        }
                }
                cury = y;
            }
            mask = (keymask[key(m, d)] | (amask & dated)) & ymask;
            if (any_weeks && (week < 0 || wd == 0))
                week = iso_week(day); /* it changes on Mondays */
            wd = wd == 6 ? 0 : wd + 1;
            o->rules = any_weeks ? mask & weekmask[week] : mask;
            o->nth_pos = h->uses_nth ? (uint8_t)((d - 1) / 7) : 0; /* as nth_class */
            o->nth_neg = h->uses_nth ? (uint8_t)((dim - d) / 7) : 0;
            /* next civil date */
            if (d < dim) {
                d++;
            } else {
                d = 1;
                if (++m > 12) {
                    m = 1;
                    y++;
                }
                dim = sla__days_in_month(y, m);
            }
        }
    }
    sla__free(ev);
    return 0;
}

static const sla__span whole_day = {0, SLA__DAY};

/* A date's few spans: a loop, where memcpy of a variable size would pay
 * for its setup on every date of the timeline. */
static void copy_spans(sla__span *dst, const sla__span *src, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        dst[i] = src[i];
}

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
    copy_spans(a, out, n);
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
    copy_spans(a, out, n);
    return n;
}

/* Keep only what runs past the date's midnight: a := a ∩ [24:00, 48:00). */
static size_t span_keep_spill(sla__span *a, size_t na)
{
    size_t i, n = 0;
    for (i = 0; i < na; i++) {
        if (a[i].end <= SLA__DAY)
            continue;
        a[n].start = a[i].start < SLA__DAY ? SLA__DAY : a[i].start;
        a[n].end = a[i].end;
        n++;
    }
    return n;
}

/* The weekday part of a rule's selector matches weekday w (nth included). */
static bool weekday_match(const hrule *r, int w, const sla__hours_sel *sel)
{
    uint16_t nth;
    if (!r->wdays)
        return true;
    if (!(r->wdays & (1u << w)))
        return false;
    nth = r->nth[w];
    return !nth || (nth & (1u << sel->nth_pos)) || (nth & (1u << (5 + sel->nth_neg)));
}

/* The rules in `todo` (in their order) on a date: its spans before PH. */
static size_t eval_rules(const sla_hours *h, uint64_t todo, sla__span *cur)
{
    size_t nc = 0, i;

    for (; todo; todo &= todo - 1) {
        const hrule *r;
        const sla__span *s;
        size_t ns;

        i = (size_t)__builtin_ctzll(todo);
        r = &h->rules[i];
        s = r->nspans ? &h->spans[r->span0] : &whole_day;
        ns = r->nspans ? r->nspans : 1;
        if (r->mod == MOD_OFF)
            nc = r->nspans ? span_subtract(cur, nc, s, ns) : 0;
        else if (r->additional)
            nc = span_union(cur, nc, s, ns);
        else {
            copy_spans(cur, s, ns);
            nc = ns;
        }
    }
    return nc;
}

void sla__hours_day_masks(const sla_hours *h, uint64_t out[7][5][5])
{
    sla__hours_sel sel;
    int w, p, q;
    size_t i;

    for (w = 0; w < 7; w++)
        for (p = 0; p < 5; p++)
            for (q = 0; q < 5; q++) {
                uint64_t m = h->wd_mask[w];
                sel.nth_pos = (uint8_t)p;
                sel.nth_neg = (uint8_t)q;
                for (i = 0; i < h->nrules; i++)
                    if (h->rules[i].has_nth && !weekday_match(&h->rules[i], w, &sel))
                        m &= ~((uint64_t)1 << i);
                out[w][p][q] = m;
            }
}

void sla__hours_eval_rules(const sla_hours *h, uint64_t rules, sla__span *out, size_t *n)
{
    sla__span cur[SLA__MAX_DAY_SPANS + HOURS_MAX_RULE_SPANS];
    size_t nc = eval_rules(h, rules, cur);
    if (nc > SLA__MAX_DAY_SPANS)
        nc = SLA__MAX_DAY_SPANS; /* unreachable: bounded at parse */
    if (nc)
        copy_spans(out, cur, nc);
    *n = nc;
}

void sla__hours_eval(const sla_hours *h, int64_t day, const sla__hours_sel *sel, bool holiday,
                     const sla__span *spill, size_t nspill, sla__span *out, size_t *n)
{
    sla__span cur[SLA__MAX_DAY_SPANS + HOURS_MAX_RULE_SPANS];
    size_t nc = 0, i;
    int w = (int)sla__weekday(day);
    uint64_t todo, day_rules = 0;

    /* every date: the rules that select it by weekday (or have no weekday) */
    for (todo = sel->rules & h->wd_mask[w]; todo; todo &= todo - 1) {
        i = (size_t)__builtin_ctzll(todo);
        if (!h->rules[i].has_nth || weekday_match(&h->rules[i], w, sel))
            day_rules |= (uint64_t)1 << i;
    }
    nc = eval_rules(h, day_rules, cur);
    if (holiday) {
        /* then the PH rules, after all others, on the date's wall-clock hours */
        if (nspill)
            nc = span_union(cur, nc, spill, nspill);
        if (!h->uses_ph)
            nc = span_keep_spill(cur, nc); /* '; PH off' */
        for (todo = sel->rules & h->ph_mask; todo; todo &= todo - 1) {
            const hrule *r;
            const sla__span *s;
            size_t ns;

            i = (size_t)__builtin_ctzll(todo);
            r = &h->rules[i];
            s = r->nspans ? &h->spans[r->span0] : &whole_day;
            ns = r->nspans ? r->nspans : 1;
            if (r->mod == MOD_OFF) {
                nc = r->nspans ? span_subtract(cur, nc, s, ns) : span_keep_spill(cur, nc);
            } else {
                if (!r->additional)
                    nc = span_keep_spill(cur, nc);
                nc = span_union(cur, nc, s, ns);
            }
        }
    }
    if (nc > SLA__MAX_DAY_SPANS)
        nc = SLA__MAX_DAY_SPANS; /* unreachable: bounded at parse */
    if (nc)
        copy_spans(out, cur, nc);
    *n = nc;
}

void sla__hours_day(const sla_hours *h, int64_t day, bool holiday, sla__span *out, size_t *n)
{
    sla__hours_sel sel;
    sla__hours_sel_of(h, day, &sel);
    sla__hours_eval(h, day, &sel, holiday, NULL, 0, out, n);
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

    for (i = 0; i < h->nrules; i++) {
        const hrule *r = &h->rules[i];
        size_t j;
        bool scan = r->weeks || r->has_nth;
        for (j = r->date0; j < (size_t)r->date0 + r->ndates; j++)
            scan = scan || h->dates[j].kind == DATE_EASTER;
        if (scan) { /* Easter, weeks, nth weekdays: day by day (not on a hot path) */
            sla__hours_sel a, b;
            int64_t x;
            sla__hours_sel_of(h, day, &a);
            for (x = day + 1; x <= SLA__DAY_MAX + 3; x++) {
                sla__hours_sel_of(h, x, &b);
                if (!sla__hours_sel_eq(&a, &b))
                    return x;
            }
            return INT64_MAX;
        }
    }
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
            if (it->kind == DATE_ABSOLUTE) {
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
