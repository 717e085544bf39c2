// Files the charts carry as copies or generated output must match their sources of truth.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDependencies, CHARTS, ROOT } from './helm.ts';

const runCheck = (script: string): string => {
  try {
    execFileSync(process.execPath, [join(ROOT, script), '--check'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: 'pipe',
    });
    return '';
  } catch (error) {
    return String((error as { stderr?: string }).stderr ?? error);
  }
};

describe('When the chart copies and generated files are compared with their sources', () => {
  it.each(['supergraph.graphql', 'subscriptions.graphql'])(
    "then the gateway chart's %s equals its supergraph/ source",
    (file) => {
      const source = join(ROOT, 'supergraph', file);
      expect(
        existsSync(source),
        `supergraph/${file} does not exist: compose it, then run charts/sync-files.sh`,
      ).toBe(true);
      const copyPath = join(CHARTS, 'gateway', 'files', file);
      expect(existsSync(copyPath), `charts/gateway/files/${file} is missing. Fix: charts/sync-files.sh`).toBe(
        true,
      );
      expect(
        readFileSync(copyPath, 'utf8') === readFileSync(source, 'utf8'),
        `charts/gateway/files/${file} is stale. Fix: charts/sync-files.sh`,
      ).toBe(true);
    },
  );

  it.each(['dashboards', 'alerts'])(
    'then charts/shopgraph/files/%s equals its observability/ source',
    (kind) => {
      const src = join(ROOT, 'observability', kind);
      const dst = join(CHARTS, 'shopgraph', 'files', kind);
      // files only: observability/alerts/tests/ holds the rules' promtool tests, not shipped
      const files = readdirSync(src, { withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => e.name);
      expect(readdirSync(dst).sort(), 'Fix: charts/sync-files.sh').toEqual(files.sort());
      for (const f of files)
        expect(
          readFileSync(join(dst, f), 'utf8') === readFileSync(join(src, f), 'utf8'),
          `${kind}/${f} is stale. Fix: charts/sync-files.sh`,
        ).toBe(true);
    },
  );

  it('then every values.schema.json is what charts/scripts/gen-schemas.mjs makes from values.yaml', () => {
    expect(runCheck('charts/scripts/gen-schemas.mjs')).toBe('');
  });

  it('then istio/ holds exactly the mesh resources the chart renders', () => {
    buildDependencies();
    expect(runCheck('charts/scripts/render-istio.mjs')).toBe('');
  });

  it.each(['shopgraph', 'gateway', 'orders'])(
    'then every key of charts/%s/values.yaml is documented by a comment starting with its name',
    (chart) => {
      const lines = readFileSync(join(CHARTS, chart, 'values.yaml'), 'utf8').split('\n');
      const path: string[] = [];
      const documented = new Set<string>();
      const undocumented: string[] = [];
      lines.forEach((line, i) => {
        const m = /^(\s*)([A-Za-z][\w-]*):/.exec(line);
        if (!m) return;
        path.length = (m[1] ?? '').length / 2;
        path.push(m[2] ?? '');
        const full = path.join('.');
        const above = lines[i - 1] ?? '';
        if (above.trim().startsWith(`# ${full} `)) documented.add(full);
        const isLeaf = !/:\s*$/.test(line);
        const ancestors = path.map((_, k) => path.slice(0, k + 1).join('.'));
        // A workload's block in the umbrella is documented by the comment above the block.
        if (isLeaf && !ancestors.some((a) => documented.has(a))) undocumented.push(full);
      });
      expect(undocumented).toEqual([]);
    },
  );
});
