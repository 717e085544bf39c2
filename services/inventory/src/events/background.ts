import { serviceEvents } from '@shopgraph/events';
import { handlers } from './handlers.ts';

/** The outbox relay and the checkout consumer (group shopgraph.inventory). */
export const startEvents = serviceEvents({ service: 'inventory', handlers });
