import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
} from '@opentelemetry/api';

export { SpanKind, SpanStatusCode, type Attributes, type Context, type Span } from '@opentelemetry/api';

/**
 * Tracing is on when an OTLP endpoint is configured (the standard `OTEL_EXPORTER_OTLP_ENDPOINT`,
 * or its traces-only variant) and `OTEL_SDK_DISABLED` is not `true`. Off, no SDK is loaded:
 * the OpenTelemetry API answers with no-op spans and nothing is exported.
 */
export function telemetryEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  if ((env['OTEL_SDK_DISABLED'] ?? '').toLowerCase() === 'true') return false;
  return Boolean(env['OTEL_EXPORTER_OTLP_ENDPOINT'] || env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']);
}

/** The tracer every shopgraph span comes from (instrumentation scope `shopgraph`). */
export const tracer = () => trace.getTracer('shopgraph');

/** The W3C `traceparent` of the active span, or undefined outside a sampled or valid trace. */
export function currentTraceparent(ctx: Context = context.active()): string | undefined {
  const sc = trace.getSpanContext(ctx);
  if (sc === undefined || !trace.isSpanContextValid(sc)) return undefined;
  return `00-${sc.traceId}-${sc.spanId}-${(sc.traceFlags & 0xff).toString(16).padStart(2, '0')}`;
}

/** The context a W3C `traceparent` (e.g. from a Kafka header) continues; ROOT when absent or invalid. */
export function contextFromTraceparent(traceparent: string | undefined): Context {
  if (!traceparent) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, { traceparent });
}

/** `trace_id` and `span_id` of the active span, for log lines; undefined when there is none. */
export function activeTraceIds(): { trace_id: string; span_id: string } | undefined {
  const sc = trace.getActiveSpan()?.spanContext();
  if (sc === undefined || !trace.isSpanContextValid(sc)) return undefined;
  return { trace_id: sc.traceId, span_id: sc.spanId };
}

export interface SpanOptions {
  readonly kind?: SpanKind;
  readonly attributes?: Attributes;
  /** @default the active context */
  readonly parent?: Context;
}

/**
 * Runs `fn` inside a new active span that ends when `fn` settles; a throw marks it ERROR.
 * With tracing off this is one no-op span object and a direct call.
 */
export function inSpan<T>(name: string, opts: SpanOptions, fn: (span: Span) => Promise<T>): Promise<T> {
  const parent = opts.parent ?? context.active();
  const span = tracer().startSpan(
    name,
    { kind: opts.kind ?? SpanKind.INTERNAL, ...(opts.attributes ? { attributes: opts.attributes } : {}) },
    parent,
  );
  return context.with(trace.setSpan(parent, span), async () => {
    try {
      return await fn(span);
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
      throw err;
    } finally {
      span.end();
    }
  });
}

let shutdownHook: (() => Promise<void>) | undefined;

/** Set by the SDK when it starts (telemetry-sdk.ts); not for application code. */
export function onTelemetryShutdown(hook: () => Promise<void>): void {
  shutdownHook = hook;
}

/** Flushes buffered spans and stops the SDK; a no-op when tracing is off. Never throws. */
export async function shutdownTelemetry(): Promise<void> {
  const hook = shutdownHook;
  shutdownHook = undefined;
  await hook?.().catch(() => undefined);
}
