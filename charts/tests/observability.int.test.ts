// Alert rules pass `promtool check rules` and their unit tests (`promtool test rules`); dashboards
// are Grafana JSON; every shopgraph metric they or the alerts name is defined in the code. The
// same expressions are evaluated against a running stack in observability/tests/signals.int.test.ts.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helm.ts';

const PROMTOOL = '/usr/bin/promtool';
const dir = (...parts: string[]): string => join(ROOT, 'observability', ...parts);
const filesIn = (path: string, ext: string): string[] =>
  readdirSync(path, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(ext))
    .map((e) => join(path, e.name));

interface Dashboard {
  uid: string;
  title: string;
  panels: { title: string; targets: { expr: string }[] }[];
}

/** Metric names the source defines: every quoted `'shopgraph_...'` literal outside tests. */
function definedMetrics(): Set<string> {
  const out = execFileSync(
    'grep',
    [
      '-rhoE',
      "'shopgraph_[a-z0-9_]+'",
      'packages',
      'services',
      'gateway',
      '--include=*.ts',
      '--exclude-dir=node_modules',
      '--exclude-dir=tests',
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  return new Set([...out.matchAll(/'(shopgraph_[a-z0-9_]+)'/g)].map((m) => m[1]!));
}

function promtool(...args: string[]): string {
  expect(existsSync(PROMTOOL), `${PROMTOOL} is missing. Fix: scripts/toolchain.sh promtool`).toBe(true);
  return execFileSync(PROMTOOL, args, { encoding: 'utf8', cwd: ROOT });
}

describe('When the observability files are checked', () => {
  it('then promtool check rules accepts every alert rule file', () => {
    const files = filesIn(dir('alerts'), '.yaml');
    expect(files.length).toBeGreaterThan(0);
    expect(promtool('check', 'rules', ...files)).toMatch(/SUCCESS/);
  });

  it('then promtool test rules passes: every alert fires on its series and resolves after', () => {
    const tests = filesIn(dir('alerts', 'tests'), '.yaml');
    expect(tests.length).toBeGreaterThan(0);
    expect(promtool('test', 'rules', ...tests)).toMatch(/SUCCESS/);
    // every alert of the rule files has a test that expects it to fire
    const rules = filesIn(dir('alerts'), '.yaml')
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const alerts = [...rules.matchAll(/- alert: (\w+)/g)].map((m) => m[1]!);
    const testText = tests.map((f) => readFileSync(f, 'utf8')).join('\n');
    for (const alert of alerts)
      expect(testText, `no promtool test for ${alert}`).toContain(`alertname: ${alert}`);
  });

  it('then the dashboards are Grafana JSON with unique uids and panels with targets', () => {
    const dashboards = filesIn(dir('dashboards'), '.json').map(
      (f) => JSON.parse(readFileSync(f, 'utf8')) as Dashboard,
    );
    expect(dashboards.length).toBeGreaterThanOrEqual(4);
    expect(new Set(dashboards.map((d) => d.uid)).size).toBe(dashboards.length);
    for (const d of dashboards) {
      expect(d.panels.length, d.title).toBeGreaterThan(0);
      for (const p of d.panels) expect(p.targets.length, `${d.title} / ${p.title}`).toBeGreaterThan(0);
    }
  });

  it('then every shopgraph metric a dashboard or an alert names is one the code defines', () => {
    const defined = definedMetrics();
    expect(defined.size).toBeGreaterThan(10);
    const texts = [
      ...filesIn(dir('dashboards'), '.json').map((f) => [f, readFileSync(f, 'utf8')] as const),
      ...filesIn(dir('alerts'), '.yaml').map((f) => [f, readFileSync(f, 'utf8')] as const),
    ];
    for (const [file, text] of texts) {
      const used = new Set([...text.matchAll(/\b(shopgraph_[a-z0-9_]+)/g)].map((m) => m[1]!));
      for (const m of used) {
        const base = m.replace(/_(bucket|count|sum)$/, '');
        expect(defined.has(m) || defined.has(base), `${file}: ${m} is not defined by any code`).toBe(true);
      }
    }
  });
});
