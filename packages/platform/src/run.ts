import { ConfigError, loadConfig, type ConfigOf, type ConfigSpec } from './config.ts';
import { createLogger, type Logger } from './logger.ts';
import { runMigrations, type MigrationSource } from './migrations.ts';
import { createPool } from './db.ts';
import { exitOnSignal } from './shutdown.ts';
import { shutdownTelemetry } from './telemetry.ts';
import type { ServiceConfig } from './subgraph.ts';

/** Loads config; on a bad value prints every problem (naming the variable) and exits 1. */
export function loadConfigOrExit<S extends ConfigSpec>(spec: S): ConfigOf<S> {
  try {
    return loadConfig(spec);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
}

/** The whole of a service's index.ts: start it, log the URL, stop gracefully on a signal. */
export async function runUntilSignal(service: {
  start(): Promise<{ url: string }>;
  stop(): Promise<void>;
  logger: Logger;
}): Promise<void> {
  try {
    await service.start();
  } catch (err) {
    service.logger.fatal({ err }, 'failed to start');
    await service.stop().catch(() => undefined);
    process.exit(1);
  }
  // Spans still buffered are exported before exit (a no-op with tracing off).
  exitOnSignal(() => service.stop().finally(shutdownTelemetry), service.logger);
}

/** The whole of a service's migrate.ts: apply pending migrations and exit (the Helm hook Job). */
export async function migrateAndExit(
  name: string,
  config: ServiceConfig,
  migrations: MigrationSource | readonly MigrationSource[],
): Promise<void> {
  const logger = createLogger(`${name}-migrate`, config.logLevel);
  const pool = createPool({ url: config.databaseUrl, max: 1, logger, applicationName: `${name}-migrate` });
  try {
    const applied = await runMigrations(pool, migrations, logger);
    logger.info({ applied: applied.length }, 'migrations up to date');
  } catch (err) {
    logger.fatal({ err }, 'migration failed');
    process.exitCode = 1;
  } finally {
    await pool.end();
  }
}
