import { uuidLoader, DataLoader, isUuid, type SubgraphContext } from '@shopgraph/platform';
import type { FulfillmentConfig } from './config.ts';
import { findFulfillmentOrdersByIds } from './data/fulfillment-order-repository.ts';
import { findShipmentsByIds, findShipmentsByOrderIds } from './data/shipment-repository.ts';
import type { FulfillmentOrder, Shipment } from './domain/model.ts';
import { publish } from './events/publish.ts';
import type { PublishShipmentChange } from './domain/changes.ts';

export interface FulfillmentContext extends SubgraphContext {
  /** Carrier recorded when dispatchShipment names none. */
  readonly defaultCarrier: string;
  /** How long dispatchShipment waits for orders' answer. */
  readonly dispatchWaitMs: number;
  /** Publishes a mutation's change inside its transaction. */
  readonly publish: PublishShipmentChange;
  /** Shipments by id, batched per request (one query per `_entities` call). */
  readonly shipmentById: DataLoader<string, Shipment | null>;
  /** Each order's shipments, oldest first; one query for every order in the response. */
  readonly shipmentsByOrderId: DataLoader<string, Shipment[]>;
  /** What fulfillment knows of an order (its customer, for authorization). */
  readonly orderById: DataLoader<string, FulfillmentOrder | null>;
}

/** Each request's context: fresh loaders over the shared pool, the default carrier and the publisher. */
export function createContext(config: FulfillmentConfig) {
  return (base: SubgraphContext): FulfillmentContext => ({
    ...base,
    defaultCarrier: config.defaultCarrier,
    dispatchWaitMs: config.dispatchWaitMs,
    publish,
    shipmentById: uuidLoader(
      (ids) => findShipmentsByIds(base.pool, ids),
      (s) => s.id,
    ),
    shipmentsByOrderId: new DataLoader(async (ids: readonly string[]) => {
      const rows = await findShipmentsByOrderIds(base.pool, ids.filter(isUuid));
      return ids.map((id) => rows.filter((s) => s.orderId === id));
    }),
    orderById: uuidLoader(
      (ids) => findFulfillmentOrdersByIds(base.pool, ids),
      (o) => o.orderId,
    ),
  });
}
