import type { Queryable } from '@shopgraph/platform';

/** Remembers (or moves) a product's brand; ProductUpserted carries the whole product, latest wins. */
export async function upsertProductBrand(db: Queryable, productId: string, brandId: string): Promise<void> {
  await db.query(
    `INSERT INTO product_brands (product_id, brand_id) VALUES ($1, $2)
     ON CONFLICT (product_id) DO UPDATE SET brand_id = EXCLUDED.brand_id, recorded_at = now()`,
    [productId, brandId],
  );
}

/** The brand owning a product, or null while inventory has not heard of the product. */
export async function findProductBrand(db: Queryable, productId: string): Promise<string | null> {
  const { rows } = await db.query<{ brandId: string }>(
    'SELECT brand_id AS "brandId" FROM product_brands WHERE product_id = $1',
    [productId],
  );
  return rows[0]?.brandId ?? null;
}
