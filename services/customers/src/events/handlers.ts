import type { Handler } from '@shopgraph/events';

/** customers consumes nothing: it is the source of customer facts. */
export const handlers = (): Handler[] => [];
