import { fileURLToPath } from 'node:url';
import { eventsMigrations } from '@shopgraph/events';
import { createSubgraphService, type ServiceConfig, type SubgraphService } from '@shopgraph/platform';
import { contextFactory } from './context.ts';
import { startEvents } from './events/background.ts';
import { publishStockLevel } from './events/publish.ts';
import { resolvers } from './resolvers/index.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
export const schemaPath = here('../schema.graphql');
/** Migrations in the order they apply: the outbox and inbox tables first. */
export const migrations = [eventsMigrations, here('../migrations')];

/** Builds the inventory subgraph; `start()` listens and returns its URL. */
export function createInventoryService(config: ServiceConfig): SubgraphService {
  return createSubgraphService(
    {
      name: 'inventory',
      schemaPath,
      migrations,
      resolvers,
      context: contextFactory(publishStockLevel),
      background: startEvents,
    },
    config,
  );
}
