import { Type } from '@sinclair/typebox';
import { defineEvent } from '../define-event.ts';
import { OrderLineRef, ShortLine } from './shared.ts';

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

// Reservations for checkout; subject = orderId (one reservation per order).
const Uuid = Type.String({ format: 'uuid' });

/** Every line of the order reserved (all or none). */
export const StockReserved = defineEvent({
  producer: 'inventory',
  name: 'StockReserved',
  version: 1,
  data: Type.Object({ orderId: Uuid, lines: Type.Array(OrderLineRef, { minItems: 1 }) }),
});

/** Not every line could be reserved; nothing was. Names the short lines. */
export const StockReservationRejected = defineEvent({
  producer: 'inventory',
  name: 'StockReservationRejected',
  version: 1,
  data: Type.Object({ orderId: Uuid, shortLines: Type.Array(ShortLine, { minItems: 1 }) }),
});

/** A reservation was given back (payment declined, order cancelled). */
export const StockReleased = defineEvent({
  producer: 'inventory',
  name: 'StockReleased',
  version: 1,
  data: Type.Object({ orderId: Uuid, reason: Type.String(), lines: Type.Array(OrderLineRef) }),
});

/** Reserved stock left the warehouse (shipment dispatched): onHand and reserved both go down. */
export const StockCommitted = defineEvent({
  producer: 'inventory',
  name: 'StockCommitted',
  version: 1,
  data: Type.Object({ orderId: Uuid, lines: Type.Array(OrderLineRef) }),
});
