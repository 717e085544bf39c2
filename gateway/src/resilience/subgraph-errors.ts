import type { GraphQLFormattedError } from 'graphql';

/** How a subgraph call went wrong, as the client sees it. */
export type SubgraphFailure = 'timeout' | 'unavailable';

const CODES: Record<SubgraphFailure, string> = {
  timeout: 'SUBGRAPH_TIMEOUT',
  unavailable: 'SUBGRAPH_UNAVAILABLE',
};

/**
 * The error a client gets for a subgraph that timed out or is down: coded, naming the
 * subgraph (`extensions.serviceName`), without its URL or body. Returned (not thrown) from
 * a data source, so @apollo/gateway keeps the other subgraphs' data and sets the path.
 */
export function subgraphError(
  serviceName: string,
  failure: SubgraphFailure,
  detail: string,
): GraphQLFormattedError {
  const what = failure === 'timeout' ? 'did not answer in time' : 'is unavailable';
  return {
    message: `Subgraph "${serviceName}" ${what} (${detail}).`,
    extensions: { code: CODES[failure], serviceName },
  };
}

const TIMEOUT_CODES = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'ETIMEDOUT',
]);

/**
 * What a thrown error says about the subgraph: `timeout`, `unavailable` (no connection,
 * reset, 5xx), or undefined when the subgraph did answer and the error is to pass on as is.
 */
export function classify(err: unknown): SubgraphFailure | undefined {
  const e = err as {
    name?: string;
    code?: string;
    cause?: { code?: string; name?: string };
    extensions?: Record<string, unknown>;
  };
  const code = e.code ?? e.cause?.code;
  if (e.name === 'TimeoutError' || e.name === 'AbortError' || (code !== undefined && TIMEOUT_CODES.has(code)))
    return 'timeout';
  const response = e.extensions?.['response'] as { status?: number } | undefined;
  if (response?.status !== undefined) return response.status >= 500 ? 'unavailable' : undefined;
  if (e.extensions !== undefined) return undefined; // a GraphQLError the data source made on purpose
  return 'unavailable';
}
