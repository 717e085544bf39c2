import {
  handle,
  OrderCancelled,
  OrderPlaced,
  ShipmentDispatched,
  StockReserved,
  type Handler,
} from '@shopgraph/events';
import { onOrderPlaced, onStockReserved } from '../domain/authorize-payment.ts';
import { onOrderCancelled, onShipmentDispatched } from '../domain/settle-payment.ts';

/**
 * payments' part of the checkout saga. Each handler runs in the consumer's transaction with
 * the inbox row; every step is conditional on the current state, so duplicates, late and
 * out-of-order events (across topics) change nothing twice. No handler calls the provider or
 * publishes: they record facts and intents and wake the authorizer (workers/authorizer.ts) or the
 * settler (workers/settler.ts), which call the provider outside this transaction (it may hold
 * hundreds of events, and be rolled back and replayed one by one).
 */
export function handlers(): Handler[] {
  return [
    handle(OrderPlaced, async (tx, { data }) =>
      onOrderPlaced(tx, {
        orderId: data.orderId,
        customerId: data.customerId,
        amount: data.total.amount,
        currency: data.total.currency,
        paymentToken: data.paymentToken,
      }),
    ),
    handle(StockReserved, async (tx, { data }) => onStockReserved(tx, data.orderId)),
    handle(ShipmentDispatched, async (tx, { data }) => onShipmentDispatched(tx, data.orderId)),
    handle(OrderCancelled, async (tx, { data }) => onOrderCancelled(tx, data.orderId, data.reason)),
  ];
}
