-- Provisions Slipway's database with two roles, for a DBA to run once as a superuser (or a role
-- with CREATEROLE and CREATEDB), passing the two passwords as psql variables:
--
--   psql -h DB_HOST -U postgres -d postgres \
--        -v migration_password="$(cat migration-password)" \
--        -v runtime_password="$(cat runtime-password)" \
--        -f deploy/postgres/create-roles.sql
--
-- slipway_migrator owns the database and everything in it and runs the Flyway migrations
--   (SLIPWAY_DB_MIGRATION_USER / SLIPWAY_DB_MIGRATION_PASSWORD);
-- slipway_app is what the orchestrator runs as (SLIPWAY_DB_USER / SLIPWAY_DB_PASSWORD): migration
--   V6 grants it DML on every table, but only SELECT and INSERT on events, and no ownership, so it
--   cannot UPDATE, DELETE or TRUNCATE events, drop or disable their append-only trigger, or alter a
--   table. Neither may be a superuser, and slipway_app must not be a member of slipway_migrator
--   (V6 refuses both).
-- Other names work too: use them here and in those variables.
--
-- Switching an installation that ran with one role (it owns everything) to two: create slipway_app
-- as below, then, connected to slipway as the owning role, run the DO block of
-- db/migration/V6__runtime_role_grants.sql with ${runtime_role} replaced by slipway_app and
-- ${flyway:table} by flyway_schema_history (V6 is recorded as applied, so Flyway will not run it
-- again), and set SLIPWAY_DB_MIGRATION_USER to the old role and SLIPWAY_DB_USER to slipway_app.
\set ON_ERROR_STOP on

create role slipway_migrator login nosuperuser nocreatedb nocreaterole password :'migration_password';
create role slipway_app login nosuperuser nocreatedb nocreaterole password :'runtime_password';
create database slipway owner slipway_migrator;
-- Only these two roles connect to it.
revoke connect on database slipway from public;
grant connect on database slipway to slipway_migrator, slipway_app;

\connect slipway
-- Before PostgreSQL 15 every role may create objects in the public schema; only the owner may.
revoke create on schema public from public;
alter schema public owner to slipway_migrator;
