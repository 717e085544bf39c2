import { loadConfigOrExit, migrateAndExit } from '@shopgraph/platform';
import { configSpec } from './config.ts';
import { migrations } from './server.ts';

await migrateAndExit('orders', loadConfigOrExit(configSpec), migrations);
