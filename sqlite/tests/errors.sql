-- Bad input: every statement fails with a message naming the function, the
-- argument and the problem (the shell prints "Runtime error near line N").
.headers off
.mode list
SELECT sla_add('Europe/Oslo|Mo-Fx 08:00-16:00', 1744379700, 900);
SELECT sla_add('Europe/Osloo|24/7', 1744379700, 900);
SELECT sla_add('Europe/Oslo', 1744379700, 900);
SELECT sla_add('Europe/Oslo|24/7|2025-02-30', 1744379700, 900);
SELECT sla_add('Europe/Oslo|24/7|2025-04-14 12:00-12:00', 1744379700, 900);
SELECT sla_add('Europe/Oslo|24/7|Christmas', 1744379700, 900);
SELECT sla_add('Europe/Oslo|24/7', 1744379700.5, 900);
SELECT sla_add('Europe/Oslo|24/7', -1, 900);
SELECT sla_add('Europe/Oslo|24/7', 7258118400, 900);
SELECT sla_add('Europe/Oslo|24/7', 7258118000, 900);
SELECT sla_add('Europe/Oslo|24/7', 1744379700, -900);
SELECT sla_add('Europe/Oslo|24/7', 1744379700, '15 minutes');
SELECT sla_add('Europe/Oslo|24/7', 1744379700, 'P1M');
SELECT sla_add('Europe/Oslo|24/7', 1744379700, x'00');
SELECT sla_add('Europe/Oslo|24/7', 1744379700, CAST('15m' || char(0) || '5' AS TEXT));
SELECT sla_add('Europe/Oslo|24/7' || char(0) || 'x', 1744379700, 900);
SELECT sla_add('Europe/Oslo|24/7', '2025-13-01', 900);
SELECT sla_add('UTC|off', 1744379700, 900);
SELECT sla_next_open('UTC|off', 1744379700);
SELECT sla_calendar('Europe/Oslo', 'Mo-Fr 08:00-16:00|x');
SELECT sla_calendar('Mars/Olympus', '24/7');
SELECT sla_duration(15);
SELECT * FROM sla_open_spans('Europe/Oslo|Mo-Fx', 0, 1);
SELECT * FROM sla_open_spans('Europe/Oslo|24/7', 0);
SELECT * FROM sla_status('first_reply email * 15m', x'0102', 1744379700);
SELECT sla_apply('first_reply email * 15m', NULL, 1744379700, 'reply');
SELECT sla_apply('first_reply email * 15m', NULL, 1744379700, 'created', 'fax');
SELECT sla_apply('first_reply email * 15m', NULL, 1744379700, 'created', 'email', 'asap');
SELECT sla_apply('first_reply email * 15q', NULL, 1744379700, 'created');
SELECT sla_apply('calendar x Europe/Oslo|Mo-Fx
first_reply email * 15m calendar=x', NULL, 1744379700, 'created');
SELECT sla_apply('first_reply email * 15m calendar=support', NULL, 1744379700, 'created');
SELECT sla_apply('first_reply email * 15m', sla_apply('first_reply email * 15m', NULL,
                 1744379700, 'created'), 1744379000, 'reply');
SELECT sla_apply('first_reply email * 15m', NULL, 1744379700, 'escalated');
SELECT * FROM sla_status('first_reply email * 1h', sla_apply('first_reply email * 15m', NULL,
                 1744379700, 'created'), 1744379700);
SELECT * FROM sla_status('first_reply email * 15m', sla_apply('first_reply email * 15m', NULL,
                 1744379700, 'created'), 1744379000);
SELECT sla_replay('first_reply email * 15m', at, ev) FROM (SELECT 1744379700 AS at, 'created' AS ev
  UNION ALL SELECT 1744379000, 'reply');
SELECT sla_add_days('UTC|Mo-Fr 08:00-16:00', 1744379700, -1);
SELECT sla_add_days('UTC|Mo-Fr 08:00-16:00', 1744379700, '3');
SELECT sla_add('UTC|Mo-Fr 08:00-16:00', 1744379700, '1bd2h');
SELECT sla_add_days('UTC|off', 1744379700, 1);
SELECT * FROM sla_crossings('first_reply email * 15m', sla_apply('first_reply email * 15m', NULL,
                 1744379700, 'created'), 1744379800, 1744379700);
SELECT sla_rebase('first_reply email * 15m', 'channel fax
first_reply email * 15m', sla_apply('first_reply email * 15m', NULL, 1744379700, 'created'),
                 1744379700);
SELECT sla_next_change('first_reply email * 15m', x'00', 1744379700);
-- A failed statement changes nothing.
CREATE TABLE tk(id INTEGER PRIMARY KEY, created INTEGER,
  due INTEGER GENERATED ALWAYS AS (sla_add('Europe/Oslo|Mo-Fr 08:00-16:00', created, 900)));
INSERT INTO tk(id, created) VALUES (1, 1744379700);
INSERT INTO tk(id, created) VALUES (2, 1744379700), (3, -5);
SELECT 'rows after the failed insert', count(*) FROM tk;
