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

/** A provider's operations on an authorization, named by the reference `authorize` returned. */
export interface PaymentProvider {
  authorize(request: AuthorizeRequest): Promise<AuthorizeResult>;
  capture(reference: string, amount: Money): Promise<void>;
  void(reference: string): Promise<void>;
  refund(reference: string, amount: Money): Promise<void>;
}
