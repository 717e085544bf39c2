import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateAll, STOREFRONT } from '../codegen/generate.ts';
import { documentId, wireBody, type PersistedManifest } from '../codegen/manifest.ts';
import * as documents from '../src/gql/graphql.ts';

const manifest = JSON.parse(
  readFileSync(path.join(STOREFRONT, 'persisted-documents.json'), 'utf8'),
) as PersistedManifest;

describe('storefront generated files', () => {
  it('When codegen runs again, then nothing changes (schema, typed operations, manifest are fresh)', async () => {
    const stale = [...(await generateAll())]
      .filter(([file, content]) => readFileSync(path.join(STOREFRONT, file), 'utf8') !== content)
      .map(([file]) => file);
    expect(stale, 'run `make codegen`').toEqual([]);
  }, 60_000);

  it('When the client sends an operation, then its body hashes to the manifest id (the gateway finds it)', () => {
    const docs = Object.entries(documents).filter(([name]) => name.endsWith('Document'));
    expect(docs.length).toBe(manifest.operations.length);
    for (const [name, doc] of docs) {
      const op = manifest.operations.find((o) => `${o.name}Document` === name);
      expect(op, name).toBeDefined();
      const body = wireBody(doc as Parameters<typeof wireBody>[0]);
      expect(body).toBe(op!.body);
      expect(documentId(body)).toBe(op!.id);
    }
  });

  it('When the manifest is read, then it is in Apollo format with one entry per operation name', () => {
    expect(manifest.format).toBe('apollo-persisted-query-manifest');
    expect(manifest.version).toBe(1);
    const names = manifest.operations.map((o) => o.name);
    expect(new Set(names).size).toBe(names.length);
    for (const op of manifest.operations) expect(['query', 'mutation', 'subscription']).toContain(op.type);
  });
});
