import {
  handle,
  OrderCancelled,
  OrderDispatchAccepted,
  OrderPlaced,
  PaymentAuthorized,
  type Handler,
} from '@shopgraph/events';
import type { PoolClient } from '@shopgraph/platform';
import {
  onDispatchAccepted,
  onOrderCancelled,
  onOrderPlaced,
  onPaymentAuthorized,
} from '../domain/create-shipment.ts';
import type { ShipmentChange } from '../domain/changes.ts';
import { publish as publishChange } from './publish.ts';

const publish = async (tx: PoolClient, change: ShipmentChange | null) => {
  if (change !== null) await publishChange(tx, change);
};

/**
 * fulfillment's part of the checkout saga. Each handler runs in the consumer's transaction with
 * the inbox row; every step is conditional on the current state, so duplicates, late and
 * out-of-order events (across topics) change nothing twice.
 */
export const handlers = (): Handler[] => [
  handle(OrderPlaced, async (tx, { data }) =>
    publish(
      tx,
      await onOrderPlaced(tx, {
        orderId: data.orderId,
        customerId: data.customerId,
        address: data.shippingAddress,
      }),
    ),
  ),
  handle(PaymentAuthorized, async (tx, { data }) =>
    publish(tx, await onPaymentAuthorized(tx, data.orderId, data.paymentId)),
  ),
  handle(OrderDispatchAccepted, async (tx, { data }) =>
    publish(tx, await onDispatchAccepted(tx, data.orderId)),
  ),
  handle(OrderCancelled, async (tx, { data }) => {
    await onOrderCancelled(tx, data.orderId);
  }),
];
