import { readShipment } from '../domain/read-shipment.ts';
import type { ShipmentResolvers } from '../generated/resolvers.ts';

export const Shipment: ShipmentResolvers = {
  __resolveReference: (ref, ctx) => readShipment(ctx.identity, ref.id, (id) => ctx.shipmentById.load(id)),
  order: (shipment) => ({ __typename: 'Order', id: shipment.orderId }),
};
