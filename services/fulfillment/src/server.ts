import { fileURLToPath } from 'node:url';
import { eventsMigrations, serviceEvents } from '@shopgraph/events';
import { createSubgraphService, type SubgraphService } from '@shopgraph/platform';
import type { FulfillmentConfig } from './config.ts';
import { contextFactory } from './context.ts';
import { fulfillmentHandlers } from './events/handlers.ts';
import { publishShipmentChange } from './events/publish.ts';
import { resolvers } from './resolvers/index.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
export const schemaPath = here('../schema.graphql');
/** Migrations in the order they apply: the outbox and inbox tables first. */
export const migrations = [eventsMigrations, here('../migrations')];

/** Builds the fulfillment subgraph; `start()` listens and returns its URL. */
export function createFulfillmentService(config: FulfillmentConfig): SubgraphService {
  return createSubgraphService(
    {
      name: 'fulfillment',
      schemaPath,
      migrations,
      resolvers,
      context: contextFactory(config.defaultCarrier, publishShipmentChange),
      background: serviceEvents({
        service: 'fulfillment',
        group: config.consumerGroup,
        handlers: fulfillmentHandlers,
      }),
    },
    config,
  );
}
