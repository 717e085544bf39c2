-- What fulfillment knows of each order: OrderPlaced gives the customer and the address
-- snapshot, PaymentAuthorized says "ship it", OrderCancelled says "don't". The first two come
-- from different topics and may arrive in either order, so they are nullable; a shipment is
-- created when both are known and the order is not cancelled.
CREATE TABLE fulfillment_orders (
  order_id uuid PRIMARY KEY,
  customer_id uuid,
  -- AddressSnapshot of OrderPlaced (null when the order has none).
  address jsonb,
  placed_at timestamptz,
  payment_id uuid,
  payment_authorized_at timestamptz,
  cancelled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT fulfillment_orders_placed_complete CHECK ((placed_at IS NULL) = (customer_id IS NULL))
);

-- One shipment per order (unique order_id), so a duplicate PaymentAuthorized or two racing
-- consumers cannot create a second one.
CREATE TABLE shipments (
  id uuid PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  order_id uuid NOT NULL CONSTRAINT shipments_order_id_key UNIQUE REFERENCES fulfillment_orders (order_id),
  customer_id uuid NOT NULL,
  status text NOT NULL CHECK (status IN ('PENDING', 'DISPATCHED', 'DELIVERED', 'CANCELLED')),
  carrier text,
  tracking_number text CONSTRAINT shipments_tracking_number_key UNIQUE,
  address jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  dispatched_at timestamptz,
  delivered_at timestamptz,
  cancelled_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT shipments_dispatch_complete CHECK (
    (dispatched_at IS NULL) = (carrier IS NULL) AND (dispatched_at IS NULL) = (tracking_number IS NULL)),
  CONSTRAINT shipments_status_times CHECK (
    CASE status
      WHEN 'PENDING' THEN dispatched_at IS NULL AND delivered_at IS NULL AND cancelled_at IS NULL
      WHEN 'DISPATCHED' THEN dispatched_at IS NOT NULL AND delivered_at IS NULL AND cancelled_at IS NULL
      WHEN 'DELIVERED' THEN dispatched_at IS NOT NULL AND delivered_at IS NOT NULL
      WHEN 'CANCELLED' THEN dispatched_at IS NULL AND cancelled_at IS NOT NULL
    END)
);
