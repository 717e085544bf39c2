import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SubgraphService } from '@shopgraph/platform';
import { createTestDatabase, startService, testServiceConfig, type TestDatabase } from '@shopgraph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBrandsService } from '../../services/brands/src/server.ts';
import { post, startGateway, type StartedGateway } from './support/gateway.ts';
import { compose, sdlOf } from './support/subgraphs.ts';

const SECONDS = 30;
const RATE = 20; // requests per second, sent on a fixed schedule whatever the answers take
const QUERY = '{ brands(first: 5) { edges { node { name } } } }';

describe('supergraph hot reload under load (real brands subgraph)', () => {
  let db: TestDatabase;
  let brands: SubgraphService;
  let gw: StartedGateway;
  let supergraph: string;
  let variants: [string, string];

  beforeAll(async () => {
    db = await createTestDatabase('gateway_reload');
    const b = await startService(createBrandsService, testServiceConfig('brands', db.url));
    brands = b.service;
    const sdl = sdlOf('brands');
    const extended = sdl.replace('  website: String\n', '  website: String\n  tagline: String\n');
    expect(extended).not.toBe(sdl);
    variants = [compose({ brands: { sdl, url: b.url } }), compose({ brands: { sdl: extended, url: b.url } })];
    supergraph = path.join(mkdtempSync(path.join(tmpdir(), 'reload-')), 'supergraph.graphql');
    writeFileSync(supergraph, variants[0]);
    gw = await startGateway({ SUPERGRAPH_PATH: supergraph });
  });
  afterAll(async () => {
    await gw?.stop();
    await brands?.stop();
    await db?.drop();
  });

  it(
    `when the supergraph changes every second for ${SECONDS} s under ${RATE} req/s, then no request fails`,
    { timeout: 120_000 },
    async () => {
      const results: Promise<boolean>[] = [];
      let writes = 0;
      const send = () =>
        results.push(
          post(gw.url, { query: QUERY }).then(
            (r) => r.status === 200 && r.json.errors === undefined && r.json.data !== undefined,
            () => false,
          ),
        );
      const reload = () => {
        // Replaced, not rewritten in place, as Kubernetes swaps a ConfigMap's file.
        writes++;
        writeFileSync(`${supergraph}.tmp`, variants[writes % 2]!);
        renameSync(`${supergraph}.tmp`, supergraph);
      };
      // Open loop at a fixed rate: each tick sends what the schedule says is due by now, so a
      // reload that holds the event loop delays requests but does not drop them from the run.
      const started = performance.now();
      const load = setInterval(() => {
        const due = Math.min(SECONDS * RATE, Math.floor(((performance.now() - started) / 1_000) * RATE));
        while (results.length < due) send();
      }, 10);
      const reloads = setInterval(reload, 1_000);
      await new Promise((resolve) => setTimeout(resolve, SECONDS * 1_000));
      clearInterval(load);
      clearInterval(reloads);
      const ok = await Promise.all(results);
      const failed = ok.filter((x) => !x).length;
      const reloaded = gw.infoMessages.filter((m) => m === 'supergraph reloaded').length;
      console.log(
        `hot reload: ${ok.length} requests, ${failed} failed, ${writes} supergraph writes, ${reloaded} reloads`,
      );
      expect(failed).toBe(0);
      expect(ok.length).toBeGreaterThanOrEqual(SECONDS * RATE - RATE);
      expect(reloaded).toBeGreaterThanOrEqual(writes - 2);
      expect(gw.errorLogs).toEqual([]);
    },
  );
});
