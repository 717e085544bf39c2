import type { AddressSnapshot as EventAddressSnapshot } from '@shopgraph/events';
import type { ShipmentStatus } from './shipment-rules.ts';

/** The shipping address copied from the order (later edits do not change it). */
export type AddressSnapshot = Readonly<EventAddressSnapshot>;

export interface Shipment {
  readonly id: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly status: ShipmentStatus;
  readonly carrier: string | null;
  readonly trackingNumber: string | null;
  readonly address: AddressSnapshot | null;
  readonly createdAt: Date;
  readonly dispatchedAt: Date | null;
  readonly deliveredAt: Date | null;
  readonly cancelledAt: Date | null;
  /** When an admin asked to dispatch it (orders has not necessarily accepted yet). */
  readonly dispatchRequestedAt: Date | null;
}

/** What fulfillment knows of an order. */
export interface FulfillmentOrder {
  readonly orderId: string;
  readonly customerId: string | null;
  readonly address: AddressSnapshot | null;
  readonly placedAt: Date | null;
  readonly paymentAuthorizedAt: Date | null;
  readonly cancelledAt: Date | null;
}

/** Order as fulfillment exposes it: only its id (orders owns the rest). */
export interface OrderRef {
  readonly id: string;
}
