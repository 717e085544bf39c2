import { loadConfigOrExit, runUntilSignal } from '@shopgraph/platform';
import { configSpec } from './config.ts';
import { createOrdersService } from './server.ts';

await runUntilSignal(createOrdersService(loadConfigOrExit(configSpec)));
