import { Type } from '@sinclair/typebox';
import { defineEvent } from '../define-event.ts';
import { AddressSnapshot } from './shared.ts';

// subject = shipmentId.
const Uuid = Type.String({ format: 'uuid' });

/** A shipment was created for an authorized order (PENDING). */
export const ShipmentCreated = defineEvent({
  producer: 'fulfillment',
  name: 'ShipmentCreated',
  version: 1,
  data: Type.Object({ shipmentId: Uuid, orderId: Uuid, address: Type.Union([AddressSnapshot, Type.Null()]) }),
});

/** Handed to the carrier: inventory commits the reservation, payments captures. */
export const ShipmentDispatched = defineEvent({
  producer: 'fulfillment',
  name: 'ShipmentDispatched',
  version: 1,
  data: Type.Object({
    shipmentId: Uuid,
    orderId: Uuid,
    carrier: Type.String(),
    trackingNumber: Type.String(),
  }),
});

/** The carrier delivered it. */
export const ShipmentDelivered = defineEvent({
  producer: 'fulfillment',
  name: 'ShipmentDelivered',
  version: 1,
  data: Type.Object({ shipmentId: Uuid, orderId: Uuid }),
});
