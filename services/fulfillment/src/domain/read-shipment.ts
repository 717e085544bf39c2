import { readOwned, type Identity } from '@shopgraph/platform';
import type { FulfillmentOrder, Shipment } from './model.ts';

type Load<T> = (id: string) => Promise<T>;

/** A shipment, for its order's customer or admin; anyone else is refused and sees nothing. */
export const readShipment = (identity: Identity, id: string, load: Load<Shipment | null>) =>
  readOwned(identity, id, load, (shipment) => shipment.customerId);

/** An order's shipments, for the order's customer (known from OrderPlaced) or admin. */
export async function readOrderShipments(
  identity: Identity,
  orderId: string,
  loadOrder: Load<FulfillmentOrder | null>,
  loadShipments: Load<Shipment[]>,
): Promise<Shipment[]> {
  const order = await readOwned(identity, orderId, loadOrder, (o) => o.customerId);
  return order === null ? [] : loadShipments(orderId);
}
