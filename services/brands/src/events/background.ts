import { serviceEvents } from '@shopgraph/events';
import type { ServiceDeps } from '@shopgraph/platform';
import type { BrandsConfig } from '../config.ts';
import { handlers } from './handlers.ts';

/** The outbox relay (BrandRegistered); no consumer, as there are no handlers. */
export const startBackground = (_config: BrandsConfig, deps: ServiceDeps) =>
  serviceEvents({ service: 'brands', handlers: handlers() })(deps);
