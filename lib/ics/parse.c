/* iCalendar text -> libical components, with line numbers, one at a time.
 * SPDX-License-Identifier: MIT
 *
 * libical's parser is lenient and reports problems as X-LIC-ERROR
 * properties without positions. So the text is unfolded and checked here,
 * line by line, and each logical line is handed to icalparser_add_line():
 * the parser state after each line tells whether that line was bad, and
 * this file decides whether it matters (a property libsla reads) and where
 * it was (the physical line where the logical line began).
 *
 * Memory: libical holds about 500 bytes per property, 30 to 70 times the
 * text of a short line. So the file is never parsed whole. A first pass
 * (sla__ics_scan) checks every line's form and notes where each unit
 * begins and ends: a VEVENT, VTIMEZONE or VAVAILABILITY at the top or in a
 * VCALENDAR. Each unit is then handed to libical on its own
 * (sla__ics_unit_parse), used, and freed, so what libical holds at any
 * time is one or two units, each at most SLA_ICS_UNIT_BYTES.
 */
#include <stdlib.h>
#include <string.h>

#include "ics/ics.h"

#define LINE_TAG "X-LIBSLA-LINE"

/* What libsla reads from each component. A bad value of these is an error;
 * a bad value of anything else (DESCRIPTION, LOCATION, X-...) is ignored. */
static const char *const event_props[] = {"DTSTART", "DTEND", "DURATION", "RRULE", "RDATE",
                                          "EXDATE", "RECURRENCE-ID", NULL};
static const char *const obs_props[] = {"DTSTART", "TZOFFSETFROM", "TZOFFSETTO", "RRULE", "RDATE",
                                        NULL};
/* What is handed to libical at all: the properties above plus the text ones
 * libsla reads without checking them. Everything else (DESCRIPTION, ATTACH,
 * X-..., whole VALARM or VTODO blocks) is checked for its structure here and
 * then dropped, so that it costs libical no memory: a file of a million
 * properties libsla never reads takes no more memory than an empty one. */
static const char *const event_text_props[] = {"SUMMARY", "CATEGORIES", "UID", "STATUS", NULL};
static const char *const avail_props[] = {"DTSTART", "DTEND", NULL};
static const char *const vtz_props[] = {"TZID", NULL};

/* Components libsla reads, and where: VEVENT at the top or in VCALENDAR,
 * VTIMEZONE likewise with STANDARD and DAYLIGHT in it, VAVAILABILITY with
 * AVAILABLE in it. */
static bool comp_is_read(const char *parent, const char *comp)
{
    if (!parent || strcmp(parent, "VCALENDAR") == 0)
        return strcmp(comp, "VCALENDAR") == 0 ? !parent
                                              : strcmp(comp, "VEVENT") == 0 ||
                                                    strcmp(comp, "VTIMEZONE") == 0 ||
                                                    strcmp(comp, "VAVAILABILITY") == 0;
    if (strcmp(parent, "VTIMEZONE") == 0)
        return strcmp(comp, "STANDARD") == 0 || strcmp(comp, "DAYLIGHT") == 0;
    if (strcmp(parent, "VAVAILABILITY") == 0)
        return strcmp(comp, "AVAILABLE") == 0;
    return false;
}

/* Bytes libical 3.0 holds for a component and for a property beside its
 * text (measured: about 700 and 470, our line-number tags included). The
 * estimate keeps what libical holds for one unit within SLA_ICS_UNIT_BYTES;
 * the largest unit of real feeds costs some 200 KiB. */
#define COMP_COST 700
#define PROP_COST 470

static bool in_list(const char *const *list, const char *name)
{
    for (; *list; list++)
        if (strcmp(*list, name) == 0)
            return true;
    return false;
}

/* Whether a property of component @p comp goes to libical. */
static bool prop_is_kept(const char *comp, const char *name)
{
    if (strcmp(comp, "VEVENT") == 0 || strcmp(comp, "AVAILABLE") == 0)
        return in_list(event_props, name) || in_list(event_text_props, name);
    if (strcmp(comp, "VAVAILABILITY") == 0)
        return in_list(avail_props, name);
    if (strcmp(comp, "VTIMEZONE") == 0)
        return in_list(vtz_props, name);
    if (strcmp(comp, "STANDARD") == 0 || strcmp(comp, "DAYLIGHT") == 0)
        return in_list(obs_props, name);
    return false;
}

static bool prop_is_read(const char *comp, const char *name)
{
    if (!comp)
        return false;
    if (strcmp(comp, "VEVENT") == 0 || strcmp(comp, "AVAILABLE") == 0 ||
        strcmp(comp, "VAVAILABILITY") == 0)
        return in_list(event_props, name);
    if (strcmp(comp, "STANDARD") == 0 || strcmp(comp, "DAYLIGHT") == 0)
        return in_list(obs_props, name);
    return false;
}

static bool name_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

static char upper(char c) { return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c; }

typedef struct {
    char name[64];
    int line;
    bool skip; /* not read: neither it nor anything in it goes to libical */
} frame;

typedef struct {
    icalparser *parser; /* NULL while scanning: nothing goes to libical */
    sla__ics_doc *doc;
    sla_diag *diag;
    frame stack[SLA_ICS_MAX_DEPTH];
    int depth;
    size_t tops;      /* top-level components seen, read or not */
    size_t line_off;  /* where the logical line being read begins */
    size_t next_off;  /* where the line after it begins */
    int lines;        /* physical lines read */
    /* scanning: the unit being read (its index in doc->u, or SIZE_MAX),
     * the depth of its BEGIN, and its estimated cost in libical */
    size_t unit;
    int unit_depth;
    size_t cost;
    /* parsing a unit: what libical returned at its END */
    icalcomponent *got;
} pstate;

/* Whether BEGIN:comp at the current depth starts a unit: a component read
 * at the top (other than VCALENDAR) or directly in a top VCALENDAR. */
static bool starts_unit(const pstate *ps, const char *comp)
{
    if (ps->depth == 0)
        return strcmp(comp, "VCALENDAR") != 0;
    return ps->depth == 1 && strcmp(ps->stack[0].name, "VCALENDAR") == 0;
}

static int unit_kind(const char *comp)
{
    if (strcmp(comp, "VEVENT") == 0)
        return SLA__ICS_VEVENT;
    if (strcmp(comp, "VTIMEZONE") == 0)
        return SLA__ICS_VTIMEZONE;
    return SLA__ICS_VAVAILABILITY;
}

/* Count an item of the open unit against SLA_ICS_UNIT_BYTES (scanning). */
static int spend(pstate *ps, size_t bytes, int line, const char *what)
{
    const sla__ics_unit *u;
    if (ps->parser || ps->unit == SIZE_MAX)
        return 0;
    ps->cost += bytes;
    if (ps->cost <= SLA_ICS_UNIT_BYTES)
        return 0;
    u = &ps->doc->u[ps->unit];
    return sla__diag_set(ps->diag, SLA_ELIMIT, line, 1, what,
                         "line %d: the %s that begins on line %d holds more properties libsla "
                         "reads than one component may (about %lu KiB once parsed); split it "
                         "into several, or drop its repeated lines (EXDATE, RDATE...)",
                         line, ps->stack[ps->unit_depth].name, u->line,
                         (unsigned long)(SLA_ICS_UNIT_BYTES >> 10));
}

/* Hand one line to libical (when parsing a unit). */
static int feed_line(pstate *ps, const char *text, size_t n, icalcomponent **ret)
{
    sla__ics_doc *d = ps->doc;

    *ret = NULL;
    if (!ps->parser)
        return 0;
    if (sla__grow((void **)&d->feed, &d->feed_cap, n + 1, 1) < 0)
        return SLA_ENOMEM;
    memcpy(d->feed, text, n);
    d->feed[n] = '\0';
    *ret = icalparser_add_line(ps->parser, d->feed);
    return 0;
}

/* Scanning: note where a unit begins. */
static int unit_begin(pstate *ps, const char *comp, int line)
{
    sla__ics_doc *d = ps->doc;
    sla__ics_unit *u;
    if (sla__grow((void **)&d->u, &d->cap, d->n + 1, sizeof *d->u) < 0)
        return SLA_ENOMEM;
    u = &d->u[d->n];
    memset(u, 0, sizeof *u);
    u->off0 = ps->line_off;
    u->line = line;
    u->kind = (unsigned char)unit_kind(comp);
    ps->unit = d->n++;
    ps->unit_depth = ps->depth;
    ps->cost = 0;
    return 0;
}

/* One logical line (already unfolded, trailing blanks removed). */
static int logical_line(pstate *ps, char *s, size_t n, int line)
{
    size_t name_end = 0, value_start, i;
    bool quoted = false;
    char name[64];
    icalcomponent *c = NULL;
    int r;

    while (name_end < n && name_char(s[name_end]))
        name_end++;
    if (name_end == 0 || name_end >= sizeof name || name_end == n ||
        (s[name_end] != ';' && s[name_end] != ':')) {
        /* Not a content line ("name[;params]:value"). Tolerated (and
         * ignored) unless it is where a component boundary or a property
         * libsla reads would be. */
        for (i = 0; i < name_end && i + 1 < sizeof name; i++)
            name[i] = upper(s[i]);
        name[i < sizeof name ? i : sizeof name - 1] = '\0';
        if (strcmp(name, "BEGIN") == 0 || strcmp(name, "END") == 0 ||
            (ps->depth && !ps->stack[ps->depth - 1].skip &&
             prop_is_read(ps->stack[ps->depth - 1].name, name)))
            return sla__diag_set(ps->diag, SLA_EPARSE, line, (int)name_end + 1, name,
                                 "line %d: %s line without ':' and a value", line, name);
        return 0;
    }
    for (i = 0; i < name_end; i++)
        name[i] = s[i] = upper(s[i]);
    name[name_end] = '\0';
    value_start = name_end;
    for (; value_start < n; value_start++) {
        if (s[value_start] == '"')
            quoted = !quoted;
        else if (s[value_start] == ':' && !quoted)
            break;
    }
    if (value_start >= n)
        return sla__diag_set(ps->diag, SLA_EPARSE, line, (int)name_end + 1, name,
                             "line %d: %s has no ':' before its value", line, name);
    value_start++;

    if (strcmp(name, "BEGIN") == 0 || strcmp(name, "END") == 0) {
        char comp[64];
        size_t k = 0;
        bool begin = name[0] == 'B';
        for (i = value_start; i < n && k + 1 < sizeof comp; i++) {
            if (!name_char(s[i]))
                return sla__diag_set(ps->diag, SLA_EPARSE, line, (int)i + 1, name,
                                     "line %d: bad component name after %s:", line, name);
            comp[k++] = upper(s[i]);
        }
        comp[k] = '\0';
        if (k == 0 || i < n)
            return sla__diag_set(ps->diag, SLA_EPARSE, line, (int)value_start + 1, name,
                                 "line %d: bad component name after %s:", line, name);
        if (begin) {
            char tag[48];
            int tn;
            frame *f;
            if (ps->depth >= SLA_ICS_MAX_DEPTH)
                return sla__diag_set(ps->diag, SLA_ELIMIT, line, 1, "BEGIN",
                                     "line %d: components nested deeper than %d", line,
                                     SLA_ICS_MAX_DEPTH);
            f = &ps->stack[ps->depth];
            memcpy(f->name, comp, k + 1);
            f->line = line;
            f->skip = (ps->depth && ps->stack[ps->depth - 1].skip) ||
                      !comp_is_read(ps->depth ? ps->stack[ps->depth - 1].name : NULL, comp);
            if (ps->depth == 0)
                ps->tops++;
            if (!f->skip && !ps->parser && starts_unit(ps, comp) &&
                (r = unit_begin(ps, comp, line)) < 0)
                return r;
            ps->depth++;
            if (f->skip)
                return 0;
            if ((r = spend(ps, COMP_COST + n, line, "BEGIN")) < 0)
                return r;
            memcpy(s + value_start, comp, k);
            if ((r = feed_line(ps, s, n, &c)) < 0)
                return r;
            tn = snprintf(tag, sizeof tag, LINE_TAG ":%d", line);
            if ((r = feed_line(ps, tag, (size_t)tn, &c)) < 0)
                return r;
            return 0;
        }
        if (ps->depth == 0)
            return sla__diag_set(ps->diag, SLA_EPARSE, line, 1, "END",
                                 "line %d: END:%s without a matching BEGIN", line, comp);
        if (strcmp(ps->stack[ps->depth - 1].name, comp) != 0)
            return sla__diag_set(ps->diag, SLA_EPARSE, line, 1, "END",
                                 "line %d: END:%s does not close BEGIN:%s of line %d", line, comp,
                                 ps->stack[ps->depth - 1].name, ps->stack[ps->depth - 1].line);
        ps->depth--;
        if (ps->stack[ps->depth].skip)
            return 0;
        if (!ps->parser && ps->unit != SIZE_MAX && ps->depth == ps->unit_depth) {
            ps->doc->u[ps->unit].off1 = ps->next_off;
            ps->unit = SIZE_MAX;
        }
        memcpy(s + value_start, comp, k);
        if ((r = feed_line(ps, s, n, &c)) < 0)
            return r;
        if (c && ps->got)
            icalcomponent_free(c); /* cannot happen: a unit is one component */
        else if (c)
            ps->got = c;
        return 0;
    }

    if (ps->depth == 0)
        return sla__diag_set(ps->diag, SLA_EPARSE, line, 1, name,
                             "line %d: %s outside of any BEGIN:...END block", line, name);
    if (value_start == n)
        return 0; /* empty value: the property is treated as absent */
    if (strcmp(name, LINE_TAG) == 0)
        return 0; /* reserved for our own bookkeeping */
    if (ps->stack[ps->depth - 1].skip || !prop_is_kept(ps->stack[ps->depth - 1].name, name))
        return 0; /* checked for its form above; libsla never reads it */
    if ((r = spend(ps, PROP_COST + n, line, name)) < 0)
        return r;
    if (!ps->parser) {
        if (ps->unit != SIZE_MAX && strcmp(name, "RECURRENCE-ID") == 0)
            ps->doc->u[ps->unit].has_rid = true;
        return 0;
    }
    if (prop_is_read(ps->stack[ps->depth - 1].name, name)) {
        /* NAME;X-LIBSLA-LINE=<line><rest> */
        sla__ics_doc *d = ps->doc;
        char tag[48];
        int tn = snprintf(tag, sizeof tag, ";" LINE_TAG "=%d", line);
        size_t total = n + (size_t)tn;
        if (sla__grow((void **)&d->feed, &d->feed_cap, total + 1, 1) < 0)
            return SLA_ENOMEM;
        memcpy(d->feed, s, name_end);
        memcpy(d->feed + name_end, tag, (size_t)tn);
        memcpy(d->feed + name_end + tn, s + name_end, n - name_end);
        d->feed[total] = '\0';
        c = icalparser_add_line(ps->parser, d->feed);
        (void)c; /* never top-level: a property line cannot end a component */
        if (icalparser_get_state(ps->parser) == ICALPARSER_ERROR)
            return sla__diag_set(ps->diag, SLA_EPARSE, line, (int)value_start + 1, name,
                                 "line %d: cannot read the value of %s in %s", line, name,
                                 ps->stack[ps->depth - 1].name);
        return 0;
    }
    return feed_line(ps, s, n, &c);
}

/* Read the lines of data[from, to), the first being line `line` + 1, and
 * hand each logical line to logical_line(). */
static int run_lines(pstate *ps, const char *data, size_t from, size_t to, int line)
{
    sla__ics_doc *d = ps->doc;
    size_t blen = 0, pos = from;
    int start_line = 0, r;
    bool have = false;

    while (pos < to || have) {
        const char *ls;
        size_t ln, i;
        bool cont;

        if (pos >= to) {
            /* end of input: flush */
            while (blen && (d->buf[blen - 1] == ' ' || d->buf[blen - 1] == '\t'))
                blen--;
            ps->next_off = to;
            return logical_line(ps, d->buf, blen, start_line);
        }
        ls = data + pos;
        {
            const char *e = memchr(ls, '\n', to - pos);
            ln = e ? (size_t)(e - ls) : to - pos;
            pos += ln + (e ? 1 : 0);
        }
        ps->lines = ++line;
        if (ln && ls[ln - 1] == '\r')
            ln--;
        if (ln == 0)
            continue; /* blank lines are ignored, even between folds */
        cont = ls[0] == ' ' || ls[0] == '\t';
        if (!cont && have) {
            while (blen && (d->buf[blen - 1] == ' ' || d->buf[blen - 1] == '\t'))
                blen--;
            ps->next_off = (size_t)(ls - data);
            have = false;
            if ((r = logical_line(ps, d->buf, blen, start_line)) < 0)
                return r;
        }
        if (cont) {
            ls++;
            ln--;
            if (!have) {
                for (i = 0; i < ln; i++)
                    if (ls[i] != ' ' && ls[i] != '\t')
                        break;
                if (i == ln)
                    continue;
                return sla__diag_set(ps->diag, SLA_EPARSE, line, 1, "",
                                     "line %d: continuation line (starts with a blank) with no "
                                     "line to continue",
                                     line);
            }
        } else {
            have = true;
            blen = 0;
            start_line = line;
            ps->line_off = (size_t)(ls - data);
        }
        if (sla__grow((void **)&d->buf, &d->buf_cap, blen + ln + 1, 1) < 0)
            return SLA_ENOMEM;
        for (i = 0; i < ln; i++) {
            unsigned char ch = (unsigned char)ls[i];
            if (ch == 0)
                return sla__diag_set(ps->diag, SLA_EPARSE, line, (int)i + 1 + (cont ? 1 : 0), "",
                                     "line %d: NUL byte (not a text file)", line);
            /* other control characters are not allowed in iCalendar text;
             * they are read as spaces rather than refused */
            d->buf[blen++] = (ch < 0x20 && ch != '\t') || ch == 0x7F ? ' ' : (char)ch;
        }
    }
    return 0;
}

int sla__ics_scan(const char *data, size_t len, sla__ics_doc *doc, sla_diag *diag)
{
    pstate ps;
    int r;

    memset(&ps, 0, sizeof ps);
    memset(doc, 0, sizeof *doc);
    if (len > SLA_ICS_MAX_BYTES)
        return sla__diag_set(diag, SLA_ELIMIT, 0, 0, "", "iCalendar input larger than %lu bytes",
                             (unsigned long)SLA_ICS_MAX_BYTES);
    doc->data = data;
    doc->len = len;
    ps.doc = doc;
    ps.diag = diag;
    ps.unit = SIZE_MAX;
    if (len >= 3 && (unsigned char)data[0] == 0xEF && (unsigned char)data[1] == 0xBB &&
        (unsigned char)data[2] == 0xBF)
        r = run_lines(&ps, data, 3, len, 0);
    else
        r = run_lines(&ps, data, 0, len, 0);
    if (r < 0)
        goto out;
    if (ps.depth > 0) {
        r = sla__diag_set(diag, SLA_EPARSE, ps.stack[ps.depth - 1].line, 1, "BEGIN",
                          "line %d: BEGIN:%s is never closed (END:%s missing; file truncated?)",
                          ps.stack[ps.depth - 1].line, ps.stack[ps.depth - 1].name,
                          ps.stack[ps.depth - 1].name);
        goto out;
    }
    if (ps.tops == 0)
        r = sla__diag_set(diag, SLA_EPARSE, ps.lines ? ps.lines : 1, 1, "BEGIN",
                          "no BEGIN:VCALENDAR (not an iCalendar file)");
out:
    if (r < 0)
        sla__ics_doc_free(doc);
    return r;
}

int sla__ics_unit_parse(sla__ics_doc *doc, size_t i, icalcomponent **ret, sla_diag *diag)
{
    const sla__ics_unit *u = &doc->u[i];
    pstate ps;
    int r;

    *ret = NULL;
    memset(&ps, 0, sizeof ps);
    ps.doc = doc;
    ps.diag = diag;
    ps.unit = SIZE_MAX;
    ps.parser = icalparser_new();
    if (!ps.parser)
        return SLA_ENOMEM;
    r = run_lines(&ps, doc->data, u->off0, u->off1, u->line - 1);
    icalparser_free(ps.parser); /* frees a component still open */
    if (r == 0 && !ps.got)
        r = SLA_ENOMEM; /* the scan saw BEGIN and END: only memory can fail */
    if (r < 0) {
        if (ps.got)
            icalcomponent_free(ps.got);
        return r;
    }
    *ret = ps.got;
    return 0;
}

void sla__ics_doc_free(sla__ics_doc *doc)
{
    if (!doc)
        return;
    sla__free(doc->u);
    sla__free(doc->feed);
    sla__free(doc->buf);
    memset(doc, 0, sizeof *doc);
}

static int parse_line_number(const char *s)
{
    long v = 0;
    if (!s)
        return 0;
    for (; *s >= '0' && *s <= '9'; s++) {
        v = v * 10 + (*s - '0');
        if (v > 100000000)
            return 0;
    }
    return (int)v;
}

int sla__ics_comp_line(icalcomponent *c)
{
    icalproperty *p;
    for (p = icalcomponent_get_first_property(c, ICAL_X_PROPERTY); p;
         p = icalcomponent_get_next_property(c, ICAL_X_PROPERTY)) {
        const char *xn = icalproperty_get_x_name(p);
        if (xn && strcmp(xn, LINE_TAG) == 0)
            return parse_line_number(icalproperty_get_x(p));
    }
    return 0;
}

int sla__ics_prop_line(icalproperty *p)
{
    icalparameter *q;
    if (!p)
        return 0;
    for (q = icalproperty_get_first_parameter(p, ICAL_X_PARAMETER); q;
         q = icalproperty_get_next_parameter(p, ICAL_X_PARAMETER)) {
        const char *xn = icalparameter_get_xname(q);
        if (xn && strcmp(xn, LINE_TAG) == 0)
            return parse_line_number(icalparameter_get_xvalue(q));
    }
    return 0;
}
