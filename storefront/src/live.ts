// GraphQL over WebSocket (graphql-ws, protocol graphql-transport-ws) to /graphql on this origin:
// the storefront server proxies the upgrade to the gateway. The JWT goes in connectionParams
// when the socket opens; a new token (log in, log out) reopens it. Lazy: a socket exists only
// while some page subscribes. Closed abnormally (gateway restarted, network gone), the client
// reconnects with graphql-ws's randomised exponential backoff, and each subscription first
// receives the current state again. `useLive()` tells pages whether the socket is up, so they
// poll while it is not.
import { createClient, type Client } from 'graphql-ws';
import { useSyncExternalStore } from 'react';
import { session } from './session.ts';

/** Reconnect attempts before the subscriptions error out (pages then keep polling). */
const RETRY_ATTEMPTS = 8;

let connected = false;
const listeners = new Set<() => void>();
const setConnected = (next: boolean) => {
  if (connected === next) return;
  connected = next;
  for (const l of listeners) l();
};

function socketUrl(): string {
  const url = new URL('/graphql', location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

let client: Client | null = null;

/** The page's one graphql-ws client, created on first use. */
export function liveClient(): Client {
  if (client) return client;
  client = createClient({
    url: socketUrl(),
    connectionParams: (): Record<string, string> => {
      const token = session.token();
      return token ? { authorization: `Bearer ${token}` } : {};
    },
    retryAttempts: RETRY_ATTEMPTS,
    // A refused handshake (e.g. the proxy's 502 while the gateway is down) is retried too.
    shouldRetry: () => true,
    on: {
      connected: () => setConnected(true),
      closed: () => setConnected(false),
      error: () => setConnected(false),
    },
  });
  let token = session.token();
  session.subscribe(() => {
    if (session.token() === token) return;
    token = session.token();
    // Not fatal: graphql-ws reconnects at once and resubscribes with the new connectionParams.
    client?.terminate();
  });
  return client;
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

/** True while the WebSocket to the gateway is open and acknowledged. */
export const useLive = (): boolean => useSyncExternalStore(subscribe, () => connected);
