import { readFile } from 'node:fs/promises';
import { stableUuid, withTransaction, type SeedFn } from '@shopgraph/platform';
import { findProductsBySkus } from './data/product-repository.ts';
import { publishNothing } from './domain/product-changes.ts';
import { recordBrand, recordStockLevel } from './domain/read-models.ts';
import { upsertProduct } from './domain/upsert-product.ts';
import type { UpsertProductInput } from './domain/validate-product.ts';

type SeedProduct = Omit<UpsertProductInput, 'brandId'> & { readonly brandSlug: string };

const readJson = async <T>(path: string): Promise<T> =>
  JSON.parse(await readFile(new URL(path, import.meta.url), 'utf8')) as T;

/**
 * The 200 seed products of the 12 seed brands, through the normal use case; idempotent.
 * The seed brands are recorded as known directly (their ids are deterministic, see the brands
 * seed), because the brands seed runs before any relay could deliver BrandRegistered.
 */
export const seed: SeedFn = async ({ pool }) => {
  const brands = await readJson<{ slug: string; name: string }[]>('../../brands/seed/brands.json');
  await withTransaction(pool, async (tx) => {
    for (const b of brands) await recordBrand(tx, { id: stableUuid('brand', b.slug), name: b.name });
  });
  const products = await readJson<SeedProduct[]>('../seed/products.json');
  const existing = new Set(
    (
      await findProductsBySkus(
        pool,
        products.map((p) => p.sku),
      )
    ).map((p) => p.sku),
  );
  let created = 0;
  for (const { brandSlug, ...product } of products) {
    if (existing.has(product.sku)) continue;
    await upsertProduct(pool, { ...product, brandId: stableUuid('brand', brandSlug) }, publishNothing);
    created++;
  }
  await markSeedStockKnown(pool);
  return { created };
};

/**
 * Stands in for the StockLevelChanged events of inventory's seed until products consumes them
 * (packages/events, issue 4): the seeded products' stock is known, so they are listed ACTIVE.
 */
async function markSeedStockKnown(pool: Parameters<SeedFn>[0]['pool']): Promise<void> {
  const stock = await readJson<{ sku: string; onHand: number }[]>('../../inventory/seed/stock.json');
  await withTransaction(pool, async (tx) => {
    for (const s of stock) await recordStockLevel(tx, stableUuid('product', s.sku), s.onHand);
  });
}
