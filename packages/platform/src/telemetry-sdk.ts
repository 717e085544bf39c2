import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import { ProxyTracerProvider, trace, type TracerProvider } from '@opentelemetry/api';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { onTelemetryShutdown } from './telemetry.ts';

export interface TelemetryOptions {
  /** `service.name` unless `OTEL_SERVICE_NAME` is set. */
  readonly serviceName: string;
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

// Probes and scrapes are not traced: Prometheus scraping every few seconds would bury the traces.
const UNTRACED_PATHS = new Set(['/metrics', '/healthz', '/readyz']);

/**
 * Defaults for the standard OTEL_* variables where ours differ from the SDK's: metrics stay
 * Prometheus (prom-client, /metrics) and logs stay JSON on stdout, so only traces are exported;
 * resource detection reads env, host and process only (no cloud metadata probes).
 */
const DEFAULTS: Record<string, string> = {
  OTEL_METRICS_EXPORTER: 'none',
  OTEL_LOGS_EXPORTER: 'none',
  OTEL_NODE_RESOURCE_DETECTORS: 'env,host,process',
};

// @apollo/gateway's own spans (gateway.request, .validate, .plan, .execute, .fetch,
// .postprocessing) repeat what the gateway's operation and subgraph spans say (gateway/src/
// telemetry.ts), six or more per request: its tracer is the no-op one. A no-op span passes its
// parent's context through, so the spans below it keep a parent that is in the trace.
const QUIET_SCOPES = new Set(['apollo/gateway-js']);

function quieted(provider: TracerProvider): TracerProvider {
  const noop = new ProxyTracerProvider().getTracer('noop'); // no delegate: every span is a no-op
  return {
    getTracer: (name, version, options) =>
      QUIET_SCOPES.has(name) ? noop : provider.getTracer(name, version, options),
  };
}

/**
 * Starts the OpenTelemetry Node SDK, configured by the standard OTEL_* variables (endpoint,
 * protocol, sampler, batch processor), with the http, undici (fetch) and pg instrumentations.
 * Spans from pg and outgoing HTTP need a parent, so background polling (the outbox relay, the
 * pending sweeper) makes no root spans of its own. Call once, before the application's modules
 * load (telemetry-register.ts does that); `shutdownTelemetry()` flushes at exit.
 */
export function startTelemetry(opts: TelemetryOptions): NodeSDK {
  const env = opts.env ?? process.env;
  for (const [key, value] of Object.entries(DEFAULTS)) env[key] ??= value;
  const sdk = new NodeSDK({
    ...(env['OTEL_SERVICE_NAME'] ? {} : { serviceName: opts.serviceName }),
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req: IncomingMessage) =>
          UNTRACED_PATHS.has((req.url ?? '/').split('?', 1)[0] ?? '/'),
        requireParentforOutgoingSpans: true,
      }),
      new UndiciInstrumentation({ requireParentforSpans: true }),
      new PgInstrumentation({ requireParentSpan: true }),
    ],
  });
  sdk.start();
  const global = trace.getTracerProvider();
  if (global instanceof ProxyTracerProvider) global.setDelegate(quieted(global.getDelegate()));
  // The application imports node:http as ESM, which the require hook does not see; requiring it
  // once here hands the shared module object to the http instrumentation.
  const require = createRequire(import.meta.url);
  require('node:http');
  require('node:https');
  onTelemetryShutdown(() => sdk.shutdown());
  return sdk;
}
