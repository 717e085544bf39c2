import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AuthorizeRequest, AuthorizeResult, MethodSummary, PaymentProvider } from './provider.ts';

export interface SimulatedProviderOptions {
  /** How long `tok_slow` takes to authorize. @default 2000 */
  readonly slowDelayMs?: number;
}

type Behaviour =
  | { readonly kind: 'authorize'; readonly method: MethodSummary; readonly slow?: true }
  | { readonly kind: 'decline'; readonly method: MethodSummary; readonly reason: string };

/** The deterministic tokens (DESIGN.md "Core operations"); anything else is declined. */
export const SIMULATED_TOKENS: Readonly<Record<string, Behaviour>> = {
  tok_visa: { kind: 'authorize', method: { brand: 'visa', last4: '4242' } },
  tok_decline: { kind: 'decline', method: { brand: 'visa', last4: '0002' }, reason: 'card declined' },
  tok_slow: { kind: 'authorize', method: { brand: 'mastercard', last4: '4444' }, slow: true },
};

export const UNKNOWN_TOKEN_REASON = 'unknown payment method';
export const INVALID_AMOUNT_REASON = 'invalid amount';

/** Same order, same reference: what a real provider's idempotency key gives. */
const referenceFor = (orderId: string) =>
  `sim_auth_${createHash('sha256').update(orderId).digest('hex').slice(0, 24)}`;

/**
 * A stand-in for a card provider with deterministic outcomes per token, so the saga can be
 * exercised end to end without a network. Capture, void and refund always succeed.
 */
export function simulatedProvider(opts: SimulatedProviderOptions = {}): PaymentProvider {
  const slowDelayMs = opts.slowDelayMs ?? 2_000;
  return {
    async authorize(request: AuthorizeRequest): Promise<AuthorizeResult> {
      const behaviour = Object.hasOwn(SIMULATED_TOKENS, request.token)
        ? SIMULATED_TOKENS[request.token]
        : undefined;
      if (!behaviour) return { outcome: 'DECLINED', reason: UNKNOWN_TOKEN_REASON, method: null };
      if (!Number.isInteger(request.amount.amount) || request.amount.amount <= 0)
        return { outcome: 'DECLINED', reason: INVALID_AMOUNT_REASON, method: behaviour.method };
      if (behaviour.kind === 'decline')
        return { outcome: 'DECLINED', reason: behaviour.reason, method: behaviour.method };
      if (behaviour.slow) await sleep(slowDelayMs);
      return { outcome: 'AUTHORIZED', reference: referenceFor(request.orderId), method: behaviour.method };
    },
    capture: async () => undefined,
    void: async () => undefined,
    refund: async () => undefined,
  };
}
