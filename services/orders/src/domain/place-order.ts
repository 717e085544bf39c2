import { randomUUID } from 'node:crypto';
import { badUserInput, requireRole, withTransaction, type Identity, type Pool } from '@shopgraph/platform';
import { findOrderByKey, insertOrder } from '../data/order-repository.ts';
import type { Order } from './model.ts';
import { findKnownAddress, findKnownProducts } from '../data/read-model-repository.ts';
import type { OrderEffects } from './changes.ts';
import { priceLines, validateRequest, type PlaceOrderInput } from './validate-order.ts';

/**
 * Places an order for the calling customer. The same (customer, idempotencyKey) always returns
 * the same order: a retry finds it before validating (its products may have changed since), and
 * concurrent first calls race on the unique constraint, where exactly one inserts (and
 * publishes OrderPlaced) and the others read its order. Bad input writes nothing.
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

  const address = await findKnownAddress(pool, input.shippingAddressId);
  if (address === null || address.customerId !== customerId)
    throw badUserInput(
      'not one of your addresses (an address just added may take a moment to be usable here)',
      'shippingAddressId',
    );
  const { lines, total } = priceLines(
    input.lines,
    await findKnownProducts(
      pool,
      input.lines.map((l) => l.productId),
    ),
  );
  const { id: _, customerId: __, ...shippingAddress } = address;

  return withTransaction(pool, async (tx) => {
    const order = await insertOrder(tx, {
      id,
      customerId,
      idempotencyKey: input.idempotencyKey,
      total,
      paymentToken: input.paymentToken,
      shippingAddress,
      lines: lines.map((l) => ({
        productId: l.productId,
        quantity: l.quantity,
        unitAmount: l.unitPrice.amount,
      })),
    });
    // Lost the race: the winner has committed (ON CONFLICT waited for it), so this reads it.
    if (order === null) return (await findOrderByKey(tx, customerId, input.idempotencyKey))!;
    await effects.publish(tx, { type: 'placed', order, lines });
    effects.observe(null, 'PENDING', order);
    return order;
  });
}
