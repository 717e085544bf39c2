import type { Money as EventMoney } from '@shopgraph/events';
import type { PaymentStatus } from './payment-rules.ts';

export type Money = Readonly<EventMoney>;

/** What is safe to show about the method used (never card data). */
export interface MethodSummary {
  readonly brand: string;
  readonly last4: string;
}

/** An order's one payment, as the use cases return it. */
export interface Payment {
  readonly id: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly amount: Money;
  readonly status: PaymentStatus;
  readonly method: MethodSummary | null;
  readonly declineReason: string | null;
  readonly providerRef: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface NewPayment {
  readonly id: string;
  readonly orderId: string;
  readonly customerId: string;
  readonly amount: Money;
  readonly status: 'AUTHORIZED' | 'DECLINED';
  readonly method: MethodSummary | null;
  readonly declineReason: string | null;
  readonly providerRef: string | null;
}

/** What payments knows of an order before (and besides) its payment. */
export interface PaymentOrder {
  readonly orderId: string;
  readonly customerId: string | null;
  readonly amount: number | null;
  readonly currency: string | null;
  readonly paymentToken: string | null;
  readonly placedAt: Date | null;
  readonly stockReservedAt: Date | null;
  readonly cancelledAt: Date | null;
  readonly authorizationDoneAt: Date | null;
}

export interface PlacedOrder {
  readonly orderId: string;
  readonly customerId: string;
  readonly amount: number;
  readonly currency: string;
  readonly paymentToken: string;
}

/** Order as payments exposes it: only its id (orders owns the rest). */
export interface OrderRef {
  readonly id: string;
}
