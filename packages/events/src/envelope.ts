import { randomUUID } from 'node:crypto';

/** CloudEvents 1.0, structured JSON mode, plus W3C trace context (DESIGN.md "Events"). */
export interface EventEnvelope<T> {
  readonly specversion: '1.0';
  /** UUID; the consumer's idempotency key. */
  readonly id: string;
  /** `/shopgraph/<producer>` */
  readonly source: string;
  /** `shopgraph.<producer>.<Name>.v<N>` */
  readonly type: string;
  /** The aggregate id; also the Kafka message key, so order holds per aggregate. */
  readonly subject: string;
  /** ISO-8601, when the event was written to the outbox. */
  readonly time: string;
  readonly datacontenttype: 'application/json';
  /** W3C traceparent of the request that caused it, so a trace continues through Kafka. */
  readonly traceparent?: string;
  readonly data: T;
}

export const CONTENT_TYPE = 'application/cloudevents+json; charset=UTF-8';

export interface NewEnvelope<T> {
  readonly producer: string;
  readonly type: string;
  readonly subject: string;
  readonly data: T;
  readonly id?: string;
  readonly time?: Date;
  readonly traceparent?: string | undefined;
}

export function createEnvelope<T>(e: NewEnvelope<T>): EventEnvelope<T> {
  return {
    specversion: '1.0',
    id: e.id ?? randomUUID(),
    source: `/shopgraph/${e.producer}`,
    type: e.type,
    subject: e.subject,
    time: (e.time ?? new Date()).toISOString(),
    datacontenttype: 'application/json',
    ...(e.traceparent ? { traceparent: e.traceparent } : {}),
    data: e.data,
  };
}

/** Kafka headers that let a consumer route and dedupe without parsing the value. */
export function envelopeHeaders(e: EventEnvelope<unknown>): Record<string, string> {
  return {
    'content-type': CONTENT_TYPE,
    ce_specversion: '1.0',
    ce_id: e.id,
    ce_type: e.type,
    ...(e.traceparent ? { traceparent: e.traceparent } : {}),
  };
}

const REQUIRED = ['id', 'source', 'type', 'subject', 'time'] as const;

/** Parses a structured CloudEvent; throws on anything that is not one (it goes to the DLQ). */
export function parseEnvelope(value: Buffer | string | null): EventEnvelope<unknown> {
  if (value === null) throw new Error('message has no value');
  const parsed: unknown = JSON.parse(value.toString());
  if (typeof parsed !== 'object' || parsed === null) throw new Error('message value is not a JSON object');
  const obj = parsed as Record<string, unknown>;
  if (obj['specversion'] !== '1.0') throw new Error('not a CloudEvents 1.0 envelope');
  for (const key of REQUIRED) {
    if (typeof obj[key] !== 'string') throw new Error(`envelope field "${key}" is missing or not a string`);
  }
  if (!('data' in obj)) throw new Error('envelope has no data');
  return parsed as EventEnvelope<unknown>;
}
