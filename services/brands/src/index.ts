import { loadConfigOrExit, runUntilSignal } from '@shopgraph/platform';
import { configSpec } from './config.ts';
import { createBrandsService } from './server.ts';

await runUntilSignal(createBrandsService(loadConfigOrExit(configSpec)));
