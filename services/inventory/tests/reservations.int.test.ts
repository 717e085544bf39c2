import { randomUUID } from 'node:crypto';
import {
  createLogger,
  createPool,
  runMigrations,
  stableUuid,
  withTransaction,
  type Pool,
} from '@shopgraph/platform';
import { createTestDatabase, type TestDatabase } from '@shopgraph/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { commitOrder, releaseOrder, reserveOrder, type Line } from '../src/domain/reservations.ts';
import { publish } from '../src/events/publish.ts';
import { migrations } from '../src/server.ts';

const SHIRT = stableUuid('product', 'RES-SHIRT-001');
const SOCKS = stableUuid('product', 'RES-SOCKS-001');

describe('checkout reservations (real PostgreSQL)', () => {
  let db: TestDatabase;
  let pool: Pool;

  const setOnHand = (productId: string, onHand: number) =>
    pool.query(
      `INSERT INTO stock_levels (product_id, on_hand) VALUES ($1, $2)
       ON CONFLICT (product_id) DO UPDATE SET on_hand = $2, reserved = 0`,
      [productId, onHand],
    );
  const level = async (productId: string) =>
    (
      await pool.query(
        'SELECT on_hand AS "onHand", reserved, available FROM stock_levels WHERE product_id = $1',
        [productId],
      )
    ).rows[0] as { onHand: number; reserved: number; available: number };
  const outboxTypes = async () =>
    (await pool.query<{ type: string }>('SELECT type FROM outbox ORDER BY seq')).rows.map(
      (r) => r.type.split('.')[2],
    );
  const reserve = (orderId: string, lines: Line[]) =>
    withTransaction(pool, (tx) => reserveOrder(tx, publish, orderId, lines));

  beforeAll(async () => {
    db = await createTestDatabase('reservations');
    pool = createPool({
      url: db.url,
      max: 20,
      logger: createLogger('test', 'silent'),
      applicationName: 'test',
    });
    await runMigrations(pool, migrations, createLogger('test', 'silent'));
  });
  beforeEach(async () => {
    await pool.query('TRUNCATE stock_movements, stock_reservations, stock_levels, outbox CASCADE');
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  it('when every line fits, then all are reserved, StockReserved and level changes are published', async () => {
    await setOnHand(SHIRT, 5);
    await setOnHand(SOCKS, 2);
    const order = randomUUID();
    const outcome = await reserve(order, [
      { productId: SHIRT, quantity: 2 },
      { productId: SOCKS, quantity: 2 },
      { productId: SHIRT, quantity: 1 },
    ]);
    expect(outcome.kind).toBe('reserved');
    expect(await level(SHIRT)).toEqual({ onHand: 5, reserved: 3, available: 2 });
    expect(await level(SOCKS)).toEqual({ onHand: 2, reserved: 2, available: 0 });
    expect(await outboxTypes()).toEqual(['StockLevelChanged', 'StockLevelChanged', 'StockReserved']);
  });

  it('when one line is short, then nothing is reserved and the rejection names the short line', async () => {
    await setOnHand(SHIRT, 5);
    await setOnHand(SOCKS, 1);
    const outcome = await reserve(randomUUID(), [
      { productId: SHIRT, quantity: 1 },
      { productId: SOCKS, quantity: 3 },
    ]);
    expect(outcome).toEqual({
      kind: 'rejected',
      shortLines: [{ productId: SOCKS, requested: 3, available: 1 }],
    });
    expect(await level(SHIRT)).toEqual({ onHand: 5, reserved: 0, available: 5 });
    expect(await outboxTypes()).toEqual(['StockReservationRejected']);
  });

  it('when the same order is reserved twice, then the second time changes nothing', async () => {
    await setOnHand(SHIRT, 5);
    const order = randomUUID();
    await reserve(order, [{ productId: SHIRT, quantity: 2 }]);
    expect(await reserve(order, [{ productId: SHIRT, quantity: 2 }])).toEqual({ kind: 'already-handled' });
    expect((await level(SHIRT)).reserved).toBe(2);
  });

  it('when 50 orders race for the last 10 units, then exactly 10 are reserved and available never goes negative', async () => {
    await setOnHand(SHIRT, 10);
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, () => reserve(randomUUID(), [{ productId: SHIRT, quantity: 1 }])),
    );
    expect(outcomes.filter((o) => o.kind === 'reserved')).toHaveLength(10);
    expect(outcomes.filter((o) => o.kind === 'rejected')).toHaveLength(40);
    expect(await level(SHIRT)).toEqual({ onHand: 10, reserved: 10, available: 0 });
    const open = await pool.query("SELECT count(*)::int AS n FROM stock_reservations WHERE status = 'OPEN'");
    expect(open.rows[0].n).toBe(10);
  });

  it('when an order is released, then its units are available again, once', async () => {
    await setOnHand(SHIRT, 4);
    const order = randomUUID();
    await reserve(order, [{ productId: SHIRT, quantity: 3 }]);
    const release = () => withTransaction(pool, (tx) => releaseOrder(tx, publish, order, 'payment declined'));
    expect(await release()).toBe(1);
    expect(await release()).toBe(0);
    expect(await level(SHIRT)).toEqual({ onHand: 4, reserved: 0, available: 4 });
    expect((await outboxTypes()).filter((t) => t === 'StockReleased')).toHaveLength(1);
  });

  it('when a shipment is dispatched, then on hand and reserved both drop and the audit trail balances', async () => {
    await setOnHand(SHIRT, 6);
    const order = randomUUID();
    await reserve(order, [{ productId: SHIRT, quantity: 4 }]);
    expect(await withTransaction(pool, (tx) => commitOrder(tx, publish, order))).toBe(1);
    expect(await withTransaction(pool, (tx) => releaseOrder(tx, publish, order, 'too late'))).toBe(0);
    expect(await level(SHIRT)).toEqual({ onHand: 2, reserved: 0, available: 2 });
    const trail = await pool.query(
      'SELECT sum(delta)::int AS "onHand", sum(reserved_delta)::int AS reserved FROM stock_movements WHERE product_id = $1',
      [SHIRT],
    );
    // The initial 6 was set directly (no movement); the trail holds reserve + commit.
    expect(trail.rows[0]).toEqual({ onHand: -4, reserved: 0 });
  });
});
