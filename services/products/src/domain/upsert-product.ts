import {
  badUserInput,
  conflict,
  requireBrand,
  requireRole,
  withTransaction,
  type Identity,
  type Pool,
} from '@shopgraph/platform';
import { lockProductBySku, upsertProductRow } from '../data/product-repository.ts';
import { isKnownBrand } from '../data/read-model-repository.ts';
import { activation, type ProductChange, type PublishProductChange } from './changes.ts';
import type { Product } from './model.ts';
import { validateProduct, type UpsertProductInput } from './validate-product.ts';

/**
 * The brand integration API: creates or updates the product with this SKU. Idempotent: the
 * same input twice leaves one product. Validated before anything is written; the brand must
 * be known locally (a read model fed by BrandRegistered, no call to the brands service).
 * Publishes ProductUpserted, plus ProductPriceChanged and ProductActivated when they apply.
 * Who may: admin, or a brand token for the input's own brand; anonymous is UNAUTHENTICATED and
 * anyone else FORBIDDEN, decided before anything is read or written.
 */
export async function upsertProduct(
  pool: Pool,
  identity: Identity,
  input: UpsertProductInput,
  publish: PublishProductChange,
): Promise<Product> {
  requireRole(identity, 'admin', 'brand');
  const write = validateProduct(input);
  requireBrand(identity, write.brandId);
  return withTransaction(pool, async (tx) => {
    if (!(await isKnownBrand(tx, write.brandId)))
      throw badUserInput(`brand ${write.brandId} is not registered`, 'brandId');
    const before = await lockProductBySku(tx, write.sku);
    if (before && before.brandId !== write.brandId) {
      throw conflict(`sku ${write.sku} belongs to another brand`, 'sku');
    }
    const after = await upsertProductRow(tx, write);
    const changes: ProductChange[] = [{ type: 'ProductUpserted', product: after }];
    if (after.price !== null && !samePrice(before?.price ?? null, after.price)) {
      changes.push({ type: 'ProductPriceChanged', product: after, previous: before?.price ?? null });
    }
    changes.push(...activation(before, after));
    for (const change of changes) await publish(tx, change);
    return after;
  });
}

const samePrice = (a: Product['price'], b: Product['price']) =>
  a?.amount === b?.amount && a?.currency === b?.currency;
