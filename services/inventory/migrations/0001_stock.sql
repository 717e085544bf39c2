-- One stock level per product. available is derived so it cannot drift; the CHECKs keep it
-- 0 or more under any concurrent writer.
CREATE TABLE stock_levels (
  product_id uuid PRIMARY KEY,
  on_hand integer NOT NULL CHECK (on_hand >= 0),
  reserved integer NOT NULL DEFAULT 0 CHECK (reserved >= 0),
  available integer NOT NULL GENERATED ALWAYS AS (on_hand - reserved) STORED,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT stock_levels_available_not_negative CHECK (reserved <= on_hand)
);

-- The audit trail: every change of on_hand or reserved, who made it and why.
-- onHand = sum(delta), reserved = sum(reserved_delta) per product.
CREATE TABLE stock_movements (
  id uuid PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  product_id uuid NOT NULL REFERENCES stock_levels (product_id),
  kind text NOT NULL CHECK (kind IN ('SET', 'ADJUST', 'RESERVE', 'RELEASE', 'COMMIT')),
  delta integer NOT NULL,
  reserved_delta integer NOT NULL DEFAULT 0,
  on_hand_after integer NOT NULL,
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
  actor text NOT NULL,
  order_id uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stock_movements_product_seq ON stock_movements (product_id, seq);

-- Checkout reservations (used by the checkout issue): one row per order and product, so a
-- redelivered OrderPlaced reserves nothing twice; OPEN rows sum to stock_levels.reserved.
CREATE TABLE stock_reservations (
  order_id uuid NOT NULL,
  product_id uuid NOT NULL REFERENCES stock_levels (product_id),
  quantity integer NOT NULL CHECK (quantity > 0),
  status text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'RELEASED', 'COMMITTED')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (order_id, product_id)
);
CREATE INDEX stock_reservations_open_by_product ON stock_reservations (product_id) WHERE status = 'OPEN';
