// Writes the committed schema baseline of every event version in the catalog.
// Usage: node packages/events/scripts/write-baselines.ts
// New versions get a baseline; a compatible change (an added optional field) updates it;
// a breaking change is refused: publish it as a new version (`.v2`) with an upcaster instead.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { catalog, checkCompatibility } from '../src/index.ts';
import { baselinePath, readBaseline, schemaJson } from '../src/baselines.ts';

let refused = 0;
for (const def of catalog) {
  const file = baselinePath(def);
  const baseline = readBaseline(def);
  if (baseline !== undefined) {
    const problems = checkCompatibility(def.type, baseline, JSON.parse(schemaJson(def)));
    if (problems.length > 0) {
      refused++;
      for (const p of problems) console.error(`refused: ${p.message}`);
      continue;
    }
  }
  writeFileSync(file, schemaJson(def));
  console.log(`${baseline === undefined ? 'wrote' : 'kept '} ${path.relative(process.cwd(), file)}`);
}
if (refused > 0) {
  console.error(`${refused} breaking change(s): publish a new version (.vN+1) with an upcaster instead`);
  process.exit(1);
}
