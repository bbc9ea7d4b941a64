-- An import (POST /api/v1/admin/import) keeps the events' global positions and then moves the
-- sequence past them, which needs UPDATE on that one sequence; V6 granted only USAGE and SELECT.
do $$
declare
    runtime name := '${runtime_role}';
begin
    if runtime = current_user then
        return;
    end if;
    execute format('grant update on sequence %s to %I',
        pg_get_serial_sequence('events', 'global_position'), runtime);
end
$$;
