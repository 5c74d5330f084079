-- Statements for test/valgrind.sh (postgres --single -j: each ends with ";" and a blank line).

CREATE EXTENSION pg_sla;

SELECT sla.create_calendar('oslo', 'Europe/Oslo', 'Mo-Fr 08:00-16:00; PH off', ARRAY['2025-04-17','2025-04-18']::date[], ARRAY[tstzrange('2025-04-16 10:00Z','2025-04-16 11:00Z')]);

SELECT sla.create_calendar('bad', 'Europe/Oslo', 'Mo-Fx 08:00-16:00');

SELECT sla.create_calendar('bad2', 'Nowhere/Zone', '24/7');

SELECT sla.create_calendar('ics', 'UTC', '24/7', ics => E'BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20250101\nSUMMARY:x\nEND:VEVENT\nEND:VCALENDAR\n');

SELECT sla.create_calendar('ics2', 'UTC', '24/7', ics => E'BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:2025XX01\nEND:VEVENT\nEND:VCALENDAR\n');

SELECT sla.create_policy('p', E'channel whatsapp\nfirst_reply email * 15m calendar=oslo warn=50,75,90\nnext_reply email * 1h calendar=oslo\nresolution * * 3d calendar=oslo pause=pending');

SELECT sla.create_policy('bad', 'first_reply email * 15x');

SELECT count(sla.add(1, '2025-04-14 10:00Z'::timestamptz + g * interval '17 min', interval '15 min')) FROM generate_series(1, 2000) g;

SELECT sla.diff(1, '2025-04-14', '2025-05-14'), sla.next_open(1, '2025-04-17 10:00Z'), sla.prev_close(1, '2025-04-22 10:00Z'), sla.add_days(1, '2025-04-16 10:00Z', 3), sla.count_days(1, '2025-01-01Z', '2025-12-31Z'), sla.holiday_horizon(1), sla.local_text(1, now());

SELECT count(*) FROM sla.open_spans(1, '2025-01-01Z', '2025-03-01Z');

SELECT sla.add(1, 'infinity', interval '1 min');

SELECT sla.add(1, '2025-01-01', interval '1 month');

SELECT sla.add('nosuch', '2025-01-01', interval '1 min');

SELECT sla.add('oslo', '2025-01-01', interval '1 min');

CREATE TABLE ev (t int, at timestamptz, e text, a text);

INSERT INTO ev SELECT k, '2025-04-14 06:00Z'::timestamptz + k * interval '5 min', 'created', 'email' FROM generate_series(1,50) k;

INSERT INTO ev SELECT k, '2025-04-14 06:00Z'::timestamptz + k * interval '5 min' + j * interval '17 min', (ARRAY['reply','customer','status','note'])[j % 4 + 1], CASE WHEN j % 4 = 2 THEN 'pending' END FROM generate_series(1,50) k, generate_series(1,6) j;

CREATE TABLE st AS SELECT t, sla.replay(1, at, e, a ORDER BY at) s FROM ev GROUP BY t;

SELECT count(*) FROM st, sla.status(s, '2025-04-25Z') x;

SELECT count(*) FROM st, sla.crossings(s, '2025-04-14Z', '2025-04-25Z') x;

SELECT count((sla.next_change(s, '2025-04-25Z')).at), count(sla.wake_at(s)), count((sla.ticket_info(s)).status) FROM st;

SELECT sla.change_policy('p', E'channel whatsapp\nfirst_reply email * 1h calendar=oslo');

SELECT count(sla.rebase(s, 2, '2025-04-25Z')) FROM st;

SELECT sla.status('1:00112233'::sla.state, now());

SELECT sla.status('1:5ab0'::sla.state, now());

SELECT sla.status(('1:' || substr(s::text, 3, 40))::sla.state, '2025-04-25Z') FROM st LIMIT 3;

SELECT sla.status(('1:' || regexp_replace(substr(s::text, 3), '^(..........)..', '\1ff'))::sla.state, '2025-04-25Z') FROM st LIMIT 3;

SELECT sla.apply(s, '2025-04-01Z', 'reply') FROM st LIMIT 1;

SELECT sla.apply(s, '2025-04-26Z', 'fly') FROM st LIMIT 1;

SELECT sla.apply(s, '2025-04-26Z', 'status', 'closed') FROM st LIMIT 1;

SELECT sla.replay(1, at, e, a ORDER BY at) FROM (VALUES ('2025-01-01Z'::timestamptz, 'reply', NULL)) v(at, e, a);

