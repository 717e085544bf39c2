import type { Payment } from '../data/payment-repository.ts';

/** What a saga step did to a payment; published as the event of the same name. */
export interface PaymentChange {
  readonly type:
    'PaymentAuthorized' | 'PaymentDeclined' | 'PaymentCaptured' | 'PaymentVoided' | 'PaymentRefunded';
  readonly payment: Payment;
}
