-- Transactional outbox: rows are written in the same transaction as the state change and
-- published by the relay (src/relay.ts) in seq order; published rows are pruned after retention.
CREATE TABLE outbox (
  seq bigserial PRIMARY KEY,
  id uuid NOT NULL UNIQUE,
  topic text NOT NULL,
  key text NOT NULL,
  type text NOT NULL,
  -- the CloudEvents envelope as sent (structured JSON), kept as text so the bytes do not change
  envelope text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  published_at timestamptz
);
CREATE INDEX outbox_pending_idx ON outbox (seq) WHERE published_at IS NULL;
CREATE INDEX outbox_published_idx ON outbox (published_at) WHERE published_at IS NOT NULL;

-- Wakes the relay (LISTEN events_outbox) once per inserting statement; it also polls.
CREATE FUNCTION events_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('events_outbox', '');
  RETURN NULL;
END $$;
CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION events_outbox_notify();

-- Idempotent consumers: one row per (consumer, event) committed with the handler's effects.
CREATE TABLE inbox (
  consumer text NOT NULL,
  event_id uuid NOT NULL,
  type text NOT NULL,
  -- processed | dead_lettered
  outcome text NOT NULL DEFAULT 'processed',
  received_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (consumer, event_id)
);
