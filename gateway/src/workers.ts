import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import { AggregatorRegistry, type Registry } from 'prom-client';

const METRICS_REQUEST = 'shopgraph:cluster-metrics';

/** GATEWAY_WORKERS: 0 means one worker per CPU this process may run on (its affinity). */
export const workerCount = (configured: number): number =>
  configured > 0 ? configured : availableParallelism();

/**
 * Runs `worker` in `count` processes sharing one listening port (node:cluster), or in this
 * process when count is 1. The primary only supervises: it replaces a worker that dies,
 * forwards SIGTERM/SIGINT to the workers and exits when they have drained, and collects every
 * worker's metrics for whichever worker is asked for /metrics.
 */
export async function runWorkers(count: number, worker: () => Promise<void>): Promise<void> {
  if (count <= 1 || !cluster.isPrimary) return worker();
  const aggregator = new AggregatorRegistry();
  let stopping = false;
  const fork = (): Worker => {
    const child = cluster.fork();
    child.on('message', (message: { type?: string; id?: number }) => {
      if (message.type !== METRICS_REQUEST) return;
      void aggregator
        .clusterMetrics()
        .then((text) => child.send({ type: METRICS_REQUEST, id: message.id, text }))
        .catch((err: unknown) => child.send({ type: METRICS_REQUEST, id: message.id, error: String(err) }));
    });
    return child;
  };
  for (let i = 0; i < count; i++) fork();
  cluster.on('exit', (_worker, code, signal) => {
    if (!stopping) {
      process.stderr.write(`gateway worker exited (${signal ?? code}); starting another\n`);
      fork();
    } else if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    for (const child of Object.values(cluster.workers ?? {})) child?.process.kill(signal);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGTERM'));
}

/**
 * In a cluster worker, makes `registry.metrics()` (what /metrics serves) return the metrics of
 * all workers, aggregated by the primary: counters and histograms summed, so one scrape sees
 * the whole process group. Outside a cluster it changes nothing.
 */
export function aggregateMetricsAcrossWorkers(registry: Registry): void {
  if (!cluster.isWorker) return;
  AggregatorRegistry.setRegistries([registry]);
  new AggregatorRegistry(); // installs the listener that answers the primary's collection requests
  const pending = new Map<number, { resolve: (text: string) => void; reject: (err: Error) => void }>();
  let next = 0;
  process.on('message', (message: { type?: string; id?: number; text?: string; error?: string }) => {
    if (message.type !== METRICS_REQUEST || message.id === undefined) return;
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.error !== undefined) waiter?.reject(new Error(message.error));
    else waiter?.resolve(message.text ?? '');
  });
  registry.metrics = () =>
    new Promise<string>((resolve, reject) => {
      const id = ++next;
      pending.set(id, { resolve, reject });
      process.send?.({ type: METRICS_REQUEST, id });
    });
}
