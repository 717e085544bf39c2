import type { ShortLine as EventShortLine } from '@shopgraph/events';
import type { Publisher } from '@shopgraph/platform';
import type { OrderStatus } from './lifecycle.ts';
import type { Order, TransitionedOrder } from './model.ts';
import type { PricedLine } from './validate-order.ts';

/** A line inventory could not reserve (from StockReservationRejected). */
export type ShortLine = Readonly<EventShortLine>;

/** A status change and what the event announcing it must carry. */
export type Transition =
  | { readonly to: 'CONFIRMED'; readonly paymentId: string }
  | { readonly to: 'REJECTED'; readonly shortLines: readonly ShortLine[] }
  | { readonly to: 'PAYMENT_FAILED'; readonly paymentId: string; readonly reason: string }
  | { readonly to: 'CANCELLED'; readonly reason: string }
  | { readonly to: 'SHIPPED'; readonly shipmentId: string }
  | { readonly to: 'DELIVERED'; readonly shipmentId: string };

/** What happened to an order in one transaction; published through the outbox in it. */
export type OrderChange =
  | { readonly type: 'placed'; readonly order: Order; readonly lines: readonly PricedLine[] }
  | { readonly type: 'transitioned'; readonly change: TransitionedOrder; readonly transition: Transition }
  | { readonly type: 'dispatchAccepted'; readonly order: Order; readonly shipmentId: string };

/**
 * The side effects of the use cases, injected so the rules do not know Kafka or Prometheus:
 * `publish` writes the change's event in the caller's transaction; `observe` counts it.
 */
export interface OrderEffects {
  readonly publish: Publisher<OrderChange>;
  readonly observe: (from: OrderStatus | null, to: OrderStatus, order: Order) => void;
}
