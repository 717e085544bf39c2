import { Type } from '@sinclair/typebox';
import { defineEvent } from '../define-event.ts';
import { Money } from './shared.ts';

const ProductStatus = Type.Union([
  Type.Literal('DRAFT'),
  Type.Literal('ACTIVE'),
  Type.Literal('DISCONTINUED'),
]);

/** A product was created or changed (the whole product as it is now); subject = productId. */
export const ProductUpserted = defineEvent({
  producer: 'products',
  name: 'ProductUpserted',
  version: 1,
  data: Type.Object({
    productId: Type.String({ format: 'uuid' }),
    sku: Type.String(),
    brandId: Type.String({ format: 'uuid' }),
    name: Type.String(),
    status: ProductStatus,
    price: Type.Union([Money, Type.Null()]),
    category: Type.String(),
  }),
});

/** A product's price changed; orders prices lines from its own read model of these. */
export const ProductPriceChanged = defineEvent({
  producer: 'products',
  name: 'ProductPriceChanged',
  version: 1,
  data: Type.Object({
    productId: Type.String({ format: 'uuid' }),
    sku: Type.String(),
    price: Money,
    previousPrice: Type.Union([Money, Type.Null()]),
  }),
});

/** A product became visible (complete: price and stock known). */
export const ProductActivated = defineEvent({
  producer: 'products',
  name: 'ProductActivated',
  version: 1,
  data: Type.Object({
    productId: Type.String({ format: 'uuid' }),
    sku: Type.String(),
  }),
});
