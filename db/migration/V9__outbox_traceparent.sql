-- The W3C trace context (traceparent) of the transaction that enqueued a row: the relay sends it as
-- the Kafka header `traceparent`, so one creation is one trace from its POST through the agent's
-- steps. Null when the writer ran outside any trace (a timer, an operator's script).
alter table outbox add column traceparent text;
