import { loadConfigOrExit, runUntilSignal } from '@shopgraph/platform';
import { configSpec } from './config.ts';
import { createInventoryService } from './server.ts';

await runUntilSignal(createInventoryService(loadConfigOrExit(configSpec)));
