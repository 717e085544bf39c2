import type { IncomingHttpHeaders } from 'node:http';
import type { Identity } from '@shopgraph/platform';
import { tokenExpired, type Session } from './engine.ts';
import type { SubscriptionMetrics } from './metrics.ts';

/** The gateway's verifier (auth.ts): the identity of a request's headers, or a thrown 401. */
export type Authenticate = (headers: IncomingHttpHeaders) => Promise<{ identity: Identity }>;

export interface OpenedSession {
  readonly session: Session;
  /** The connection ended: ends its subscriptions, stops the expiry timer. */
  close(): void;
}

/** `exp` of a token the verifier accepted (its payload is then trusted), in ms. */
function expiryOf(authorization: string | undefined): number | undefined {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '')?.[1];
  const payload = token?.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const exp: unknown = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown })
      .exp;
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A transport connection's session: the identity verified once at connect (null: the token
 * was refused), and a timer that ends every subscription of it with UNAUTHENTICATED when the
 * token expires. Counted in the open-connections gauge until closed.
 */
export async function openSession(
  transport: 'ws' | 'sse',
  authorization: string | undefined,
  opts: { authenticate: Authenticate; metrics: SubscriptionMetrics },
  hooks: { drop: () => void },
): Promise<OpenedSession | null> {
  let identity: Identity;
  try {
    ({ identity } = await opts.authenticate(authorization ? { authorization } : {}));
  } catch {
    opts.metrics.drops.inc({ reason: 'refused' });
    return null;
  }
  const expiresAt = identity.role === 'anonymous' ? undefined : expiryOf(authorization);
  const streams: Session['streams'] = new Set();
  let dropped = false;
  const session: Session = {
    transport,
    identity,
    expiresAt,
    streams,
    drop: (reason) => {
      if (dropped) return;
      dropped = true;
      opts.metrics.drops.inc({ reason });
      hooks.drop();
    },
  };
  const timer =
    expiresAt === undefined
      ? undefined
      : setTimeout(
          () => {
            if (streams.size > 0) opts.metrics.drops.inc({ reason: 'token_expired' }, streams.size);
            for (const s of [...streams]) s.end(tokenExpired());
          },
          Math.min(Math.max(0, expiresAt - Date.now()), 2 ** 31 - 1),
        );
  opts.metrics.connections.inc({ transport });
  let closed = false;
  return {
    session,
    close() {
      if (closed) return;
      closed = true;
      clearTimeout(timer);
      opts.metrics.connections.dec({ transport });
      for (const s of [...streams]) void s.return();
    },
  };
}
