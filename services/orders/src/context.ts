import { uuidLoader, DataLoader, type ServiceDeps, type SubgraphContext } from '@shopgraph/platform';
import type { OrdersConfig } from './config.ts';
import { findHistoryByOrderIds, findLinesByOrderIds, findOrdersByIds } from './data/order-repository.ts';
import type { OrderEffects } from './domain/changes.ts';
import type { Order, OrderLine, StatusChange } from './domain/model.ts';
import { orderEffects } from './events/publish.ts';

export interface OrdersContext extends SubgraphContext {
  /** Event publishing and metrics for the use cases. */
  readonly effects: OrderEffects;
  /** Orders by id, batched per request (one query per `_entities` call). */
  readonly orderById: DataLoader<string, Order | null>;
  /** Each order's lines; one query for every order in the response. */
  readonly linesByOrderId: DataLoader<string, OrderLine[]>;
  readonly historyByOrderId: DataLoader<string, StatusChange[]>;
}

const groupBy = <T extends { orderId: string }>(ids: readonly string[], rows: readonly T[]): T[][] => {
  const byId = new Map<string, T[]>(ids.map((id) => [id, []]));
  for (const row of rows) byId.get(row.orderId)?.push(row);
  return ids.map((id) => byId.get(id) ?? []);
};

/** Each request's context: fresh loaders over the shared pool, and the use cases' effects. */
export function createContext(_config: OrdersConfig, deps: ServiceDeps) {
  const effects = orderEffects(deps);
  return (base: SubgraphContext): OrdersContext => ({
    ...base,
    effects,
    orderById: uuidLoader(
      (ids) => findOrdersByIds(base.pool, ids),
      (order) => order.id,
    ),
    linesByOrderId: new DataLoader(async (ids: readonly string[]) =>
      groupBy(ids, await findLinesByOrderIds(base.pool, ids)),
    ),
    historyByOrderId: new DataLoader(async (ids: readonly string[]) =>
      groupBy(ids, await findHistoryByOrderIds(base.pool, ids)),
    ),
  });
}
