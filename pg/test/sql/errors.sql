-- Bad input of every kind: the documented SQLSTATE, and nothing changes.
CREATE TEMP TABLE before AS
    SELECT (SELECT count(*) FROM sla.calendar) AS cals, (SELECT count(*) FROM sla.policy) AS pols;
-- 22P02: parse errors with line, column and construct
SELECT try($$SELECT sla.create_calendar('bad', 'Europe/Oslo', 'Mo-Fx 08:00-16:00')$$);
SELECT try($$SELECT sla.create_calendar('bad', 'Europe/Oslo', 'Mo-Fr 08:00-16:00 || "x"')$$);
SELECT try($$SELECT sla.create_calendar('bad', 'Europe/Oslo', 'sunrise-sunset')$$);
SELECT try($$SELECT sla.change_calendar('oslo', hours => 'Mo-Fr 25:00-26:00')$$);
SELECT try($$SELECT sla.create_calendar('bad', 'UTC', '24/7', ics => E'BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:2025XX01\nEND:VEVENT\nEND:VCALENDAR\n')$$);
SELECT try($$SELECT sla.create_policy('bad', E'first_reply email * 15m calendar=oslo\nfirst_reply chat * 15x')$$);
SELECT try($$SELECT sla.create_policy('bad', 'first_rply email * 15m')$$);
SELECT try($$SELECT sla.change_policy('support', 'first_reply email * 15m warn=90,50')$$);
SELECT try($$SELECT 'x:00'::sla.state$$);
SELECT try($$SELECT '1:0g'::sla.state$$);
SELECT try($$SELECT '1:abc'::sla.state$$);
SELECT try($$SELECT sla.status('1:00112233'::sla.state, now())$$);
-- 22023: invalid parameter values
SELECT try($$SELECT sla.create_calendar('bad', 'Europe/Osloo', 'Mo-Fr 08:00-16:00')$$);
SELECT try($$SELECT sla.create_calendar('bad name', 'UTC', '24/7')$$);
SELECT try($$SELECT sla.create_policy('', 'first_reply email * 15m')$$);
SELECT try($$SELECT sla.create_calendar('oslo', 'UTC', '24/7')$$);
SELECT try($$SELECT sla.change_calendar('nosuch', hours => '24/7')$$);
SELECT try($$SELECT sla.create_calendar('bad', 'UTC', '24/7', closures => ARRAY[tstzrange('2025-01-01Z', '2025-01-02Z', '[]')])$$);
SELECT try($$SELECT sla.create_calendar('bad', 'UTC', '24/7', closures => ARRAY[tstzrange('2025-01-01Z', '2025-01-02Z'), tstzrange('2025-01-02Z', NULL)])$$);
SELECT try($$SELECT sla.create_calendar('bad', 'UTC', '24/7', holidays => ARRAY['1960-01-01']::date[])$$);
SELECT try($$SELECT sla.create_policy('bad', 'first_reply email * 15m calendar=nosuch')$$);
SELECT try($$SELECT sla.create_policy('support', 'first_reply email * 15m')$$);
SELECT try($$SELECT sla.add(1, '2025-01-01', interval '1 month')$$);
SELECT try($$SELECT sla.add(1, '2025-01-01', interval '1.5 seconds')$$);
SELECT try($$SELECT sla.add(1, '2025-01-01', interval '-15 min')$$);
SELECT try($$SELECT sla.sub_seconds(1, '2025-01-01', -1)$$);
SELECT try($$SELECT sla.add(999, '2025-01-01', interval '15 min')$$);
SELECT try($$SELECT sla.add('nosuch', '2025-01-01', interval '15 min')$$);
SELECT try($$SELECT sla.add(sla.calendar_id('never'), '2025-01-01', interval '15 min')$$);
SELECT try($$SELECT sla.ticket(sla.policy_id('support'), '2025-01-01', 'fax')$$);
SELECT try($$SELECT sla.ticket(sla.policy_id('support'), '2025-01-01', 'email', 'highest')$$);
SELECT try($$SELECT sla.ticket(999, '2025-01-01', 'email')$$);
SELECT try($$SELECT sla.apply(sla.ticket(sla.policy_id('support'), '2025-01-01 10:00Z', 'email'), '2025-01-01 09:00Z', 'reply')$$);
SELECT try($$SELECT sla.apply(sla.ticket(sla.policy_id('support'), '2025-01-01 10:00Z', 'email'), '2025-01-01 11:00Z', 'shout')$$);
SELECT try($$SELECT sla.apply(sla.ticket(sla.policy_id('support'), '2025-01-01 10:00Z', 'email'), '2025-01-01 11:00Z', 'status', 'sleeping')$$);
SELECT try($$SELECT sla.apply(sla.ticket(sla.policy_id('support'), '2025-01-01 10:00Z', 'email'), '2025-01-01 11:00Z', 'created', 'email')$$);
SELECT try($$SELECT sla.apply(sla.apply(sla.ticket(sla.policy_id('support'), '2025-01-01 10:00Z', 'email'), '2025-01-01 11:00Z', 'status:closed'), '2025-01-01 12:00Z', 'reply')$$);
SELECT try($$SELECT sla.status(sla.ticket(sla.policy_id('support'), '2025-01-01 10:00Z', 'email'), '2025-01-01 09:00Z')$$);
SELECT try($$SELECT sla.target(sla.policy_id('support'), 'first_reply', 'fax')$$);
SELECT try($$SELECT sla.replay(sla.policy_id('support'), at, ev, NULL ORDER BY at) FROM (VALUES ('2025-01-01 10:00Z'::timestamptz, 'reply')) v(at, ev)$$);
SELECT try($$SELECT sla.replay(sla.policy_id('support'), at, ev, NULL ORDER BY at) FROM (VALUES ('2025-01-01 10:00Z'::timestamptz, NULL)) v(at, ev)$$);
-- a state made with another policy version
SELECT try(format($$SELECT sla.apply('%s'::sla.state, '2025-01-01 11:00Z', 'reply')$$,
    regexp_replace(sla.ticket(sla.policy_id('support'), '2025-01-01 10:00Z', 'email')::text,
                   '^[0-9]+:', (SELECT min(id) FROM sla.policy)::text || ':')));
-- 22008: instants outside 1970-2199 and infinity
SELECT try($$SELECT sla.add(1, 'infinity', interval '15 min')$$);
SELECT try($$SELECT sla.is_open(1, '-infinity')$$);
SELECT try($$SELECT sla.add(1, '1969-12-31 23:59:59Z', interval '0')$$);
SELECT try($$SELECT sla.add(1, '2199-12-31 15:00+01', interval '2 hours')$$);
SELECT try($$SELECT sla.diff(1, '2025-01-01', '2200-01-01Z')$$);
SELECT try($$SELECT count(*) FROM sla.open_spans(1, '1960-01-01', '2025-01-01')$$);
SELECT try($$SELECT sla.status(sla.ticket(sla.policy_id('support'), '2025-01-01 10:00Z', 'email'), 'infinity')$$);
-- an error in the middle of a statement leaves no row
SELECT try($$SELECT sla.create_calendar('half' || g, 'UTC', CASE WHEN g = 2 THEN 'bad' ELSE '24/7' END) FROM generate_series(1, 3) g$$);
-- nothing changed
SELECT (SELECT count(*) FROM sla.calendar) = cals AS calendars_unchanged,
       (SELECT count(*) FROM sla.policy) = pols AS policies_unchanged FROM before;
-- a raw error, as a client sees it
\set VERBOSITY default
\set SHOW_CONTEXT never
SELECT sla.create_calendar('bad', 'Europe/Oslo', 'Mo-Fx 08:00-16:00');
SELECT sla.add(1, 'infinity', interval '15 min');
