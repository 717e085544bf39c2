import { outbox, ProductActivated, ProductPriceChanged, ProductUpserted } from '@shopgraph/events';
import type { PublishChanges } from '../domain/product-changes.ts';

/** Writes each change to the outbox in the caller's transaction; the relay sends it to Kafka. */
export const publishChanges: PublishChanges = async (tx, changes) => {
  for (const change of changes) {
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
  }
};
