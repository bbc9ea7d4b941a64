-- A reap tears down a copy of a domain that no live creation owns on a host: the stale copy a
-- creation left behind when it was re-placed off a DOWN host (requested by the orchestrator), or an
-- orphan an operator chose to reap. Never requested silently for an orphan.
create table reap (
    reap_id      uuid primary key,
    host_id      text        not null,
    handle       uuid        not null,
    -- the marker's domain; for an unmarked orphan the handle itself (the agent's convention)
    domain_id    uuid        not null,
    fence_epoch  bigint      not null,
    kind         text        not null check (kind in ('STALE', 'ORPHAN')),
    requested_by text        not null,
    reason       text        not null,
    -- what the copy may still hold on the host: counted against its free capacity until reaped
    memory_kib   bigint      not null,
    vcpus        int         not null,
    pci          text[]      not null,
    state        text        not null check (state in ('DISPATCHED', 'SUCCEEDED', 'FAILED')),
    attempt      int         not null,
    detail       text,
    requested_at timestamptz not null,
    updated_at   timestamptz not null,
    -- when an unanswered attempt is sent again (only while the host is UP)
    retry_at     timestamptz not null
);
-- At most one reap in flight per copy.
create unique index reap_active_copy on reap (host_id, handle) where state = 'DISPATCHED';
create index reap_host on reap (host_id, requested_at);
