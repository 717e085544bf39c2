import { fileURLToPath } from 'node:url';
import { eventsMigrations, serviceEvents } from '@shopgraph/events';
import { createSubgraphService, type SubgraphService } from '@shopgraph/platform';
import type { CustomersConfig } from './config.ts';
import { createContext } from './context.ts';
import { resolvers } from './resolvers/index.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
export const schemaPath = here('../schema.graphql');
/** Migrations in the order they apply: the outbox and inbox tables first. */
export const migrations = [eventsMigrations, here('../migrations')];

/** Builds the customers subgraph; `start()` listens and returns its URL. */
export function createCustomersService(config: CustomersConfig): SubgraphService {
  return createSubgraphService(
    {
      name: 'customers',
      schemaPath,
      migrations,
      resolvers,
      context: (base) => createContext(base, config),
      // The outbox relay (AddressAdded); customers consumes nothing.
      background: serviceEvents({ service: 'customers' }),
    },
    config,
  );
}
