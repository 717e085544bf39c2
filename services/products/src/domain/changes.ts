import type { Publisher } from '@shopgraph/platform';
import type { Money, Product } from './model.ts';

/** What happened to a product in one transaction; events/publish.ts writes it as its event. */
export type ProductChange =
  | { readonly type: 'ProductUpserted'; readonly product: Product }
  | { readonly type: 'ProductPriceChanged'; readonly product: Product; readonly previous: Money | null }
  | { readonly type: 'ProductActivated'; readonly product: Product };

export type PublishProductChange = Publisher<ProductChange>;

/** ProductActivated when this write turned a non-ACTIVE product ACTIVE. */
export function activation(before: Product | null, after: Product): ProductChange[] {
  return after.status === 'ACTIVE' && before?.status !== 'ACTIVE'
    ? [{ type: 'ProductActivated', product: after }]
    : [];
}
