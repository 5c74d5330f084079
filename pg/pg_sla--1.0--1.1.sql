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
