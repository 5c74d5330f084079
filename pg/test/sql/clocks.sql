-- Ticket clocks: a state column, events, the replay aggregate, the status rows.
CREATE TEMP VIEW pol AS SELECT sla.policy_id('support') AS id;
-- README example: email ticket Friday 15:55 +02, opened a minute later, looked at an hour on
-- first reply due Monday 08:10 (15 min of 08:00-16:00 business time), 10 min remaining.
CREATE TABLE tickets (id int PRIMARY KEY, sla_state sla.state);
INSERT INTO tickets
SELECT 1, sla.apply(sla.ticket(pol.id, '2025-04-11 15:55+02', 'email'),
                    '2025-04-11 15:56+02', 'status', 'open') FROM pol;
SELECT s.metric, s.state, s.target, s.elapsed, s.remaining, sla.local_text(1, s.deadline) AS deadline,
       s.warned, array_length(s.warning_at, 1) AS warnings, s.warning_percent, s.channel
  FROM tickets t, sla.status(t.sla_state, '2025-04-11 16:55+02') s ORDER BY s.metric;
SELECT sla.local_text(1, w) FROM tickets t, sla.status(t.sla_state, '2025-04-11 16:55+02') s,
       unnest(s.warning_at) w WHERE s.metric = 'first_reply';
-- the state as text round-trips and names its policy version
SELECT sla.state_policy(sla_state) = pol.id AS policy_pinned,
       sla_state::text::sla.state::text = sla_state::text AS text_round_trip,
       length(sla.state_bytes(sla_state)) > 0 AS has_bytes
  FROM tickets, pol;
-- a reply on Monday 08:05: achieved; next_reply idle until the customer writes
UPDATE tickets SET sla_state = sla.apply(sla_state, '2025-04-14 08:05+02', 'reply');
SELECT s.metric, s.state, s.elapsed, utc(s.fulfilled_at) AS fulfilled, utc(s.breached_at) AS breached
  FROM tickets t, sla.status(t.sla_state, '2025-04-14 09:00+02') s
 WHERE s.metric IN ('first_reply', 'next_reply', 'resolution') ORDER BY s.metric;
-- the customer writes back, nobody answers for 2 business hours: next_reply breached
UPDATE tickets SET sla_state = sla.apply(sla_state, '2025-04-14 09:00+02', 'customer');
SELECT s.metric, s.state, s.remaining, sla.local_text(1, s.deadline) AS deadline,
       sla.local_text(1, s.breached_at) AS breached, s.cycles, s.breached_cycles
  FROM tickets t, sla.status(t.sla_state, '2025-04-14 11:00+02') s WHERE s.metric = 'next_reply';
SELECT i.status, i.priority, i.channel, utc(i.created), utc(i.last_event)
  FROM sla.ticket_info((SELECT sla_state FROM tickets WHERE id = 1)) i;
-- the helpdesk query of the README: running clocks due within 10 minutes of "now"
INSERT INTO tickets
SELECT 1 + g, sla.ticket(pol.id, '2025-04-14 10:00+02'::timestamptz + g * interval '1 min',
                         CASE WHEN g % 3 = 0 THEN 'chat' ELSE 'email' END)
  FROM pol, generate_series(1, 20) g;
SELECT t.id, s.metric, s.state, sla.local_text(1, s.deadline) AS due
  FROM tickets t, sla.status(t.sla_state, '2025-04-14 10:30+02') s
 WHERE s.state = 'running' AND s.deadline < '2025-04-14 10:30+02'::timestamptz + interval '10 min'
 ORDER BY s.deadline, t.id LIMIT 8;
-- the replay aggregate over event rows equals applying the events one by one
CREATE TABLE events (ticket int, at timestamptz, event text, arg text);
INSERT INTO events VALUES
  (1, '2025-04-11 15:55+02', 'created', 'email'),
  (1, '2025-04-11 15:56+02', 'status', 'open'),
  (1, '2025-04-14 08:05+02', 'reply', NULL),
  (1, '2025-04-14 09:00+02', 'customer', NULL),
  (2, '2025-04-14 10:00+02', 'created', 'chat:urgent'),
  (2, '2025-04-14 10:00:20+02', 'reply', NULL),
  (2, '2025-04-14 10:05+02', 'status:pending', NULL),
  (2, '2025-04-15 10:05+02', 'customer', 'whatsapp'),
  (2, '2025-04-15 10:06+02', 'note', NULL),
  (2, '2025-04-15 10:30+02', 'status', 'solved'),
  (3, '2025-04-14 10:00+02', 'created', 'web'),
  (3, '2025-04-14 11:00+02', 'priority', 'urgent'),
  (3, '2025-04-14 17:00+02', 'channel', 'email');
CREATE TABLE replayed AS
SELECT ticket, sla.replay(pol.id, at, event, arg ORDER BY at) AS st FROM events, pol GROUP BY ticket;
SELECT r.ticket, r.st::text = CASE r.ticket WHEN 1 THEN (SELECT sla_state::text FROM tickets WHERE id = 1) ELSE r.st::text END AS same_as_apply
  FROM replayed r ORDER BY 1;
SELECT r.ticket, s.metric, s.state, s.target, s.elapsed, utc(s.deadline) AS deadline,
       utc(s.fulfilled_at) AS fulfilled, s.channel
  FROM replayed r, sla.status(r.st, '2025-04-16 12:00+02') s
 WHERE s.state <> 'inactive' ORDER BY r.ticket, s.metric;
SELECT r.ticket, i.status, i.priority, i.channel FROM replayed r, sla.ticket_info(r.st) i ORDER BY 1;
-- the status is the same whatever the order of queries (SEMANTICS 3.4)
SELECT count(*) AS differing FROM (
  SELECT r.ticket, s.* FROM replayed r, sla.status(r.st, '2025-04-16 12:00+02') s
  EXCEPT
  SELECT r.ticket, s.* FROM (SELECT * FROM replayed ORDER BY ticket DESC) r,
         sla.status(r.st, '2025-04-16 12:00+02') s) x;
-- binary send/recv round trip (COPY BINARY)
COPY (SELECT st FROM replayed ORDER BY ticket) TO '/tmp/pg_sla_states.bin' WITH (FORMAT binary);
CREATE TEMP TABLE back (st sla.state);
COPY back FROM '/tmp/pg_sla_states.bin' WITH (FORMAT binary);
SELECT count(*) AS round_tripped FROM back b JOIN replayed r ON b.st::text = r.st::text;
