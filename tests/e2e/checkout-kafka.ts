// A private single-node Kafka (KRaft) for the checkout tests: its own ports and temp data dir.
//
// Why not the shared broker: every stack on this machine (`make up`, other e2e runs, other
// services' integration tests with fresh consumer groups reading from the beginning) shares
// the topics. An inventory consumer of another stack would answer *our* OrderPlaced with a
// StockReservationRejected (it does not know our products) on the same inventory topic, and
// our orders service would act on it. Checkout invariants need a broker only this run uses.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { ROOT } from '@shopgraph/testing';

export interface PrivateKafka {
  /** host:port, for KAFKA_BROKERS. */
  readonly brokers: string;
  stop(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });

function kafkaHome(): string {
  const dir = readdirSync(path.join(ROOT, '.tools')).find((d) => /^kafka-\d/.test(d));
  if (!dir) throw new Error('Kafka jars not installed: run `make setup` (scripts/kafka/install.sh)');
  return path.join(ROOT, '.tools', dir);
}

// Every service's topic and dead-letter topic, created before any service starts: on a fresh
// broker, services creating the same topics at once can subscribe before a partition has a
// leader ("This server does not host this topic-partition") and stop.
const SERVICES = ['brands', 'products', 'inventory', 'customers', 'orders', 'payments', 'fulfillment'];
const TOPICS = SERVICES.flatMap((s) => [`shopgraph.${s}.events`, `shopgraph.${s}.dlq`]);

/**
 * Starts a broker with the project's topics (3 partitions, as services create them) and
 * resolves once they have leaders (about 10-15 s).
 */
export async function startPrivateKafka(timeoutMs = 60_000): Promise<PrivateKafka> {
  const [port, cport] = [await freePort(), await freePort()];
  const dir = mkdtempSync(path.join(tmpdir(), 'shopgraph-checkout-kafka-'));
  const props = path.join(dir, 'server.properties');
  writeFileSync(
    props,
    [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@127.0.0.1:${cport}`,
      `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${cport}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
      'controller.listener.names=CONTROLLER',
      'inter.broker.listener.name=PLAINTEXT',
      'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
      `log.dirs=${path.join(dir, 'data')}`,
      'num.partitions=1',
      'default.replication.factor=1',
      'min.insync.replicas=1',
      'offsets.topic.replication.factor=1',
      'offsets.topic.num.partitions=3',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'auto.create.topics.enable=false',
      'group.initial.rebalance.delay.ms=0',
      'num.network.threads=2',
      'num.io.threads=4',
    ].join('\n'),
  );
  writeFileSync(
    path.join(dir, 'log4j.properties'),
    `log4j.rootLogger=WARN, file
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=${path.join(dir, 'server.log')}
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
`,
  );
  const java = [
    '-Xms256m',
    '-Xmx512m',
    '-Djava.awt.headless=true',
    `-Dlog4j.configuration=file:${path.join(dir, 'log4j.properties')}`,
    '-cp',
    `${kafkaHome()}/libs/*`,
  ];
  execFileSync(
    'java',
    [
      ...java,
      '-XX:TieredStopAtLevel=1',
      'kafka.tools.StorageTool',
      'format',
      '-t',
      'c2hvcGdyYXBoLWNoZWNrb3V0',
      '-c',
      props,
    ],
    {
      stdio: 'ignore',
    },
  );
  const broker: ChildProcess = spawn(
    'java',
    [...java, '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20', 'kafka.Kafka', props],
    { stdio: 'ignore', detached: false },
  );
  let exited = false;
  broker.once('exit', () => (exited = true));
  const brokers = `127.0.0.1:${port}`;
  const stop = async () => {
    if (!exited) {
      broker.kill('SIGTERM');
      const deadline = Date.now() + 20_000;
      while (!exited && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      if (!exited) broker.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const kafka = new Kafka({
    clientId: 'checkout-ready',
    brokers: [brokers],
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const admin = kafka.admin();
    try {
      await admin.connect();
      await admin.listTopics();
      await admin.createTopics({
        waitForLeaders: true,
        topics: TOPICS.map((topic) => ({ topic, numPartitions: 3, replicationFactor: 1 })),
      });
      await admin.disconnect();
      return { brokers, stop };
    } catch {
      await admin.disconnect().catch(() => undefined);
    }
    if (exited || Date.now() > deadline) {
      await stop();
      throw new Error(`private Kafka did not start on ${brokers}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
