// GraphiQL at the gateway, for development: GET / or GET /graphql from a browser (Accept:
// text/html, no ?query=) gets the IDE; /graphiql/* serves its bundle (storefront/graphiql,
// built by `make up` into storefront/graphiql/dist; no CDN, works offline). Every other request
// goes to the gateway's own handler untouched. Off when NODE_ENV=production.
import { createReadStream, existsSync, readdirSync } from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '@shopgraph/platform';

/** Where the GraphiQL bundle is built (npm run build:graphiql -w storefront). */
export const GRAPHIQL_DIST = fileURLToPath(new URL('../../storefront/graphiql/dist', import.meta.url));

export interface GraphiqlOptions {
  /** Serve the IDE. @default true unless NODE_ENV=production; GATEWAY_GRAPHIQL=false turns it off */
  readonly enabled?: boolean;
  /** The built bundle. @default GRAPHIQL_DIST */
  readonly distDir?: string;
  readonly logger?: Logger;
}

/** GATEWAY_GRAPHIQL (true|false), else on unless NODE_ENV=production. */
export function graphiqlEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const flag = env['GATEWAY_GRAPHIQL'];
  if (flag === 'true' || flag === 'false') return flag === 'true';
  return env['NODE_ENV'] !== 'production';
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
};

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>GraphiQL · shopgraph gateway</title></head>
<body><h1>GraphiQL is not built yet</h1><p>Run <code>npm run build:graphiql -w storefront</code> (<code>make up</code> does it), then reload.
The GraphQL endpoint is <code>POST /graphql</code>.</p></body></html>`;

/** URL paths (/graphiql/...) of every file of the bundle, read once: no URL reaches the disk otherwise. */
function bundleFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  if (!existsSync(dir)) return files;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const full = path.join(e.parentPath, e.name);
    files.set(`/graphiql/${path.relative(dir, full).split(path.sep).join('/')}`, full);
  }
  return files;
}

const wantsIde = (req: http.IncomingMessage, url: URL): boolean =>
  (req.method === 'GET' || req.method === 'HEAD') &&
  (url.pathname === '/' || url.pathname === '/graphql') &&
  !url.searchParams.has('query') &&
  !url.searchParams.has('extensions') &&
  String(req.headers.accept ?? '').includes('text/html');

/**
 * Puts GraphiQL in front of `server`'s request handler (when enabled): IDE pages and bundle
 * files are answered here, everything else by the handler already installed.
 */
export function serveGraphiql(server: http.Server, opts: GraphiqlOptions = {}): void {
  if (!(opts.enabled ?? graphiqlEnabled())) return;
  const files = bundleFiles(opts.distDir ?? GRAPHIQL_DIST);
  const index = files.get('/graphiql/index.html');
  if (!index) opts.logger?.warn('GraphiQL bundle not built: run `npm run build:graphiql -w storefront`');
  const handlers = server.listeners('request') as ((
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const file = wantsIde(req, url) ? (index ?? null) : files.get(url.pathname);
    if (file === undefined) {
      for (const h of handlers) h(req, res);
      return;
    }
    if (file === null) {
      res.writeHead(200, { 'content-type': TYPES['.html']!, 'cache-control': 'no-cache' });
      res.end(req.method === 'HEAD' ? undefined : NOT_BUILT);
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': file === index ? 'no-cache' : 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
}
