import type { EventDefinition } from '../define-event.ts';
import * as brands from './brands.ts';
import * as customers from './customers.ts';
import * as fulfillment from './fulfillment.ts';
import * as inventory from './inventory.ts';
import * as orders from './orders.ts';
import * as payments from './payments.ts';
import * as products from './products.ts';

export * from './brands.ts';
export * from './products.ts';
export * from './inventory.ts';
export * from './customers.ts';
export * from './orders.ts';
export * from './payments.ts';
export * from './fulfillment.ts';
export { AddressSnapshot, Money, OrderLineRef, ShortLine } from './shared.ts';

/**
 * Every published event version. Adding an event: define it in `<producer>.ts`, then run
 * `node packages/events/scripts/write-baselines.ts` to commit its schema baseline.
 */
export const catalog: readonly EventDefinition[] = [
  brands,
  products,
  inventory,
  customers,
  orders,
  payments,
  fulfillment,
].flatMap((m) =>
  Object.values(m).filter(
    (v): v is EventDefinition => typeof v === 'object' && v !== null && 'type' in v && 'schema' in v,
  ),
);
