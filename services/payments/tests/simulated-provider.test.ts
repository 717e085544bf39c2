import { describe, expect, it } from 'vitest';
import { memoryLedger } from '../src/provider/ledger.ts';
import type { SettleRequest } from '../src/provider/provider.ts';
import { simulatedProvider, UNKNOWN_TOKEN_REASON } from '../src/provider/simulated-provider.ts';

const ORDER = '2f1c4a8e-0000-4000-8000-000000000001';
const EUR = (amount: number) => ({ amount, currency: 'EUR' });

describe('simulated payment provider', () => {
  const provider = simulatedProvider({ slowDelayMs: 150 });

  it('when the token is tok_visa, then it authorizes with a visa summary and a reference', async () => {
    const result = await provider.authorize({ orderId: ORDER, amount: EUR(12900), token: 'tok_visa' });
    expect(result).toEqual({
      outcome: 'AUTHORIZED',
      reference: expect.stringMatching(/^sim_auth_[0-9a-f]{24}$/),
      method: { brand: 'visa', last4: '4242' },
    });
  });

  it('when the same order is authorized twice, then the reference is the same (idempotency key)', async () => {
    const a = await provider.authorize({ orderId: ORDER, amount: EUR(100), token: 'tok_visa' });
    const b = await provider.authorize({ orderId: ORDER, amount: EUR(100), token: 'tok_visa' });
    const other = await provider.authorize({
      orderId: '2f1c4a8e-0000-4000-8000-000000000002',
      amount: EUR(100),
      token: 'tok_visa',
    });
    expect(a).toEqual(b);
    expect(other).not.toEqual(a);
  });

  it('when the token is tok_decline, then it declines with "card declined"', async () => {
    expect(await provider.authorize({ orderId: ORDER, amount: EUR(100), token: 'tok_decline' })).toEqual({
      outcome: 'DECLINED',
      reason: 'card declined',
      method: { brand: 'visa', last4: '0002' },
    });
  });

  it('when the token is tok_slow, then it authorizes (with its own card) after the configured delay', async () => {
    const result = await provider.authorize({ orderId: ORDER, amount: EUR(100), token: 'tok_slow' });
    expect(result).toMatchObject({ outcome: 'AUTHORIZED', method: { brand: 'mastercard', last4: '4444' } });
  });

  it.each(['tok_unknown', '', 'toString', '__proto__', 'TOK_VISA'])(
    'when the token is %j, then it declines as an unknown method, with no method summary',
    async (token) => {
      expect(await provider.authorize({ orderId: ORDER, amount: EUR(100), token })).toEqual({
        outcome: 'DECLINED',
        reason: UNKNOWN_TOKEN_REASON,
        method: null,
      });
    },
  );

  it.each([0, -5])('when the amount is %i, then even tok_visa declines', async (amount) => {
    expect(
      await provider.authorize({ orderId: ORDER, amount: EUR(amount), token: 'tok_visa' }),
    ).toMatchObject({
      outcome: 'DECLINED',
      reason: 'invalid amount',
    });
  });
});

describe('simulated payment provider: capture, void and refund, once per idempotency key', () => {
  const REF = 'sim_auth_000000000000000000000001';
  const request = (over: Partial<SettleRequest> = {}): SettleRequest => ({
    idempotencyKey: 'pay-1:capture',
    reference: REF,
    amount: EUR(9900),
    ...over,
  });
  const fresh = () => {
    const ledger = memoryLedger();
    return { ledger, provider: simulatedProvider({ ledger }) };
  };

  it('when a capture is asked for, then it is done once and recorded under its key', async () => {
    const { ledger, provider } = fresh();
    const result = await provider.capture(request());
    expect(result).toEqual({
      id: expect.stringMatching(/^sim_capture_[0-9a-f]{24}$/),
      operation: 'capture',
      reference: REF,
      amount: EUR(9900),
    });
    expect(ledger.entries).toEqual([{ ...result, idempotencyKey: 'pay-1:capture' }]);
  });

  it.each(['capture', 'void', 'refund'] as const)(
    'when %s is asked twice (and ten times at once) with the same key, then the first result is returned and nothing more is done',
    async (operation) => {
      const { ledger, provider } = fresh();
      const key = `pay-1:${operation}`;
      const first = await provider[operation](request({ idempotencyKey: key }));
      const again = await Promise.all(
        Array.from({ length: 10 }, () => provider[operation](request({ idempotencyKey: key }))),
      );
      expect(again).toEqual(Array.from({ length: 10 }, () => first));
      expect(ledger.entries).toHaveLength(1);
    },
  );

  it('when two captures carry different keys, then the provider does both (the key is what it deduplicates by)', async () => {
    const { ledger, provider } = fresh();
    const a = await provider.capture(request({ idempotencyKey: 'a' }));
    const b = await provider.capture(request({ idempotencyKey: 'b' }));
    expect(a.id).not.toBe(b.id);
    expect(ledger.entries.map((e) => e.idempotencyKey)).toEqual(['a', 'b']);
  });

  it.each([
    ['no key', undefined],
    ['an empty key', ''],
    ['a blank key', '  '],
  ])('when a capture comes with %s, then it is refused and nothing is done', async (_, idempotencyKey) => {
    const { ledger, provider } = fresh();
    const keyless = { reference: REF, amount: EUR(9900), idempotencyKey } as SettleRequest;
    await expect(provider.capture(keyless)).rejects.toMatchObject({
      name: 'ProviderRefusal',
      code: 'IDEMPOTENCY_KEY_REQUIRED',
    });
    await expect(provider.refund(keyless)).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REQUIRED' });
    expect(ledger.entries).toEqual([]);
  });

  it.each([
    ['another operation', 'void', {}],
    ['another reference', 'capture', { reference: 'sim_auth_other' }],
    ['another amount', 'capture', { amount: EUR(1) }],
  ] as const)(
    'when a key is reused for %s, then it is refused and only the first operation stands',
    async (_, operation, over) => {
      const { ledger, provider } = fresh();
      const first = await provider.capture(request());
      await expect(provider[operation](request(over))).rejects.toMatchObject({
        code: 'IDEMPOTENCY_KEY_REUSED',
      });
      expect(ledger.entries).toEqual([{ ...first, idempotencyKey: 'pay-1:capture' }]);
    },
  );
});
