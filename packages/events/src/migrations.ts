import { fileURLToPath } from 'node:url';
import type { MigrationSource } from '@shopgraph/platform';

/** The outbox and inbox tables; list it first in a service's `migrations` (recorded as `events:0001`). */
export const eventsMigrations: MigrationSource = {
  namespace: 'events',
  dir: fileURLToPath(new URL('../migrations', import.meta.url)),
};
