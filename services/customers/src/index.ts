import { loadConfigOrExit, runUntilSignal } from '@shopgraph/platform';
import { configSpec } from './config.ts';
import { createCustomersService } from './server.ts';

await runUntilSignal(createCustomersService(loadConfigOrExit(configSpec)));
