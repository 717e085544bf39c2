import { fileURLToPath } from 'node:url';
import { createSubgraphService, type ServiceConfig, type SubgraphService } from '@shopgraph/platform';
import { contextFactory } from './context.ts';
import { publishNothing } from './domain/change-stock.ts';
import { resolvers } from './resolvers/index.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
export const schemaPath = here('../schema.graphql');
/** Migrations in the order they apply. */
export const migrations = [here('../migrations')];

/** Builds the inventory subgraph; `start()` listens and returns its URL. */
export function createInventoryService(config: ServiceConfig): SubgraphService {
  return createSubgraphService(
    { name: 'inventory', schemaPath, migrations, resolvers, context: contextFactory(publishNothing) },
    config,
  );
}
