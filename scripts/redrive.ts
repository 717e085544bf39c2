// `make redrive SERVICE=<name> [ALL=1]`: re-publish a service's dead letters to its consumer
// (packages/events/src/redrive.ts). Kafka from KAFKA_BROKERS / KAFKA_NAMESPACE, as the service.
import { redrive } from '@shopgraph/events';
import { createLogger, loadConfigOrExit, serviceConfigSpec, SUBGRAPHS } from '@shopgraph/platform';

const fail = (message: string): never => {
  process.stderr.write(`redrive: ${message}\n`);
  process.exit(2);
};

const args = process.argv.slice(2);
const service = args.find((a) => !a.startsWith('--')) ?? process.env['SERVICE'] ?? '';
const all = args.includes('--all') || process.env['ALL'] === '1';
if (!SUBGRAPHS.includes(service))
  fail(
    `SERVICE must be one of ${SUBGRAPHS.join(', ')} (got "${service}"); usage: make redrive SERVICE=<name> [ALL=1]`,
  );

const { kafkaBrokers, kafkaNamespace } = serviceConfigSpec(service);
const config = loadConfigOrExit({ kafkaBrokers, kafkaNamespace });
const logger = createLogger('redrive', process.env['LOG_LEVEL'] ?? 'error');
try {
  const result = await redrive({
    service,
    brokers: config.kafkaBrokers,
    namespace: config.kafkaNamespace,
    logger,
    all,
  });
  process.stdout.write(
    `redrove ${result.redriven} dead letters of ${service} (${result.from} -> ${result.to})\n`,
  );
} catch (err) {
  fail(`${(err as Error).message} (is Kafka running at ${config.kafkaBrokers.join(',')}?)`);
}
