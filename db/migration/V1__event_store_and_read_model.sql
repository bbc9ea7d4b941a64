-- Slipway schema v1. The events table is the only source of truth; every other table except host,
-- outbox, inbox, idempotency_key and timer is a projection that can be rebuilt from it.

create table events (
    global_position bigserial primary key,
    domain_id       uuid        not null,
    version         int         not null,
    type            text        not null,
    payload         jsonb       not null,
    recorded_at     timestamptz not null,
    causation_id    uuid,
    correlation_id  uuid,
    constraint events_domain_version unique (domain_id, version)
);

-- Append-only: refuse updates and deletes at the database, not only by convention.
create function events_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'events are append-only (% refused)', tg_op;
end $$;
create trigger events_no_update before update or delete on events
    for each row execute function events_append_only();

create table domain_view (
    domain_id          uuid primary key,
    name               text        not null,
    handle             uuid        not null,
    state              text        not null,
    host_id            text,
    epoch              bigint      not null,
    current_step       text,
    description_sha256 text        not null,
    failure_reason     text,
    created_at         timestamptz not null,
    updated_at         timestamptz not null,
    version            int         not null
);
create index domain_view_state on domain_view (state);
create index domain_view_host on domain_view (host_id);
-- One live domain per hypervisor handle: a second creation of the same guest UUID is refused while the
-- first is neither FAILED nor DESTROYED.
create unique index domain_view_live_handle on domain_view (handle)
    where state not in ('FAILED', 'DESTROYED');

create table step_view (
    domain_id  uuid    not null references domain_view (domain_id),
    ordinal    int     not null,
    step       text    not null,
    status     text    not null,
    attempt    int     not null,
    progress   double precision,
    checkpoint jsonb,
    started_at timestamptz,
    ended_at   timestamptz,
    error      text,
    primary key (domain_id, step)
);

create table claim (
    domain_id  uuid primary key,
    host_id    text   not null,
    memory_kib bigint not null,
    vcpus      int    not null,
    pci        text[] not null
);
create index claim_host on claim (host_id);

create table host (
    host_id        text primary key,
    arch           text        not null,
    memory_kib     bigint      not null,
    pcpus          int         not null,
    pci            text[]      not null,
    state          text        not null,
    draining       boolean     not null default false,
    incarnation    uuid,
    last_heartbeat timestamptz not null,
    inventory      jsonb       not null default '[]'::jsonb
);

create table outbox (
    id         bigserial primary key,
    topic      text        not null,
    msg_key    text        not null,
    payload    text        not null,
    created_at timestamptz not null
);

create table inbox (
    message_id  uuid primary key,
    received_at timestamptz not null
);
create index inbox_received on inbox (received_at);

create table idempotency_key (
    key          text primary key,
    request_hash text        not null,
    domain_id    uuid        not null,
    created_at   timestamptz not null
);
create index idempotency_key_created on idempotency_key (created_at);

create table timer (
    id        bigserial primary key,
    domain_id uuid        not null,
    kind      text        not null,
    step      text        not null,
    attempt   int         not null,
    due_at    timestamptz not null,
    -- Steps of one domain run one at a time, so one deadline and one retry timer per domain suffice.
    constraint timer_domain_kind unique (domain_id, kind)
);
create index timer_due on timer (due_at);
