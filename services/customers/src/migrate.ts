import { loadConfigOrExit, migrateAndExit, serviceConfigSpec } from '@shopgraph/platform';
import { migrations } from './server.ts';

// The migration Job needs the database only, not the signing key.
await migrateAndExit('customers', loadConfigOrExit(serviceConfigSpec('customers')), migrations);
