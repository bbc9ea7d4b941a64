-- An outbox row Kafka refuses for good (too large for the broker or the producer, an invalid topic,
-- not authorized, not serializable) is parked with its reason instead of being retried for ever: the
-- relay skips it and publishes the rows behind it; operators see it through GET /api/v1/admin/outbox.
alter table outbox add column parked_at timestamptz;
alter table outbox add column park_reason text;
alter table outbox add constraint outbox_parked_with_reason
    check ((parked_at is null) = (park_reason is null));
-- The relay claims only unparked rows, oldest first; the operator lists only parked ones.
create index outbox_unparked on outbox (id) where parked_at is null;
create index outbox_parked on outbox (id) where parked_at is not null;
