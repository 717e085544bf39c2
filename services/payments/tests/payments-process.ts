// Runs the payments service in a process of its own, so a test can SIGKILL it (by this PID)
// mid-work and start it again. Usage: node payments-process.ts <database-url>, settings from the
// environment (consumer group, Kafka namespace, claim timeout, provider latency); prints
// {"url": ...} once its consumer and workers run; SIGTERM stops it.
import { testServiceConfig } from '@shopgraph/testing';
import { configSpec } from '../src/config.ts';
import { createPaymentsService } from '../src/server.ts';

const SETTINGS = [
  'PAYMENTS_CONSUMER_GROUP',
  'KAFKA_NAMESPACE',
  'PAYMENT_CLAIM_TIMEOUT_MS',
  'PAYMENT_PROVIDER_LATENCY_MS',
  'PAYMENT_SLOW_DELAY_MS',
];
const env = Object.fromEntries(SETTINGS.flatMap((k) => (process.env[k] ? [[k, process.env[k]]] : [])));
const service = createPaymentsService(testServiceConfig('payments', process.argv[2]!, env, configSpec));
const { url } = await service.start();
process.stdout.write(`${JSON.stringify({ url })}\n`);
process.once('SIGTERM', () => void service.stop().finally(() => process.exit(0)));
