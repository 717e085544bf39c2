import type { IHeaders } from 'kafkajs';
import {
  contextFromTraceparent,
  currentTraceparent,
  SpanKind,
  SpanStatusCode,
  telemetryEnabled,
  tracer,
  type Context,
  type Span,
} from '@shopgraph/platform';
import { context, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import type { EventEnvelope } from './envelope.ts';

// Trace context through Kafka. The outbox row keeps the `traceparent` of the request (or event
// handler) that wrote it; the relay publishes each row in a PRODUCER span that is a child of
// that context and sends the span's traceparent as the Kafka header (the envelope keeps the
// writer's own); each consumer runs the handler in a CONSUMER span that is a *child* of the
// header's context (the envelope's when the header is missing). Child, not link: a checkout is
// one causal chain (orders -> inventory -> payments -> fulfillment -> orders), and one trace id
// for all of it is what lets an SRE open one placeOrder and see every hop; handlers run per
// message even when their effects commit in one batch transaction, so every span has exactly
// one parent. Events written without a trace (seeds, sweeps) get no spans at all.
// kafkajs has an official instrumentation, not used here: it injects the context active at
// send(), which in an outbox relay is the relay loop's, not the request's.

const MESSAGING = { 'messaging.system': 'kafka' } as const;

function baseTopic(topic: string): string {
  const at = topic.indexOf('shopgraph.');
  return at > 0 ? topic.slice(at) : topic;
}

export interface PublishSpans {
  /** Starts the span for one row; returns the traceparent to send as the Kafka header. */
  start(
    topic: string,
    row: { id: string; type: string },
    traceparent: string | undefined,
  ): string | undefined;
  /** Ends every span started for the batch (ERROR when it failed). */
  end(err?: Error): void;
}

/** Per relay batch: one PRODUCER span per traced row. Off: passes the stored traceparent through. */
export function publishSpans(service: string): PublishSpans {
  if (!telemetryEnabled()) return { start: (_t, _r, traceparent) => traceparent, end: () => undefined };
  const spans: Span[] = [];
  return {
    start(topic, row, traceparent) {
      if (!traceparent) return undefined;
      const span = tracer().startSpan(
        `send ${baseTopic(topic)}`,
        {
          kind: SpanKind.PRODUCER,
          attributes: {
            ...MESSAGING,
            'messaging.operation.type': 'send',
            'messaging.destination.name': topic,
            'messaging.message.id': row.id,
            'cloudevents.event_type': row.type,
            'shopgraph.relay': service,
          },
        },
        contextFromTraceparent(traceparent),
      );
      spans.push(span);
      return currentTraceparent(trace.setSpan(ROOT_CONTEXT, span)) ?? traceparent;
    },
    end(err) {
      for (const span of spans) {
        if (err) span.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
        span.end();
      }
      spans.length = 0;
    },
  };
}

function header(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

/** The context a consumed message continues: its `traceparent` header, else the envelope's. */
export function messageContext(
  headers: IHeaders | undefined,
  envelope: EventEnvelope<unknown> | undefined,
): Context | undefined {
  const traceparent = header(headers, 'traceparent') ?? envelope?.traceparent;
  return traceparent ? contextFromTraceparent(traceparent) : undefined;
}

/**
 * Runs one event's handling inside a CONSUMER span, child of the producer's context, so the
 * handler's SQL (pg spans) and the events it writes (outbox traceparent) join the same trace.
 * Without tracing, or for an event without trace context, it just runs `fn`.
 */
export function inConsumeSpan<T>(
  group: string,
  topic: string,
  headers: IHeaders | undefined,
  envelope: EventEnvelope<unknown>,
  fn: () => Promise<T>,
): Promise<T> {
  if (!telemetryEnabled()) return fn();
  const parent = messageContext(headers, envelope);
  if (parent === undefined) return fn();
  const span = tracer().startSpan(
    `process ${baseTopic(topic)}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        ...MESSAGING,
        'messaging.operation.type': 'process',
        'messaging.destination.name': topic,
        'messaging.consumer.group.name': group,
        'messaging.message.id': envelope.id,
        'cloudevents.event_type': envelope.type,
      },
    },
    parent,
  );
  return context.with(trace.setSpan(parent, span), async () => {
    try {
      return await fn();
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
      throw err;
    } finally {
      span.end();
    }
  });
}
