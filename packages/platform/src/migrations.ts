import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Pool } from './db.ts';

/**
 * Ordered SQL migrations: files named `NNNN_description.sql` in folders, each applied once
 * in its own transaction and recorded in `schema_migrations`. A session advisory lock makes
 * concurrent runners (several replicas starting at once) take turns; the second finds nothing to do.
 *
 * A service lists its sources in order: shared ones (e.g. the events package's outbox and
 * inbox tables) carry a namespace, recorded as `events:0001`; the service's own folder has none.
 */
export type MigrationSource = string | { readonly namespace: string; readonly dir: string };

export interface Migration {
  readonly version: string;
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

const FILE = /^(\d{4,})_([\w-]+)\.sql$/;
// Arbitrary constant shared by every runner: "shopgraph migrations".
const LOCK_KEY = 0x5309_0001;

async function readSource(source: MigrationSource): Promise<Migration[]> {
  const { namespace, dir } = typeof source === 'string' ? { namespace: '', dir: source } : source;
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  return Promise.all(
    files.map(async (file) => {
      const match = FILE.exec(file);
      if (!match) throw new Error(`migration file ${file} must be named NNNN_description.sql`);
      const sql = await readFile(path.join(dir, file), 'utf8');
      const checksum = createHash('sha256').update(sql).digest('hex');
      return { version: namespace ? `${namespace}:${match[1]!}` : match[1]!, name: match[2]!, sql, checksum };
    }),
  );
}

/** Every migration of every source, in the order the sources are listed. */
export async function readMigrations(
  sources: MigrationSource | readonly MigrationSource[],
): Promise<Migration[]> {
  const list = Array.isArray(sources)
    ? (sources as readonly MigrationSource[])
    : [sources as MigrationSource];
  return (await Promise.all(list.map(readSource))).flat();
}

const ensureTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version text PRIMARY KEY,
  name text NOT NULL,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

/** Applies every pending migration; returns the versions it applied (empty when up to date). */
export async function runMigrations(
  pool: Pool,
  sources: MigrationSource | readonly MigrationSource[],
  logger: Logger,
): Promise<string[]> {
  const migrations = await readMigrations(sources);
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query(ensureTable);
    const { rows } = await client.query<{ version: string; checksum: string }>(
      'SELECT version, checksum FROM schema_migrations',
    );
    const applied = new Map(rows.map((r) => [r.version, r.checksum]));
    const done: string[] = [];
    for (const m of migrations) {
      const seen = applied.get(m.version);
      if (seen !== undefined) {
        if (seen !== m.checksum)
          throw new Error(`migration ${m.version}_${m.name} was changed after it was applied`);
        continue;
      }
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
          m.version,
          m.name,
          m.checksum,
        ]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${m.version}_${m.name} failed: ${(err as Error).message}`, { cause: err });
      }
      logger.info({ migration: `${m.version}_${m.name}` }, 'migration applied');
      done.push(m.version);
    }
    return done;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined);
    client.release();
  }
}

/** Versions in `dir` not yet recorded as applied (all of them when the table does not exist). */
export async function pendingMigrations(
  pool: Pool,
  sources: MigrationSource | readonly MigrationSource[],
): Promise<string[]> {
  const migrations = await readMigrations(sources);
  const { rows } = await pool
    .query<{ version: string }>(
      "SELECT version FROM schema_migrations WHERE to_regclass('schema_migrations') IS NOT NULL",
    )
    .catch((err: { code?: string }) => {
      if (err.code === '42P01') return { rows: [] as { version: string }[] };
      throw err;
    });
  const applied = new Set(rows.map((r) => r.version));
  return migrations.map((m) => m.version).filter((v) => !applied.has(v));
}
