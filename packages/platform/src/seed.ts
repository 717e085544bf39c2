// The `@shopgraph/platform/seed` entry point: what local seed data needs, kept out of the runtime's
// main surface (no request path uses it).
import type { Authenticated } from './auth.ts';
import type { Pool } from './db.ts';
import type { Logger } from './logger.ts';

export { stableUuid } from './ids.ts';

/** What a service's `src/seed.ts` exports: idempotent, deterministic local data. */
export type SeedFn = (deps: {
  readonly pool: Pool;
  readonly logger: Logger;
}) => Promise<{ readonly created: number }>;

/**
 * The identity seeds act as: they call the same use cases as a request, so they pass the same
 * authorization rules, explicitly as an admin, instead of a bypass.
 */
export const SEED_IDENTITY: Authenticated = Object.freeze({ role: 'admin', subject: 'seed' });
