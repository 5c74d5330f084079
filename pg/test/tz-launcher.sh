#!/bin/sh
# pg_regress --launcher: run psql with another client TimeZone than pg_regress sets.
PGTZ=${PG_SLA_TZ:-Asia/Kathmandu}
export PGTZ
exec "$@"
