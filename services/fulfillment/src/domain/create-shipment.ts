import { randomUUID } from 'node:crypto';
import type { PoolClient } from '@shopgraph/platform';
import {
  recordCancelled,
  recordPaymentAuthorized,
  recordPlaced,
} from '../data/fulfillment-order-repository.ts';
import {
  cancelPendingShipment,
  insertShipment,
  markDispatched,
  shipmentExistsForOrder,
} from '../data/shipment-repository.ts';
import type { AddressSnapshot, FulfillmentOrder, Shipment } from './model.ts';
import type { ShipmentChange } from './changes.ts';
import { shipmentDecision } from './shipment-rules.ts';

/** OrderPlaced: remember the customer and the address snapshot; ship if already authorized. */
export async function onOrderPlaced(
  tx: PoolClient,
  order: { orderId: string; customerId: string; address: AddressSnapshot | null },
): Promise<ShipmentChange | null> {
  return createWhenReady(tx, await recordPlaced(tx, order));
}

/** PaymentAuthorized: the go signal; creates the PENDING shipment once the order is known. */
export async function onPaymentAuthorized(
  tx: PoolClient,
  orderId: string,
  paymentId: string,
): Promise<ShipmentChange | null> {
  return createWhenReady(tx, await recordPaymentAuthorized(tx, orderId, paymentId));
}

/**
 * OrderCancelled: a PENDING shipment becomes CANCELLED (no event: the catalog has none, and
 * nobody reacts to it); with no shipment yet, the cancel is remembered so that a later
 * PaymentAuthorized creates none. A dispatched shipment stays as it is.
 */
export async function onOrderCancelled(tx: PoolClient, orderId: string): Promise<Shipment | null> {
  await recordCancelled(tx, orderId);
  return cancelPendingShipment(tx, orderId);
}

/**
 * OrderDispatchAccepted: orders chose the dispatch over any cancel, so the requested shipment is
 * handed to the carrier (ShipmentDispatched). A repeat finds it DISPATCHED and does nothing.
 */
export async function onDispatchAccepted(tx: PoolClient, orderId: string): Promise<ShipmentChange | null> {
  const shipment = await markDispatched(tx, orderId);
  return shipment && { type: 'ShipmentDispatched', shipment };
}

/** The caller holds the order row's lock (the upserts above); unique order_id is the backstop. */
async function createWhenReady(tx: PoolClient, order: FulfillmentOrder): Promise<ShipmentChange | null> {
  const decision = shipmentDecision(
    {
      placed: order.customerId !== null,
      paymentAuthorized: order.paymentAuthorizedAt !== null,
      cancelled: order.cancelledAt !== null,
    },
    await shipmentExistsForOrder(tx, order.orderId),
  );
  if (decision !== 'create' || order.customerId === null) return null;
  const shipment = await insertShipment(tx, {
    id: randomUUID(),
    orderId: order.orderId,
    customerId: order.customerId,
    address: order.address,
  });
  return shipment && { type: 'ShipmentCreated', shipment };
}
