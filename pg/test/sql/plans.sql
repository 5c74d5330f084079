-- Plans: an expression index on a deadline, a parallel scan over a large table.
CREATE TABLE tk (id int, cal bigint, chan text, created timestamptz, replied timestamptz);
INSERT INTO tk
SELECT g, 1, (ARRAY['email', 'chat', 'web'])[g % 3 + 1],
       '2025-01-06 00:00Z'::timestamptz + (g * 97 % 86400 * 30) * interval '1 s',
       '2025-01-06 00:00Z'::timestamptz + (g * 97 % 86400 * 30 + g % 7200) * interval '1 s'
  FROM generate_series(1, 200000) g;
CREATE INDEX tk_due ON tk (sla.add(cal, created, interval '15 min'));
ANALYZE tk;
-- (a prepared statement with a generic plan shows $1, not a TimeZone-dependent constant)
SET plan_cache_mode = force_generic_plan;
PREPARE due_before(timestamptz) AS
    SELECT id FROM tk WHERE sla.add(cal, created, interval '15 min') < $1;
EXPLAIN (COSTS OFF) EXECUTE due_before('2025-01-07 09:00Z');
RESET plan_cache_mode;
SELECT count(*) FROM tk WHERE sla.add(cal, created, interval '15 min') < '2025-01-07 09:00Z';
SET enable_indexscan = off; SET enable_bitmapscan = off;
SELECT count(*) FROM tk WHERE sla.add(cal, created, interval '15 min') < '2025-01-07 09:00Z';
RESET enable_indexscan; RESET enable_bitmapscan;
-- a parallel plan: Gather over a Parallel Seq Scan, with the same answer as a serial one
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF)
SELECT chan, count(*) FILTER (WHERE sla.diff_seconds(cal, created, replied) <= 900)::float8 / count(*)
  FROM tk GROUP BY chan;
CREATE TEMP TABLE par AS
SELECT chan, count(*) FILTER (WHERE sla.diff_seconds(cal, created, replied) <= 900) AS ok, count(*) AS n
  FROM tk GROUP BY chan;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE ser AS
SELECT chan, count(*) FILTER (WHERE sla.diff_seconds(cal, created, replied) <= 900) AS ok, count(*) AS n
  FROM tk GROUP BY chan;
SELECT count(*) AS differing FROM (SELECT * FROM par EXCEPT SELECT * FROM ser) x;
SELECT chan, round(ok::numeric / n, 4) AS compliance FROM ser ORDER BY chan;
RESET ALL;
