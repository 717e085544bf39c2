import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import type { Logger } from 'pino';
import { withRequestScope } from './logger.ts';
import type { Metrics } from './metrics.ts';

/** A readiness check: resolves to null when ready, or to the reason it is not. */
export type ReadinessCheck = () => Promise<string | null>;

/**
 * Where work started beside the server (event consumers, the outbox relay) adds its own
 * readiness checks; /readyz runs every check added so far on each request.
 */
export interface ReadinessRegistry {
  add(check: ReadinessCheck): void;
}

export interface HttpServerOptions<C extends BaseContext> {
  readonly apollo: ApolloServer<C>;
  readonly context: (req: IncomingMessage) => Promise<C>;
  readonly readiness: readonly ReadinessCheck[];
  readonly metrics: Metrics;
  readonly logger: Logger;
  /** Largest request body accepted, in bytes. @default 1_048_576 */
  readonly maxBodyBytes?: number;
}

export interface HttpServer {
  readonly server: http.Server;
  listen(port: number, host: string): Promise<AddressInfo>;
  /** Stops accepting, waits for in-flight requests up to `deadlineMs`, then cuts the rest. */
  close(deadlineMs: number): Promise<void>;
}

class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/**
 * Reads the body up to `limit` bytes. Past the limit (or when Content-Length says it will be)
 * it rejects with a 413 at once and reads the rest into the void, so the client, which is
 * still sending, gets the 413 instead of a connection reset; past 8× the limit it cuts.
 */
function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    const tooLarge = () => {
      over = true;
      chunks.length = 0;
      reject(new HttpError(413, `request body larger than ${limit} bytes`));
    };
    if (Number(req.headers['content-length']) > limit) tooLarge();
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (over) {
        if (size > 8 * limit) req.destroy();
      } else if (size > limit) tooLarge();
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/**
 * Node's http server with /graphql (Apollo), /healthz (alive), /readyz (all checks pass)
 * and /metrics. Each request runs in a scope that tags its log lines with a request id
 * (the caller's `x-request-id`, or a new one, echoed back).
 */
export function createHttpServer<C extends BaseContext>(opts: HttpServerOptions<C>): HttpServer {
  const maxBody = opts.maxBodyBytes ?? 1_048_576;
  let inFlight = 0;
  let closing = false;
  let drained: (() => void) | undefined;

  async function graphql(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const raw = req.method === 'POST' ? await readBody(req, maxBody) : '';
    let body: unknown = raw;
    if (raw && (headers.get('content-type') ?? '').includes('application/json')) {
      try {
        body = JSON.parse(raw);
      } catch {
        throw new HttpError(400, 'request body is not valid JSON');
      }
    }
    const result = await opts.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
      context: () => opts.context(req),
    });
    for (const [key, value] of result.headers) res.setHeader(key, value);
    res.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      res.end(result.body.string);
      return;
    }
    for await (const chunk of result.body.asyncIterator) res.write(chunk);
    res.end();
  }

  async function ready(res: ServerResponse): Promise<void> {
    if (closing) return send(res, 503, 'shutting down\n');
    const reasons = (await Promise.all(opts.readiness.map((check) => check()))).filter((r) => r !== null);
    if (reasons.length > 0) send(res, 503, `not ready: ${reasons.join('; ')}\n`);
    else send(res, 200, 'ready\n');
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    switch (url.pathname) {
      case '/graphql':
        return graphql(req, res, url);
      case '/healthz':
        return send(res, 200, 'ok\n');
      case '/readyz':
        return ready(res);
      case '/metrics':
        return send(res, 200, await opts.metrics.registry.metrics(), opts.metrics.registry.contentType);
      default:
        return send(res, 404, 'not found\n');
    }
  }

  const server = http.createServer((req, res) => {
    const requestId = (req.headers['x-request-id'] as string | undefined)?.slice(0, 128) || randomUUID();
    res.setHeader('x-request-id', requestId);
    if (closing) res.setHeader('connection', 'close');
    inFlight++;
    res.on('close', () => {
      inFlight--;
      if (closing && inFlight === 0) drained?.();
    });
    withRequestScope(requestId, () =>
      route(req, res).catch((err: unknown) => {
        const status = err instanceof HttpError ? err.status : 500;
        if (status === 500) opts.logger.error({ err }, 'request failed');
        if (!res.headersSent)
          send(res, status, status === 500 ? 'internal error\n' : `${(err as Error).message}\n`);
        else res.end();
      }),
    );
  });
  server.keepAliveTimeout = 65_000; // longer than typical proxy idle timeouts, so proxies close first

  return {
    server,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve(server.address() as AddressInfo);
        });
      }),
    async close(deadlineMs) {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        const allDone = new Promise<void>((resolve) => (drained = resolve));
        let timer: NodeJS.Timeout | undefined;
        const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, deadlineMs)));
        await Promise.race([allDone, deadline]);
        clearTimeout(timer);
        if (inFlight > 0)
          opts.logger.warn({ inFlight }, 'shutdown deadline reached; closing remaining requests');
      }
      server.closeAllConnections();
      await closed;
    },
  };
}
