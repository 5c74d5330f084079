#!/bin/sh
# A stand-in for a Citus cluster: two PostgreSQL clusters each hold one half of the same
# tickets and events (split by ticket id, as `create_distributed_table('tickets', 'id')`
# with colocated events would), with the same calendar and policy rows (a reference table:
# the same ids everywhere). The per-shard results, combined the way the coordinator combines
# them, must equal the result of one database holding every ticket.
# Runs inside pg_virtualenv: the first cluster is PGHOST/PGPORT; this script starts the
# second one and removes it afterwards.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$here/out/shards
rm -rf "$out"
mkdir -p "$out"
chmod a+rwx "$out"

name=pgsla_shard2
if [ "$(id -u)" -eq 0 ]; then
    pg_dropcluster --stop 15 $name 2>/dev/null || true
    pg_createcluster -q 15 $name -- --auth-local=trust --auth-host=trust >/dev/null
    pg_ctlcluster 15 $name start
    port2=$(pg_lsclusters -h | awk -v n=$name '$2 == n { print $3 }')
    host2=/var/run/postgresql
    cleanup() { pg_dropcluster --stop 15 $name; }
else
    bindir=$(pg_config --bindir)
    data=$out/data2
    "$bindir/initdb" -q -A trust -U postgres -D "$data" >/dev/null
    port2=$((PGPORT + 17))
    "$bindir/pg_ctl" -s -D "$data" -o "-p $port2 -k $out -c listen_addresses=''" -l "$out/log" -w start
    host2=$out
    cleanup() { "$bindir/pg_ctl" -s -D "$data" -m fast stop; }
fi
trap cleanup EXIT

whole() { psql -qXAt -v ON_ERROR_STOP=1 -d pg_sla_whole "$@"; }
shard1() { psql -qXAt -v ON_ERROR_STOP=1 -d pg_sla_shard "$@"; }
shard2() { psql -qXAt -v ON_ERROR_STOP=1 -h "$host2" -p "$port2" -U postgres -d pg_sla_shard "$@"; }

psql -qX -d postgres -c "DROP DATABASE IF EXISTS pg_sla_whole" -c "DROP DATABASE IF EXISTS pg_sla_shard" \
    -c "CREATE DATABASE pg_sla_whole" -c "CREATE DATABASE pg_sla_shard" 2>/dev/null
psql -qX -h "$host2" -p "$port2" -U postgres -d postgres -c "CREATE DATABASE pg_sla_shard" >/dev/null

# Every node: the extension and the same reference rows; tickets and events of its part.
setup() { # $1 = SQL condition on the ticket id selecting the node's part
    cat <<SQL
CREATE EXTENSION pg_sla;
SELECT sla.create_calendar('support', 'Europe/Oslo', 'Mo-Fr 08:00-16:00; PH off',
                           ARRAY['2025-04-17', '2025-04-18', '2025-04-21']::date[]);
SELECT sla.create_policy('helpdesk', \$\$
first_reply  email  *  15m  calendar=support warn=50,90
first_reply  chat   *  30s
next_reply   email  *  1h   calendar=support
resolution   *      *  3d   calendar=support pause=pending
\$\$);
CREATE TABLE tickets (id int PRIMARY KEY, cal bigint, channel text, created timestamptz,
                      sla_state sla.state);
CREATE TABLE events (ticket int, seq int, at timestamptz, event text, arg text);
INSERT INTO tickets
SELECT k, sla.calendar_id('support'), (ARRAY['email', 'chat', 'web'])[k % 3 + 1],
       '2025-04-10 06:00Z'::timestamptz + k * interval '173 s', NULL
  FROM generate_series(1, 3000) k WHERE $1;
INSERT INTO events
SELECT id, 0, created, 'created', channel FROM tickets
UNION ALL
SELECT t.id, j, t.created + sum(abs(hashint4(t.id * 31 + j)) % 20000)
                              OVER (PARTITION BY t.id ORDER BY j) * interval '1 s',
       (ARRAY['status', 'reply', 'customer', 'note', 'status'])[abs(hashint4(t.id * 31 + j)) / 7 % 5 + 1],
       CASE abs(hashint4(t.id * 31 + j)) / 7 % 5 WHEN 0 THEN 'open' WHEN 4 THEN 'pending' END
  FROM tickets t, generate_series(1, t.id % 6) j;
UPDATE tickets t SET sla_state = r.st
  FROM (SELECT ticket, sla.replay(sla.policy_id('helpdesk'), at, event, arg ORDER BY at, seq) AS st
          FROM events GROUP BY ticket) r WHERE r.ticket = t.id;
SQL
}
setup "true" | whole >/dev/null
setup "k % 2 = 0" | shard1 >/dev/null
setup "k % 2 = 1" | shard2 >/dev/null

# The reference rows have the same ids on every node.
ref="SELECT string_agg(id || ':' || name || ':' || version, ',' ORDER BY id) FROM
     (SELECT id, name, version FROM sla.calendar UNION ALL SELECT id, name, version FROM sla.policy) x"
[ "$(whole -c "$ref")" = "$(shard1 -c "$ref")" ] && [ "$(whole -c "$ref")" = "$(shard2 -c "$ref")" ] || {
    echo "shards: reference rows differ between nodes" >&2; exit 1; }

fail=0
# 1. A query routed per ticket (pushed down whole): status rows of every clock.
q1="SELECT t.id, s.metric, s.state, extract(epoch FROM s.deadline), extract(epoch FROM s.elapsed)
      FROM tickets t, sla.status(t.sla_state, '2025-04-22 12:00Z') s ORDER BY 1, 2"
whole -c "$q1" > "$out/q1.whole"
{ shard1 -c "$q1"; shard2 -c "$q1"; } | sort -t'|' -k1,1n -k2,2 > "$out/q1.shards"
sort -t'|' -k1,1n -k2,2 "$out/q1.whole" > "$out/q1.whole.sorted"
cmp -s "$out/q1.whole.sorted" "$out/q1.shards" || { echo "shards: status rows differ" >&2; fail=1; }
# 2. Per-channel compliance: partial counts per shard, summed by the coordinator.
q2="SELECT t.channel, s.metric, count(*) FILTER (WHERE s.state = 'breached'), count(*)
      FROM tickets t, sla.status(t.sla_state, '2025-04-22 12:00Z') s
     WHERE s.state IN ('achieved', 'breached') GROUP BY 1, 2 ORDER BY 1, 2"
whole -c "$q2" | LC_ALL=C sort > "$out/q2.whole"
{ shard1 -c "$q2"; shard2 -c "$q2"; } | awk -F'|' '{ b[$1 "|" $2] += $3; n[$1 "|" $2] += $4 }
    END { for (k in n) print k "|" b[k] "|" n[k] }' | LC_ALL=C sort > "$out/q2.shards"
cmp -s "$out/q2.whole" "$out/q2.shards" || { echo "shards: compliance counts differ" >&2; fail=1; }
# 3. First-reply deadlines of an IMMUTABLE function over a column (runs on the workers).
q3="SELECT id, extract(epoch FROM sla.add(cal, created, interval '15 min')) FROM tickets ORDER BY 1"
whole -c "$q3" > "$out/q3.whole"
{ shard1 -c "$q3"; shard2 -c "$q3"; } | sort -t'|' -k1,1n > "$out/q3.shards"
cmp -s "$out/q3.whole" "$out/q3.shards" || { echo "shards: deadlines differ" >&2; fail=1; }

echo "shards: $(wc -l < "$out/q1.whole") status rows, $(wc -l < "$out/q2.whole") compliance groups," \
     "$(wc -l < "$out/q3.whole") deadlines; whole = shard 1 + shard 2: $([ $fail -eq 0 ] && echo yes || echo NO)"
psql -qX -d postgres -c "DROP DATABASE pg_sla_whole" -c "DROP DATABASE pg_sla_shard"
exit $fail
