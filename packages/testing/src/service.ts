import {
  loadConfig,
  serviceConfigSpec,
  type ConfigOf,
  type ConfigSpec,
  type ServiceConfig,
  type ServiceName,
  type SubgraphService,
} from '@shopgraph/platform';
import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { IDENTITY_KEYS_ENV } from './identity.ts';

/**
 * Config for a service under test, read through the service's own spec (its `configSpec`; the
 * platform keys alone by default): port 0, the given database, quiet logs, the test identity
 * key (so `as(identity)` headers verify), plus `env` overrides.
 */
export function testServiceConfig<S extends ConfigSpec = ReturnType<typeof serviceConfigSpec>>(
  name: ServiceName,
  databaseUrl: string,
  env: NodeJS.ProcessEnv = {},
  spec: S = serviceConfigSpec(name) as ConfigSpec as S,
): ConfigOf<S> {
  return loadConfig(spec, {
    [`${name.toUpperCase()}_PORT`]: '0',
    HOST: '127.0.0.1',
    [`${name.toUpperCase()}_DATABASE_URL`]: databaseUrl,
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    KAFKA_BROKERS: process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092',
    GATEWAY_IDENTITY_PUBLIC_KEY: IDENTITY_KEYS_ENV.GATEWAY_IDENTITY_PUBLIC_KEY,
    ...env,
  });
}

export interface StartedService<S extends SubgraphService = SubgraphService> {
  readonly service: S;
  readonly url: string;
  readonly port: number;
}

/** Starts a service built by `create`; stop it with `service.stop()` in afterAll. */
export async function startService<S extends SubgraphService, K extends ServiceConfig>(
  create: (config: K) => S,
  config: K,
): Promise<StartedService<S>> {
  const service = create(config);
  const { url, port } = await service.start();
  return { service, url, port };
}

/** The service a test file runs against, live between its beforeAll and afterAll. */
export interface ServiceUnderTest<S extends SubgraphService = SubgraphService> {
  readonly service: S;
  /** Its GraphQL URL. */
  readonly url: string;
  readonly db: TestDatabase;
}

/**
 * For one test file: a fresh database, the service built by `create` on it with
 * `testServiceConfig` (port 0, quiet logs, plus `env`, read through `spec`), started before the
 * file's tests and stopped, its database dropped, after them. Call it inside `describe`; read
 * `service`, `url` and `db` in hooks and tests (they exist once the file's beforeAll ran).
 */
export function useService<K extends ServiceConfig, S extends SubgraphService>(
  name: ServiceName,
  create: (config: K) => S,
  opts: { readonly env?: NodeJS.ProcessEnv; readonly spec?: ConfigSpec; readonly dbName?: string } = {},
): ServiceUnderTest<S> {
  let started: StartedService<S> | undefined;
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    db = await createTestDatabase(opts.dbName ?? name);
    const config = testServiceConfig(name, db.url, opts.env, opts.spec) as unknown as K;
    started = await startService(create, config);
  });
  afterAll(async () => {
    await started?.service.stop();
    await db?.drop();
  });
  const live = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not started yet: read it in a hook or a test`);
    return value;
  };
  return {
    get service() {
      return live(started, name).service;
    },
    get url() {
      return live(started, name).url;
    },
    get db() {
      return live(db, `${name}'s database`);
    },
  };
}
