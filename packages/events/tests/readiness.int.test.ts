import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, eventually, testServiceConfig, type TestDatabase } from '@shopgraph/testing';
import { createSubgraphService } from '@shopgraph/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsMigrations, serviceEvents } from '../src/index.ts';
import { ensureTopics } from '../src/kafka.ts';
import { brokers, counterEvent, counterHandler, deleteTopics, kafka } from './support.ts';

/** A loopback port free now (bound, then closed): the service must be reachable before start() resolves. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const readyz = async (port: number) => {
  const res = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
  return res && { status: res.status, body: await res.text() };
};

describe('/readyz of a service with a consumer (real PostgreSQL and Kafka)', () => {
  let db: TestDatabase;
  const topics: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('events_readiness');
  });
  afterAll(async () => {
    await db.drop();
    await deleteTopics(...topics);
  });

  it('when its consumer group is still joining, then /readyz is 503; once joined with its partitions, 200', async () => {
    const def = counterEvent();
    const namespace = `t-ready-${def.producer}`;
    const topic = `${namespace}.${def.topic}`;
    const group = `${namespace}.g-ready`;
    topics.push(topic, `${namespace}.shopgraph.brands.dlq`, `${namespace}.shopgraph.brands.redrive`);
    // Another member of the group, busy in a batch: the coordinator holds the service's join
    // until that member rejoins (a real "group still joining", as at `make up` beside old members).
    await ensureTopics(kafka(), [topic], { brokers: brokers() });
    const producer = kafka().producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'k', value: 'not an event' }] });
    await producer.disconnect();
    const member = kafka().consumer({ groupId: group, sessionTimeout: 30_000 });
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let joinPending!: () => void;
    const joining = new Promise<void>((resolve) => (joinPending = resolve));
    await member.connect();
    await member.subscribe({ topic, fromBeginning: true });
    await member.run({
      eachBatch: async ({ heartbeat }) => {
        // Heartbeats fail with REBALANCE_IN_PROGRESS once the service asks to join.
        await eventually(
          () =>
            heartbeat().then(
              () => false,
              () => true,
            ),
          60_000,
          'a join request',
        );
        joinPending();
        await released;
      },
    });

    const port = await freePort();
    const config = testServiceConfig('brands', db.url, {
      BRANDS_PORT: String(port),
      KAFKA_NAMESPACE: namespace,
    });
    const service = createSubgraphService(
      {
        name: 'brands',
        schemaPath: fileURLToPath(new URL('./fixtures/readiness.graphql', import.meta.url)),
        migrations: [eventsMigrations],
        resolvers: { Query: { ping: () => 'pong' } },
        context: () => (base) => base,
        background: (_config, deps) =>
          serviceEvents({ service: 'brands', group: 'g-ready', handlers: [counterHandler(def)] })(deps),
      },
      config,
    );
    const started = service.start();
    try {
      await joining;
      const before = await eventually(() => readyz(port), 30_000, '/readyz answering');
      expect(before.status).toBe(503);
      expect(before.body).toContain(`${group}: consumer has not joined its group yet`);

      release();
      await member.disconnect();
      await started;
      const after = await readyz(port);
      expect(after).toEqual({ status: 200, body: 'ready\n' });
      const { groups } = await (async () => {
        const a = kafka().admin();
        await a.connect();
        try {
          return await a.describeGroups([group]);
        } finally {
          await a.disconnect();
        }
      })();
      expect(groups[0]!.members).toHaveLength(1);
    } finally {
      release();
      await member.disconnect().catch(() => undefined);
      await started.catch(() => undefined);
      await service.stop();
    }
  });
});
