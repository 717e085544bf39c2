-- The provider is called outside the consumer's transaction (a slow provider must not hold a
-- partition and a connection): the handler marks the order ready, and the authorizer claims it
-- (authorization_claimed_at; a claim older than the claim timeout is taken over after a crash),
-- calls the provider with the order id as idempotency key, then records the payment and sets
-- authorization_done_at in one transaction.
ALTER TABLE payment_orders
  ADD COLUMN authorization_claimed_at timestamptz,
  ADD COLUMN authorization_done_at timestamptz;

-- What the authorizer scans: placed, reserved, not cancelled, not yet done.
CREATE INDEX payment_orders_awaiting_authorization ON payment_orders (stock_reserved_at)
  WHERE placed_at IS NOT NULL AND stock_reserved_at IS NOT NULL AND cancelled_at IS NULL
    AND authorization_done_at IS NULL;
