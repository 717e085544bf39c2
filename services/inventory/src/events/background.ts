import { serviceEvents } from '@shopgraph/events';
import type { ServiceDeps } from '@shopgraph/platform';
import type { InventoryConfig } from '../config.ts';
import { handlers } from './handlers.ts';
import { publish } from './publish.ts';

/** The outbox relay and the checkout consumer (group shopgraph.inventory). */
export const startBackground = (_config: InventoryConfig, deps: ServiceDeps) =>
  serviceEvents({ service: 'inventory', handlers: handlers(publish) })(deps);
