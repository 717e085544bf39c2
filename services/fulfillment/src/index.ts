import { loadConfigOrExit, runUntilSignal } from '@shopgraph/platform';
import { configSpec } from './config.ts';
import { createFulfillmentService } from './server.ts';

await runUntilSignal(createFulfillmentService(loadConfigOrExit(configSpec)));
