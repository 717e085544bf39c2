import { Type } from '@sinclair/typebox';
import { defineEvent } from '../define-event.ts';
import { AddressSnapshot, Money, ShortLine } from './shared.ts';

// Every order transition is an event; subject = orderId, so one order's events stay in order.
const Uuid = Type.String({ format: 'uuid' });
const OrderStatus = Type.Union(
  ['PENDING', 'CONFIRMED', 'REJECTED', 'PAYMENT_FAILED', 'SHIPPED', 'DELIVERED', 'CANCELLED'].map((s) =>
    Type.Literal(s),
  ),
);

/** placeOrder accepted an order (PENDING). Starts the checkout saga. */
export const OrderPlaced = defineEvent({
  producer: 'orders',
  name: 'OrderPlaced',
  version: 1,
  data: Type.Object({
    orderId: Uuid,
    number: Type.String(),
    customerId: Uuid,
    lines: Type.Array(
      Type.Object({
        productId: Uuid,
        quantity: Type.Integer({ minimum: 1 }),
        unitPrice: Money,
        lineTotal: Money,
      }),
      { minItems: 1, maxItems: 100 },
    ),
    total: Money,
    /** The simulated provider's payment method token (tok_visa, tok_decline, tok_slow); never card data. */
    paymentToken: Type.String(),
    shippingAddress: Type.Union([AddressSnapshot, Type.Null()]),
  }),
});

/** Stock reserved and payment authorized: PENDING -> CONFIRMED. */
export const OrderConfirmed = defineEvent({
  producer: 'orders',
  name: 'OrderConfirmed',
  version: 1,
  data: Type.Object({ orderId: Uuid, paymentId: Uuid }),
});

/** Not enough stock: PENDING -> REJECTED. */
export const OrderRejected = defineEvent({
  producer: 'orders',
  name: 'OrderRejected',
  version: 1,
  data: Type.Object({ orderId: Uuid, shortLines: Type.Array(ShortLine) }),
});

/** The payment was declined: PENDING -> PAYMENT_FAILED. */
export const OrderPaymentFailed = defineEvent({
  producer: 'orders',
  name: 'OrderPaymentFailed',
  version: 1,
  data: Type.Object({ orderId: Uuid, paymentId: Uuid, reason: Type.String() }),
});

/** Cancelled by the customer, an admin or the PENDING-timeout sweeper; compensations follow. */
export const OrderCancelled = defineEvent({
  producer: 'orders',
  name: 'OrderCancelled',
  version: 1,
  data: Type.Object({ orderId: Uuid, previousStatus: OrderStatus, reason: Type.String() }),
});

/** Its shipment was dispatched: CONFIRMED -> SHIPPED. */
export const OrderShipped = defineEvent({
  producer: 'orders',
  name: 'OrderShipped',
  version: 1,
  data: Type.Object({ orderId: Uuid, shipmentId: Uuid }),
});

/** Its shipment was delivered: SHIPPED -> DELIVERED. */
export const OrderDelivered = defineEvent({
  producer: 'orders',
  name: 'OrderDelivered',
  version: 1,
  data: Type.Object({ orderId: Uuid, shipmentId: Uuid }),
});

/**
 * Orders accepted a ShipmentDispatchRequested: the order can no longer be cancelled, and
 * fulfillment hands the shipment to the carrier (ShipmentDispatched).
 */
export const OrderDispatchAccepted = defineEvent({
  producer: 'orders',
  name: 'OrderDispatchAccepted',
  version: 1,
  data: Type.Object({ orderId: Uuid, shipmentId: Uuid }),
});
