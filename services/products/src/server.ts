import { fileURLToPath } from 'node:url';
import { eventsMigrations } from '@shopgraph/events';
import { createSubgraphService, type SubgraphService } from '@shopgraph/platform';
import type { ProductsConfig } from './config.ts';
import { contextFactory } from './context.ts';
import { startEvents } from './events/background.ts';
import { publishChanges } from './events/publish.ts';
import { resolvers } from './resolvers/index.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
export const schemaPath = here('../schema.graphql');
/** Migrations in the order they apply: the outbox and inbox tables first. */
export const migrations = [eventsMigrations, here('../migrations')];

/** Builds the products subgraph; `start()` listens and returns its URL. */
export function createProductsService(config: ProductsConfig): SubgraphService {
  return createSubgraphService(
    {
      name: 'products',
      schemaPath,
      migrations,
      resolvers,
      context: contextFactory(publishChanges),
      background: startEvents(config.consumerGroup ?? 'shopgraph.products'),
    },
    config,
  );
}
