import type { Queryable } from '@shopgraph/platform';
import { markKnownProductActive, setKnownPrice, upsertKnownProduct } from '../data/read-model-repository.ts';
import type { Money, ProductStatus } from './model.ts';

/**
 * Orders learns prices, availability and addresses from events, never by calling products or
 * customers: placeOrder never waits on another service (AddressAdded: await-address.ts). Each runs in the consumer's
 * transaction with its inbox row, and Kafka keeps one product's (one customer's) events in order.
 */

/** ProductUpserted: the whole product as it is now. */
export const recordProduct = (
  tx: Queryable,
  p: { productId: string; status: ProductStatus; price: Money | null },
) => upsertKnownProduct(tx, p);

/** ProductPriceChanged. */
export const recordPrice = (tx: Queryable, productId: string, price: Money) =>
  setKnownPrice(tx, productId, price);

/** ProductActivated: complete (price and stock known), so it may be ordered. */
export const recordActivation = (tx: Queryable, productId: string) => markKnownProductActive(tx, productId);
