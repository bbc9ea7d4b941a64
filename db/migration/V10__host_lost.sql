-- A host an operator declared lost (POST /api/v1/hosts/{id}/lost): state 'LOST', what is to become
-- of its running domains (RECREATE or MARK_LOST), why, and since when.
alter table host add column lost_policy text check (lost_policy in ('RECREATE', 'MARK_LOST'));
alter table host add column lost_reason text;
alter table host add column lost_at timestamptz;
