import { randomUUID } from 'node:crypto';
import type { PoolClient } from '@shopgraph/platform';
import {
  closeReservations,
  insertReservation,
  lockLevels,
  lockOpenReservations,
  orderHasReservations,
  shiftLevel,
} from '../data/reservation-repository.ts';
import { insertMovement } from '../data/stock-repository.ts';
import type { PublishStockChange } from './changes.ts';
import type { Line, MovementKind, ShortLine } from './model.ts';

export type { Line, ShortLine } from './model.ts';

export type ReservationOutcome =
  | { readonly kind: 'reserved'; readonly lines: readonly Line[] }
  | { readonly kind: 'rejected'; readonly shortLines: readonly ShortLine[] }
  | { readonly kind: 'already-handled' };

const ACTOR = 'checkout';

/** Sums quantities per product, so an order naming a product twice reserves it once. */
function merge(lines: readonly Line[]): Line[] {
  const byProduct = new Map<string, number>();
  for (const l of lines) byProduct.set(l.productId, (byProduct.get(l.productId) ?? 0) + l.quantity);
  return [...byProduct].map(([productId, quantity]) => ({ productId, quantity }));
}

/**
 * Reserves every line of an order or none: the levels are locked in product order, every line
 * is checked against `available`, and only if all fit are they reserved. A replay of the same
 * order (any outcome recorded before) changes nothing.
 */
export async function reserveOrder(
  tx: PoolClient,
  publish: PublishStockChange,
  orderId: string,
  orderLines: readonly Line[],
): Promise<ReservationOutcome> {
  if (await orderHasReservations(tx, orderId)) return { kind: 'already-handled' };
  const lines = merge(orderLines);
  const levels = await lockLevels(
    tx,
    lines.map((l) => l.productId),
  );
  const shortLines = lines
    .map((l) => ({
      productId: l.productId,
      requested: l.quantity,
      available: levels.get(l.productId)?.available ?? 0,
    }))
    .filter((l) => l.available < l.requested);
  if (shortLines.length > 0) {
    await publish(tx, { type: 'StockReservationRejected', orderId, shortLines });
    return { kind: 'rejected', shortLines };
  }
  for (const line of lines) {
    await insertReservation(tx, orderId, line.productId, line.quantity);
    await record(tx, publish, orderId, line, 'RESERVE', 0, line.quantity, 'reserved for order');
  }
  await publish(tx, { type: 'StockReserved', orderId, lines });
  return { kind: 'reserved', lines };
}

/** Gives an order's open reservations back (payment declined, order cancelled). */
export async function releaseOrder(
  tx: PoolClient,
  publish: PublishStockChange,
  orderId: string,
  reason: string,
): Promise<number> {
  const open = await lockOpenReservations(tx, orderId);
  if (open.length === 0) return 0;
  await lockLevels(
    tx,
    open.map((r) => r.productId),
  );
  for (const r of open) await record(tx, publish, orderId, r, 'RELEASE', 0, -r.quantity, reason);
  await closeReservations(tx, orderId, 'RELEASED');
  await publish(tx, { type: 'StockReleased', orderId, reason, lines: open });
  return open.length;
}

/** Reserved units left the warehouse: on hand and reserved both go down. */
export async function commitOrder(
  tx: PoolClient,
  publish: PublishStockChange,
  orderId: string,
): Promise<number> {
  const open = await lockOpenReservations(tx, orderId);
  if (open.length === 0) return 0;
  await lockLevels(
    tx,
    open.map((r) => r.productId),
  );
  for (const r of open)
    await record(tx, publish, orderId, r, 'COMMIT', -r.quantity, -r.quantity, 'shipment dispatched');
  await closeReservations(tx, orderId, 'COMMITTED');
  await publish(tx, { type: 'StockCommitted', orderId, lines: open });
  return open.length;
}

async function record(
  tx: PoolClient,
  publish: PublishStockChange,
  orderId: string,
  line: Line,
  kind: MovementKind,
  onHandDelta: number,
  reservedDelta: number,
  reason: string,
): Promise<void> {
  const level = await shiftLevel(tx, line.productId, onHandDelta, reservedDelta);
  await insertMovement(tx, {
    id: randomUUID(),
    productId: line.productId,
    kind,
    delta: onHandDelta,
    reservedDelta,
    onHandAfter: level.onHand,
    reason,
    actor: ACTOR,
    orderId,
  });
  await publish(tx, { type: 'StockLevelChanged', level });
}
