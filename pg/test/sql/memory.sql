-- No leak per call: the backend's private memory (VmData, which holds libsla's malloc
-- heap) and its memory contexts stay flat over a second run of a million calls (the first
-- two runs warm the allocator: glibc keeps freed memory, so growth there is not a leak; a
-- leak grows with every run).
CREATE FUNCTION vmdata() RETURNS bigint LANGUAGE sql VOLATILE
    RETURN (regexp_match(pg_read_file('/proc/self/status'), 'VmData:\s+(\d+)'))[1]::bigint;
CREATE FUNCTION ctx() RETURNS bigint LANGUAGE sql VOLATILE
    RETURN (SELECT sum(total_bytes) FROM pg_backend_memory_contexts);
CREATE TEMP TABLE m (k text, vm bigint, cx bigint);
CREATE TEMP TABLE pstate AS SELECT sla.ticket(sla.policy_id('support'), '2025-04-14 10:00+02', 'email') AS st;
CREATE FUNCTION work(n int) RETURNS bigint LANGUAGE sql VOLATILE RETURN
  (SELECT count(sla.add(1, '2025-04-14 10:00+02'::timestamptz + g * interval '1 s', interval '15 min'))
        + count(sla.diff(2, '2025-04-14 10:00+02', '2025-04-14 10:00+02'::timestamptz + g * interval '1 min'))
     FROM generate_series(1, n) g)
  + (SELECT count(*) FROM pstate, generate_series(1, n / 10) g,
            sla.status(sla.apply(pstate.st, '2025-04-14 10:00+02'::timestamptz + g % 3600 * interval '1 s', 'note'),
                       '2025-04-15 10:00+02') s)
  + (SELECT count(*) FROM generate_series(1, n / 100) g, sla.open_spans(1, '2025-01-01', '2025-02-01'));
SELECT work(1000000) > 0 AND work(1000000) > 0 AS warm;
INSERT INTO m SELECT 'before', vmdata(), ctx();
SELECT work(1000000) > 0 AS ran;
INSERT INTO m SELECT 'after', vmdata(), ctx();
-- errors raised from many calls leak nothing either
DO $$ BEGIN FOR i IN 1..20000 LOOP
  BEGIN PERFORM sla.add(1, 'infinity', interval '1 s'); EXCEPTION WHEN OTHERS THEN NULL; END;
  BEGIN PERFORM sla.create_calendar('x', 'UTC', 'Mo-Fx'); EXCEPTION WHEN OTHERS THEN NULL; END;
END LOOP; END $$;
INSERT INTO m SELECT 'errors', vmdata(), ctx();
SELECT a.k || ' -> ' || b.k AS step, b.vm - a.vm < 1024 AS vmdata_flat_under_1mb,
       b.cx - a.cx < 1048576 AS contexts_flat_under_1mb
  FROM m a JOIN m b ON (a.k, b.k) IN (('before', 'after'), ('after', 'errors'));
