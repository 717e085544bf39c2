import { isUuid, requireAuthenticated, requireCustomer, type Identity } from '@shopgraph/platform';
import type { FulfillmentOrder } from '../data/fulfillment-order-repository.ts';
import type { Shipment } from '../data/shipment-repository.ts';

type Load<T> = (id: string) => Promise<T>;

/** A shipment, for its order's customer or admin; anyone else is refused and sees nothing. */
export async function readShipment(
  identity: Identity,
  id: string,
  load: Load<Shipment | null>,
): Promise<Shipment | null> {
  requireAuthenticated(identity); // before any read
  const shipment = isUuid(id) ? await load(id) : null;
  if (shipment === null) return null;
  requireCustomer(identity, shipment.customerId);
  return shipment;
}

/** An order's shipments, for the order's customer (known from OrderPlaced) or admin. */
export async function readOrderShipments(
  identity: Identity,
  orderId: string,
  loadOrder: Load<FulfillmentOrder | null>,
  loadShipments: Load<Shipment[]>,
): Promise<Shipment[]> {
  requireAuthenticated(identity);
  const order = isUuid(orderId) ? await loadOrder(orderId) : null;
  if (order?.customerId == null) return [];
  requireCustomer(identity, order.customerId);
  return loadShipments(orderId);
}
