-- pg_sla benchmark (./dev bench; pg/bench/run.sh). Prints figures; asserts nothing about time.
-- Serial figures are the backend's CPU time (best of 3), parallel ones wall-clock time.
\set ON_ERROR_STOP 1
\pset footer off
SET max_parallel_workers_per_gather = 0;
SET work_mem = '64MB';
CREATE EXTENSION pg_sla;
SELECT sla.create_calendar('support', 'Europe/Oslo', 'Mo-Fr 08:00-16:00; PH off',
    ARRAY['2025-01-01', '2025-04-17', '2025-04-18', '2025-04-21', '2025-05-01', '2025-05-17',
          '2025-05-29', '2025-06-09', '2025-12-25', '2025-12-26', '2026-01-01']::date[]) AS cal \gset
SELECT sla.create_policy('helpdesk', $$
first_reply  email  *  15m  calendar=support warn=50,90
first_reply  chat   *  30s
next_reply   email  *  1h   calendar=support
resolution   *      *  3d   calendar=support pause=pending
$$) AS pol \gset

-- The usual PL/pgSQL implementation of the same calendar, as helpdesks write it: walk day
-- by day, clip each open day to the remaining time, convert local times with AT TIME ZONE.
CREATE FUNCTION plpgsql_add(t timestamptz, secs bigint) RETURNS timestamptz
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    holidays date[] := ARRAY['2025-01-01', '2025-04-17', '2025-04-18', '2025-04-21',
        '2025-05-01', '2025-05-17', '2025-05-29', '2025-06-09', '2025-12-25', '2025-12-26',
        '2026-01-01']::date[];
    cur timestamptz := date_trunc('second', t);
    remaining bigint := secs;
    d date := (t AT TIME ZONE 'Europe/Oslo')::date;
    opens timestamptz;
    closes timestamptz;
    avail bigint;
BEGIN
    IF remaining = 0 THEN RETURN cur; END IF;
    LOOP
        IF extract(isodow FROM d) <= 5 AND NOT d = ANY (holidays) THEN
            opens := (d + time '08:00') AT TIME ZONE 'Europe/Oslo';
            closes := (d + time '16:00') AT TIME ZONE 'Europe/Oslo';
            IF cur < opens THEN cur := opens; END IF;
            IF cur < closes THEN
                avail := extract(epoch FROM closes - cur)::bigint;
                IF remaining <= avail THEN
                    RETURN cur + remaining * interval '1 second';
                END IF;
                remaining := remaining - avail;
            END IF;
        END IF;
        d := d + 1;
        cur := greatest(cur, d AT TIME ZONE 'Europe/Oslo');
    END LOOP;
END
$$;

-- The backend's own CPU time in ms (/proc/self/schedstat: nanoseconds on a CPU), so that
-- serial figures do not depend on how busy the machine is; wall time for parallel plans
-- (the workers' CPU time is not the leader's).
CREATE FUNCTION cpu_ms() RETURNS float8 LANGUAGE sql VOLATILE
    RETURN split_part(pg_read_file('/proc/self/schedstat'), ' ', 1)::float8 / 1e6;
-- time_ms(query, runs): the best of `runs` executions, in milliseconds of CPU time.
CREATE FUNCTION time_ms(q text, runs int DEFAULT 3) RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE t0 float8; best float8 := 'infinity'; i int;
BEGIN
    FOR i IN 1..runs LOOP
        t0 := cpu_ms();
        EXECUTE q;
        best := least(best, cpu_ms() - t0);
    END LOOP;
    RETURN best;
END
$$;
-- wall_ms(query, runs): the same in wall-clock milliseconds.
CREATE FUNCTION wall_ms(q text, runs int DEFAULT 3) RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz; best float8 := 'infinity'; i int;
BEGIN
    FOR i IN 1..runs LOOP
        t0 := clock_timestamp();
        EXECUTE q;
        best := least(best, extract(epoch FROM clock_timestamp() - t0) * 1000);
    END LOOP;
    RETURN best;
END
$$;

CREATE TABLE tk (id int, cal bigint, chan text, created timestamptz, replied timestamptz);
INSERT INTO tk
SELECT g, :cal, (ARRAY['email', 'chat', 'web', 'phone'])[g % 4 + 1],
       '2025-01-02 00:00Z'::timestamptz + (g::bigint * 7919 % 31536000) * interval '1 s',
       '2025-01-02 00:00Z'::timestamptz + (g::bigint * 7919 % 31536000 + g % 10800) * interval '1 s'
  FROM generate_series(1, 1000000) g;
VACUUM ANALYZE tk;
SELECT pg_size_pretty(pg_relation_size('tk')) AS table_size, count(*) AS tickets FROM tk;

CREATE TEMP TABLE fig (k text PRIMARY KEY, ms float8);
INSERT INTO fig VALUES
  ('scan', time_ms($$SELECT count(*) FROM tk WHERE created > '2025-06-01Z'$$)),
  ('add', time_ms(format($$SELECT count(*) FROM tk WHERE sla.add(%s, created, interval '15 min') > '2025-06-01Z'$$, :cal))),
  ('add_col', time_ms($$SELECT count(*) FROM tk WHERE sla.add(cal, created, interval '15 min') > '2025-06-01Z'$$)),
  ('add_name', time_ms($$SELECT count(*) FROM tk WHERE sla.add('support', created, interval '15 min') > '2025-06-01Z'$$)),
  ('is_open', time_ms($$SELECT count(*) FROM tk WHERE sla.is_open(cal, created)$$)),
  ('diff', time_ms($$SELECT count(*) FROM tk WHERE sla.diff_seconds(cal, created, replied) <= 900$$)),
  ('add_5d', time_ms($$SELECT count(*) FROM tk WHERE sla.add(cal, created, interval '40 hours') > '2025-06-01Z'$$));
INSERT INTO fig VALUES
  ('plpgsql', time_ms($$SELECT count(*) FROM tk WHERE plpgsql_add(created, 900) > '2025-06-01Z'$$, 1));
SELECT count(*) AS rows_compared,
       count(*) FILTER (WHERE sla.add(cal, created, interval '15 min') IS DISTINCT FROM plpgsql_add(created, 900)) AS differing
  FROM tk;
SELECT count(*) AS rows_compared_5d,
       count(*) FILTER (WHERE sla.add(cal, created, interval '40 hours') IS DISTINCT FROM plpgsql_add(created, 144000)) AS differing_5d
  FROM tk WHERE id <= 100000;
INSERT INTO fig VALUES
  ('plpgsql_5d_100k', time_ms($$SELECT count(*) FROM tk WHERE id <= 100000 AND plpgsql_add(created, 144000) > '2025-06-01Z'$$, 1)),
  ('add_5d_100k', time_ms($$SELECT count(*) FROM tk WHERE id <= 100000 AND sla.add(cal, created, interval '40 hours') > '2025-06-01Z'$$)),
  ('scan_100k', time_ms($$SELECT count(*) FROM tk WHERE id <= 100000$$));

-- 2 parallel workers
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
INSERT INTO fig VALUES
  ('add_par', wall_ms($$SELECT count(*) FROM tk WHERE sla.add(cal, created, interval '15 min') > '2025-06-01Z'$$)),
  ('plpgsql_par', wall_ms($$SELECT count(*) FROM tk WHERE plpgsql_add(created, 900) > '2025-06-01Z'$$, 1));
SET max_parallel_workers_per_gather = 0;
INSERT INTO fig VALUES
  ('add_wall', wall_ms($$SELECT count(*) FROM tk WHERE sla.add(cal, created, interval '15 min') > '2025-06-01Z'$$)),
  ('plpgsql_wall', wall_ms($$SELECT count(*) FROM tk WHERE plpgsql_add(created, 900) > '2025-06-01Z'$$, 1));
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT count(*) FROM tk WHERE sla.add(cal, created, interval '15 min') > '2025-06-01Z';
SET max_parallel_workers_per_gather = 0;

-- per-channel first-reply compliance over the million rows
INSERT INTO fig VALUES ('compliance', time_ms($$
  SELECT chan, count(*) FILTER (WHERE sla.diff_seconds(cal, created, replied) <= 900)::float8 / count(*)
    FROM tk GROUP BY chan$$));
SELECT chan, round((count(*) FILTER (WHERE sla.diff_seconds(cal, created, replied) <= 900))::numeric
                   / count(*), 4) AS first_reply_compliance
  FROM tk GROUP BY chan ORDER BY chan;

-- an expression index on the deadline
SET max_parallel_maintenance_workers = 0;
INSERT INTO fig VALUES ('index', time_ms($$CREATE INDEX tk_due ON tk (sla.add(cal, created, interval '15 min'))$$, 1));
ANALYZE tk;
INSERT INTO fig VALUES ('index_query', wall_ms($$SELECT count(*) FROM tk WHERE sla.add(cal, created, interval '15 min') BETWEEN '2025-06-02 08:00Z' AND '2025-06-02 09:00Z'$$));
EXPLAIN (COSTS OFF) SELECT count(*) FROM tk WHERE sla.add(cal, created, interval '15 min') BETWEEN '2025-06-02 08:00Z' AND '2025-06-02 09:00Z';

-- 1,000,000 events (200,000 tickets, 5 events each) replayed into states
CREATE TABLE ev AS
SELECT t.id AS ticket, j AS seq,
       t.created + (j * 1800 + t.id % 600) * interval '1 s' AS at,
       (ARRAY['created', 'status', 'reply', 'customer', 'reply'])[j + 1] AS event,
       (ARRAY[t.chan, 'open', NULL, NULL, NULL])[j + 1] AS arg
  FROM tk t, generate_series(0, 4) j WHERE t.id <= 200000;
UPDATE ev SET arg = 'email' WHERE event = 'created' AND arg = 'phone';
VACUUM ANALYZE ev;
SELECT count(*) AS events, count(DISTINCT ticket) AS event_tickets FROM ev;
INSERT INTO fig VALUES ('replay', time_ms(format($$
  CREATE TABLE states AS SELECT ticket, sla.replay(%s, at, event, arg ORDER BY at, seq) AS st
    FROM ev GROUP BY ticket$$, :pol), 1));
INSERT INTO fig VALUES ('status', time_ms($$
  SELECT count(*) FROM states t, sla.status(t.st, '2026-01-05 12:00Z') s
   WHERE s.state = 'running' AND s.deadline < '2026-01-05 12:10Z'$$, 1));
INSERT INTO fig VALUES ('events_scan', time_ms($$SELECT ticket, count(*) FROM ev GROUP BY ticket$$, 1));

-- memory: a million calls, the backend's private memory before and after
CREATE FUNCTION vmdata() RETURNS bigint LANGUAGE sql VOLATILE
    RETURN (regexp_match(pg_read_file('/proc/self/status'), 'VmData:\s+(\d+)'))[1]::bigint;
SELECT vmdata() AS vm0 \gset
SELECT count(sla.add(cal, created, interval '15 min')) FROM tk;
SELECT vmdata() AS vm1 \gset
SELECT count(sla.add(cal, created, interval '15 min')) FROM tk;
SELECT vmdata() AS vm2 \gset

\pset format aligned
SELECT 'scan baseline, 1M rows' AS figure, round((SELECT ms FROM fig WHERE k = 'scan')::numeric, 1) || ' ms' AS value
UNION ALL SELECT 'first-reply deadline (constant calendar id), per row over the scan',
  round((((SELECT ms FROM fig WHERE k = 'add') - (SELECT ms FROM fig WHERE k = 'scan')) * 1000 / 1e6)::numeric, 3) || ' us'
UNION ALL SELECT 'first-reply deadline (calendar id column), per row over the scan',
  round((((SELECT ms FROM fig WHERE k = 'add_col') - (SELECT ms FROM fig WHERE k = 'scan')) * 1000 / 1e6)::numeric, 3) || ' us'
UNION ALL SELECT 'first-reply deadline (by name, STABLE), per row over the scan',
  round((((SELECT ms FROM fig WHERE k = 'add_name') - (SELECT ms FROM fig WHERE k = 'scan')) * 1000 / 1e6)::numeric, 3) || ' us'
UNION ALL SELECT 'is_open, per row over the scan',
  round((((SELECT ms FROM fig WHERE k = 'is_open') - (SELECT ms FROM fig WHERE k = 'scan')) * 1000 / 1e6)::numeric, 3) || ' us'
UNION ALL SELECT 'diff, per row over the scan',
  round((((SELECT ms FROM fig WHERE k = 'diff') - (SELECT ms FROM fig WHERE k = 'scan')) * 1000 / 1e6)::numeric, 3) || ' us'
UNION ALL SELECT '5-business-day deadline, per row over the scan',
  round((((SELECT ms FROM fig WHERE k = 'add_5d') - (SELECT ms FROM fig WHERE k = 'scan')) * 1000 / 1e6)::numeric, 3) || ' us'
UNION ALL SELECT 'PL/pgSQL day-walk 15 min, per row over the scan',
  round((((SELECT ms FROM fig WHERE k = 'plpgsql') - (SELECT ms FROM fig WHERE k = 'scan')) * 1000 / 1e6)::numeric, 3) || ' us'
UNION ALL SELECT 'speed-up over PL/pgSQL, 15 min (per-row cost ratio)',
  round((((SELECT ms FROM fig WHERE k = 'plpgsql') - (SELECT ms FROM fig WHERE k = 'scan'))
       / nullif((SELECT ms FROM fig WHERE k = 'add_col') - (SELECT ms FROM fig WHERE k = 'scan'), 0))::numeric, 1) || 'x'
UNION ALL SELECT 'speed-up over PL/pgSQL, 5 business days, 100k rows',
  round((((SELECT ms FROM fig WHERE k = 'plpgsql_5d_100k') - (SELECT ms FROM fig WHERE k = 'scan_100k'))
       / nullif((SELECT ms FROM fig WHERE k = 'add_5d_100k') - (SELECT ms FROM fig WHERE k = 'scan_100k'), 0))::numeric, 1) || 'x'
UNION ALL SELECT 'deadline query, serial / 2 workers (wall)',
  round((SELECT ms FROM fig WHERE k = 'add_wall')::numeric, 1) || ' ms / ' || round((SELECT ms FROM fig WHERE k = 'add_par')::numeric, 1)
  || ' ms = ' || round(((SELECT ms FROM fig WHERE k = 'add_wall') / (SELECT ms FROM fig WHERE k = 'add_par'))::numeric, 2) || 'x'
UNION ALL SELECT 'PL/pgSQL query, serial / 2 workers (wall)',
  round((SELECT ms FROM fig WHERE k = 'plpgsql_wall')::numeric, 1) || ' ms / ' || round((SELECT ms FROM fig WHERE k = 'plpgsql_par')::numeric, 1)
  || ' ms = ' || round(((SELECT ms FROM fig WHERE k = 'plpgsql_wall') / (SELECT ms FROM fig WHERE k = 'plpgsql_par'))::numeric, 2) || 'x'
UNION ALL SELECT 'machine load (1-minute average) at the end',
  split_part(pg_read_file('/proc/loadavg'), ' ', 1) || ' on ' || (SELECT setting FROM pg_settings WHERE name = 'max_worker_processes') || ' worker slots'
UNION ALL SELECT 'per-channel compliance over 1M rows', round((SELECT ms FROM fig WHERE k = 'compliance')::numeric, 1) || ' ms'
UNION ALL SELECT 'CREATE INDEX on the deadline, 1M rows', round((SELECT ms FROM fig WHERE k = 'index')::numeric, 1) || ' ms'
UNION ALL SELECT 'index range query (1 h of deadlines, wall)', round((SELECT ms FROM fig WHERE k = 'index_query')::numeric, 2) || ' ms'
UNION ALL SELECT 'replay 1M events into 200k states', round((SELECT ms FROM fig WHERE k = 'replay')::numeric, 1) || ' ms ('
  || round(((SELECT ms FROM fig WHERE k = 'replay') * 1000 / 1e6)::numeric, 2) || ' us/event; plain GROUP BY of the events: '
  || round((SELECT ms FROM fig WHERE k = 'events_scan')::numeric, 1) || ' ms)'
UNION ALL SELECT 'status of 200k states, due within 10 min', round((SELECT ms FROM fig WHERE k = 'status')::numeric, 1) || ' ms ('
  || round(((SELECT ms FROM fig WHERE k = 'status') * 1000 / 200000)::numeric, 2) || ' us/ticket)'
UNION ALL SELECT 'VmData over a 2nd and 3rd million calls', (:vm1 - :vm0) || ' kB, then ' || (:vm2 - :vm1) || ' kB';
