import { Type } from '@sinclair/typebox';
import { defineEvent } from '../define-event.ts';

/** Stock of a product changed (set, reserved, released or committed); subject = productId. */
export const StockLevelChanged = defineEvent({
  producer: 'inventory',
  name: 'StockLevelChanged',
  version: 1,
  data: Type.Object({
    productId: Type.String({ format: 'uuid' }),
    onHand: Type.Integer({ minimum: 0 }),
    reserved: Type.Integer({ minimum: 0 }),
    available: Type.Integer(),
  }),
});
