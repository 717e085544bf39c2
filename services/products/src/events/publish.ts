import { outbox, ProductActivated, ProductPriceChanged, ProductUpserted } from '@shopgraph/events';
import type { PublishProductChange } from '../domain/changes.ts';

/** Writes a change as its event to the outbox, in the caller's transaction; subject = productId. */
export const publish: PublishProductChange = async (tx, change) => {
  const { product } = change;
  const subject = product.id;
  switch (change.type) {
    case 'ProductUpserted':
      await outbox.add(tx, ProductUpserted, {
        subject,
        data: {
          productId: product.id,
          sku: product.sku,
          brandId: product.brandId,
          name: product.name,
          status: product.status,
          price: product.price,
          category: product.category,
        },
      });
      break;
    case 'ProductPriceChanged':
      await outbox.add(tx, ProductPriceChanged, {
        subject,
        data: {
          productId: product.id,
          sku: product.sku,
          price: product.price!,
          previousPrice: change.previous,
        },
      });
      break;
    case 'ProductActivated':
      await outbox.add(tx, ProductActivated, {
        subject,
        data: { productId: product.id, sku: product.sku },
      });
      break;
  }
};
