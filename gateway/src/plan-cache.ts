import { createHash } from 'node:crypto';
import type { ApolloGateway } from '@apollo/gateway';
import { operationFromDocument, type Schema } from '@apollo/federation-internals';
import { Counter, type Logger, type Metrics } from '@shopgraph/platform';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';

/** The persisted documents to plan ahead (trusted-documents/manifest-source.ts provides them). */
export interface PlannedDocuments {
  current(): { readonly byId: ReadonlyMap<string, { readonly body: string }> };
  onChange(listener: () => void): void;
}

/** The parts of ApolloGateway that plan and cache; not public API, so checked before use. */
interface GatewayInternals {
  readonly queryPlanStore?: { set(key: string, plan: unknown): Promise<void> };
  readonly apiSchema?: Schema;
  readonly queryPlanner?: { buildQueryPlan(operation: unknown, options: object): unknown };
  readonly recursiveSelectionsLimitDisabled?: boolean;
  readonly nonLocalSelectionsLimitDisabled?: boolean;
}

const sha256 = (...parts: string[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
};

/**
 * Fills @apollo/gateway's query plan cache with a plan for every persisted document, when the
 * supergraph loads or reloads (the cache is emptied then) and when the manifest changes, so the
 * first request of a listed operation does not plan. Plans are stored under the keys the gateway
 * looks up: the document's sha256 (Apollo Server's queryHash), and with each operation's name.
 * One document per event-loop turn; a newer schema or manifest stops an older warm-up.
 */
export function warmQueryPlans(
  gateway: ApolloGateway,
  documents: PlannedDocuments,
  metrics: Metrics,
  logger: Logger,
): void {
  const warmed = new Counter({
    name: 'shopgraph_gateway_query_plans_warmed_total',
    help: 'Query plans built ahead of requests for persisted documents, by outcome (planned|failed).',
    labelNames: ['outcome'] as const,
    registers: [metrics.registry],
  });
  const internals = gateway as unknown as GatewayInternals;
  let generation = 0;
  const warm = async () => {
    const mine = ++generation;
    const { queryPlanStore: store, queryPlanner: planner, apiSchema: schema } = internals;
    if (store === undefined || planner === undefined || schema === undefined) return;
    const options = {
      recursiveSelectionsLimitDisabled: internals.recursiveSelectionsLimitDisabled ?? false,
      nonLocalSelectionsLimitDisabled: internals.nonLocalSelectionsLimitDisabled ?? false,
    };
    for (const { body } of [...documents.current().byId.values()]) {
      await new Promise((resolve) => setImmediate(resolve));
      if (mine !== generation || internals.queryPlanner !== planner) return;
      try {
        const document = parse(body);
        const operations = document.definitions.filter(
          (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
        );
        const queryHash = sha256(body);
        for (const op of operations) {
          const operationName = op.name?.value;
          const plan = planner.buildQueryPlan(
            operationFromDocument(schema, document, operationName === undefined ? {} : { operationName }),
            options,
          );
          if (operations.length === 1) await store.set(queryHash, plan);
          if (operationName !== undefined) await store.set(sha256(queryHash, operationName), plan);
        }
        warmed.inc({ outcome: 'planned' });
      } catch (err) {
        warmed.inc({ outcome: 'failed' });
        logger.debug({ err }, 'persisted document could not be planned ahead');
      }
    }
  };
  gateway.onSchemaLoadOrUpdate(() => void warm());
  documents.onChange(() => void warm());
}
