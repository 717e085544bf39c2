import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@shopgraph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, createPool, pendingMigrations, runMigrations, type Pool } from '../src/index.ts';

const logger = createLogger('test', 'silent');

async function migrationsDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'migrations-'));
  for (const [name, sql] of Object.entries(files)) await writeFile(path.join(dir, name), sql);
  return dir;
}

describe('migrations (real PostgreSQL)', () => {
  let db: TestDatabase;
  let pool: Pool;
  beforeAll(async () => {
    db = await createTestDatabase('migrations');
    pool = createPool({ url: db.url, logger, applicationName: 'test', max: 10 });
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  it('when run twice, then each migration is applied once, in order', async () => {
    const dir = await migrationsDir({
      '0002_add_column.sql': 'ALTER TABLE things ADD COLUMN colour text;',
      '0001_create.sql': 'CREATE TABLE things (id int PRIMARY KEY);',
    });
    expect(await pendingMigrations(pool, dir)).toEqual(['0001', '0002']);
    expect(await runMigrations(pool, dir, logger)).toEqual(['0001', '0002']);
    expect(await runMigrations(pool, dir, logger)).toEqual([]);
    expect(await pendingMigrations(pool, dir)).toEqual([]);
    const { rows } = await pool.query('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(['0001', '0002']);
  });

  it('when two runners start at once, then the migrations are applied exactly once', async () => {
    const dir = await migrationsDir({
      '0003_slow.sql': 'SELECT pg_sleep(0.3); CREATE TABLE counters (n int);',
      '0004_insert.sql': 'INSERT INTO counters VALUES (1);',
    });
    const both = await Promise.all([runMigrations(pool, dir, logger), runMigrations(pool, dir, logger)]);
    expect(both.flat().sort()).toEqual(['0003', '0004']);
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM counters');
    expect(rows[0].n).toBe(1);
  });

  it('when a migration fails, then nothing of it is recorded and the error names it', async () => {
    const dir = await migrationsDir({ '0005_broken.sql': 'CREATE TABLE half (id int); SELECT nope;' });
    await expect(runMigrations(pool, dir, logger)).rejects.toThrow(/migration 0005_broken failed/);
    const { rows } = await pool.query("SELECT to_regclass('half') AS t");
    expect(rows[0].t).toBeNull();
    expect(await pendingMigrations(pool, dir)).toEqual(['0005']);
  });

  it('when an applied migration file is edited, then the runner refuses to go on', async () => {
    const dir = await migrationsDir({ '0001_create.sql': 'CREATE TABLE things (id bigint PRIMARY KEY);' });
    await expect(runMigrations(pool, dir, logger)).rejects.toThrow(
      'migration 0001_create was changed after it was applied',
    );
  });
});
