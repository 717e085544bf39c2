import type { TestProject } from 'vitest/node';
import { isRunning, runScript } from '@shopgraph/testing';

const POSTGRES = 'scripts/stack/postgres.sh';
const KAFKA = 'scripts/kafka/run.sh';

/**
 * Starts PostgreSQL and Kafka once per integration run, with the same scripts `make up` uses,
 * and afterwards stops only what this run started (a running `make up` stack is reused).
 * TEST_ADMIN_DATABASE_URL and KAFKA_BROKERS point at existing servers instead.
 */
export default function setup(_project: TestProject): () => void {
  const started: string[] = [];
  if (!process.env['TEST_ADMIN_DATABASE_URL']) {
    if (!isRunning(POSTGRES)) started.push(POSTGRES);
    runScript(POSTGRES, ['start']);
    process.env['TEST_ADMIN_DATABASE_URL'] = runScript(POSTGRES, ['url']).trim();
  }
  if (!process.env['KAFKA_BROKERS']) {
    if (!isRunning(KAFKA)) started.push(KAFKA);
    runScript(KAFKA, ['start']);
    process.env['KAFKA_BROKERS'] = `127.0.0.1:${process.env['KAFKA_PORT'] ?? '9092'}`;
  }
  return () => {
    if (process.env['KEEP_INFRA']) return;
    // Empty KAFKA_BROKERS: set above for the tests, it would make run.sh treat ours as external.
    for (const script of started.reverse()) runScript(script, ['stop'], { KAFKA_BROKERS: '' });
  };
}
