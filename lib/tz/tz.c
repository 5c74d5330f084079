/* Time-zone rules: compiled TZif files (RFC 8536, versions 1 to 4) extended
 * by their POSIX TZ footer, flattened into one sorted list of transitions.
 * SPDX-License-Identifier: MIT
 *
 * Files are treated as hostile: every count is bounded by the bytes actually
 * present, the file size is capped, and anything malformed is SLA_ENOZONE.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tz/tz.h"
#include "tz/tzdir.h"

#ifndef SLA_DEFAULT_TZDIR
#  define SLA_DEFAULT_TZDIR "/usr/share/zoneinfo"
#endif

#define TZ_MAX_FILE (1024 * 1024)   /* larger files are refused */
#define TZ_MAX_OFFSET (26 * 3600)   /* |UTC offset| above this is corrupt data */
#define TZ_MAX_NAME 255
#define TZ_MAX_PATH 4096
/* Footer rules are expanded through this UTC year, well past SLA_TIME_MAX + 2 days. */
#define TZ_LAST_YEAR 2201
/* ... and from this one at the earliest (covers SLA_TIME_MIN - 2 days). */
#define TZ_FIRST_YEAR 1968

struct sla_tz {
    atomic_size_t refs;
    size_t n;          /* transitions */
    size_t bytes;      /* size of this one allocation */
    int32_t initial;   /* offset before utc[0] (or always, when n == 0) */
    const char *name;
    int64_t *utc;      /* strictly increasing */
    int64_t *reach;    /* reach[i] = max over k <= i of utc[k] + before[k] */
    int32_t *before;
    int32_t *after;
};

/* ------------------------------------------------------------------------ */
/* Building a zone from a list of (instant, offset from then on).            */

typedef struct {
    int64_t utc;
    int32_t off;
} tz_change;

typedef struct {
    tz_change *v;
    size_t n;
    size_t cap;
} tz_changes;

static int changes_push(tz_changes *c, int64_t utc, int32_t off)
{
    void *p = c->v;
    if (sla__grow(&p, &c->cap, c->n + 1, sizeof *c->v) != 0)
        return SLA_ENOMEM;
    c->v = p;
    c->v[c->n].utc = utc;
    c->v[c->n].off = off;
    c->n++;
    return 0;
}

static size_t align8(size_t x)
{
    return (x + 7u) & ~(size_t)7u;
}

/* Make the zone object: keep only entries that change the offset. `ch` must
 * be strictly increasing in utc. One allocation holds everything. */
static int tz_make(const char *name, int32_t initial, const tz_change *ch, size_t nch, sla_tz **ret)
{
    size_t i, n = 0, namelen = strlen(name), head, bytes;
    int32_t cur = initial;
    sla_tz *tz;
    unsigned char *base;

    for (i = 0; i < nch; i++) {
        if (ch[i].off != cur) {
            n++;
            cur = ch[i].off;
        }
    }
    head = align8(sizeof(sla_tz));
    bytes = head + n * (2 * sizeof(int64_t) + 2 * sizeof(int32_t)) + namelen + 1;
    base = sla__malloc(bytes);
    if (!base)
        return SLA_ENOMEM;
    tz = (sla_tz *)(void *)base;
    atomic_init(&tz->refs, 1);
    tz->n = n;
    tz->bytes = bytes;
    tz->initial = initial;
    tz->utc = (int64_t *)(void *)(base + head);
    tz->reach = tz->utc + n;
    tz->before = (int32_t *)(void *)(tz->reach + n);
    tz->after = tz->before + n;
    memcpy(base + bytes - namelen - 1, name, namelen + 1);
    tz->name = (const char *)(base + bytes - namelen - 1);

    cur = initial;
    n = 0;
    for (i = 0; i < nch; i++) {
        int64_t q;
        if (ch[i].off == cur)
            continue;
        tz->utc[n] = ch[i].utc;
        tz->before[n] = cur;
        tz->after[n] = ch[i].off;
        q = ch[i].utc + cur;
        tz->reach[n] = (n > 0 && tz->reach[n - 1] > q) ? tz->reach[n - 1] : q;
        cur = ch[i].off;
        n++;
    }
    *ret = tz;
    return 0;
}

/* ------------------------------------------------------------------------ */
/* POSIX TZ strings (the TZif footer), with the RFC 8536 extensions.        */

typedef struct {
    char kind; /* 'J' (1-365, no Feb 29), 'N' (0-365), 'M' (month.week.day) */
    int n;
    int m, w, d;
    int32_t time; /* local seconds after midnight; may be negative or up to 167 h */
} tz_rule_date;

typedef struct {
    int32_t std; /* seconds east of UTC */
    int32_t dst;
    bool has_dst;
    tz_rule_date start, end;
} tz_posix;

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool posix_name(const char **p)
{
    const char *s = *p, *b;
    if (*s == '<') {
        b = ++s;
        while (is_alpha(*s) || is_digit(*s) || *s == '+' || *s == '-')
            s++;
        if (*s != '>' || s == b)
            return false;
        s++;
    } else {
        b = s;
        while (is_alpha(*s))
            s++;
        if (s == b)
            return false;
    }
    *p = s;
    return true;
}

static bool posix_num(const char **p, int maxdigits, int *ret)
{
    const char *s = *p;
    int v = 0, k = 0;
    while (is_digit(*s) && k < maxdigits) {
        v = v * 10 + (*s - '0');
        s++;
        k++;
    }
    if (k == 0 || is_digit(*s))
        return false;
    *p = s;
    *ret = v;
    return true;
}

/* [+-]hh[:mm[:ss]] with hh <= maxh; returns signed seconds. */
static bool posix_hms(const char **p, int maxh, int32_t *ret)
{
    const char *s = *p;
    int sign = 1, h, m = 0, sec = 0;
    if (*s == '+' || *s == '-') {
        sign = *s == '-' ? -1 : 1;
        s++;
    }
    if (!posix_num(&s, 3, &h) || h > maxh)
        return false;
    if (*s == ':') {
        s++;
        if (!posix_num(&s, 2, &m) || m > 59)
            return false;
        if (*s == ':') {
            s++;
            if (!posix_num(&s, 2, &sec) || sec > 59)
                return false;
        }
    }
    *p = s;
    *ret = sign * (h * 3600 + m * 60 + sec);
    return true;
}

static bool posix_date(const char **p, tz_rule_date *r)
{
    const char *s = *p;
    r->time = 7200;
    if (*s == 'M') {
        s++;
        r->kind = 'M';
        if (!posix_num(&s, 2, &r->m) || r->m < 1 || r->m > 12 || *s++ != '.')
            return false;
        if (!posix_num(&s, 1, &r->w) || r->w < 1 || r->w > 5 || *s++ != '.')
            return false;
        if (!posix_num(&s, 1, &r->d) || r->d > 6)
            return false;
    } else if (*s == 'J') {
        s++;
        r->kind = 'J';
        if (!posix_num(&s, 3, &r->n) || r->n < 1 || r->n > 365)
            return false;
    } else {
        r->kind = 'N';
        if (!posix_num(&s, 3, &r->n) || r->n > 365)
            return false;
    }
    if (*s == '/') {
        s++;
        if (!posix_hms(&s, 167, &r->time))
            return false;
    }
    *p = s;
    return true;
}

/* Parse a whole TZ string of `len` bytes (no NUL inside). */
static bool posix_parse(const char *text, size_t len, tz_posix *tz)
{
    char buf[256];
    const char *s = buf;
    int32_t v;

    if (len == 0 || len >= sizeof buf || memchr(text, '\0', len))
        return false;
    memcpy(buf, text, len);
    buf[len] = '\0';
    memset(tz, 0, sizeof *tz);

    if (!posix_name(&s) || !posix_hms(&s, 24, &v))
        return false;
    tz->std = -v; /* POSIX offsets count west */
    if (*s == '\0')
        return true;
    if (!posix_name(&s))
        return false;
    tz->has_dst = true;
    tz->dst = tz->std + 3600;
    if (*s != ',' && *s != '\0') {
        if (!posix_hms(&s, 24, &v))
            return false;
        tz->dst = -v;
    }
    /* RFC 8536 requires the rules whenever there is a DST name. */
    if (*s++ != ',' || !posix_date(&s, &tz->start) || *s++ != ',' || !posix_date(&s, &tz->end))
        return false;
    return *s == '\0';
}

/* Local seconds (in the offset the rule is written in) of a rule in `year`. */
static int64_t rule_local(const tz_rule_date *r, int64_t year)
{
    int64_t jan1 = sla__days_from_civil(year, 1, 1), day;

    switch (r->kind) {
    case 'J':
        day = jan1 + r->n - 1 + (sla__is_leap(year) && r->n >= 60 ? 1 : 0);
        break;
    case 'N':
        day = jan1 + r->n;
        break;
    default: {
        int64_t first = sla__days_from_civil(year, (unsigned)r->m, 1);
        int wd = (sla__weekday(first) + 1) % 7; /* POSIX: 0 = Sunday */
        day = first + (r->d - wd + 7) % 7 + (int64_t)(r->w - 1) * 7;
        if (day >= first + sla__days_in_month(year, (unsigned)r->m))
            day -= 7;
        break;
    }
    }
    return day * SLA__DAY + r->time;
}

typedef struct {
    int64_t utc;
    int seq;
    bool dst;
} tz_event;

static int event_cmp(const void *a, const void *b)
{
    const tz_event *x = a, *y = b;
    if (x->utc != y->utc)
        return x->utc < y->utc ? -1 : 1;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

static int64_t utc_year(int64_t t)
{
    int64_t y;
    unsigned m, d;
    sla__civil_from_days(sla__floordiv(t, SLA__DAY), &y, &m, &d);
    return y;
}

/* Append the footer's transitions after instant `last` (only changes strictly
 * after it; the offset in force just after `last` is compared with *cur).
 * With has_last false, *cur receives the offset before the first event and
 * every event is appended. Events at the same instant resolve in order, so a
 * DST-all-year rule (end of one year = start of the next) yields no change. */
static int posix_expand(const tz_posix *p, bool has_last, int64_t last, int32_t *cur,
                        tz_changes *out)
{
    int64_t y0 = TZ_FIRST_YEAR, y;
    size_t n = 0, i;
    tz_event *ev;
    bool state;
    int r = 0;

    if (!p->has_dst) {
        if (!has_last)
            *cur = p->std;
        else if (p->std != *cur && last < INT64_MAX)
            r = changes_push(out, last + 1, p->std);
        if (r == 0 && has_last)
            *cur = p->std;
        return r;
    }
    if (has_last) {
        int64_t ly = utc_year(last) - 1;
        if (ly > y0)
            y0 = ly;
    }
    if (y0 > TZ_LAST_YEAR)
        return 0;
    ev = sla__malloc((size_t)(TZ_LAST_YEAR - y0 + 1) * 2 * sizeof *ev);
    if (!ev)
        return SLA_ENOMEM;
    for (y = y0; y <= TZ_LAST_YEAR; y++) {
        ev[n].utc = rule_local(&p->start, y) - p->std;
        ev[n].seq = (int)n;
        ev[n].dst = true;
        n++;
        ev[n].utc = rule_local(&p->end, y) - p->dst;
        ev[n].seq = (int)n;
        ev[n].dst = false;
        n++;
    }
    qsort(ev, n, sizeof *ev, event_cmp);

    state = !ev[0].dst;
    i = 0;
    if (has_last) {
        while (i < n && ev[i].utc <= last)
            state = ev[i++].dst;
        if ((state ? p->dst : p->std) != *cur) {
            *cur = state ? p->dst : p->std;
            if (last < INT64_MAX)
                r = changes_push(out, last + 1, *cur);
        }
    } else {
        *cur = state ? p->dst : p->std;
    }
    while (r == 0 && i < n) {
        int64_t t = ev[i].utc;
        int32_t off;
        while (i < n && ev[i].utc == t)
            state = ev[i++].dst;
        off = state ? p->dst : p->std;
        if (off != *cur) {
            *cur = off;
            r = changes_push(out, t, off);
        }
    }
    sla__free(ev);
    return r;
}

/* ------------------------------------------------------------------------ */
/* TZif.                                                                     */

typedef struct {
    int version; /* 1, or the digit of a version-2+ file */
    uint64_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
} tzif_header;

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static int64_t be64(const unsigned char *p)
{
    uint64_t v = (uint64_t)be32(p) << 32 | be32(p + 4);
    return (int64_t)v; /* two's complement on every supported platform */
}

static bool tzif_header_read(const unsigned char *p, size_t len, tzif_header *h)
{
    if (len < 44 || memcmp(p, "TZif", 4) != 0)
        return false;
    if (p[4] == 0)
        h->version = 1;
    else if (p[4] >= '2' && p[4] <= '9')
        h->version = p[4] - '0';
    else
        return false;
    h->isutcnt = be32(p + 20);
    h->isstdcnt = be32(p + 24);
    h->leapcnt = be32(p + 28);
    h->timecnt = be32(p + 32);
    h->typecnt = be32(p + 36);
    h->charcnt = be32(p + 40);
    if (h->typecnt == 0 || (h->isstdcnt != 0 && h->isstdcnt != h->typecnt) ||
        (h->isutcnt != 0 && h->isutcnt != h->typecnt))
        return false;
    return true;
}

static uint64_t tzif_block_size(const tzif_header *h, unsigned tsize)
{
    /* each count < 2^32, so no overflow in 64 bits */
    return h->timecnt * (tsize + 1) + h->typecnt * 6 + h->charcnt + h->leapcnt * (tsize + 4) +
           h->isstdcnt + h->isutcnt;
}

static int tzif_parse(const char *name, const unsigned char *data, size_t len, sla_tz **ret)
{
    tzif_header h;
    const unsigned char *p = data, *times, *idx, *types, *footer = NULL;
    size_t rest = len, footer_len = 0;
    unsigned tsize = 4;
    uint64_t block, i;
    tz_changes ch = {NULL, 0, 0};
    int32_t initial, cur;
    tz_posix posix;
    bool has_footer = false;
    int r;

    if (!tzif_header_read(p, rest, &h))
        return SLA_ENOZONE;
    p += 44;
    rest -= 44;
    block = tzif_block_size(&h, 4);
    if (block > rest)
        return SLA_ENOZONE;
    if (h.version >= 2) {
        p += block;
        rest -= (size_t)block;
        if (!tzif_header_read(p, rest, &h) || h.version < 2)
            return SLA_ENOZONE;
        p += 44;
        rest -= 44;
        tsize = 8;
        block = tzif_block_size(&h, 8);
        if (block > rest)
            return SLA_ENOZONE;
        if (rest > block) {
            const unsigned char *f = p + block, *end;
            if (*f != '\n')
                return SLA_ENOZONE;
            end = memchr(f + 1, '\n', rest - (size_t)block - 1);
            if (!end)
                return SLA_ENOZONE;
            footer = f + 1;
            footer_len = (size_t)(end - footer);
        }
    }
    /* Leap-second records mean the file counts TAI-like seconds ("right/"
     * zones); instants here are Unix time, so such data is unusable. */
    if (h.leapcnt != 0)
        return SLA_ENOZONE;
    times = p;
    idx = times + h.timecnt * tsize;
    types = idx + h.timecnt;

    for (i = 0; i < h.typecnt; i++) {
        int32_t off = (int32_t)be32(types + 6 * i);
        if (off < -TZ_MAX_OFFSET || off > TZ_MAX_OFFSET || types[6 * i + 4] > 1)
            return SLA_ENOZONE;
    }
    if (footer_len > 0) {
        if (!posix_parse((const char *)footer, footer_len, &posix))
            return SLA_ENOZONE;
        if (posix.std < -TZ_MAX_OFFSET || posix.std > TZ_MAX_OFFSET ||
            posix.dst < -TZ_MAX_OFFSET || posix.dst > TZ_MAX_OFFSET)
            return SLA_ENOZONE;
        has_footer = true;
    }

    /* The offset before the first transition: the first standard-time type,
     * else the type of the first transition (as Python's zoneinfo does). */
    initial = (int32_t)be32(types + 6 * (h.timecnt > 0 ? idx[0] % h.typecnt : 0));
    for (i = 0; i < h.typecnt; i++) {
        if (types[6 * i + 4] == 0) {
            initial = (int32_t)be32(types + 6 * i);
            break;
        }
    }

    for (i = 0; i < h.timecnt; i++) {
        int64_t t = tsize == 8 ? be64(times + 8 * i) : (int64_t)(int32_t)be32(times + 4 * i);
        if (idx[i] >= h.typecnt || (i > 0 && t <= ch.v[ch.n - 1].utc)) {
            r = SLA_ENOZONE;
            goto out;
        }
        r = changes_push(&ch, t, (int32_t)be32(types + 6 * idx[i]));
        if (r != 0)
            goto out;
    }

    if (h.timecnt == 0) {
        /* No transitions: the footer, else the last type, holds throughout. */
        initial = (int32_t)be32(types + 6 * (h.typecnt - 1));
        if (has_footer) {
            r = posix_expand(&posix, false, 0, &initial, &ch);
            if (r != 0)
                goto out;
        }
    } else if (has_footer) {
        cur = ch.v[ch.n - 1].off;
        r = posix_expand(&posix, true, ch.v[ch.n - 1].utc, &cur, &ch);
        if (r != 0)
            goto out;
    }
    r = tz_make(name, initial, ch.v, ch.n, ret);
out:
    sla__free(ch.v);
    return r;
}

/* ------------------------------------------------------------------------ */
/* Loading.                                                                  */

static bool name_valid(const char *name)
{
    size_t len = strlen(name), i, comp = 0;

    if (len == 0 || len > TZ_MAX_NAME)
        return false;
    for (i = 0; i <= len; i++) {
        char c = name[i];
        if (c == '/' || c == '\0') {
            if (comp == 0)
                return false; /* empty component, leading or trailing '/' */
            if ((comp == 1 && name[i - 1] == '.') ||
                (comp == 2 && name[i - 1] == '.' && name[i - 2] == '.'))
                return false; /* "." or ".." */
            comp = 0;
            continue;
        }
        if (!(is_alpha(c) || is_digit(c) || c == '_' || c == '+' || c == '-' || c == '.'))
            return false;
        comp++;
    }
    return true;
}

static bool is_builtin_utc(const char *name)
{
    return strcmp(name, "UTC") == 0 || strcmp(name, "Etc/UTC") == 0;
}

/* Read a whole regular file of at most TZ_MAX_FILE bytes. */
static int read_file(const char *path, unsigned char **ret, size_t *ret_len)
{
    struct stat st;
    unsigned char *buf = NULL;
    size_t len = 0, cap;
    int fd, r = SLA_ENOZONE;

    fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0)
        return SLA_ENOZONE;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 0 ||
        st.st_size > TZ_MAX_FILE)
        goto out;
    /* One byte more than fstat said, to notice a file that grew meanwhile. */
    cap = (size_t)st.st_size + 1;
    buf = sla__malloc(cap);
    if (!buf) {
        r = SLA_ENOMEM;
        goto out;
    }
    while (len < cap) {
        ssize_t k = read(fd, buf + len, cap - len);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            goto out;
        }
        if (k == 0)
            break;
        len += (size_t)k;
    }
    if (len == cap)
        goto out;
    *ret = buf;
    *ret_len = len;
    buf = NULL;
    r = 0;
out:
    sla__free(buf);
    close(fd);
    return r;
}

int sla__tz_load(const char *name, const char *tzdir, sla_tz **ret)
{
    char path[TZ_MAX_PATH];
    unsigned char *data = NULL;
    size_t len = 0, dlen;
    int r;

    if (!name || !ret)
        return SLA_EINVAL;
    if (!name_valid(name))
        return SLA_ENOZONE;
    if (is_builtin_utc(name))
        return tz_make(name, 0, NULL, 0, ret);
    if (!tzdir)
        tzdir = SLA_DEFAULT_TZDIR;
    dlen = strlen(tzdir);
    if (dlen == 0 || dlen + 1 + strlen(name) + 1 > sizeof path)
        return SLA_ENOZONE;
    memcpy(path, tzdir, dlen);
    path[dlen] = '/';
    memcpy(path + dlen + 1, name, strlen(name) + 1);

    r = read_file(path, &data, &len);
    if (r != 0)
        return r;
    r = tzif_parse(name, data, len, ret);
    sla__free(data);
    return r;
}

int sla__tz_from_tzif(const char *name, const unsigned char *data, size_t len, sla_tz **ret)
{
    if (!name || (!data && len > 0) || !ret)
        return SLA_EINVAL;
    if (len > TZ_MAX_FILE)
        return SLA_ENOZONE;
    return tzif_parse(name, data, len, ret);
}

int sla__tz_new_from_transitions(const char *name, int32_t initial, size_t n, const int64_t *utc,
                                 const int32_t *offset, sla_tz **ret)
{
    tz_change *ch;
    size_t i;
    int r;

    if (!name || !ret || (n > 0 && (!utc || !offset)))
        return SLA_EINVAL;
    if (initial < -TZ_MAX_OFFSET || initial > TZ_MAX_OFFSET)
        return SLA_EINVAL;
    if (n > SIZE_MAX / sizeof *ch)
        return SLA_ENOMEM;
    for (i = 0; i < n; i++) {
        if (offset[i] < -TZ_MAX_OFFSET || offset[i] > TZ_MAX_OFFSET ||
            (i > 0 && utc[i] <= utc[i - 1]))
            return SLA_EINVAL;
    }
    ch = sla__malloc(n > 0 ? n * sizeof *ch : 1);
    if (!ch)
        return SLA_ENOMEM;
    for (i = 0; i < n; i++) {
        ch[i].utc = utc[i];
        ch[i].off = offset[i];
    }
    r = tz_make(name, initial, ch, n, ret);
    sla__free(ch);
    return r;
}

sla_tz *sla__tz_ref(sla_tz *tz)
{
    if (tz)
        atomic_fetch_add_explicit(&tz->refs, 1, memory_order_relaxed);
    return tz;
}

void sla__tz_unref(sla_tz *tz)
{
    if (!tz)
        return;
    if (atomic_fetch_sub_explicit(&tz->refs, 1, memory_order_acq_rel) == 1)
        sla__free(tz);
}

const char *sla__tz_name(const sla_tz *tz)
{
    return tz->name;
}

/* The first index k of the nondecreasing a[0..n) with a[k] > x (n if none). */
static size_t first_above(const int64_t *a, size_t n, int64_t x)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a[mid] > x)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

static int32_t offset_after(const sla_tz *tz, size_t k)
{
    /* k = the number of transitions at or before the instant */
    return k == 0 ? tz->initial : tz->after[k - 1];
}

int32_t sla__tz_offset_at(const sla_tz *tz, int64_t utc)
{
    return offset_after(tz, first_above(tz->utc, tz->n, utc));
}

void sla__tz_utc_run(const sla_tz *tz, int64_t utc, sla__tz_run *ret)
{
    size_t k = first_above(tz->utc, tz->n, utc);
    ret->lo = k == 0 ? INT64_MIN : tz->utc[k - 1];
    ret->hi = k < tz->n ? tz->utc[k] : INT64_MAX;
    ret->off = offset_after(tz, k);
}

/* Local wall-clock values run, within the period between transitions j-1 and
 * j, over [utc[j-1] + after[j-1], utc[j] + before[j]). The first occurrence of
 * `local` is in the first period whose end exceeds it; reach[] (a running
 * maximum of those ends) makes that search monotone even for zones whose
 * periods end out of order. When `local` lies before that period's start, it
 * fell in the gap opened by transition j-1, and is read with the offset
 * before that gap. This is exact whenever the local periods come in order,
 * as they do for every zone of the tz database in 1970-2200; for data whose
 * periods overlap out of order, a local time behind such an overlap is read
 * by the gap rule even if a later period contains it (still well defined and
 * O(log n)). local_in gives the instant from j, the index of that period. */
static int64_t local_in(const sla_tz *tz, int64_t local, size_t j)
{
    int32_t off = j < tz->n ? tz->before[j] : tz->after[tz->n - 1];
    if (j == 0 || local >= tz->utc[j - 1] + tz->after[j - 1])
        return local - off;
    return local - tz->before[j - 1];
}

int64_t sla__tz_local_to_utc(const sla_tz *tz, int64_t local)
{
    if (tz->n == 0)
        return local - tz->initial;
    return local_in(tz, local, first_above(tz->reach, tz->n, local));
}

/* Every x with reach[j-1] <= x < reach[j] has the j of `local`, and the
 * start of period j splits them into the gap rule and the period rule. */
void sla__tz_local_run(const sla_tz *tz, int64_t local, sla__tz_run *ret)
{
    size_t j;
    int64_t start;

    if (tz->n == 0) {
        ret->lo = INT64_MIN;
        ret->hi = INT64_MAX;
        ret->off = tz->initial;
        return;
    }
    j = first_above(tz->reach, tz->n, local);
    ret->lo = j == 0 ? INT64_MIN : tz->reach[j - 1];
    ret->hi = j < tz->n ? tz->reach[j] : INT64_MAX;
    start = j == 0 ? INT64_MIN : tz->utc[j - 1] + tz->after[j - 1];
    if (local >= start) {
        if (start > ret->lo)
            ret->lo = start;
        ret->off = j < tz->n ? tz->before[j] : tz->after[tz->n - 1];
    } else {
        if (start < ret->hi)
            ret->hi = start;
        ret->off = tz->before[j - 1];
    }
}

size_t sla__tz_transitions(const sla_tz *tz, const int64_t **utc, const int32_t **before,
                           const int32_t **after)
{
    if (utc)
        *utc = tz->utc;
    if (before)
        *before = tz->before;
    if (after)
        *after = tz->after;
    return tz->n;
}

size_t sla__tz_memory_size(const sla_tz *tz)
{
    return tz ? tz->bytes : 0;
}

int sla__tz_local_time(const sla_tz *tz, int year, int month, int day, int hour, int minute,
                       int second, int64_t *ret)
{
    int64_t days, u;

    if (!ret || month < 1 || month > 12 || day < 1 ||
        (unsigned)day > sla__days_in_month(year, (unsigned)month) || hour < 0 || hour > 24 ||
        minute < 0 || minute > 59 || second < 0 || second > 59 ||
        (hour == 24 && (minute || second)))
        return SLA_EINVAL;
    if (year < 1969 || year > 2200)
        return SLA_ERANGE;
    days = sla__days_from_civil(year, (unsigned)month, (unsigned)day);
    u = sla__tz_local_to_utc(tz, days * SLA__DAY + hour * 3600 + minute * 60 + second);
    if (u < SLA_TIME_MIN || u >= SLA_TIME_MAX)
        return SLA_ERANGE;
    *ret = u;
    return 0;
}
