import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { memoryLedger, type ProviderLedger } from './ledger.ts';
import {
  ProviderRefusal,
  type AuthorizeRequest,
  type AuthorizeResult,
  type MethodSummary,
  type PaymentProvider,
  type SettleOperation,
  type SettleRequest,
  type SettleResult,
} from './provider.ts';

export interface SimulatedProviderOptions {
  /** How long `tok_slow` takes to authorize. @default 2000 */
  readonly slowDelayMs?: number;
  /**
   * Where the provider keeps what it did (capture, void, refund), one entry per idempotency key;
   * `postgresLedger` survives a crash of the caller. @default memoryLedger()
   */
  readonly ledger?: ProviderLedger;
  /**
   * How long the answer to a capture, void or refund takes after the provider has done it (the
   * way back over a network: a caller that dies meanwhile never hears of it). @default 0
   */
  readonly settleLatencyMs?: number;
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

const operationId = (operation: SettleOperation, key: string) =>
  `sim_${operation}_${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;

/**
 * A stand-in for a card provider with deterministic outcomes per token, so the saga can be
 * exercised end to end without a network. Capture, void and refund always succeed, once per
 * idempotency key: a repeat returns the first result and does nothing; a call without a key, or
 * a key reused for a different request, is refused (ProviderRefusal), as real providers do.
 */
export function simulatedProvider(opts: SimulatedProviderOptions = {}): PaymentProvider {
  const slowDelayMs = opts.slowDelayMs ?? 2_000;
  const ledger = opts.ledger ?? memoryLedger();
  const settle = async (operation: SettleOperation, request: SettleRequest): Promise<SettleResult> => {
    const key = request.idempotencyKey;
    if (typeof key !== 'string' || key.trim() === '')
      throw new ProviderRefusal('IDEMPOTENCY_KEY_REQUIRED', `${operation} needs an idempotency key`);
    const first = await ledger.record({
      idempotencyKey: key,
      id: operationId(operation, key),
      operation,
      reference: request.reference,
      amount: request.amount,
    });
    const same =
      first.operation === operation &&
      first.reference === request.reference &&
      first.amount.amount === request.amount.amount &&
      first.amount.currency === request.amount.currency;
    if (!same)
      throw new ProviderRefusal(
        'IDEMPOTENCY_KEY_REUSED',
        `idempotency key ${key} was used for another request (${first.operation} of ${first.reference})`,
      );
    if (opts.settleLatencyMs) await sleep(opts.settleLatencyMs);
    return { id: first.id, operation, reference: first.reference, amount: first.amount };
  };
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
    capture: (request) => settle('capture', request),
    void: (request) => settle('void', request),
    refund: (request) => settle('refund', request),
  };
}
