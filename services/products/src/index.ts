import { loadConfigOrExit, runUntilSignal } from '@shopgraph/platform';
import { configSpec } from './config.ts';
import { createProductsService } from './server.ts';

await runUntilSignal(createProductsService(loadConfigOrExit(configSpec)));
