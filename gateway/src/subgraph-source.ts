import { RemoteGraphQLDataSource } from '@apollo/gateway';
import { currentRequestId, IDENTITY_HEADER } from '@shopgraph/platform';
import type { GatewayContext, IdentityHeader } from './auth.ts';

/** Env var that overrides one subgraph's URL, e.g. SUBGRAPH_BRANDS_URL. */
export const urlOverrideEnv = (name: string) => `SUBGRAPH_${name.toUpperCase().replace(/\W/g, '_')}_URL`;

/**
 * How the gateway calls one subgraph: the URL from the supergraph unless overridden, a
 * per-request timeout, and the request id passed on so logs line up across services.
 * Node's fetch keeps connections alive between requests. Every `x-shopgraph-*` header is
 * dropped; the verified identity goes in IDENTITY_HEADER as a signed token (none: anonymous).
 */
export function subgraphSource(
  name: string,
  url: string | undefined,
  timeoutMs: number,
  identityHeader: IdentityHeader,
): RemoteGraphQLDataSource<GatewayContext> {
  const target = process.env[urlOverrideEnv(name)] ?? url;
  if (target === undefined) throw new Error(`subgraph ${name} has no URL: set ${urlOverrideEnv(name)}`);
  return new RemoteGraphQLDataSource<GatewayContext>({
    url: target,
    fetcher: (input, init) =>
      fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) } as RequestInit) as never,
    willSendRequest({ request, context }) {
      const requestId = currentRequestId();
      if (requestId !== undefined) request.http?.headers.set('x-request-id', requestId);
      const headers = request.http?.headers;
      if (headers === undefined) return;
      for (const [key] of [...headers]) if (key.toLowerCase().startsWith('x-shopgraph-')) headers.delete(key);
      const token = identityHeader(context.identity);
      if (token !== undefined) headers.set(IDENTITY_HEADER, token);
    },
  });
}
