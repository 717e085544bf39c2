import type { FulfillmentContext } from '../context.ts';
import { readOrderShipments } from '../domain/read-shipment.ts';

/** Order is owned by orders; fulfillment contributes `shipments`. */
export const Order = {
  shipments: (order: { id: string }, _: unknown, ctx: FulfillmentContext) =>
    readOrderShipments(
      ctx.identity,
      order.id,
      (id) => ctx.orderById.load(id),
      (id) => ctx.shipmentsByOrderId.load(id),
    ),
};
