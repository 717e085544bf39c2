import type { KeyObject } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import {
  ANONYMOUS,
  Counter,
  IdentitySigner,
  InvalidTokenError,
  verifyAccessToken,
  type Identity,
  type JwtVerifierOptions,
  type Metrics,
} from '@shopgraph/platform';

/** What the gateway knows about each request; subgraph-source.ts forwards `identity`. */
export interface GatewayContext {
  readonly identity: Identity;
  /** When the request must be answered by (Date.now() time); subgraph calls stop then (resilience/). */
  readonly deadline?: number;
}

/**
 * The IDENTITY_HEADER value a subgraph call carries for a verified identity: the identity token
 * the gateway signs (platform identity-token.ts, cached per identity); undefined, i.e. no
 * header, for anonymous callers and when the gateway has no GATEWAY_IDENTITY_PRIVATE_KEY.
 */
export type IdentityHeader = (identity: Identity) => string | undefined;

export function identityHeaders(key: KeyObject | null): IdentityHeader {
  if (key === null) return () => undefined;
  const signer = new IdentitySigner(key);
  return (identity) => signer.header(identity);
}

/** A 401 with a GraphQL-shaped body: Apollo uses extensions.http for the status and headers. */
function rejected(description: string): GraphQLError {
  const headers = new HeaderMap([
    ['www-authenticate', `Bearer error="invalid_token", error_description="${description}"`],
  ]);
  // Apollo takes a HeaderMap here; graphql-yoga (a bench/ dependency in the same type program)
  // narrows extensions.http.headers to a plain record, so the extensions are typed loosely.
  const extensions: Record<string, unknown> = { code: 'UNAUTHENTICATED', http: { status: 401, headers } };
  return new GraphQLError(`invalid access token: ${description}`, { extensions });
}

/**
 * Builds the per-request context from the Authorization header. Runs as Apollo's context
 * function, i.e. before parsing, validation and query planning: a request with a token that
 * is not a valid ES256 JWT for our issuer and audience never gets further (HTTP 401). No
 * header (or an empty one): anonymous. Identity headers the client sent are never read.
 */
export function authenticator(verifier: JwtVerifierOptions, metrics: Metrics) {
  const rejections = new Counter({
    name: 'shopgraph_gateway_token_rejections_total',
    help: 'Requests refused with 401 because of their access token, by reason.',
    labelNames: ['reason'] as const,
    registers: [metrics.registry],
  });
  return async (headers: IncomingHttpHeaders): Promise<GatewayContext> => {
    const header = headers.authorization?.trim();
    if (!header) return { identity: ANONYMOUS };
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      rejections.inc({ reason: 'scheme' });
      throw rejected('expected "Authorization: Bearer <token>"');
    }
    try {
      return { identity: await verifyAccessToken(verifier, match[1]!) };
    } catch (err) {
      if (!(err instanceof InvalidTokenError)) throw err;
      rejections.inc({ reason: err.reason });
      throw rejected(err.message);
    }
  };
}
