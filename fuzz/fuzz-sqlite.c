/* Fuzz target: the text parsers of the SQLite extension (sqlite/sla_sqlite.c),
 * through SQL on an in-memory database: calendar text ZONE|HOURS[|EXCEPTIONS]
 * (sla_calendar(), sla_add() and friends) and policy text with `calendar
 * NAME SPEC` lines (sla_apply(), sla_status()). The extension is compiled
 * into this program (SQLITE_CORE: its calls go straight to libsqlite3), so
 * its code is instrumented like the library's.
 *
 * Bit 0 of the first byte picks the mode; bytes 1-8 give an instant and a
 * duration (or a step); bit 1-4 pick a channel and a priority; the rest is
 * the text, bound as one TEXT value (NUL bytes included).
 *
 * Invariants:
 *  - every call gives a row or an SQL error whose message names the function
 *    ("sla_add: ...") and says more; nothing else, never a crash;
 *  - calendar mode: sla_add(text, t, 0) succeeds (= t) exactly when the text
 *    is a calendar, and sla_calendar(zone, hours[, exceptions]) on the pieces
 *    of the text succeeds exactly then too and returns the text itself; a
 *    text with a NUL byte is refused; on a calendar, diff(t, add(t, d)) = d,
 *    s = sub(add(t, d), d) has diff(s, add(t, d)) = d and s <= add(t, d),
 *    is_open is 0 or 1, next_open(t) >= t, prev_open(t) <= t is open,
 *    sla_add_days(t, n) = sla_add(t, 'Nbd'), the holiday horizon is NULL or
 *    an instant; the same call twice (compiled, then from the connection's
 *    cache) gives the same answer;
 *  - policy mode: sla_apply() and sla_status() agree on whether the policy
 *    text compiles; a created ticket reports one row per metric with a known
 *    state, elapsed in [0, elapsed_wall], remaining = target - elapsed while
 *    a target applies, and a running clock's deadline >= now; a report
 *    before the ticket's last event is refused.
 *
 * Inputs are bounded at 4 KiB (fuzz-options below): calendar and policy
 * texts of the seeds are under 300 bytes, and the hours text is limited to
 * 4 KiB by the library.
 * fuzz-options: -max_len=4096
 * SPDX-License-Identifier: MIT */
#define SQLITE_CORE 1
#include "sla_sqlite.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz-sqlite: check failed at line %d: %s\n", __LINE__, #cond);        \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* 2025-01-01T00:00:00Z; instants fall in the three years after it. */
#define BASE ((int64_t)1735689600)
#define SPAN ((uint32_t)3 * 366 * 86400)

static sqlite3 *db;

enum {
    Q_ADD, Q_SUB, Q_DIFF, Q_OPEN, Q_NEXT_OPEN, Q_CAL2, Q_CAL3, Q_APPLY, Q_APPLY_NEXT, Q_STATUS,
    Q_PREV_OPEN, Q_ADD_DAYS, Q_HORIZON, Q_COUNT
};

static const char *const sql[Q_COUNT] = {
    "SELECT sla_add(?1, ?2, ?3)",
    "SELECT sla_sub(?1, ?2, ?3)",
    "SELECT sla_diff(?1, ?2, ?3)",
    "SELECT sla_is_open(?1, ?2)",
    "SELECT sla_next_open(?1, ?2)",
    "SELECT sla_calendar(?1, ?2)",
    "SELECT sla_calendar(?1, ?2, ?3)",
    "SELECT sla_apply(?1, NULL, ?2, 'created', ?3, ?4)",
    "SELECT sla_apply(?1, ?2, ?3, 'reply')",
    ("SELECT metric, state, target, elapsed, remaining, elapsed_wall, deadline "
     "FROM sla_status(?1, ?2, ?3)"),
    "SELECT sla_prev_open(?1, ?2)",
    "SELECT sla_add_days(?1, ?2, ?3)",
    "SELECT sla_holiday_horizon(?1)",
};
static const char *const fn_of[Q_COUNT] = {
    "sla_add", "sla_sub", "sla_diff", "sla_is_open", "sla_next_open", "sla_calendar",
    "sla_calendar", "sla_apply", "sla_apply", "sla_status", "sla_prev_open", "sla_add_days",
    "sla_holiday_horizon",
};
static sqlite3_stmt *stmt[Q_COUNT];
static char last_err[1024]; /* the message of the last failed run() */

/* At exit: close the database, so that memory checkers see everything freed. */
static void teardown(void)
{
    int i;
    for (i = 0; i < Q_COUNT; i++)
        sqlite3_finalize(stmt[i]);
    sqlite3_close(db);
    db = NULL;
}

static void setup(void)
{
    char *err = NULL;
    int i;
    CHECK(sqlite3_open(":memory:", &db) == SQLITE_OK);
    CHECK(sqlite3_sla_init(db, &err, NULL) == SQLITE_OK);
    for (i = 0; i < Q_COUNT; i++)
        CHECK(sqlite3_prepare_v2(db, sql[i], -1, &stmt[i], NULL) == SQLITE_OK);
    atexit(teardown);
}

/* A bound argument: TEXT of n bytes, an INTEGER, a BLOB, or NULL. */
typedef struct {
    int type;
    const void *p;
    size_t n;
    int64_t i;
} arg;

static arg a_text(const char *s, size_t n)
{
    arg a = {SQLITE_TEXT, s, n, 0};
    return a;
}

static arg a_int(int64_t i)
{
    arg a = {SQLITE_INTEGER, NULL, 0, i};
    return a;
}

static arg a_blob(const void *p, size_t n)
{
    arg a = {SQLITE_BLOB, p, n, 0};
    return a;
}

/* Run query q with its arguments; on a row, leave the statement on it and
 * return 1 (the caller reads it and calls done()); on an error, check its
 * message names the function and return 0. */
static int run(int q, const arg *args, int nargs)
{
    sqlite3_stmt *s = stmt[q];
    int i, r;
    for (i = 0; i < nargs; i++) {
        const arg *a = &args[i];
        if (a->type == SQLITE_TEXT)
            r = sqlite3_bind_text64(s, i + 1, a->p, a->n, SQLITE_STATIC, SQLITE_UTF8);
        else if (a->type == SQLITE_BLOB)
            r = sqlite3_bind_blob64(s, i + 1, a->p, a->n, SQLITE_STATIC);
        else
            r = sqlite3_bind_int64(s, i + 1, a->i);
        CHECK(r == SQLITE_OK);
    }
    r = sqlite3_step(s);
    if (r == SQLITE_ROW)
        return 1;
    CHECK(r == SQLITE_ERROR);
    {
        const char *msg = sqlite3_errmsg(db);
        size_t k = strlen(fn_of[q]);
        snprintf(last_err, sizeof last_err, "%s", msg);
        if (strncmp(msg, fn_of[q], k) != 0 || msg[k] != ':' || msg[k + 1] != ' ' ||
            msg[k + 2] == '\0') {
            fprintf(stderr, "fuzz-sqlite: %s: message does not name the function: %s\n",
                    sql[q], msg);
            abort();
        }
    }
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return 0;
}

static void done(int q)
{
    CHECK(sqlite3_step(stmt[q]) == SQLITE_DONE);
    sqlite3_reset(stmt[q]);
    sqlite3_clear_bindings(stmt[q]);
}

/* The INTEGER result of a one-value query, or 0 with *ok = 0 on an error. */
static int64_t run_int(int q, const arg *args, int nargs, int *ok)
{
    int64_t v = 0;
    *ok = run(q, args, nargs);
    if (*ok) {
        CHECK(sqlite3_column_type(stmt[q], 0) == SQLITE_INTEGER);
        v = sqlite3_column_int64(stmt[q], 0);
        done(q);
    }
    return v;
}

static uint32_t u32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void calendar_mode(const char *text, size_t n, int64_t t, int64_t d)
{
    arg a[3];
    int ok, ok2, compiles;
    int64_t u, u2, s, v;
    const char *bar1, *bar2;

    /* Whether the text is a calendar: add(t, 0) = t exactly then. */
    a[0] = a_text(text, n);
    a[1] = a_int(t);
    a[2] = a_int(0);
    v = run_int(Q_ADD, a, 3, &compiles);
    if (compiles)
        CHECK(v == t);
    if (memchr(text, '\0', n))
        CHECK(!compiles);

    /* sla_calendar() on the pieces agrees, and gives back the text. */
    bar1 = memchr(text, '|', n);
    if (bar1 && !memchr(text, '\0', n)) {
        const char *end = text + n;
        arg c[3];
        int q;
        bar2 = memchr(bar1 + 1, '|', (size_t)(end - bar1 - 1));
        c[0] = a_text(text, (size_t)(bar1 - text));
        c[1] = a_text(bar1 + 1, (size_t)((bar2 ? bar2 : end) - bar1 - 1));
        if (bar2)
            c[2] = a_text(bar2 + 1, (size_t)(end - bar2 - 1));
        q = bar2 ? Q_CAL3 : Q_CAL2;
        ok = run(q, c, bar2 ? 3 : 2);
        if (bar2 && memchr(bar2 + 1, '|', (size_t)(end - bar2 - 1)))
            CHECK(!ok); /* no '|' inside a piece */
        else
            CHECK(ok == compiles);
        if (ok) {
            CHECK(sqlite3_column_type(stmt[q], 0) == SQLITE_TEXT);
            CHECK((size_t)sqlite3_column_bytes(stmt[q], 0) == n);
            CHECK(memcmp(sqlite3_column_text(stmt[q], 0), text, n) == 0);
            done(q);
        }
    }
    if (!compiles)
        return;

    a[2] = a_int(d);
    u = run_int(Q_ADD, a, 3, &ok);
    u2 = run_int(Q_ADD, a, 3, &ok2); /* again: the same answer */
    CHECK(ok == ok2 && u == u2);
    if (ok) {
        arg b[3];
        CHECK(u >= t + 0 && u - t >= d);
        b[0] = a[0];
        b[1] = a_int(t);
        b[2] = a_int(u);
        CHECK(run_int(Q_DIFF, b, 3, &ok2) == d && ok2);
        b[1] = a_int(u);
        b[2] = a_int(d);
        s = run_int(Q_SUB, b, 3, &ok2);
        CHECK(ok2 && s <= u);
        b[1] = a_int(s);
        b[2] = a_int(u);
        CHECK(run_int(Q_DIFF, b, 3, &ok2) == d && ok2);
    }
    v = run_int(Q_OPEN, a, 2, &ok);
    CHECK(ok && (v == 0 || v == 1));
    v = run_int(Q_NEXT_OPEN, a, 2, &ok);
    if (ok)
        CHECK(v >= t);
    v = run_int(Q_PREV_OPEN, a, 2, &ok);
    if (ok) {
        arg b[2] = {a[0], a_int(v)};
        CHECK(v <= t);
        CHECK(run_int(Q_OPEN, b, 2, &ok2) == 1 && ok2);
    }
    /* n business days: sla_add_days(t, n) = sla_add(t, 'Nbd') */
    {
        char nbd[16];
        int64_t nd = d % 40;
        arg b[3] = {a[0], a_int(t), a_int(nd)};
        snprintf(nbd, sizeof nbd, "%dbd", (int)nd);
        u = run_int(Q_ADD_DAYS, b, 3, &ok);
        b[2] = a_text(nbd, strlen(nbd));
        u2 = run_int(Q_ADD, b, 3, &ok2);
        CHECK(ok == ok2 && u == u2);
        if (ok)
            CHECK(u >= t);
    }
    if (run(Q_HORIZON, a, 1)) {
        int type = sqlite3_column_type(stmt[Q_HORIZON], 0);
        CHECK(type == SQLITE_NULL || type == SQLITE_INTEGER);
        done(Q_HORIZON);
    } else {
        CHECK(0); /* the text is a calendar */
    }
}

static const char *const channels[] = {"email", "chat", "whatsapp", "phone", "", "web",
                                       "Email", "x"};
static const char *const priorities[] = {"normal", "low", "high", "urgent", "", "critical",
                                         "URGENT", "normal "};

static void policy_mode(const char *text, size_t n, unsigned flags, int64_t created,
                        int64_t step)
{
    static const uint8_t junk[] = {0};
    const char *ch = channels[(flags >> 1) & 7], *pr = priorities[(flags >> 4) & 7];
    arg a[4];
    int ok, pol_ok, rows = 0;
    const void *blob;
    uint8_t *state = NULL;
    size_t ns = 0;
    int64_t now = created + step;

    a[0] = a_text(text, n);
    a[1] = a_int(created);
    a[2] = a_text(ch, strlen(ch));
    a[3] = a_text(pr, strlen(pr));
    ok = run(Q_APPLY, a, 4);
    if (ok) {
        CHECK(sqlite3_column_type(stmt[Q_APPLY], 0) == SQLITE_BLOB);
        blob = sqlite3_column_blob(stmt[Q_APPLY], 0);
        ns = (size_t)sqlite3_column_bytes(stmt[Q_APPLY], 0);
        CHECK(ns > 0);
        state = malloc(ns);
        CHECK(state != NULL);
        memcpy(state, blob, ns);
        done(Q_APPLY);
        pol_ok = 1;
    } else {
        pol_ok = strncmp(last_err, "sla_apply: policy: ", 19) != 0;
    }
    if (memchr(text, '\0', n))
        CHECK(!ok);

    /* sla_status: the same verdict on the policy text (with a state that is
     * not a ticket's, the state is refused after the policy). */
    a[1] = state ? a_blob(state, ns) : a_blob(junk, sizeof junk);
    a[2] = a_int(state ? now : created);
    if (run(Q_STATUS, a, 3)) {
        CHECK(state != NULL);
        do {
            sqlite3_stmt *s = stmt[Q_STATUS];
            const char *st = (const char *)sqlite3_column_text(s, 1);
            int64_t el = sqlite3_column_int64(s, 3), rem = sqlite3_column_int64(s, 4),
                    wall = sqlite3_column_int64(s, 5);
            CHECK(sqlite3_column_type(s, 0) == SQLITE_TEXT && st != NULL);
            CHECK(!strcmp(st, "inactive") || !strcmp(st, "running") || !strcmp(st, "paused") ||
                  !strcmp(st, "achieved") || !strcmp(st, "breached"));
            CHECK(el >= 0 && el <= wall);
            if (sqlite3_column_type(s, 2) == SQLITE_INTEGER && strcmp(st, "inactive") != 0)
                CHECK(rem == sqlite3_column_int64(s, 2) - el);
            if (!strcmp(st, "running") && sqlite3_column_type(s, 6) == SQLITE_INTEGER)
                CHECK(sqlite3_column_int64(s, 6) >= now);
            rows++;
        } while (sqlite3_step(stmt[Q_STATUS]) == SQLITE_ROW);
        sqlite3_reset(stmt[Q_STATUS]);
        sqlite3_clear_bindings(stmt[Q_STATUS]);
        CHECK(rows == SLA_METRIC_COUNT);
    } else {
        const char *msg = last_err;
        CHECK(state == NULL || step < 0);
        if (!pol_ok)
            CHECK(strncmp(msg, "sla_status: policy: ", 20) == 0);
        else if (!memchr(text, '\0', n))
            CHECK(strncmp(msg, "sla_status: policy", 18) != 0);
    }
    if (!state)
        return;
    if (step > 0) {
        /* a reply after the creation, then a report before it: refused */
        arg b[3] = {a_text(text, n), a_blob(state, ns), a_int(now)};
        ok = run(Q_APPLY_NEXT, b, 3);
        if (ok) {
            uint8_t *st2;
            size_t n2 = (size_t)sqlite3_column_bytes(stmt[Q_APPLY_NEXT], 0);
            CHECK(sqlite3_column_type(stmt[Q_APPLY_NEXT], 0) == SQLITE_BLOB && n2 > 0);
            st2 = malloc(n2);
            CHECK(st2 != NULL);
            memcpy(st2, sqlite3_column_blob(stmt[Q_APPLY_NEXT], 0), n2);
            done(Q_APPLY_NEXT);
            b[1] = a_blob(st2, n2);
            b[2] = a_int(now - 1);
            CHECK(!run(Q_STATUS, b, 3));
            CHECK(strstr(last_err, "before the ticket's last event") != NULL);
            free(st2);
        }
    }
    free(state);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned flags;
    int64_t t, d;

    if (!db)
        setup();
    if (size < 9 || size > 4096)
        return 0;
    flags = data[0];
    t = BASE + (int64_t)(u32(data + 1) % SPAN);
    d = (int64_t)(u32(data + 5) % (40u * 86400u));
    if (flags & 1)
        policy_mode((const char *)data + 9, size - 9, flags, t, d % (10 * 86400) - 3600);
    else
        calendar_mode((const char *)data + 9, size - 9, t, d);
    return 0;
}
