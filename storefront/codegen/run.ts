// `make codegen` (storefront part): writes the API schema, typed operations, persisted-document
// manifest and id map. With --check, writes nothing and exits 1 naming every stale file.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateAll, STOREFRONT } from './generate.ts';

const check = process.argv.includes('--check');
const stale: string[] = [];
for (const [file, content] of await generateAll()) {
  const target = path.join(STOREFRONT, file);
  if (existsSync(target) && readFileSync(target, 'utf8') === content) continue;
  stale.push(file);
  if (!check) {
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
}
if (check && stale.length > 0) {
  console.error(`storefront: stale generated files (run \`make codegen\`): ${stale.join(', ')}`);
  process.exit(1);
}
console.log(`storefront codegen: ${stale.length === 0 ? 'up to date' : `wrote ${stale.join(', ')}`}`);
