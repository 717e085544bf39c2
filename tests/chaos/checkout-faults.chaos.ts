// The chaos suite's short form (`make test`, stage "chaos"; the long form is `make chaos`):
// its own PostgreSQL, Kafka, services and gateway (scripts/chaos), checkout load through the
// gateway, and per fault the checks of issue #10. Each fault is one test; its summary line is
// printed whatever the outcome, and the assertions name what went wrong.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profile } from '../../scripts/chaos/faults.ts';
import { formatResult, startChaosSuite, type ChaosSuite } from '../../scripts/chaos/suite.ts';

const short = profile('short', []);
let suite: ChaosSuite;

describe('checkout under faults (short form)', () => {
  beforeAll(async () => {
    suite = await startChaosSuite((services) => profile('short', services));
  });
  afterAll(async () => {
    await suite?.stop();
  });

  it.each(short.faults.map((f) => [f.name, f] as const))(
    'when %s under checkout load, then every acknowledged order is terminal, no invariant breaks, nothing is dead-lettered',
    async (_name, fault) => {
      const r = await suite.run(fault);
      process.stdout.write(`[chaos] ${formatResult(r)}\n`);
      expect(r.acknowledged).toBeGreaterThan(0);
      expect(r.violations).toEqual({});
      expect(r.deadLetters).toBe(0);
      expect(r.terminal).toBe(r.acknowledged);
      expect(r.recoveryS).not.toBeNull();
    },
  );
});
