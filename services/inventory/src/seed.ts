import { readFile } from 'node:fs/promises';
import { SEED_IDENTITY, stableUuid, type SeedFn } from '@shopgraph/platform/seed';
import { findStockLevels } from './data/stock-repository.ts';
import { setStock } from './domain/change-stock.ts';
import { publish } from './events/publish.ts';

/**
 * Stock for the 200 seed products (ids follow from their SKUs, as in the products seed),
 * set through the normal use case where none is set yet (so StockLevelChanged goes to the
 * outbox, and products learns the stock is known once the relay runs); idempotent. It acts as
 * SEED_IDENTITY, an admin, so the movements name `admin:seed`.
 */
export const seed: SeedFn = async ({ pool }) => {
  const stock = JSON.parse(await readFile(new URL('../seed/stock.json', import.meta.url), 'utf8')) as {
    sku: string;
    onHand: number;
  }[];
  const ids = stock.map((s) => stableUuid('product', s.sku));
  const existing = new Set((await findStockLevels(pool, ids)).map((l) => l.productId));
  let created = 0;
  for (const [i, s] of stock.entries()) {
    if (existing.has(ids[i]!)) continue;
    await setStock(
      { pool, identity: SEED_IDENTITY, publish },
      { productId: ids[i]!, onHand: s.onHand, reason: 'seed' },
    );
    created++;
  }
  return { created };
};
