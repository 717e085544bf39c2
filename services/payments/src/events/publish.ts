import {
  outbox,
  PaymentAuthorized,
  PaymentCaptured,
  PaymentDeclined,
  PaymentRefunded,
  PaymentVoided,
} from '@shopgraph/events';
import type { PublishPaymentChange } from '../domain/changes.ts';

/** Writes a change as its event to the outbox, in the caller's transaction; subject = paymentId. */
export const publish: PublishPaymentChange = async (tx, change) => {
  const { payment } = change;
  const subject = payment.id;
  const ref = { paymentId: payment.id, orderId: payment.orderId, amount: payment.amount };
  switch (change.type) {
    case 'PaymentAuthorized':
      if (payment.method === null) throw new Error(`authorized payment ${payment.id} has no method`);
      await outbox.add(tx, PaymentAuthorized, { subject, data: { ...ref, method: payment.method } });
      return;
    case 'PaymentDeclined':
      await outbox.add(tx, PaymentDeclined, {
        subject,
        data: { ...ref, reason: payment.declineReason ?? 'declined' },
      });
      return;
    case 'PaymentCaptured':
      await outbox.add(tx, PaymentCaptured, { subject, data: ref });
      return;
    case 'PaymentVoided':
      await outbox.add(tx, PaymentVoided, { subject, data: ref });
      return;
    case 'PaymentRefunded':
      await outbox.add(tx, PaymentRefunded, { subject, data: ref });
      return;
  }
};
