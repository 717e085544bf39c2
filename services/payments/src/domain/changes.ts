import type { Publisher } from '@shopgraph/platform';
import type { Payment } from './model.ts';

/** What a saga step did to a payment; events/publish.ts writes it as the event of the same name. */
export interface PaymentChange {
  readonly type:
    'PaymentAuthorized' | 'PaymentDeclined' | 'PaymentCaptured' | 'PaymentVoided' | 'PaymentRefunded';
  readonly payment: Payment;
}

export type PublishPaymentChange = Publisher<PaymentChange>;
