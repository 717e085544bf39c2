import { parse, type ConfigKey } from './config.ts';
import { identityVerifierConfigSpec } from './identity-token.ts';
import { workload } from './workloads.ts';

/** A subgraph service's name as `packages/platform/workloads.tsv` lists it (brands, products, ...). */
export type ServiceName = string;

const logLevel = parse.oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent');

/** Keys every workload (subgraphs and gateway) reads. */
export function commonConfigSpec(prefix: string, defaultPort: number) {
  return {
    port: {
      env: [`${prefix}_PORT`, 'PORT'],
      doc: 'HTTP port for /graphql, /healthz, /readyz, /metrics (0 picks a free port)',
      default: defaultPort,
      parse: parse.port,
    } satisfies ConfigKey<number>,
    host: {
      env: 'HOST',
      doc: 'address to listen on: loopback only by default (container images and the chart set 0.0.0.0)',
      default: '127.0.0.1',
      parse: parse.string,
    } satisfies ConfigKey<string>,
    logLevel: {
      env: 'LOG_LEVEL',
      doc: 'pino log level',
      default: 'info',
      parse: logLevel,
    } satisfies ConfigKey<string>,
    shutdownTimeoutMs: {
      env: 'SHUTDOWN_TIMEOUT_MS',
      doc: 'on SIGTERM, how long in-flight requests may take to finish',
      default: 10_000,
      parse: parse.int(0, 600_000),
    } satisfies ConfigKey<number>,
  };
}

/** Keys every subgraph service reads, named after the service (e.g. BRANDS_DATABASE_URL). */
export function serviceConfigSpec(service: ServiceName, env: NodeJS.ProcessEnv = process.env) {
  const { kind, port, database } = workload(service);
  if (kind !== 'subgraph' || database === null)
    throw new Error(`${service} is not a subgraph service with a database`);
  const prefix = service.toUpperCase();
  const pgPort = env['PGPORT'] ?? '5432';
  return {
    ...commonConfigSpec(prefix, port),
    /** GATEWAY_IDENTITY_PUBLIC_KEY, IDENTITY_CLOCK_TOLERANCE_SECONDS: see identity-token.ts. */
    ...identityVerifierConfigSpec,
    databaseUrl: {
      env: [`${prefix}_DATABASE_URL`, 'DATABASE_URL'],
      doc: `PostgreSQL URL of the ${database} database`,
      default: `postgres://${database}:${database}@127.0.0.1:${pgPort}/${database}`,
      parse: parse.url('postgres', 'postgresql'),
      secret: true,
    } satisfies ConfigKey<string>,
    dbPoolMax: {
      env: 'DB_POOL_MAX',
      doc: 'most database connections held',
      default: 10,
      parse: parse.int(1, 200),
    } satisfies ConfigKey<number>,
    kafkaBrokers: {
      env: 'KAFKA_BROKERS',
      doc: 'Kafka bootstrap servers, host:port comma list',
      default: ['127.0.0.1:9092'],
      parse: parse.hostPortList,
    } satisfies ConfigKey<string[]>,
    kafkaNamespace: {
      env: 'KAFKA_NAMESPACE',
      doc: 'prefix of every Kafka topic and consumer group, so stacks can share a broker (empty: none)',
      default: '',
      parse: (raw: string): string | Error =>
        /^[a-z0-9][a-z0-9-]{0,40}$/.test(raw)
          ? raw
          : new Error('lowercase letters, digits and hyphens, at most 41'),
    } satisfies ConfigKey<string>,
    migrateOnStart: {
      env: 'MIGRATE_ON_START',
      doc: 'apply pending migrations at start (the Helm chart sets false and runs a hook Job)',
      default: true,
      parse: parse.bool,
    } satisfies ConfigKey<boolean>,
  };
}

/**
 * `<SERVICE>_CONSUMER_GROUP`: the Kafka consumer group (and inbox name) of a service's consumer,
 * `shopgraph.<service>` by default; tests give each run its own. `consumer` names it in the doc.
 */
export function consumerGroupConfigKey(service: ServiceName, consumer: string) {
  return {
    env: `${service.toUpperCase()}_CONSUMER_GROUP`,
    doc: `Kafka consumer group (and inbox name) of the ${consumer} consumer; tests give each run its own`,
    default: `shopgraph.${service}`,
    parse: parse.string,
  } satisfies ConfigKey<string>;
}
