import { loadConfigOrExit, runUntilSignal } from '@shopgraph/platform';
import { configSpec } from './config.ts';
import { createGateway } from './server.ts';
import { aggregateMetricsAcrossWorkers, runWorkers, workerCount } from './workers.ts';

const config = loadConfigOrExit(configSpec);
await runWorkers(workerCount(config.workers), async () => {
  const gateway = createGateway(config);
  aggregateMetricsAcrossWorkers(gateway.metrics.registry);
  await runUntilSignal(gateway);
});
