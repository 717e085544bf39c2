/**
 * The order lifecycle as a table: which status may follow which. Every status change goes
 * through `sourcesOf` (the UPDATE is conditional on the current status), so an event that
 * arrives late or twice cannot move an order backwards.
 */
export const ORDER_STATUSES = [
  'PENDING',
  'CONFIRMED',
  'REJECTED',
  'PAYMENT_FAILED',
  'SHIPPED',
  'DELIVERED',
  'CANCELLED',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  // SHIPPED straight from PENDING: orders reads payments' and fulfillment's topics separately,
  // so ShipmentDispatched may overtake PaymentAuthorized; a shipment exists only for an
  // authorized payment, so dispatch proves it.
  PENDING: ['CONFIRMED', 'REJECTED', 'PAYMENT_FAILED', 'CANCELLED', 'SHIPPED'],
  CONFIRMED: ['SHIPPED', 'CANCELLED'],
  SHIPPED: ['DELIVERED'],
  REJECTED: [],
  PAYMENT_FAILED: [],
  DELIVERED: [],
  CANCELLED: [],
};

export const canTransition = (from: OrderStatus, to: OrderStatus): boolean => TRANSITIONS[from].includes(to);

/** The statuses an order may be in for `to` to follow. */
export const sourcesOf = (to: OrderStatus): OrderStatus[] =>
  ORDER_STATUSES.filter((from) => canTransition(from, to));

/** No status follows: the order's story is over. */
export const isFinal = (status: OrderStatus): boolean => TRANSITIONS[status].length === 0;

/** Checkout is over once the order has left PENDING (the latency histogram's end). */
export const endsCheckout = (from: OrderStatus, to: OrderStatus): boolean =>
  from === 'PENDING' && to !== 'PENDING';

/** Who may cancel: the owner or admin, in the statuses where goods and money can still go back. */
export const CANCELLABLE: readonly OrderStatus[] = sourcesOf('CANCELLED');

/** Why an order cannot be cancelled, for the CONFLICT message; null when it can. */
export function cancelRefusal(status: OrderStatus): string | null {
  if (CANCELLABLE.includes(status) || status === 'CANCELLED') return null;
  if (status === 'SHIPPED' || status === 'DELIVERED')
    return `order is already ${status.toLowerCase()}; it can no longer be cancelled`;
  return `order is already final (${status}); there is nothing to cancel`;
}
