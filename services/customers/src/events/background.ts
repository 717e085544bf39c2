import { serviceEvents } from '@shopgraph/events';
import type { ServiceDeps } from '@shopgraph/platform';
import type { CustomersConfig } from '../config.ts';
import { handlers } from './handlers.ts';

/** The outbox relay (AddressAdded); no consumer, as there are no handlers. */
export const startBackground = (_config: CustomersConfig, deps: ServiceDeps) =>
  serviceEvents({ service: 'customers', handlers: handlers() })(deps);
