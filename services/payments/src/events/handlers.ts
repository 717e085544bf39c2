import {
  handle,
  OrderCancelled,
  OrderPlaced,
  ShipmentDispatched,
  StockReserved,
  type Handler,
} from '@shopgraph/events';
import type { PoolClient } from '@shopgraph/platform';
import { onOrderPlaced, onStockReserved } from '../domain/authorize-payment.ts';
import type { PaymentChange } from '../domain/changes.ts';
import { onOrderCancelled, onShipmentDispatched } from '../domain/settle-payment.ts';
import type { PaymentProvider } from '../provider/provider.ts';
import { publish as publishChange } from './publish.ts';

/**
 * payments' part of the checkout saga. Each handler runs in the consumer's transaction with
 * the inbox row; every step is conditional on the current state, so duplicates, late and
 * out-of-order events (across topics) change nothing twice. OrderPlaced and StockReserved only
 * record facts and wake the authorizer (workers/authorizer.ts), which calls the provider outside this
 * transaction. `onChange` sees each change published here (metrics).
 */
export function handlers(
  provider: PaymentProvider,
  onChange: (change: PaymentChange) => void = () => undefined,
): Handler[] {
  const publish = async (tx: PoolClient, change: PaymentChange | null) => {
    if (change === null) return;
    await publishChange(tx, change);
    onChange(change);
  };
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
    handle(ShipmentDispatched, async (tx, { data }) =>
      publish(tx, await onShipmentDispatched(tx, provider, data.orderId)),
    ),
    handle(OrderCancelled, async (tx, { data }) =>
      publish(tx, await onOrderCancelled(tx, provider, data.orderId, data.reason)),
    ),
  ];
}
