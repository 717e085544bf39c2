import { eventsMigrations } from '@shopgraph/events';
import { createSubgraphService, subgraphFiles, type SubgraphService } from '@shopgraph/platform';
import type { PaymentsConfig } from './config.ts';
import { createContext } from './context.ts';
import { startBackground } from './events/background.ts';
import { resolvers } from './resolvers/index.ts';

/** schema.graphql, and the migrations in the order they apply (the outbox and inbox tables first). */
export const { schemaPath, migrations } = subgraphFiles(import.meta.url, eventsMigrations);

/** Builds the payments subgraph; `start()` listens and returns its URL. */
export function createPaymentsService(config: PaymentsConfig): SubgraphService {
  const parts = { resolvers, context: createContext, background: startBackground };
  return createSubgraphService({ name: 'payments', schemaPath, migrations, ...parts }, config);
}
