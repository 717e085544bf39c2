// Usage: node bench/gateway/profile-summary.ts <file.cpuprofile> [top=25]
// Self time per function and per package of a V8 CPU profile (node --cpu-prof), to say what
// limits a gateway's throughput.
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [top]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
};
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const fnTime = new Map<string, number>();
const pkgTime = new Map<string, number>();
for (const [id, us] of self) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  const where = url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/work\/main\//, '');
  const key = `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
  fnTime.set(key, (fnTime.get(key) ?? 0) + us);
  const pkg =
    url === ''
      ? `(${functionName || 'native'})`
      : (/node_modules\/((@[^/]+\/)?[^/]+)/.exec(url)?.[1] ??
        (url.startsWith('node:') ? 'node:internal' : where.split('/').slice(0, 2).join('/')));
  pkgTime.set(pkg, (pkgTime.get(pkg) ?? 0) + us);
}
const top = Number(topArg ?? 25);
const show = (title: string, m: Map<string, number>) => {
  process.stdout.write(`\n${title}\n`);
  for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top))
    process.stdout.write(`${((100 * us) / total).toFixed(1).padStart(5)} %  ${k}\n`);
};
process.stdout.write(`${file}: ${(total / 1e6).toFixed(1)} s sampled\n`);
show('self time by package', pkgTime);
show('self time by function', fnTime);
