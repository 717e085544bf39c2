import { Counter, type Registry } from '@shopgraph/platform';
import type { PaymentChange } from './domain/changes.ts';

const OUTCOME: Record<PaymentChange['type'], string> = {
  PaymentAuthorized: 'authorized',
  PaymentDeclined: 'declined',
  PaymentCaptured: 'captured',
  PaymentVoided: 'voided',
  PaymentRefunded: 'refunded',
};

/**
 * shopgraph_payments_total{outcome}: payment steps by outcome, counted after the transaction that
 * recorded the step committed (the authorizer's and the settler's).
 */
export function paymentOutcomes(registry: Registry): (change: PaymentChange) => void {
  const counter = new Counter({
    name: 'shopgraph_payments_total',
    help: 'Payment steps by outcome (authorized|declined|captured|voided|refunded).',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  for (const outcome of Object.values(OUTCOME)) counter.inc({ outcome }, 0);
  return (change) => counter.inc({ outcome: OUTCOME[change.type] });
}
