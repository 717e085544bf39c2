// Usage: node scripts/schema/compose.ts  — writes supergraph/supergraph.graphql, or prints the
// composition errors and exits 1.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { composeFromWorkingTree, ROOT, SUPERGRAPH_PATH } from './compose-lib.ts';

const result = composeFromWorkingTree();
if (!result.ok) {
  process.stderr.write(`composition failed:\n${result.errors.map((e) => `  - ${e}`).join('\n')}\n`);
  process.exit(1);
}
writeFileSync(SUPERGRAPH_PATH, result.supergraphSdl);
process.stdout.write(`composed ${path.relative(ROOT, SUPERGRAPH_PATH)}\n`);
