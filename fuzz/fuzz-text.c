/* Fuzz target: instant and duration text (sla_parse_instant,
 * sla_parse_duration) and the round trips through their formatters.
 *
 * Checked on every input, abort() on a violation:
 * - a parse returns 0 or one of its documented errors, never anything else;
 * - on failure the output is untouched and the diagnostics carry the same
 *   code, a message and a position inside the text (or just past it);
 * - on success the diagnostics are cleared and an instant is in range;
 * - format then parse gives back the same value (instants in UTC and in a
 *   zone, durations);
 * - formatting into a short buffer returns the same length and writes a
 *   NUL-terminated prefix of the full text.
 * SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libsla/sla.h>

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond))                                                                               \
            abort();                                                                               \
    } while (0)

#define SENTINEL ((int64_t)0x5a5a5a5a5a5a5a5a)
#define MAX_INPUT 4096

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static sla_calendar *zone_calendar(void)
{
    /* Built once per process and kept: a calendar is immutable. */
    static sla_calendar *cal;
    static int tried;
    if (!tried) {
        tried = 1;
        if (sla_calendar_new("Europe/Oslo", NULL, &cal, NULL) != 0)
            cal = NULL;
    }
    return cal;
}

static void check_diag(const sla_diag *diag, int rc, size_t len)
{
    int col = sla_diag_column(diag);
    CHECK(sla_diag_code(diag) == rc);
    CHECK(sla_diag_message(diag) != NULL && sla_diag_message(diag)[0] != '\0');
    CHECK(sla_diag_construct(diag) != NULL);
    CHECK(col >= 0 && (size_t)col <= len + 1);
    CHECK(sla_diag_line(diag) >= 0 && sla_diag_line(diag) <= 1);
}

static void check_prefix(const char *full, int len, int (*fmt)(const void *, int64_t, char *, size_t),
                         const void *obj, int64_t v)
{
    char small[8];
    size_t cut;
    memset(small, 'x', sizeof small);
    CHECK(fmt(obj, v, small, sizeof small) == len);
    cut = (size_t)len < sizeof small - 1 ? (size_t)len : sizeof small - 1;
    CHECK(small[cut] == '\0');
    CHECK(memcmp(small, full, cut) == 0);
    CHECK(fmt(obj, v, NULL, 0) == len);
}

static int fmt_instant(const void *cal, int64_t t, char *buf, size_t size)
{
    return sla_format_instant((const sla_calendar *)cal, t, buf, size);
}

static int fmt_duration(const void *unused, int64_t d, char *buf, size_t size)
{
    (void)unused;
    return sla_format_duration(d, buf, size);
}

static void instant_round_trip(const sla_calendar *cal, int64_t t)
{
    char buf[64];
    int64_t back = SENTINEL;
    int len = sla_format_instant(cal, t, buf, sizeof buf);
    CHECK(len > 0 && (size_t)len < sizeof buf);
    CHECK(strlen(buf) == (size_t)len);
    check_prefix(buf, len, fmt_instant, cal, t);
    CHECK(sla_parse_instant(cal, buf, &back, NULL) == 0);
    CHECK(back == t);
    /* The formatted text carries its offset: any zone reads it the same. */
    back = SENTINEL;
    CHECK(sla_parse_instant(NULL, buf, &back, NULL) == 0);
    CHECK(back == t);
}

static void fuzz_instant(const sla_calendar *cal, const char *text, size_t len, sla_diag *diag)
{
    int64_t t = SENTINEL;
    int rc = sla_parse_instant(cal, text, &t, diag);
    if (rc == 0) {
        CHECK(sla_diag_code(diag) == 0);
        CHECK(t >= SLA_TIME_MIN && t < SLA_TIME_MAX);
        instant_round_trip(NULL, t);
        if (cal)
            instant_round_trip(cal, t);
    } else {
        CHECK(rc == SLA_EPARSE || rc == SLA_ERANGE);
        CHECK(t == SENTINEL);
        check_diag(diag, rc, len);
    }
}

static void fuzz_duration(const char *text, size_t len, sla_diag *diag)
{
    int64_t d = SENTINEL, back = SENTINEL;
    char buf[64];
    int rc = sla_parse_duration(text, &d, diag), n;
    if (rc != 0) {
        CHECK(rc == SLA_EPARSE || rc == SLA_ERANGE);
        CHECK(d == SENTINEL);
        check_diag(diag, rc, len);
        return;
    }
    CHECK(sla_diag_code(diag) == 0);
    /* A duration never spans more than the supported range of instants. */
    CHECK(d > -SLA_TIME_MAX - 1 && d < SLA_TIME_MAX + 1);
    n = sla_format_duration(d, buf, sizeof buf);
    CHECK(n > 0 && (size_t)n < sizeof buf && strlen(buf) == (size_t)n);
    check_prefix(buf, n, fmt_duration, NULL, d);
    CHECK(sla_parse_duration(buf, &back, NULL) == 0);
    CHECK(back == d);
}

/* The unit-aware parse agrees with sla_parse_duration on seconds, and gives
 * business days only for text that sla_parse_duration refuses. */
static void fuzz_duration_unit(const char *text, size_t len, sla_diag *diag)
{
    int64_t v = SENTINEL, d = SENTINEL;
    int unit = -1;
    int rc = sla_parse_duration_unit(text, &v, &unit, diag);
    int rc1 = sla_parse_duration(text, &d, NULL);
    if (rc != 0) {
        CHECK(rc == SLA_EPARSE || rc == SLA_ERANGE);
        CHECK(v == SENTINEL && unit == -1);
        check_diag(diag, rc, len);
        CHECK(rc1 != 0);
        return;
    }
    CHECK(unit == SLA_UNIT_SECONDS || unit == SLA_UNIT_BUSINESS_DAYS);
    if (unit == SLA_UNIT_SECONDS)
        CHECK(rc1 == 0 && d == v);
    else
        CHECK(rc1 == SLA_EPARSE && v > -SLA_TIME_MAX - 1 && v < SLA_TIME_MAX + 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text;
    size_t len;
    sla_diag *diag = NULL;

    if (size > MAX_INPUT)
        return 0;
    text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    len = strlen(text);
    if (sla_diag_new(&diag) != 0) {
        free(text);
        return 0;
    }

    fuzz_instant(NULL, text, len, diag);
    if (zone_calendar())
        fuzz_instant(zone_calendar(), text, len, diag);
    fuzz_duration(text, len, diag);
    fuzz_duration_unit(text, len, diag);

    sla_diag_free(diag);
    free(text);
    return 0;
}
