import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TestDatabase {
  /** URL of a fresh, empty database owned by the admin role. */
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

/** Admin URL of the test PostgreSQL; set by tests/global-setup.ts (or TEST_ADMIN_DATABASE_URL). */
export function adminUrl(): string {
  const url = process.env['TEST_ADMIN_DATABASE_URL'];
  if (!url)
    throw new Error(
      'TEST_ADMIN_DATABASE_URL is not set: run integration tests through vitest (tests/global-setup.ts)',
    );
  return url;
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A new database per test file: tests never see each other's rows or the `make up` data. */
export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const name = `t_${prefix.replace(/\W/g, '_')}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
