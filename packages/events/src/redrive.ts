import { randomBytes } from 'node:crypto';
import type { EachBatchPayload, IHeaders, Kafka } from 'kafkajs';
import type { Logger } from '@shopgraph/platform';
import { dlqTopicOf, redriveTopicOf } from './define-event.ts';
import { createKafka, ensureTopics, inNamespace, type KafkaOptions } from './kafka.ts';

export interface RedriveOptions extends KafkaOptions {
  /** Whose dead letters: `shopgraph.<service>.dlq` to `shopgraph.<service>.redrive`. */
  readonly service: string;
  readonly logger: Logger;
  /**
   * Re-read the whole DLQ, not only what earlier redrives left (the consumer's inbox still lets
   * each dead-lettered event through once). @default false
   */
  readonly all?: boolean;
  /** Fails when the DLQ is not read up to where it ended at the start within this long. @default 60000 */
  readonly timeoutMs?: number;
}

export interface RedriveResult {
  /** Dead letters re-published in this run. */
  readonly redriven: number;
  readonly from: string;
  readonly to: string;
}

/**
 * Re-publishes a service's dead letters (value, key and headers as dead-lettered, plus
 * `x-redrive-id` = dlq/partition/offset and `x-redrive-at`) to its redrive topic, which only
 * that service's consumer reads; the consumer applies a redriven event once if its inbox row
 * says dead-lettered (consumer.ts #claim). Reads the DLQ up to where it ended when the run
 * started, as consumer group `shopgraph.<service>.redrive`, committing after each send: a second
 * run re-publishes only what was dead-lettered since (idempotent; `all` re-reads everything).
 */
export async function redrive(opts: RedriveOptions): Promise<RedriveResult> {
  const from = inNamespace(opts, dlqTopicOf(opts.service));
  const to = inNamespace(opts, redriveTopicOf(opts.service));
  const group = opts.all
    ? inNamespace(opts, `shopgraph.${opts.service}.redrive-all-${randomBytes(4).toString('hex')}`)
    : inNamespace(opts, `shopgraph.${opts.service}.redrive`);
  const kafka = createKafka(`${opts.service}-redrive`, opts, opts.logger);
  await ensureTopics(kafka, [from, to], opts);
  const ends = await retriable(() => remaining(kafka, from, opts.all ? undefined : group));
  if ([...ends.values()].every((r) => r.from >= r.end)) return { redriven: 0, from, to };

  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
  });
  const consumer = kafka.consumer({ groupId: group, allowAutoTopicCreation: false });
  let redriven = 0;
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));
  const pending = new Set([...ends].filter(([, r]) => r.from < r.end).map(([p]) => p));
  const onBatch = async ({ batch, resolveOffset, commitOffsetsIfNecessary }: EachBatchPayload) => {
    const end = ends.get(batch.partition)?.end ?? 0;
    const messages = batch.messages.filter((m) => Number(m.offset) < end);
    if (messages.length > 0) {
      const at = new Date().toISOString();
      await producer.send({
        topic: to,
        acks: -1,
        messages: messages.map((m) => ({
          key: m.key,
          value: m.value,
          headers: {
            ...m.headers,
            'x-redrive-id': `${from}/${batch.partition}/${m.offset}`,
            'x-redrive-at': at,
          } satisfies IHeaders,
        })),
      });
      redriven += messages.length;
      const last = messages.at(-1)!.offset;
      resolveOffset(last);
      await commitOffsetsIfNecessary({
        topics: [
          { topic: from, partitions: [{ partition: batch.partition, offset: String(Number(last) + 1) }] },
        ],
      });
    }
    if (Number(messages.at(-1)?.offset ?? -1) + 1 >= end || Number(batch.lastOffset()) + 1 >= end) {
      pending.delete(batch.partition);
      if (pending.size === 0) finished();
    }
  };
  await producer.connect();
  try {
    await consumer.connect();
    await consumer.subscribe({ topic: from, fromBeginning: true });
    await consumer.run({ eachBatchAutoResolve: false, eachBatch: onBatch });
    await within(done, opts.timeoutMs ?? 60_000, `${from} not read to its end`);
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    if (opts.all) await deleteGroup(kafka, group);
  }
  return { redriven, from, to };
}

/** Per partition: where this group would start (its commit, else the log start) and the end now. */
async function remaining(
  kafka: Kafka,
  topic: string,
  group: string | undefined,
): Promise<Map<number, { from: number; end: number }>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    const committed = group
      ? ((await admin.fetchOffsets({ groupId: group, topics: [topic] }))[0]?.partitions ?? [])
      : [];
    return new Map(
      offsets.map((o) => {
        const c = Number(committed.find((x) => x.partition === o.partition)?.offset ?? -1);
        return [o.partition, { from: Math.max(c, Number(o.low)), end: Number(o.high) }];
      }),
    );
  } finally {
    await admin.disconnect();
  }
}

/** Retries what kafkajs calls retriable (a topic created a moment ago may not answer ListOffsets yet). */
async function retriable<T>(fn: () => Promise<T>, attempts = 20): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= attempts || !(err as { retriable?: boolean }).retriable) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

async function deleteGroup(kafka: Kafka, group: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteGroups([group]).catch(() => undefined);
  await admin.disconnect();
}

async function within(promise: Promise<void>, ms: number, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} after ${ms} ms`)), ms);
  });
  try {
    await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
