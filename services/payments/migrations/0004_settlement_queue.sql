-- Capture, void and refund leave the consumer's transaction, as authorization did (0002): a
-- handler only records the intent (a settlement, keyed by its provider idempotency key), and the
-- settler (src/workers/settler.ts) claims due settlements with a lease, calls the provider outside
-- any transaction, then records the payment's new status and its event in one transaction.
CREATE TABLE settlements (
  -- `<paymentId>:capture|void|refund`, or `<orderId>:release` for a hold whose order was cancelled
  -- while the provider was authorizing (no payment was recorded for it): sent to the provider.
  idempotency_key text PRIMARY KEY,
  order_id uuid NOT NULL REFERENCES payment_orders (order_id),
  payment_id uuid REFERENCES payments (id),
  operation text NOT NULL CHECK (operation IN ('capture', 'void', 'refund')),
  -- The authorization's provider reference the operation quotes.
  provider_ref text NOT NULL,
  amount integer NOT NULL CHECK (amount >= 0),
  currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  requested_at timestamptz NOT NULL DEFAULT now(),
  -- A settler's claim; once it has passed, the settler is presumed dead and another takes over.
  lease_until timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  done_at timestamptz,
  -- W3C trace context of the event that asked for it (the provider call continues that trace).
  traceparent text,
  CONSTRAINT settlements_one_per_operation UNIQUE (payment_id, operation)
);

-- What the settler scans: not yet done.
CREATE INDEX settlements_due ON settlements (requested_at) WHERE done_at IS NULL;

-- The simulated provider's own record of what it did, standing in for an external provider's
-- books: written by the provider in its own autocommit statement (never inside the service's
-- transaction), so a crash of the payments process cannot make it forget an operation. One row
-- per idempotency key: a second call with the same key returns this row and does nothing.
CREATE TABLE simulated_provider_operations (
  idempotency_key text PRIMARY KEY,
  id text NOT NULL UNIQUE,
  operation text NOT NULL CHECK (operation IN ('capture', 'void', 'refund')),
  reference text NOT NULL,
  amount integer NOT NULL,
  currency char(3) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX simulated_provider_operations_reference ON simulated_provider_operations (reference, operation);
