#!/bin/sh
# Run by the postgres image once, when it initializes an empty data directory: creates Slipway's
# database and its two roles (deploy/postgres/create-roles.sql) with the passwords of the compose
# secrets.
set -eu
psql --username "$POSTGRES_USER" --dbname postgres \
     -v migration_password="$(cat /run/secrets/db_migration_password)" \
     -v runtime_password="$(cat /run/secrets/db_runtime_password)" \
     -f /opt/slipway/create-roles.sql
