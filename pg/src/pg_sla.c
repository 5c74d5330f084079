/*
 * pg_sla: libsla's business-time arithmetic and ticket clocks as PostgreSQL functions.
 *
 * Rules this file keeps (see pg/README.md):
 * - libsla never calls back into PostgreSQL, and no PostgreSQL function that can raise an
 *   error runs while a libsla object made by the current call is alive: every call first
 *   gathers its inputs (SPI, detoasting, palloc), then runs libsla, frees what libsla made
 *   for the call, and only then builds results or raises the error.
 * - Compiled calendars and policies live in a backend-local LRU cache keyed by the id of
 *   their version row. Version rows never change, so no invalidation is needed.
 * - Instants cross the boundary as epoch seconds (floor of the timestamptz); the session's
 *   TimeZone is never read.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/timestamp.h"

#include <stdlib.h>
#include <string.h>

#include "libsla/sla.h"

PG_MODULE_MAGIC;

/* ---- errors ------------------------------------------------------------------------- */

/* One diagnostics object for the backend's lifetime: never freed, so no error path leaks. */
static sla_diag *g_diag;

static sla_diag *
diag_get(void)
{
    if (g_diag == NULL && sla_diag_new(&g_diag) != 0)
        ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
    return g_diag;
}

/*
 * Raise the SQL error for libsla status @p rc about @p what. For a parse error the diag's
 * line, column, construct and message go into DETAIL. Only call this once every libsla
 * object of the current call is freed.
 */
static void pg_attribute_noreturn()
raise_sla(int rc, const char *what, const sla_diag *diag)
{
    int code;

    switch (rc) {
    case SLA_ERANGE:
        ereport(ERROR, (errcode(ERRCODE_DATETIME_FIELD_OVERFLOW),
                        errmsg("%s: instant outside the supported range", what),
                        errdetail("libsla computes from 1970-01-01 00:00:00 UTC up to "
                                  "2200-01-01 00:00:00 UTC (not included).")));
        break;
    case SLA_EPARSE:
        if (diag != NULL && sla_diag_code(diag) == SLA_EPARSE) {
            const char *construct = sla_diag_construct(diag);
            const char *msg = sla_diag_message(diag);
            /* Some messages start with their own "line N[, column M]: "; DETAIL has it. */
            if (strncmp(msg, "line ", 5) == 0 && strstr(msg, ": ") != NULL)
                msg = strstr(msg, ": ") + 2;
            ereport(ERROR, (errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
                            errmsg("%s: text could not be parsed", what),
                            errdetail("line %d, column %d, %s: %s", sla_diag_line(diag),
                                      sla_diag_column(diag),
                                      construct != NULL && construct[0] ? construct : "text",
                                      msg)));
        }
        ereport(ERROR, (errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
                        errmsg("%s: %s", what, sla_strerror(rc))));
        break;
    case SLA_ENOMEM:
        ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("%s: out of memory", what)));
        break;
    default:
        code = ERRCODE_INVALID_PARAMETER_VALUE;
        if (diag != NULL && sla_diag_code(diag) == rc && sla_diag_message(diag) != NULL &&
            sla_diag_message(diag)[0] != '\0')
            ereport(ERROR, (errcode(code), errmsg("%s: %s", what, sla_strerror(rc)),
                            errdetail("%s", sla_diag_message(diag))));
        ereport(ERROR, (errcode(code), errmsg("%s: %s", what, sla_strerror(rc)),
                        errdetail("libsla error \"%s\".", sla_error_name(rc))));
    }
    pg_unreachable();
}

/* ---- instants and durations --------------------------------------------------------- */

#define UNIX_TO_PG_SECS ((int64) (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * SECS_PER_DAY)

static int64
ts_to_epoch(TimestampTz ts, const char *what)
{
    int64 s;

    if (TIMESTAMP_NOT_FINITE(ts))
        ereport(ERROR, (errcode(ERRCODE_DATETIME_FIELD_OVERFLOW),
                        errmsg("%s: infinite instants are not supported", what),
                        errdetail("libsla computes from 1970-01-01 00:00:00 UTC up to "
                                  "2200-01-01 00:00:00 UTC (not included).")));
    s = ts / USECS_PER_SEC;
    if (ts % USECS_PER_SEC < 0)
        s--;
    return s + UNIX_TO_PG_SECS;
}

static TimestampTz
epoch_to_ts(int64 s)
{
    return (s - UNIX_TO_PG_SECS) * USECS_PER_SEC;
}

static Datum
secs_to_interval(int64 s)
{
    Interval *iv = palloc0(sizeof(Interval));
    iv->time = s * USECS_PER_SEC;
    return IntervalPGetDatum(iv);
}

/* An interval as seconds: its time part plus 24 h per day; months and fractions refused. */
static int64
interval_to_secs(const Interval *iv, const char *what)
{
    if (iv->month != 0)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: an interval with months or years has no fixed length", what),
                        errhint("Give days, hours, minutes or seconds; a day is 24 hours "
                                "of open time.")));
    if (iv->time % USECS_PER_SEC != 0)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: fractions of a second are not supported", what)));
    return iv->time / USECS_PER_SEC + (int64) iv->day * SECS_PER_DAY;
}

static void
refuse_negative(int64 d, const char *what)
{
    if (d < 0)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: negative duration", what),
                        errhint("add and sub take durations >= 0; use the other one.")));
}

/* ---- the version-row cache ---------------------------------------------------------- */

enum { KIND_CALENDAR = 1, KIND_POLICY = 2 };

#define CACHE_SLOTS 64

typedef struct cache_entry {
    int kind;
    int64 id;
    uint64 stamp;            /* unique per filling: a memo is valid while it matches */
    uint64 used;             /* LRU clock */
    sla_calendar *cal;       /* KIND_CALENDAR */
    sla_policy *policy;      /* KIND_POLICY */
    sla_calendar **cals;     /* KIND_POLICY: the calendars it owns (malloc) */
    int ncals;
} cache_entry;

static cache_entry g_cache[CACHE_SLOTS];
static uint64 g_tick;
static uint64 g_stamp;

typedef struct memo {
    int kind;
    int64 id;
    int slot;
    uint64 stamp;
    TupleDesc desc; /* the call site's blessed result row type, for composite results */
} memo;

static void
entry_clear(cache_entry *e)
{
    int i;

    sla_policy_free(e->policy);
    for (i = 0; i < e->ncals; i++)
        sla_calendar_free(e->cals[i]);
    free(e->cals);
    sla_calendar_free(e->cal);
    memset(e, 0, sizeof(*e));
}

/* What a calendar version row holds, read through SPI into palloc'd memory. */
typedef struct cal_src {
    char *name;
    char *zone;
    char *hours;
    char *ics;
    int nhol;
    int32 *hol;   /* YYYYMMDD */
    int nclo;
    int64 *clo_start;
    int64 *clo_end;
} cal_src;

static SPIPlanPtr g_cal_plan;
static SPIPlanPtr g_pol_plan;

static int64 *
int8_array(Datum d, int *ret_n)
{
    ArrayType *a = DatumGetArrayTypeP(d);
    Datum *elems;
    bool *nulls;
    int n, i;
    int64 *out;

    deconstruct_array(a, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &elems, &nulls, &n);
    out = palloc(sizeof(int64) * (n + 1));
    for (i = 0; i < n; i++)
        out[i] = nulls[i] ? 0 : DatumGetInt64(elems[i]);
    *ret_n = n;
    return out;
}

static char *
text_array_elem(Datum d, int i)
{
    ArrayType *a = DatumGetArrayTypeP(d);
    Datum *elems;
    bool *nulls;
    int n;

    deconstruct_array(a, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
    if (i >= n || nulls[i])
        return NULL;
    return TextDatumGetCString(elems[i]);
}

/* Read calendar version @p id; false when no such row. Inside SPI. */
static bool
fetch_calendar(int64 id, cal_src *src, MemoryContext out)
{
    Datum arg = Int64GetDatum(id);
    Datum d;
    bool isnull;
    HeapTuple tup;
    TupleDesc desc;
    MemoryContext old;
    int n, i;

    if (g_cal_plan == NULL) {
        Oid argtypes[1] = {INT8OID};
        SPIPlanPtr p = SPI_prepare(
            "SELECT name, zone, hours, ics, "
            " ARRAY(SELECT (extract(year FROM h) * 10000 + extract(month FROM h) * 100"
            "               + extract(day FROM h))::int8 FROM unnest(holidays) h),"
            " ARRAY(SELECT floor(extract(epoch FROM lower(r)))::int8 FROM unnest(closures) r),"
            " ARRAY(SELECT floor(extract(epoch FROM upper(r)))::int8 FROM unnest(closures) r)"
            " FROM sla.calendar WHERE id = $1",
            1, argtypes);
        if (p == NULL)
            elog(ERROR, "pg_sla: cannot prepare the calendar query");
        SPI_keepplan(p);
        g_cal_plan = p;
    }
    if (SPI_execute_plan(g_cal_plan, &arg, NULL, true, 1) != SPI_OK_SELECT)
        elog(ERROR, "pg_sla: the calendar query failed");
    if (SPI_processed == 0)
        return false;
    tup = SPI_tuptable->vals[0];
    desc = SPI_tuptable->tupdesc;
    old = MemoryContextSwitchTo(out);
    memset(src, 0, sizeof(*src));
    src->name = SPI_getvalue(tup, desc, 1);
    src->zone = SPI_getvalue(tup, desc, 2);
    src->hours = SPI_getvalue(tup, desc, 3);
    src->ics = SPI_getvalue(tup, desc, 4);
    d = SPI_getbinval(tup, desc, 5, &isnull);
    {
        int64 *h = int8_array(d, &n);
        src->hol = palloc(sizeof(int32) * (n + 1));
        for (i = 0; i < n; i++)
            src->hol[i] = (int32) h[i];
        src->nhol = n;
    }
    d = SPI_getbinval(tup, desc, 6, &isnull);
    src->clo_start = int8_array(d, &src->nclo);
    d = SPI_getbinval(tup, desc, 7, &isnull);
    src->clo_end = int8_array(d, &n);
    MemoryContextSwitchTo(old);
    return true;
}

/* Compile a calendar from its row. Pure libsla: nothing here can raise a PostgreSQL error. */
static int
build_calendar(const cal_src *s, sla_calendar **ret, sla_diag *diag, const char **ret_part)
{
    sla_calendar_builder *b = NULL;
    int rc, i;

    *ret_part = "zone";
    rc = sla_calendar_builder_new(s->zone, &b);
    if (rc != 0)
        return rc;
    *ret_part = "opening hours";
    rc = sla_calendar_builder_set_hours(b, s->hours, diag);
    for (i = 0; rc == 0 && i < s->nhol; i++) {
        *ret_part = "holidays";
        rc = sla_calendar_builder_add_holiday(b, s->hol[i] / 10000, s->hol[i] / 100 % 100,
                                              s->hol[i] % 100);
    }
    for (i = 0; rc == 0 && i < s->nclo; i++) {
        *ret_part = "closures";
        rc = sla_calendar_builder_add_closure(b, s->clo_start[i], s->clo_end[i]);
    }
    if (rc == 0 && s->ics != NULL) {
        *ret_part = "iCalendar text";
        rc = sla_calendar_builder_add_ics(b, s->ics, strlen(s->ics), NULL, diag);
    }
    if (rc == 0) {
        *ret_part = "compilation";
        rc = sla_calendar_builder_compile(b, ret);
    }
    sla_calendar_builder_free(b);
    return rc;
}

static void pg_attribute_noreturn()
raise_build(int rc, const char *kind, const char *name, int64 id, const char *part)
{
    char what[256];

    snprintf(what, sizeof(what), "%s \"%s\" (version id " INT64_FORMAT "), %s", kind,
             name ? name : "?", id, part);
    raise_sla(rc, what, g_diag);
}

static void
load_calendar(cache_entry *e, int64 id)
{
    MemoryContext caller = CurrentMemoryContext;
    cal_src src;
    bool found;
    const char *part = "";
    sla_calendar *cal = NULL;
    sla_diag *diag = diag_get();
    int rc;

    if (SPI_connect() != SPI_OK_CONNECT)
        elog(ERROR, "pg_sla: SPI_connect failed");
    found = fetch_calendar(id, &src, caller);
    SPI_finish();
    if (!found)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("no calendar version with id " INT64_FORMAT, id),
                        errhint("Look ids up with sla.calendar_id(name).")));
    rc = build_calendar(&src, &cal, diag, &part);
    if (rc != 0)
        raise_build(rc, "calendar", src.name, id, part);
    e->cal = cal;
}

static void
load_policy(cache_entry *e, int64 id)
{
    MemoryContext caller = CurrentMemoryContext;
    char *name = NULL, *body = NULL;
    cal_src *srcs = NULL;
    char **names = NULL;
    int64 *ids = NULL;
    int n = 0, i, rc = 0;
    bool found = false;
    sla_policy *p = NULL;
    sla_calendar **cals;
    sla_diag *diag = diag_get();
    const char *part = "";
    int bad = -1;

    if (SPI_connect() != SPI_OK_CONNECT)
        elog(ERROR, "pg_sla: SPI_connect failed");
    if (g_pol_plan == NULL) {
        Oid argtypes[1] = {INT8OID};
        SPIPlanPtr pl = SPI_prepare("SELECT name, body, calendar_names, calendar_ids"
                                    " FROM sla.policy WHERE id = $1", 1, argtypes);
        if (pl == NULL)
            elog(ERROR, "pg_sla: cannot prepare the policy query");
        SPI_keepplan(pl);
        g_pol_plan = pl;
    }
    {
        Datum arg = Int64GetDatum(id);
        if (SPI_execute_plan(g_pol_plan, &arg, NULL, true, 1) != SPI_OK_SELECT)
            elog(ERROR, "pg_sla: the policy query failed");
    }
    if (SPI_processed > 0) {
        HeapTuple tup = SPI_tuptable->vals[0];
        TupleDesc desc = SPI_tuptable->tupdesc;
        bool isnull;
        Datum dn, di;
        MemoryContext old = MemoryContextSwitchTo(caller);

        found = true;
        name = SPI_getvalue(tup, desc, 1);
        body = SPI_getvalue(tup, desc, 2);
        dn = SPI_getbinval(tup, desc, 3, &isnull);
        di = SPI_getbinval(tup, desc, 4, &isnull);
        ids = int8_array(di, &n);
        names = palloc(sizeof(char *) * (n + 1));
        for (i = 0; i < n; i++)
            names[i] = text_array_elem(dn, i);
        srcs = palloc0(sizeof(cal_src) * (n + 1));
        MemoryContextSwitchTo(old);
        for (i = 0; i < n; i++)
            if (!fetch_calendar(ids[i], &srcs[i], caller))
                elog(ERROR, "pg_sla: policy " INT64_FORMAT " refers to a missing calendar", id);
    }
    SPI_finish();
    if (!found)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("no policy version with id " INT64_FORMAT, id),
                        errhint("Look ids up with sla.policy_id(name).")));

    /* From here to the end: libsla only, then free, then report. */
    cals = calloc((size_t) n + 1, sizeof(*cals));
    if (cals == NULL)
        rc = SLA_ENOMEM;
    if (rc == 0)
        rc = sla_policy_new(&p);
    for (i = 0; rc == 0 && i < n; i++) {
        rc = build_calendar(&srcs[i], &cals[i], diag, &part);
        if (rc == 0)
            rc = sla_policy_add_calendar(p, names[i], cals[i]);
        if (rc != 0)
            bad = i;
    }
    if (rc == 0) {
        part = "policy text";
        rc = sla_policy_parse(p, body, diag);
    }
    if (rc != 0) {
        sla_policy_free(p);
        for (i = 0; cals != NULL && i < n; i++)
            sla_calendar_free(cals[i]);
        free(cals);
        if (bad >= 0)
            raise_build(rc, "calendar", srcs[bad].name, ids[bad], part);
        raise_build(rc, "policy", name, id, part);
    }
    e->policy = p;
    e->cals = cals;
    e->ncals = n;
}

/*
 * The cache entry of version @p id of @p kind, compiling it on a miss. @p m (optional) is a
 * per-call-site memo that skips the search when the same id comes back row after row.
 */
static cache_entry *
cache_get(int kind, int64 id, memo *m)
{
    cache_entry *e;
    int i, victim = 0;

    if (m != NULL && m->kind == kind && m->id == id && g_cache[m->slot].stamp == m->stamp &&
        m->stamp != 0) {
        e = &g_cache[m->slot];
        e->used = ++g_tick;
        return e;
    }
    for (i = 0; i < CACHE_SLOTS; i++) {
        e = &g_cache[i];
        if (e->kind == kind && e->id == id) {
            e->used = ++g_tick;
            goto found;
        }
        if (e->kind == 0 || (g_cache[victim].kind != 0 && e->used < g_cache[victim].used))
            victim = i;
    }
    i = victim;
    e = &g_cache[i];
    entry_clear(e);
    if (kind == KIND_CALENDAR)
        load_calendar(e, id);
    else
        load_policy(e, id);
    e->kind = kind;
    e->id = id;
    e->stamp = ++g_stamp;
    e->used = ++g_tick;
found:
    if (m != NULL) {
        m->kind = kind;
        m->id = id;
        m->slot = i;
        m->stamp = e->stamp;
    }
    return e;
}

static memo *
fn_memo(FunctionCallInfo fcinfo)
{
    if (fcinfo->flinfo->fn_extra == NULL)
        fcinfo->flinfo->fn_extra = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(memo));
    return (memo *) fcinfo->flinfo->fn_extra;
}

/* The composite result type of the call, looked up once per call site. */
static TupleDesc
result_desc(FunctionCallInfo fcinfo)
{
    memo *m = fn_memo(fcinfo);

    if (m->desc == NULL) {
        TupleDesc d;
        MemoryContext old;
        if (get_call_result_type(fcinfo, NULL, &d) != TYPEFUNC_COMPOSITE)
            elog(ERROR, "pg_sla: function must return a composite");
        old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
        m->desc = BlessTupleDesc(CreateTupleDescCopy(d));
        MemoryContextSwitchTo(old);
    }
    return m->desc;
}

static const sla_calendar *
calendar_arg(FunctionCallInfo fcinfo, int argno)
{
    return cache_get(KIND_CALENDAR, PG_GETARG_INT64(argno), fn_memo(fcinfo))->cal;
}

/* ---- catalog helpers ---------------------------------------------------------------- */

PG_FUNCTION_INFO_V1(pg_sla_check_calendar);
Datum
pg_sla_check_calendar(PG_FUNCTION_ARGS)
{
    cache_entry *e = cache_get(KIND_CALENDAR, PG_GETARG_INT64(0), NULL);
    PG_RETURN_INT64((int64) sla_calendar_memory_size(e->cal));
}

PG_FUNCTION_INFO_V1(pg_sla_check_policy);
Datum
pg_sla_check_policy(PG_FUNCTION_ARGS)
{
    cache_entry *e = cache_get(KIND_POLICY, PG_GETARG_INT64(0), NULL);
    PG_RETURN_INT64((int64) sla_policy_target_count(e->policy));
}

PG_FUNCTION_INFO_V1(pg_sla_cache_stats);
Datum
pg_sla_cache_stats(PG_FUNCTION_ARGS)
{
    int i, n = 0;
    for (i = 0; i < CACHE_SLOTS; i++)
        n += g_cache[i].kind != 0;
    PG_RETURN_INT32(n);
}

/* ---- business-time arithmetic ------------------------------------------------------- */

static TimestampTz
do_add(FunctionCallInfo fcinfo, int64 d, bool sub)
{
    const char *what = sub ? "sla.sub" : "sla.add";
    int64 t = ts_to_epoch(PG_GETARG_TIMESTAMPTZ(1), what);
    const sla_calendar *cal;
    int64 r;
    int rc;

    refuse_negative(d, what);
    cal = calendar_arg(fcinfo, 0);
    rc = sub ? sla_calendar_sub(cal, t, d, &r) : sla_calendar_add(cal, t, d, &r);
    if (rc != 0)
        raise_sla(rc, what, NULL);
    return epoch_to_ts(r);
}

PG_FUNCTION_INFO_V1(pg_sla_add_interval);
Datum
pg_sla_add_interval(PG_FUNCTION_ARGS)
{
    int64 d = interval_to_secs(PG_GETARG_INTERVAL_P(2), "sla.add");
    PG_RETURN_TIMESTAMPTZ(do_add(fcinfo, d, false));
}

PG_FUNCTION_INFO_V1(pg_sla_add_secs);
Datum
pg_sla_add_secs(PG_FUNCTION_ARGS)
{
    PG_RETURN_TIMESTAMPTZ(do_add(fcinfo, PG_GETARG_INT64(2), false));
}

PG_FUNCTION_INFO_V1(pg_sla_sub_interval);
Datum
pg_sla_sub_interval(PG_FUNCTION_ARGS)
{
    int64 d = interval_to_secs(PG_GETARG_INTERVAL_P(2), "sla.sub");
    PG_RETURN_TIMESTAMPTZ(do_add(fcinfo, d, true));
}

PG_FUNCTION_INFO_V1(pg_sla_sub_secs);
Datum
pg_sla_sub_secs(PG_FUNCTION_ARGS)
{
    PG_RETURN_TIMESTAMPTZ(do_add(fcinfo, PG_GETARG_INT64(2), true));
}

static int64
do_diff(FunctionCallInfo fcinfo)
{
    int64 a = ts_to_epoch(PG_GETARG_TIMESTAMPTZ(1), "sla.diff");
    int64 b = ts_to_epoch(PG_GETARG_TIMESTAMPTZ(2), "sla.diff");
    int64 r;
    int rc = sla_calendar_diff(calendar_arg(fcinfo, 0), a, b, &r);

    if (rc != 0)
        raise_sla(rc, "sla.diff", NULL);
    return r;
}

PG_FUNCTION_INFO_V1(pg_sla_diff);
Datum
pg_sla_diff(PG_FUNCTION_ARGS)
{
    return secs_to_interval(do_diff(fcinfo));
}

PG_FUNCTION_INFO_V1(pg_sla_diff_secs);
Datum
pg_sla_diff_secs(PG_FUNCTION_ARGS)
{
    PG_RETURN_INT64(do_diff(fcinfo));
}

PG_FUNCTION_INFO_V1(pg_sla_is_open);
Datum
pg_sla_is_open(PG_FUNCTION_ARGS)
{
    int64 t = ts_to_epoch(PG_GETARG_TIMESTAMPTZ(1), "sla.is_open");
    int open = 0;
    int rc = sla_calendar_is_open(calendar_arg(fcinfo, 0), t, &open);

    if (rc != 0)
        raise_sla(rc, "sla.is_open", NULL);
    PG_RETURN_BOOL(open != 0);
}

static Datum
do_next(FunctionCallInfo fcinfo, bool close)
{
    const char *what = close ? "sla.next_close" : "sla.next_open";
    int64 t = ts_to_epoch(PG_GETARG_TIMESTAMPTZ(1), what);
    const sla_calendar *cal = calendar_arg(fcinfo, 0);
    int64 r;
    int rc = close ? sla_calendar_next_close(cal, t, &r) : sla_calendar_next_open(cal, t, &r);

    if (rc == SLA_ENEVER)
        PG_RETURN_NULL();
    if (rc != 0)
        raise_sla(rc, what, NULL);
    PG_RETURN_TIMESTAMPTZ(epoch_to_ts(r));
}

PG_FUNCTION_INFO_V1(pg_sla_next_open);
Datum
pg_sla_next_open(PG_FUNCTION_ARGS)
{
    return do_next(fcinfo, false);
}

PG_FUNCTION_INFO_V1(pg_sla_next_close);
Datum
pg_sla_next_close(PG_FUNCTION_ARGS)
{
    return do_next(fcinfo, true);
}

PG_FUNCTION_INFO_V1(pg_sla_local_text);
Datum
pg_sla_local_text(PG_FUNCTION_ARGS)
{
    int64 t = ts_to_epoch(PG_GETARG_TIMESTAMPTZ(1), "sla.local_text");
    char buf[64];
    int n = sla_format_instant(calendar_arg(fcinfo, 0), t, buf, sizeof(buf));

    if (n < 0)
        raise_sla(n, "sla.local_text", NULL);
    PG_RETURN_TEXT_P(cstring_to_text(buf));
}

PG_FUNCTION_INFO_V1(pg_sla_calendar_zone);
Datum
pg_sla_calendar_zone(PG_FUNCTION_ARGS)
{
    PG_RETURN_TEXT_P(cstring_to_text(sla_calendar_zone(calendar_arg(fcinfo, 0))));
}

/* Open spans [opens, closes) of a calendar, clipped to [from, to): value per call. */
typedef struct spans_state {
    int64 cal_id;
    int64 t;
    int64 to;
} spans_state;

PG_FUNCTION_INFO_V1(pg_sla_open_spans);
Datum
pg_sla_open_spans(PG_FUNCTION_ARGS)
{
    FuncCallContext *fc;
    spans_state *st;
    const sla_calendar *cal;
    int64 s, e;
    int open = 0, rc;

    if (SRF_IS_FIRSTCALL()) {
        MemoryContext old;
        int64 from = ts_to_epoch(PG_GETARG_TIMESTAMPTZ(1), "sla.open_spans");
        int64 to = ts_to_epoch(PG_GETARG_TIMESTAMPTZ(2), "sla.open_spans");
        TupleDesc desc;

        fc = SRF_FIRSTCALL_INIT();
        old = MemoryContextSwitchTo(fc->multi_call_memory_ctx);
        if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
            elog(ERROR, "pg_sla: open_spans must return a composite");
        fc->tuple_desc = BlessTupleDesc(desc);
        st = palloc(sizeof(*st));
        st->cal_id = PG_GETARG_INT64(0);
        st->t = from;
        st->to = to;
        fc->user_fctx = st;
        MemoryContextSwitchTo(old);
        /* Check the range and the calendar once, before the first row. */
        cal = cache_get(KIND_CALENDAR, st->cal_id, NULL)->cal;
        rc = sla_calendar_is_open(cal, from, &open);
        if (rc == 0 && to > from)
            rc = sla_calendar_is_open(cal, to - 1, &open);
        if (rc != 0)
            raise_sla(rc, "sla.open_spans", NULL);
    }
    fc = SRF_PERCALL_SETUP();
    st = fc->user_fctx;
    if (st->t >= st->to)
        SRF_RETURN_DONE(fc);
    cal = cache_get(KIND_CALENDAR, st->cal_id, NULL)->cal;
    rc = sla_calendar_is_open(cal, st->t, &open);
    s = st->t;
    if (rc == 0 && !open)
        rc = sla_calendar_next_open(cal, st->t, &s);
    if (rc == SLA_ENEVER || (rc == 0 && s >= st->to)) {
        st->t = st->to;
        SRF_RETURN_DONE(fc);
    }
    if (rc == 0) {
        rc = sla_calendar_next_close(cal, s, &e);
        if (rc == SLA_ENEVER) {
            rc = 0;
            e = st->to;
        }
    }
    if (rc != 0)
        raise_sla(rc, "sla.open_spans", NULL);
    if (e > st->to)
        e = st->to;
    st->t = e;
    {
        Datum vals[2];
        bool nulls[2] = {false, false};
        vals[0] = TimestampTzGetDatum(epoch_to_ts(s));
        vals[1] = TimestampTzGetDatum(epoch_to_ts(e));
        SRF_RETURN_NEXT(fc, HeapTupleGetDatum(heap_form_tuple(fc->tuple_desc, vals, nulls)));
    }
}

/* ---- the ticket state type ---------------------------------------------------------- */

/*
 * sla.state: a varlena holding a magic, the id of the policy version the ticket was made
 * with, and libsla's saved-ticket bytes (sla_ticket_save).
 */
#define STATE_MAGIC 0x534c5331u /* "SLS1" */
#define STATE_HEAD 12           /* magic (4) + policy id (8) */

static bytea *
state_make(int64 policy_id, const void *bytes, size_t n)
{
    bytea *s = palloc(VARHDRSZ + STATE_HEAD + n);
    uint32 magic = STATE_MAGIC;
    char *p = VARDATA(s);

    SET_VARSIZE(s, VARHDRSZ + STATE_HEAD + n);
    memcpy(p, &magic, 4);
    memcpy(p + 4, &policy_id, 8);
    memcpy(p + STATE_HEAD, bytes, n);
    return s;
}

static void
state_parts(bytea *s, int64 *ret_policy, const char **ret_bytes, size_t *ret_n)
{
    size_t len = VARSIZE_ANY_EXHDR(s);
    const char *p = VARDATA_ANY(s);
    uint32 magic;

    if (len <= STATE_HEAD)
        ereport(ERROR, (errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
                        errmsg("sla.state: truncated ticket state")));
    memcpy(&magic, p, 4);
    if (magic != STATE_MAGIC)
        ereport(ERROR, (errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
                        errmsg("sla.state: not a ticket state")));
    memcpy(ret_policy, p + 4, 8);
    *ret_bytes = p + STATE_HEAD;
    *ret_n = len - STATE_HEAD;
}

PG_FUNCTION_INFO_V1(pg_sla_state_in);
Datum
pg_sla_state_in(PG_FUNCTION_ARGS)
{
    const char *text = PG_GETARG_CSTRING(0);
    const char *colon = strchr(text, ':');
    char *end;
    int64 pid;
    size_t hexlen, n, i;
    char *bytes;

    errno = 0;
    pid = strtoll(text, &end, 10);
    if (colon == NULL || end != colon || end == text || errno != 0 || pid <= 0)
        ereport(ERROR, (errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
                        errmsg("invalid input syntax for type sla.state: \"%s\"", text),
                        errdetail("line 1, column 1, state: expected POLICY_ID:HEX")));
    hexlen = strlen(colon + 1);
    if (hexlen == 0 || hexlen % 2 != 0)
        ereport(ERROR, (errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
                        errmsg("invalid input syntax for type sla.state: \"%s\"", text),
                        errdetail("line 1, column %d, state: an even number of hex digits "
                                  "expected", (int) (colon - text) + 2)));
    n = hexlen / 2;
    bytes = palloc(n);
    for (i = 0; i < hexlen; i++) {
        char c = colon[1 + i];
        int v = c >= '0' && c <= '9' ? c - '0'
              : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (v < 0)
            ereport(ERROR, (errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
                            errmsg("invalid input syntax for type sla.state: \"%s\"", text),
                            errdetail("line 1, column %d, state: not a hex digit",
                                      (int) (colon - text) + 2 + (int) i)));
        if (i % 2 == 0)
            bytes[i / 2] = (char) (v << 4);
        else
            bytes[i / 2] |= (char) v;
    }
    PG_RETURN_BYTEA_P(state_make(pid, bytes, n));
}

PG_FUNCTION_INFO_V1(pg_sla_state_out);
Datum
pg_sla_state_out(PG_FUNCTION_ARGS)
{
    bytea *s = PG_GETARG_BYTEA_PP(0);
    int64 pid;
    const char *bytes;
    size_t n, i;
    StringInfoData buf;
    static const char hex[] = "0123456789abcdef";

    state_parts(s, &pid, &bytes, &n);
    initStringInfo(&buf);
    appendStringInfo(&buf, INT64_FORMAT ":", pid);
    enlargeStringInfo(&buf, (int) (2 * n + 1));
    for (i = 0; i < n; i++) {
        appendStringInfoChar(&buf, hex[(unsigned char) bytes[i] >> 4]);
        appendStringInfoChar(&buf, hex[(unsigned char) bytes[i] & 15]);
    }
    PG_RETURN_CSTRING(buf.data);
}

PG_FUNCTION_INFO_V1(pg_sla_state_recv);
Datum
pg_sla_state_recv(PG_FUNCTION_ARGS)
{
    StringInfo buf = (StringInfo) PG_GETARG_POINTER(0);
    int64 pid = pq_getmsgint64(buf);
    int n = buf->len - buf->cursor;
    const char *bytes = pq_getmsgbytes(buf, n);

    if (pid <= 0 || n <= 0)
        ereport(ERROR, (errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
                        errmsg("invalid binary sla.state")));
    PG_RETURN_BYTEA_P(state_make(pid, bytes, (size_t) n));
}

PG_FUNCTION_INFO_V1(pg_sla_state_send);
Datum
pg_sla_state_send(PG_FUNCTION_ARGS)
{
    bytea *s = PG_GETARG_BYTEA_PP(0);
    int64 pid;
    const char *bytes;
    size_t n;
    StringInfoData buf;

    state_parts(s, &pid, &bytes, &n);
    pq_begintypsend(&buf);
    pq_sendint64(&buf, pid);
    pq_sendbytes(&buf, bytes, (int) n);
    PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(pg_sla_state_policy);
Datum
pg_sla_state_policy(PG_FUNCTION_ARGS)
{
    int64 pid;
    const char *bytes;
    size_t n;

    state_parts(PG_GETARG_BYTEA_PP(0), &pid, &bytes, &n);
    PG_RETURN_INT64(pid);
}

PG_FUNCTION_INFO_V1(pg_sla_state_bytes);
Datum
pg_sla_state_bytes(PG_FUNCTION_ARGS)
{
    int64 pid;
    const char *bytes;
    size_t n;
    bytea *r;

    state_parts(PG_GETARG_BYTEA_PP(0), &pid, &bytes, &n);
    r = palloc(VARHDRSZ + n);
    SET_VARSIZE(r, VARHDRSZ + n);
    memcpy(VARDATA(r), bytes, n);
    PG_RETURN_BYTEA_P(r);
}

/* ---- ticket clocks ------------------------------------------------------------------ */

/* Scratch for saved bytes: malloc'd, grown as needed, kept for the backend's lifetime. */
static unsigned char *g_save;
static size_t g_save_cap;

/* Save @p t into g_save; returns the length or a negative libsla code. */
static int
save_ticket(const sla_ticket *t)
{
    int n = sla_ticket_save(t, NULL, 0);

    if (n < 0)
        return n;
    if ((size_t) n > g_save_cap) {
        unsigned char *p = realloc(g_save, (size_t) n);
        if (p == NULL)
            return SLA_ENOMEM;
        g_save = p;
        g_save_cap = (size_t) n;
    }
    return sla_ticket_save(t, g_save, (size_t) n);
}

/* A parsed event: what to apply, decided before any libsla object exists. */
typedef struct event {
    int kind;   /* SLA_EVENT_*, or 0 for "created" */
    int arg;
    int priority;
    bool has_arg;
} event;

static char g_msg[256];

/* Parse "created", "customer", "reply", "note", "status", "priority", "channel" (with their
 * argument, or as one word "status:solved"). Names resolve through the policy. Returns false
 * with g_msg set when the event is bad. */
static bool
parse_event(const sla_policy *p, const char *ev, const char *arg, event *out)
{
    char word[40];
    const char *colon = strchr(ev, ':');
    size_t wl = colon ? (size_t) (colon - ev) : strlen(ev);
    char argbuf[80];
    int v;

    memset(out, 0, sizeof(*out));
    out->priority = SLA_PRIORITY_NORMAL;
    if (wl >= sizeof(word)) {
        snprintf(g_msg, sizeof(g_msg), "unknown event \"%.40s\"", ev);
        return false;
    }
    memcpy(word, ev, wl);
    word[wl] = '\0';
    if (colon != NULL) {
        if (arg != NULL) {
            snprintf(g_msg, sizeof(g_msg), "event \"%s\" has an argument twice", ev);
            return false;
        }
        arg = colon + 1;
    }
    if (arg != NULL) {
        const char *c2 = strchr(arg, ':');
        if (strlen(arg) >= sizeof(argbuf)) {
            snprintf(g_msg, sizeof(g_msg), "argument of \"%s\" too long", word);
            return false;
        }
        strcpy(argbuf, arg);
        if (c2 != NULL && strcmp(word, "created") == 0) {
            argbuf[c2 - arg] = '\0';
            if (sla_name_lookup(2, c2 + 1, &out->priority) != 0) {
                snprintf(g_msg, sizeof(g_msg), "unknown priority \"%.40s\"", c2 + 1);
                return false;
            }
        }
        arg = argbuf;
    }
    if (strcmp(word, "created") == 0 || strcmp(word, "customer") == 0 ||
        strcmp(word, "channel") == 0) {
        out->kind = word[0] == 'c' && word[1] == 'r' ? 0
                  : word[1] == 'u' ? SLA_EVENT_CUSTOMER : SLA_EVENT_CHANNEL;
        if (arg == NULL && out->kind == SLA_EVENT_CHANNEL) {
            snprintf(g_msg, sizeof(g_msg), "event \"channel\" needs a channel name");
            return false;
        }
        if (arg != NULL) {
            if (sla_policy_channel(p, arg, &v) != 0) {
                snprintf(g_msg, sizeof(g_msg), "unknown channel \"%.40s\" (the policy knows "
                         "email, chat, phone, social, messaging, web and its own)", arg);
                return false;
            }
            out->arg = v;
            out->has_arg = true;
        } else if (out->kind == 0) {
            out->arg = SLA_CHANNEL_EMAIL;
            out->has_arg = true;
        }
        return true;
    }
    if (strcmp(word, "reply") == 0 || strcmp(word, "note") == 0) {
        out->kind = word[0] == 'r' ? SLA_EVENT_REPLY : SLA_EVENT_NOTE;
        return true;
    }
    if (strcmp(word, "status") == 0 || strcmp(word, "priority") == 0) {
        bool st = word[0] == 's';
        out->kind = st ? SLA_EVENT_STATUS : SLA_EVENT_PRIORITY;
        if (arg == NULL || sla_name_lookup(st ? 1 : 2, arg, &v) != 0) {
            snprintf(g_msg, sizeof(g_msg), "unknown %s \"%.40s\"", word, arg ? arg : "");
            return false;
        }
        out->arg = v;
        out->has_arg = true;
        return true;
    }
    snprintf(g_msg, sizeof(g_msg),
             "unknown event \"%.40s\" (created, customer, reply, note, status, priority, "
             "channel)", word);
    return false;
}

static void pg_attribute_noreturn()
raise_event(void)
{
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("sla: %s", g_msg)));
}

static void pg_attribute_noreturn()
raise_apply(int rc)
{
    if (rc == SLA_EORDER)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("sla.apply: event older than the ticket's last event"),
                        errhint("Replay events ORDER BY their instant.")));
    if (rc == SLA_ECLOSED)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("sla.apply: event after the ticket was closed")));
    if (rc == SLA_ESTATE)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("sla.state: the saved ticket was made with a different policy "
                               "version")));
    if (rc == SLA_EPARSE || rc == SLA_EVERSION)
        ereport(ERROR, (errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
                        errmsg("sla.state: the saved ticket does not fit its policy: %s",
                               sla_strerror(rc))));
    raise_sla(rc, "sla.apply", NULL);
}

/* Apply one parsed event to a ticket (libsla only). */
static int
apply_parsed(sla_ticket *t, int64 at, const event *ev)
{
    int ch;

    if (ev->kind == SLA_EVENT_CUSTOMER && !ev->has_arg) {
        int rc = sla_ticket_info(t, NULL, NULL, &ch, NULL, NULL);
        if (rc != 0)
            return rc;
        return sla_ticket_apply(t, at, SLA_EVENT_CUSTOMER, ch);
    }
    return sla_ticket_apply(t, at, ev->kind, ev->arg);
}

/*
 * The core of sla.ticket, sla.apply and the replay aggregate: restore (or create), apply,
 * save, free, then build the result.
 */
static bytea *
step(int64 policy_id, bytea *state, int64 at, const char *evtext, const char *arg, memo *m)
{
    cache_entry *e;
    const sla_policy *p;
    event ev;
    sla_ticket *t = NULL;
    int rc, n;

    if (state != NULL) {
        int64 pid;
        const char *bytes;
        size_t len;
        state_parts(state, &pid, &bytes, &len);
        if (policy_id > 0 && pid != policy_id)
            ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                            errmsg("sla: the ticket state belongs to policy version "
                                   INT64_FORMAT ", not " INT64_FORMAT, pid, policy_id)));
        policy_id = pid;
        e = cache_get(KIND_POLICY, policy_id, m);
        p = e->policy;
        if (!parse_event(p, evtext, arg, &ev))
            raise_event();
        if (ev.kind == 0)
            ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                            errmsg("sla: \"created\" for a ticket that already exists")));
        rc = sla_ticket_restore(p, bytes, len, &t);
        if (rc != 0)
            raise_apply(rc);
        rc = apply_parsed(t, at, &ev);
    } else {
        e = cache_get(KIND_POLICY, policy_id, m);
        p = e->policy;
        if (!parse_event(p, evtext, arg, &ev))
            raise_event();
        if (ev.kind != 0)
            ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                            errmsg("sla: a ticket's first event must be \"created\", not "
                                   "\"%s\"", evtext),
                            errhint("Replay events ORDER BY their instant.")));
        rc = sla_ticket_new(p, at, ev.arg, ev.priority, &t);
    }
    n = rc == 0 ? save_ticket(t) : rc;
    sla_ticket_free(t);
    if (n < 0)
        raise_apply(n);
    return state_make(policy_id, g_save, (size_t) n);
}

static char *
text_or_null(FunctionCallInfo fcinfo, int i)
{
    return PG_ARGISNULL(i) ? NULL : text_to_cstring(PG_GETARG_TEXT_PP(i));
}

/* sla.ticket(policy, created, channel, priority) */
PG_FUNCTION_INFO_V1(pg_sla_ticket);
Datum
pg_sla_ticket(PG_FUNCTION_ARGS)
{
    int64 pid = PG_GETARG_INT64(0);
    int64 at = ts_to_epoch(PG_GETARG_TIMESTAMPTZ(1), "sla.ticket");
    char *ch = text_to_cstring(PG_GETARG_TEXT_PP(2));
    char *pr = text_to_cstring(PG_GETARG_TEXT_PP(3));
    char *arg = psprintf("%s:%s", ch, pr);

    if (strchr(ch, ':') != NULL)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("sla.ticket: unknown channel \"%s\"", ch)));
    PG_RETURN_BYTEA_P(step(pid, NULL, at, "created", arg, fn_memo(fcinfo)));
}

/* sla.apply(state, at, event, arg): not strict in arg. */
PG_FUNCTION_INFO_V1(pg_sla_apply);
Datum
pg_sla_apply(PG_FUNCTION_ARGS)
{
    bytea *st;
    int64 at;

    if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
        PG_RETURN_NULL();
    st = PG_GETARG_BYTEA_PP(0);
    at = ts_to_epoch(PG_GETARG_TIMESTAMPTZ(1), "sla.apply");
    PG_RETURN_BYTEA_P(step(0, st, at, text_to_cstring(PG_GETARG_TEXT_PP(2)),
                           PG_NARGS() > 3 ? text_or_null(fcinfo, 3) : NULL, fn_memo(fcinfo)));
}

/*
 * Transition function of sla.replay(policy, at, event, arg ORDER BY at). The new state is
 * made in the per-call memory; the aggregate machinery copies it into its own context and
 * frees the previous state itself (so this function must not free its input).
 */
PG_FUNCTION_INFO_V1(pg_sla_replay_step);
Datum
pg_sla_replay_step(PG_FUNCTION_ARGS)
{
    bytea *st = PG_ARGISNULL(0) ? NULL : PG_GETARG_BYTEA_PP(0);
    int64 at;

    if (!AggCheckCallContext(fcinfo, NULL))
        elog(ERROR, "pg_sla: replay step called outside an aggregate");
    if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
        ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
                        errmsg("sla.replay: policy, instant and event must not be NULL")));
    at = ts_to_epoch(PG_GETARG_TIMESTAMPTZ(2), "sla.replay");
    PG_RETURN_BYTEA_P(step(PG_GETARG_INT64(1), st, at, text_to_cstring(PG_GETARG_TEXT_PP(3)),
                           text_or_null(fcinfo, 4), fn_memo(fcinfo)));
}

/* One report kept for the backend's lifetime: holds values only. */
static sla_status *g_status;

/* Datums every status row repeats, made once per backend in TopMemoryContext (tuplestore
 * copies them into each row): metric and state names, empty arrays. */
static Datum g_metric_text[SLA_METRIC_COUNT];
static Datum g_state_text[5];
static Datum g_empty_ts_array, g_empty_int_array;
static bool g_status_datums;

static void
status_datums_init(void)
{
    MemoryContext old;
    int i;

    if (g_status_datums)
        return;
    old = MemoryContextSwitchTo(TopMemoryContext);
    for (i = 0; i < SLA_METRIC_COUNT; i++)
        g_metric_text[i] = CStringGetTextDatum(sla_metric_name(i));
    for (i = 0; i < 5; i++)
        g_state_text[i] = CStringGetTextDatum(sla_clock_state_name(i));
    g_empty_ts_array = PointerGetDatum(construct_empty_array(TIMESTAMPTZOID));
    g_empty_int_array = PointerGetDatum(construct_empty_array(INT4OID));
    MemoryContextSwitchTo(old);
    g_status_datums = true;
}

#define STATUS_COLS 17

/* sla.status(state, now): one row per metric. */
PG_FUNCTION_INFO_V1(pg_sla_status);
Datum
pg_sla_status(PG_FUNCTION_ARGS)
{
    ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
    bytea *state = PG_GETARG_BYTEA_PP(0);
    int64 now = ts_to_epoch(PG_GETARG_TIMESTAMPTZ(1), "sla.status");
    int64 pid;
    const char *bytes;
    size_t len;
    const sla_policy *p;
    sla_ticket *t = NULL;
    int64 f[SLA_METRIC_COUNT][16];
    int wpct[SLA_METRIC_COUNT][SLA_WARN_MAX];
    int64 wat[SLA_METRIC_COUNT][SLA_WARN_MAX];
    const char *chname[SLA_METRIC_COUNT];
    int rc = 0, m, k;

    state_parts(state, &pid, &bytes, &len);
    p = cache_get(KIND_POLICY, pid, fn_memo(fcinfo))->policy;
    if (g_status == NULL && sla_status_new(&g_status) != 0)
        ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
    status_datums_init();
    /* The executor's expected row type, when it gives one, saves a catalog look-up. */
    InitMaterializedSRF(fcinfo, rsinfo != NULL && rsinfo->expectedDesc != NULL
                                    ? MAT_SRF_USE_EXPECTED_DESC : 0);

    /* libsla only, then free. */
    rc = sla_ticket_restore(p, bytes, len, &t);
    if (rc == 0)
        rc = sla_ticket_status(t, now, g_status);
    sla_ticket_free(t);
    for (m = 0; rc == 0 && m < SLA_METRIC_COUNT; m++) {
        for (k = 0; rc == 0 && k < 16; k++)
            rc = sla_status_get(g_status, m, k, &f[m][k]);
        for (k = 0; rc == 0 && k < f[m][SLA_FIELD_WARNINGS] && k < SLA_WARN_MAX; k++)
            rc = sla_status_warning(g_status, m, k, &wpct[m][k], &wat[m][k]);
        chname[m] = rc == 0 ? sla_policy_channel_name(p, (int) f[m][SLA_FIELD_CHANNEL]) : NULL;
    }
    if (rc == SLA_EORDER)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("sla.status: now is before the ticket's last event")));
    if (rc != 0)
        raise_apply(rc);

    for (m = 0; m < SLA_METRIC_COUNT; m++) {
        Datum v[STATUS_COLS];
        bool nul[STATUS_COLS];
        int64 *r = f[m];
        bool has_target = r[SLA_FIELD_TARGET] >= 0;
        int nw = (int) r[SLA_FIELD_WARNINGS];
        int c = 0;

        memset(nul, 0, sizeof(nul));
#define TS_OR_NULL(x) do { if ((x) == SLA_NO_TIME) nul[c++] = true; \
                           else v[c++] = TimestampTzGetDatum(epoch_to_ts(x)); } while (0)
        v[c++] = g_metric_text[m];
        v[c++] = r[SLA_FIELD_STATE] >= 0 && r[SLA_FIELD_STATE] < 5
                     ? g_state_text[r[SLA_FIELD_STATE]]
                     : CStringGetTextDatum(sla_clock_state_name((int) r[SLA_FIELD_STATE]));
        if (has_target)
            v[c++] = secs_to_interval(r[SLA_FIELD_TARGET]);
        else
            nul[c++] = true;
        v[c++] = secs_to_interval(r[SLA_FIELD_ELAPSED]);
        if (has_target)
            v[c++] = secs_to_interval(r[SLA_FIELD_REMAINING]);
        else
            nul[c++] = true;
        if (has_target && r[SLA_FIELD_STATE] != SLA_CLOCK_INACTIVE)
            TS_OR_NULL(r[SLA_FIELD_DEADLINE]);
        else
            nul[c++] = true;
        TS_OR_NULL(r[SLA_FIELD_BREACHED_AT]);
        TS_OR_NULL(r[SLA_FIELD_FULFILLED_AT]);
        TS_OR_NULL(r[SLA_FIELD_STARTED_AT]);
        v[c++] = secs_to_interval(r[SLA_FIELD_ELAPSED_WALL]);
        if (has_target)
            v[c++] = secs_to_interval(r[SLA_FIELD_REMAINING_WALL]);
        else
            nul[c++] = true;
        v[c++] = Int32GetDatum((int32) r[SLA_FIELD_CYCLES]);
        v[c++] = Int32GetDatum((int32) r[SLA_FIELD_BREACHED_CYCLES]);
        v[c++] = Int32GetDatum((int32) r[SLA_FIELD_WARNED]);
        if (nw <= 0) {
            v[c++] = g_empty_ts_array;
            v[c++] = g_empty_int_array;
        } else {
            Datum pe[SLA_WARN_MAX], ie[SLA_WARN_MAX];
            bool inul[SLA_WARN_MAX];
            int dims[1], lbs[1] = {1};
            for (k = 0; k < nw && k < SLA_WARN_MAX; k++) {
                pe[k] = Int32GetDatum(wpct[m][k]);
                inul[k] = wat[m][k] == SLA_NO_TIME;
                ie[k] = inul[k] ? (Datum) 0 : TimestampTzGetDatum(epoch_to_ts(wat[m][k]));
            }
            dims[0] = k;
            v[c++] = PointerGetDatum(construct_md_array(ie, inul, 1, dims, lbs, TIMESTAMPTZOID,
                                                        8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
            v[c++] = PointerGetDatum(construct_array(pe, k, INT4OID, 4, true, TYPALIGN_INT));
        }
        if (chname[m] != NULL)
            v[c++] = CStringGetTextDatum(chname[m]);
        else
            nul[c++] = true;
#undef TS_OR_NULL
        Assert(c == STATUS_COLS);
        tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, v, nul);
    }
    return (Datum) 0;
}

/* sla.ticket_info(state): status, priority, channel, created, last event. (1.1) */
PG_FUNCTION_INFO_V1(pg_sla_ticket_info);
Datum
pg_sla_ticket_info(PG_FUNCTION_ARGS)
{
    bytea *state = PG_GETARG_BYTEA_PP(0);
    int64 pid, created = 0, last = 0;
    const char *bytes, *chname;
    size_t len;
    const sla_policy *p;
    sla_ticket *t = NULL;
    int rc, status = 0, prio = 0, ch = 0;
    TupleDesc desc;
    Datum v[5];
    bool nul[5] = {false, false, false, false, false};

    desc = result_desc(fcinfo);
    state_parts(state, &pid, &bytes, &len);
    p = cache_get(KIND_POLICY, pid, fn_memo(fcinfo))->policy;
    rc = sla_ticket_restore(p, bytes, len, &t);
    if (rc == 0)
        rc = sla_ticket_info(t, &status, &prio, &ch, &created, &last);
    sla_ticket_free(t);
    if (rc != 0)
        raise_apply(rc);
    chname = sla_policy_channel_name(p, ch);
    v[0] = CStringGetTextDatum(sla_ticket_status_name(status));
    v[1] = CStringGetTextDatum(sla_priority_name(prio));
    v[2] = CStringGetTextDatum(chname ? chname : "?");
    v[3] = TimestampTzGetDatum(epoch_to_ts(created));
    v[4] = TimestampTzGetDatum(epoch_to_ts(last));
    PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, v, nul)));
}

/* sla.target(policy, metric, channel, priority): the target that applies. (1.1) */
PG_FUNCTION_INFO_V1(pg_sla_target);
Datum
pg_sla_target(PG_FUNCTION_ARGS)
{
    const sla_policy *p = cache_get(KIND_POLICY, PG_GETARG_INT64(0), fn_memo(fcinfo))->policy;
    char *metric = text_to_cstring(PG_GETARG_TEXT_PP(1));
    char *chan = text_to_cstring(PG_GETARG_TEXT_PP(2));
    char *prio = text_to_cstring(PG_GETARG_TEXT_PP(3));
    int mi, ci, pi;
    int64 target;

    if (sla_name_lookup(0, metric, &mi) != 0)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("sla.target: unknown metric \"%s\"", metric)));
    if (sla_policy_channel(p, chan, &ci) != 0)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("sla.target: unknown channel \"%s\"", chan)));
    if (sla_name_lookup(2, prio, &pi) != 0)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("sla.target: unknown priority \"%s\"", prio)));
    if (sla_policy_lookup(p, mi, ci, pi, &target, NULL) != 0 || target < 0)
        PG_RETURN_NULL();
    return secs_to_interval(target);
}

PG_FUNCTION_INFO_V1(pg_sla_library_version);
Datum
pg_sla_library_version(PG_FUNCTION_ARGS)
{
    PG_RETURN_TEXT_P(cstring_to_text(sla_version_string()));
}

/* ---- by-name look-up (STABLE) ------------------------------------------------------- */

#include "utils/snapmgr.h"

/*
 * The current version of a calendar or policy by name. A per-call-site memo keeps the
 * answer while the snapshot is the same (STABLE: one statement, one answer), so a query
 * that names its calendar costs one look-up, not one per row.
 */
typedef struct name_memo {
    bool valid;
    TransactionId xmin, xmax;
    CommandId cid;
    int64 id;
    char name[64];
} name_memo;

static SPIPlanPtr g_name_plan[2];

static int64
lookup_name(FunctionCallInfo fcinfo, int kind)
{
    text *t = PG_GETARG_TEXT_PP(0);
    int len = VARSIZE_ANY_EXHDR(t);
    name_memo *m = fcinfo->flinfo->fn_extra;
    Snapshot snap = ActiveSnapshotSet() ? GetActiveSnapshot() : NULL;
    int64 id = 0;
    bool found = false;

    if (m == NULL) {
        m = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(*m));
        fcinfo->flinfo->fn_extra = m;
    }
    if (m->valid && snap != NULL && m->xmin == snap->xmin && m->xmax == snap->xmax &&
        m->cid == snap->curcid && len < (int) sizeof(m->name) &&
        memcmp(m->name, VARDATA_ANY(t), len) == 0 && m->name[len] == '\0')
        return m->id;

    if (SPI_connect() != SPI_OK_CONNECT)
        elog(ERROR, "pg_sla: SPI_connect failed");
    if (g_name_plan[kind - 1] == NULL) {
        Oid argtypes[1] = {TEXTOID};
        SPIPlanPtr p = SPI_prepare(kind == KIND_CALENDAR
            ? "SELECT id FROM sla.calendar WHERE name = $1 ORDER BY version DESC LIMIT 1"
            : "SELECT id FROM sla.policy WHERE name = $1 ORDER BY version DESC LIMIT 1",
            1, argtypes);
        if (p == NULL)
            elog(ERROR, "pg_sla: cannot prepare the name query");
        SPI_keepplan(p);
        g_name_plan[kind - 1] = p;
    }
    {
        Datum arg = PointerGetDatum(t);
        if (SPI_execute_plan(g_name_plan[kind - 1], &arg, NULL, true, 1) != SPI_OK_SELECT)
            elog(ERROR, "pg_sla: the name query failed");
    }
    if (SPI_processed > 0) {
        bool isnull;
        id = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1,
                                         &isnull));
        found = true;
    }
    SPI_finish();
    if (!found)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("no %s named \"%s\"", kind == KIND_CALENDAR ? "calendar" : "policy",
                               text_to_cstring(t)),
                        errhint("Create it with sla.create_%s.",
                                kind == KIND_CALENDAR ? "calendar" : "policy")));
    m->valid = false;
    if (snap != NULL && len < (int) sizeof(m->name)) {
        memcpy(m->name, VARDATA_ANY(t), len);
        m->name[len] = '\0';
        m->xmin = snap->xmin;
        m->xmax = snap->xmax;
        m->cid = snap->curcid;
        m->id = id;
        m->valid = true;
    }
    return id;
}

PG_FUNCTION_INFO_V1(pg_sla_calendar_id);
Datum
pg_sla_calendar_id(PG_FUNCTION_ARGS)
{
    PG_RETURN_INT64(lookup_name(fcinfo, KIND_CALENDAR));
}

PG_FUNCTION_INFO_V1(pg_sla_policy_id);
Datum
pg_sla_policy_id(PG_FUNCTION_ARGS)
{
    PG_RETURN_INT64(lookup_name(fcinfo, KIND_POLICY));
}

/* ---- 1.1: business days, previous open and close, holiday horizon ------------------- */

static Datum
do_prev(FunctionCallInfo fcinfo, bool close)
{
    const char *what = close ? "sla.prev_close" : "sla.prev_open";
    int64 t = ts_to_epoch(PG_GETARG_TIMESTAMPTZ(1), what);
    const sla_calendar *cal = calendar_arg(fcinfo, 0);
    int64 r;
    int rc = close ? sla_calendar_prev_close(cal, t, &r) : sla_calendar_prev_open(cal, t, &r);

    if (rc == SLA_ENEVER)
        PG_RETURN_NULL();
    if (rc != 0)
        raise_sla(rc, what, NULL);
    PG_RETURN_TIMESTAMPTZ(epoch_to_ts(r));
}

PG_FUNCTION_INFO_V1(pg_sla_prev_open);
Datum
pg_sla_prev_open(PG_FUNCTION_ARGS)
{
    return do_prev(fcinfo, false);
}

PG_FUNCTION_INFO_V1(pg_sla_prev_close);
Datum
pg_sla_prev_close(PG_FUNCTION_ARGS)
{
    return do_prev(fcinfo, true);
}

static Datum
do_days(FunctionCallInfo fcinfo, bool sub)
{
    const char *what = sub ? "sla.sub_days" : "sla.add_days";
    int64 t = ts_to_epoch(PG_GETARG_TIMESTAMPTZ(1), what);
    int64 n = PG_GETARG_INT32(2);
    const sla_calendar *cal;
    int64 r;
    int rc;

    if (n < 0)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: negative number of business days", what),
                        errhint("add_days and sub_days take n >= 0; use the other one.")));
    cal = calendar_arg(fcinfo, 0);
    rc = sub ? sla_calendar_sub_days(cal, t, n, &r) : sla_calendar_add_days(cal, t, n, &r);
    if (rc != 0)
        raise_sla(rc, what, NULL);
    PG_RETURN_TIMESTAMPTZ(epoch_to_ts(r));
}

PG_FUNCTION_INFO_V1(pg_sla_add_days);
Datum
pg_sla_add_days(PG_FUNCTION_ARGS)
{
    return do_days(fcinfo, false);
}

PG_FUNCTION_INFO_V1(pg_sla_sub_days);
Datum
pg_sla_sub_days(PG_FUNCTION_ARGS)
{
    return do_days(fcinfo, true);
}

PG_FUNCTION_INFO_V1(pg_sla_count_days);
Datum
pg_sla_count_days(PG_FUNCTION_ARGS)
{
    int64 a = ts_to_epoch(PG_GETARG_TIMESTAMPTZ(1), "sla.count_days");
    int64 b = ts_to_epoch(PG_GETARG_TIMESTAMPTZ(2), "sla.count_days");
    size_t n = 0;
    int rc;

    if (b < a)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("sla.count_days: the end is before the start")));
    rc = sla_calendar_count_days(calendar_arg(fcinfo, 0), a, b, &n);
    if (rc != 0)
        raise_sla(rc, "sla.count_days", NULL);
    PG_RETURN_INT64((int64) n);
}

PG_FUNCTION_INFO_V1(pg_sla_holiday_horizon);
Datum
pg_sla_holiday_horizon(PG_FUNCTION_ARGS)
{
    int64 end = 0;
    int bounded = 0;
    int rc = sla_calendar_holiday_horizon(calendar_arg(fcinfo, 0), &end, &bounded);

    if (rc != 0)
        raise_sla(rc, "sla.holiday_horizon", NULL);
    if (!bounded || end >= SLA_TIME_MAX)
        PG_RETURN_NULL();
    PG_RETURN_TIMESTAMPTZ(epoch_to_ts(end));
}

/* ---- 1.1: next change, crossings, rebase -------------------------------------------- */

static const char *
change_kind_name(int kind)
{
    return kind == SLA_CHANGE_WARNING ? "warning" : kind == SLA_CHANGE_BREACH ? "breach" : "none";
}

/* sla.next_change(state, now): (at, metric, kind, percent); at NULL when nothing pends. */
PG_FUNCTION_INFO_V1(pg_sla_next_change);
Datum
pg_sla_next_change(PG_FUNCTION_ARGS)
{
    bytea *state = PG_GETARG_BYTEA_PP(0);
    int64 now = ts_to_epoch(PG_GETARG_TIMESTAMPTZ(1), "sla.next_change");
    int64 pid, at = SLA_NO_TIME;
    const char *bytes;
    size_t len;
    const sla_policy *p;
    sla_ticket *t = NULL;
    int rc, metric = -1, kind = SLA_CHANGE_NONE, pct = 0;
    TupleDesc desc;
    Datum v[4];
    bool nul[4] = {false, false, false, false};

    desc = result_desc(fcinfo);
    state_parts(state, &pid, &bytes, &len);
    p = cache_get(KIND_POLICY, pid, fn_memo(fcinfo))->policy;
    rc = sla_ticket_restore(p, bytes, len, &t);
    if (rc == 0)
        rc = sla_ticket_next_change(t, now, &at, &metric, &kind, &pct);
    sla_ticket_free(t);
    if (rc == SLA_EORDER)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("sla.next_change: now is before the ticket's last event")));
    if (rc != 0)
        raise_apply(rc);
    if (at == SLA_NO_TIME) {
        nul[0] = nul[1] = true;
    } else {
        v[0] = TimestampTzGetDatum(epoch_to_ts(at));
        v[1] = CStringGetTextDatum(sla_metric_name(metric));
    }
    v[2] = CStringGetTextDatum(change_kind_name(kind));
    v[3] = Int32GetDatum(pct);
    PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, v, nul)));
}

/* sla.crossings(state, t0, t1): warnings and breaches crossed in (t0, t1]. */
PG_FUNCTION_INFO_V1(pg_sla_crossings);
Datum
pg_sla_crossings(PG_FUNCTION_ARGS)
{
    ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
    bytea *state = PG_GETARG_BYTEA_PP(0);
    int64 t0 = ts_to_epoch(PG_GETARG_TIMESTAMPTZ(1), "sla.crossings");
    int64 t1 = ts_to_epoch(PG_GETARG_TIMESTAMPTZ(2), "sla.crossings");
    int64 pid;
    const char *bytes;
    size_t len, n = 0, i;
    const sla_policy *p;
    sla_ticket *t = NULL;
    int metrics[SLA_METRIC_COUNT * (SLA_WARN_MAX + 1)];
    int pcts[SLA_METRIC_COUNT * (SLA_WARN_MAX + 1)];
    int64 at[SLA_METRIC_COUNT * (SLA_WARN_MAX + 1)];
    int rc;

    if (t1 < t0)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("sla.crossings: the end is before the start")));
    state_parts(state, &pid, &bytes, &len);
    p = cache_get(KIND_POLICY, pid, fn_memo(fcinfo))->policy;
    /* The executor's expected row type, when it gives one, saves a catalog look-up. */
    InitMaterializedSRF(fcinfo, rsinfo != NULL && rsinfo->expectedDesc != NULL
                                    ? MAT_SRF_USE_EXPECTED_DESC : 0);
    rc = sla_ticket_restore(p, bytes, len, &t);
    if (rc == 0)
        rc = sla_ticket_crossings(t, t0, t1, metrics, pcts, at, lengthof(at), &n);
    sla_ticket_free(t);
    if (rc != 0)
        raise_apply(rc);
    for (i = 0; i < n && i < lengthof(at); i++) {
        Datum v[4];
        bool nul[4] = {false, false, false, false};
        v[0] = TimestampTzGetDatum(epoch_to_ts(at[i]));
        v[1] = CStringGetTextDatum(sla_metric_name(metrics[i]));
        v[2] = CStringGetTextDatum(pcts[i] == SLA_BREACH_PERCENT ? "breach" : "warning");
        v[3] = Int32GetDatum(pcts[i]);
        tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, v, nul);
    }
    return (Datum) 0;
}

/* sla.rebase(state, policy, now): the ticket recomputed under another policy version. */
PG_FUNCTION_INFO_V1(pg_sla_rebase);
Datum
pg_sla_rebase(PG_FUNCTION_ARGS)
{
    bytea *state = PG_GETARG_BYTEA_PP(0);
    int64 new_id = PG_GETARG_INT64(1);
    int64 now = ts_to_epoch(PG_GETARG_TIMESTAMPTZ(2), "sla.rebase");
    int64 pid;
    const char *bytes;
    size_t len;
    cache_entry *olde, *newe;
    sla_ticket *t = NULL;
    sla_diag *diag = diag_get();
    int rc, n, changed = 0;

    state_parts(state, &pid, &bytes, &len);
    /* Both versions must stay cached for the call: look the new one up first, then the
     * old one, and check the new one is still there (64 slots; two lookups evict at most
     * one entry, never the one just used). */
    newe = cache_get(KIND_POLICY, new_id, NULL);
    olde = cache_get(KIND_POLICY, pid, NULL);
    if (newe->kind != KIND_POLICY || newe->id != new_id)
        newe = cache_get(KIND_POLICY, new_id, NULL);
    rc = sla_ticket_rebase_saved(olde->policy, bytes, len, newe->policy, now, diag, &t,
                                 &changed);
    n = rc == 0 ? save_ticket(t) : rc;
    sla_ticket_free(t);
    if (n == SLA_ESTATE)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("sla.rebase: policy version " INT64_FORMAT " does not fit the "
                               "ticket's policy version " INT64_FORMAT, new_id, pid),
                        errdetail("%s", sla_diag_message(diag))));
    if (n == SLA_EORDER)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("sla.rebase: now is before the ticket's last event")));
    if (n < 0)
        raise_apply(n);
    PG_RETURN_BYTEA_P(state_make(new_id, g_save, (size_t) n));
}
