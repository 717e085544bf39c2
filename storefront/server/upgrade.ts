// WebSocket upgrades of /graphql to the gateway (GraphQL over WebSocket, graphql-transport-ws),
// so the order page's subscription uses the same origin as its queries. The handshake is
// forwarded with node:http (the gateway answers 101 or refuses), then the two sockets are piped.
import http, { type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

/** Request headers the upgrade needs end to end; other hop-by-hop headers stay here. */
const DROP = new Set(['host', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding']);

function refuse(socket: Duplex, status: number, reason: string): void {
  if (!socket.writable) return void socket.destroy();
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
}

/** Raw HTTP/1.1 head of an upstream answer, written back to the browser's socket. */
function head(res: IncomingMessage): string {
  const lines = [`HTTP/1.1 ${res.statusCode ?? 502} ${res.statusMessage ?? ''}`];
  for (let i = 0; i < res.rawHeaders.length; i += 2)
    lines.push(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

export interface UpgradeProxy {
  (req: IncomingMessage, socket: Duplex, firstBytes: Buffer): void;
  /** Ends every open WebSocket (the browser's graphql-ws client reconnects with backoff). */
  closeAll(): void;
}

export function upgradeTo(target: URL, timeoutMs = 10_000): UpgradeProxy {
  const open = new Set<Duplex>();
  const handle = (req: IncomingMessage, socket: Duplex, firstBytes: Buffer): void => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    if (String(req.headers.upgrade ?? '').toLowerCase() !== 'websocket')
      return refuse(socket, 400, 'Bad Request');
    const headers: http.OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(req.headers)) if (!DROP.has(k) && v !== undefined) headers[k] = v;
    headers['x-forwarded-proto'] = 'http';
    const search = new URL(req.url ?? '/', 'http://x').search;
    const upstream = http.request({
      host: target.hostname,
      port: target.port || 80,
      path: target.pathname + search,
      method: 'GET',
      headers,
      timeout: timeoutMs,
    });
    socket.on('error', () => upstream.destroy());
    upstream.on('timeout', () => upstream.destroy(new Error('timeout')));
    upstream.on('error', () => refuse(socket, 502, 'Bad Gateway'));
    // The gateway refused the upgrade (e.g. 400, 401): its answer goes back as it is.
    upstream.on('response', (res) => {
      socket.write(head(res));
      res.pipe(socket);
    });
    upstream.on('upgrade', (res, upSocket, upHead) => {
      upstream.setTimeout(0);
      upSocket.setTimeout(0);
      socket.write(head(res));
      if (upHead.length > 0) socket.write(upHead);
      if (firstBytes.length > 0) upSocket.write(firstBytes);
      upSocket.on('error', () => socket.destroy());
      socket.on('error', () => upSocket.destroy());
      upSocket.on('close', () => socket.destroy());
      socket.on('close', () => upSocket.destroy());
      upSocket.pipe(socket).pipe(upSocket);
    });
    upstream.end();
  };
  return Object.assign(handle, {
    closeAll: () => {
      for (const socket of open) socket.destroy();
    },
  });
}
