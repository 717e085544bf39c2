import { handle, OrderCancelled, OrderPlaced, PaymentDeclined, ShipmentDispatched } from '@shopgraph/events';
import { commitOrder, releaseOrder, reserveOrder } from '../domain/reservations.ts';
import { reservationPublisher as publish } from './reservation-publisher.ts';

/** Inventory's part of the checkout saga: reserve on order, release on decline/cancel, commit on dispatch. */
export const handlers = [
  handle(OrderPlaced, async (tx, event) => {
    await reserveOrder(tx, publish, event.data.orderId, event.data.lines);
  }),
  handle(PaymentDeclined, async (tx, event) => {
    await releaseOrder(tx, publish, event.data.orderId, 'payment declined');
  }),
  handle(OrderCancelled, async (tx, event) => {
    await releaseOrder(
      tx,
      publish,
      event.data.orderId,
      `order cancelled: ${event.data.reason}`.slice(0, 200),
    );
  }),
  handle(ShipmentDispatched, async (tx, event) => {
    await commitOrder(tx, publish, event.data.orderId);
  }),
];
