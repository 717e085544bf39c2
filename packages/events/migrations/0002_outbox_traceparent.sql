-- W3C trace context of the request (or event handler) that wrote the row: the relay publishes
-- it as the Kafka `traceparent` header, so the trace continues in the consumers. NULL when
-- tracing is off or the writer had no trace.
ALTER TABLE outbox ADD COLUMN traceparent text;
