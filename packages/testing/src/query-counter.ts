import { currentRequestId, type Pool, type PoolClient } from '@shopgraph/platform';

/** SQL statements a pool ran since the counter started (or was reset), for tests and diagnostics. */
export interface QueryCounter {
  /** Statements run so far. */
  readonly count: number;
  /** Their SQL text, in order. */
  readonly statements: readonly string[];
  /** Starts counting from zero again. */
  reset(): void;
  /** Stops counting (the client wrappers stay, reporting to nobody). */
  stop(): void;
}

export interface CountQueriesOptions {
  /**
   * Count only statements run while serving a request (inside its request scope), not those of
   * background work on the same pool such as outbox relays and event consumers.
   * @default false
   */
  readonly requestsOnly?: boolean;
}

type Listener = (sql: string) => void;
const listenersByPool = new WeakMap<Pool, Set<Listener>>();
const wrapped = new WeakSet<PoolClient>();

/** Wraps each client's `query` once, when first acquired; it reports to the pool's current listeners. */
function listenersOf(pool: Pool): Set<Listener> {
  let listeners = listenersByPool.get(pool);
  if (listeners) return listeners;
  const set = new Set<Listener>();
  listenersByPool.set(pool, set);
  pool.on('acquire', (client: PoolClient) => {
    if (wrapped.has(client)) return;
    wrapped.add(client);
    const original = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      const first = args[0] as string | { text?: string };
      const sql = typeof first === 'string' ? first : (first.text ?? '');
      for (const listener of set) listener(sql);
      return original(...args);
    };
  });
  listeners = set;
  return listeners;
}

/**
 * Counts every statement the pool runs, through `pool.query` or a checked-out client
 * (transactions): pg's `pool.query` itself runs on a checked-out client, so wrapping each
 * client's `query` when it is acquired sees everything exactly once ('acquire' fires
 * on every checkout, so clients already idle in the pool are wrapped at their next use).
 */
export function countQueries(pool: Pool, opts: CountQueriesOptions = {}): QueryCounter {
  const statements: string[] = [];
  const listener: Listener = (sql) => {
    if (!opts.requestsOnly || currentRequestId() !== undefined) statements.push(sql);
  };
  const listeners = listenersOf(pool);
  listeners.add(listener);
  return {
    get count() {
      return statements.length;
    },
    statements,
    reset: () => {
      statements.length = 0;
    },
    stop: () => {
      listeners.delete(listener);
    },
  };
}
