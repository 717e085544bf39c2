import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { composeFromWorkingTree, SUPERGRAPH_PATH } from '../compose-lib.ts';

describe('committed supergraph', () => {
  it('when the subgraph SDL files are composed, then the result is exactly the committed supergraph (else: make compose)', () => {
    const composed = composeFromWorkingTree();
    if (!composed.ok) throw new Error(`composition failed:\n${composed.errors.join('\n')}`);
    expect(
      readFileSync(SUPERGRAPH_PATH, 'utf8'),
      'supergraph/supergraph.graphql is stale: run `make compose`',
    ).toBe(composed.supergraphSdl);
  });
});
