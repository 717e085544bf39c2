import { describe, expect, it } from 'vitest';
import {
  cancelRefusal,
  canTransition,
  endsCheckout,
  isFinal,
  ORDER_STATUSES,
  sourcesOf,
  type OrderStatus,
} from '../src/domain/lifecycle.ts';

// The whole table, written out: a change to the lifecycle must change this test too.
const ALLOWED: [OrderStatus, OrderStatus][] = [
  ['PENDING', 'CONFIRMED'],
  ['PENDING', 'REJECTED'],
  ['PENDING', 'PAYMENT_FAILED'],
  ['PENDING', 'CANCELLED'],
  ['PENDING', 'SHIPPED'],
  ['CONFIRMED', 'SHIPPED'],
  ['CONFIRMED', 'CANCELLED'],
  ['SHIPPED', 'DELIVERED'],
];

describe('order lifecycle', () => {
  it('when every pair of statuses is tried, then exactly the table is allowed', () => {
    for (const from of ORDER_STATUSES)
      for (const to of ORDER_STATUSES) {
        const expected = ALLOWED.some(([f, t]) => f === from && t === to);
        expect({ from, to, allowed: canTransition(from, to) }).toEqual({ from, to, allowed: expected });
      }
  });

  it('when an event arrives late, then it cannot move an order backwards', () => {
    // PaymentAuthorized after the sweeper cancelled; StockReservationRejected after CONFIRMED.
    expect(canTransition('CANCELLED', 'CONFIRMED')).toBe(false);
    expect(canTransition('CONFIRMED', 'REJECTED')).toBe(false);
    expect(canTransition('SHIPPED', 'CONFIRMED')).toBe(false);
    expect(canTransition('DELIVERED', 'SHIPPED')).toBe(false);
    // The same event twice: a status never follows itself.
    for (const s of ORDER_STATUSES) expect(canTransition(s, s)).toBe(false);
  });

  it('when asked where a status may come from, then the sources are the table rows', () => {
    expect(sourcesOf('CONFIRMED')).toEqual(['PENDING']);
    expect(sourcesOf('CANCELLED')).toEqual(['PENDING', 'CONFIRMED']);
    expect(sourcesOf('SHIPPED')).toEqual(['PENDING', 'CONFIRMED']);
    expect(sourcesOf('DELIVERED')).toEqual(['SHIPPED']);
    expect(sourcesOf('PENDING')).toEqual([]);
  });

  it('when an order is rejected, failed, delivered or cancelled, then it is final', () => {
    expect(ORDER_STATUSES.filter(isFinal)).toEqual(['REJECTED', 'PAYMENT_FAILED', 'DELIVERED', 'CANCELLED']);
  });

  it('when an order leaves PENDING, then checkout has ended', () => {
    expect(endsCheckout('PENDING', 'CONFIRMED')).toBe(true);
    expect(endsCheckout('PENDING', 'CANCELLED')).toBe(true);
    expect(endsCheckout('CONFIRMED', 'SHIPPED')).toBe(false);
  });

  it('when cancelling, then PENDING and CONFIRMED may, CANCELLED is a no-op, the rest say why not', () => {
    expect(cancelRefusal('PENDING')).toBeNull();
    expect(cancelRefusal('CONFIRMED')).toBeNull();
    expect(cancelRefusal('CANCELLED')).toBeNull();
    expect(cancelRefusal('SHIPPED')).toMatch(/already shipped/);
    expect(cancelRefusal('DELIVERED')).toMatch(/already delivered/);
    expect(cancelRefusal('REJECTED')).toMatch(/final/);
    expect(cancelRefusal('PAYMENT_FAILED')).toMatch(/final/);
  });
});
