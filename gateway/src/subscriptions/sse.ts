import type http from 'node:http';
import { createHandler, type Request as SseRequest } from 'graphql-sse';
import type { SubscriptionEngine } from './engine.ts';
import type { SubscriptionMetrics } from './metrics.ts';
import { openSession, type Authenticate, type OpenedSession } from './session.ts';

export interface SseOptions {
  /** Paths always served as GraphQL over SSE (e.g. /graphql/stream). */
  readonly streamPath: string;
  /** The GraphQL path: served as SSE only when the client accepts text/event-stream. */
  readonly graphqlPath: string;
  readonly engine: SubscriptionEngine;
  readonly authenticate: Authenticate;
  /** Most bytes a response may have written but not yet flushed to the client. */
  readonly maxBufferedBytes: number;
  readonly metrics: SubscriptionMetrics;
}

export interface SseTransport {
  /** Ends every event stream (clients reconnect elsewhere); new ones get 503. */
  drain(): void;
}

type Context = { session: OpenedSession };
const json = (res: http.ServerResponse, status: number, code: string, message: string) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
};
/**
 * On the GraphQL path, SSE only for a client that asks for nothing else: graphql-sse sends
 * `Accept: text/event-stream`, while general clients (urql, fetch wrappers) list it beside the
 * JSON types for every query and must get their ordinary JSON answer.
 */
const wantsStream = (req: http.IncomingMessage) => {
  const accept = (req.headers.accept ?? '').toLowerCase();
  return accept.includes('text/event-stream') && !/json|\*\/\*/.test(accept);
};

/**
 * GraphQL over SSE (library graphql-sse, distinct connections mode: one operation per
 * response) in front of the gateway's request handler: POST (or GET) `streamPath`, or
 * `graphqlPath` when the client accepts only `text/event-stream`. The token is the Authorization header,
 * verified before anything else (401 when refused). Writes are not awaited: what the client
 * has not read piles up in the response, and past `maxBufferedBytes` the response is cut.
 * graphql-sse writes a comment (`:`) every 12 s to keep the connection alive.
 */
export function serveSse(server: http.Server, opts: SseOptions): SseTransport {
  const open = new Map<http.ServerResponse, () => void>();
  let draining = false;
  const handler = createHandler<http.IncomingMessage, Context>({
    authenticate: () => null, // no reservation tokens: distinct connections only
    async onSubscribe(req, params) {
      const { session } = req.context;
      const persisted = params.extensions?.['persistedQuery'] as { sha256Hash?: unknown } | undefined;
      const result = await opts.engine.subscribe(session.session, {
        query: params.query || undefined,
        operationName: params.operationName,
        variables: params.variables,
        id: typeof persisted?.sha256Hash === 'string' ? persisted.sha256Hash : undefined,
      });
      return 'stream' in result ? result.stream : { data: null, errors: [...result] };
    },
  });
  async function serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (draining) return json(res, 503, 'SERVICE_UNAVAILABLE', 'shutting down: reconnect');
    const session = await openSession('sse', req.headers.authorization, opts, {
      drop: () => res.destroy(),
    });
    if (session === null) return json(res, 401, 'UNAUTHENTICATED', 'invalid access token');
    open.set(res, () => res.destroy());
    res.once('close', () => {
      open.delete(res);
      session.close();
    });
    const request: SseRequest<http.IncomingMessage, Context> = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      headers: {
        get: (key) => (key === 'accept' ? 'text/event-stream' : (req.headers[key]?.toString() ?? null)),
      },
      body: () =>
        new Promise((resolve, reject) => {
          let body = '';
          req.setEncoding('utf8');
          req.on('data', (chunk: string) => {
            body += chunk;
            if (body.length > 1_048_576) reject(new Error('body too large'));
          });
          req.once('end', () => resolve(body));
          req.once('error', reject);
        }),
      raw: req,
      context: { session },
    };
    const [body, init] = await handler(request);
    if (res.destroyed) {
      if (body !== null && typeof body !== 'string') await body.return(undefined);
      return;
    }
    res.writeHead(init.status, init.statusText, init.headers);
    if (body === null || typeof body === 'string') {
      res.end(body ?? undefined);
      return;
    }
    const stop = () => void body.return(undefined);
    open.set(res, stop);
    res.once('close', stop);
    for await (const chunk of body) {
      if (res.destroyed) break;
      res.write(chunk);
      if (res.writableLength > opts.maxBufferedBytes) {
        session.session.drop('slow_client');
        break;
      }
    }
    if (!res.destroyed) res.end();
  }
  const handlers = server.listeners('request') as ((
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === opts.streamPath || (path === opts.graphqlPath && wantsStream(req))) {
      serve(req, res).catch(() => {
        if (!res.headersSent) json(res, 400, 'BAD_REQUEST', 'not a GraphQL over SSE request');
        else res.destroy();
      });
      return;
    }
    for (const h of handlers) h(req, res);
  });
  return {
    drain() {
      draining = true;
      opts.metrics.drops.inc({ reason: 'drain' }, open.size);
      for (const stop of open.values()) stop();
    },
  };
}
