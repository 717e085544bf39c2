import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import type { Metrics } from './metrics.ts';

const MAX_OPERATION_LABEL = 64;

/**
 * A bounded `operation` label: names are admitted first come up to `max`, later ones are
 * `other`, so a flood of made-up operation names adds no series. Admission is never revoked,
 * so a label's counters never restart. Names are cut to 64 characters.
 */
export function operationLabeler(max: number): (name: string) => string {
  const admitted = new Set<string>();
  return (name) => {
    const label = name.slice(0, MAX_OPERATION_LABEL);
    if (admitted.has(label)) return label;
    if (admitted.size >= max) return 'other';
    admitted.add(label);
    return label;
  };
}

/**
 * Records request duration and outcome per operation. The subgraph's operation names come
 * from the gateway, which derives them from the client's, so they are bounded the same way:
 * `maxOperations` names (@default 100), then `other`; a request that never resolved to an
 * operation is `invalid`.
 */
export function metricsPlugin<C extends BaseContext>(
  metrics: Metrics,
  maxOperations = 100,
): ApolloServerPlugin<C> {
  const labelOf = operationLabeler(maxOperations);
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse(ctx) {
          const labels = {
            operation:
              ctx.operation === undefined
                ? 'invalid'
                : labelOf(ctx.operation.name?.value ?? ctx.operationName ?? 'anonymous'),
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
    if (isUnstorableText(error)) {
      logger.info({ path: formatted.path }, 'input text PostgreSQL cannot store (NUL or bad encoding)');
      return {
        message: 'Text must not contain NUL (U+0000) characters or invalid UTF-8.',
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: { code: 'BAD_USER_INPUT' },
      };
    }
    logger.error({ err: error, path: formatted.path }, 'unexpected error in resolver');
    return {
      message: 'Internal server error',
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}

/**
 * PostgreSQL's "invalid byte sequence" (22021) and "untranslatable character" (22P05): a
 * client's text (a NUL that reached a subgraph directly) that the database cannot store,
 * so a client mistake, not a server fault.
 */
function isUnstorableText(error: unknown): boolean {
  const original = (error as { originalError?: { code?: unknown } } | null)?.originalError;
  return original?.code === '22021' || original?.code === '22P05';
}
