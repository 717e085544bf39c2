import { defineConfig } from 'vitest/config';

// Runs only the chart tests, without the integration project's PostgreSQL/Kafka global setup:
//   npx vitest run --config charts/tests/vitest.config.ts
// `make test` runs the same files through the shared `integration` project.
export default defineConfig({
  test: {
    root: `${import.meta.dirname}/../..`,
    include: ['charts/tests/**/*.int.test.ts'],
    testTimeout: 60_000,
    fileParallelism: false,
  },
});
