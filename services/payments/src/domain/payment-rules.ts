/** The payment state machine and the saga's decisions, as pure functions (unit-tested). */

export const PAYMENT_STATUSES = ['AUTHORIZED', 'DECLINED', 'CAPTURED', 'VOIDED', 'REFUNDED'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** Where each status may go; DECLINED, VOIDED and REFUNDED are final. */
const NEXT: Readonly<Record<PaymentStatus, readonly PaymentStatus[]>> = {
  AUTHORIZED: ['CAPTURED', 'VOIDED'],
  CAPTURED: ['REFUNDED'],
  DECLINED: [],
  VOIDED: [],
  REFUNDED: [],
};

export const canTransition = (from: PaymentStatus, to: PaymentStatus): boolean => NEXT[from].includes(to);

/** What payments knows of an order (see payment_orders). */
export interface OrderFacts {
  readonly placed: boolean;
  readonly stockReserved: boolean;
  readonly cancelled: boolean;
}

/**
 * Whether to ask the provider now. Both OrderPlaced (amount, token) and StockReserved must have
 * arrived, in either order; never after a cancel; never when a payment already exists.
 */
export function authorizationDecision(
  order: OrderFacts,
  existing: PaymentStatus | null,
): 'authorize' | 'already-attempted' | 'cancelled' | 'waiting' {
  if (existing !== null) return 'already-attempted';
  if (order.cancelled) return 'cancelled';
  return order.placed && order.stockReserved ? 'authorize' : 'waiting';
}

/** The compensation a cancelled order needs: release the hold, pay back a charge, or nothing. */
export function cancellationAction(status: PaymentStatus | null): 'void' | 'refund' | 'none' {
  if (status === 'AUTHORIZED') return 'void';
  if (status === 'CAPTURED') return 'refund';
  return 'none';
}

/** Only an authorization is captured, and only once. */
export const shouldCapture = (status: PaymentStatus | null): boolean => status === 'AUTHORIZED';
