import type { Queryable } from '@shopgraph/platform';
import { markStockKnown } from '../data/product-repository.ts';
import { upsertKnownBrand, upsertKnownStock } from '../data/read-model-repository.ts';
import { activation, type ProductChange } from './changes.ts';

/**
 * Products learns brands and stock from events, not by calling brands or inventory: a write
 * never waits on another service, and listing stays one local query. These run inside the
 * consumer's transaction (with its inbox row), so a replayed event changes nothing.
 */

/** BrandRegistered: the brand may now own products. */
export async function recordBrand(
  tx: Queryable,
  data: { readonly id: string; readonly name: string },
): Promise<void> {
  await upsertKnownBrand(tx, data);
}

/**
 * StockLevelChanged: the product's stock is known from now on. Returns ProductActivated when
 * that completed a priced product; the caller publishes it in the same transaction.
 */
export async function recordStockLevel(
  tx: Queryable,
  productId: string,
  available: number,
): Promise<ProductChange[]> {
  await upsertKnownStock(tx, productId, available);
  const flipped = await markStockKnown(tx, productId);
  return flipped ? activation(null, flipped) : [];
}
