import { loadConfigOrExit, migrateAndExit } from '@shopgraph/platform';
import { configSpec } from './config.ts';
import { migrationsDir } from './server.ts';

await migrateAndExit('brands', loadConfigOrExit(configSpec), migrationsDir);
