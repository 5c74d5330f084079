#!/bin/sh
# Two sessions change a calendar while two others query it: every answer comes from one
# version or the other, never a mix. Each query asks the calendar, by name, three things in
# one statement (a deadline, the next close, is it open); the two versions alternate
# between hours A (08:00-16:00) and B (10:00-18:00), which give different answers to all
# three. Runs against the cluster in PGHOST/PGPORT (inside pg_virtualenv).
set -eu
db=pg_sla_concurrency
psql -qX -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" 2>/dev/null
psql -qX -v ON_ERROR_STOP=1 -d $db >/dev/null <<'SQL'
CREATE EXTENSION pg_sla;
SELECT sla.create_calendar('cc', 'Europe/Oslo', 'Mo-Fr 08:00-16:00');
CREATE TABLE answers (session int, deadline timestamptz, closes timestamptz, open boolean);
CREATE TABLE expected AS
SELECT 'A' AS v, sla.add(1, '2025-04-14 09:30+02', interval '1 hour') AS deadline,
       sla.next_close(1, '2025-04-14 09:30+02') AS closes, sla.is_open(1, '2025-04-14 09:30+02') AS open;
SELECT sla.change_calendar('cc', hours => 'Mo-Fr 10:00-18:00');
INSERT INTO expected
SELECT 'B', sla.add(2, '2025-04-14 09:30+02', interval '1 hour'),
       sla.next_close(2, '2025-04-14 09:30+02'), sla.is_open(2, '2025-04-14 09:30+02');
SQL
writer() {
    i=0
    while [ $i -lt 60 ]; do
        psql -qX -d $db -c "SELECT sla.change_calendar('cc', hours => CASE WHEN
            (SELECT hours FROM sla.calendar WHERE id = sla.calendar_id('cc')) = 'Mo-Fr 08:00-16:00'
            THEN 'Mo-Fr 10:00-18:00' ELSE 'Mo-Fr 08:00-16:00' END)" >/dev/null
        i=$((i + 1))
    done
}
reader() {
    i=0
    while [ $i -lt 150 ]; do
        psql -qX -d $db -c "INSERT INTO answers SELECT $1, sla.add('cc', '2025-04-14 09:30+02', interval '1 hour'),
            sla.next_close('cc', '2025-04-14 09:30+02'), sla.is_open('cc', '2025-04-14 09:30+02')" >/dev/null
        i=$((i + 1))
    done
}
writer & w1=$!
writer & w2=$!
reader 1 & r1=$!
reader 2 & r2=$!
wait $w1 $w2 $r1 $r2
out=$(psql -qXAt -d $db -c "
    SELECT count(*) || ' answers, ' ||
           count(*) FILTER (WHERE e.v = 'A') || ' from A, ' ||
           count(*) FILTER (WHERE e.v = 'B') || ' from B, ' ||
           count(*) FILTER (WHERE e.v IS NULL) || ' mixed; ' ||
           (SELECT count(*) FROM sla.calendar WHERE name = 'cc') || ' versions'
      FROM answers a LEFT JOIN expected e USING (deadline, closes, open)")
echo "concurrency: $out"
psql -qX -d postgres -c "DROP DATABASE $db"
case "$out" in
    "300 answers, "*" 0 mixed; 122 versions") ;;
    *) echo "concurrency: FAILED (expected 300 answers, none mixed, 122 versions)" >&2; exit 1 ;;
esac
