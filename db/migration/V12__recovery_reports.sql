-- The report of each catch-up recovery (GET /api/v1/admin/recovery), kept so that what it found
-- (orphans, held domains, conflicts) survives the restart an operator makes after it. The held
-- domains of the latest report are not re-driven by a rebuild either: that would build a second
-- copy beside the newer one the log lost track of.
create table recovery_report (
    id          bigserial   primary key,
    started_at  timestamptz not null,
    finished_at timestamptz not null,
    phase       text        not null check (phase in ('DONE', 'FAILED')),
    report      jsonb       not null
);
