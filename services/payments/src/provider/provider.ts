/** What a payment provider needs to know and says back; the simulated one implements it. */

import type { MethodSummary, Money } from '../domain/model.ts';

export type { MethodSummary, Money } from '../domain/model.ts';

export interface AuthorizeRequest {
  /** Sent as the provider's idempotency key: asking twice for one order holds the money once. */
  readonly orderId: string;
  readonly amount: Money;
  /** A payment method token from the checkout form (tok_visa, ...). */
  readonly token: string;
}

export type AuthorizeResult =
  | { readonly outcome: 'AUTHORIZED'; readonly reference: string; readonly method: MethodSummary }
  | { readonly outcome: 'DECLINED'; readonly reason: string; readonly method: MethodSummary | null };

export type SettleOperation = 'capture' | 'void' | 'refund';

/** A capture, void or refund of the authorization `reference`. */
export interface SettleRequest {
  /**
   * Required: the provider does an operation once per key and answers a repeat with the first
   * result, so a call retried after a crash or a timeout cannot charge twice.
   */
  readonly idempotencyKey: string;
  readonly reference: string;
  readonly amount: Money;
}

/** What the provider did (the same answer for every call with one idempotency key). */
export interface SettleResult {
  /** The provider's id of the operation. */
  readonly id: string;
  readonly operation: SettleOperation;
  readonly reference: string;
  readonly amount: Money;
}

/** The provider refused the request itself (no idempotency key, or a key reused for another request). */
export class ProviderRefusal extends Error {
  readonly code: 'IDEMPOTENCY_KEY_REQUIRED' | 'IDEMPOTENCY_KEY_REUSED';

  constructor(code: ProviderRefusal['code'], message: string) {
    super(message);
    this.name = 'ProviderRefusal';
    this.code = code;
  }
}

/** A provider's operations on an authorization, named by the reference `authorize` returned. */
export interface PaymentProvider {
  authorize(request: AuthorizeRequest): Promise<AuthorizeResult>;
  capture(request: SettleRequest): Promise<SettleResult>;
  void(request: SettleRequest): Promise<SettleResult>;
  refund(request: SettleRequest): Promise<SettleResult>;
}
