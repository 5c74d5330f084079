-- The ten lines of the README's PostgreSQL section, with now() fixed to an instant.
CREATE TABLE ticket_events (ticket bigint, at timestamptz, event text, arg text);
INSERT INTO ticket_events VALUES
  (1, '2025-04-14 09:00+02', 'created', 'email'), (1, '2025-04-14 09:05+02', 'status', 'open'),
  (2, '2025-04-14 09:10+02', 'created', 'email'), (2, '2025-04-14 09:12+02', 'reply', NULL),
  (3, '2025-04-14 09:14+02', 'created', 'email:high'), (4, '2025-04-14 08:00+02', 'created', 'email');
SELECT sla.create_calendar('support', 'Europe/Oslo', 'Mo-Fr 08:00-16:00; PH off') > 0 AS calendar;
SELECT sla.create_policy('helpdesk', 'first_reply email * 15m calendar=support warn=50,90') > 0 AS policy;
CREATE TABLE tickets_readme AS
  SELECT ticket AS id, sla.replay(sla.policy_id('helpdesk'), at, event, arg ORDER BY at) AS sla_state
    FROM ticket_events GROUP BY ticket;
SELECT t.id, s.metric, sla.local_text(sla.calendar_id('support'), s.deadline) AS due, s.remaining
  FROM tickets_readme t, sla.status(t.sla_state, '2025-04-14 09:20+02') s
 WHERE s.state = 'running' AND s.deadline < '2025-04-14 09:20+02'::timestamptz + interval '10 min'
 ORDER BY s.deadline;
