import { Pool } from 'undici';

/** How the gateway's connections to one subgraph behave. */
export interface PoolOptions {
  /** Most open connections to one subgraph origin. @default 64 */
  readonly connections: number;
  /**
   * Time allowed for the response headers and for the body, each. undici enforces it with one
   * shared timer wheel, so no timer or AbortSignal is allocated per request.
   */
  readonly timeoutMs: number;
}

/**
 * One undici keep-alive pool per subgraph origin. Pools are created on first use and kept
 * across supergraph reloads (a reload rebuilds the data sources, not the connections).
 */
export class SubgraphPools {
  readonly #pools = new Map<string, Pool>();
  readonly #options: PoolOptions;

  constructor(options: PoolOptions) {
    this.#options = options;
  }

  /** The pool for `url`'s origin. */
  for(url: URL): Pool {
    let pool = this.#pools.get(url.origin);
    if (pool === undefined) {
      pool = new Pool(url.origin, {
        connections: this.#options.connections,
        keepAliveTimeout: 30_000,
        keepAliveMaxTimeout: 600_000,
        headersTimeout: this.#options.timeoutMs,
        bodyTimeout: this.#options.timeoutMs,
      });
      this.#pools.set(url.origin, pool);
    }
    return pool;
  }

  /** Closes every pool (in-flight requests finish first). */
  async close(): Promise<void> {
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    await Promise.all(pools.map((pool) => pool.close()));
  }
}
