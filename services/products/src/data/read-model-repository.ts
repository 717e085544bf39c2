import type { Queryable } from '@shopgraph/platform';

/** Remembers a brand (idempotent: a replayed event changes nothing but the name). */
export async function upsertKnownBrand(db: Queryable, brand: { id: string; name: string }): Promise<void> {
  await db.query(
    `INSERT INTO known_brands (id, name) VALUES ($1, $2)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, recorded_at = now()`,
    [brand.id, brand.name],
  );
}

export async function isKnownBrand(db: Queryable, id: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM known_brands WHERE id = $1', [id]);
  return rows.length > 0;
}

/** Remembers a product's available stock (the latest report wins; Kafka keeps per-product order). */
export async function upsertKnownStock(db: Queryable, productId: string, available: number): Promise<void> {
  await db.query(
    `INSERT INTO known_stock (product_id, available) VALUES ($1, $2)
     ON CONFLICT (product_id) DO UPDATE SET available = EXCLUDED.available, recorded_at = now()`,
    [productId, available],
  );
}
