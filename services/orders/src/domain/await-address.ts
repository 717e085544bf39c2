import type { PoolClient } from '@shopgraph/platform';
import {
  findLinesByOrderIds,
  lockAddressId,
  lockOrdersAwaitingAddress,
  setShippingAddress,
} from '../data/order-repository.ts';
import { upsertKnownAddress } from '../data/read-model-repository.ts';
import type { OrderEffects } from './changes.ts';
import type { KnownAddress } from './model.ts';
import { snapshotOf } from './place-order.ts';
import { applyTransition } from './transition.ts';

export const FOREIGN_ADDRESS_REASON = 'the shipping address is not one of the customer’s addresses';
export const UNKNOWN_ADDRESS_REASON =
  'the shipping address never became known (not one of the customer’s addresses)';

/**
 * AddressAdded: records the address, then releases the orders placed while it was on its way
 * (under the address id's lock, which placeOrder takes when it does not find it): each gets
 * the snapshot and its OrderPlaced, so the saga starts. An order that named another customer's
 * address is cancelled with a reason instead.
 */
export async function recordAddressAndRelease(
  tx: PoolClient,
  effects: OrderEffects,
  address: KnownAddress,
): Promise<void> {
  await lockAddressId(tx, address.id);
  await upsertKnownAddress(tx, address);
  for (const waiting of await lockOrdersAwaitingAddress(tx, address.id)) {
    if (waiting.customerId !== address.customerId) {
      await applyTransition(tx, effects, waiting.id, { to: 'CANCELLED', reason: FOREIGN_ADDRESS_REASON });
      continue;
    }
    const order = await setShippingAddress(tx, waiting.id, snapshotOf(address));
    const lines = await findLinesByOrderIds(tx, [order.id]);
    await effects.publish(tx, { type: 'placed', order, lines });
  }
}
