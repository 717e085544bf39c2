import type { Consumer, EachBatchPayload, IHeaders, KafkaMessage, Producer } from 'kafkajs';
import {
  withTransaction,
  type Logger,
  type Metrics,
  type Pool,
  type PoolClient,
  type ReadinessRegistry,
} from '@shopgraph/platform';
import { dlqTopicOf, redriveTopicOf } from './define-event.ts';
import { parseEnvelope, type EventEnvelope } from './envelope.ts';
import { classifyError } from './errors.ts';
import { routes, toHandlerEvent, type Handler, type Route } from './handlers.ts';
import { createKafka, ensureTopics, inNamespace, type KafkaOptions } from './kafka.ts';
import { consumerMetrics, type ConsumerMetrics } from './metrics.ts';
import { inConsumeSpan } from './trace-context.ts';
import { isUuid } from './validation.ts';
import { backoffMs } from './wake.ts';

export interface ConsumerOptions extends KafkaOptions {
  /** The consuming service: group `shopgraph.<service>`, dead letters to `shopgraph.<service>.dlq`. */
  readonly service: string;
  readonly pool: Pool;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly handlers: readonly Handler[];
  /** Consumer group id, also the inbox's consumer name. @default `shopgraph.<service>` */
  readonly group?: string;
  /**
   * Attempts per message failing with a permanent error (classifyError) before it is
   * dead-lettered. Transient errors do not count: they are retried until they pass. @default 5
   */
  readonly maxAttempts?: number;
  /** Backoff after a failed attempt; doubles per attempt up to `retryBackoffMaxMs`. @default 100 */
  readonly retryBackoffMs?: number;
  /**
   * Longest wait between retries; a partition paused by a transient error (database down) is
   * retried at least this often, so it resumes within about this long of the recovery. @default 5000
   */
  readonly retryBackoffMaxMs?: number;
  /** Most messages whose effects commit in one transaction. @default 500 */
  readonly maxBatchSize?: number;
  /** Partitions processed at once (each holds one database connection while it works). @default 2 */
  readonly partitionsConsumedConcurrently?: number;
  /**
   * Offsets (only of messages whose effects committed) are sent to Kafka at most this often;
   * a crash redelivers at most this window, and the inbox drops those duplicates. @default 1000
   */
  readonly commitIntervalMs?: number;
  /**
   * Longest a fetch waits on the broker for new messages. New messages return at once; this
   * bounds how late a partition resumed after a transient failure is fetched again. @default 500
   */
  readonly maxWaitTimeInMs?: number;
  /** Without heartbeats for this long a member is presumed dead and its partitions move. @default 30000 */
  readonly sessionTimeoutMs?: number;
  /** A new group starts at the beginning of the topics (read models need the history). @default true */
  readonly fromBeginning?: boolean;
  /** Called after a transaction with these events' effects committed (instrumentation, benchmarks). */
  readonly onProcessed?: (events: readonly EventEnvelope<unknown>[]) => void;
  /** Gets a check that is ready once the consumer has joined its group with its assignment. */
  readonly readiness?: ReadinessRegistry;
}

/** A transient failure on the way out of a batch: pause the partition, retry after a backoff. */
class TransientFailure extends Error {
  readonly error: unknown;
  constructor(error: unknown) {
    super((error as Error | undefined)?.message ?? String(error), { cause: error });
    this.error = error;
  }
}

/** A received message, parsed and routed (or why it could not be). */
interface Item {
  readonly message: KafkaMessage;
  readonly envelope?: EventEnvelope<unknown>;
  readonly route?: Route;
  /** Deterministic failure (unparseable, schema-invalid): dead-lettered without retries. */
  readonly invalid?: Error;
}

/**
 * Consumes the topics of `handlers`' producers (and the service's redrive topic) as one consumer
 * group. Per message the handler's effects and an inbox row (group, event id) commit in one
 * transaction, and the offset is committed only after that: a redelivered event finds its inbox
 * row and is skipped. A transient failure (classifyError) pauses the partition and retries it
 * with capped exponential backoff until it passes; a permanent one is retried `maxAttempts`
 * times, then dead-lettered. A message from the redrive topic (redrive.ts) is applied once if
 * its event is dead-lettered here. Resolves (after joining) to a stop function.
 */
export async function startConsumer(opts: ConsumerOptions): Promise<() => Promise<void>> {
  const worker = new EventConsumer(opts);
  await worker.start();
  return () => worker.stop();
}

class EventConsumer {
  readonly #o: ConsumerOptions;
  readonly #group: string;
  readonly #log: Logger;
  readonly #m: ConsumerMetrics;
  readonly #routes: Map<string, Route>;
  readonly #consumer: Consumer;
  readonly #dlq: Producer;
  readonly #topics: string[];
  readonly #redriveTopic: string;
  /** Consecutive transient failures per paused (or recovering) `topic:partition`. */
  readonly #retries = new Map<string, number>();
  readonly #resumeTimers = new Set<NodeJS.Timeout>();
  #paused = 0;
  #stopping = false;
  /** Why the consumer cannot work yet (null once joined with its assignment). */
  #notReady: string | null = 'consumer has not joined its group yet';

  constructor(opts: ConsumerOptions) {
    this.#o = opts;
    this.#group = inNamespace(opts, opts.group ?? `shopgraph.${opts.service}`);
    this.#log = opts.logger.child({ component: 'event-consumer', group: this.#group });
    this.#m = consumerMetrics(opts.metrics.registry);
    this.#routes = routes(opts.handlers);
    // Series exist from the start (at 0), so rate() and increase() see the first event too.
    for (const type of this.#routes.keys()) {
      const labels = { consumer: this.#group, type };
      for (const counter of [
        this.#m.consumed,
        this.#m.handlerErrors,
        this.#m.deadLettered,
        this.#m.deduplicated,
      ])
        counter.inc(labels, 0);
    }
    this.#redriveTopic = inNamespace(opts, redriveTopicOf(opts.service));
    this.#topics = [
      ...new Set([...this.#routes.values()].map((r) => inNamespace(opts, r.accepts.topic))),
      this.#redriveTopic,
    ];
    this.#m.pausedPartitions.set({ consumer: this.#group }, 0);
    const kafka = createKafka(`${opts.service}-consumer`, opts, opts.logger);
    this.#consumer = kafka.consumer({
      groupId: this.#group,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: opts.maxWaitTimeInMs ?? 500,
      sessionTimeout: opts.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: Math.min(3_000, Math.floor((opts.sessionTimeoutMs ?? 30_000) / 5)),
    });
    this.#dlq = kafka.producer({ allowAutoTopicCreation: false });
    this.#ensure = () =>
      ensureTopics(kafka, [...this.#topics, inNamespace(opts, dlqTopicOf(opts.service))], opts);
  }

  readonly #ensure: () => Promise<void>;

  async start(): Promise<void> {
    this.#o.readiness?.add(async () => this.#notReady && `${this.#group}: ${this.#notReady}`);
    await this.#ensure();
    await this.#dlq.connect();
    await this.#consumer.connect();
    const { CRASH, GROUP_JOIN, STOP } = this.#consumer.events;
    this.#consumer.on(CRASH, (e) => {
      this.#notReady = e.payload.restart ? 'consumer crashed; rejoining' : 'consumer crashed';
      this.#log.error({ err: e.payload.error.message, restart: e.payload.restart }, 'consumer crashed');
    });
    // Joined with its assignment (possibly none, when the group has more members than partitions).
    this.#consumer.on(GROUP_JOIN, (e) => {
      this.#notReady = null;
      const partitions = Object.values(e.payload.memberAssignment).reduce((n, ps) => n + ps.length, 0);
      this.#log.info({ partitions, durationMs: e.payload.duration }, 'consumer joined its group');
    });
    this.#consumer.on(STOP, () => (this.#notReady = 'consumer stopped'));
    await this.#consumer.subscribe({ topics: this.#topics, fromBeginning: this.#o.fromBeginning ?? true });
    await this.#consumer.run({
      eachBatchAutoResolve: false,
      autoCommitInterval: this.#o.commitIntervalMs ?? 1_000,
      partitionsConsumedConcurrently: this.#o.partitionsConsumedConcurrently ?? 2,
      eachBatch: (payload) => this.#batch(payload),
    });
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    this.#notReady = 'consumer stopped';
    for (const t of this.#resumeTimers) clearTimeout(t);
    this.#resumeTimers.clear();
    await this.#consumer.disconnect();
    await this.#dlq.disconnect();
    this.#paused = 0;
    this.#m.pausedPartitions.set({ consumer: this.#group }, 0);
  }

  async #batch(p: EachBatchPayload): Promise<void> {
    const { batch } = p;
    try {
      await this.#chunks(p);
    } catch (err) {
      if (!(err instanceof TransientFailure)) throw err;
      // What did commit is resolved; the rest is fetched again when the partition resumes.
      await p.commitOffsetsIfNecessary().catch(() => undefined);
      this.#pauseAndRetry(p, err.error);
      return;
    }
    this.#recovered(batch.topic, batch.partition);
    const last = batch.lastOffset();
    this.#m.lag.set(
      { consumer: this.#group, topic: batch.topic, partition: batch.partition },
      Math.max(0, Number(batch.highWatermark) - Number(last) - 1),
    );
  }

  async #chunks(p: EachBatchPayload): Promise<void> {
    const { batch } = p;
    const size = this.#o.maxBatchSize ?? 500;
    const redriven = batch.topic === this.#redriveTopic;
    for (let i = 0; i < batch.messages.length; i += size) {
      if (!p.isRunning() || p.isStale()) return;
      const items = batch.messages.slice(i, i + size).map((m) => this.#parse(m));
      const fast =
        items.every((it) => !it.invalid) && (await this.#inOneTransaction(items, batch.topic, redriven));
      if (!fast) {
        for (const item of items) {
          if (!p.isRunning() || p.isStale()) return;
          await this.#one(item, batch.topic, batch.partition, p.heartbeat, redriven);
          p.resolveOffset(item.message.offset);
        }
      }
      p.resolveOffset(items.at(-1)!.message.offset);
      await p.commitOffsetsIfNecessary();
      await p.heartbeat();
    }
  }

  /**
   * Pauses the partition (the other partitions go on) and resumes it after a capped, jittered
   * exponential backoff; fetching restarts at the first message whose effects did not commit.
   * Logged at warn on the 1st, 2nd, 4th, 8th... consecutive retry of a partition.
   */
  #pauseAndRetry(p: EachBatchPayload, error: unknown): void {
    const { topic, partition } = p.batch;
    const key = `${topic}:${partition}`;
    const retries = (this.#retries.get(key) ?? 0) + 1;
    this.#retries.set(key, retries);
    const delay = backoffMs(retries, this.#o.retryBackoffMs ?? 100, this.#o.retryBackoffMaxMs ?? 5_000);
    this.#m.transientRetries.inc({ consumer: this.#group, topic });
    const line = { err: (error as Error)?.message, topic, partition, retries, retryInMs: delay };
    const level = (retries & (retries - 1)) === 0 ? 'warn' : 'debug';
    this.#log[level](line, 'transient failure; partition paused, will retry');
    const resume = p.pause();
    if (this.#stopping) return; // the partition is redelivered after the restart
    this.#m.pausedPartitions.set({ consumer: this.#group }, ++this.#paused);
    const timer = setTimeout(() => {
      this.#resumeTimers.delete(timer);
      this.#m.pausedPartitions.set({ consumer: this.#group }, --this.#paused);
      resume();
    }, delay);
    this.#resumeTimers.add(timer);
  }

  #recovered(topic: string, partition: number): void {
    const key = `${topic}:${partition}`;
    const retries = this.#retries.get(key);
    if (retries === undefined) return;
    this.#retries.delete(key);
    this.#log.info({ topic, partition, retries }, 'partition recovered after transient failures');
  }

  #parse(message: KafkaMessage): Item {
    let envelope: EventEnvelope<unknown>;
    try {
      envelope = parseEnvelope(message.value);
      if (!isUuid(envelope.id)) throw new Error(`event id "${envelope.id}" is not a UUID`);
    } catch (err) {
      return { message, invalid: err as Error };
    }
    const route = this.#routes.get(envelope.type);
    if (!route) return { message, envelope };
    try {
      return { message, route, envelope: toHandlerEvent(route, envelope) };
    } catch (err) {
      return { message, envelope, invalid: err as Error };
    }
  }

  /**
   * Fast path: the whole chunk in one transaction. False (rolled back) when a handler throws a
   * permanent error: the caller replays the chunk one message per transaction. A transient
   * error throws TransientFailure: the whole chunk is retried later, nothing is dead-lettered.
   */
  async #inOneTransaction(items: readonly Item[], topic: string, redriven: boolean): Promise<boolean> {
    const routed = items.filter((it) => it.route);
    const done: EventEnvelope<unknown>[] = [];
    let dups: Item[] = [];
    if (routed.length > 0) {
      try {
        await withTransaction(this.#o.pool, async (tx) => {
          const fresh = await this.#claim(tx, routed, redriven);
          dups = [];
          for (const it of routed) {
            if (!fresh.delete(it.envelope!.id)) {
              dups.push(it);
              continue;
            }
            await inConsumeSpan(this.#group, topic, it.message.headers, it.envelope!, () =>
              it.route!.handler.fn(tx, it.envelope!),
            );
            done.push(it.envelope!);
          }
        });
      } catch (err) {
        if (classifyError(err) === 'transient') throw new TransientFailure(err);
        this.#log.debug({ err: (err as Error).message }, 'batch failed; retrying its messages one by one');
        return false;
      }
    }
    for (const it of items) if (!it.route) this.#skipped(it);
    for (const it of dups) this.#m.deduplicated.inc({ consumer: this.#group, type: it.envelope!.type });
    this.#processed(done);
    return true;
  }

  /**
   * Inserts inbox rows; returns the ids that were new (the rest were seen before). A redriven
   * message also gets through when its event is dead-lettered here: its row turns 'redriven'
   * (committed with the effects), so a second redrive of it, or a replay of the original, is a
   * duplicate. Rolled back with a failing handler, the row stays 'dead_lettered'.
   */
  async #claim(tx: PoolClient, items: readonly Item[], redriven = false): Promise<Set<string>> {
    const ids = items.map((it) => it.envelope!.id);
    const claimed = new Set<string>();
    if (redriven) {
      const { rows } = await tx.query<{ event_id: string }>(
        `UPDATE inbox SET outcome = 'redriven'
         WHERE consumer = $1 AND event_id = ANY($2::uuid[]) AND outcome = 'dead_lettered' RETURNING event_id`,
        [this.#group, ids],
      );
      for (const r of rows) claimed.add(r.event_id);
    }
    const { rows } = await tx.query<{ event_id: string }>(
      `INSERT INTO inbox (consumer, event_id, type) SELECT $1, * FROM unnest($2::uuid[], $3::text[])
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [this.#group, ids, items.map((it) => it.envelope!.type)],
    );
    for (const r of rows) claimed.add(r.event_id);
    return claimed;
  }

  /**
   * Slow path: one message, its own transaction. A permanent error is retried with backoff, then
   * dead-lettered; a transient one throws TransientFailure (the partition pauses, nothing is lost).
   */
  async #one(
    item: Item,
    topic: string,
    partition: number,
    heartbeat: () => Promise<void>,
    redriven: boolean,
  ): Promise<void> {
    if (!item.route && !item.invalid) return this.#skipped(item);
    const max = item.invalid ? 1 : (this.#o.maxAttempts ?? 5);
    let lastError: Error = item.invalid ?? new Error('unreachable');
    for (let attempt = 1; !item.invalid && attempt <= max; attempt++) {
      try {
        const fresh = await inConsumeSpan(this.#group, topic, item.message.headers, item.envelope!, () =>
          withTransaction(this.#o.pool, async (tx) => {
            const claimed = (await this.#claim(tx, [item], redriven)).size === 1;
            if (claimed) await item.route!.handler.fn(tx, item.envelope!);
            return claimed;
          }),
        );
        if (fresh) this.#processed([item.envelope!]);
        else this.#m.deduplicated.inc({ consumer: this.#group, type: item.envelope!.type });
        return;
      } catch (err) {
        if (classifyError(err) === 'transient') throw new TransientFailure(err);
        lastError = err as Error;
        this.#m.handlerErrors.inc({ consumer: this.#group, type: item.envelope!.type });
        this.#log.warn(
          { err: lastError.message, eventId: item.envelope!.id, type: item.envelope!.type, attempt },
          'event handler failed',
        );
        if (attempt < max) {
          await new Promise((r) => setTimeout(r, backoffMs(attempt, this.#o.retryBackoffMs ?? 100, 5_000)));
          await heartbeat();
        }
      }
    }
    // Sending to the DLQ and recording it need Kafka and the database: a failure there is
    // transient, the message is dead-lettered when the partition resumes.
    await this.#deadLetter(item, lastError, max, topic, partition).catch((err: unknown) => {
      throw new TransientFailure(err);
    });
  }

  async #deadLetter(
    item: Item,
    error: Error,
    attempts: number,
    topic: string,
    partition: number,
  ): Promise<void> {
    const type = item.envelope?.type ?? 'unknown';
    const headers: IHeaders = {
      ...item.message.headers,
      dlq_error: error.message.slice(0, 4_000),
      dlq_attempts: String(attempts),
      dlq_consumer: this.#group,
      dlq_source_topic: topic,
      dlq_source_partition: String(partition),
      dlq_source_offset: item.message.offset,
    };
    await this.#dlq.send({
      topic: inNamespace(this.#o, dlqTopicOf(this.#o.service)),
      acks: -1,
      messages: [{ key: item.message.key, value: item.message.value, headers }],
    });
    // Remembered so a replay of the topic does not dead-letter it again.
    if (item.envelope && isUuid(item.envelope.id)) {
      await this.#o.pool.query(
        `INSERT INTO inbox (consumer, event_id, type, outcome) VALUES ($1, $2, $3, 'dead_lettered') ON CONFLICT DO NOTHING`,
        [this.#group, item.envelope.id, type],
      );
    }
    this.#m.deadLettered.inc({ consumer: this.#group, type });
    this.#log.error(
      { err: error.message, eventId: item.envelope?.id, type, attempts },
      'event dead-lettered',
    );
  }

  #skipped(item: Item): void {
    this.#m.skipped.inc({ consumer: this.#group, type: item.envelope?.type ?? 'unknown' });
  }

  #processed(events: readonly EventEnvelope<unknown>[]): void {
    if (events.length === 0) return;
    const now = Date.now();
    for (const e of events) {
      this.#m.consumed.inc({ consumer: this.#group, type: e.type });
      this.#m.latency.observe({ consumer: this.#group }, (now - Date.parse(e.time)) / 1000);
    }
    this.#o.onProcessed?.(events);
  }
}
