import { describe, expect, it } from 'vitest';
import { operationLabeler } from '../src/apollo-plugins.ts';

describe('operation labels', () => {
  it('when more distinct names arrive than the bound, then later ones share the `other` label', () => {
    const labelOf = operationLabeler(100);
    const labels = new Set(Array.from({ length: 10_000 }, (_, i) => labelOf(`Op${i}`)));
    expect(labels.size).toBe(101);
    expect(labels.has('other')).toBe(true);
    expect(labelOf('Op0')).toBe('Op0'); // admitted names keep their label
    expect(labelOf('Op9999')).toBe('other');
  });

  it('when a name is longer than 64 characters, then its label is cut to 64', () => {
    expect(operationLabeler(10)('x'.repeat(200))).toHaveLength(64);
  });
});
