import type { PageRequest, Queryable, SeqKey } from '@shopgraph/platform';
import type { Brand, NewBrand } from '../domain/model.ts';

const COLUMNS = 'id, seq, slug, name, country, website, created_at AS "createdAt"';

export async function insertBrand(db: Queryable, brand: NewBrand): Promise<Brand> {
  const { rows } = await db.query<Brand>(
    `INSERT INTO brands (id, slug, name, country, website) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
    [brand.id, brand.slug, brand.name, brand.country, brand.website],
  );
  return rows[0]!;
}

export async function findBrandsByIds(db: Queryable, ids: readonly string[]): Promise<Brand[]> {
  const { rows } = await db.query<Brand>(`SELECT ${COLUMNS} FROM brands WHERE id = ANY($1::uuid[])`, [ids]);
  return rows;
}

export async function findBrandBySlug(db: Queryable, slug: string): Promise<Brand | null> {
  const { rows } = await db.query<Brand>(`SELECT ${COLUMNS} FROM brands WHERE slug = $1`, [slug]);
  return rows[0] ?? null;
}

/** One page in registration order, starting after the cursor's seq. */
export async function listBrands(db: Queryable, page: PageRequest<SeqKey>): Promise<Brand[]> {
  const { rows } = await db.query<Brand>(
    `SELECT ${COLUMNS} FROM brands WHERE seq > $1 ORDER BY seq LIMIT $2`,
    [page.after ?? 0, page.limit],
  );
  return rows;
}
