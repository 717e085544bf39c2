// Every environment key a workload reads (its config.ts spec) is either set by the chart or
// documented, with its default, in the comment above that chart's `env` map. A key added to a
// service's config.ts without a chart entry fails here.
import { describe, expect, it } from 'vitest';
import { readText, WORKLOADS } from './helm.ts';

interface Key {
  env: string | readonly string[];
  default?: unknown;
}

/** Set by the chart itself (ConfigMap, Secrets, global.jwt), not through `env`. */
const SET_BY_CHART = new Set([
  'PORT',
  'HOST',
  'GATEWAY_IDENTITY_PRIVATE_KEY',
  'GATEWAY_IDENTITY_PUBLIC_KEY',
  'LOG_LEVEL',
  'SHUTDOWN_TIMEOUT_MS',
  'DATABASE_URL',
  'KAFKA_BROKERS',
  'KAFKA_NAMESPACE',
  'MIGRATE_ON_START',
  'SUPERGRAPH_PATH',
  'JWT_PRIVATE_KEY',
  'JWT_PUBLIC_KEY',
  'JWT_ISSUER',
  'JWT_AUDIENCE',
  'JWT_TTL_SECONDS',
  'JWT_CLOCK_TOLERANCE_SECONDS',
]);

async function specOf(workload: string): Promise<Record<string, Key>> {
  const path =
    workload === 'gateway' ? '../../gateway/src/config.ts' : `../../services/${workload}/src/config.ts`;
  const mod = (await import(path)) as { configSpec: Record<string, Key> };
  return mod.configSpec;
}

describe.each(WORKLOADS)('When %s’s config keys are compared with its chart', (workload) => {
  it('then each key is set by the chart or documented with its default above `env`', async () => {
    const spec = await specOf(workload);
    const values = readText('charts', workload, 'values.yaml');
    const envComment = values.slice(values.indexOf('# Environment keys'), values.indexOf('\nenv:'));
    const problems: string[] = [];
    for (const [field, key] of Object.entries(spec)) {
      const names = typeof key.env === 'string' ? [key.env] : [...key.env];
      if (names.some((n) => SET_BY_CHART.has(n))) continue;
      const name = names[0]!;
      const line = envComment.match(new RegExp(`^#\\s+${name} \\[([^\\]]*)\\]`, 'm'));
      if (!line) {
        problems.push(
          `${name} (${field}) is neither set by the chart nor listed above env in charts/${workload}/values.yaml`,
        );
        continue;
      }
      if (
        (typeof key.default === 'number' || typeof key.default === 'string') &&
        line[1] !== String(key.default)
      )
        problems.push(`${name}: values.yaml says [${line[1]}], config.ts defaults to ${String(key.default)}`);
    }
    expect(problems).toEqual([]);
  });
});
