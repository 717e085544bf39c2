import { serviceEvents } from '@shopgraph/events';
import type { ServiceDeps } from '@shopgraph/platform';
import type { FulfillmentConfig } from '../config.ts';
import { handlers } from './handlers.ts';

/** The outbox relay and the saga consumer (group FULFILLMENT_CONSUMER_GROUP). */
export const startBackground = (config: FulfillmentConfig, deps: ServiceDeps) =>
  serviceEvents({ service: 'fulfillment', group: config.consumerGroup, handlers: handlers() })(deps);
