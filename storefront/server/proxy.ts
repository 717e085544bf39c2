// /graphql to the gateway, streamed both ways, so the browser talks to one origin (no CORS).
import http, { type IncomingMessage, type ServerResponse } from 'node:http';

/** Hop-by-hop headers (RFC 9110 7.6.1) are not forwarded. */
const HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'host',
]);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export function proxyTo(target: URL, timeoutMs = 30_000) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const headers: http.OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(req.headers)) if (!HOP.has(k) && v !== undefined) headers[k] = v;
    headers['x-forwarded-proto'] = 'http';
    const search = new URL(req.url ?? '/', 'http://x').search;
    const upstream = http.request(
      {
        host: target.hostname,
        port: target.port || 80,
        path: target.pathname + search,
        method: req.method,
        headers,
        agent,
        timeout: timeoutMs,
      },
      (up) => {
        const out: http.OutgoingHttpHeaders = {};
        for (const [k, v] of Object.entries(up.headers)) if (!HOP.has(k) && v !== undefined) out[k] = v;
        res.writeHead(up.statusCode ?? 502, out);
        up.pipe(res);
      },
    );
    const fail = (status: number, message: string) => {
      if (res.headersSent) return res.destroy();
      const body = JSON.stringify({ errors: [{ message, extensions: { code: 'GATEWAY_UNAVAILABLE' } }] });
      res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
    };
    upstream.on('timeout', () => upstream.destroy(new Error('timeout')));
    upstream.on('error', (err) =>
      fail(err.message === 'timeout' ? 504 : 502, 'the GraphQL gateway did not answer'),
    );
    req.pipe(upstream);
  };
}
