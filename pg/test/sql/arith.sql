-- Business-time arithmetic against SEMANTICS section 2 (worked by hand).
-- oslo = 1: Europe/Oslo, Mo-Fr 08:00-16:00, Easter 2025 holidays Apr 17, 18, 21.
-- Friday 15:50 +01 plus 15 min: 10 min on Friday, 5 on Monday.
SELECT sla.local_text(1, sla.add(1, '2025-03-21 15:50+01', interval '15 min'));
SELECT sla.local_text(1, sla.add_seconds(1, '2025-03-21 15:50+01', 900));
-- by name: the current version, the same answer
SELECT sla.add('oslo', '2025-03-21 15:50+01', '15 min') = sla.add(1, '2025-03-21 15:50+01', '15 min');
-- add(t, 0) = t even when closed; a deadline on a closing time is that closing time
SELECT utc(sla.add(1, '2025-03-22 12:00+01', interval '0'));
SELECT sla.local_text(1, sla.add(1, '2025-03-21 08:00+01', interval '8 hours'));
-- 3 days = 72 open hours = nine 8-hour days: Mon 3 Mar 08:00 -> Thu 13 Mar 16:00
SELECT sla.local_text(1, sla.add(1, '2025-03-03 08:00+01', interval '3 days'));
SELECT sla.local_text(1, sla.add(1, '2025-03-03 08:00+01', interval '72 hours'));
-- over the DST change (30 Mar 2025): Friday 15:00 +01 plus 2 h -> Monday 09:00 +02
SELECT sla.local_text(1, sla.add(1, '2025-03-28 15:00+01', interval '2 hours'));
-- over Easter: Wednesday 16 Apr 15:00 plus 2 h -> Tuesday 22 Apr 09:00
SELECT sla.local_text(1, sla.add(1, '2025-04-16 15:00+02', interval '2 hours'));
-- sub undoes add
SELECT sla.local_text(1, sla.sub(1, '2025-04-22 09:00+02', interval '2 hours'));
SELECT sla.local_text(1, sla.sub_seconds(1, '2025-04-22 09:00+02', 7200));
-- diff: open time between, negative when reversed
SELECT sla.diff(1, '2025-04-16 15:00+02', '2025-04-22 09:00+02'),
       sla.diff_seconds(1, '2025-04-22 09:00+02', '2025-04-16 15:00+02');
SELECT sla.diff('oslo', '2025-03-03 00:00+01', '2025-03-10 00:00+01');
-- is_open, next_open, next_close
SELECT sla.is_open(1, '2025-03-21 15:59:59+01') AS fri_1559, sla.is_open(1, '2025-03-21 16:00+01') AS fri_1600,
       sla.is_open(1, '2025-04-18 10:00+02') AS good_friday, sla.is_open('oslo', '2025-04-22 10:00+02') AS tue;
SELECT sla.local_text(1, sla.next_open(1, '2025-04-16 16:00+02')) AS next_open,
       sla.local_text(1, sla.next_close(1, '2025-04-16 09:00+02')) AS next_close,
       sla.local_text(1, sla.next_open(1, '2025-04-16 09:00+02')) AS already_open,
       sla.local_text(1, sla.next_close(1, '2025-04-16 17:00+02')) AS already_closed;
-- fractions of a second are floored: the instant is the whole second it falls in
SELECT utc(sla.add(1, '2025-03-21 15:50:00.7+01', interval '0')),
       utc(sla.add(1, '2025-03-21 15:50:00.7+01', interval '1 min'));
-- open spans across the DST change and across Easter
SELECT utc(opens), utc(closes) FROM sla.open_spans(1, '2025-03-28 00:00+01', '2025-04-01 00:00+02');
SELECT utc(opens), utc(closes) FROM sla.open_spans('oslo', '2025-04-16 12:00+02', '2025-04-23 00:00+02');
-- clipped to the window; an empty window gives no rows
SELECT utc(opens), utc(closes) FROM sla.open_spans(1, '2025-04-22 10:00+02', '2025-04-22 11:00+02');
SELECT count(*) FROM sla.open_spans(1, '2025-04-22 10:00+02', '2025-04-22 10:00+02');
-- the sum of the spans is diff
SELECT sum(closes - opens) = sla.diff(1, '2025-01-01', '2025-07-01')
  FROM sla.open_spans(1, '2025-01-01', '2025-07-01');
-- a timed closure (New York, Dec 24 from 12:00 local)
SELECT sla.local_text(2, sla.add(2, '2025-12-24 11:00-05', interval '2 hours'));
SELECT sla.zone(2), sla.zone(1);
-- a never-open calendar: next_open is NULL, add is an error (see errors)
SELECT sla.create_calendar('never', 'UTC', 'off') > 0 AS created;
SELECT sla.next_open(sla.calendar_id('never'), '2025-01-01') IS NULL AS never_opens,
       utc(sla.next_close(sla.calendar_id('never'), '2025-01-01Z')) AS closes_at_once;
