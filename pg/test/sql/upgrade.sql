-- The upgrade path: install 1.0, update to 1.1, the 1.1 functions appear and work.
DROP EXTENSION pg_sla CASCADE;
CREATE EXTENSION pg_sla VERSION '1.0';
SELECT extversion FROM pg_extension WHERE extname = 'pg_sla';
SELECT count(*) AS ticket_info_functions FROM pg_proc WHERE proname = 'ticket_info';
SELECT sla.create_calendar('oslo', 'Europe/Oslo', 'Mo-Fr 08:00-16:00') AS oslo;
SELECT sla.create_policy('p', 'first_reply email * 15m calendar=oslo') AS p;
CREATE TABLE kept AS SELECT sla.ticket(sla.policy_id('p'), '2025-04-11 15:55+02', 'email') AS st;
ALTER EXTENSION pg_sla UPDATE;
SELECT extversion FROM pg_extension WHERE extname = 'pg_sla';
SELECT status, priority, channel, utc(created) FROM kept, sla.ticket_info(st);
SELECT sla.target(sla.policy_id('p'), 'first_reply', 'email');
-- a state stored under 1.0 still reports under 1.1
SELECT s.state, sla.local_text(1, s.deadline) FROM kept, sla.status(kept.st, '2025-04-11 16:00+02') s
 WHERE s.metric = 'first_reply';
