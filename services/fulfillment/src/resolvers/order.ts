import { readOrderShipments } from '../domain/read-shipment.ts';
import type { OrderResolvers } from '../generated/resolvers.ts';

/** Order is owned by orders; fulfillment contributes `shipments`. */
export const Order: OrderResolvers = {
  shipments: (order, _, ctx) =>
    readOrderShipments(
      ctx.identity,
      order.id,
      (id) => ctx.orderById.load(id),
      (id) => ctx.shipmentsByOrderId.load(id),
    ),
};
