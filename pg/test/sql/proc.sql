-- Volatility, strictness and parallel safety of every function of the extension.
CREATE TEMP VIEW ext_proc AS
SELECT p.oid::regprocedure::text AS fn, p.provolatile AS vol, p.proisstrict AS strict,
       p.proparallel AS par, p.prokind AS kind
  FROM pg_proc p JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid
 WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
   AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'pg_sla');
SELECT fn, vol, strict, par, kind FROM ext_proc ORDER BY fn;
-- every function on a version id (or a state) is IMMUTABLE and PARALLEL SAFE, and STRICT
-- except apply (its arg may be NULL) and the replay step (its first state is NULL)
SELECT fn FROM ext_proc
 WHERE (fn ~ '\(bigint' OR fn ~ '\(sla\.state') AND kind = 'f' AND fn !~ '^sla\._check_'
   AND NOT (vol = 'i' AND par = 's' AND (strict OR fn ~ '^sla\.(apply|_replay_step)\('));
-- every function by calendar name is STABLE (the current version) and PARALLEL SAFE
SELECT fn FROM ext_proc WHERE fn ~ '\(text' AND fn ~ '^sla\.(add|sub|diff|is_open|next|local|open_spans)'
   AND NOT (vol = 's' AND par = 's' AND strict);
-- catalog writers are VOLATILE
SELECT fn FROM ext_proc WHERE fn ~ '^sla\.(create|change)_' AND vol <> 'v';
