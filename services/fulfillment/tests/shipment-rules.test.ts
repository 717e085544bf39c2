import { describe, expect, it } from 'vitest';
import { generatedTrackingNumber } from '../src/domain/ship.ts';
import {
  canTransition,
  SHIPMENT_STATUSES,
  shipmentDecision,
  validateDispatch,
} from '../src/domain/shipment-rules.ts';

const facts = (over: Partial<{ placed: boolean; paymentAuthorized: boolean; cancelled: boolean }> = {}) => ({
  placed: true,
  paymentAuthorized: true,
  cancelled: false,
  ...over,
});

describe('shipment rules', () => {
  it('when the order is placed and its payment authorized, then a shipment is created', () => {
    expect(shipmentDecision(facts(), false)).toBe('create');
  });

  it.each([
    ['only placed', facts({ paymentAuthorized: false }), false, 'waiting'],
    ['only authorized (OrderPlaced not yet seen)', facts({ placed: false }), false, 'waiting'],
    ['cancelled', facts({ cancelled: true }), false, 'cancelled'],
    ['already shipped once', facts(), true, 'exists'],
    ['cancelled and already has one', facts({ cancelled: true }), true, 'exists'],
  ])('when the order is %s, then no shipment is created (%s)', (_, order, has, decision) => {
    expect(shipmentDecision(order, has)).toBe(decision);
  });

  it('then the state machine is PENDING -> DISPATCHED | CANCELLED, DISPATCHED -> DELIVERED, nothing else', () => {
    const allowed = SHIPMENT_STATUSES.flatMap((from) =>
      SHIPMENT_STATUSES.filter((to) => canTransition(from, to)).map((to) => `${from}->${to}`),
    );
    expect(allowed).toEqual(['PENDING->DISPATCHED', 'PENDING->CANCELLED', 'DISPATCHED->DELIVERED']);
  });

  it('when dispatch input is given, then it is trimmed and the tracking number upper-cased', () => {
    expect(validateDispatch({ carrier: ' DHL ', trackingNumber: ' jd0146000 ' })).toEqual({
      carrier: 'DHL',
      trackingNumber: 'JD0146000',
    });
    expect(validateDispatch({})).toEqual({ carrier: null, trackingNumber: null });
  });

  it.each([
    [{ carrier: '  ' }, 'carrier'],
    [{ carrier: 'x'.repeat(65) }, 'carrier'],
    [{ trackingNumber: 'ab-12345' }, 'trackingNumber'],
    [{ trackingNumber: '12345' }, 'trackingNumber'],
    [{ trackingNumber: '1'.repeat(41) }, 'trackingNumber'],
  ])('when dispatch input is %j, then %s is rejected', (input, field) => {
    expect(validateDispatch(input)).toMatchObject({ field });
  });

  it('when no tracking number is given, then the generated one is stable per shipment and valid', () => {
    const a = generatedTrackingNumber('8a7b2c1d-0000-4000-8000-000000000001');
    expect(a).toBe(generatedTrackingNumber('8a7b2c1d-0000-4000-8000-000000000001'));
    expect(a).not.toBe(generatedTrackingNumber('8a7b2c1d-0000-4000-8000-000000000002'));
    expect(validateDispatch({ trackingNumber: a })).toEqual({ carrier: null, trackingNumber: a });
  });
});
