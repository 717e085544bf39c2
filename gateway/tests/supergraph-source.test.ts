import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger } from '@shopgraph/platform';
import { eventually } from '@shopgraph/testing';
import { describe, expect, it } from 'vitest';
import { supergraphFromFile } from '../src/supergraph-source.ts';

describe('supergraph from a file', () => {
  it('when the file can no longer be read, then the previous schema stays and the log says why', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'supergraph-source-')), 'supergraph.graphql');
    writeFileSync(file, 'the first supergraph');
    const logger = createLogger('supergraph-source-test', 'silent');
    const warnings: string[] = [];
    logger.warn = ((_obj: unknown, msg: string) => void warnings.push(msg)) as typeof logger.warn;
    const updates: string[] = [];
    const hook = supergraphFromFile(file, logger);
    const { supergraphSdl, cleanup } = await hook({
      update: (sdl) => void updates.push(sdl),
      healthCheck: async () => undefined,
      getDataSource: () => undefined as never,
    });
    try {
      expect(supergraphSdl).toBe('the first supergraph');
      rmSync(file);
      await eventually(async () => (warnings.length > 0 ? true : undefined), 10_000, 'a warning');
      expect(warnings).toEqual(['supergraph file cannot be read; keeping the previous schema']);
      expect(updates).toEqual([]);
    } finally {
      await cleanup?.();
    }
  });
});
