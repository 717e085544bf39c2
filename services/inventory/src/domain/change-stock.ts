import { randomUUID } from 'node:crypto';
import {
  actorOf,
  badUserInput,
  isUuid,
  withTransaction,
  type Authenticated,
  type Identity,
  type Pool,
} from '@shopgraph/platform';
import { insertMovement, lockStockLevel, updateOnHand } from '../data/stock-repository.ts';
import type { PublishStockChange } from './changes.ts';
import type { MovementKind, StockLevel } from './model.ts';
import { authorizeStockWrite, requireStockWriter } from './product-brands.ts';

export interface SetStockInput {
  readonly productId: string;
  readonly onHand: number;
  readonly reason?: string | null;
}

export interface AdjustStockInput {
  readonly productId: string;
  readonly delta: number;
  readonly reason: string;
}

/** Who changes stock (authorized, and recorded as the movement's actor), and how it is published. */
export interface StockDeps {
  readonly pool: Pool;
  readonly identity: Identity;
  readonly publish: PublishStockChange;
}

const MAX_UNITS = 1_000_000;

function productId(raw: string): string {
  if (!isUuid(raw)) throw badUserInput(`productId "${raw}" is not a product id`, 'productId');
  return raw.toLowerCase();
}

function reason(raw: string | null | undefined, fallback: string): string {
  const r = raw?.trim() || fallback;
  if (r.length > 200) throw badUserInput('reason must be at most 200 characters', 'reason');
  return r;
}

/**
 * Sets the counted units on hand; never below what open orders have reserved. Admin, or a
 * brand for its own product (see product-brands.ts); nothing is written otherwise.
 */
export async function setStock(deps: StockDeps, input: SetStockInput): Promise<StockLevel> {
  const caller = requireStockWriter(deps.identity);
  const id = productId(input.productId);
  if (!Number.isInteger(input.onHand) || input.onHand < 0 || input.onHand > MAX_UNITS) {
    throw badUserInput(`onHand must be a whole number from 0 to ${MAX_UNITS}`, 'onHand');
  }
  const why = reason(input.reason, 'stock count');
  return change(deps, caller, id, 'SET', why, (level) => {
    if (input.onHand < level.reserved)
      throw badUserInput(`onHand ${input.onHand} is below the ${level.reserved} reserved units`, 'onHand');
    return input.onHand;
  });
}

/** Adds received units or removes written-off ones; available stays 0 or more. Authorized as setStock. */
export async function adjustStock(deps: StockDeps, input: AdjustStockInput): Promise<StockLevel> {
  const caller = requireStockWriter(deps.identity);
  const id = productId(input.productId);
  if (!Number.isInteger(input.delta) || input.delta === 0 || Math.abs(input.delta) > MAX_UNITS) {
    throw badUserInput(`delta must be a non-zero whole number from -${MAX_UNITS} to ${MAX_UNITS}`, 'delta');
  }
  const why = reason(input.reason, '');
  if (why === '') throw badUserInput('reason must not be empty', 'reason');
  return change(deps, caller, id, 'ADJUST', why, (level) => {
    const next = level.onHand + input.delta;
    if (next < level.reserved)
      throw badUserInput(
        `delta ${input.delta} would leave ${level.available + input.delta} available`,
        'delta',
      );
    if (next > MAX_UNITS) throw badUserInput(`onHand would exceed ${MAX_UNITS}`, 'delta');
    return next;
  });
}

/**
 * Authorizes the caller for the product, then locks the level, applies `next`, records the
 * movement and publishes, all in one transaction (a refusal rolls back the level's creation).
 */
async function change(
  deps: StockDeps,
  caller: Authenticated,
  id: string,
  kind: MovementKind,
  why: string,
  next: (level: StockLevel) => number,
): Promise<StockLevel> {
  return withTransaction(deps.pool, async (tx) => {
    await authorizeStockWrite(tx, caller, id);
    const before = await lockStockLevel(tx, id);
    const onHand = next(before);
    const after = await updateOnHand(tx, id, onHand);
    await insertMovement(tx, {
      id: randomUUID(),
      productId: id,
      kind,
      delta: onHand - before.onHand,
      reservedDelta: 0,
      onHandAfter: onHand,
      reason: why,
      actor: actorOf(caller),
      orderId: null,
    });
    await deps.publish(tx, { type: 'StockLevelChanged', level: after });
    return after;
  });
}
