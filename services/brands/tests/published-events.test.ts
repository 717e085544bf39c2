import { readdirSync } from 'node:fs';
import { catalog } from '@shopgraph/events';
import { BASELINE_DIR } from '../../../packages/events/src/baselines.ts';
import { describe, expect, it } from 'vitest';

// Issue #10: BrandUpdated was in the catalog with no producer (no mutation changes a brand), so
// it was removed with its baseline; brands publishes what its use cases write, nothing more.
describe('the events brands publishes', () => {
  it('when the catalog is read, then brands has exactly BrandRegistered, and every brands baseline has its catalog entry', () => {
    const types = catalog.filter((d) => d.producer === 'brands').map((d) => `${d.name}.v${d.version}`);
    expect(types).toEqual(['BrandRegistered.v1']);
    const baselines = readdirSync(BASELINE_DIR)
      .filter((f) => f.startsWith('brands.'))
      .map((f) => f.replace(/^brands\.|\.json$/g, ''));
    expect(baselines).toEqual(types);
  });
});
