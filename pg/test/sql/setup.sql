-- Set-up shared by the suite: the extension, two calendars, a policy, helpers.
-- Every instant is printed through utc() or sla.local_text(), never through the session's
-- TimeZone, so the whole suite gives the same output under any TimeZone (run.sh runs it twice).
CREATE EXTENSION pg_sla;
SELECT extversion FROM pg_extension WHERE extname = 'pg_sla';
CREATE FUNCTION utc(timestamptz) RETURNS text LANGUAGE sql IMMUTABLE STRICT
    RETURN to_char($1 AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"');
-- try(sql): run a statement, return its SQLSTATE, message and detail instead of failing.
CREATE FUNCTION try(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE st text; msg text; det text;
BEGIN
    EXECUTE q;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
    RETURN st || ': ' || msg || CASE WHEN det <> '' THEN E'\n  DETAIL: ' || det ELSE '' END;
END
$$;
SELECT sla.create_calendar('oslo', 'Europe/Oslo', 'Mo-Fr 08:00-16:00; PH off',
                           ARRAY['2025-04-17', '2025-04-18', '2025-04-21']::date[]) AS oslo;
SELECT sla.create_calendar('nyc', 'America/New_York', 'Mo-Fr 09:00-17:00',
                           closures => ARRAY[tstzrange('2025-12-24 17:00+00',
                                                       '2025-12-24 22:00+00')]) AS nyc;
SELECT sla.create_policy('support', $$
channel whatsapp
first_reply  email          *        15m  calendar=oslo warn=50,75,90
first_reply  chat,whatsapp  *        30s
next_reply   email          *        1h   calendar=oslo
resolution   *              urgent   4h   calendar=oslo pause=pending,on_hold
resolution   *              *        3d   calendar=oslo pause=pending
$$) AS support;
SELECT id, name, version, zone, hours, holidays, calendar_names
  FROM (SELECT id, name, version, zone, hours, holidays::text, NULL AS calendar_names
          FROM sla.calendar
        UNION ALL
        SELECT id, name, version, NULL, NULL, NULL, calendar_names::text FROM sla.policy) x
 ORDER BY name, version;
