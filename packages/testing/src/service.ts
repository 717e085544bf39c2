import {
  loadConfig,
  serviceConfigSpec,
  type ConfigOf,
  type ConfigSpec,
  type ServiceConfig,
  type ServiceName,
  type SubgraphService,
} from '@shopgraph/platform';

/**
 * Config for a service under test, read through the service's own spec (its `configSpec`; the
 * platform keys alone by default): port 0, the given database, quiet logs, plus `env` overrides.
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
