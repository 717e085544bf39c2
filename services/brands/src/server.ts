import { fileURLToPath } from 'node:url';
import { eventsMigrations } from '@shopgraph/events';
import { createSubgraphService, type ServiceConfig, type SubgraphService } from '@shopgraph/platform';
import { createContext } from './context.ts';
import { resolvers } from './resolvers/index.ts';
import { startBrandsEvents } from './events/background.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
export const schemaPath = here('../schema.graphql');
/** Migrations in the order they apply: the events package's outbox/inbox first, then brands'. */
export const migrations = [eventsMigrations, here('../migrations')];

/** Builds the brands subgraph; `start()` listens and returns its URL. */
export function createBrandsService(config: ServiceConfig): SubgraphService {
  return createSubgraphService(
    { name: 'brands', schemaPath, migrations, resolvers, context: createContext, background: startBrandsEvents },
    config,
  );
}
