import type { ServiceDeps } from '@shopgraph/platform';
import { startConsumer } from './consumer.ts';
import type { Handler } from './handlers.ts';
import { startRelay } from './relay.ts';

export interface ServiceEventsOptions {
  /** The producing/consuming service, e.g. 'orders'. */
  readonly service: string;
  /** What it consumes; none: only the relay runs. */
  readonly handlers?: readonly Handler[];
  /** Consumer group. @default `shopgraph.<service>` */
  readonly group?: string;
}

/**
 * A service's whole event side, for `SubgraphDefinition.background`: the outbox relay and,
 * when it has handlers, its consumer; each adds its readiness check to `deps.readiness` (the
 * service is ready once the relay runs and the consumer joined its group). Resolves to a stopper that stops the consumer first
 * (no new effects), then the relay (which flushes what is pending).
 */
export function serviceEvents(
  opts: ServiceEventsOptions,
): (deps: ServiceDeps) => Promise<() => Promise<void>> {
  return async ({ config, pool, logger, metrics, readiness }) => {
    const kafka = {
      service: opts.service,
      pool,
      logger,
      metrics,
      brokers: config.kafkaBrokers,
      namespace: config.kafkaNamespace,
      ...(readiness ? { readiness } : {}),
    };
    const stopRelay = await startRelay(kafka);
    const handlers = opts.handlers ?? [];
    const stopConsumer =
      handlers.length > 0
        ? await startConsumer({ ...kafka, handlers, group: opts.group ?? `shopgraph.${opts.service}` })
        : async () => undefined;
    return async () => {
      await stopConsumer();
      await stopRelay();
    };
  };
}
