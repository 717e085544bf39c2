import { defineConfig } from 'vitest/config';

// One runner, two projects: `unit` needs nothing running; `integration` talks to the real
// PostgreSQL and Kafka that tests/global-setup.ts starts once per run.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['**/tests/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/*.int.test.ts'],
        },
      },
      {
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
    ],
  },
});
