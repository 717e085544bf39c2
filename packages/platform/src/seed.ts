import type { Pool } from './db.ts';
import type { Logger } from './logger.ts';

/** What a service's `src/seed.ts` exports: idempotent, deterministic local data. */
export type SeedFn = (deps: { readonly pool: Pool; readonly logger: Logger }) => Promise<{ readonly created: number }>;
