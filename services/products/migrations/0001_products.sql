-- Read model of the brands service's brands (fed by BrandRegistered), so that a product's
-- brand is validated locally, without a synchronous call at write time.
CREATE TABLE known_brands (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);

-- Read model of inventory's stock levels (fed by StockLevelChanged). A row may arrive before
-- the product does; a product's stock is known when its row exists.
CREATE TABLE known_stock (
  product_id uuid PRIMARY KEY,
  available integer NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);

-- Products, paged in creation order by seq. status is derived, so it cannot drift from the
-- visibility rule: ACTIVE exactly when priced, stock known and not discontinued.
CREATE TABLE products (
  id uuid PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  sku text NOT NULL CONSTRAINT products_sku_key UNIQUE CHECK (sku ~ '^[A-Z0-9]+(-[A-Z0-9]+)*$' AND length(sku) BETWEEN 3 AND 64),
  brand_id uuid NOT NULL REFERENCES known_brands (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description text,
  price_amount integer CHECK (price_amount > 0),
  price_currency char(3) CHECK (price_currency ~ '^[A-Z]{3}$'),
  category text NOT NULL CHECK (category ~ '^[a-z]+(-[a-z]+)*$'),
  colour text,
  size text,
  material text,
  image_urls text[] NOT NULL DEFAULT '{}',
  weight_grams integer CHECK (weight_grams > 0),
  discontinued boolean NOT NULL DEFAULT false,
  stock_known boolean NOT NULL DEFAULT false,
  status text NOT NULL GENERATED ALWAYS AS (
    CASE
      WHEN discontinued THEN 'DISCONTINUED'
      WHEN price_amount IS NOT NULL AND stock_known THEN 'ACTIVE'
      ELSE 'DRAFT'
    END
  ) STORED,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT products_price_complete CHECK ((price_amount IS NULL) = (price_currency IS NULL))
);

CREATE INDEX products_status_seq ON products (status, seq);
CREATE INDEX products_brand_status_seq ON products (brand_id, status, seq);
CREATE INDEX products_category_status_seq ON products (category, status, seq);
