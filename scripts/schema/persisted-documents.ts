// Usage: node scripts/schema/persisted-documents.ts [--check]
// Writes loadtest/persisted-documents.json, the gateway's persisted-document manifest (Apollo's
// apollo-persisted-query-manifest format) of loadtest/operations/*.graphql. Each body is the
// file's exact text, which is what the k6 scenarios and loadtest/run-local.ts send, so the
// gateway matches them by text in enforce mode and the id (sha256 of the body) names them.
// --check: exit 1 when the committed file is not what the operations give.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { getOperationAST, parse } from 'graphql';

const ROOT = path.resolve(import.meta.dirname, '../..');
const OPERATIONS = path.join(ROOT, 'loadtest/operations');
const OUT = path.join(ROOT, 'loadtest/persisted-documents.json');

const operations = readdirSync(OPERATIONS)
  .filter((f) => f.endsWith('.graphql'))
  .sort()
  .map((file) => {
    const body = readFileSync(path.join(OPERATIONS, file), 'utf8');
    const op = getOperationAST(parse(body));
    if (!op?.name) throw new Error(`${file}: expected exactly one named operation`);
    return {
      id: createHash('sha256').update(body).digest('hex'),
      name: op.name.value,
      type: op.operation,
      body,
    };
  });
const manifest = `${JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations }, null, 2)}\n`;

if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(OUT, 'utf8');
  } catch {
    // missing: stale
  }
  if (committed !== manifest) {
    process.stderr.write(`${path.relative(ROOT, OUT)} is stale: run make compose\n`);
    process.exit(1);
  }
} else {
  writeFileSync(OUT, manifest);
  process.stdout.write(`wrote ${path.relative(ROOT, OUT)} (${operations.length} operations)\n`);
}
