import type { Handler } from '@shopgraph/events';

/** brands consumes nothing: it is the source of brand facts. */
export const handlers = (): Handler[] => [];
