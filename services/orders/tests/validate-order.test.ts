import { stableUuid } from '@shopgraph/platform';
import type { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { KnownProduct } from '../src/domain/model.ts';
import { priceLines, validateRequest, type PlaceOrderInput } from '../src/domain/validate-order.ts';

const p1 = stableUuid('product', 'A');
const p2 = stableUuid('product', 'B');
const p3 = stableUuid('product', 'C');
const input = (over: Partial<PlaceOrderInput> = {}): PlaceOrderInput => ({
  idempotencyKey: 'k-1',
  lines: [{ productId: p1, quantity: 2 }],
  shippingAddressId: stableUuid('address', 'x'),
  paymentToken: 'tok_visa',
  ...over,
});
const fieldOf = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (err) {
    const e = err as GraphQLError;
    return { code: e.extensions['code'], field: e.extensions['field'] };
  }
  return 'no error';
};
const bad = (field: string) => ({ code: 'BAD_USER_INPUT', field });

describe('placeOrder input rules', () => {
  it('when the request is well formed, then it is normalized (trimmed key, lowercase ids)', () => {
    const out = validateRequest(
      input({ idempotencyKey: ' k-1 ', lines: [{ productId: p1.toUpperCase(), quantity: 1 }] }),
    );
    expect(out.idempotencyKey).toBe('k-1');
    expect(out.lines[0]!.productId).toBe(p1);
  });

  it('when lines are empty or more than 100, then BAD_USER_INPUT on lines', () => {
    expect(fieldOf(() => validateRequest(input({ lines: [] })))).toEqual(bad('lines'));
    const many = Array.from({ length: 101 }, (_, i) => ({
      productId: stableUuid('product', `p${i}`),
      quantity: 1,
    }));
    expect(fieldOf(() => validateRequest(input({ lines: many })))).toEqual(bad('lines'));
    expect(fieldOf(() => validateRequest(input({ lines: many.slice(0, 100) })))).toBe('no error');
  });

  it('when a quantity is 0, negative, fractional or above 1000, then BAD_USER_INPUT naming the line', () => {
    for (const quantity of [0, -1, 1.5, 1001])
      expect(fieldOf(() => validateRequest(input({ lines: [{ productId: p1, quantity }] })))).toEqual(
        bad('lines[0].quantity'),
      );
  });

  it('when a product appears on two lines, then it is rejected (not merged)', () => {
    const lines = [
      { productId: p1, quantity: 1 },
      { productId: p2, quantity: 1 },
      { productId: p1.toUpperCase(), quantity: 3 },
    ];
    expect(fieldOf(() => validateRequest(input({ lines })))).toEqual(bad('lines[2].productId'));
  });

  it('when ids, key or token are malformed, then BAD_USER_INPUT names the field', () => {
    expect(fieldOf(() => validateRequest(input({ idempotencyKey: '  ' })))).toEqual(bad('idempotencyKey'));
    expect(fieldOf(() => validateRequest(input({ idempotencyKey: 'x'.repeat(101) })))).toEqual(
      bad('idempotencyKey'),
    );
    expect(fieldOf(() => validateRequest(input({ lines: [{ productId: 'nope', quantity: 1 }] })))).toEqual(
      bad('lines[0].productId'),
    );
    expect(fieldOf(() => validateRequest(input({ shippingAddressId: 'home' })))).toEqual(
      bad('shippingAddressId'),
    );
    expect(fieldOf(() => validateRequest(input({ paymentToken: '' })))).toEqual(bad('paymentToken'));
    expect(fieldOf(() => validateRequest(input({ paymentToken: 'tok visa' })))).toEqual(bad('paymentToken'));
  });
});

describe('pricing from the read model', () => {
  const known: KnownProduct[] = [
    { productId: p1, status: 'ACTIVE', price: { amount: 1250, currency: 'EUR' } },
    { productId: p2, status: 'ACTIVE', price: { amount: 300, currency: 'EUR' } },
    { productId: p3, status: 'ACTIVE', price: { amount: 9900, currency: 'SEK' } },
  ];

  it('when every product is ACTIVE and priced, then lines and total are priced', () => {
    const out = priceLines(
      [
        { productId: p1, quantity: 2 },
        { productId: p2, quantity: 3 },
      ],
      known,
    );
    expect(out.lines.map((l) => l.lineTotal.amount)).toEqual([2500, 900]);
    expect(out.total).toEqual({ amount: 3400, currency: 'EUR' });
  });

  it('when a product is unknown, DRAFT, DISCONTINUED or unpriced, then BAD_USER_INPUT naming its line', () => {
    const lines = [
      { productId: p2, quantity: 1 },
      { productId: p1, quantity: 1 },
    ];
    const withP1 = (p: KnownProduct) => [known[1]!, p];
    expect(fieldOf(() => priceLines(lines, [known[1]!]))).toEqual(bad('lines[1].productId'));
    expect(fieldOf(() => priceLines(lines, withP1({ ...known[0]!, status: 'DRAFT' })))).toEqual(
      bad('lines[1].productId'),
    );
    expect(fieldOf(() => priceLines(lines, withP1({ ...known[0]!, status: 'DISCONTINUED' })))).toEqual(
      bad('lines[1].productId'),
    );
    expect(fieldOf(() => priceLines(lines, withP1({ ...known[0]!, price: null })))).toEqual(
      bad('lines[1].productId'),
    );
  });

  it('when lines are in two currencies, then BAD_USER_INPUT on the first odd line', () => {
    const lines = [
      { productId: p1, quantity: 1 },
      { productId: p3, quantity: 1 },
    ];
    expect(fieldOf(() => priceLines(lines, known))).toEqual(bad('lines[1].productId'));
  });

  it('when the total would not fit a GraphQL Int, then BAD_USER_INPUT', () => {
    const dear: KnownProduct = {
      productId: p1,
      status: 'ACTIVE',
      price: { amount: 2_000_000_000, currency: 'EUR' },
    };
    expect(fieldOf(() => priceLines([{ productId: p1, quantity: 2 }], [dear]))).toEqual(bad('lines'));
  });
});
