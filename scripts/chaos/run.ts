// Usage: node scripts/chaos/run.ts [long|short]   (`make chaos`; `make test` runs the short form
// as tests/chaos/checkout-faults.chaos.ts). Prints one line per fault and exits 1 on any
// violation, dead letter or acknowledged order not terminal within the settle bound.
// Env: CHAOS_RATE (placeOrder/s), CHAOS_SETTLE_S, CHAOS_BASE_PORT (19300), STACK_LOG_LEVEL.
import { cpus, loadavg } from 'node:os';
import { profile } from './faults.ts';
import { formatResult, startChaosSuite, violationCount } from './suite.ts';

const which = process.argv[2] ?? 'long';
const out = (line: string) => process.stdout.write(`[chaos] ${line}\n`);
const started = performance.now();
const suite = await startChaosSuite((services) => profile(which, services), out);
let failed = 0;
try {
  out(`${suite.profile.name} form: ${suite.profile.faults.length} faults, ${suite.describe}`);
  for (const fault of suite.profile.faults) {
    const r = await suite.run(fault);
    const bad =
      violationCount(r) > 0 || r.deadLetters > 0 || r.terminal < r.acknowledged || r.recoveryS === null;
    if (bad) failed++;
    out(
      `${bad ? 'FAIL' : 'ok  '} ${formatResult(r)} (load ${loadavg()[0]!.toFixed(1)}/${cpus().length} CPUs)`,
    );
  }
} finally {
  await suite.stop();
}
out(
  `${failed === 0 ? 'all faults passed' : `${failed} of ${suite.profile.faults.length} faults failed`} in ${((performance.now() - started) / 1000).toFixed(0)} s`,
);
process.exit(failed === 0 ? 0 : 1);
