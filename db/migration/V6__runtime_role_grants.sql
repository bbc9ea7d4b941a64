-- Least privilege at run time. Flyway runs as the migration role, which owns every table; the
-- orchestrator connects as the runtime role ${runtime_role} (spring.datasource.username): the DML it
-- needs on every table, but only SELECT and INSERT on events and on any other append-only table,
-- and it owns nothing, so it cannot UPDATE, DELETE or TRUNCATE events, drop or disable the
-- append-only trigger, or alter a table. Both roles are created by whoever provisions the database
-- (deploy/postgres/create-roles.sql, the devstack, the test support).
--
-- Single-role mode: when the runtime role is the migration role (no SLIPWAY_DB_MIGRATION_USER) it
-- owns the schema and nothing here could restrict it; the grants are skipped with a notice and the
-- orchestrator warns at every start. Switching to two roles later: run the grants of
-- deploy/postgres/create-roles.sql by hand, as this migration is then already applied.
do $$
declare
    runtime  name := '${runtime_role}';
    schema   name := current_schema();
    appended record;
begin
    if runtime = current_user then
        raise notice 'single database role %: runtime grants skipped, it owns the schema', runtime;
        return;
    end if;
    if not exists (select 1 from pg_roles where rolname = runtime) then
        raise exception 'runtime role "%" does not exist: create it first (deploy/postgres/create-roles.sql)',
            runtime;
    end if;
    -- A superuser or a member of the owner would get back everything revoked below.
    if exists (select 1 from pg_roles where rolname = runtime and (rolsuper or rolbypassrls)) then
        raise exception 'runtime role "%" is a superuser or bypasses row security: use a plain login role',
            runtime;
    end if;
    if pg_has_role(runtime, current_user, 'MEMBER') then
        raise exception 'runtime role "%" is a member of the migration role "%": it would own the schema',
            runtime, current_user;
    end if;

    execute format('grant usage on schema %I to %I', schema, runtime);
    execute format('grant select, insert, update, delete on all tables in schema %I to %I', schema, runtime);
    execute format('grant usage, select on all sequences in schema %I to %I', schema, runtime);
    -- Tables and sequences of later migrations (created by this migration role) get the same DML.
    execute format('alter default privileges in schema %I grant select, insert, update, delete on tables to %I',
        schema, runtime);
    execute format('alter default privileges in schema %I grant usage, select on sequences to %I',
        schema, runtime);

    -- Append-only tables: events, and any table guarded by an *append_only trigger function (a
    -- later append-only table created after this migration must revoke these itself).
    for appended in
        select distinct c.relname
        from pg_trigger t
        join pg_class c on c.oid = t.tgrelid
        join pg_proc p on p.oid = t.tgfoid
        where c.relnamespace = schema::regnamespace
          and not t.tgisinternal
          and p.proname like '%append\_only%'
        union
        select 'events'
    loop
        execute format('revoke update, delete, truncate on %I.%I from %I', schema, appended.relname, runtime);
    end loop;

    -- The migration history is the migration role's alone.
    execute format('revoke all on %I.%I from %I', schema, '${flyway:table}', runtime);
end $$;
