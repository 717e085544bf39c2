import { randomUUID } from 'node:crypto';
import {
  badUserInput,
  requireRole,
  withTransaction,
  type Identity,
  type Pool,
  type PoolClient,
} from '@shopgraph/platform';
import { findOrderByKey, insertOrder, lockAddressId } from '../data/order-repository.ts';
import type { AddressSnapshot, KnownAddress, Order } from './model.ts';
import { findKnownAddress, findKnownProducts } from '../data/read-model-repository.ts';
import type { OrderEffects } from './changes.ts';
import { priceLines, validateRequest, type PlaceOrderInput } from './validate-order.ts';

/**
 * Places an order for the calling customer. The same (customer, idempotencyKey) always returns
 * the same order: a retry finds it before validating (its products may have changed since), and
 * concurrent first calls race on the unique constraint, where exactly one inserts (and
 * publishes OrderPlaced) and the others read its order. Bad input writes nothing.
 *
 * The shipping address comes from the read model fed by AddressAdded. An address the read
 * model does not know yet (added a moment ago) is not refused: the order is written PENDING and
 * waits, unannounced, until AddressAdded arrives (then OrderPlaced starts the saga) or the
 * sweeper cancels it after ORDER_ADDRESS_WAIT_MS. Another customer's known address is refused.
 */
export async function placeOrder(
  pool: Pool,
  effects: OrderEffects,
  identity: Identity,
  raw: PlaceOrderInput,
  id: string = randomUUID(),
): Promise<Order> {
  const { customerId } = requireRole(identity, 'customer');
  const input = validateRequest(raw);
  const existing = await findOrderByKey(pool, customerId, input.idempotencyKey);
  if (existing) return existing;

  const { lines, total } = priceLines(
    input.lines,
    await findKnownProducts(
      pool,
      input.lines.map((l) => l.productId),
    ),
  );

  return withTransaction(pool, async (tx) => {
    const address = await knownAddress(tx, input.shippingAddressId);
    if (address !== null && address.customerId !== customerId)
      throw badUserInput('not one of your addresses', 'shippingAddressId');
    const order = await insertOrder(tx, {
      id,
      customerId,
      idempotencyKey: input.idempotencyKey,
      total,
      paymentToken: input.paymentToken,
      shippingAddress: address && snapshotOf(address),
      awaitingAddressId: address === null ? input.shippingAddressId : null,
      lines: lines.map((l) => ({
        productId: l.productId,
        quantity: l.quantity,
        unitAmount: l.unitPrice.amount,
      })),
    });
    // Lost the race: the winner has committed (ON CONFLICT waited for it), so this reads it.
    if (order === null) return (await findOrderByKey(tx, customerId, input.idempotencyKey))!;
    // Waiting for its address: OrderPlaced follows when AddressAdded arrives (await-address.ts).
    if (address !== null) await effects.publish(tx, { type: 'placed', order, lines });
    effects.observe(null, 'PENDING', order);
    return order;
  });
}

/**
 * The address from the read model; when it is not there yet, looked up again under the address
 * id's lock, which AddressAdded's handler takes too: either the address is there now, or the
 * handler runs after this transaction commits and finds the order waiting.
 */
async function knownAddress(tx: PoolClient, addressId: string): Promise<KnownAddress | null> {
  const known = await findKnownAddress(tx, addressId);
  if (known !== null) return known;
  await lockAddressId(tx, addressId);
  return findKnownAddress(tx, addressId);
}

export const snapshotOf = ({ id: _, customerId: __, ...snapshot }: KnownAddress): AddressSnapshot => snapshot;
