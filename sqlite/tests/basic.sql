-- libsla's SQLite functions: each row is "name|result"; the expected file
-- holds the values SEMANTICS.md gives (Oslo, Mo-Fr 08:00-16:00 unless said).
.headers off
.mode list
CREATE TABLE c(name TEXT PRIMARY KEY, spec TEXT);
INSERT INTO c VALUES
  ('oslo', 'Europe/Oslo|Mo-Fr 08:00-16:00'),
  ('oslo_may', 'Europe/Oslo|Mo-Fr 08:00-16:00|2025-05-01'),
  ('oslo_closure', 'Europe/Oslo|Mo-Fr 08:00-16:00|2025-04-14 08:00-12:00'),
  ('oslo_247', 'Europe/Oslo|24/7'),
  ('never', 'UTC|off');
-- Friday 15:55 + 15 min: over the weekend to Monday 08:10.
SELECT 'add-weekend', sla_add('Europe/Oslo|Mo-Fr 08:00-16:00', 1744379700, 900);
SELECT 'add-text', sla_add('Europe/Oslo|Mo-Fr 08:00-16:00', '2025-04-11 15:55', '15m');
SELECT 'add-iso', sla_add('Europe/Oslo|Mo-Fr 08:00-16:00', '2025-04-11T13:55:00Z', 'PT15M');
-- A deadline that lands exactly on a closing time is that closing time.
SELECT 'add-closing', sla_add(spec, 1744379100, 900) FROM c WHERE name = 'oslo';
-- add(t, 0) = t even when closed (Saturday noon).
SELECT 'add-zero-closed', sla_add(spec, 1744452000, 0) FROM c WHERE name = 'oslo';
-- A holiday closes its whole date: Wednesday 15:55 + 15m, Thursday 1 May off.
SELECT 'add-holiday', sla_add(spec, 1746021300, 900) FROM c WHERE name = 'oslo_may';
-- A closure removes its own span: Monday 08:00-12:00 closed.
SELECT 'add-closure', sla_add(spec, 1744379700, 900) FROM c WHERE name = 'oslo_closure';
SELECT 'sub-weekend', sla_sub(spec, 1744611000, 900) FROM c WHERE name = 'oslo';
SELECT 'diff', sla_diff(spec, 1744379700, 1744611000) FROM c WHERE name = 'oslo';
SELECT 'diff-reversed', sla_diff(spec, 1744611000, 1744379700) FROM c WHERE name = 'oslo';
-- The spring-forward day in Oslo has 23 real hours.
SELECT 'diff-dst', sla_diff(spec, 1743289200, 1743372000) FROM c WHERE name = 'oslo_247';
SELECT 'is-open-saturday', sla_is_open(spec, 1744452000) FROM c WHERE name = 'oslo';
SELECT 'is-open-monday', sla_is_open(spec, 1744614000) FROM c WHERE name = 'oslo';
SELECT 'next-open', sla_next_open(spec, 1744452000) FROM c WHERE name = 'oslo';
SELECT 'next-close', sla_next_close(spec, 1744614000) FROM c WHERE name = 'oslo';
SELECT 'format', sla_format(spec, 1744611000) FROM c WHERE name = 'oslo';
SELECT 'instant-local', sla_instant(spec, '2025-04-14 08:10') FROM c WHERE name = 'oslo';
SELECT 'duration', sla_duration('1h30m'), sla_duration('PT15M');
SELECT 'calendar', sla_calendar('Europe/Oslo', 'Mo-Fr 08:00-16:00', '2025-05-01');
SELECT 'calendar-2', sla_calendar('UTC', '24/7');
-- NULL in, NULL out.
SELECT 'null', sla_add(NULL, 1, 1) IS NULL, sla_add('UTC|24/7', NULL, 1) IS NULL,
       sla_diff('UTC|24/7', 1, NULL) IS NULL, sla_is_open(NULL, NULL) IS NULL;
-- Open spans, clipped to [t0, t1): Friday 12:00 .. Monday 10:00.
SELECT 'spans', opens, closes FROM sla_open_spans('Europe/Oslo|Mo-Fr 08:00-16:00',
       1744365600, 1744617600);
SELECT 'spans-never', count(*) FROM sla_open_spans('UTC|off', 0, 7258118399);
SELECT 'spans-join', c.name, count(*) FROM c, sla_open_spans(c.spec, 1744365600, 1744617600)
  WHERE c.name IN ('oslo', 'oslo_closure') GROUP BY c.name ORDER BY c.name;
-- Index expressions and generated columns need deterministic functions.
CREATE TABLE tk(id INTEGER PRIMARY KEY, created INTEGER,
  due INTEGER GENERATED ALWAYS AS (sla_add('Europe/Oslo|Mo-Fr 08:00-16:00', created, 900)));
INSERT INTO tk(id, created) VALUES (1, 1744379700), (2, 1744614000), (3, 1744452000);
CREATE INDEX tk_due ON tk(sla_add('Europe/Oslo|Mo-Fr 08:00-16:00', created, 900));
SELECT 'generated', id, due FROM tk ORDER BY id;
SELECT 'index-plan';
EXPLAIN QUERY PLAN
  SELECT id FROM tk WHERE sla_add('Europe/Oslo|Mo-Fr 08:00-16:00', created, 900) < 1744612000;
SELECT 'index-query', group_concat(id) FROM tk
  WHERE sla_add('Europe/Oslo|Mo-Fr 08:00-16:00', created, 900) < 1744612000;
-- Ticket clocks: replay events into a state, then report it.
CREATE TABLE pol(text TEXT);
INSERT INTO pol VALUES ('calendar support Europe/Oslo|Mo-Fr 08:00-16:00
first_reply email * 15m calendar=support warn=50,90
resolution * * 1h calendar=support');
CREATE TABLE ev(ticket TEXT, at INTEGER, event TEXT, channel TEXT, priority TEXT);
INSERT INTO ev VALUES
  ('A', 1744379700, 'created', 'email', 'normal'),
  ('A', 1744379760, 'status:open', NULL, NULL),
  ('B', 1744379700, 'created', 'email', 'high'),
  ('B', 1744379760, 'status:open', NULL, NULL),
  ('B', 1744610700, 'reply', NULL, NULL);
CREATE TABLE st AS SELECT ticket, sla_replay((SELECT text FROM pol), at, event, channel, priority)
  AS state FROM (SELECT * FROM ev ORDER BY ticket, at) GROUP BY ticket;
SELECT 'status', st.ticket, s.metric, s.state, s.target, s.elapsed, s.remaining, s.deadline,
       s.fulfilled_at, s.warned, s.warnings, s.channel
  FROM st, pol, sla_status(pol.text, st.state, 1744610760) s
  WHERE s.target IS NOT NULL ORDER BY st.ticket, s.metric;
SELECT 'status-later', s.state, s.breached_at, s.remaining
  FROM st, pol, sla_status(pol.text, st.state, 1744614000) s
  WHERE st.ticket = 'A' AND s.metric = 'first_reply';
-- sla_apply, one event at a time, gives the same state as the replay.
SELECT 'apply-chain', sla_apply(p, sla_apply(p, NULL, 1744379700, 'created', 'email', 'normal'),
         1744379760, 'status:open') = (SELECT state FROM st WHERE ticket = 'A')
  FROM (SELECT text AS p FROM pol);
SELECT 'about-to-breach', st.ticket FROM st, pol, sla_status(pol.text, st.state, 1744610760) s
  WHERE s.state = 'running' AND s.deadline < 1744610760 + 300 AND s.metric = 'first_reply';
-- Business days (SEMANTICS 2.3): Friday 15:55 + 3 business days is Wednesday 15:55.
SELECT 'add-bd', sla_add('Europe/Oslo|Mo-Fr 08:00-16:00', 1744379700, '3bd'),
       sla_add_days('Europe/Oslo|Mo-Fr 08:00-16:00', 1744379700, 3);
SELECT 'sub-bd', sla_sub('Europe/Oslo|Mo-Fr 08:00-16:00', 1744611000, '1bd'),
       sla_sub_days('Europe/Oslo|Mo-Fr 08:00-16:00', 1744611000, 1);
SELECT 'count-days', sla_count_days('Europe/Oslo|Mo-Fr 08:00-16:00', 1744379700, 1744614600);
-- Previous opening and closing from Saturday noon: Friday 08:00 and 16:00.
SELECT 'prev', sla_prev_open('Europe/Oslo|Mo-Fr 08:00-16:00', 1744452000),
       sla_prev_close('Europe/Oslo|Mo-Fr 08:00-16:00', 1744452000);
-- Holidays given up to 2025 are complete to the end of 2025 (Oslo midnight).
SELECT 'horizon', sla_holiday_horizon('Europe/Oslo|Mo-Fr 08:00-16:00|2025-05-01'),
       sla_holiday_horizon('UTC|24/7') IS NULL;
-- Wake-ups and reminders: the next change after Friday 16:55 is first_reply's
-- 50 % warning on Monday 08:02:30; the crossings up to Monday 09:00 are both
-- warnings, its breach (one second after the deadline) and resolution's.
SELECT 'next-change', sla_next_change(pol.text, st.state, 1744383300) FROM st, pol
  WHERE st.ticket = 'A';
SELECT 'crossings', c.metric, c.kind, c.percent, c.at
  FROM st, pol, sla_crossings(pol.text, st.state, 1744383300, 1744614000) c
  WHERE st.ticket = 'A';
SELECT 'crossings-split', (SELECT count(*) FROM st, pol,
         sla_crossings(pol.text, st.state, 1744383300, 1744610700) WHERE st.ticket = 'A')
       + (SELECT count(*) FROM st, pol,
         sla_crossings(pol.text, st.state, 1744610700, 1744614000) WHERE st.ticket = 'A');
-- Rebase: onto the same policy nothing changes (the same bytes come back);
-- onto a policy whose calendar gained Monday as a holiday, first_reply is
-- due on Tuesday 08:10.
SELECT 'rebase-same', sla_rebase(pol.text, pol.text, st.state, 1744383300) = st.state
  FROM st, pol WHERE st.ticket = 'A';
CREATE TABLE pol2 AS SELECT replace(text, 'Mo-Fr 08:00-16:00', 'Mo-Fr 08:00-16:00|2025-04-14')
  AS text FROM pol;
SELECT 'rebase-holiday', s.deadline FROM st, pol, pol2,
       sla_status(pol2.text, sla_rebase(pol.text, pol2.text, st.state, 1744383300), 1744383300) s
  WHERE st.ticket = 'A' AND s.metric = 'first_reply';
