// Usage: node scripts/stack/seed.ts <service>...
// For each service: apply its migrations, then run its seed (services/<name>/src/seed.ts), if any.
// One process for all services keeps `make up` fast. Idempotent: a second run creates nothing.
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  createLogger,
  createPool,
  loadConfigOrExit,
  runMigrations,
  serviceConfigSpec,
  type MigrationSource,
  type ServiceName,
} from '@shopgraph/platform';
import type { SeedFn } from '@shopgraph/platform/seed';

const root = path.resolve(import.meta.dirname, '../..');
const logger = createLogger('seed', process.env['LOG_LEVEL'] ?? 'warn');

async function prepare(name: ServiceName): Promise<string> {
  const config = loadConfigOrExit(serviceConfigSpec(name));
  const pool = createPool({ url: config.databaseUrl, max: 2, logger, applicationName: `${name}-seed` });
  try {
    const { migrations } = (await import(path.join(root, 'services', name, 'src/server.ts'))) as {
      migrations: MigrationSource[];
    };
    const applied = await runMigrations(pool, migrations, logger);
    const seedFile = path.join(root, 'services', name, 'src/seed.ts');
    let created = 0;
    if (existsSync(seedFile)) {
      const { seed } = (await import(seedFile)) as { seed: SeedFn };
      created = (await seed({ pool, logger })).created;
    }
    return `${name}: ${applied.length} migrations applied, ${created} rows seeded`;
  } finally {
    await pool.end();
  }
}

// Sequential: seeds may read what an earlier service's seed wrote (through events, later).
for (const name of process.argv.slice(2) as ServiceName[]) {
  process.stdout.write(`  ${await prepare(name)}\n`);
}
