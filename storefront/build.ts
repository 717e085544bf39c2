// Builds the storefront app (dist/) and the gateway's GraphiQL bundle (graphiql/dist/) with
// Vite, only when their inputs changed since the last build (a hash of them is kept in each
// output folder). Usage: node storefront/build.ts [app] [graphiql]   (default: both)
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const STOREFRONT = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.join(STOREFRONT, '..');

export type BuildTarget = 'app' | 'graphiql';

const TARGETS: Record<BuildTarget, { config: string; out: string; inputs: string[] }> = {
  app: { config: 'vite.config.ts', out: 'dist', inputs: ['src', 'index.html', 'vite.config.ts', 'build.ts'] },
  graphiql: {
    config: 'vite.graphiql.config.ts',
    out: 'graphiql/dist',
    inputs: ['graphiql/src', 'graphiql/index.html', 'vite.graphiql.config.ts', 'build.ts'],
  },
};

function inputsHash(inputs: readonly string[]): string {
  const hash = createHash('sha256').update(readFileSync(path.join(ROOT, 'package-lock.json')));
  for (const input of inputs) {
    const full = path.join(STOREFRONT, input);
    const files = input.includes('.')
      ? [full]
      : readdirSync(full, { withFileTypes: true, recursive: true })
          .filter((e) => e.isFile())
          .map((e) => path.join(e.parentPath, e.name))
          .sort();
    for (const f of files) hash.update(path.relative(STOREFRONT, f)).update(readFileSync(f));
  }
  return hash.digest('hex');
}

/** Builds `target` unless its output is from the same inputs; returns its output folder. */
export async function ensureBuilt(target: BuildTarget): Promise<string> {
  const { config, out, inputs } = TARGETS[target];
  const outDir = path.join(STOREFRONT, out);
  const stampFile = path.join(outDir, '.inputs-sha256');
  const want = inputsHash(inputs);
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === want) return outDir;
  const { build } = await import('vite');
  // Vite keeps a NODE_ENV it finds (vitest sets 'test'), and React's development build is twice
  // the size: these bundles are always production builds.
  const nodeEnv = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  try {
    await build({ configFile: path.join(STOREFRONT, config), mode: 'production', logLevel: 'warn' });
  } finally {
    if (nodeEnv === undefined) delete process.env['NODE_ENV'];
    else process.env['NODE_ENV'] = nodeEnv;
  }
  writeFileSync(stampFile, want);
  return outDir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const targets = process.argv.slice(2) as BuildTarget[];
  for (const t of targets.length ? targets : (['app', 'graphiql'] as const)) {
    if (!(t in TARGETS)) throw new Error(`unknown target ${t} (app|graphiql)`);
    console.log(`storefront: ${t} built in ${path.relative(ROOT, await ensureBuilt(t))}`);
  }
}
