import type { ApolloServerPlugin, BaseContext, GraphQLRequest } from '@apollo/server';
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

/** The id a request names its document by: APQ's `extensions.persistedQuery.sha256Hash`, or `documentId`. */
function idOf(request: GraphQLRequest): string | undefined {
  const pq = request.extensions?.['persistedQuery'] as
    { version?: unknown; sha256Hash?: unknown } | undefined;
  if (pq !== undefined) {
    if (pq.version !== 1 || typeof pq.sha256Hash !== 'string')
      throw new RefusedOperation(
        'persisted_not_found',
        'Unsupported persisted query: expected { version: 1, sha256Hash }.',
      );
    return pq.sha256Hash;
  }
  const body = request.http?.body as { documentId?: unknown } | undefined;
  if (typeof body?.documentId === 'string') return body.documentId;
  const search = request.http?.search;
  return search ? (new URLSearchParams(search).get('documentId') ?? undefined) : undefined;
}

export interface TrustedDocumentsPlugin<C extends BaseContext> extends ApolloServerPlugin<C> {
  /** The manifest document a request ran, if it ran one (its name is a bounded metrics label). */
  trustedOf(request: GraphQLRequest): TrustedDocument | undefined;
}

/**
 * Runs first in Apollo's pipeline (requestDidStart, before its own APQ handling and before
 * parsing): refuses NUL characters in variables (PostgreSQL cannot store them; a 400, not a
 * 500 from a subgraph), resolves persisted ids and APQ itself (Apollo's APQ is off), and in
 * enforce mode refuses anything unlisted without parsing it. Refusals are thrown RefusedOperations,
 * which Apollo turns into their coded 4xx response.
 */
export function trustedDocumentsPlugin<C extends BaseContext>(
  resolver: DocumentResolver,
  refused: (reason: RefusalReason) => void,
): TrustedDocumentsPlugin<C> {
  const trusted = new WeakMap<GraphQLRequest, TrustedDocument>();
  return {
    trustedOf: (request) => trusted.get(request),
    async requestDidStart({ request }) {
      try {
        if (request.variables != null && containsNul(request.variables))
          throw new RefusedOperation('nul_byte', 'Variables must not contain NUL (U+0000) characters.');
        const id = idOf(request);
        const resolved = resolver.resolve({ id, query: request.query });
        if (resolved.trusted !== undefined) trusted.set(request, resolved.trusted);
        if (id === undefined) return;
        request.query = resolved.query;
        const { persistedQuery: _, ...extensions } = request.extensions ?? {};
        request.extensions = extensions;
        if (!resolved.register) return;
        return {
          async didResolveOperation() {
            resolver.remember(id, resolved.query);
          },
        };
      } catch (err) {
        if (err instanceof RefusedOperation) refused(err.reason);
        throw err;
      }
    },
  };
}
