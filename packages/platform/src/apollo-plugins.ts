import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import type { Metrics } from './metrics.ts';

const MAX_OPERATION_LABEL = 64;

/** Records request duration and outcome per operation name (capped to bound label cardinality). */
export function metricsPlugin<C extends BaseContext>(metrics: Metrics): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse(ctx) {
          const name = ctx.operationName ?? ctx.operation?.name?.value ?? 'anonymous';
          const labels = {
            operation: name.slice(0, MAX_OPERATION_LABEL),
            status: ctx.errors && ctx.errors.length > 0 ? 'error' : 'ok',
          };
          metrics.requestDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
          metrics.requests.inc(labels);
        },
      };
    },
  };
}

/**
 * Clients see coded errors as they are and a generic message for anything unexpected;
 * the original goes to the log with the request id, so support can find it.
 */
export function maskInternalErrors(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.['code'];
    if (code !== undefined && code !== 'INTERNAL_SERVER_ERROR') return formatted;
    logger.error({ err: error, path: formatted.path }, 'unexpected error in resolver');
    return {
      message: 'Internal server error',
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
