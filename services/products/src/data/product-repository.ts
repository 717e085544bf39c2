import type { PageRequest, Queryable, SeqKey } from '@shopgraph/platform';
import type { Product, ProductFilter, ProductStatus, ProductWrite } from '../domain/model.ts';

interface Row {
  id: string;
  seq: number;
  sku: string;
  brand_id: string;
  name: string;
  description: string | null;
  price_amount: number | null;
  price_currency: string | null;
  status: ProductStatus;
  category: string;
  colour: string | null;
  size: string | null;
  material: string | null;
  image_urls: string[];
  weight_grams: number | null;
  discontinued: boolean;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id, seq, sku, brand_id, name, description, price_amount, price_currency, status, category,
  colour, size, material, image_urls, weight_grams, discontinued, created_at, updated_at`;

const toProduct = (r: Row): Product => ({
  id: r.id,
  seq: r.seq,
  sku: r.sku,
  brandId: r.brand_id,
  name: r.name,
  description: r.description,
  price:
    r.price_amount === null || r.price_currency === null
      ? null
      : { amount: r.price_amount, currency: r.price_currency },
  status: r.status,
  category: r.category,
  attributes: { colour: r.colour, size: r.size, material: r.material },
  imageUrls: r.image_urls,
  weightGrams: r.weight_grams,
  discontinued: r.discontinued,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/**
 * Inserts or updates by SKU in one statement (two concurrent first upserts of a SKU cannot
 * both insert). A new product's stock is known when inventory reported it before it existed.
 */
export async function upsertProductRow(db: Queryable, p: ProductWrite): Promise<Product> {
  const { rows } = await db.query<Row>(
    `INSERT INTO products (id, sku, brand_id, name, description, price_amount, price_currency, category,
       colour, size, material, image_urls, weight_grams, discontinued, stock_known)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
       EXISTS (SELECT 1 FROM known_stock WHERE product_id = $1))
     ON CONFLICT (sku) DO UPDATE SET
       name = EXCLUDED.name, description = EXCLUDED.description,
       price_amount = EXCLUDED.price_amount, price_currency = EXCLUDED.price_currency,
       category = EXCLUDED.category, colour = EXCLUDED.colour, size = EXCLUDED.size,
       material = EXCLUDED.material, image_urls = EXCLUDED.image_urls,
       weight_grams = EXCLUDED.weight_grams, discontinued = EXCLUDED.discontinued, updated_at = now()
     RETURNING ${COLUMNS}`,
    [
      p.id,
      p.sku,
      p.brandId,
      p.name,
      p.description,
      p.price?.amount ?? null,
      p.price?.currency ?? null,
      p.category,
      p.attributes.colour,
      p.attributes.size,
      p.attributes.material,
      p.imageUrls,
      p.weightGrams,
      p.discontinued,
    ],
  );
  return toProduct(rows[0]!);
}

/** The current row, locked until the transaction ends (so a transition is seen once). */
export async function lockProductBySku(db: Queryable, sku: string): Promise<Product | null> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM products WHERE sku = $1 FOR UPDATE`, [sku]);
  return rows[0] ? toProduct(rows[0]) : null;
}

/**
 * Marks the product's stock known. Returns the product when this flipped the flag (so the
 * caller can tell whether it became ACTIVE), null when unknown or already known.
 */
export async function markStockKnown(db: Queryable, id: string): Promise<Product | null> {
  const { rows } = await db.query<Row>(
    `UPDATE products SET stock_known = true, updated_at = now() WHERE id = $1 AND NOT stock_known RETURNING ${COLUMNS}`,
    [id],
  );
  return rows[0] ? toProduct(rows[0]) : null;
}

export async function findProductsByIds(db: Queryable, ids: readonly string[]): Promise<Product[]> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM products WHERE id = ANY($1::uuid[])`, [ids]);
  return rows.map(toProduct);
}

export async function findProductsBySkus(db: Queryable, skus: readonly string[]): Promise<Product[]> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM products WHERE sku = ANY($1::text[])`, [skus]);
  return rows.map(toProduct);
}

const likePattern = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** One page of products matching the filter, in creation order, after the cursor's seq. */
export async function listProducts(
  db: Queryable,
  filter: ProductFilter,
  page: PageRequest<SeqKey>,
): Promise<Product[]> {
  const params: unknown[] = [page.after ?? 0, page.limit, filter.status];
  const where = ['seq > $1', 'status = $3'];
  const add = (sql: (n: number) => string, value: unknown) => {
    params.push(value);
    where.push(sql(params.length));
  };
  if (filter.brandId !== undefined) add((n) => `brand_id = $${n}`, filter.brandId);
  if (filter.category !== undefined) add((n) => `category = $${n}`, filter.category);
  if (filter.search !== undefined)
    add((n) => `(name ILIKE $${n} OR sku ILIKE $${n})`, likePattern(filter.search));
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM products WHERE ${where.join(' AND ')} ORDER BY seq LIMIT $2`,
    params,
  );
  return rows.map(toProduct);
}

/**
 * The same page of ACTIVE products for many brands in one statement (Brand.products under a
 * brand listing): up to `page.limit` rows per brand, after the same cursor, in creation order.
 */
export async function listActiveProductsOfBrands(
  db: Queryable,
  brandIds: readonly string[],
  page: PageRequest<SeqKey>,
): Promise<Product[]> {
  const { rows } = await db.query<Row>(
    `SELECT ${COLUMNS} FROM (
       SELECT *, row_number() OVER (PARTITION BY brand_id ORDER BY seq) AS rn
       FROM products WHERE brand_id = ANY($1::uuid[]) AND status = 'ACTIVE' AND seq > $2
     ) p WHERE rn <= $3 ORDER BY seq`,
    [brandIds, page.after ?? 0, page.limit],
  );
  return rows.map(toProduct);
}
