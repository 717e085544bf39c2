import { describe, expect, it } from 'vitest';
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

  it('when the token is tok_slow, then it authorizes only after the configured delay', async () => {
    const started = performance.now();
    const result = await provider.authorize({ orderId: ORDER, amount: EUR(100), token: 'tok_slow' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
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
