import type { ApolloServerPlugin, BaseContext, GraphQLRequest } from '@apollo/server';
import { operationLabeler, type Metrics } from '@shopgraph/platform';

export interface OperationLabelOptions {
  /** Operation names that get a label of their own besides the persisted ones; later ones are `other`. */
  readonly maxOperations: number;
  /** The persisted document a request ran, whose name is always a label. */
  readonly persistedName: (request: GraphQLRequest) => string | undefined;
  /** True when the gateway refused the request before parsing it (label `refused`). */
  readonly refused: (request: GraphQLRequest) => boolean;
}

const MAX_LABEL = 64;

/**
 * The GraphQL RED metrics (platform's requests/requestDuration) with a bounded `operation`
 * label: the name of a persisted document, or of an operation that resolved against the
 * schema, admitted first come up to `maxOperations`, then `other`; a request that never
 * resolved to an operation is `invalid`, one the gateway refused unparsed `refused`. So a flood of made-up names adds no series.
 * Admission is never revoked, so a label's counters never restart.
 */
export function operationMetricsPlugin<C extends BaseContext>(
  metrics: Metrics,
  opts: OperationLabelOptions,
): ApolloServerPlugin<C> {
  const admit = operationLabeler(opts.maxOperations);
  const labelOf = (request: GraphQLRequest, name: string | undefined, resolved: boolean): string => {
    if (opts.refused(request)) return 'refused';
    const persisted = opts.persistedName(request);
    if (persisted !== undefined) return persisted.slice(0, MAX_LABEL);
    if (!resolved) return 'invalid';
    return admit(name ?? 'anonymous');
  };
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse(ctx) {
          const labels = {
            operation: labelOf(ctx.request, ctx.operation?.name?.value, ctx.operation !== undefined),
            status: ctx.errors && ctx.errors.length > 0 ? 'error' : 'ok',
          };
          metrics.requestDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
          metrics.requests.inc(labels);
        },
      };
    },
  };
}
