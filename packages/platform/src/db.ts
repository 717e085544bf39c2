import pg from 'pg';
import type { Logger } from 'pino';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;
/** Anything that runs a query: the pool or a client inside a transaction. */
export type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;

export interface PoolOptions {
  /** postgres://user:pass@host:port/db */
  readonly url: string;
  /** @default 10 */
  readonly max?: number;
  readonly logger: Logger;
  /** Sent as application_name, visible in pg_stat_activity. */
  readonly applicationName: string;
}

/**
 * The type parsers of the pools createPool makes: int8 (bigint: counts, sequence numbers) as a JS
 * number, since our values fit in 2^53; everything else as pg parses it. Scoped to these pools
 * (pg's `types` option): importing the runtime changes no global pg parser.
 */
export const poolTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 && format !== 'binary'
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * A pool that survives a database restart: idle clients that die emit 'error' on the pool
 * (logged, not thrown), the pool drops them, and the next query opens a fresh connection.
 */
export function createPool(opts: PoolOptions): Pool {
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.max ?? 10,
    application_name: opts.applicationName,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    types: poolTypes,
  });
  pool.on('error', (err) =>
    opts.logger.warn({ err: err.message }, 'idle database connection lost; it will be replaced'),
  );
  return pool;
}

/**
 * How a use case publishes what it changed: it hands the change to this function inside its own
 * transaction, and the service's `events/publish.ts` writes the matching event to the outbox.
 * The domain never sees the outbox, Kafka or event schemas.
 */
export type Publisher<Change> = (tx: PoolClient, change: Change) => Promise<void>;

/**
 * Runs `fn` in a transaction; commits when it resolves, rolls back when it throws. A connection
 * that dies meanwhile (server restart, pg_terminate_backend) fails the transaction's next query;
 * the listener keeps pg's 'error' event on the checked-out client from crashing the process.
 */
export async function withTransaction<T>(pool: Pool, fn: (tx: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  const onError = (): void => undefined;
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.off('error', onError);
    client.release();
  }
}

/** True when the database answers a trivial query within `timeoutMs`. */
export async function databaseAnswers(pool: Pool, timeoutMs = 2_000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
    });
    await Promise.race([pool.query('SELECT 1'), timeout]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
