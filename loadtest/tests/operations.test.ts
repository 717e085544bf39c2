import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { printSchema, Supergraph } from '@apollo/federation-internals';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const dir = path.join(root, 'loadtest/operations');
// Through SDL text: federation-internals loads graphql's CommonJS build, vitest the ESM one.
const api = buildSchema(
  printSchema(
    Supergraph.build(readFileSync(path.join(root, 'supergraph/supergraph.graphql'), 'utf8')).apiSchema(),
  ),
);

describe('load-test operations', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.graphql'));

  it('there is at least one operation', () => expect(files.length).toBeGreaterThan(0));

  it.each(files)(
    'when %s is validated against the committed supergraph, then it is valid and named after its file',
    (file) => {
      const doc = parse(readFileSync(path.join(dir, file), 'utf8'));
      expect(validate(api, doc).map((e) => e.message)).toEqual([]);
      const names = doc.definitions.flatMap((d) =>
        d.kind === 'OperationDefinition' && d.name ? [d.name.value] : [],
      );
      expect(names).toEqual([file.replace(/\.graphql$/, '')]);
    },
  );
});
