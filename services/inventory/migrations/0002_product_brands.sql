-- Read model of products' catalog (fed by ProductUpserted): which brand owns a product, so a
-- brand token's stock writes are authorized without calling products. Latest event wins.
CREATE TABLE product_brands (
  product_id uuid PRIMARY KEY,
  brand_id uuid NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
