-- Orders is the arbiter between a dispatch and a cancel (issue #10): fulfillment asks
-- (ShipmentDispatchRequested) and ships only after OrderDispatchAccepted. The acceptance and a
-- cancel both take the order's row lock, so exactly one wins: once dispatch_accepted_at is set
-- a cancel (the customer's, an admin's or the sweeper's) is refused.
ALTER TABLE orders ADD COLUMN dispatch_accepted_at timestamptz;

-- placeOrder accepts a shipping address the read model does not know yet (an address added a
-- moment ago): the order waits, PENDING and unannounced (no OrderPlaced), until AddressAdded
-- arrives, or is cancelled by the sweeper after ORDER_ADDRESS_WAIT_MS.
ALTER TABLE orders ADD COLUMN awaiting_address_id uuid;
ALTER TABLE orders ADD CONSTRAINT orders_address_or_waiting CHECK (
  awaiting_address_id IS NULL OR shipping_address IS NULL);
CREATE INDEX orders_awaiting_address ON orders (awaiting_address_id) WHERE awaiting_address_id IS NOT NULL;
