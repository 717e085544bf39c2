import type { Logger, Pool, PoolClient } from '@shopgraph/platform';

export interface ClaimLoopOptions<T> {
  readonly pool: Pool;
  /** Logs as this component. */
  readonly logger: Logger;
  /** The NOTIFY channel the producers of work signal on commit. */
  readonly channel: string;
  /** Claims up to `limit` items (committing the claim at once, so replicas never share one). */
  readonly claim: (limit: number) => Promise<readonly T[]>;
  /** Does one claimed item; a rejection is logged and the item is retried when its claim expires. */
  readonly work: (item: T) => Promise<void>;
  /** What to log of an item that failed. */
  readonly describe: (item: T) => Record<string, unknown>;
  /** Most items in work at once. @default 50 */
  readonly maxInFlight?: number;
  /** Polls this often when no NOTIFY arrives (NOTIFY normally wakes it at once). @default 500 */
  readonly pollMs?: number;
}

/**
 * A worker over a claimed queue in PostgreSQL (the authorizer's and the settler's): woken by
 * NOTIFY on `channel` when a transaction that added work commits, polling as a fallback; claims as
 * much as it has room for and works on the items concurrently, claiming again as each finishes.
 * Resolves to its stopper, which waits for the items in work.
 */
export async function startClaimLoop<T>(opts: ClaimLoopOptions<T>): Promise<() => Promise<void>> {
  const log = opts.logger;
  const max = opts.maxInFlight ?? 50;
  const inFlight = new Set<Promise<void>>();
  let stopped = false;
  let pending = true;
  let wake: () => void = () => undefined;
  const wakeUp = () => {
    pending = true;
    wake();
  };

  let listener: PoolClient | undefined;
  // Released once (by its error, then replaced; a failed LISTEN; or the stopper), and destroyed:
  // a connection that LISTENs is never handed to anyone else.
  const drop = (client: PoolClient, err: Error | true = true) => {
    if (listener !== client) return;
    listener = undefined;
    client.release(err);
  };
  const listen = async () => {
    let client: PoolClient | undefined;
    try {
      client = await opts.pool.connect();
      listener = client;
      const mine = client;
      client.on('notification', wakeUp);
      client.on('error', (err) => {
        if (listener === mine)
          log.warn({ err: err.message }, 'NOTIFY listener lost; polling until it is back');
        drop(mine, err);
      });
      await client.query(`LISTEN ${opts.channel}`);
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'cannot LISTEN; polling');
      if (client) drop(client, err as Error);
    }
  };
  await listen();

  const one = (item: T) => {
    const task = opts
      .work(item)
      .catch((err: Error) =>
        // The claim expires and another pass retries it.
        log.error({ err: err.message, ...opts.describe(item) }, 'work failed; will retry'),
      )
      .finally(() => {
        inFlight.delete(task);
        wakeUp();
      });
    inFlight.add(task);
  };

  const loop = (async () => {
    while (!stopped) {
      let claimed = 0;
      const room = max - inFlight.size;
      if (room > 0) {
        pending = false;
        try {
          const items = await opts.claim(room);
          claimed = items.length;
          for (const item of items) one(item);
        } catch (err) {
          log.warn({ err: (err as Error).message }, 'cannot claim work; retrying');
        }
        if (listener === undefined && !stopped) await listen();
      }
      if (stopped) break;
      // A full claim may have left more; a wake that came while claiming is not lost.
      if (room > 0 && (claimed === room || pending)) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, opts.pollMs ?? 500);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = () => undefined;
    }
  })();

  return async () => {
    stopped = true;
    wake();
    await loop;
    await Promise.allSettled([...inFlight]);
    if (listener) drop(listener);
  };
}
