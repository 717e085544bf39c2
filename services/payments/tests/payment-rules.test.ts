import { describe, expect, it } from 'vitest';
import {
  authorizationDecision,
  canTransition,
  cancellationAction,
  PAYMENT_STATUSES,
  SETTLEMENT_TRANSITION,
  shouldCapture,
  type PaymentStatus,
} from '../src/domain/payment-rules.ts';

const facts = (over: Partial<{ placed: boolean; stockReserved: boolean; cancelled: boolean }> = {}) => ({
  placed: true,
  stockReserved: true,
  cancelled: false,
  ...over,
});

describe('payment rules', () => {
  it('when the order is placed and reserved and has no payment, then it is authorized', () => {
    expect(authorizationDecision(facts(), null)).toBe('authorize');
  });

  it.each([
    ['only placed (stock not yet reserved)', facts({ stockReserved: false }), 'waiting'],
    ['only reserved (OrderPlaced not yet seen)', facts({ placed: false }), 'waiting'],
    ['cancelled before the reservation', facts({ cancelled: true }), 'cancelled'],
    ['cancelled while still waiting', facts({ cancelled: true, stockReserved: false }), 'cancelled'],
  ])('when the order is %s, then it is not authorized (%s)', (_, order, decision) => {
    expect(authorizationDecision(order, null)).toBe(decision);
  });

  it.each(PAYMENT_STATUSES)(
    'when a payment already exists (%s), then it is never authorized again',
    (status) => {
      expect(authorizationDecision(facts(), status)).toBe('already-attempted');
    },
  );

  it.each([
    ['AUTHORIZED', 'void'],
    ['CAPTURED', 'refund'],
    ['DECLINED', 'none'],
    ['VOIDED', 'none'],
    ['REFUNDED', 'none'],
    [null, 'none'],
  ] as const)('when an order with payment %s is cancelled, then the action is %s', (status, action) => {
    expect(cancellationAction(status)).toBe(action);
  });

  it('when a shipment is dispatched, then only an AUTHORIZED payment is captured', () => {
    const captured = [...PAYMENT_STATUSES, null].filter((status) => shouldCapture(status));
    expect(captured).toEqual(['AUTHORIZED']);
  });

  it.each([
    [['capture'], false],
    [['void'], false],
    [[], true],
  ] as const)(
    'when %j was already asked of the provider, then an AUTHORIZED payment is captured: %s',
    (requested, capture) => {
      expect(shouldCapture('AUTHORIZED', requested)).toBe(capture);
    },
  );

  it.each([
    ['AUTHORIZED', ['capture'], 'refund'],
    ['AUTHORIZED', ['void'], 'none'],
    ['CAPTURED', ['capture'], 'refund'],
    ['CAPTURED', ['capture', 'refund'], 'none'],
    ['REFUNDED', ['capture', 'refund'], 'none'],
  ] as const)(
    'when a %s payment with %j asked for is cancelled, then the action is %s (a capture on its way is refunded once it lands)',
    (status, requested, action) => {
      expect(cancellationAction(status, requested)).toBe(action);
    },
  );

  it('then each settlement moves its payment along an allowed transition', () => {
    for (const { from, to } of Object.values(SETTLEMENT_TRANSITION))
      expect(canTransition(from, to)).toBe(true);
  });

  it('then the state machine allows exactly capture/void from AUTHORIZED and refund from CAPTURED', () => {
    const allowed = PAYMENT_STATUSES.flatMap((from) =>
      PAYMENT_STATUSES.filter((to) => canTransition(from, to)).map((to) => `${from}->${to}`),
    );
    expect(allowed).toEqual(['AUTHORIZED->CAPTURED', 'AUTHORIZED->VOIDED', 'CAPTURED->REFUNDED']);
    const finals: PaymentStatus[] = ['DECLINED', 'VOIDED', 'REFUNDED'];
    for (const s of finals) expect(PAYMENT_STATUSES.some((to) => canTransition(s, to))).toBe(false);
  });
});
