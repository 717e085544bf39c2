import type { Kafka, Message, Producer } from 'kafkajs';
import type { Logger, Metrics, Pool, PoolClient, ReadinessRegistry } from '@shopgraph/platform';
import { publishSpans } from './trace-context.ts';
import { createKafka, ensureTopics, inNamespace, type KafkaOptions } from './kafka.ts';
import { relayMetrics, type RelayMetrics } from './metrics.ts';
import { topicOf } from './define-event.ts';
import { envelopeHeaders, type EventEnvelope } from './envelope.ts';
import { backoffMs, Waker } from './wake.ts';

export interface RelayOptions extends KafkaOptions {
  /** The producing service: its lock, its topic `shopgraph.<service>.events`. */
  readonly service: string;
  readonly pool: Pool;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Rows read and sent per round. @default 500 */
  readonly batchSize?: number;
  /** Poll even without NOTIFY (a missed notification costs at most this). @default 1000 */
  readonly pollIntervalMs?: number;
  /** A standby relay retries the lock this often. @default 2000 */
  readonly lockRetryMs?: number;
  /** First backoff after a broker or database error; doubles per failure. @default 200 */
  readonly backoffInitialMs?: number;
  /** @default 10000 */
  readonly backoffMaxMs?: number;
  /** Published rows older than this are deleted. @default 86400000 (24 h) */
  readonly retentionMs?: number;
  /** @default 60000 */
  readonly pruneIntervalMs?: number;
  /** How often the pending-rows and oldest-age gauges are refreshed. @default 5000 */
  readonly statsIntervalMs?: number;
  /** Gets a check that is ready once the relay runs (leads or stands by for the lock). */
  readonly readiness?: ReadinessRegistry;
  /** Failure tests only: runs after a batch is acknowledged by Kafka, before it is marked published. */
  readonly afterPublish?: (ids: readonly string[]) => Promise<void>;
}

interface OutboxRow {
  seq: number;
  id: string;
  topic: string;
  key: string;
  type: string;
  envelope: string;
  traceparent: string | null;
  ageMs: number;
}

// Session advisory lock (RELAY_LOCK_CLASS, hashtext(service)): one active relay per service.
const RELAY_LOCK_CLASS = 0x0e0b_0002;

const SELECT_PENDING = `SELECT seq, id, topic, key, type, envelope, traceparent,
    (extract(epoch FROM clock_timestamp() - created_at) * 1000)::float8 AS "ageMs"
  FROM outbox WHERE published_at IS NULL ORDER BY seq LIMIT $1`;

/**
 * Publishes outbox rows to Kafka in seq order (per subject that is commit order, see outbox.ts),
 * then marks them published. At-least-once: a crash between the broker's ack and the mark
 * republishes the batch; consumers drop the duplicates by event id. Resolves to a stop function.
 */
export async function startRelay(opts: RelayOptions): Promise<() => Promise<void>> {
  const relay = new Relay(opts);
  opts.readiness?.add(async () => relay.notReady);
  const done = relay.run();
  return async () => {
    relay.waker.stop();
    await done;
  };
}

class Relay {
  readonly waker = new Waker();
  /** Why the relay is not running (null once it has tried the lock: it leads or stands by). */
  notReady: string | null = 'outbox relay is starting';
  readonly #o: RelayOptions;
  readonly #log: Logger;
  readonly #m: RelayMetrics;
  readonly #kafka: Kafka;
  readonly #topicsReady = new Set<string>();
  #producer: Producer | undefined;
  #failures = 0;
  #lastPrune = 0;
  #lastStats = 0;

  constructor(opts: RelayOptions) {
    this.#o = opts;
    this.#log = opts.logger.child({ component: 'outbox-relay' });
    this.#m = relayMetrics(opts.metrics.registry);
    this.#kafka = createKafka(`${opts.service}-relay`, opts, opts.logger);
  }

  async run(): Promise<void> {
    while (!this.waker.stopped) {
      let client: PoolClient | undefined;
      try {
        client = await this.#o.pool.connect();
        // A checked-out client that loses its connection emits 'error'; without a listener
        // that would crash the process. The next query fails and we start over instead.
        client.on('error', (err) => this.#log.warn({ err: err.message }, 'relay database connection lost'));
        const { rows } = await client.query<{ ok: boolean }>(
          'SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok',
          [RELAY_LOCK_CLASS, this.#o.service],
        );
        this.notReady = null;
        if (!rows[0]?.ok) {
          client.release();
          client = undefined;
          await this.waker.sleep(this.#o.lockRetryMs ?? 2_000, false);
          continue;
        }
        this.#m.leader.set(1);
        this.#log.info('relay is active (holds the outbox lock)');
        client.on('notification', () => this.waker.wake());
        await client.query('LISTEN events_outbox');
        await this.#lead(client);
      } catch (err) {
        this.#failures++;
        this.#m.publishErrors.inc();
        const delay = backoffMs(
          this.#failures,
          this.#o.backoffInitialMs ?? 200,
          this.#o.backoffMaxMs ?? 10_000,
        );
        this.#log.warn({ err: (err as Error).message, retryInMs: delay }, 'relay failed; backing off');
        await this.#closeProducer();
        await this.waker.sleep(delay, false);
      } finally {
        this.#m.leader.set(0);
        // Ending the session releases the lock and the LISTEN; the pool opens a fresh one later.
        client?.removeAllListeners('notification');
        client?.release(true);
      }
    }
    this.notReady = 'outbox relay stopped';
    await this.#closeProducer();
  }

  async #lead(db: PoolClient): Promise<void> {
    const batchSize = this.#o.batchSize ?? 500;
    while (!this.waker.stopped) {
      await this.#housekeeping(db);
      this.waker.clear();
      const { rows } = await db.query<OutboxRow>(SELECT_PENDING, [batchSize]);
      if (rows.length === 0) {
        await this.waker.sleep(this.#o.pollIntervalMs ?? 1_000);
        continue;
      }
      await this.#publish(rows);
      await this.#o.afterPublish?.(rows.map((r) => r.id));
      await db.query('UPDATE outbox SET published_at = clock_timestamp() WHERE seq = ANY($1::bigint[])', [
        rows.map((r) => r.seq),
      ]);
      for (const r of rows) {
        this.#m.published.inc({ type: r.type });
        this.#m.publishLatency.observe(r.ageMs / 1000);
      }
      this.#failures = 0;
    }
  }

  /** Sends one batch, grouped by topic in seq order; throws after kafkajs' own retries. */
  async #publish(rows: readonly OutboxRow[]): Promise<void> {
    const byTopic = new Map<string, Message[]>();
    const spans = publishSpans(this.#o.service);
    for (const r of rows) {
      const envelope = JSON.parse(r.envelope) as EventEnvelope<unknown>;
      const topic = inNamespace(this.#o, r.topic);
      const messages = byTopic.get(topic) ?? [];
      const headers = envelopeHeaders(envelope);
      const traceparent = spans.start(topic, r, r.traceparent ?? envelope.traceparent);
      if (traceparent !== undefined) headers['traceparent'] = traceparent;
      messages.push({ key: r.key, value: r.envelope, headers });
      byTopic.set(topic, messages);
    }
    const started = performance.now();
    try {
      const missing = [...byTopic.keys(), inNamespace(this.#o, topicOf(this.#o.service))].filter(
        (t) => !this.#topicsReady.has(t),
      );
      if (missing.length > 0) {
        await ensureTopics(this.#kafka, missing, this.#o);
        for (const t of missing) this.#topicsReady.add(t);
      }
      this.#producer ??= await this.#connectProducer();
      await this.#producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
      spans.end();
    } catch (err) {
      spans.end(err as Error);
      // Start the next attempt from a fresh producer: kafkajs' idempotent sequence state after
      // a failed send is not trustworthy, and a duplicate is harmless (consumers dedupe).
      await this.#closeProducer();
      this.#log.debug({ ms: performance.now() - started }, 'publish failed');
      throw err;
    }
  }

  async #connectProducer(): Promise<Producer> {
    const producer = this.#kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
    await producer.connect();
    return producer;
  }

  async #closeProducer(): Promise<void> {
    const p = this.#producer;
    this.#producer = undefined;
    await p?.disconnect().catch(() => undefined);
  }

  async #housekeeping(db: PoolClient): Promise<void> {
    const now = Date.now();
    if (now - this.#lastStats >= (this.#o.statsIntervalMs ?? 5_000)) {
      this.#lastStats = now;
      const { rows } = await db.query<{ n: number; age: number | null }>(
        `SELECT count(*)::int AS n, extract(epoch FROM clock_timestamp() - min(created_at))::float8 AS age
         FROM outbox WHERE published_at IS NULL`,
      );
      this.#m.pending.set(rows[0]?.n ?? 0);
      this.#m.oldestAge.set(rows[0]?.age ?? 0);
    }
    if (now - this.#lastPrune >= (this.#o.pruneIntervalMs ?? 60_000)) {
      this.#lastPrune = now;
      const { rowCount } = await db.query(
        `DELETE FROM outbox WHERE seq IN (SELECT seq FROM outbox
           WHERE published_at < clock_timestamp() - make_interval(secs => $1) ORDER BY seq LIMIT 10000)`,
        [(this.#o.retentionMs ?? 86_400_000) / 1000],
      );
      if (rowCount) this.#m.pruned.inc(rowCount);
    }
  }
}
