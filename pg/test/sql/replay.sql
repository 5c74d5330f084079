-- Replaying events in SQL gives the same status as the C library (test/replay_ref.c, built
-- and run by test/run.sh's build of the suite; its output is read back here).
SELECT sla.create_calendar('ref_oslo', 'Europe/Oslo', 'Mo-Fr 08:00-16:00; PH off',
                           ARRAY['2025-04-17', '2025-04-18', '2025-04-21']::date[]) > 0 AS cal;
SELECT sla.create_policy('ref', $$channel whatsapp
first_reply  email          *        15m  calendar=ref_oslo warn=50,75,90
first_reply  chat,whatsapp  *        30s
next_reply   email          *        1h   calendar=ref_oslo
resolution   *              urgent   4h   calendar=ref_oslo pause=pending,on_hold
resolution   *              *        3d   calendar=ref_oslo pause=pending
$$) > 0 AS pol;
-- 400 tickets, 1 to 9 events each after creation, in deterministic pseudo-random order
CREATE TABLE ref_events AS
WITH k AS (SELECT k FROM generate_series(1, 400) k),
     e AS (SELECT k, j, abs(hashint4(k * 7919 + j)) AS h FROM k, generate_series(1, 1 + k % 9) j)
SELECT k AS ticket, 0 AS seq,
       '2025-04-10 06:00Z'::timestamptz + k * interval '611 s' AS at, 'created' AS event,
       (ARRAY['email', 'chat', 'web', 'whatsapp'])[k % 4 + 1]
           || ':' || (ARRAY['low', 'normal', 'high', 'urgent'])[k / 4 % 4 + 1] AS arg
  FROM k
UNION ALL
SELECT k, j, '2025-04-10 06:00Z'::timestamptz + k * interval '611 s'
             + sum(h % 30000) OVER (PARTITION BY k ORDER BY j) * interval '1 s',
       (ARRAY['status', 'reply', 'customer', 'note', 'status', 'status', 'priority', 'channel',
              'status', 'reply'])[h / 7 % 10 + 1],
       CASE h / 7 % 10
         WHEN 0 THEN 'open' WHEN 4 THEN 'pending' WHEN 5 THEN 'on_hold'
         WHEN 6 THEN (ARRAY['low', 'normal', 'high', 'urgent'])[h / 97 % 4 + 1]
         WHEN 7 THEN (ARRAY['email', 'chat', 'web'])[h / 97 % 3 + 1]
         WHEN 8 THEN 'solved' WHEN 2 THEN CASE WHEN h % 2 = 0 THEN 'chat' END
       END
  FROM e;
SELECT count(*) AS events, count(DISTINCT ticket) AS tickets FROM ref_events;
\copy (SELECT ticket, extract(epoch FROM at)::bigint, event, arg FROM ref_events ORDER BY ticket, at, seq) TO 'test/out/ref_events.csv' WITH (FORMAT csv)
\! test/out/replay_ref test/out/ref_events.csv 1745236800 > test/out/ref_status.csv
CREATE TABLE ref_status (ticket int, metric text, state text, target bigint, elapsed bigint,
    remaining bigint, deadline bigint, breached bigint, fulfilled bigint, started bigint,
    cycles int, breached_cycles int, warned int);
\copy ref_status FROM 'test/out/ref_status.csv' WITH (FORMAT csv)
CREATE TABLE sql_status AS
SELECT r.ticket, s.metric, s.state,
       coalesce(extract(epoch FROM s.target)::bigint, -1) AS target,
       extract(epoch FROM s.elapsed)::bigint AS elapsed,
       coalesce(extract(epoch FROM s.remaining)::bigint, 0) AS remaining,
       coalesce(extract(epoch FROM s.deadline)::bigint, -1) AS deadline,
       coalesce(extract(epoch FROM s.breached_at)::bigint, -1) AS breached,
       coalesce(extract(epoch FROM s.fulfilled_at)::bigint, -1) AS fulfilled,
       coalesce(extract(epoch FROM s.started_at)::bigint, -1) AS started,
       s.cycles, s.breached_cycles, s.warned
  FROM (SELECT ticket, sla.replay(sla.policy_id('ref'), at, event, arg ORDER BY at, seq) AS st
          FROM ref_events GROUP BY ticket) r,
       sla.status(r.st, '2025-04-21 12:00Z') s;
SELECT (SELECT count(*) FROM ref_status) AS c_rows, (SELECT count(*) FROM sql_status) AS sql_rows;
-- deadlines of inactive clocks or clocks without target are NULL in SQL; compare the rest
SELECT count(*) AS differing FROM (
  (SELECT * FROM sql_status EXCEPT
   SELECT ticket, metric, state, target, elapsed, remaining,
          CASE WHEN target < 0 OR state = 'inactive' THEN -1 ELSE deadline END,
          breached, fulfilled, started, cycles, breached_cycles, warned FROM ref_status)
  UNION ALL
  (SELECT ticket, metric, state, target, elapsed, remaining,
          CASE WHEN target < 0 OR state = 'inactive' THEN -1 ELSE deadline END,
          breached, fulfilled, started, cycles, breached_cycles, warned FROM ref_status
   EXCEPT SELECT * FROM sql_status)) x;
SELECT state, count(*) FROM sql_status GROUP BY state ORDER BY state;
