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

/**
 * An admin asked to dispatch the PENDING shipment; nothing ships until orders accepts
 * (OrderDispatchAccepted), because orders decides between this and a cancel of the order.
 */
export const ShipmentDispatchRequested = defineEvent({
  producer: 'fulfillment',
  name: 'ShipmentDispatchRequested',
  version: 1,
  data: Type.Object({ shipmentId: Uuid, orderId: Uuid }),
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
