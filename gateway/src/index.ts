import { loadConfigOrExit, runUntilSignal } from '@shopgraph/platform';
import { configSpec } from './config.ts';
import { createGateway } from './server.ts';

await runUntilSignal(createGateway(loadConfigOrExit(configSpec)));
