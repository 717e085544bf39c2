import type { FulfillmentContext } from '../context.ts';
import type { Shipment as ShipmentRow } from '../data/shipment-repository.ts';
import { readShipment } from '../domain/read-shipment.ts';

export const Shipment = {
  __resolveReference: (ref: { id: string }, ctx: FulfillmentContext) =>
    readShipment(ctx.identity, ref.id, (id) => ctx.shipmentById.load(id)),
  order: (shipment: ShipmentRow) => ({ __typename: 'Order', id: shipment.orderId }),
};
