// `make codegen`: writes every generated source file; with --check writes nothing and exits 1
// naming each stale one (the static stage of `make test` runs it so).
// Generators, in order: the subgraphs' resolver types (scripts/codegen/subgraphs.ts). Another
// part of the repository adds its generator to GENERATORS: a function returning [path, content].
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateSubgraphTypes, ROOT } from './codegen/subgraphs.ts';

const GENERATORS: readonly [name: string, run: () => Promise<[string, string][]>][] = [
  ['subgraph resolver types', generateSubgraphTypes],
];

const check = process.argv.includes('--check');
let stale = 0;
for (const [name, run] of GENERATORS) {
  const written: string[] = [];
  for (const [file, content] of await run()) {
    const target = path.join(ROOT, file);
    if (existsSync(target) && readFileSync(target, 'utf8') === content) continue;
    written.push(file);
    if (!check) {
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, content);
    }
  }
  stale += written.length;
  if (check && written.length > 0)
    console.error(`${name}: stale (run \`make codegen\`): ${written.join(', ')}`);
  else console.log(`${name}: ${written.length === 0 ? 'up to date' : `wrote ${written.join(', ')}`}`);
}
if (check && stale > 0) process.exit(1);
