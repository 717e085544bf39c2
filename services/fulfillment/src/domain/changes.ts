import type { Publisher } from '@shopgraph/platform';
import type { Shipment } from './model.ts';

/** What a step did to a shipment; events/publish.ts writes it as the event of the same name. */
export interface ShipmentChange {
  readonly type: 'ShipmentCreated' | 'ShipmentDispatchRequested' | 'ShipmentDispatched' | 'ShipmentDelivered';
  readonly shipment: Shipment;
}

export type PublishShipmentChange = Publisher<ShipmentChange>;
