// Usage: node scripts/schema/check.ts   (`make schema-check`)
// Compares the committed supergraph (git SCHEMA_BASE_REF, default HEAD) with the one composed
// from the working tree's subgraph SDL; prints every breaking change and fails (exit 1) unless
// each is listed with a reason in supergraph/accepted-changes.yaml. Also fails when composition
// fails or supergraph/supergraph.graphql is stale (run `make compose`). In CI on a pull request
// set SCHEMA_BASE_REF to the target branch (e.g. origin/main).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { apiSchemaOf, checkSchemas, parseAcceptedChanges } from './breaking-changes.ts';
import { composeFromWorkingTree, ROOT, SUPERGRAPH_PATH } from './compose-lib.ts';

const ACCEPTED_PATH = path.join(ROOT, 'supergraph/accepted-changes.yaml');
const baseRef = process.env['SCHEMA_BASE_REF'] || 'HEAD';
const rel = path.relative(ROOT, SUPERGRAPH_PATH);
const out = (line = '') => process.stdout.write(`${line}\n`);
let failed = false;

const composed = composeFromWorkingTree();
if (!composed.ok) {
  out(
    `✗ composition of the working tree's subgraphs failed:\n${composed.errors.map((e) => `    ${e}`).join('\n')}`,
  );
  process.exit(1);
}

if (readFileSync(SUPERGRAPH_PATH, 'utf8') !== composed.supergraphSdl) {
  out(
    `✗ ${rel} is stale: it differs from the composition of the subgraphs. Fix: make compose, and commit it`,
  );
  failed = true;
}

let committed: string;
try {
  committed = execFileSync('git', ['show', `${baseRef}:${rel}`], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
} catch {
  out(`! no ${rel} at ${baseRef}: nothing to compare with (first composition)`);
  process.exit(failed ? 1 : 0);
}

const result = checkSchemas(
  apiSchemaOf(committed),
  apiSchemaOf(composed.supergraphSdl),
  parseAcceptedChanges(readFileSync(ACCEPTED_PATH, 'utf8')),
);
out(
  `schema check: ${rel} at ${baseRef} -> working tree: ${result.breaking.length} breaking, ${result.dangerous.length} dangerous`,
);
for (const c of result.breaking) {
  out(c.acceptedBecause === undefined ? `  ✗ ${c.id}` : `  ✓ ${c.id}  (accepted: ${c.acceptedBecause})`);
}
for (const c of result.dangerous) out(`  ! ${c.id}`);
if (result.unaccepted.length > 0) {
  out(
    `\n✗ ${result.unaccepted.length} breaking change(s) not accepted. Keep the old field (deprecate it), or list each`,
  );
  out(`  in supergraph/accepted-changes.yaml with a reason:\n`);
  for (const c of result.unaccepted)
    out(`  - change: ${JSON.stringify(c.id)}\n    reason: "<why clients may break>"`);
  failed = true;
}
if (!failed) out('✓ schema check passed');
process.exit(failed ? 1 : 0);
