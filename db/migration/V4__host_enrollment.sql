-- A host counts only while it is enrolled: an operator issued its Kafka login (and ACLs) and it
-- has not been revoked since. Revocation keeps the row, so re-enrolment is an update.
create table host_enrollment (
    host_id     text        primary key,
    enrolled_at timestamptz not null,
    revoked_at  timestamptz
);

-- "Unenrolled host seen": what arrived from hosts that were not enrolled, one row per host id.
create table unenrolled_host_seen (
    host_id    text        primary key,
    first_seen timestamptz not null,
    last_seen  timestamptz not null,
    messages   bigint      not null,
    last_topic text        not null
);
