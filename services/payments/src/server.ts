import { fileURLToPath } from 'node:url';
import { eventsMigrations, serviceEvents } from '@shopgraph/events';
import { createSubgraphService, type SubgraphService } from '@shopgraph/platform';
import type { PaymentsConfig } from './config.ts';
import { createContext } from './context.ts';
import { startAuthorizer } from './events/authorizer.ts';
import { paymentHandlers } from './events/handlers.ts';
import { paymentOutcomes } from './metrics.ts';
import { simulatedProvider } from './provider/simulated-provider.ts';
import { resolvers } from './resolvers/index.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
export const schemaPath = here('../schema.graphql');
/** Migrations in the order they apply: the outbox and inbox tables first. */
export const migrations = [eventsMigrations, here('../migrations')];

/** Builds the payments subgraph; `start()` listens and returns its URL. */
export function createPaymentsService(config: PaymentsConfig): SubgraphService {
  const provider = simulatedProvider({ slowDelayMs: config.slowDelayMs });
  return createSubgraphService(
    {
      name: 'payments',
      schemaPath,
      migrations,
      resolvers,
      context: createContext,
      background: async (deps) => {
        const counted = paymentOutcomes(deps.metrics.registry);
        const stopEvents = await serviceEvents({
          service: 'payments',
          group: config.consumerGroup,
          handlers: paymentHandlers(provider, counted),
        })(deps);
        const stopAuthorizer = await startAuthorizer({
          pool: deps.pool,
          logger: deps.logger,
          provider,
          claimTimeoutMs: config.claimTimeoutMs,
          onChange: counted,
        });
        return async () => {
          await stopAuthorizer();
          await stopEvents();
        };
      },
    },
    config,
  );
}
