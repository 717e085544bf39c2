import { readFile } from 'node:fs/promises';
import { withTransaction } from '@shopgraph/platform';
import { SEED_IDENTITY, stableUuid, type SeedFn } from '@shopgraph/platform/seed';
import { findProductsBySkus } from './data/product-repository.ts';
import { recordBrand } from './domain/read-models.ts';
import { upsertProduct } from './domain/upsert-product.ts';
import { publish } from './events/publish.ts';
import type { UpsertProductInput } from './domain/validate-product.ts';

type SeedProduct = Omit<UpsertProductInput, 'brandId'> & { readonly brandSlug: string };

const readJson = async <T>(path: string): Promise<T> =>
  JSON.parse(await readFile(new URL(path, import.meta.url), 'utf8')) as T;

/**
 * The 200 seed products of the 12 seed brands, through the normal use case as SEED_IDENTITY
 * (an admin); idempotent.
 * The seed brands are recorded as known directly (their ids are deterministic, see the brands
 * seed): brands does not publish BrandRegistered yet. The products stay DRAFT until
 * inventory's seed stock arrives as StockLevelChanged events (a few seconds after start).
 */
export const seed: SeedFn = async ({ pool }) => {
  const brands = await readJson<{ slug: string; name: string }[]>('../../brands/seed/brands.json');
  await withTransaction(pool, async (tx) => {
    for (const b of brands) await recordBrand(tx, { id: stableUuid('brand', b.slug), name: b.name });
  });
  const products = await readJson<SeedProduct[]>('../seed/products.json');
  const skus = products.map((p) => p.sku);
  const existing = new Set((await findProductsBySkus(pool, skus)).map((p) => p.sku));
  let created = 0;
  for (const { brandSlug, ...product } of products) {
    if (existing.has(product.sku)) continue;
    await upsertProduct(
      pool,
      SEED_IDENTITY,
      { ...product, brandId: stableUuid('brand', brandSlug) },
      publish,
    );
    created++;
  }
  return { created };
};
