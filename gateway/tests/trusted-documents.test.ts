import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '@shopgraph/testing';
import { describe, expect, it } from 'vitest';
import { EMPTY_MANIFEST, loadManifest } from '../src/trusted-documents/manifest.ts';
import { DocumentResolver } from '../src/trusted-documents/resolve.ts';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const dir = mkdtempSync(path.join(tmpdir(), 'manifests-'));
const file = (name: string, content: unknown) => {
  const p = path.join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
};

describe('persisted document manifests', () => {
  it("when Apollo's and The Guild's formats are given together, then every document is known by id and by text", async () => {
    const apolloBody = 'query A { __typename }';
    const apollo = file('apollo.json', {
      format: 'apollo-persisted-query-manifest',
      version: 1,
      operations: [{ id: sha256(apolloBody), name: 'A', type: 'query', body: apolloBody }],
    });
    const guild = file('guild.json', { 'guild-id': 'query B { __typename }' });
    const manifest = await loadManifest([apollo, guild]);
    expect(manifest.byId.get(sha256(apolloBody))?.name).toBe('A');
    expect(manifest.byId.get('guild-id')?.name).toBe('B');
    expect(manifest.byBody.get('query B { __typename }')?.id).toBe('guild-id');
  });

  it('when a manifest is not one of the formats or holds a non-GraphQL body, then loading fails naming the file', async () => {
    await expect(loadManifest([file('list.json', ['query A { a }'])])).rejects.toThrow(/list\.json/);
    await expect(loadManifest([file('bad.json', { x: '{ not graphql' })])).rejects.toThrow(
      /bad\.json: document x/,
    );
  });
});

describe('the committed load test manifest', () => {
  it('when loadtest/operations are compared with loadtest/persisted-documents.json, then it is current (make compose)', () => {
    const script = path.join(ROOT, 'scripts/schema/persisted-documents.ts');
    expect(() => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' })).not.toThrow();
  });
});

describe('document resolution', () => {
  it('when APQ registrations exceed the cache bytes, then the cache stays within its bound', () => {
    const resolver = new DocumentResolver(
      { mode: 'allow', apq: true, apqCacheBytes: 10_000 },
      () => EMPTY_MANIFEST,
    );
    for (let i = 0; i < 1_000; i++) {
      const query = `query Q${i} { __typename } # ${'x'.repeat(1_000)}`;
      const { register } = resolver.resolve({ id: sha256(query), query });
      expect(register).toBe(true);
      resolver.remember(sha256(query), query);
    }
    console.log(`APQ cache after 1000 registrations of ~1 kB: ${resolver.apqBytes} bytes (bound 10000)`);
    expect(resolver.apqBytes).toBeLessThanOrEqual(10_000);
  });

  it('when enforce mode meets an unlisted id, text or APQ registration, then each is refused as not in the list', () => {
    const resolver = new DocumentResolver(
      { mode: 'enforce', apq: true, apqCacheBytes: 10_000 },
      () => EMPTY_MANIFEST,
    );
    const refusal = (req: { id: string | undefined; query: string | undefined }) => {
      try {
        resolver.resolve(req);
        return undefined;
      } catch (err) {
        return (err as { extensions: { code: string } }).extensions.code;
      }
    };
    expect(refusal({ id: 'x', query: undefined })).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    expect(refusal({ id: undefined, query: '{ __typename }' })).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    expect(refusal({ id: sha256('{ a }'), query: '{ a }' })).toBe('PERSISTED_QUERY_NOT_IN_LIST');
  });
});
