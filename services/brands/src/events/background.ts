import { serviceEvents } from '@shopgraph/events';

/** brands publishes (BrandRegistered, from the outbox) and consumes nothing: the relay only. */
export const startBrandsEvents = serviceEvents({ service: 'brands' });
