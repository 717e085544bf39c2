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

/** A provider operation on an authorization; each is asked for at most once per payment. */
export type Settlement = 'capture' | 'void' | 'refund';

/**
 * The compensation a cancelled order needs, given the settlements already asked for: release the
 * hold, pay back a charge (also one whose capture is still on its way), or nothing.
 */
export function cancellationAction(
  status: PaymentStatus | null,
  requested: readonly Settlement[] = [],
): 'void' | 'refund' | 'none' {
  if (requested.includes('void') || requested.includes('refund')) return 'none';
  if (status === 'CAPTURED' || (status === 'AUTHORIZED' && requested.includes('capture'))) return 'refund';
  if (status === 'AUTHORIZED') return 'void';
  return 'none';
}

/** Only an authorization is captured, only once, and never after its void was asked for. */
export const shouldCapture = (status: PaymentStatus | null, requested: readonly Settlement[] = []): boolean =>
  status === 'AUTHORIZED' && !requested.includes('capture') && !requested.includes('void');

/** The status a settlement moves its payment from (it waits until then) and to. */
export const SETTLEMENT_TRANSITION: Readonly<
  Record<Settlement, { readonly from: PaymentStatus; readonly to: PaymentStatus }>
> = {
  capture: { from: 'AUTHORIZED', to: 'CAPTURED' },
  void: { from: 'AUTHORIZED', to: 'VOIDED' },
  refund: { from: 'CAPTURED', to: 'REFUNDED' },
};
