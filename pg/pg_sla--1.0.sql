-- pg_sla 1.0: business-time arithmetic and ticket clocks from libsla.
\echo Use "CREATE EXTENSION pg_sla" to load this file. \quit

-- ---- catalog: insert-only, versioned -------------------------------------------------

-- A calendar version. Each change inserts a new row with the next version; the id of a row
-- is the fixed-size reference the arithmetic takes, so those functions are IMMUTABLE.
CREATE TABLE @extschema@.calendar (
    id bigserial PRIMARY KEY,
    name text NOT NULL CHECK (name ~ '^[A-Za-z0-9_.-]{1,63}$'),
    version integer NOT NULL CHECK (version >= 1),
    zone text NOT NULL,
    hours text NOT NULL,
    holidays date[] NOT NULL DEFAULT '{}',
    closures tstzrange[] NOT NULL DEFAULT '{}',
    ics text,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (name, version)
);

-- A policy version: policy text, and the calendar versions its `calendar=NAME` words were
-- bound to when this version was made (so a policy version, too, never changes meaning).
CREATE TABLE @extschema@.policy (
    id bigserial PRIMARY KEY,
    name text NOT NULL CHECK (name ~ '^[A-Za-z0-9_.-]{1,63}$'),
    version integer NOT NULL CHECK (version >= 1),
    body text NOT NULL,
    calendar_names text[] NOT NULL DEFAULT '{}',
    calendar_ids bigint[] NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (name, version)
);

SELECT pg_catalog.pg_extension_config_dump('@extschema@.calendar', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.policy', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.calendar_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.policy_id_seq', '');

CREATE FUNCTION @extschema@._refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'sla.%: versions are insert-only', TG_TABLE_NAME
        USING ERRCODE = 'object_not_in_prerequisite_state',
              HINT = 'Use sla.change_calendar or sla.change_policy to add a version.';
END
$$;

CREATE TRIGGER calendar_insert_only BEFORE UPDATE OR DELETE ON @extschema@.calendar
    FOR EACH ROW EXECUTE FUNCTION @extschema@._refuse_change();
CREATE TRIGGER calendar_no_truncate BEFORE TRUNCATE ON @extschema@.calendar
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@._refuse_change();
CREATE TRIGGER policy_insert_only BEFORE UPDATE OR DELETE ON @extschema@.policy
    FOR EACH ROW EXECUTE FUNCTION @extschema@._refuse_change();
CREATE TRIGGER policy_no_truncate BEFORE TRUNCATE ON @extschema@.policy
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@._refuse_change();

-- Compile a version (raises the libsla error, so a bad row never commits).
CREATE FUNCTION @extschema@._check_calendar(bigint) RETURNS bigint
    AS 'MODULE_PATHNAME', 'pg_sla_check_calendar' LANGUAGE C STRICT VOLATILE PARALLEL UNSAFE;
CREATE FUNCTION @extschema@._check_policy(bigint) RETURNS bigint
    AS 'MODULE_PATHNAME', 'pg_sla_check_policy' LANGUAGE C STRICT VOLATILE PARALLEL UNSAFE;
CREATE FUNCTION @extschema@.cache_entries() RETURNS integer
    AS 'MODULE_PATHNAME', 'pg_sla_cache_stats' LANGUAGE C STRICT VOLATILE PARALLEL SAFE;
CREATE FUNCTION @extschema@.library_version() RETURNS text
    AS 'MODULE_PATHNAME', 'pg_sla_library_version' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;

-- The current version of a calendar or policy by name (STABLE: one snapshot, one answer;
-- the answer is memoized per call site while the snapshot stays the same).
CREATE FUNCTION @extschema@.calendar_id(name text) RETURNS bigint
    AS 'MODULE_PATHNAME', 'pg_sla_calendar_id' LANGUAGE C STRICT STABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.policy_id(name text) RETURNS bigint
    AS 'MODULE_PATHNAME', 'pg_sla_policy_id' LANGUAGE C STRICT STABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@._check_name(kind text, name text) RETURNS void
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    IF name IS NULL OR name !~ '^[A-Za-z0-9_.-]{1,63}$' THEN
        RAISE EXCEPTION '% name "%" is not 1 to 63 letters, digits, ''_'', ''.'' or ''-''',
            kind, name USING ERRCODE = 'invalid_parameter_value';
    END IF;
END
$$;

CREATE FUNCTION @extschema@._check_closures(closures tstzrange[]) RETURNS void
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE r tstzrange; i integer := 0;
BEGIN
    FOREACH r IN ARRAY coalesce(closures, '{}') LOOP
        i := i + 1;
        IF r IS NULL OR isempty(r) OR lower_inf(r) OR upper_inf(r)
           OR NOT lower_inc(r) OR upper_inc(r) THEN
            RAISE EXCEPTION 'closure % of % is not a bounded, non-empty range [start, end)',
                i, cardinality(closures) USING ERRCODE = 'invalid_parameter_value';
        END IF;
    END LOOP;
END
$$;

-- Bind a policy text's calendar names to their current versions and insert the version.
CREATE FUNCTION @extschema@._insert_policy(p_name text, p_version integer, p_body text)
RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    names text[];
    ids bigint[];
    r bigint;
BEGIN
    SELECT coalesce(array_agg(DISTINCT m[1] ORDER BY m[1]), '{}') INTO names
      FROM regexp_matches(regexp_replace(p_body, '#[^\n]*', '', 'g'),
                          'calendar=([^[:space:]]+)', 'g') AS m
     WHERE m[1] NOT IN ('24/7', '*');
    SELECT coalesce(array_agg(@extschema@.calendar_id(n) ORDER BY n), '{}') INTO ids
      FROM unnest(names) n;
    INSERT INTO @extschema@.policy (name, version, body, calendar_names, calendar_ids)
        VALUES (p_name, p_version, p_body, names, ids) RETURNING id INTO r;
    PERFORM @extschema@._check_policy(r);
    RETURN r;
END
$$;

CREATE FUNCTION @extschema@.create_calendar(name text, zone text, hours text,
                                            holidays date[] DEFAULT '{}',
                                            closures tstzrange[] DEFAULT '{}',
                                            ics text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
DECLARE r bigint;
BEGIN
    PERFORM @extschema@._check_name('calendar', $1);
    PERFORM pg_advisory_xact_lock(hashtext('sla.calendar'), hashtext($1));
    IF EXISTS (SELECT 1 FROM @extschema@.calendar c WHERE c.name = $1) THEN
        RAISE EXCEPTION 'calendar "%" already exists', $1 USING ERRCODE = 'invalid_parameter_value',
            HINT = 'Use sla.change_calendar to add a version.';
    END IF;
    PERFORM @extschema@._check_closures($5);
    INSERT INTO @extschema@.calendar (name, version, zone, hours, holidays, closures, ics)
        VALUES ($1, 1, $2, $3, coalesce($4, '{}'), coalesce($5, '{}'), $6) RETURNING id INTO r;
    PERFORM @extschema@._check_calendar(r);
    RETURN r;
END
$$;

-- A new version of a calendar: arguments left NULL keep the current version's value. The
-- current version of every policy that uses the calendar gets a new version bound to it,
-- in the same transaction, so tickets made from then on count in the new hours.
CREATE FUNCTION @extschema@.change_calendar(name text, zone text DEFAULT NULL,
                                            hours text DEFAULT NULL,
                                            holidays date[] DEFAULT NULL,
                                            closures tstzrange[] DEFAULT NULL,
                                            ics text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    cur @extschema@.calendar;
    pol record;
    r bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('sla.calendar'), hashtext($1));
    SELECT * INTO cur FROM @extschema@.calendar c WHERE c.name = $1
        ORDER BY c.version DESC LIMIT 1;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no calendar named "%"', $1 USING ERRCODE = 'invalid_parameter_value',
            HINT = 'Create it with sla.create_calendar.';
    END IF;
    PERFORM @extschema@._check_closures($5);
    INSERT INTO @extschema@.calendar (name, version, zone, hours, holidays, closures, ics)
        VALUES ($1, cur.version + 1, coalesce($2, cur.zone), coalesce($3, cur.hours),
                coalesce($4, cur.holidays), coalesce($5, cur.closures), coalesce($6, cur.ics))
        RETURNING id INTO r;
    PERFORM @extschema@._check_calendar(r);
    FOR pol IN
        SELECT DISTINCT ON (p.name) p.name, p.version, p.body, p.calendar_names
          FROM @extschema@.policy p ORDER BY p.name, p.version DESC
    LOOP
        IF $1 = ANY (pol.calendar_names) THEN
            PERFORM pg_advisory_xact_lock(hashtext('sla.policy'), hashtext(pol.name));
            PERFORM @extschema@._insert_policy(pol.name,
                (SELECT max(p.version) + 1 FROM @extschema@.policy p WHERE p.name = pol.name),
                pol.body);
        END IF;
    END LOOP;
    RETURN r;
END
$$;

CREATE FUNCTION @extschema@.create_policy(name text, body text) RETURNS bigint
LANGUAGE plpgsql STRICT VOLATILE AS $$
BEGIN
    PERFORM @extschema@._check_name('policy', $1);
    PERFORM pg_advisory_xact_lock(hashtext('sla.policy'), hashtext($1));
    IF EXISTS (SELECT 1 FROM @extschema@.policy p WHERE p.name = $1) THEN
        RAISE EXCEPTION 'policy "%" already exists', $1 USING ERRCODE = 'invalid_parameter_value',
            HINT = 'Use sla.change_policy to add a version.';
    END IF;
    RETURN @extschema@._insert_policy($1, 1, $2);
END
$$;

CREATE FUNCTION @extschema@.change_policy(name text, body text) RETURNS bigint
LANGUAGE plpgsql STRICT VOLATILE AS $$
DECLARE v integer;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('sla.policy'), hashtext($1));
    SELECT max(p.version) INTO v FROM @extschema@.policy p WHERE p.name = $1;
    IF v IS NULL THEN
        RAISE EXCEPTION 'no policy named "%"', $1 USING ERRCODE = 'invalid_parameter_value',
            HINT = 'Create it with sla.create_policy.';
    END IF;
    RETURN @extschema@._insert_policy($1, v + 1, $2);
END
$$;

-- ---- business-time arithmetic on a calendar version id -------------------------------

CREATE FUNCTION @extschema@.add(calendar bigint, t timestamptz, d interval) RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'pg_sla_add_interval' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.add_seconds(calendar bigint, t timestamptz, seconds bigint)
    RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'pg_sla_add_secs' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.sub(calendar bigint, t timestamptz, d interval) RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'pg_sla_sub_interval' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.sub_seconds(calendar bigint, t timestamptz, seconds bigint)
    RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'pg_sla_sub_secs' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.diff(calendar bigint, a timestamptz, b timestamptz) RETURNS interval
    AS 'MODULE_PATHNAME', 'pg_sla_diff' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.diff_seconds(calendar bigint, a timestamptz, b timestamptz)
    RETURNS bigint
    AS 'MODULE_PATHNAME', 'pg_sla_diff_secs' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.is_open(calendar bigint, t timestamptz) RETURNS boolean
    AS 'MODULE_PATHNAME', 'pg_sla_is_open' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.next_open(calendar bigint, t timestamptz) RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'pg_sla_next_open' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.next_close(calendar bigint, t timestamptz) RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'pg_sla_next_close' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.local_text(calendar bigint, t timestamptz) RETURNS text
    AS 'MODULE_PATHNAME', 'pg_sla_local_text' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.zone(calendar bigint) RETURNS text
    AS 'MODULE_PATHNAME', 'pg_sla_calendar_zone' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.open_spans(calendar bigint, from_t timestamptz, to_t timestamptz,
                                       OUT opens timestamptz, OUT closes timestamptz)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'pg_sla_open_spans' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
    ROWS 20;

-- ---- the same by calendar name: the current version (STABLE) -------------------------

CREATE FUNCTION @extschema@.add(calendar text, t timestamptz, d interval) RETURNS timestamptz
    LANGUAGE sql STRICT STABLE PARALLEL SAFE
    RETURN @extschema@.add(@extschema@.calendar_id(calendar), t, d);
CREATE FUNCTION @extschema@.add_seconds(calendar text, t timestamptz, seconds bigint)
    RETURNS timestamptz
    LANGUAGE sql STRICT STABLE PARALLEL SAFE
    RETURN @extschema@.add_seconds(@extschema@.calendar_id(calendar), t, seconds);
CREATE FUNCTION @extschema@.sub(calendar text, t timestamptz, d interval) RETURNS timestamptz
    LANGUAGE sql STRICT STABLE PARALLEL SAFE
    RETURN @extschema@.sub(@extschema@.calendar_id(calendar), t, d);
CREATE FUNCTION @extschema@.sub_seconds(calendar text, t timestamptz, seconds bigint)
    RETURNS timestamptz
    LANGUAGE sql STRICT STABLE PARALLEL SAFE
    RETURN @extschema@.sub_seconds(@extschema@.calendar_id(calendar), t, seconds);
CREATE FUNCTION @extschema@.diff(calendar text, a timestamptz, b timestamptz) RETURNS interval
    LANGUAGE sql STRICT STABLE PARALLEL SAFE
    RETURN @extschema@.diff(@extschema@.calendar_id(calendar), a, b);
CREATE FUNCTION @extschema@.diff_seconds(calendar text, a timestamptz, b timestamptz)
    RETURNS bigint LANGUAGE sql STRICT STABLE PARALLEL SAFE
    RETURN @extschema@.diff_seconds(@extschema@.calendar_id(calendar), a, b);
CREATE FUNCTION @extschema@.is_open(calendar text, t timestamptz) RETURNS boolean
    LANGUAGE sql STRICT STABLE PARALLEL SAFE
    RETURN @extschema@.is_open(@extschema@.calendar_id(calendar), t);
CREATE FUNCTION @extschema@.next_open(calendar text, t timestamptz) RETURNS timestamptz
    LANGUAGE sql STRICT STABLE PARALLEL SAFE
    RETURN @extschema@.next_open(@extschema@.calendar_id(calendar), t);
CREATE FUNCTION @extschema@.next_close(calendar text, t timestamptz) RETURNS timestamptz
    LANGUAGE sql STRICT STABLE PARALLEL SAFE
    RETURN @extschema@.next_close(@extschema@.calendar_id(calendar), t);
CREATE FUNCTION @extschema@.local_text(calendar text, t timestamptz) RETURNS text
    LANGUAGE sql STRICT STABLE PARALLEL SAFE
    RETURN @extschema@.local_text(@extschema@.calendar_id(calendar), t);
CREATE FUNCTION @extschema@.open_spans(calendar text, from_t timestamptz, to_t timestamptz,
                                       OUT opens timestamptz, OUT closes timestamptz)
    RETURNS SETOF record LANGUAGE sql STRICT STABLE PARALLEL SAFE ROWS 20
    AS $$ SELECT * FROM @extschema@.open_spans(@extschema@.calendar_id($1), $2, $3) $$;

-- ---- ticket clocks --------------------------------------------------------------------

CREATE TYPE @extschema@.state;
CREATE FUNCTION @extschema@.state_in(cstring) RETURNS @extschema@.state
    AS 'MODULE_PATHNAME', 'pg_sla_state_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.state_out(@extschema@.state) RETURNS cstring
    AS 'MODULE_PATHNAME', 'pg_sla_state_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.state_recv(internal) RETURNS @extschema@.state
    AS 'MODULE_PATHNAME', 'pg_sla_state_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.state_send(@extschema@.state) RETURNS bytea
    AS 'MODULE_PATHNAME', 'pg_sla_state_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE @extschema@.state (
    INPUT = @extschema@.state_in, OUTPUT = @extschema@.state_out,
    RECEIVE = @extschema@.state_recv, SEND = @extschema@.state_send,
    INTERNALLENGTH = VARIABLE, ALIGNMENT = int4, STORAGE = extended
);

CREATE FUNCTION @extschema@.state_policy(@extschema@.state) RETURNS bigint
    AS 'MODULE_PATHNAME', 'pg_sla_state_policy' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.state_bytes(@extschema@.state) RETURNS bytea
    AS 'MODULE_PATHNAME', 'pg_sla_state_bytes' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.ticket(policy bigint, created timestamptz, channel text,
                                   priority text DEFAULT 'normal')
    RETURNS @extschema@.state
    AS 'MODULE_PATHNAME', 'pg_sla_ticket' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Not STRICT: arg may be NULL (reply, note); a NULL state, instant or event gives NULL.
CREATE FUNCTION @extschema@.apply(state @extschema@.state, at timestamptz, event text,
                                  arg text DEFAULT NULL)
    RETURNS @extschema@.state
    AS 'MODULE_PATHNAME', 'pg_sla_apply' LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION @extschema@._replay_step(@extschema@.state, bigint, timestamptz, text, text)
    RETURNS @extschema@.state
    AS 'MODULE_PATHNAME', 'pg_sla_replay_step' LANGUAGE C IMMUTABLE PARALLEL SAFE;

-- sla.replay(policy, at, event, arg ORDER BY at): a ticket's events into its state.
CREATE AGGREGATE @extschema@.replay(policy bigint, at timestamptz, event text, arg text) (
    SFUNC = @extschema@._replay_step,
    STYPE = @extschema@.state,
    PARALLEL = SAFE
);

CREATE FUNCTION @extschema@.status(state @extschema@.state, now timestamptz,
    OUT metric text, OUT state text, OUT target interval, OUT elapsed interval,
    OUT remaining interval, OUT deadline timestamptz, OUT breached_at timestamptz,
    OUT fulfilled_at timestamptz, OUT started_at timestamptz, OUT elapsed_wall interval,
    OUT remaining_wall interval, OUT cycles integer, OUT breached_cycles integer,
    OUT warned integer, OUT warning_at timestamptz[], OUT warning_percent integer[],
    OUT channel text)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'pg_sla_status' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 8;
