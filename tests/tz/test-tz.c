/* Unit tests: time-zone rules from TZif files.
 * SPDX-License-Identifier: MIT
 *
 * Expected values were computed with Python's zoneinfo reading the same
 * system tz database:
 *   off(z, t) = int(datetime.fromtimestamp(t, ZoneInfo(z)).utcoffset().total_seconds())
 *   l2u(z, *a) = int(datetime(*a, tzinfo=ZoneInfo(z)).timestamp())      # fold=0
 *   ts(*a) = int(datetime(*a, tzinfo=timezone.utc).timestamp())
 * and, for synthetic footers, ZoneInfo.from_file() on the same bytes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tz/tz.h"

static sla_tz *load_or_skip(const char *name)
{
    sla_tz *tz = NULL;
    int r = sla__tz_load(name, NULL, &tz);
    if (r == SLA_ENOZONE) {
        print_message("zone %s not installed\n", name);
        skip();
    }
    assert_int_equal(r, 0);
    assert_non_null(tz);
    return tz;
}

/* ------------------------------------------------------------------------ */

static const struct {
    const char *zone;
    int64_t utc;
    int32_t offset;
} offsets[] = {
    /* ts(2025,3,9,6,59,59), ts(2025,3,9,7): New York spring forward */
    {"America/New_York", 1741503599, -18000},
    {"America/New_York", 1741503600, -14400},
    /* Sao Paulo 2017-10-15 midnight gap */
    {"America/Sao_Paulo", 1508036399, -10800},
    {"America/Sao_Paulo", 1508036400, -7200},
    /* Apia skips 2011-12-30: -10 -> +14 at ts(2011,12,30,10) */
    {"Pacific/Apia", 1325239199, -36000},
    {"Pacific/Apia", 1325239200, 50400},
    /* Sydney: DST ends at ts(2025,4,5,16) */
    {"Australia/Sydney", 1743868799, 39600},
    {"Australia/Sydney", 1743868800, 36000},
    /* Lord Howe: half-hour DST, ts(2025,1,1) and ts(2025,7,1) */
    {"Australia/Lord_Howe", 1735689600, 39600},
    {"Australia/Lord_Howe", 1751328000, 37800},
    /* Dublin: negative DST in the TZif data; summer +1, winter 0 */
    {"Europe/Dublin", 1751328000, 3600},
    {"Europe/Dublin", 1735689600, 0},
    /* St John's after 2037 (footer NST3:30NDT,M3.2.0,M11.1.0) */
    {"America/St_Johns", 2215056599, -12600},
    {"America/St_Johns", 2215056600, -9000},
    {"America/St_Johns", 4494182400, -9000},  /* ts(2112,6,1) */
    {"America/St_Johns", 4481049600, -12600}, /* ts(2112,1,1) */
    /* Oslo far future from the footer: ts(2150,6,1), ts(2150,12,1), and the
     * last change before 2200: ts(2199,10,27,1) */
    {"Europe/Oslo", 5693328000, 7200},
    {"Europe/Oslo", 5709139200, 3600},
    {"Europe/Oslo", 7252419599, 7200},
    {"Europe/Oslo", 7252419600, 3600},
    /* Tehran 2019-06 (ts(2019,6,1)) */
    {"Asia/Tehran", 1559347200, 16200},
    /* Monrovia kept an offset with seconds until 1972: ts(1971,6,1) */
    {"Africa/Monrovia", 44582400, -2670},
    {"Asia/Kolkata", 946684800, 19800},
    {"Asia/Kathmandu", 946684800, 20700},
};

static void test_offsets(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < sizeof offsets / sizeof offsets[0]; i++) {
        sla_tz *tz = load_or_skip(offsets[i].zone);
        int32_t got = sla__tz_offset_at(tz, offsets[i].utc);
        if (got != offsets[i].offset)
            print_error("%s at %lld: got %d want %d\n", offsets[i].zone,
                        (long long)offsets[i].utc, got, offsets[i].offset);
        assert_int_equal(got, offsets[i].offset);
        sla__tz_unref(tz);
    }
}

static const struct {
    const char *zone;
    int y, m, d, hh, mm, ss;
    int64_t utc;
} locals[] = {
    /* l2u("Europe/Oslo", 2025,3,30,2,30): gap, read with +01:00 -> 01:30Z */
    {"Europe/Oslo", 2025, 3, 30, 2, 30, 0, 1743298200},
    /* l2u("Europe/Oslo", 2025,10,26,2,30): twice, first occurrence 00:30Z */
    {"Europe/Oslo", 2025, 10, 26, 2, 30, 0, 1761438600},
    {"Europe/Oslo", 2025, 7, 1, 12, 0, 0, 1751364000},
    {"America/New_York", 2025, 3, 9, 2, 30, 0, 1741505400},
    {"America/New_York", 2025, 11, 2, 1, 30, 0, 1762061400},
    {"America/New_York", 2025, 1, 15, 9, 0, 0, 1736949600},
    {"Australia/Sydney", 2025, 10, 5, 2, 30, 0, 1759595400},
    {"Australia/Sydney", 2025, 4, 6, 2, 30, 0, 1743867000},
    {"Australia/Sydney", 2025, 1, 15, 9, 0, 0, 1736892000},
    /* Lord Howe 30-minute gap and fold */
    {"Australia/Lord_Howe", 2025, 10, 5, 2, 15, 0, 1759592700},
    {"Australia/Lord_Howe", 2025, 4, 6, 1, 45, 0, 1743864300},
    /* Apia: the skipped day 2011-12-30 08:00 -> 2011-12-30T18:00Z */
    {"Pacific/Apia", 2011, 12, 30, 8, 0, 0, 1325268000},
    /* London gap 01:30 -> 01:30Z, overlap 01:30 -> 00:30Z */
    {"Europe/London", 2025, 3, 30, 1, 30, 0, 1743298200},
    {"Europe/London", 2025, 10, 26, 1, 30, 0, 1761438600},
    /* Sao Paulo midnight gap: 2017-10-15 00:00 -> 03:00Z */
    {"America/Sao_Paulo", 2017, 10, 15, 0, 0, 0, 1508036400},
    /* Dublin (negative DST in the data) */
    {"Europe/Dublin", 2025, 7, 1, 12, 0, 0, 1751367600},
    {"Europe/Dublin", 2025, 1, 1, 12, 0, 0, 1735732800},
    {"Europe/Dublin", 2025, 3, 30, 1, 30, 0, 1743298200},
    {"Europe/Dublin", 2025, 10, 26, 1, 30, 0, 1761438600},
    /* far future, from the footers */
    {"Europe/Oslo", 2150, 3, 31, 2, 30, 0, 5687973000},
    {"Europe/Oslo", 2150, 7, 1, 12, 0, 0, 5695956000},
    {"America/St_Johns", 2100, 3, 14, 2, 30, 0, 4108687200},
    {"America/St_Johns", 2100, 7, 1, 12, 0, 0, 4118135400},
    {"America/St_Johns", 2050, 11, 6, 0, 30, 0, 2551316400},
};

static void test_local_to_utc(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; i < sizeof locals / sizeof locals[0]; i++) {
        sla_tz *tz = load_or_skip(locals[i].zone);
        int64_t local = sla__days_from_civil(locals[i].y, (unsigned)locals[i].m,
                                             (unsigned)locals[i].d) * 86400 +
                        locals[i].hh * 3600 + locals[i].mm * 60 + locals[i].ss;
        int64_t got = sla__tz_local_to_utc(tz, local);
        if (got != locals[i].utc)
            print_error("%s %04d-%02d-%02d %02d:%02d: got %lld want %lld\n", locals[i].zone,
                        locals[i].y, locals[i].m, locals[i].d, locals[i].hh, locals[i].mm,
                        (long long)got, (long long)locals[i].utc);
        assert_int_equal(got, locals[i].utc);
        sla__tz_unref(tz);
    }
}

/* Structural checks on many real zones: sorted, chained, covering. */
static void test_transitions_invariants(void **state)
{
    static const char *zones[] = {"Europe/Oslo", "America/New_York", "Australia/Sydney",
                                  "Australia/Lord_Howe", "Pacific/Apia", "Europe/Dublin",
                                  "America/St_Johns", "Africa/Casablanca", "Asia/Gaza",
                                  "America/Santiago", "Pacific/Chatham", "Antarctica/Troll",
                                  "UTC", "Etc/GMT+5", "Asia/Kolkata"};
    size_t z;
    (void)state;
    for (z = 0; z < sizeof zones / sizeof zones[0]; z++) {
        sla_tz *tz = load_or_skip(zones[z]);
        const int64_t *utc;
        const int32_t *before, *after;
        size_t n = sla__tz_transitions(tz, &utc, &before, &after), i;
        assert_string_equal(sla__tz_name(tz), zones[z]);
        assert_true(sla__tz_memory_size(tz) > 0);
        for (i = 0; i < n; i++) {
            assert_int_not_equal(before[i], after[i]);
            if (i > 0) {
                assert_true(utc[i] > utc[i - 1]);
                assert_int_equal(before[i], after[i - 1]);
            }
            assert_int_equal(sla__tz_offset_at(tz, utc[i]), after[i]);
            assert_int_equal(sla__tz_offset_at(tz, utc[i] - 1), before[i]);
        }
        /* round trip local -> utc -> local away from transitions */
        for (i = 0; i < 200; i++) {
            int64_t t = (int64_t)i * (SLA_TIME_MAX / 200) + 12345;
            int64_t l = t + sla__tz_offset_at(tz, t);
            int64_t u = sla__tz_local_to_utc(tz, l);
            assert_int_equal(u + sla__tz_offset_at(tz, u), l);
            assert_true(u <= t);
        }
        sla__tz_unref(tz);
    }
}

static void test_footer_reaches_2200(void **state)
{
    sla_tz *tz = load_or_skip("America/New_York");
    const int64_t *utc;
    size_t n = sla__tz_transitions(tz, &utc, NULL, NULL);
    (void)state;
    assert_true(n > 400);
    assert_true(utc[n - 1] > SLA_TIME_MAX - 86400 * 60);
    sla__tz_unref(tz);
}

static void test_utc_builtin(void **state)
{
    sla_tz *tz = NULL;
    (void)state;
    assert_int_equal(sla__tz_load("UTC", "/nonexistent-dir", &tz), 0);
    assert_int_equal(sla__tz_offset_at(tz, 1700000000), 0);
    assert_int_equal(sla__tz_local_to_utc(tz, 1700000000), 1700000000);
    assert_int_equal(sla__tz_transitions(tz, NULL, NULL, NULL), 0);
    assert_string_equal(sla__tz_name(tz), "UTC");
    sla__tz_unref(tz);
    assert_int_equal(sla__tz_load("Etc/UTC", "/nonexistent-dir", &tz), 0);
    assert_int_equal(sla__tz_offset_at(tz, 0), 0);
    sla__tz_unref(tz);
    assert_int_equal(sla__tz_load("Europe/Oslo", "/nonexistent-dir", &tz), SLA_ENOZONE);
}

/* Files with leap-second records count seconds differently from Unix time. */
static void test_leap_second_files_refused(void **state)
{
    sla_tz *tz = NULL;
    (void)state;
    if (access("/usr/share/zoneinfo/right/Europe/Oslo", R_OK) != 0)
        skip();
    assert_int_equal(sla__tz_load("right/Europe/Oslo", "/usr/share/zoneinfo", &tz), SLA_ENOZONE);
    assert_null(tz);
}

static void test_bad_names(void **state)
{
    static const char *bad[] = {"",          "../etc/passwd", "/etc/passwd", "Europe/../../x",
                                "Europe//Oslo", "Europe/",     "./Europe/Oslo", "Europe/.",
                                "Europe/Os lo", "Europe/Oslo\n", "Europe\\Oslo", "Eur*pe",
                                "..",          "Europe/..",    "Europe",        "posixrules/x"};
    char longname[300];
    sla_tz *tz = NULL;
    size_t i;
    (void)state;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        tz = NULL;
        assert_int_equal(sla__tz_load(bad[i], NULL, &tz), SLA_ENOZONE);
        assert_null(tz);
    }
    memset(longname, 'a', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    assert_int_equal(sla__tz_load(longname, NULL, &tz), SLA_ENOZONE);
    assert_int_equal(sla__tz_load(NULL, NULL, &tz), SLA_EINVAL);
    assert_int_equal(sla__tz_load("UTC", NULL, NULL), SLA_EINVAL);
}

/* ------------------------------------------------------------------------ */
/* Synthetic TZif files in a temporary directory.                            */

static char tmpdir[64];

static int setup_tmp(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/sla-tz-test-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown_tmp(void **state)
{
    DIR *d = opendir(tmpdir);
    struct dirent *e;
    char path[512];
    (void)state;
    if (d) {
        while ((e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.')
                continue;
            snprintf(path, sizeof path, "%s/%s", tmpdir, e->d_name);
            unlink(path);
        }
        closedir(d);
    }
    rmdir(tmpdir);
    return 0;
}

static void write_file(const char *name, const void *data, size_t len)
{
    char path[512];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
}

static unsigned char *put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
    return p + 4;
}

static unsigned char *put64(unsigned char *p, int64_t v)
{
    p = put32(p, (uint32_t)((uint64_t)v >> 32));
    return put32(p, (uint32_t)(uint64_t)v);
}

static unsigned char *header(unsigned char *p, char version, uint32_t timecnt, uint32_t typecnt,
                             uint32_t charcnt)
{
    memcpy(p, "TZif", 4);
    p[4] = (unsigned char)version;
    memset(p + 5, 0, 15);
    p += 20;
    p = put32(p, 0); /* isutcnt */
    p = put32(p, 0); /* isstdcnt */
    p = put32(p, 0); /* leapcnt */
    p = put32(p, timecnt);
    p = put32(p, typecnt);
    return put32(p, charcnt);
}

typedef struct {
    int32_t off;
    int dst;
} ttype;

/* A TZif file: version 0 (v1) or '2'..'4', transitions, types, footer. */
static size_t make_tzif(unsigned char *buf, char version, size_t n, const int64_t *times,
                        const unsigned char *idx, size_t ntypes, const ttype *types,
                        const char *footer)
{
    unsigned char *p = buf;
    int pass, passes = version == 0 ? 1 : 2;
    size_t i;
    for (pass = 0; pass < passes; pass++) {
        int wide = pass == 1;
        p = header(p, version, (uint32_t)n, (uint32_t)ntypes, 4);
        for (i = 0; i < n; i++)
            p = wide ? put64(p, times[i]) : put32(p, (uint32_t)(int32_t)times[i]);
        for (i = 0; i < n; i++)
            *p++ = idx[i];
        for (i = 0; i < ntypes; i++) {
            p = put32(p, (uint32_t)types[i].off);
            *p++ = (unsigned char)types[i].dst;
            *p++ = 0;
        }
        memcpy(p, "ABC", 4);
        p += 4;
    }
    if (version != 0 && footer) {
        size_t fl = strlen(footer);
        *p++ = '\n';
        memcpy(p, footer, fl);
        p += fl;
        *p++ = '\n';
    }
    return (size_t)(p - buf);
}

static sla_tz *load_footer(const char *footer)
{
    unsigned char buf[512];
    ttype t0 = {0, 0};
    size_t len = make_tzif(buf, '2', 0, NULL, NULL, 1, &t0, footer);
    sla_tz *tz = NULL;
    write_file("Footer", buf, len);
    assert_int_equal(sla__tz_load("Footer", tmpdir, &tz), 0);
    return tz;
}

static void test_footers(void **state)
{
    /* offsets from ZoneInfo.from_file() on a TZif with no transitions and
     * this footer, except where noted */
    static const struct {
        const char *footer;
        int64_t utc;
        int32_t offset;
    } cases[] = {
        {"<+0330>-3:30", 1735689600, 12600},
        {"<-03>3", 1735689600, -10800},
        /* Dublin: negative DST (IST is standard, GMT the "DST" of winter) */
        {"IST-1GMT0,M10.5.0,M3.5.0/1", 1743296399, 0},
        {"IST-1GMT0,M10.5.0,M3.5.0/1", 1743296400, 3600},
        {"IST-1GMT0,M10.5.0,M3.5.0/1", 1761440399, 3600},
        {"IST-1GMT0,M10.5.0,M3.5.0/1", 1761440400, 0},
        {"IST-1GMT0,M10.5.0,M3.5.0/1", 1751328000, 3600},
        /* negative rule times (Nuuk) */
        {"<-02>2<-01>,M3.5.0/-1,M10.5.0/0", 1743296399, -7200},
        {"<-02>2<-01>,M3.5.0/-1,M10.5.0/0", 1743296400, -3600},
        {"<-02>2<-01>,M3.5.0/-1,M10.5.0/0", 1761440399, -3600},
        {"<-02>2<-01>,M3.5.0/-1,M10.5.0/0", 1761440400, -7200},
        /* southern hemisphere */
        {"AEST-10AEDT,M10.1.0,M4.1.0/3", 1743868799, 39600},
        {"AEST-10AEDT,M10.1.0,M4.1.0/3", 1743868800, 36000},
        {"AEST-10AEDT,M10.1.0,M4.1.0/3", 1759593599, 36000},
        {"AEST-10AEDT,M10.1.0,M4.1.0/3", 1759593600, 39600},
        /* rule times up to 167 h and negative (RFC 8536 version 3) */
        {"XXX3YYY,M3.2.0/167,M11.1.0/-5", 1742090399, -10800},
        {"XXX3YYY,M3.2.0/167,M11.1.0/-5", 1742090400, -7200},
        {"XXX3YYY,M3.2.0/167,M11.1.0/-5", 1762030799, -7200},
        {"XXX3YYY,M3.2.0/167,M11.1.0/-5", 1762034400, -10800},
        /* DST all year (RFC 8536 3.3.1) */
        {"EST5EDT,0/0,J365/25", 1735689600, -14400},
        {"EST5EDT,0/0,J365/25", 1735707540, -14400},
        {"EST5EDT,0/0,J365/25", 1735707600, -14400},
        {"EST5EDT,0/0,J365/25", 1751328000, -14400},
        /* Jn never counts Feb 29: J60 is March 1 in 2024 and 2025 */
        {"AAA3BBB,J60/2,J300/2", 1709269199, -10800},
        {"AAA3BBB,J60/2,J300/2", 1709269200, -7200},
        {"AAA3BBB,J60/2,J300/2", 1740805199, -10800},
        {"AAA3BBB,J60/2,J300/2", 1740805200, -7200},
        /* n counts Feb 29 (POSIX): day 59 is 2024-02-29 and 2025-03-01.
         * Computed by hand; zoneinfo puts this form one day early. */
        {"AAA3BBB,59/2,299/2", 1709182799, -10800},
        {"AAA3BBB,59/2,299/2", 1709182800, -7200},
        {"AAA3BBB,59/2,299/2", 1740805199, -10800},
        {"AAA3BBB,59/2,299/2", 1740805200, -7200},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sla_tz *tz = load_footer(cases[i].footer);
        int32_t got = sla__tz_offset_at(tz, cases[i].utc);
        if (got != cases[i].offset)
            print_error("%s at %lld: got %d want %d\n", cases[i].footer,
                        (long long)cases[i].utc, got, cases[i].offset);
        assert_int_equal(got, cases[i].offset);
        sla__tz_unref(tz);
    }
}

static void test_bad_footers(void **state)
{
    static const char *bad[] = {
        "EST5EDT",                    /* DST without rules */
        "EST",                        /* no offset */
        "5",                          /* no name */
        "EST5EDT,M3.2.0",             /* one rule */
        "EST5EDT,M13.2.0,M11.1.0",    /* month 13 */
        "EST5EDT,M3.6.0,M11.1.0",     /* week 6 */
        "EST5EDT,M3.2.7,M11.1.0",     /* day 7 */
        "EST5EDT,J0,J100",            /* J starts at 1 */
        "EST5EDT,366,100",            /* n up to 365 */
        "EST5EDT,M3.2.0/168,M11.1.0", /* time beyond 167 h */
        "EST25",                      /* offset beyond 24 h */
        "<EST5",                      /* unterminated quote */
        "<>5",                        /* empty quoted name */
        "EST5 ",                      /* trailing garbage */
        "EST5EDT,M3.2.0,M11.1.0,",
    };
    unsigned char buf[512];
    ttype t0 = {0, 0};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        size_t len = make_tzif(buf, '2', 0, NULL, NULL, 1, &t0, bad[i]);
        sla_tz *tz = NULL;
        write_file("BadFooter", buf, len);
        if (sla__tz_load("BadFooter", tmpdir, &tz) != SLA_ENOZONE)
            print_error("footer \"%s\" accepted\n", bad[i]);
        assert_null(tz);
    }
}

static void test_versions(void **state)
{
    /* Two transitions: +1h DST at 1e9, back to 0 at 1.1e9. Type 0 is the DST
     * one, so the offset before the first transition is type 1's (the first
     * standard type, as zoneinfo does). */
    static const int64_t times[] = {1000000000, 1100000000};
    static const unsigned char idx[] = {0, 1};
    static const ttype types[] = {{3600, 1}, {-1800, 0}};
    static const char versions[] = {0, '2', '3', '4'};
    unsigned char buf[1024];
    size_t v;
    (void)state;
    for (v = 0; v < sizeof versions; v++) {
        size_t len = make_tzif(buf, versions[v], 2, times, idx, 2, types, "");
        sla_tz *tz = NULL;
        write_file("Two", buf, len);
        assert_int_equal(sla__tz_load("Two", tmpdir, &tz), 0);
        assert_int_equal(sla__tz_offset_at(tz, 0), -1800);
        assert_int_equal(sla__tz_offset_at(tz, 999999999), -1800);
        assert_int_equal(sla__tz_offset_at(tz, 1000000000), 3600);
        assert_int_equal(sla__tz_offset_at(tz, 1100000000), -1800);
        assert_int_equal(sla__tz_offset_at(tz, SLA_TIME_MAX), -1800);
        sla__tz_unref(tz);
    }
    /* version 2 with 64-bit times beyond 2038 and a footer taking over */
    {
        static const int64_t t2[] = {-2000000000LL, 3000000000LL};
        static const unsigned char i2[] = {1, 0};
        static const ttype ty2[] = {{0, 0}, {3600, 0}};
        size_t len = make_tzif(buf, '2', 2, t2, i2, 2, ty2, "IST-1GMT0,M10.5.0,M3.5.0/1");
        sla_tz *tz = NULL;
        write_file("Wide", buf, len);
        assert_int_equal(sla__tz_load("Wide", tmpdir, &tz), 0);
        assert_int_equal(sla__tz_offset_at(tz, 1735689600), 3600); /* 2025, explicit */
        assert_int_equal(sla__tz_offset_at(tz, 2999999999LL), 3600);
        assert_int_equal(sla__tz_offset_at(tz, 3000000000LL), 0);    /* 2065-01-24 */
        /* then the footer: ts(2065,7,1) = 3013200000 in IST (+1) */
        assert_int_equal(sla__tz_offset_at(tz, 3013200000LL), 3600);
        sla__tz_unref(tz);
    }
}

static void test_hostile(void **state)
{
    unsigned char good[1024], buf[2048];
    static const int64_t times[] = {1000000000, 1100000000};
    static const unsigned char idx[] = {0, 1};
    static const ttype types[] = {{3600, 1}, {0, 0}};
    size_t len = make_tzif(good, '2', 2, times, idx, 2, types, "CET-1CEST,M3.5.0,M10.5.0/3");
    size_t cut, i;
    sla_tz *tz;
    int r;
    (void)state;

    /* garbage and empty */
    write_file("Garbage", "hello, world\n", 13);
    tz = NULL;
    assert_int_equal(sla__tz_load("Garbage", tmpdir, &tz), SLA_ENOZONE);
    assert_null(tz);
    write_file("Empty", "", 0);
    assert_int_equal(sla__tz_load("Empty", tmpdir, &tz), SLA_ENOZONE);
    assert_int_equal(sla__tz_load("Missing", tmpdir, &tz), SLA_ENOZONE);

    /* every truncation: refused, or (cut exactly at the end of the 64-bit
     * block, i.e. no footer) accepted; never a crash */
    for (cut = 0; cut < len; cut++) {
        tz = NULL;
        r = sla__tz_from_tzif("Cut", good, cut, &tz);
        assert_true(r == SLA_ENOZONE || r == 0);
        if (cut < 44 + 44)
            assert_int_equal(r, SLA_ENOZONE);
        sla__tz_unref(tz);
    }

    /* and a few through the file system */
    for (cut = 0; cut < len; cut += 37) {
        write_file("Cut", good, cut);
        tz = NULL;
        r = sla__tz_load("Cut", tmpdir, &tz);
        assert_true(r == SLA_ENOZONE || r == 0);
        sla__tz_unref(tz);
    }
    assert_int_equal(sla__tz_from_tzif("X", NULL, 10, &tz), SLA_EINVAL);
    assert_int_equal(sla__tz_from_tzif("X", NULL, 0, &tz), SLA_ENOZONE);

    /* absurd counts in either header */
    for (i = 0; i < 6; i++) {
        memcpy(buf, good, len);
        put32(buf + 20 + 4 * i, 0xFFFFFFFFu);
        write_file("Absurd", buf, len);
        tz = NULL;
        assert_int_equal(sla__tz_load("Absurd", tmpdir, &tz), SLA_ENOZONE);
        memcpy(buf, good, len);
        put32(buf + 44 + (2 * 5 + 2 * 6 + 4) + 20 + 4 * i, 0x7FFFFFFFu);
        write_file("Absurd", buf, len);
        assert_int_equal(sla__tz_load("Absurd", tmpdir, &tz), SLA_ENOZONE);
    }

    /* zero types, unsorted transitions, type index out of range, absurd offset */
    {
        unsigned char b2[1024];
        static const int64_t unsorted[] = {1100000000, 1000000000};
        static const unsigned char badidx[] = {0, 7};
        static const ttype huge[] = {{200000, 0}, {0, 0}};
        size_t l2 = make_tzif(b2, '2', 2, unsorted, idx, 2, types, "");
        write_file("Unsorted", b2, l2);
        assert_int_equal(sla__tz_load("Unsorted", tmpdir, &tz), SLA_ENOZONE);
        l2 = make_tzif(b2, '2', 2, times, badidx, 2, types, "");
        write_file("BadIdx", b2, l2);
        assert_int_equal(sla__tz_load("BadIdx", tmpdir, &tz), SLA_ENOZONE);
        l2 = make_tzif(b2, '2', 2, times, idx, 2, huge, "");
        write_file("Huge", b2, l2);
        assert_int_equal(sla__tz_load("Huge", tmpdir, &tz), SLA_ENOZONE);
        l2 = make_tzif(b2, '2', 0, NULL, NULL, 0, NULL, "UTC0");
        write_file("NoTypes", b2, l2);
        assert_int_equal(sla__tz_load("NoTypes", tmpdir, &tz), SLA_ENOZONE);
        memcpy(b2, good, len);
        b2[4] = '1'; /* no version '1' exists */
        write_file("BadVersion", b2, len);
        assert_int_equal(sla__tz_load("BadVersion", tmpdir, &tz), SLA_ENOZONE);
    }

    /* random byte mutations: refused or loaded, never a crash; a loaded zone
     * keeps offsets within bounds */
    srand(12345);
    for (i = 0; i < 20000; i++) {
        size_t k, flips = 1 + (size_t)rand() % 4;
        memcpy(buf, good, len);
        for (k = 0; k < flips; k++)
            buf[(size_t)rand() % len] = (unsigned char)rand();
        tz = NULL;
        r = sla__tz_from_tzif("Mutant", buf, len, &tz);
        assert_true(r == SLA_ENOZONE || r == 0);
        if (r == 0) {
            int32_t o = sla__tz_offset_at(tz, 1500000000);
            assert_true(o >= -26 * 3600 && o <= 26 * 3600);
            (void)sla__tz_local_to_utc(tz, 1500000000);
            sla__tz_unref(tz);
        }
    }

    /* a directory is not a zone; nor is a file over 1 MiB */
    mkdir(strcat(strcpy((char *)buf, tmpdir), "/Dir"), 0700);
    assert_int_equal(sla__tz_load("Dir", tmpdir, &tz), SLA_ENOZONE);
    rmdir((char *)buf);
    {
        size_t big = 1024 * 1024 + 1;
        unsigned char *p = calloc(1, big);
        assert_non_null(p);
        memcpy(p, good, len);
        write_file("Big", p, big);
        free(p);
        assert_int_equal(sla__tz_load("Big", tmpdir, &tz), SLA_ENOZONE);
    }
}

/* ------------------------------------------------------------------------ */

static void test_from_transitions(void **state)
{
    /* a London-like year: +1 from 2025-03-30T01:00Z to 2025-10-26T01:00Z */
    static const int64_t utc[] = {1743296400, 1761440400};
    static const int32_t off[] = {3600, 0};
    static const int64_t unsorted[] = {1761440400, 1743296400};
    static const int32_t huge[] = {3600, 27 * 3600};
    sla_tz *tz = NULL, *tz2;
    (void)state;

    assert_int_equal(sla__tz_new_from_transitions("Custom", 0, 2, utc, off, &tz), 0);
    assert_string_equal(sla__tz_name(tz), "Custom");
    assert_int_equal(sla__tz_transitions(tz, NULL, NULL, NULL), 2);
    assert_int_equal(sla__tz_offset_at(tz, 1743296399), 0);
    assert_int_equal(sla__tz_offset_at(tz, 1743296400), 3600);
    assert_int_equal(sla__tz_offset_at(tz, 1761440400), 0);
    /* London gap 01:30 -> 01:30Z, overlap 01:30 -> 00:30Z, as for the file */
    assert_int_equal(sla__tz_local_to_utc(tz, 1743298200), 1743298200);
    assert_int_equal(sla__tz_local_to_utc(tz, 1761442200), 1761438600);

    tz2 = sla__tz_ref(tz);
    assert_ptr_equal(tz2, tz);
    sla__tz_unref(tz);
    assert_int_equal(sla__tz_offset_at(tz2, 1750000000), 3600);
    sla__tz_unref(tz2);
    sla__tz_unref(NULL);

    /* entries that do not change the offset are dropped */
    {
        static const int32_t same[] = {0, 0};
        assert_int_equal(sla__tz_new_from_transitions("Flat", 0, 2, utc, same, &tz), 0);
        assert_int_equal(sla__tz_transitions(tz, NULL, NULL, NULL), 0);
        sla__tz_unref(tz);
    }
    assert_int_equal(sla__tz_new_from_transitions("Empty", 7200, 0, NULL, NULL, &tz), 0);
    assert_int_equal(sla__tz_offset_at(tz, 0), 7200);
    sla__tz_unref(tz);

    tz = NULL;
    assert_int_equal(sla__tz_new_from_transitions("X", 0, 2, unsorted, off, &tz), SLA_EINVAL);
    assert_int_equal(sla__tz_new_from_transitions("X", 0, 2, utc, huge, &tz), SLA_EINVAL);
    assert_int_equal(sla__tz_new_from_transitions("X", 30 * 3600, 0, NULL, NULL, &tz),
                     SLA_EINVAL);
    assert_int_equal(sla__tz_new_from_transitions(NULL, 0, 2, utc, off, &tz), SLA_EINVAL);
    assert_int_equal(sla__tz_new_from_transitions("X", 0, 2, NULL, off, &tz), SLA_EINVAL);
    assert_int_equal(sla__tz_new_from_transitions("X", 0, 2, utc, off, NULL), SLA_EINVAL);
    assert_null(tz);
}

/* Out-of-order period ends (a zone that falls back further than the time to
 * its next change): the search still finds the first occurrence. */
static void test_odd_history(void **state)
{
    /* 0 -> +3h at 1000, then +3h -> 0 at 2000, then 0 -> +5h at 2500 */
    static const int64_t utc[] = {1000, 2000, 2500};
    static const int32_t off[] = {10800, 0, 18000};
    sla_tz *tz = NULL;
    int64_t l, best;
    (void)state;
    assert_int_equal(sla__tz_new_from_transitions("Odd", 0, 3, utc, off, &tz), 0);
    /* brute force: the first u with u + offset(u) == l, else the gap rule */
    for (l = -1000; l < 30000; l += 7) {
        int64_t u, got = sla__tz_local_to_utc(tz, l);
        best = INT64_MIN;
        for (u = l - 18000; u <= l; u++) {
            if (u + sla__tz_offset_at(tz, u) == l) {
                best = u;
                break;
            }
        }
        if (best != INT64_MIN)
            assert_int_equal(got, best);
        else
            assert_int_equal(got + sla__tz_offset_at(tz, got - 1) >= l, 1);
    }
    sla__tz_unref(tz);
}

static void test_alloc_failure(void **state)
{
    unsigned long n;
    (void)state;
    for (n = 1; n < 20; n++) {
        sla_tz *tz = NULL;
        int r;
        sla__alloc_fail_at(n, false);
        r = sla__tz_load("America/New_York", NULL, &tz);
        sla__alloc_fail_at(0, false);
        if (r == SLA_ENOZONE)
            skip();
        assert_true(r == 0 || r == SLA_ENOMEM);
        if (r == 0) {
            sla__tz_unref(tz);
            if (sla__alloc_count() < n)
                break;
        } else {
            assert_null(tz);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_offsets),
        cmocka_unit_test(test_local_to_utc),
        cmocka_unit_test(test_transitions_invariants),
        cmocka_unit_test(test_footer_reaches_2200),
        cmocka_unit_test(test_utc_builtin),
        cmocka_unit_test(test_bad_names),
        cmocka_unit_test(test_leap_second_files_refused),
        cmocka_unit_test_setup_teardown(test_footers, setup_tmp, teardown_tmp),
        cmocka_unit_test_setup_teardown(test_bad_footers, setup_tmp, teardown_tmp),
        cmocka_unit_test_setup_teardown(test_versions, setup_tmp, teardown_tmp),
        cmocka_unit_test_setup_teardown(test_hostile, setup_tmp, teardown_tmp),
        cmocka_unit_test(test_from_transitions),
        cmocka_unit_test(test_odd_history),
        cmocka_unit_test(test_alloc_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
