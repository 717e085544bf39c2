import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

// One graphql instance, as under plain Node: Node loads graphql's CommonJS build (its "main")
// for Apollo and every dependency, while Vite would give transformed code the ESM build
// ("module"), and objects of one would fail the other's instanceof checks.
const graphql = { find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') };

// One runner, two projects: `unit` needs nothing running; `integration` talks to the real
// PostgreSQL and Kafka that tests/global-setup.ts starts once per run.
export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias: [graphql] },
        test: {
          name: 'unit',
          include: ['**/tests/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/*.int.test.ts'],
        },
      },
      {
        resolve: { alias: [graphql] },
        test: {
          name: 'integration',
          include: ['**/tests/**/*.int.test.ts'],
          exclude: ['**/node_modules/**'],
          globalSetup: ['./tests/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        // The chaos suite's short form (tests/chaos, scripts/chaos): it starts its own
        // PostgreSQL, Kafka and stack to kill, so it needs no global setup and runs alone.
        resolve: { alias: [graphql] },
        test: {
          name: 'chaos',
          include: ['tests/chaos/**/*.chaos.ts'],
          testTimeout: 300_000,
          // Setup starts PostgreSQL, Kafka and eight processes (retried on a slow fresh broker).
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
