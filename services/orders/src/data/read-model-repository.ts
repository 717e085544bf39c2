import type { Queryable } from '@shopgraph/platform';
import type { KnownAddress, KnownProduct, Money, ProductStatus } from '../domain/model.ts';

/** The product as it is now (ProductUpserted carries the whole product: latest wins). */
export async function upsertKnownProduct(db: Queryable, p: KnownProduct): Promise<void> {
  await db.query(
    `INSERT INTO known_products (product_id, status, price_amount, price_currency) VALUES ($1, $2, $3, $4)
     ON CONFLICT (product_id) DO UPDATE SET status = EXCLUDED.status, price_amount = EXCLUDED.price_amount,
       price_currency = EXCLUDED.price_currency, recorded_at = now()`,
    [p.productId, p.status, p.price?.amount ?? null, p.price?.currency ?? null],
  );
}

/** A new price; a product not seen yet is remembered as DRAFT until its status arrives. */
export async function setKnownPrice(db: Queryable, productId: string, price: Money): Promise<void> {
  await db.query(
    `INSERT INTO known_products (product_id, status, price_amount, price_currency) VALUES ($1, 'DRAFT', $2, $3)
     ON CONFLICT (product_id) DO UPDATE SET price_amount = EXCLUDED.price_amount,
       price_currency = EXCLUDED.price_currency, recorded_at = now()`,
    [productId, price.amount, price.currency],
  );
}

/** ProductActivated: listed from now on (a later ProductUpserted may withdraw it again). */
export async function markKnownProductActive(db: Queryable, productId: string): Promise<void> {
  await db.query(
    `INSERT INTO known_products (product_id, status) VALUES ($1, 'ACTIVE')
     ON CONFLICT (product_id) DO UPDATE SET status = 'ACTIVE', recorded_at = now()`,
    [productId],
  );
}

export async function findKnownProducts(db: Queryable, ids: readonly string[]): Promise<KnownProduct[]> {
  const { rows } = await db.query<{
    productId: string;
    status: ProductStatus;
    amount: number | null;
    currency: string | null;
  }>(
    `SELECT product_id AS "productId", status, price_amount AS amount, price_currency AS currency
     FROM known_products WHERE product_id = ANY($1::uuid[])`,
    [ids],
  );
  return rows.map((r) => ({
    productId: r.productId,
    status: r.status,
    price: r.amount === null || r.currency === null ? null : { amount: r.amount, currency: r.currency },
  }));
}

/** AddressAdded (idempotent: a replay rewrites the same values). */
export async function upsertKnownAddress(db: Queryable, a: KnownAddress): Promise<void> {
  await db.query(
    `INSERT INTO known_addresses (id, customer_id, name, line1, line2, city, postal_code, country)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, line1 = EXCLUDED.line1, line2 = EXCLUDED.line2,
       city = EXCLUDED.city, postal_code = EXCLUDED.postal_code, country = EXCLUDED.country, recorded_at = now()
     WHERE known_addresses.customer_id = EXCLUDED.customer_id`,
    [a.id, a.customerId, a.name, a.line1, a.line2, a.city, a.postalCode, a.country],
  );
}

export async function findKnownAddress(db: Queryable, id: string): Promise<KnownAddress | null> {
  const { rows } = await db.query<KnownAddress>(
    `SELECT id, customer_id AS "customerId", name, line1, line2, city, postal_code AS "postalCode", country
     FROM known_addresses WHERE id = $1`,
    [id],
  );
  return rows[0] ?? null;
}
