-- What payments knows of each order before there is a payment: OrderPlaced gives the intent
-- (customer, total, token), StockReserved says "go", OrderCancelled says "never". Either of the
-- first two may arrive first (they come from different topics), so every column is nullable
-- and a payment is attempted only when both are known and the order is not cancelled.
CREATE TABLE payment_orders (
  order_id uuid PRIMARY KEY,
  customer_id uuid,
  amount integer CHECK (amount >= 0),
  currency char(3) CHECK (currency ~ '^[A-Z]{3}$'),
  -- The simulated provider's method token (tok_visa, ...); never card data.
  payment_token text,
  placed_at timestamptz,
  stock_reserved_at timestamptz,
  cancelled_at timestamptz,
  cancel_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT payment_orders_placed_complete CHECK (
    (placed_at IS NULL) = (customer_id IS NULL)
    AND (placed_at IS NULL) = (amount IS NULL)
    AND (placed_at IS NULL) = (currency IS NULL)
    AND (placed_at IS NULL) = (payment_token IS NULL))
);

-- At most one payment (authorization attempt) per order: the unique order_id is what makes a
-- duplicate StockReserved or two racing consumers harmless.
CREATE TABLE payments (
  id uuid PRIMARY KEY,
  order_id uuid NOT NULL CONSTRAINT payments_order_id_key UNIQUE REFERENCES payment_orders (order_id),
  customer_id uuid NOT NULL,
  amount integer NOT NULL CHECK (amount >= 0),
  currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  status text NOT NULL CHECK (status IN ('AUTHORIZED', 'DECLINED', 'CAPTURED', 'VOIDED', 'REFUNDED')),
  method_brand text,
  method_last4 text CHECK (method_last4 ~ '^[0-9]{4}$'),
  decline_reason text,
  -- The provider's reference for the authorization (capture/void/refund quote it).
  provider_ref text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  captured_at timestamptz,
  CONSTRAINT payments_method_complete CHECK ((method_brand IS NULL) = (method_last4 IS NULL)),
  CONSTRAINT payments_declined_has_reason CHECK ((status = 'DECLINED') = (decline_reason IS NOT NULL))
);
