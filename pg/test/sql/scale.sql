-- 1.1: business days, previous open and close, next change, crossings, rebase.
-- oslo: Europe/Oslo, Mo-Fr 08:00-16:00, holidays 2025-04-17, 18, 21 (Easter).
SELECT sla.calendar_id('oslo') AS oslo \gset
SELECT sla.local_text(:oslo, sla.prev_open(:oslo, '2025-04-16 12:00+02')) AS prev_open_inside,
       sla.local_text(:oslo, sla.prev_open(:oslo, '2025-04-16 08:00+02')) AS prev_open_at_opening,
       sla.local_text(:oslo, sla.prev_close(:oslo, '2025-04-22 10:00+02')) AS prev_close_over_easter,
       sla.prev_open(sla.create_calendar('always', 'UTC', '24/7'), '2025-04-16 12:00Z') IS NULL
           AS always_open_has_none;
-- one business day after Wednesday 10:00 is Tuesday 10:00 (Thu, Fri, Mon are holidays)
SELECT sla.local_text(:oslo, sla.add_days(:oslo, '2025-04-16 10:00+02', 1)) AS add_1,
       sla.local_text(:oslo, sla.add_days('oslo', '2025-04-12 12:00+02', 1)) AS add_1_from_saturday,
       sla.local_text(:oslo, sla.add_days(:oslo, '2025-04-16 10:00+02', 0)) AS add_0,
       sla.local_text(:oslo, sla.sub_days(:oslo, '2025-04-22 10:00+02', 1)) AS sub_1;
SELECT sla.count_days(:oslo, '2025-04-14 00:00+02', '2025-04-26 00:00+02') AS business_dates,
       sla.count_days('oslo', '2025-04-17 00:00+02', '2025-04-22 00:00+02') AS over_easter;
SELECT utc(sla.holiday_horizon(:oslo)) AS horizon,
       sla.holiday_horizon(sla.calendar_id('always')) IS NULL AS unbounded;
SELECT try(format($$SELECT sla.add_days(%s, '2025-04-16 10:00+02', -1)$$, :oslo));
SELECT try(format($$SELECT sla.count_days(%s, '2025-04-16 10:00+02', '2025-04-15 10:00+02')$$, :oslo));
-- the README ticket: email, Friday 15:55, open at 15:56; at 16:55 nothing has crossed yet,
-- the next change is the 50 % warning of the first reply on Monday 08:02:30
SELECT sla.create_policy('rb', 'first_reply email * 15m calendar=oslo warn=50,75,90') AS rb1 \gset
CREATE TABLE scale_t AS
SELECT sla.apply(sla.ticket(:rb1, '2025-04-11 15:55+02', 'email'), '2025-04-11 15:56+02',
                 'status', 'open') AS st;
SELECT sla.local_text(:oslo, n.at) AS wake_at, n.metric, n.kind, n.percent
  FROM scale_t, sla.next_change(st, '2025-04-11 16:55+02') n;
SELECT sla.local_text(:oslo, c.at) AS crossed_at, c.metric, c.kind, c.percent
  FROM scale_t, sla.crossings(st, '2025-04-11 15:55+02', '2025-04-14 12:00+02') c;
-- split anywhere, the same crossings
SELECT count(*) AS crossings_in_two_halves FROM scale_t,
       LATERAL (SELECT * FROM sla.crossings(st, '2025-04-11 15:55+02', '2025-04-14 08:05+02')
                UNION ALL
                SELECT * FROM sla.crossings(st, '2025-04-14 08:05+02', '2025-04-14 12:00+02')) c;
-- after the reply nothing is pending
SELECT n.at IS NULL AS nothing_pending, n.kind
  FROM scale_t, sla.next_change(sla.apply(st, '2025-04-14 08:05+02', 'reply'), '2025-04-14 08:06+02') n;
-- an expression index on the wake-up instant: the helpdesk's job polls nothing
CREATE TABLE wake (id int, st sla.state);
INSERT INTO wake SELECT g, sla.ticket(:rb1, '2025-04-14 08:00+02'::timestamptz + g * interval '1 min', 'email')
  FROM generate_series(1, 300) g;
CREATE INDEX wake_at ON wake (sla.wake_at(st));
ANALYZE wake;
SET enable_seqscan = off;
SET plan_cache_mode = force_generic_plan;
PREPARE due_wake(timestamptz) AS SELECT count(*) FROM wake WHERE sla.wake_at(st) < $1;
EXPLAIN (COSTS OFF) EXECUTE due_wake('2025-04-14 08:30+02');
-- created 08:01 .. 08:22: the 50 % warning (7 min 30 s after creation) falls before 08:30
EXECUTE due_wake('2025-04-14 08:30+02');
RESET enable_seqscan; RESET plan_cache_mode;
-- rebase onto a new version of the policy: the first reply now has 1 h, counted from the start
SELECT sla.change_policy('rb', 'first_reply email * 1h calendar=oslo warn=50') AS rb2 \gset
SELECT s.state, s.target, s.elapsed, sla.local_text(:oslo, s.deadline) AS deadline, s.warning_percent
  FROM scale_t, sla.status(sla.rebase(st, :rb2, '2025-04-11 16:55+02'), '2025-04-11 16:55+02') s
 WHERE s.metric = 'first_reply';
SELECT sla.state_policy(sla.rebase(st, :rb2, '2025-04-11 16:55+02')) = :rb2 AS rebased,
       sla.rebase(st, :rb1, '2025-04-11 16:55+02')::text = st::text AS onto_itself_unchanged
  FROM scale_t;
SELECT sla.create_policy('other', E'channel fax\nfirst_reply fax * 1h') AS other \gset
SELECT try(format($$SELECT sla.rebase(st, %s, '2025-04-11 16:55+02') FROM scale_t$$, :other));
SELECT try(format($$SELECT sla.next_change(st, '2025-04-11 15:00+02') FROM scale_t$$));
