-- Guest templates: named, versioned guest descriptions an operator registers, which a creation may
-- name together with overlays instead of carrying a whole description. A version, once stored, is
-- never changed: a creation's history records the template name, version and hash it was composed
-- from, so the same inputs always compose the same guest.
create table guest_template (
    name        text        not null,
    version     int         not null check (version >= 1),
    sha256      text        not null,
    dtb         bytea       not null,
    created_at  timestamptz not null,
    created_by  text        not null,
    primary key (name, version)
);

create function guest_template_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'guest template versions are immutable (% refused)', tg_op;
end $$;
create trigger guest_template_no_update before update or delete on guest_template
    for each row execute function guest_template_append_only();

-- V6's default privileges gave the runtime role UPDATE and DELETE on this table; take them back.
do $$
declare
    runtime name := '${runtime_role}';
begin
    if runtime = current_user then
        return;
    end if;
    execute format('revoke update, delete, truncate on guest_template from %I', runtime);
end
$$;
