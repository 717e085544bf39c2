import type { PoolClient } from '@shopgraph/platform';
import type { Money, Product } from '../data/product-repository.ts';

/** What happened to a product in one transaction; published through the outbox in that transaction. */
export type ProductChange =
  | { readonly type: 'ProductUpserted'; readonly product: Product }
  | { readonly type: 'ProductPriceChanged'; readonly product: Product; readonly previous: Money | null }
  | { readonly type: 'ProductActivated'; readonly product: Product };

/** Writes the changes as events inside the caller's transaction (see src/events/). */
export type PublishChanges = (tx: PoolClient, changes: readonly ProductChange[]) => Promise<void>;

/** For a service run without event publishing (unit tests of the rules). */
export const publishNothing: PublishChanges = async () => undefined;

/** ProductActivated when this write turned a non-ACTIVE product ACTIVE. */
export function activation(before: Product | null, after: Product): ProductChange[] {
  return after.status === 'ACTIVE' && before?.status !== 'ACTIVE'
    ? [{ type: 'ProductActivated', product: after }]
    : [];
}
