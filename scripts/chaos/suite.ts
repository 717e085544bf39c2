// The chaos suite: its own PostgreSQL + Kafka (infra.ts), its own services + gateway
// (stack.ts), shoppers prepared before the load; then per fault: open-loop placeOrder load
// through the gateway, the fault in the middle of it, recovery, and the checks (invariants.ts)
// once every acknowledged order is terminal or the settle bound has passed.
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ROOT, type StackService } from '@shopgraph/testing';
import type { Shopper } from '../../tests/e2e/checkout-stack.ts';
import type { Fault, Profile } from './faults.ts';
import { startChaosInfra, type ChaosInfra } from './infra.ts';
import { observe, type Observed } from './invariants.ts';
import { dispatchLoop, placeOrders, prepareCatalog, prepareShoppers, type Catalog } from './load.ts';
import { startChaosStack, type ChaosStack } from './stack.ts';

export interface FaultResult {
  readonly fault: string;
  readonly placed: number;
  readonly acknowledged: number;
  readonly terminal: number;
  /** New violations by name (`not-terminal`, `stock-conservation`, ...) with how many subjects. */
  readonly violations: Readonly<Record<string, number>>;
  /** Dead letters that appeared during this fault. */
  readonly deadLetters: number;
  /** Seconds from the end of the fault (restart done) until everything had settled; null: never within the bound. */
  readonly recoveryS: number | null;
  readonly note: string;
}

export const violationCount = (r: FaultResult): number =>
  Object.values(r.violations).reduce((a, b) => a + b, 0);

export function formatResult(r: FaultResult): string {
  const names = Object.entries(r.violations)
    .map(([k, n]) => `${k}×${n}`)
    .join(', ');
  return (
    `${r.fault}: placed ${r.placed}, acknowledged ${r.acknowledged}, terminal ${r.terminal}/${r.acknowledged}, ` +
    `violations ${violationCount(r)}${names ? ` (${names})` : ''}, dead letters ${r.deadLetters}, ` +
    `recovery ${r.recoveryS === null ? 'NOT within bound' : `${r.recoveryS.toFixed(1)} s`}${r.note ? ` [${r.note}]` : ''}`
  );
}

export interface ChaosSuite {
  readonly profile: Profile;
  readonly describe: string;
  run(fault: Fault): Promise<FaultResult>;
  stop(): Promise<void>;
}

export async function startChaosSuite(
  makeProfile: (services: readonly StackService[]) => Profile,
  log: (line: string) => void = () => undefined,
): Promise<ChaosSuite> {
  const dataDir = path.join(ROOT, '.data/chaos');
  let infra: ChaosInfra | undefined;
  let stack: ChaosStack | undefined;
  const stop = async () => {
    await stack?.stop().catch((err: unknown) => log(`stack stop: ${String(err)}`));
    await infra?.stop();
  };
  let shoppers: Shopper[];
  let catalog: Catalog;
  let profile: Profile;
  try {
    log('starting its own PostgreSQL and Kafka (.data/chaos)...');
    infra = await startChaosInfra(dataDir);
    process.env['TEST_ADMIN_DATABASE_URL'] = infra.adminUrl;
    process.env['KAFKA_BROKERS'] = infra.brokers;
    log(
      `postgres ${infra.adminUrl.replace(/:[^:@/]*@/, ':***@')}, kafka ${infra.brokers}; starting services and gateway...`,
    );
    stack = await startChaosStack(
      Number(process.env['CHAOS_BASE_PORT'] ?? 19300),
      path.join(dataDir, 'run'),
      {
        SHOPGRAPH_DATA: dataDir,
        LOG_LEVEL: process.env['STACK_LOG_LEVEL'] ?? 'warn',
      },
    );
    profile = makeProfile(stack.stack.services);
    catalog = await prepareCatalog(stack.gateway, stack.adminToken);
    shoppers = await prepareShoppers(stack.gateway, profile.shoppers);
    log(`gateway ${stack.gateway}; ${shoppers.length} shoppers, ${catalog.productIds.length} products ready`);
  } catch (err) {
    await stop();
    throw err;
  }
  const s = stack;
  const ns = s.stack.env['KAFKA_NAMESPACE']!;
  const checkInput = (acknowledged: readonly string[]) => ({
    dbs: s.stack.dbs,
    metricsUrls: s.stack.services.map(
      (name) => `http://127.0.0.1:${s.stack.env[`${name.toUpperCase()}_PORT`]}/metrics`,
    ),
    brokers: infra.brokers,
    dlqTopics: s.stack.services.map((name) => `${ns}.shopgraph.${name}.dlq`),
    acknowledged,
  });
  const before = await observe(checkInput([]));
  const seen = new Set(before.violations);
  let deadLetters = before.deadLetters;
  let ordinal = 0;
  return {
    profile,
    describe: `${profile.rate} placeOrder/s, ${profile.beforeS} s before each fault and ${profile.afterS} s after, settle bound ${profile.settleS} s`,
    async run(fault) {
      const stopDispatch = new AbortController();
      const dispatching = dispatchLoop(s.gateway, s.adminToken, s.stack.dbs.orders!.url, stopDispatch.signal);
      let recoveredAt = 0;
      let note = '';
      const faulting = (async () => {
        await sleep(profile.beforeS * 1000);
        note = (await fault.run({ infra: infra, stack: s })) ?? '';
        recoveredAt = performance.now();
      })();
      // Load until `afterS` past the recovery: the fault's duration is known only afterwards,
      // so the load runs in slices of one second until then.
      let placed = 0;
      let errors = 0;
      const acknowledged: string[] = [];
      let faultDone = false;
      faulting.finally(() => (faultDone = true)).catch(() => undefined);
      // Each slice starts on its second whatever the earlier ones are waiting for (open loop).
      const slices: Promise<void>[] = [];
      const t0 = performance.now();
      while (!faultDone || performance.now() - recoveredAt < profile.afterS * 1000) {
        const due = t0 + slices.length * 1000 - performance.now();
        if (due > 0) await sleep(due);
        slices.push(
          placeOrders(s.gateway, shoppers, catalog, profile.rate, 1, ordinal++ * profile.rate).then((r) => {
            placed += r.placed;
            errors += r.errors;
            acknowledged.push(...r.acknowledged);
          }),
        );
      }
      await Promise.all(slices);
      await faulting;
      stopDispatch.abort();
      await dispatching;
      const deadline = recoveredAt + profile.settleS * 1000;
      // Settled and clean, or the bound: work done outside events (the authorizer, a capture)
      // may lag a moment behind the last event, so a violation counts only if it persists.
      const clean = (o: Observed) => o.settled && [...o.violations].every((k) => seen.has(k));
      // A check that cannot run yet (a service's /metrics, the broker) is retried like the rest.
      let failure: unknown;
      const look = (prev?: Observed) =>
        observe(checkInput(acknowledged)).catch((err: unknown) => ((failure = err), prev));
      let obs = await look();
      while ((!obs || !clean(obs)) && performance.now() < deadline) {
        await sleep(500);
        obs = await look(obs);
      }
      if (!obs) throw new Error(`${fault.name}: the checks could not run`, { cause: failure });
      const recoveryS = obs.settled ? (performance.now() - recoveredAt) / 1000 : null;
      const violations: Record<string, number> = {};
      for (const key of obs.violations) {
        if (seen.has(key)) continue;
        seen.add(key);
        const name = key.slice(0, key.indexOf(':'));
        violations[name] = (violations[name] ?? 0) + 1;
      }
      const result: FaultResult = {
        fault: fault.name,
        placed,
        acknowledged: acknowledged.length,
        terminal: obs.terminal,
        violations,
        deadLetters: obs.deadLetters - deadLetters,
        recoveryS,
        note: [
          note,
          errors ? `${errors} placeOrder errors` : '',
          `${obs.checkedEvents} event deliveries checked over ${obs.consumers} consumer groups`,
        ]
          .filter(Boolean)
          .join('; '),
      };
      deadLetters = obs.deadLetters;
      return result;
    },
    stop,
  };
}
