import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { parseEnvelope } from '@shopgraph/events';
// The events package's Kafka helpers; its index does not export them (yet).
import {
  createKafka,
  ensureTopics,
  inNamespace,
  type KafkaOptions,
} from '../../../packages/events/src/kafka.ts';
import type { Logger } from '@shopgraph/platform';
import type { Consumer, EachMessagePayload } from 'kafkajs';
import { LRUCache } from 'lru-cache';
import type { SubscriptionMetrics } from './metrics.ts';
import type { SubscriptionField } from './schema.ts';

/** An event routed to a subscription: what it needs to resolve and time a payload. */
export interface RoutedEvent {
  readonly id: string;
  readonly type: string;
  /** Envelope `time` (ms since the epoch): when the event was written. */
  readonly time: number;
}

export type Listener = (event: RoutedEvent) => void;

export interface FanOutOptions extends KafkaOptions {
  readonly fields: ReadonlyMap<string, SubscriptionField>;
  /** Event ids remembered to deliver a duplicate (a replayed topic) once. */
  readonly dedupIds: number;
  /** How long the consumer keeps running with no subscription open. */
  readonly lingerMs: number;
  readonly logger: Logger;
  readonly metrics: SubscriptionMetrics;
}

interface Route {
  readonly field: string;
  readonly subject: string;
}

const keyOf = (field: string, value: string) => `${field}\u0000${value}`;

/**
 * One Kafka consumer per gateway process, with a group of its own (so every replica sees every
 * event), starting at the latest offset and committing nothing. It runs only while some
 * subscription is open (started by the first, stopped `lingerMs` after the last) and routes
 * each event, in memory, to the listeners of its (field, subject value).
 */
export class EventFanOut {
  readonly #opts: FanOutOptions;
  /** topic (namespaced) -> CloudEvents type -> routes */
  readonly #routes = new Map<string, Map<string, Route[]>>();
  readonly #listeners = new Map<string, Set<Listener>>();
  readonly #seen: LRUCache<string, true>;
  #count = 0;
  #consumer: Consumer | undefined;
  #live: Promise<void> | undefined;
  #linger: NodeJS.Timeout | undefined;

  constructor(opts: FanOutOptions) {
    this.#opts = opts;
    this.#seen = new LRUCache({ max: Math.max(1, opts.dedupIds) });
    for (const field of opts.fields.values()) {
      for (const t of field.triggers) {
        const topic = inNamespace(opts, t.topic);
        const byType = this.#routes.get(topic) ?? new Map<string, Route[]>();
        this.#routes.set(topic, byType);
        for (const type of t.types)
          byType.set(type, [...(byType.get(type) ?? []), { field: field.name, subject: t.subject }]);
      }
    }
  }

  /**
   * Adds a listener for events of `field` whose subject is `value`; resolves once the consumer
   * is fetching, so no event after that moment is missed. Returns the function removing it.
   */
  async listen(field: string, value: string, listener: Listener): Promise<() => void> {
    const key = keyOf(field, value);
    const set = this.#listeners.get(key) ?? new Set();
    this.#listeners.set(key, set);
    set.add(listener);
    this.#count++;
    clearTimeout(this.#linger);
    let removed = false;
    const remove = () => {
      if (removed) return;
      removed = true;
      set.delete(listener);
      if (set.size === 0) this.#listeners.delete(key);
      if (--this.#count === 0) this.#linger = setTimeout(() => void this.#stop(), this.#opts.lingerMs);
    };
    try {
      await this.#start();
    } catch (err) {
      remove();
      throw err;
    }
    return remove;
  }

  /** Stops the consumer now (gateway shutdown). */
  async close(): Promise<void> {
    clearTimeout(this.#linger);
    await this.#stop();
  }

  #start(): Promise<void> {
    this.#live ??= this.#run().catch((err: unknown) => {
      this.#live = undefined;
      const consumer = this.#consumer;
      this.#consumer = undefined;
      void consumer?.disconnect().catch(() => undefined);
      throw err;
    });
    return this.#live;
  }

  async #run(): Promise<void> {
    const { logger } = this.#opts;
    const kafka = createKafka(`gateway-subscriptions-${process.pid}`, this.#opts, logger);
    const topics = [...this.#routes.keys()];
    await ensureTopics(kafka, topics, this.#opts);
    const groupId = inNamespace(
      this.#opts,
      `shopgraph.gateway.subscriptions.${hostname()}.${process.pid}.${randomUUID().slice(0, 8)}`,
    );
    const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 1_000 });
    this.#consumer = consumer;
    // Fetching after the group join means the partitions' offsets are resolved (to the latest):
    // from then on, every event written reaches us.
    let joined = false;
    const fetching = new Promise<void>((resolve) => {
      consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));
      consumer.on(consumer.events.FETCH, () => joined && resolve());
    });
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: false });
    await consumer.run({ autoCommit: false, eachMessage: (m: EachMessagePayload) => this.#route(m) });
    await fetching;
    this.#opts.metrics.consumerRunning.set(1);
    logger.info({ groupId, topics: topics.length }, 'subscription consumer started');
  }

  async #stop(): Promise<void> {
    const live = this.#live;
    const consumer = this.#consumer;
    if (live === undefined || this.#count > 0) return;
    this.#live = undefined;
    this.#consumer = undefined;
    await live.catch(() => undefined);
    await consumer?.disconnect().catch(() => undefined);
    this.#opts.metrics.consumerRunning.set(0);
    this.#opts.logger.info('subscription consumer stopped: no subscription open');
  }

  async #route({ topic, message }: EachMessagePayload): Promise<void> {
    const routes = this.#routes.get(topic);
    const type = message.headers?.['ce_type']?.toString();
    if (routes === undefined || (type !== undefined && !routes.has(type))) return;
    let envelope;
    try {
      envelope = parseEnvelope(message.value);
    } catch (err) {
      this.#opts.metrics.drops.inc({ reason: 'bad_event' });
      this.#opts.logger.debug({ err, topic }, 'not an event envelope; skipped');
      return;
    }
    const matching = routes.get(envelope.type);
    if (matching === undefined) return;
    if (this.#seen.has(envelope.id)) {
      this.#opts.metrics.drops.inc({ reason: 'duplicate_event' });
      return;
    }
    this.#seen.set(envelope.id, true);
    const data = envelope.data as Record<string, unknown>;
    const event: RoutedEvent = { id: envelope.id, type: envelope.type, time: Date.parse(envelope.time) };
    for (const { field, subject } of matching) {
      const value = data[subject];
      if (typeof value !== 'string') continue;
      const listeners = this.#listeners.get(keyOf(field, value));
      if (listeners === undefined) continue;
      this.#opts.metrics.eventsRouted.inc({ field });
      for (const listener of listeners) listener(event);
    }
  }
}
