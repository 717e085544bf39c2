import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serviceNameOf } from '../src/telemetry-register.ts';
import { contextFromTraceparent, currentTraceparent, telemetryEnabled } from '../src/telemetry.ts';

const here = import.meta.dirname;
const probe = (env: NodeJS.ProcessEnv) => {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OTEL_')));
  const out = execFileSync(
    process.execPath,
    [
      `--import=${path.join(here, 'fixtures/module-recorder.ts')}`,
      `--import=${path.join(here, '../src/telemetry-register.ts')}`,
      path.join(here, 'fixtures/telemetry-probe.ts'),
    ],
    { env: { ...clean, ...env }, encoding: 'utf8' },
  );
  // The probe's result line and the logger's lines share stdout in no guaranteed order.
  const lines = out.trim().split('\n');
  const isResult = (l: string) => l.includes('"sdkLoaded"');
  return {
    result: JSON.parse(lines.find(isResult)!) as Record<string, unknown>,
    log: lines.filter((l) => !isResult(l)).join('\n'),
  };
};

describe('When OTEL_EXPORTER_OTLP_ENDPOINT is unset', () => {
  it('then no SDK or exporter is loaded, spans do not record, and log lines carry no trace ids', () => {
    const { result, log } = probe({});
    expect(result).toEqual({
      delegate: 'NoopTracerProvider',
      recording: false,
      traceparent: null,
      sdkLoaded: false,
      exporterLoaded: false,
      instrumentationLoaded: false,
    });
    expect(log).toContain('inside a span');
    expect(log).not.toContain('trace_id');
  }, 60_000);

  it('then telemetryEnabled is false, also when only OTEL_SDK_DISABLED turns a set endpoint off', () => {
    expect(telemetryEnabled({})).toBe(false);
    expect(telemetryEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: '' })).toBe(false);
    expect(
      telemetryEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_SDK_DISABLED: 'true' }),
    ).toBe(false);
    expect(telemetryEnabled({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:4318/v1/traces' })).toBe(
      true,
    );
  });

  it('then a received traceparent is not turned into a context (no propagator is registered)', () => {
    const tp = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    expect(currentTraceparent(contextFromTraceparent(tp))).toBeUndefined();
  });
});

describe('When OTEL_EXPORTER_OTLP_ENDPOINT is set', () => {
  it('then the SDK starts with the instrumentations, spans record, and log lines carry trace_id and span_id', () => {
    // Nothing listens on port 9 (discard): exports fail quietly; the probe exits before a flush anyway.
    const { result, log } = probe({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9',
      OTEL_LOG_LEVEL: 'none',
    });
    expect(result).toMatchObject({ recording: true, sdkLoaded: true, instrumentationLoaded: true });
    expect(result['delegate']).not.toBe('NoopTracerProvider');
    const traceparent = result['traceparent'] as string;
    expect(traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    const line = JSON.parse(log.split('\n').find((l) => l.includes('inside a span'))!) as Record<
      string,
      string
    >;
    expect(`00-${line['trace_id']}-${line['span_id']}-01`).toBe(traceparent);
  }, 60_000);
});

describe('When a workload is preloaded', () => {
  it('then its service.name comes from its entry point', () => {
    expect(serviceNameOf('/app/services/orders/src/index.ts')).toBe('orders');
    expect(serviceNameOf('gateway/src/index.ts')).toBe('gateway');
    expect(serviceNameOf('/x/tool.ts')).toBe('tool');
  });
});
