/*
 * Property tests of business-time arithmetic over random calendars (random
 * valid opening-hours texts in random zones), and two brute-force oracles
 * that walk the timeline minute by minute around daylight-saving changes:
 *  - consistency: diff equals the count of open minutes seen by is_open;
 *  - truth: is_open equals a wall-clock rule evaluated with the C library's
 *    own localtime_r (glibc's independent reading of the same tz database),
 *    for weekly calendars whose boundaries avoid the hours of DST changes.
 *
 * The seed is fixed (override with SLA_TEST_SEED=N) and printed.
 *
 * SPDX-License-Identifier: MIT
 */
#include "api-common.h"

#include <math.h>
#include <stdbool.h>
#include <time.h>

static const char *const zones[] = {
    "Europe/Oslo",    "America/New_York", "Australia/Sydney", "Australia/Lord_Howe",
    "Pacific/Apia",   "Europe/London",    "UTC",
};
#define N_ZONES (sizeof zones / sizeof *zones)
static const char *const wd_names[] = {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"};
static const char *const mon_names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* ---- reproducible randomness ------------------------------------------- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
    uint64_t z = (rng_state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static int64_t rnd_range(int64_t lo, int64_t hi) /* [lo, hi] */
{
    return lo + (int64_t)(rnd() % (uint64_t)(hi - lo + 1));
}

/* Log-uniform duration in [1 s, max_s]. */
static int64_t rnd_duration(int64_t max_s)
{
    double u = (double)(rnd() >> 11) / 9007199254740992.0;
    int64_t d = (int64_t)exp(u * log((double)max_s));
    return d < 1 ? 1 : d > max_s ? max_s : d;
}

/* ---- random opening-hours text ----------------------------------------- */

static void cat(char *buf, size_t size, const char *s)
{
    size_t n = strlen(buf);
    snprintf(buf + n, size - n, "%s", s);
}

static void cat_time(char *buf, size_t size, int minutes)
{
    char t[24];
    snprintf(t, sizeof t, "%02d:%02d", minutes / 60, minutes % 60);
    cat(buf, size, t);
}

/* Weekday selector: one day, a range (possibly wrapping), or a list. */
static void gen_weekdays(char *buf, size_t size)
{
    int kind = (int)rnd_range(0, 2);
    int a = (int)rnd_range(0, 6);
    if (kind == 0) {
        cat(buf, size, wd_names[a]);
    } else if (kind == 1) {
        int b = (int)rnd_range(0, 6);
        if (b == a)
            b = (a + 4) % 7;
        cat(buf, size, wd_names[a]);
        cat(buf, size, "-");
        cat(buf, size, wd_names[b]);
    } else {
        int b = (a + (int)rnd_range(1, 3)) % 7;
        int c = (b + (int)rnd_range(1, 2)) % 7;
        int d[3] = {a, b, c};
        /* sort ascending, drop duplicates */
        for (int i = 0; i < 3; i++)
            for (int j = i + 1; j < 3; j++)
                if (d[j] < d[i]) {
                    int x = d[i];
                    d[i] = d[j];
                    d[j] = x;
                }
        for (int i = 0; i < 3; i++) {
            if (i > 0 && d[i] == d[i - 1])
                continue;
            if (i > 0)
                cat(buf, size, ",");
            cat(buf, size, wd_names[d[i]]);
        }
    }
}

/* 1-3 sorted, disjoint spans on 5-minute boundaries; the last may run
 * overnight (end before start) or end at 24:00. */
static void gen_spans(char *buf, size_t size)
{
    int n = (int)rnd_range(1, 3);
    int pos = (int)rnd_range(0, 216) * 5; /* first opening 00:00 .. 18:00 */
    for (int i = 0; i < n && pos < 1440; i++) {
        int s = pos;
        int e = s + (int)rnd_range(1, 96) * 5;
        if (e > 1440 || rnd_range(0, 9) == 0)
            e = 1440;
        if (i == n - 1 && s >= 600 && rnd_range(0, 3) == 0)
            e = (int)rnd_range(1, 120) * 5; /* overnight, ends by 10:00 */
        if (i > 0)
            cat(buf, size, ",");
        cat_time(buf, size, s);
        cat(buf, size, "-");
        cat_time(buf, size, e);
        if (e <= s || e == 1440)
            break;
        pos = e + (int)rnd_range(1, 48) * 5;
    }
}

static void gen_hours(char *buf, size_t size)
{
    buf[0] = '\0';
    if (rnd_range(0, 19) == 0) {
        cat(buf, size, "24/7");
        return;
    }
    int rules = (int)rnd_range(1, 4);
    for (int r = 0; r < rules; r++) {
        if (r > 0)
            cat(buf, size, rnd_range(0, 2) ? "; " : ", ");
        int kind = (int)rnd_range(0, 9);
        if (kind == 0 && r > 0) {
            gen_weekdays(buf, size);
            cat(buf, size, " off");
            continue;
        }
        if (kind == 1) {
            int a = (int)rnd_range(0, 11), b = (int)rnd_range(0, 11);
            cat(buf, size, mon_names[a]);
            if (b != a) {
                cat(buf, size, "-");
                cat(buf, size, mon_names[b]);
            }
            cat(buf, size, " ");
        }
        gen_weekdays(buf, size);
        cat(buf, size, " ");
        gen_spans(buf, size);
    }
    if (rnd_range(0, 4) == 0)
        cat(buf, size, rnd_range(0, 1) ? "; PH off" : "; PH 10:00-14:00");
}

static sla_calendar *random_calendar(char *text, size_t size, const char **zone_out)
{
    const char *zone = zones[rnd() % N_ZONES];
    sla_calendar_builder *b = NULL;
    sla_calendar *cal = NULL;
    sla_diag *diag = NULL;
    assert_int_equal(sla_diag_new(&diag), 0);
    assert_int_equal(sla_calendar_builder_new(zone, &b), 0);
    gen_hours(text, size);
    int r = sla_calendar_builder_set_hours(b, text, diag);
    if (r != 0)
        print_error("generated hours '%s' refused: %s (column %d)\n", text,
                    sla_diag_message(diag), sla_diag_column(diag));
    assert_int_equal(r, 0);
    int nh = (int)rnd_range(0, 6);
    for (int i = 0; i < nh; i++)
        assert_int_equal(sla_calendar_builder_add_holiday(b, (int)rnd_range(2020, 2031),
                                                          (int)rnd_range(1, 12),
                                                          (int)rnd_range(1, 28)),
                         0);
    if (rnd_range(0, 3) == 0) {
        int64_t s = rnd_range(INT64_C(1577836800), INT64_C(1924992000));
        assert_int_equal(sla_calendar_builder_add_closure(b, s, s + rnd_range(0, 86400 * 3)), 0);
    }
    if (rnd_range(0, 3) == 0) {
        int64_t s = rnd_range(INT64_C(1577836800), INT64_C(1924992000));
        assert_int_equal(sla_calendar_builder_add_opening(b, s, s + rnd_range(0, 86400)), 0);
    }
    assert_int_equal(sla_calendar_builder_compile(b, &cal), 0);
    sla_calendar_builder_free(b);
    sla_diag_free(diag);
    *zone_out = zone;
    return cal;
}

/* ---- properties ---------------------------------------------------------- */

#define T_LO INT64_C(1577836800) /* 2020-01-01T00:00:00Z */
#define T_HI INT64_C(1893456000) /* 2030-01-01T00:00:00Z */
#define YEAR INT64_C(31536000)

static int failures;

#define CHECK(cond, ...)                                                                   \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            if (failures++ < 20) {                                                         \
                print_error("[%s | %s] %s: ", zone, text, #cond);                          \
                print_error(__VA_ARGS__);                                                  \
                print_error("\n");                                                         \
            }                                                                              \
        }                                                                                  \
    } while (0)

static void check_calendar(const sla_calendar *cal, const char *zone, const char *text, int n)
{
    int64_t u, u2, v, w, o, c, x;
    int open;
    for (int i = 0; i < n; i++) {
        int64_t t = rnd_range(T_LO, T_HI);
        int64_t d = rnd_duration(YEAR);
        int64_t d2 = d + rnd_duration(YEAR / 4);

        CHECK(sla_calendar_add(cal, t, 0, &u) == 0 && u == t, "t=%lld", (long long)t);
        CHECK(sla_calendar_sub(cal, t, 0, &u) == 0 && u == t, "t=%lld", (long long)t);
        assert_int_equal(sla_calendar_is_open(cal, t, &open), 0);

        int r = sla_calendar_add(cal, t, d, &u);
        if (r == SLA_ENEVER || r == SLA_ERANGE)
            continue; /* too little open time left before 2200 */
        CHECK(r == 0, "add(%lld,%lld) = %s", (long long)t, (long long)d, sla_error_name(r));
        if (r != 0)
            continue;
        CHECK(u > t, "add(%lld,%lld)=%lld", (long long)t, (long long)d, (long long)u);
        /* diff(t, add(t, d)) = d, and antisymmetric. */
        CHECK(sla_calendar_diff(cal, t, u, &x) == 0 && x == d, "t=%lld d=%lld diff=%lld",
              (long long)t, (long long)d, (long long)x);
        CHECK(sla_calendar_diff(cal, u, t, &x) == 0 && x == -d, "t=%lld d=%lld", (long long)t,
              (long long)d);
        /* The deadline is the earliest: the second before it is open. */
        CHECK(sla_calendar_is_open(cal, u - 1, &open) == 0 && open == 1, "u=%lld",
              (long long)u);
        /* sub undoes add up to the closed stretch before t: the latest start
         * with d of open time before add(t, d) is next_open(t) >= t. */
        CHECK(sla_calendar_sub(cal, u, d, &v) == 0 && v >= t && v <= u, "t=%lld d=%lld v=%lld",
              (long long)t, (long long)d, (long long)v);
        CHECK(sla_calendar_diff(cal, v, u, &x) == 0 && x == d, "v=%lld u=%lld", (long long)v,
              (long long)u);
        CHECK(sla_calendar_next_open(cal, t, &o) == 0 && o == v, "t=%lld o=%lld v=%lld",
              (long long)t, (long long)o, (long long)v);
        /* add(sub(t, d), d) <= t. */
        if (sla_calendar_sub(cal, t, d, &w) == 0) {
            CHECK(w < t, "sub(%lld,%lld)=%lld", (long long)t, (long long)d, (long long)w);
            CHECK(sla_calendar_add(cal, w, d, &x) == 0 && x <= t && x > w,
                  "t=%lld d=%lld w=%lld x=%lld", (long long)t, (long long)d, (long long)w,
                  (long long)x);
            CHECK(sla_calendar_diff(cal, w, t, &x) == 0 && x == d, "w=%lld t=%lld",
                  (long long)w, (long long)t);
        }
        /* Monotone in d, and additive: add(t, d2) = add(add(t, d), d2 - d). */
        if (sla_calendar_add(cal, t, d2, &u2) == 0) {
            CHECK(u2 >= u, "t=%lld d=%lld d2=%lld", (long long)t, (long long)d, (long long)d2);
            CHECK(sla_calendar_add(cal, u, d2 - d, &x) == 0 && x == u2, "t=%lld d=%lld d2=%lld",
                  (long long)t, (long long)d, (long long)d2);
        }
        /* diff is additive over a middle point. */
        int64_t m = rnd_range(t, T_HI + YEAR);
        int64_t dab = 0, dbc = 0, dac = 0;
        if (sla_calendar_diff(cal, t, m, &dab) == 0 && sla_calendar_diff(cal, m, u, &dbc) == 0 &&
            sla_calendar_diff(cal, t, u, &dac) == 0)
            CHECK(dab + dbc == dac, "t=%lld m=%lld u=%lld", (long long)t, (long long)m,
                  (long long)u);
        CHECK(dab >= 0 && dab <= m - t, "t=%lld m=%lld", (long long)t, (long long)m);

        /* next_open / next_close agree with is_open. */
        assert_int_equal(sla_calendar_is_open(cal, t, &open), 0);
        if (open) {
            CHECK(o == t, "t=%lld", (long long)t);
            if (sla_calendar_next_close(cal, t, &c) == 0) {
                CHECK(c > t, "t=%lld c=%lld", (long long)t, (long long)c);
                CHECK(sla_calendar_is_open(cal, c, &open) == 0 && open == 0, "c=%lld",
                      (long long)c);
                CHECK(sla_calendar_is_open(cal, c - 1, &open) == 0 && open == 1, "c=%lld",
                      (long long)c);
                CHECK(sla_calendar_diff(cal, t, c, &x) == 0 && x == c - t, "t=%lld c=%lld",
                      (long long)t, (long long)c);
            }
        } else {
            CHECK(sla_calendar_next_close(cal, t, &c) == 0 && c == t, "t=%lld", (long long)t);
            CHECK(o > t, "t=%lld o=%lld", (long long)t, (long long)o);
            CHECK(sla_calendar_is_open(cal, o, &open) == 0 && open == 1, "o=%lld", (long long)o);
            CHECK(sla_calendar_is_open(cal, o - 1, &open) == 0 && open == 0, "o=%lld",
                  (long long)o);
            CHECK(sla_calendar_diff(cal, t, o, &x) == 0 && x == 0, "t=%lld o=%lld", (long long)t,
                  (long long)o);
        }
    }
}

/* The *_many calls equal the scalar calls, element by element. */
static void check_many(const sla_calendar *cal, const char *zone, const char *text)
{
    enum { N = 97 };
    int64_t t[N], d[N], out[N];
    int oi[N], st[N];
    for (int i = 0; i < N; i++) {
        t[i] = rnd_range(T_LO, T_HI);
        d[i] = rnd_duration(YEAR);
    }
    t[5] = -1;     /* out of range */
    d[7] = -3;     /* invalid */
    t[9] = SLA_TIME_MAX - 10;
    int first = 0;
    int rc = sla_calendar_add_many(cal, t, d, N, out, st);
    for (int i = 0; i < N; i++) {
        int64_t s = SENTINEL;
        int r = sla_calendar_add(cal, t[i], d[i], &s);
        if (r && !first)
            first = r;
        CHECK(st[i] == r && out[i] == (r ? 0 : s), "add_many[%d]", i);
    }
    CHECK(rc == first, "add_many rc %d first %d", rc, first);
    first = 0;
    rc = sla_calendar_sub_many(cal, t, d, N, out, st);
    for (int i = 0; i < N; i++) {
        int64_t s = SENTINEL;
        int r = sla_calendar_sub(cal, t[i], d[i], &s);
        if (r && !first)
            first = r;
        CHECK(st[i] == r && out[i] == (r ? 0 : s), "sub_many[%d]", i);
    }
    CHECK(rc == first, "sub_many rc");
    int64_t b[N];
    for (int i = 0; i < N; i++)
        b[i] = t[(i * 7 + 3) % N];
    sla_calendar_diff_many(cal, t, b, N, out, st);
    for (int i = 0; i < N; i++) {
        int64_t s = SENTINEL;
        int r = sla_calendar_diff(cal, t[i], b[i], &s);
        CHECK(st[i] == r && out[i] == (r ? 0 : s), "diff_many[%d]", i);
    }
    sla_calendar_is_open_many(cal, t, N, oi, st);
    for (int i = 0; i < N; i++) {
        int s = -1;
        int r = sla_calendar_is_open(cal, t[i], &s);
        CHECK(st[i] == r && oi[i] == (r ? 0 : s), "is_open_many[%d]", i);
    }
    sla_calendar_next_open_many(cal, t, N, out, st);
    for (int i = 0; i < N; i++) {
        int64_t s = SENTINEL;
        int r = sla_calendar_next_open(cal, t[i], &s);
        CHECK(st[i] == r && out[i] == (r ? 0 : s), "next_open_many[%d]", i);
    }
    sla_calendar_next_close_many(cal, t, N, out, st);
    for (int i = 0; i < N; i++) {
        int64_t s = SENTINEL;
        int r = sla_calendar_next_close(cal, t[i], &s);
        CHECK(st[i] == r && out[i] == (r ? 0 : s), "next_close_many[%d]", i);
    }
}

static void test_random_calendars(void **state)
{
    (void)state;
    failures = 0;
    for (int k = 0; k < 60; k++) {
        char text[512];
        const char *zone;
        sla_calendar *cal = random_calendar(text, sizeof text, &zone);
        if (getenv("SLA_TEST_VERBOSE"))
            print_message("%s | %s\n", zone, text);
        check_calendar(cal, zone, text, 400);
        check_many(cal, zone, text);
        sla_calendar_free(cal);
    }
    assert_int_equal(failures, 0);
}

static void test_fixed_calendars(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "Mo-Fr 09:00-17:00",
        "Mo-Fr 08:00-12:00,13:00-17:00; Sa 10:00-14:00",
        "Mo-Fr 22:00-06:00",
        "24/7",
        "Su 00:30-02:30; Mo-Fr 09:00-17:30",
        "Mo-Fr 08:00-16:00; Fr 08:00-14:00",
        "Mo-Fr 08:00-12:00, We 14:00-16:00",
        "Jun-Aug Mo-Fr 09:00-15:00; Dec 24-26 off",
        "Fr-Mo 18:00-24:00",
    };
    failures = 0;
    for (size_t z = 0; z < N_ZONES; z++)
        for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
            const char *zone = zones[z], *text = texts[i];
            sla_calendar *cal = make_cal(zone, text);
            check_calendar(cal, zone, text, 150);
            check_many(cal, zone, text);
            sla_calendar_free(cal);
        }
    assert_int_equal(failures, 0);
}

/* ---- brute force: consistency of diff / next_* with is_open -------------- */

/* Windows around DST changes: [start, start + days). */
static const struct {
    int64_t start;
    int days;
} windows[] = {
    {INT64_C(1740787200), 46}, /* 2025-03-01 .. 2025-04-16: US, EU, AU April changes */
    {INT64_C(1758758400), 46}, /* 2025-09-25 .. 2025-11-10: AU October, EU, US changes */
    {INT64_C(1324339200), 22}, /* 2011-12-20 .. 2012-01-11: Samoa skips 2011-12-30 */
};

static void walk(const sla_calendar *cal, const char *zone, const char *text, int64_t a,
                 int minutes)
{
    int64_t count = 0;
    int prev = -1;
    int64_t last_change = a;
    for (int k = 0; k <= minutes; k++) {
        int64_t t = a + (int64_t)k * 60;
        int64_t x;
        CHECK(sla_calendar_diff(cal, a, t, &x) == 0 && x == count * 60, "a=%lld t=%lld x=%lld",
              (long long)a, (long long)t, (long long)x);
        int open = cal_open(cal, t);
        /* spans are on whole minutes: the middle of the minute agrees */
        CHECK(cal_open(cal, t + 37) == open, "t=%lld", (long long)t);
        if (prev >= 0 && open != prev) {
            /* The change happened exactly at t. */
            int64_t n;
            if (open)
                CHECK(sla_calendar_next_open(cal, last_change, &n) == 0 && n == t,
                      "from %lld: next_open %lld, walk %lld", (long long)last_change,
                      (long long)n, (long long)t);
            else
                CHECK(sla_calendar_next_close(cal, last_change, &n) == 0 && n == t,
                      "from %lld: next_close %lld, walk %lld", (long long)last_change,
                      (long long)n, (long long)t);
            last_change = t;
        }
        prev = open;
        if (open)
            count++;
    }
}

static void test_bruteforce_consistency(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "Mo-Fr 09:00-17:00; Su 00:30-03:30",
        "Sa-Su 01:00-04:00, Mo-Fr 22:00-06:00",
        "Mo-Su 02:30-02:45,03:00-03:15; Th 08:00-24:00",
    };
    failures = 0;
    for (size_t z = 0; z < N_ZONES; z++) {
        for (size_t i = 0; i < sizeof texts / sizeof *texts + 1; i++) {
            char rtext[512];
            const char *zone = zones[z];
            const char *text = i < sizeof texts / sizeof *texts ? texts[i] : rtext;
            if (text == rtext)
                gen_hours(rtext, sizeof rtext);
            sla_calendar *cal = make_cal(zone, text);
            for (size_t w = 0; w < sizeof windows / sizeof *windows; w++)
                walk(cal, zone, text, windows[w].start, windows[w].days * 1440);
            sla_calendar_free(cal);
        }
    }
    assert_int_equal(failures, 0);
}

/* ---- brute force: truth from the C library's localtime_r ----------------- */

struct weekly {
    int n[7];
    int s[7][3], e[7][3]; /* minutes of the local day, [s, e), within 05:00-24:00 */
};

static void gen_weekly(struct weekly *wk, char *text, size_t size, bool no_friday)
{
    text[0] = '\0';
    for (int d = 0; d < 7; d++) {
        int n = (int)rnd_range(0, 3);
        if (no_friday && d == 4)
            n = 0;
        int pos = 300; /* 05:00 */
        wk->n[d] = 0;
        for (int i = 0; i < n; i++) {
            int s = pos + (int)rnd_range(0, 60) * 5;
            int e = s + (int)rnd_range(1, 72) * 5;
            if (e > 1440 || s >= 1440)
                break;
            wk->s[d][wk->n[d]] = s;
            wk->e[d][wk->n[d]] = e;
            wk->n[d]++;
            pos = e + 5;
        }
        if (text[0])
            cat(text, size, "; ");
        cat(text, size, wd_names[d]);
        cat(text, size, " ");
        if (wk->n[d] == 0)
            cat(text, size, "off");
        for (int i = 0; i < wk->n[d]; i++) {
            if (i)
                cat(text, size, ",");
            cat_time(text, size, wk->s[d][i]);
            cat(text, size, "-");
            cat_time(text, size, wk->e[d][i]);
        }
    }
}

static void test_bruteforce_localtime(void **state)
{
    (void)state;
    failures = 0;
    for (size_t z = 0; z < N_ZONES; z++) {
        const char *zone = zones[z];
        char tzvar[64];
        snprintf(tzvar, sizeof tzvar, ":%s", zone);
        setenv("TZ", tzvar, 1);
        tzset();
        for (int rep = 0; rep < 2; rep++) {
            struct weekly wk;
            char text[512];
            gen_weekly(&wk, text, sizeof text, strcmp(zone, "Pacific/Apia") == 0);
            sla_calendar *cal = make_cal(zone, text);
            for (size_t w = 0; w < sizeof windows / sizeof *windows; w++) {
                int64_t a = windows[w].start;
                int64_t count = 0;
                for (int k = 0; k < windows[w].days * 1440; k++) {
                    int64_t t = a + (int64_t)k * 60;
                    time_t tt = (time_t)t;
                    struct tm tm;
                    assert_non_null(localtime_r(&tt, &tm));
                    int d = (tm.tm_wday + 6) % 7;
                    int m = tm.tm_hour * 60 + tm.tm_min;
                    int want = 0;
                    for (int i = 0; i < wk.n[d]; i++)
                        if (m >= wk.s[d][i] && m < wk.e[d][i])
                            want = 1;
                    int got = cal_open(cal, t);
                    CHECK(got == want, "t=%lld local %04d-%02d-%02d %02d:%02d: got %d want %d",
                          (long long)t, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                          tm.tm_min, got, want);
                    count += want;
                }
                int64_t x = -1;
                CHECK(sla_calendar_diff(cal, a, a + (int64_t)windows[w].days * 86400, &x) == 0 &&
                          x == count * 60,
                      "window %zu: diff %lld, minutes %lld", w, (long long)x, (long long)count);
            }
            sla_calendar_free(cal);
        }
    }
    unsetenv("TZ");
    assert_int_equal(failures, 0);
}

int main(void)
{
    const char *seed = getenv("SLA_TEST_SEED");
    rng_state = seed ? strtoull(seed, NULL, 10) : UINT64_C(20250328);
    printf("# seed %llu (set SLA_TEST_SEED to change)\n", (unsigned long long)rng_state);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixed_calendars),
        cmocka_unit_test(test_random_calendars),
        cmocka_unit_test(test_bruteforce_consistency),
        cmocka_unit_test(test_bruteforce_localtime),
    };
    return cmocka_run_group_tests_name("api-props", tests, NULL, NULL);
}
