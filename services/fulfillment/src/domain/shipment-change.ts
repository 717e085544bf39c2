import type { PoolClient } from '@shopgraph/platform';
import type { Shipment } from '../data/shipment-repository.ts';

/** What a step did to a shipment; published as the event of the same name. */
export interface ShipmentChange {
  readonly type: 'ShipmentCreated' | 'ShipmentDispatched' | 'ShipmentDelivered';
  readonly shipment: Shipment;
}

/** Writes a change (as its event) in the caller's transaction; see events/publish.ts. */
export type PublishShipmentChange = (tx: PoolClient, change: ShipmentChange) => Promise<void>;
