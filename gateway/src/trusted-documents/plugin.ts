import type { ApolloServerPlugin, BaseContext, GraphQLRequest } from '@apollo/server';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import { BREAK, GraphQLError, visit, type DocumentNode } from 'graphql';
import { RefusedOperation, type RefusalReason } from '../limits/refusal.ts';
import type { TrustedDocument } from './manifest.ts';
import type { DocumentResolver } from './resolve.ts';

/** True when a string anywhere in `value` (keys included) holds a NUL character. Iterative: no stack to overflow. */
export function containsNul(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (v.includes('\0')) return true;
    } else if (typeof v === 'object' && v !== null) {
      for (const [k, child] of Object.entries(v)) {
        if (k.includes('\0')) return true;
        stack.push(child);
      }
    }
  }
  return false;
}

/**
 * True when a string literal of the parsed document holds a NUL: the raw text has none, but
 * an escape (`"a\\u0000b"`) puts one in the value. Walked only when the text has an escape.
 */
export function literalHoldsNul(query: string | undefined, document: DocumentNode): boolean {
  if (query === undefined || !query.includes('\\u')) return false;
  let found = false;
  visit(document, {
    StringValue(node) {
      if (!node.value.includes('\0')) return undefined;
      found = true;
      return BREAK;
    },
  });
  return found;
}

/** The id a request names its document by: APQ's `extensions.persistedQuery.sha256Hash`, or `documentId`. */
function idOf(request: GraphQLRequest): string | undefined {
  const pq = request.extensions?.['persistedQuery'] as
    { version?: unknown; sha256Hash?: unknown } | undefined;
  if (pq !== undefined) {
    if (pq.version !== 1 || typeof pq.sha256Hash !== 'string')
      throw new RefusedOperation(
        'persisted_invalid',
        'Unsupported persisted query: expected { version: 1, sha256Hash }.',
      );
    return pq.sha256Hash;
  }
  const body = request.http?.body as { documentId?: unknown } | undefined;
  if (typeof body?.documentId === 'string') return body.documentId;
  const search = request.http?.search;
  return search ? (new URLSearchParams(search).get('documentId') ?? undefined) : undefined;
}

/**
 * Contexts of the gateway's own operations whose client document already passed this policy:
 * the query resolving a subscription's payloads (subscriptions/) is not itself in any manifest.
 */
export const preApproved = new WeakSet<object>();

export interface TrustedDocumentsPlugin<C extends BaseContext> extends ApolloServerPlugin<C> {
  /** The manifest document a request ran, if it ran one (its name is a bounded metrics label). */
  trustedOf(request: GraphQLRequest): TrustedDocument | undefined;
  /** True when the gateway refused the request before parsing it. */
  refused(request: GraphQLRequest): boolean;
}

/**
 * What runs in place of a refused document, so that the refusal goes through Apollo's own
 * error response (status, formatError, willSendResponse): a constant, parsed once and then
 * cached by Apollo; the client's text is never parsed. (An error thrown from requestDidStart
 * would be an "unexpected error", a 500.)
 */
const REFUSED = 'query GatewayRefused { __typename }';

const NUL_MESSAGE = 'The document and variables must not contain NUL (U+0000) characters.';

/** Apollo's message for an operationName the document does not define, as a coded 400. */
const unknownOperation = (name: string | undefined) =>
  new GraphQLError(
    name
      ? `Unknown operation named "${name}".`
      : 'Must provide operation name if query contains multiple operations.',
    {
      extensions: { code: ApolloServerErrorCode.OPERATION_RESOLUTION_FAILURE, http: { status: 400 } },
    },
  );

/**
 * Runs first in Apollo's pipeline (requestDidStart, before its own APQ handling and before
 * parsing): refuses NUL characters in the document or the variables (PostgreSQL cannot store
 * them: a 400, not a 500 from a subgraph), resolves persisted ids and APQ itself (Apollo's
 * APQ is off), and in enforce mode refuses anything unlisted without parsing it.
 */
export function trustedDocumentsPlugin<C extends BaseContext>(
  resolver: DocumentResolver,
  count: (reason: RefusalReason) => void,
): TrustedDocumentsPlugin<C> {
  const trusted = new WeakMap<GraphQLRequest, TrustedDocument>();
  const refusals = new WeakMap<GraphQLRequest, RefusedOperation>();
  const gate = (request: GraphQLRequest): (() => void) | undefined => {
    if (request.query?.includes('\0') || (request.variables != null && containsNul(request.variables)))
      throw new RefusedOperation('nul_byte', NUL_MESSAGE);
    const id = idOf(request);
    const resolved = resolver.resolve({ id, query: request.query });
    if (resolved.trusted !== undefined) trusted.set(request, resolved.trusted);
    if (id === undefined) return undefined;
    request.query = resolved.query;
    const { persistedQuery: _, ...extensions } = request.extensions ?? {};
    request.extensions = extensions;
    return resolved.register ? () => resolver.remember(id, resolved.query) : undefined;
  };
  return {
    trustedOf: (request) => trusted.get(request),
    refused: (request) => refusals.has(request),
    async requestDidStart({ request, contextValue }) {
      if (preApproved.has(contextValue)) return {};
      let register: (() => void) | undefined;
      try {
        register = gate(request);
      } catch (err) {
        if (!(err instanceof RefusedOperation)) throw err;
        count(err.reason);
        refusals.set(request, err);
        request.query = REFUSED;
        request.variables = {};
        request.operationName = 'GatewayRefused';
        const { persistedQuery: _, ...extensions } = request.extensions ?? {};
        request.extensions = extensions;
      }
      return {
        async didResolveOperation({ operation, document }) {
          const refusal = refusals.get(request);
          if (refusal !== undefined) throw refusal;
          if (literalHoldsNul(request.query, document)) {
            count('nul_byte');
            throw new RefusedOperation('nul_byte', NUL_MESSAGE);
          }
          if (operation === undefined) throw unknownOperation(request.operationName ?? undefined);
          register?.();
        },
      };
    },
  };
}
