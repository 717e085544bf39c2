#!/usr/bin/env node
// Smoke test for a Kafka broker with kafkajs: create a topic, produce 100 messages with an
// idempotent producer (acks -1), consume them back in a consumer group, check counts, clean up.
// Any kafkajs ERROR log fails the run (e.g. UNSUPPORTED_VERSION), except errors kafkajs itself
// marks retriable and retries (a fresh broker answers "coordinator loading" at first use).
// Usage: node scripts/kafka/smoke.mjs   (KAFKA_BROKERS=host:port[,..], else 127.0.0.1:${KAFKA_PORT:-9092})
import kafkajs from 'kafkajs';
import kafkaErrors from 'kafkajs/src/protocol/error.js';

const { Kafka, Partitioners, logLevel } = kafkajs;
const N = 100;
const brokers = (process.env.KAFKA_BROKERS || `127.0.0.1:${process.env.KAFKA_PORT || 9092}`).split(',');
const run = `${Date.now()}-${process.pid}`;
const topic = `shopgraph-smoke-${run}`;
const groupId = `shopgraph-smoke-${run}`;

const retriable = new Set(kafkaErrors.errorCodes.filter((e) => e.retriable).map((e) => e.message));
const problems = [];
const transient = [];
const logCreator =
  () =>
  ({ namespace, level, log }) => {
    if (level > logLevel.WARN) return;
    const line = `[${namespace}] ${log.message}${log.error ? `: ${log.error}` : ''}`;
    if (level === logLevel.ERROR && retriable.has(log.error)) return void transient.push(line);
    console.error(`kafkajs ${level === logLevel.ERROR ? 'ERROR' : 'WARN'} ${line}`);
    if (level === logLevel.ERROR) problems.push(line);
  };
const kafka = new Kafka({ clientId: 'shopgraph-smoke', brokers, logLevel: logLevel.WARN, logCreator });
const admin = kafka.admin();
const producer = kafka.producer({
  idempotent: true,
  maxInFlightRequests: 1,
  createPartitioner: Partitioners.DefaultPartitioner,
});
const consumer = kafka.consumer({ groupId });

function fail(msg) {
  throw new Error(`kafka smoke: ${msg}`);
}

async function main() {
  await admin.connect();
  const created = await admin.createTopics({
    topics: [{ topic, numPartitions: 3, replicationFactor: 1 }],
    waitForLeaders: true,
  });
  if (!created) fail(`topic ${topic} already existed`);

  await producer.connect();
  let produced = 0;
  for (let batch = 0; batch < 4; batch++) {
    const messages = Array.from({ length: N / 4 }, (_, i) => {
      const n = batch * (N / 4) + i;
      return { key: `k${n}`, value: JSON.stringify({ n }) };
    });
    const acks = await producer.send({ topic, acks: -1, messages });
    if (acks.some((r) => r.errorCode !== 0)) fail(`produce error ${JSON.stringify(acks)}`);
    produced += messages.length;
  }

  const seen = new Map();
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const done = new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`kafka smoke: consumed ${seen.size}/${N} after 30s`)),
      30_000,
    );
    consumer
      .run({
        eachMessage: async ({ message }) => {
          const key = message.key.toString();
          const { n } = JSON.parse(message.value.toString());
          if (key !== `k${n}`)
            return reject(new Error(`kafka smoke: key ${key} does not match value n=${n}`));
          seen.set(key, (seen.get(key) ?? 0) + 1);
          if (seen.size === N) {
            clearTimeout(timer);
            resolve();
          }
        },
      })
      .catch(reject);
  });
  await done;
  await consumer.disconnect();
  const consumed = [...seen.values()].reduce((a, b) => a + b, 0);
  if (produced !== N) fail(`produced ${produced}, expected ${N}`);
  if (seen.size !== N || consumed !== N)
    fail(`consumed ${consumed} messages, ${seen.size} distinct, expected ${N}`);

  await admin.deleteGroups([groupId]);
  await admin.deleteTopics({ topics: [topic] });
  if ((await admin.listTopics()).includes(topic)) fail(`topic ${topic} still listed after delete`);
  if (problems.length) fail(`kafkajs logged ${problems.length} error(s): ${problems.join(' | ')}`);
  if (transient.length)
    console.log(
      `kafka smoke: ${transient.length} retriable broker error(s), retried: ${[...new Set(transient)].join(' | ')}`,
    );
  console.log(`kafka smoke: ${produced} produced, ${consumed} consumed`);
}

try {
  await main();
} catch (err) {
  console.error(err.message ?? err);
  process.exitCode = 1;
} finally {
  await Promise.allSettled([consumer.disconnect(), producer.disconnect(), admin.disconnect()]);
}
