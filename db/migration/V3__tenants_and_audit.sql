-- Slipway schema v3: tenants and audit (issue 8).

-- A domain belongs to the tenant that created it (DomainRequested.tenant); null for domains created
-- before tenants existed, which only the viewer, operator and admin roles see.
alter table domain_view add column tenant text;
create index domain_view_tenant on domain_view (tenant, created_at);

-- Who caused an event: the authenticated actor (subject, tenant, roles) and the server-generated id
-- of the request; both null for events decided on a report, a timer or a host failure.
alter table events add column actor jsonb;
alter table events add column request_id uuid;

-- Idempotency keys are scoped per tenant: two tenants using the same key get two domains.
alter table idempotency_key add column tenant text not null default '';
alter table idempotency_key drop constraint idempotency_key_pkey;
alter table idempotency_key add primary key (tenant, key);

-- One row per authorized mutating API request, whatever its outcome.
create table audit (
    id             bigserial primary key,
    request_id     uuid        not null,
    at             timestamptz not null,
    action         text        not null,
    method         text        not null,
    target         text        not null,
    subject        text        not null,
    tenant         text,
    roles          text[]      not null,
    status         int         not null,
    outcome        text        not null check (outcome in ('SUCCEEDED', 'REFUSED', 'FAILED'))
);
create index audit_at on audit (at desc, id desc);
create index audit_subject on audit (subject, at desc);
create index audit_action on audit (action, at desc);
