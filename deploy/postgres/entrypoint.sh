#!/bin/sh
# First start: make the cluster, the owner (password from POSTGRES_PASSWORD) and the database; then run the server.
set -eu
: "${POSTGRES_USER:?POSTGRES_USER must be set}"
: "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}"
: "${POSTGRES_DB:=$POSTGRES_USER}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
    initdb --username=postgres --auth-local=peer --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
    pg_ctl --wait --silent --options="-c listen_addresses=''" start
    psql --quiet --username=postgres --dbname=postgres --set=ON_ERROR_STOP=1 \
        --set=owner="$POSTGRES_USER" --set=password="$POSTGRES_PASSWORD" --set=db="$POSTGRES_DB" <<'SQL'
CREATE ROLE :"owner" LOGIN PASSWORD :'password';
CREATE DATABASE :"db" OWNER :"owner";
SQL
    pg_ctl --wait --silent stop
fi
exec postgres -c listen_addresses='*'
