import { loadConfigOrExit, runUntilSignal } from '@shopgraph/platform';
import { configSpec } from './config.ts';
import { createPaymentsService } from './server.ts';

await runUntilSignal(createPaymentsService(loadConfigOrExit(configSpec)));
