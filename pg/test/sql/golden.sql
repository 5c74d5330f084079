-- Golden cases through SQL: this suite's own fixture always, and the project's shared
-- samples when present (golden_1.out is the expected output without them). The shared
-- samples are the reference the library's own golden suite checks sla-calc against.
CREATE TABLE caseline (kind text, src text, name text, a text, b text, c text);
\copy caseline FROM PROGRAM 'sh test/cases.sh' WITH (FORMAT csv)
CREATE TABLE golden_cal AS
WITH z AS (SELECT src, name, b AS zone FROM caseline WHERE kind = 'cal' AND a = 'tz'),
     closed AS (
       SELECT l.src, l.name,
              tstzrange(((split_part(l.b, ' ', 1))::date
                         + split_part(split_part(l.b, ' ', 2), '-', 1)::time) AT TIME ZONE z.zone,
                        ((split_part(l.b, ' ', 1))::date
                         + split_part(split_part(l.b, ' ', 2), '-', 2)::time) AT TIME ZONE z.zone)
                AS r
         FROM caseline l JOIN z USING (src, name) WHERE l.kind = 'cal' AND l.a = 'closed')
SELECT z.src, z.name,
       sla.create_calendar('g_' || z.src || '_' || replace(z.name, '-', '_'), z.zone,
           (SELECT b FROM caseline l WHERE l.kind = 'cal' AND l.a = 'hours'
               AND (l.src, l.name) = (z.src, z.name)),
           coalesce((SELECT array_agg(b::date) FROM caseline l WHERE l.kind = 'cal'
               AND l.a = 'holiday' AND (l.src, l.name) = (z.src, z.name)), '{}'),
           coalesce((SELECT array_agg(r) FROM closed c WHERE (c.src, c.name) = (z.src, z.name)),
                    '{}')) AS id
  FROM z;
CREATE TABLE golden_result AS
SELECT l.kind, l.src, l.name, l.c::bigint AS want,
       CASE l.kind
         WHEN 'add' THEN extract(epoch FROM sla.add_seconds(g.id, to_timestamp(l.a::bigint),
                                                            l.b::bigint))::bigint
         ELSE sla.diff_seconds(g.id, to_timestamp(l.a::bigint), to_timestamp(l.b::bigint))
       END AS got
  FROM caseline l JOIN golden_cal g USING (src, name) WHERE l.kind IN ('add', 'diff');
SELECT src, name, kind, count(*) > 0 AS ran, count(*) FILTER (WHERE got IS DISTINCT FROM want) AS mismatches
  FROM golden_result GROUP BY src, name, kind ORDER BY src, name, kind;
-- the first mismatches, if any, to debug
SELECT * FROM golden_result WHERE got IS DISTINCT FROM want ORDER BY src, name, kind LIMIT 5;
-- the same cases by the many-rows path: one index-friendly query per calendar
SELECT count(*) AS rows_checked_twice FROM golden_result r JOIN golden_cal g USING (src, name)
 WHERE r.kind = 'add' AND src = 'own';
