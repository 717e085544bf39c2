// The storefront's server: the built app (SPA: unknown paths get index.html) and /graphql
// proxied to the gateway (WebSocket upgrades too: subscriptions). /healthz and /readyz (the app is in memory once started) for probes. Build here, start in index.ts.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { StorefrontConfig } from './config.ts';
import { createMetrics, type RequestKind } from './metrics.ts';
import { proxyTo } from './proxy.ts';
import { loadStaticFiles, type StaticFile } from './static-files.ts';
import { upgradeTo } from './upgrade.ts';

/** No inline script, no third-party origin: everything comes from this server. */
const CSP =
  "default-src 'self'; img-src 'self' data: https:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'";

export interface StorefrontServer {
  start(): Promise<{ url: string; port: number }>;
  stop(): Promise<void>;
}

function sendFile(req: IncomingMessage, res: ServerResponse, file: StaticFile): void {
  const gzip = file.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const body = gzip ? file.gzip! : file.body;
  res.writeHead(200, {
    'content-type': file.type,
    'content-length': body.length,
    'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
    'content-security-policy': CSP,
    'referrer-policy': 'same-origin',
    vary: 'accept-encoding',
    ...(gzip ? { 'content-encoding': 'gzip' } : {}),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

export function createStorefrontServer(config: StorefrontConfig): StorefrontServer {
  const files = loadStaticFiles(config.distDir);
  const index = files.get('/index.html');
  if (!index)
    throw new Error(
      `${config.distDir}/index.html is missing: build the storefront (npm run build -w storefront)`,
    );
  const proxy = proxyTo(config.gatewayUrl);
  const metrics = createMetrics();
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const kind: RequestKind =
      path === '/graphql'
        ? 'graphql'
        : path.startsWith('/assets/')
          ? 'asset'
          : files.has(path) || req.method === 'GET'
            ? 'page'
            : 'other';
    res.on('finish', () => metrics.record(kind, res.statusCode));
    if (path === '/metrics')
      return void res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(metrics.text());
    if (path === '/graphql') return proxy(req, res);
    if (path === '/healthz' || path === '/readyz')
      return void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return void res
        .writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' })
        .end('method not allowed\n');
    }
    const file = files.get(path);
    if (file) return sendFile(req, res, file);
    // A missing hashed asset is a 404; any other path is a page of the app.
    if (path.startsWith('/assets/'))
      return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    sendFile(req, res, index);
  });
  server.keepAliveTimeout = 65_000;
  // GraphQL over WebSocket (the order page's subscription) on the same path as queries.
  const upgrade = upgradeTo(config.gatewayUrl);
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, firstBytes: Buffer) => {
    if (new URL(req.url ?? '/', 'http://x').pathname === '/graphql') {
      metrics.record('graphql', 101);
      return upgrade(req, socket, firstBytes);
    }
    socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
  });
  return {
    start: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          const { port } = server.address() as AddressInfo;
          resolve({ url: `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/`, port });
        });
      }),
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        upgrade.closeAll();
      }),
  };
}
