-- pg_sla 1.0 -> 1.1: ticket facts and target look-up.
\echo Use "ALTER EXTENSION pg_sla UPDATE TO '1.1'" to load this file. \quit

-- The ticket's status, priority, channel, creation instant and last event instant.
CREATE FUNCTION @extschema@.ticket_info(state @extschema@.state,
    OUT status text, OUT priority text, OUT channel text, OUT created timestamptz,
    OUT last_event timestamptz)
    AS 'MODULE_PATHNAME', 'pg_sla_ticket_info' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- The target that applies to (metric, channel, priority) in a policy version; NULL for none.
CREATE FUNCTION @extschema@.target(policy bigint, metric text, channel text,
                                   priority text DEFAULT 'normal')
    RETURNS interval
    AS 'MODULE_PATHNAME', 'pg_sla_target' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Previous opening and closing; NULL when the calendar never opened (closed) before.
CREATE FUNCTION @extschema@.prev_open(calendar bigint, t timestamptz) RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'pg_sla_prev_open' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.prev_close(calendar bigint, t timestamptz) RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'pg_sla_prev_close' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
-- Business days (SEMANTICS 2.3): n business dates later (earlier), and how many in [a, b).
CREATE FUNCTION @extschema@.add_days(calendar bigint, t timestamptz, n integer)
    RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'pg_sla_add_days' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.sub_days(calendar bigint, t timestamptz, n integer)
    RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'pg_sla_sub_days' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.count_days(calendar bigint, a timestamptz, b timestamptz)
    RETURNS bigint
    AS 'MODULE_PATHNAME', 'pg_sla_count_days' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
-- The first instant past the calendar's holiday data; NULL when nothing limits it.
CREATE FUNCTION @extschema@.holiday_horizon(calendar bigint) RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'pg_sla_holiday_horizon' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION @extschema@.prev_open(calendar text, t timestamptz) RETURNS timestamptz
    LANGUAGE sql STRICT STABLE PARALLEL SAFE
    RETURN @extschema@.prev_open(@extschema@.calendar_id(calendar), t);
CREATE FUNCTION @extschema@.prev_close(calendar text, t timestamptz) RETURNS timestamptz
    LANGUAGE sql STRICT STABLE PARALLEL SAFE
    RETURN @extschema@.prev_close(@extschema@.calendar_id(calendar), t);
CREATE FUNCTION @extschema@.add_days(calendar text, t timestamptz, n integer)
    RETURNS timestamptz LANGUAGE sql STRICT STABLE PARALLEL SAFE
    RETURN @extschema@.add_days(@extschema@.calendar_id(calendar), t, n);
CREATE FUNCTION @extschema@.sub_days(calendar text, t timestamptz, n integer)
    RETURNS timestamptz LANGUAGE sql STRICT STABLE PARALLEL SAFE
    RETURN @extschema@.sub_days(@extschema@.calendar_id(calendar), t, n);
CREATE FUNCTION @extschema@.count_days(calendar text, a timestamptz, b timestamptz)
    RETURNS bigint LANGUAGE sql STRICT STABLE PARALLEL SAFE
    RETURN @extschema@.count_days(@extschema@.calendar_id(calendar), a, b);

-- Ticket clocks at scale: the next change of stage (store it in an indexed column and wake
-- up then), the warnings and breaches crossed in (t0, t1], and a ticket rebased onto a new
-- policy version (after a calendar or policy change).
CREATE FUNCTION @extschema@.next_change(state @extschema@.state, now timestamptz,
    OUT at timestamptz, OUT metric text, OUT kind text, OUT percent integer)
    AS 'MODULE_PATHNAME', 'pg_sla_next_change' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.crossings(state @extschema@.state, t0 timestamptz, t1 timestamptz,
    OUT at timestamptz, OUT metric text, OUT kind text, OUT percent integer)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'pg_sla_crossings' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 4;
CREATE FUNCTION @extschema@.rebase(state @extschema@.state, policy bigint, now timestamptz)
    RETURNS @extschema@.state
    AS 'MODULE_PATHNAME', 'pg_sla_rebase' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
-- The instant a ticket's clocks next change stage after its last event if no further event
-- arrives: a function of the state alone, so it can be indexed; a job that wakes up at
-- the earliest one polls nothing.
CREATE FUNCTION @extschema@.wake_at(state @extschema@.state) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN (@extschema@.next_change(state, (@extschema@.ticket_info(state)).last_event)).at;
