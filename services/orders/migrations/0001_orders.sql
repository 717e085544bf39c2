-- Read model of products' catalog (fed by ProductUpserted, ProductPriceChanged, ProductActivated):
-- placeOrder prices lines from here, never by calling products.
CREATE TABLE known_products (
  product_id uuid PRIMARY KEY,
  status text NOT NULL CHECK (status IN ('DRAFT', 'ACTIVE', 'DISCONTINUED')),
  price_amount integer CHECK (price_amount > 0),
  price_currency char(3),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT known_products_price_complete CHECK ((price_amount IS NULL) = (price_currency IS NULL))
);

-- Read model of customers' address books (fed by AddressAdded): the shipping address is
-- snapshotted into the order without calling customers.
CREATE TABLE known_addresses (
  id uuid PRIMARY KEY,
  customer_id uuid NOT NULL,
  name text NOT NULL,
  line1 text NOT NULL,
  line2 text,
  city text NOT NULL,
  postal_code text NOT NULL,
  country char(2) NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);

-- SG-000001, SG-000002, ...: human-friendly; a lost race on an idempotency key leaves a gap.
CREATE SEQUENCE order_number_seq;

CREATE TABLE orders (
  id uuid PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  number text NOT NULL UNIQUE DEFAULT 'SG-' || lpad(nextval('order_number_seq')::text, 6, '0'),
  customer_id uuid NOT NULL,
  idempotency_key text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 100),
  status text NOT NULL DEFAULT 'PENDING'
    CHECK (status IN ('PENDING', 'CONFIRMED', 'REJECTED', 'PAYMENT_FAILED', 'SHIPPED', 'DELIVERED', 'CANCELLED')),
  total_amount integer NOT NULL CHECK (total_amount > 0),
  currency char(3) NOT NULL,
  payment_token text NOT NULL,
  shipping_address jsonb,
  payment_id uuid,
  shipment_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- The same key from the same customer is the same order, however many requests race.
  CONSTRAINT orders_customer_idempotency_key UNIQUE (customer_id, idempotency_key)
);
CREATE INDEX orders_customer_seq ON orders (customer_id, seq);
-- The sweeper's scan: only PENDING orders, oldest first.
CREATE INDEX orders_pending_created ON orders (created_at) WHERE status = 'PENDING';

CREATE TABLE order_lines (
  order_id uuid NOT NULL REFERENCES orders (id),
  line_no integer NOT NULL CHECK (line_no BETWEEN 1 AND 100),
  product_id uuid NOT NULL,
  quantity integer NOT NULL CHECK (quantity BETWEEN 1 AND 1000),
  unit_amount integer NOT NULL CHECK (unit_amount > 0),
  line_amount integer NOT NULL CHECK (line_amount = unit_amount * quantity),
  PRIMARY KEY (order_id, line_no),
  CONSTRAINT order_lines_one_per_product UNIQUE (order_id, product_id)
);

-- Every transition, in order; the first row of an order is PENDING.
CREATE TABLE order_status_history (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_id uuid NOT NULL REFERENCES orders (id),
  status text NOT NULL,
  reason text,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX order_status_history_order ON order_status_history (order_id, seq);
