/*
 * SQLite extension benchmark: the cost per row of sla_add, sla_diff and
 * sla_is_open over a plain scan of 1,000,000 rows, one core.
 * Usage: bench-sqlite PATH-TO-EXTENSION [ROWS]
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) The libsla authors
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static sqlite3 *db;

static void exec(const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
        fprintf(stderr, "bench-sqlite: %s\n  in: %s\n", err, sql);
        exit(1);
    }
}

/* Best of three runs of a one-value query, in seconds. */
static double timed(const char *sql, long long *ret)
{
    double best = 1e9;
    int i;
    for (i = 0; i < 3; i++) {
        sqlite3_stmt *st;
        double t0 = now_s(), t;
        if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK ||
            sqlite3_step(st) != SQLITE_ROW) {
            fprintf(stderr, "bench-sqlite: %s\n  in: %s\n", sqlite3_errmsg(db), sql);
            exit(1);
        }
        *ret = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        t = now_s() - t0;
        if (t < best)
            best = t;
    }
    return best;
}

#define OSLO "'Europe/Oslo|Mo-Fr 08:00-16:00; PH off|2025-01-01,2025-04-17,2025-04-18," \
             "2025-04-21,2025-05-01,2025-05-17,2025-05-29,2025-06-09,2025-12-25,2025-12-26'"

int main(int argc, char **argv)
{
    char *err = NULL, sql[1024];
    long long rows = argc > 2 ? atoll(argv[2]) : 1000000, v;
    double base, t;
    static const struct {
        const char *name, *expr;
    } cases[] = {
        {"sla_add (first-reply deadline, 15m)", "sla_add(" OSLO ", created, 900)"},
        {"sla_add, duration text '15m'", "sla_add(" OSLO ", created, '15m')"},
        {"sla_diff (business seconds)", "sla_diff(" OSLO ", created, created + 86400)"},
        {"sla_is_open", "sla_is_open(" OSLO ", created)"},
        {"sla_add, two calendars by row", "sla_add(cal, created, 900)"},
    };
    size_t i;

    if (argc < 2) {
        fprintf(stderr, "usage: bench-sqlite EXTENSION [ROWS]\n");
        return 2;
    }
    if (sqlite3_open(":memory:", &db) != SQLITE_OK)
        return 1;
    sqlite3_enable_load_extension(db, 1);
    if (sqlite3_load_extension(db, argv[1], NULL, &err) != SQLITE_OK) {
        fprintf(stderr, "bench-sqlite: cannot load %s: %s\n", argv[1], err);
        return 1;
    }
    snprintf(sql, sizeof sql,
             "CREATE TABLE t(id INTEGER PRIMARY KEY, created INTEGER, cal TEXT);"
             "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < %lld) "
             "INSERT INTO t SELECT i, 1735689600 + (i * 7919) %% 31536000, "
             "CASE i %% 2 WHEN 0 THEN " OSLO " ELSE 'America/New_York|Mo-Fr 09:00-17:00' END "
             "FROM n;",
             rows - 1);
    exec(sql);
    base = timed("SELECT sum(created + 900) FROM t", &v);
    printf("sqlite: %lld rows, plain scan %.1f ms\n", rows, base * 1e3);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        snprintf(sql, sizeof sql, "SELECT sum(%s) FROM t", cases[i].expr);
        t = timed(sql, &v);
        printf("  %-40s %7.1f ms  %6.0f ns/row over the scan  %5.2f M calls/s\n", cases[i].name,
               t * 1e3, (t - base) / (double)rows * 1e9, (double)rows / (t - base) / 1e6);
    }
    exec("CREATE INDEX t_due ON t(sla_add(" OSLO ", created, 900))");
    t = timed("SELECT count(*) FROM t WHERE sla_add(" OSLO ", created, 900) "
              "BETWEEN 1746000000 AND 1746086400",
              &v);
    printf("  %-40s %7.3f ms  (%lld rows)\n", "deadline range through the index", t * 1e3, v);
    sqlite3_close(db);
    return 0;
}
