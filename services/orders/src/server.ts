import { fileURLToPath } from 'node:url';
import { eventsMigrations } from '@shopgraph/events';
import { createSubgraphService, type SubgraphService } from '@shopgraph/platform';
import { ordersDefaults, type OrdersConfig } from './config.ts';
import { contextFactory } from './context.ts';
import type { OrderEffects } from './domain/effects.ts';
import { startBackground } from './events/background.ts';
import { publishChange } from './events/publish.ts';
import { orderMetrics } from './metrics.ts';
import { resolvers } from './resolvers/index.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
export const schemaPath = here('../schema.graphql');
/** Migrations in the order they apply: the outbox and inbox tables first. */
export const migrations = [eventsMigrations, here('../migrations')];

export interface OrdersService extends SubgraphService {
  /** The effects the use cases run with (tests call handlers and the sweeper through them). */
  readonly effects: OrderEffects;
}

/** Builds the orders subgraph; `start()` listens and returns its URL. */
export function createOrdersService(config: OrdersConfig): OrdersService {
  // The metrics registry exists once the service does; requests and the background start later.
  const holder: { effects?: OrderEffects } = {};
  const current = (): OrderEffects => holder.effects!;
  const service = createSubgraphService(
    {
      name: 'orders',
      schemaPath,
      migrations,
      resolvers,
      context: contextFactory(current),
      background: (deps) =>
        startBackground(current(), {
          group: config.consumerGroup ?? ordersDefaults.consumerGroup,
          pendingTimeoutMs: config.pendingTimeoutMs ?? ordersDefaults.pendingTimeoutMs,
          sweepIntervalMs: config.sweepIntervalMs ?? ordersDefaults.sweepIntervalMs,
        })(deps),
    },
    config,
  );
  const effects: OrderEffects = { publish: publishChange, observe: orderMetrics(service.metrics) };
  holder.effects = effects;
  return Object.assign(service, { effects });
}
