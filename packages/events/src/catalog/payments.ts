import { Type } from '@sinclair/typebox';
import { defineEvent } from '../define-event.ts';
import { Money } from './shared.ts';

// subject = paymentId; at most one payment per order, so per-order order holds too.
const Uuid = Type.String({ format: 'uuid' });
const Ref = { paymentId: Uuid, orderId: Uuid, amount: Money };

/** The provider authorized the amount (not yet captured). */
export const PaymentAuthorized = defineEvent({
  producer: 'payments',
  name: 'PaymentAuthorized',
  version: 1,
  data: Type.Object({ ...Ref, method: Type.Object({ brand: Type.String(), last4: Type.String() }) }),
});

/** The provider declined; `reason` is safe to show the shopper. */
export const PaymentDeclined = defineEvent({
  producer: 'payments',
  name: 'PaymentDeclined',
  version: 1,
  data: Type.Object({ ...Ref, reason: Type.String() }),
});

/** The authorized amount was captured (on dispatch). */
export const PaymentCaptured = defineEvent({
  producer: 'payments',
  name: 'PaymentCaptured',
  version: 1,
  data: Type.Object(Ref),
});

/** An authorization was released without charging (cancel before capture). */
export const PaymentVoided = defineEvent({
  producer: 'payments',
  name: 'PaymentVoided',
  version: 1,
  data: Type.Object(Ref),
});

/** A captured amount was paid back (cancel after capture). */
export const PaymentRefunded = defineEvent({
  producer: 'payments',
  name: 'PaymentRefunded',
  version: 1,
  data: Type.Object(Ref),
});
