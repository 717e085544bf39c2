import { serviceEvents } from '@shopgraph/events';
import type { ServiceDeps } from '@shopgraph/platform';
import type { ProductsConfig } from '../config.ts';
import { handlers } from './handlers.ts';
import { publish } from './publish.ts';

/** The outbox relay and the brand/stock consumer (group PRODUCTS_CONSUMER_GROUP). */
export const startBackground = (config: ProductsConfig, deps: ServiceDeps) =>
  serviceEvents({ service: 'products', group: config.consumerGroup, handlers: handlers(publish) })(deps);
