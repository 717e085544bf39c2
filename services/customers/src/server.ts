import { fileURLToPath } from 'node:url';
import { createSubgraphService, type SubgraphService } from '@shopgraph/platform';
import type { CustomersConfig } from './config.ts';
import { createContext } from './context.ts';
import { resolvers } from './resolvers/index.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
export const schemaPath = here('../schema.graphql');
/** Migrations in the order they apply. */
export const migrations = [here('../migrations')];

/** Builds the customers subgraph; `start()` listens and returns its URL. */
export function createCustomersService(config: CustomersConfig): SubgraphService {
  return createSubgraphService(
    { name: 'customers', schemaPath, migrations, resolvers, context: (base) => createContext(base, config) },
    config,
  );
}
