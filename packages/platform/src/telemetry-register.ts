// Preloaded by every workload (`node --import <this file> <entry>`, see NODE_RUNTIME_FLAGS in
// scripts/lib.sh) so the instrumentations hook http, undici and pg before the application imports
// them. With OTEL_EXPORTER_OTLP_ENDPOINT unset it does nothing else: no SDK module is even loaded.
import { register } from 'node:module';
import path from 'node:path';
import { telemetryEnabled } from './telemetry.ts';

/** `services/orders/src/index.ts` -> `orders`, `gateway/src/index.ts` -> `gateway`. */
export function serviceNameOf(entry: string | undefined): string {
  if (entry === undefined) return 'shopgraph';
  const parts = path.resolve(entry).split(path.sep);
  const src = parts.lastIndexOf('src');
  return (src > 0 ? parts[src - 1] : path.basename(entry, path.extname(entry))) ?? 'shopgraph';
}

if (telemetryEnabled()) {
  // pg is CommonJS imported from ESM: only import-in-the-middle sees that import. Limited to pg,
  // so the application's own (type-stripped TypeScript) modules are loaded untouched.
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url, { data: { include: ['pg'] } });
  const { startTelemetry } = await import('./telemetry-sdk.ts');
  startTelemetry({ serviceName: serviceNameOf(process.argv[1]) });
}
