// One shape for every subgraph service (docs/architecture.md "Inside a service"): a newcomer who
// knows one service finds their way in all seven. This fails when a service leaves the shape.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { SUBGRAPHS, workload } from '@shopgraph/platform';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../src/infra.ts';

/** Files and folders every service has. */
const REQUIRED = [
  'package.json',
  'README.md',
  'Dockerfile',
  'schema.graphql',
  'codegen.json',
  'migrations/',
  'tests/',
  'src/index.ts',
  'src/server.ts',
  'src/config.ts',
  'src/context.ts',
  'src/migrate.ts',
  'src/resolvers/index.ts',
  'src/domain/model.ts',
  'src/domain/changes.ts',
  'src/data/',
  'src/events/handlers.ts',
  'src/events/publish.ts',
  'src/events/background.ts',
  'src/generated/resolvers.ts',
];
/** What else may stand directly in src/: seed data, service metrics, claimed background jobs, a payment provider. */
const OPTIONAL_IN_SRC = ['seed.ts', 'metrics.ts', 'workers', 'provider'];
const IN_SRC = new Set([
  ...REQUIRED.filter((p) => p.startsWith('src/')).map((p) => p.split('/')[1]!),
  ...OPTIONAL_IN_SRC,
]);

const dirOf = (name: string) => path.join(ROOT, workload(name).dir);
const filesUnder = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .map((f) => path.join(dir, f))
        .filter((f) => f.endsWith('.ts') && statSync(f).isFile())
    : [];
/** Every module specifier a file imports or re-exports. */
const importsOf = (file: string): string[] =>
  [...readFileSync(file, 'utf8').matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/g)].map(
    (m) => m[1]!,
  );

describe('the service shape', () => {
  it('when services/ is listed, then it holds exactly the registry’s subgraphs', () => {
    const present = readdirSync(path.join(ROOT, 'services')).filter((d) =>
      existsSync(path.join(ROOT, 'services', d, 'package.json')),
    );
    expect(present.sort()).toEqual([...SUBGRAPHS].sort());
    for (const name of SUBGRAPHS) expect(workload(name).dir).toBe(`services/${name}`);
  });

  describe.each(SUBGRAPHS)('%s', (name) => {
    const dir = dirOf(name);

    it('when its files are listed, then every file and folder of the shape is there', () => {
      const missing = REQUIRED.filter((p) =>
        p.endsWith('/')
          ? !existsSync(path.join(dir, p)) || readdirSync(path.join(dir, p)).length === 0
          : !existsSync(path.join(dir, p)),
      );
      expect(missing).toEqual([]);
    });

    it('when src/ is listed, then it holds only the shape’s files and folders', () => {
      expect(readdirSync(path.join(dir, 'src')).filter((f) => !IN_SRC.has(f))).toEqual([]);
    });

    it('when its resolvers import, then they reach use cases (domain/), never data/ directly', () => {
      const offenders = filesUnder(path.join(dir, 'src/resolvers')).flatMap((file) =>
        importsOf(file)
          .filter((spec) => /(^|\/)data\//.test(spec))
          .map((spec) => `${path.relative(dir, file)} imports ${spec}`),
      );
      expect(offenders).toEqual([]);
    });

    it('when its domain publishes, then it goes through the publisher it is handed, not the outbox', () => {
      const offenders = filesUnder(path.join(dir, 'src/domain'))
        .filter((file) =>
          /\boutbox\b/.test(readFileSync(file, 'utf8').replace(/\/\/.*|\/\*[\s\S]*?\*\//g, '')),
        )
        .map((file) => path.relative(dir, file));
      expect(offenders).toEqual([]);
    });

    it('when any of its code imports, then it never imports another service', () => {
      const others = SUBGRAPHS.filter((s) => s !== name);
      const offenders = [
        ...filesUnder(path.join(dir, 'src')),
        ...filesUnder(path.join(dir, 'tests')),
      ].flatMap((file) =>
        importsOf(file)
          .filter((spec) => {
            const target = spec.startsWith('.') ? path.resolve(path.dirname(file), spec) : spec;
            return others.some(
              (o) =>
                target === `@shopgraph/${o}` || target.startsWith(path.join(ROOT, 'services', o) + path.sep),
            );
          })
          .map((spec) => `${path.relative(dir, file)} imports ${spec}`),
      );
      expect(offenders).toEqual([]);
    });

    it('when its server is built, then it is the platform’s subgraph service over its own files', () => {
      const server = readFileSync(path.join(dir, 'src/server.ts'), 'utf8');
      expect(server).toMatch(/subgraphFiles\(import\.meta\.url, eventsMigrations\)/);
      expect(server).toMatch(/createSubgraphService\(\{ name: '([a-z]+)'/);
      expect(/createSubgraphService\(\{ name: '([a-z]+)'/.exec(server)?.[1]).toBe(name);
    });
  });
});
