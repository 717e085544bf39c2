import { STATUS_CODES } from 'node:http';
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import {
  ANONYMOUS,
  currentRequestId,
  encodeIdentity,
  IDENTITY_HEADER,
  type Identity,
} from '@shopgraph/platform';
import { GraphQLError } from 'graphql';
import type { Pool } from 'undici';
import type { GatewayContext, IdentityHeader } from './auth.ts';
import { cloneJson, Inflight } from './dedup-fetches.ts';
import { dedupRepresentations, expandEntities } from './dedup-representations.ts';
import type { SubgraphPools } from './fetch-pool.ts';

type Response = GatewayGraphQLResponse;

/** Which fetch-path optimisations are on (each is compared with stock in tests/equivalence). */
export interface FetchOptimisations {
  /** Identical query fetches in flight (same subgraph, body, identity) share one call. */
  readonly dedupFetches: boolean;
  /** Repeated representations in one `_entities` fetch are sent once. */
  readonly dedupRepresentations: boolean;
}

/** Wraps one subgraph call, e.g. with a circuit breaker; the identity by default. */
export type CallGuard = (subgraph: string, call: () => Promise<Response>) => Promise<Response>;

export interface FetchSourceOptions {
  readonly name: string;
  readonly url: string;
  readonly pools: SubgraphPools;
  /** The IDENTITY_HEADER value of the caller (auth.ts identityHeaders). */
  readonly identityHeader: IdentityHeader;
  readonly optimisations: FetchOptimisations;
  readonly guard?: CallGuard;
  /** Called once per subgraph fetch: `shared` when it joined an identical one in flight. */
  readonly onFetch?: (subgraph: string, shared: boolean) => void;
}

const encodedIdentities = new WeakMap<Identity, string>();
/** An identity's canonical JSON: the dedup key of its fetches (its token is refreshed every 30 s). */
function identityKey(identity: Identity): string {
  let encoded = encodedIdentities.get(identity);
  if (encoded === undefined) {
    encoded = encodeIdentity(identity);
    encodedIdentities.set(identity, encoded);
  }
  return encoded;
}

/** Stock RemoteGraphQLDataSource's error for a non-2xx answer (same message and extensions). */
function httpError(url: string, status: number, contentType: string | undefined, text: string): GraphQLError {
  let body: unknown = text;
  if (
    contentType?.startsWith('application/json') ||
    contentType?.startsWith('application/graphql-response+json')
  )
    body = JSON.parse(text);
  const statusText = STATUS_CODES[status] ?? '';
  return new GraphQLError(`${status}: ${statusText}`, {
    extensions: {
      ...(status === 401 ? { code: 'UNAUTHENTICATED' } : status === 403 ? { code: 'FORBIDDEN' } : {}),
      response: { url, status, statusText, body },
    },
  });
}

/**
 * A subgraph data source on an undici keep-alive pool: the request body is serialised once,
 * headers are a plain object built here (content type, request id, the verified identity as a
 * signed token; no `x-shopgraph-*` header the client sent), the response is parsed once.
 * Replaces RemoteGraphQLDataSource, which builds node-fetch Headers and Request objects per call.
 */
export class FetchSource implements GraphQLDataSource<GatewayContext> {
  readonly #name: string;
  readonly #url: string;
  readonly #path: string;
  readonly #pool: Pool;
  readonly #options: FetchSourceOptions;
  readonly #inflight = new Inflight<Response>(cloneJson);

  constructor(options: FetchSourceOptions) {
    this.#options = options;
    this.#name = options.name;
    this.#url = options.url;
    const url = new URL(options.url);
    this.#path = url.pathname + url.search;
    this.#pool = options.pools.for(url);
  }

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<Response> {
    const { request } = options;
    const query = request.query;
    if (query === undefined) throw new Error('Missing query');
    let variables = request.variables;
    const representations = variables?.['representations'];
    const map =
      this.#options.optimisations.dedupRepresentations && Array.isArray(representations)
        ? dedupRepresentations(representations)
        : undefined;
    if (map !== undefined) variables = { ...variables, representations: map.unique };
    const body = JSON.stringify({ query, variables, operationName: request.operationName });
    const caller = (options.context as Partial<GatewayContext>).identity ?? ANONYMOUS;
    const identity = identityKey(caller);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const token = this.#options.identityHeader(caller);
    if (token !== undefined) headers[IDENTITY_HEADER] = token;
    const requestId = currentRequestId();
    if (requestId !== undefined) headers['x-request-id'] = requestId;
    if (request.http?.headers !== undefined)
      for (const [key, value] of request.http.headers)
        if (!key.toLowerCase().startsWith('x-shopgraph-')) headers[key] = value;

    const send = () => this.#send(body, headers);
    const call = this.#options.guard ? () => this.#options.guard!(this.#name, send) : send;
    let response: Response;
    if (this.#options.optimisations.dedupFetches && !/^\s*(mutation|subscription)\b/.test(query)) {
      const { result, shared } = this.#inflight.run(`${identity}\n${body}`, call);
      this.#options.onFetch?.(this.#name, shared);
      response = await result;
    } else {
      this.#options.onFetch?.(this.#name, false);
      response = await call();
    }
    return map === undefined ? response : expandEntities(response, map);
  }

  async #send(body: string, headers: Record<string, string>): Promise<Response> {
    const res = await this.#pool.request({ path: this.#path, method: 'POST', headers, body });
    const text = await res.body.text();
    const contentType = res.headers['content-type'];
    const type = Array.isArray(contentType) ? contentType[0] : contentType;
    if (res.statusCode < 200 || res.statusCode >= 300) throw httpError(this.#url, res.statusCode, type, text);
    const parsed: unknown =
      type?.startsWith('application/json') || type?.startsWith('application/graphql-response+json')
        ? JSON.parse(text)
        : text;
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new Error(`Expected JSON response body, but received: ${text}`);
    return parsed as Response;
  }
}
