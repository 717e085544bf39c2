import {
  createTestDatabase,
  eventually,
  startTcpProxy,
  type TcpProxy,
  type TestDatabase,
} from '@shopgraph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import {
  createSubgraphService,
  loadConfig,
  runMigrations,
  serviceConfigSpec,
  type SubgraphService,
} from '../src/index.ts';

const fixture = (p: string) => fileURLToPath(new URL(`./fixtures/${p}`, import.meta.url));

/** A minimal subgraph on the platform factory: `{ ping }` runs SELECT 1. */
function pingService(databaseUrl: string, migrateOnStart: boolean): SubgraphService {
  const config = loadConfig(serviceConfigSpec('brands'), {
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'silent',
    MIGRATE_ON_START: String(migrateOnStart),
  });
  return createSubgraphService(
    {
      name: 'brands',
      schemaPath: fixture('ping.graphql'),
      migrations: fixture('migrations'),
      resolvers: {
        Query: {
          ping: async (_: unknown, __: unknown, ctx: { pool: SubgraphService['pool'] }) =>
            (await ctx.pool.query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one,
        },
      },
      context: () => (base) => base,
    },
    config,
  );
}

describe('readiness and database restarts (real PostgreSQL behind a cuttable proxy)', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let service: SubgraphService;
  let base: string;

  beforeAll(async () => {
    db = await createTestDatabase('readiness');
    const real = new URL(db.url);
    proxy = await startTcpProxy(Number(real.port));
    const viaProxy = new URL(db.url);
    viaProxy.port = String(proxy.port);
    service = pingService(viaProxy.toString(), true);
    const { port } = await service.start();
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await service.stop();
    await proxy.close();
    await db.drop();
  });

  const readyStatus = async () => (await fetch(`${base}/readyz`)).status;
  const ping = async () =>
    (
      await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"query":"{ ping }"}',
      })
    ).json();

  it('when the database goes away and comes back, then /readyz flips to 503 and back to 200, and queries work again', async () => {
    expect(await readyStatus()).toBe(200);
    expect(await ping()).toEqual({ data: { ping: 1 } });

    await proxy.cut();
    await eventually(async () => (await readyStatus()) === 503, 10_000, 'readyz 503');
    expect((await fetch(`${base}/healthz`)).status).toBe(200); // alive, just not ready

    await proxy.restore();
    await eventually(async () => (await readyStatus()) === 200, 10_000, 'readyz 200');
    expect(await ping()).toEqual({ data: { ping: 1 } });
  });

  it('when migrations are pending, then /readyz is 503 naming them until they are applied', async () => {
    const fresh = await createTestDatabase('readiness_pending');
    const unmigrated = pingService(fresh.url, false);
    try {
      const { port } = await unmigrated.start();
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.text()).toBe('not ready: migrations pending: 0001\n');
      await runMigrations(unmigrated.pool, fixture('migrations'), unmigrated.logger);
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    } finally {
      await unmigrated.stop();
      await fresh.drop();
    }
  });
});
