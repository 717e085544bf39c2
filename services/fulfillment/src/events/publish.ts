import {
  outbox,
  ShipmentCreated,
  ShipmentDelivered,
  ShipmentDispatched,
  ShipmentDispatchRequested,
} from '@shopgraph/events';
import type { PublishShipmentChange } from '../domain/changes.ts';

/** Writes a change as its event to the outbox, in the caller's transaction; subject = shipmentId. */
export const publish: PublishShipmentChange = async (tx, { type, shipment }) => {
  const subject = shipment.id;
  const ref = { shipmentId: shipment.id, orderId: shipment.orderId };
  switch (type) {
    case 'ShipmentCreated':
      await outbox.add(tx, ShipmentCreated, { subject, data: { ...ref, address: shipment.address } });
      return;
    case 'ShipmentDispatchRequested':
      await outbox.add(tx, ShipmentDispatchRequested, { subject, data: ref });
      return;
    case 'ShipmentDispatched':
      await outbox.add(tx, ShipmentDispatched, {
        subject,
        data: { ...ref, carrier: shipment.carrier!, trackingNumber: shipment.trackingNumber! },
      });
      return;
    case 'ShipmentDelivered':
      await outbox.add(tx, ShipmentDelivered, { subject, data: ref });
      return;
  }
};
