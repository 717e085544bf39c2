import type http from 'node:http';
import type { Duplex } from 'node:stream';
import type { ExecutionArgs } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { SubscriptionEngine } from './engine.ts';
import { openSession, type Authenticate, type OpenedSession } from './session.ts';
import type { SubscriptionMetrics } from './metrics.ts';

/** Close codes this gateway uses besides graphql-ws's own (4400-4499). */
export const CLOSE_SERVICE_RESTART = 1012;
export const CLOSE_SLOW_CLIENT = 1008;

/**
 * A client too far behind: close 1008, queued behind what it has not read, and cut the socket
 * after a second whether or not the close got through (ws would wait 30 s), so its buffers go.
 */
function dropSlow(socket: WebSocket): void {
  socket.close(CLOSE_SLOW_CLIENT, 'slow client: too many payloads behind');
  setTimeout(() => socket.terminate(), 1_000).unref();
}

export interface WsOptions {
  readonly path: string;
  readonly engine: SubscriptionEngine;
  readonly authenticate: Authenticate;
  readonly keepAliveMs: number;
  readonly maxMessageBytes: number;
  readonly metrics: SubscriptionMetrics;
}

export interface WsTransport {
  /** Closes every socket with 1012 (service restart) so clients reconnect elsewhere. */
  drain(): Promise<void>;
}

/**
 * GraphQL over WebSocket (the graphql-transport-ws subprotocol, library graphql-ws) on the
 * gateway's own port and path. The token comes in `connectionParams.authorization`; an invalid
 * one refuses the connection (4403). ws pings every `keepAliveMs` and drops a peer that does
 * not pong.
 */
export function serveWebSocket(server: http.Server, opts: WsOptions): WsTransport {
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxMessageBytes });
  const sessions = new WeakMap<WebSocket, OpenedSession>();
  let draining = false;
  useServer<Record<string, unknown> | undefined, { socket: WebSocket; request: http.IncomingMessage }>(
    {
      async onConnect(ctx) {
        const raw = ctx.connectionParams?.['authorization'];
        const session = await openSession('ws', typeof raw === 'string' ? raw : undefined, opts, {
          drop: () => dropSlow(ctx.extra.socket),
        });
        if (session === null) return false;
        sessions.set(ctx.extra.socket, session);
        return true;
      },
      async onSubscribe(ctx, _id, payload) {
        const session = sessions.get(ctx.extra.socket);
        if (session === undefined) return [];
        const persisted = payload.extensions?.['persistedQuery'] as { sha256Hash?: unknown } | undefined;
        const documentId = (payload as { documentId?: unknown }).documentId;
        const id = typeof persisted?.sha256Hash === 'string' ? persisted.sha256Hash : documentId;
        const result = await opts.engine.subscribe(session.session, {
          query: payload.query,
          operationName: payload.operationName,
          variables: payload.variables,
          id: typeof id === 'string' ? id : undefined,
        });
        if (!('stream' in result)) return result;
        const args: ExecutionArgs = {
          schema: opts.engine.schema!,
          document: result.document,
          operationName: result.operationName ?? null,
          contextValue: result.stream,
        };
        return args;
      },
      // onSubscribe hands over the stream ready-made (as the context value).
      subscribe: (args) => args.contextValue as AsyncGenerator<never>,
      onClose(ctx) {
        sessions.get(ctx.extra.socket)?.close();
      },
    },
    wss,
    opts.keepAliveMs,
  );
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== opts.path || draining) {
      socket.end(
        `HTTP/1.1 ${draining ? '503 Service Unavailable' : '404 Not Found'}\r\nconnection: close\r\n\r\n`,
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  return {
    async drain() {
      draining = true;
      const closed = [...wss.clients].map(
        (ws) =>
          new Promise<void>((resolve) => {
            ws.once('close', () => resolve());
            ws.close(CLOSE_SERVICE_RESTART, 'service restart: reconnect');
          }),
      );
      opts.metrics.drops.inc({ reason: 'drain' }, closed.length);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.all(closed), new Promise((r) => (timer = setTimeout(r, 2_000)))]);
      clearTimeout(timer);
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
