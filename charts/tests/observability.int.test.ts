// Alert rules pass promtool; dashboards are valid Grafana JSON over the metrics the services export.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helm.ts';

const PROMTOOL = '/usr/bin/promtool';
const dir = (kind: string): string => join(ROOT, 'observability', kind);
const METRICS = [
  'shopgraph_graphql_request_duration_seconds_bucket',
  'shopgraph_graphql_requests_total',
  'shopgraph_outbox_pending_events',
  'shopgraph_outbox_oldest_age_seconds',
  'shopgraph_events_published_total',
  'shopgraph_events_consumed_total',
  'shopgraph_events_dead_lettered_total',
  'shopgraph_consumer_lag',
];

describe('When the observability files are checked', () => {
  it('then promtool check rules accepts every alert rule file', () => {
    expect(
      existsSync(PROMTOOL),
      `${PROMTOOL} is missing. Fix: apt-get install -y prometheus (a scripts/toolchain.sh step)`,
    ).toBe(true);
    const files = readdirSync(dir('alerts')).map((f) => join(dir('alerts'), f));
    expect(files.length).toBeGreaterThan(0);
    const out = execFileSync(PROMTOOL, ['check', 'rules', ...files], { encoding: 'utf8' });
    expect(out).toMatch(/SUCCESS/);
  });

  it('then the dashboards are Grafana JSON with unique uids that query every shopgraph metric', () => {
    const dashboards = readdirSync(dir('dashboards')).map(
      (f) =>
        JSON.parse(readFileSync(join(dir('dashboards'), f), 'utf8')) as {
          uid: string;
          title: string;
          panels: { targets: { expr: string }[] }[];
        },
    );
    expect(new Set(dashboards.map((d) => d.uid)).size).toBe(dashboards.length);
    const exprs = dashboards.flatMap((d) => d.panels.flatMap((p) => p.targets.map((t) => t.expr))).join('\n');
    for (const m of METRICS) expect(exprs, m).toContain(m);
    for (const d of dashboards) expect(d.panels.length, d.title).toBeGreaterThan(0);
  });

  it('then every metric the alerts use follows the shopgraph_<thing>_<unit> naming', () => {
    const text = readdirSync(dir('alerts'))
      .map((f) => readFileSync(join(dir('alerts'), f), 'utf8'))
      .join('\n');
    const used = [...text.matchAll(/\b(shopgraph_[a-z_]+)/g)].map((m) => m[1]);
    expect(used.length).toBeGreaterThan(0);
    for (const m of used)
      expect(
        METRICS.some(
          (known) => known.startsWith(m ?? '') || (m ?? '').startsWith(known.replace(/_bucket$/, '')),
        ),
      ).toBe(true);
  });
});
