// The services and the gateway of the chaos run, each its own process on its own port
// (packages/testing startTestStack: scripts/stack/services.sh with the chaos PostgreSQL and
// Kafka), plus what the faults need: a workload's PID (from its pid file, checked against its
// command line), kill / stop / continue by PID, and a restart of one workload alone.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { workload } from '@shopgraph/platform';
import { bearerFor, ROOT, startTestStack, type StackService, type TestStack } from '@shopgraph/testing';
import { alive, portsFree, signal, waitDead } from './infra.ts';

export type Workload = StackService | 'gateway';

export interface ChaosStack {
  readonly gateway: string;
  readonly stack: TestStack;
  readonly adminToken: string;
  pid(name: Workload): number;
  /** Sends a signal to the workload's process (by PID); SIGKILL resolves once it is gone. */
  signal(name: Workload, sig: NodeJS.Signals): Promise<void>;
  /** Starts the workload again (same env, port and pid file), resolves when /readyz answers 200. */
  restart(name: Workload): Promise<void>;
  stop(): Promise<void>;
}

const entryOf = (name: Workload) =>
  name === 'gateway'
    ? path.join(ROOT, 'gateway/src/index.ts')
    : path.join(ROOT, workload(name).dir, 'src/index.ts');

/** Starts the stack with its gateway on the first free block of 8 ports from `basePort`. */
export async function startChaosStack(
  basePort: number,
  runDir: string,
  env: NodeJS.ProcessEnv,
): Promise<ChaosStack> {
  // One namespace for every attempt: topics a first attempt created are there for the next one
  // (on a fresh broker under heavy CPU load, creating them all at once can outlast a service's
  // start timeout).
  const namespace = `chaos-${randomBytes(3).toString('hex')}`;
  let stack: TestStack | undefined;
  for (let attempt = 1; !stack; attempt++) {
    let base = basePort;
    while (!(await portsFree(base, 8))) base += 10;
    try {
      stack = await startTestStack({
        name: 'chaos',
        basePort: base,
        env: { RUN_DIR: runDir, KAFKA_NAMESPACE: namespace, ...env },
      });
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
  const { authorization } = await bearerFor(stack.keys, { role: 'admin', subject: 'chaos-suite' });
  const portOf = (name: Workload) => Number(stack.env[`${name.toUpperCase()}_PORT`]);
  const pidFile = (name: Workload) => path.join(runDir, `${name}.pid`);
  const pid = (name: Workload) => Number(readFileSync(pidFile(name), 'utf8').trim());
  // What services.sh exports for the gateway once the subgraphs are up.
  const subgraphUrls = Object.fromEntries(
    stack.services.map((s) => [`SUBGRAPH_${s.toUpperCase()}_URL`, `http://127.0.0.1:${portOf(s)}/graphql`]),
  );
  const ready = async (name: Workload) => {
    const res = await fetch(`http://127.0.0.1:${portOf(name)}/readyz`, {
      signal: AbortSignal.timeout(2_000),
    }).catch(() => undefined);
    return res?.status === 200;
  };
  return {
    gateway: stack.gateway,
    stack,
    adminToken: authorization.replace(/^Bearer /, ''),
    pid,
    async signal(name, sig) {
      const p = pid(name);
      signal(p, sig, entryOf(name));
      if (sig === 'SIGKILL') await waitDead(p);
    },
    async restart(name) {
      const entry = entryOf(name);
      const log = path.join(runDir, `${name}.log`);
      // As services.sh launches it (lib.sh NODE_RUNTIME_FLAGS, setsid, in the background of a
      // shell that exits at once): the process is not our child, so it is never our zombie.
      await new Promise<void>((resolve, reject) => {
        const sh = spawn(
          'bash',
          [
            '-c',
            'source "$0/scripts/lib.sh"; setsid node $NODE_RUNTIME_FLAGS "$1" >>"$2" 2>&1 </dev/null & echo $! >"$3"',
            ROOT,
            entry,
            log,
            pidFile(name),
          ],
          { env: { ...process.env, ...stack.env, ...subgraphUrls }, stdio: 'ignore' },
        );
        sh.once('error', reject);
        sh.once('exit', (code) =>
          code === 0 ? resolve() : reject(new Error(`restart of ${name}: shell exit ${code}`)),
        );
      });
      const p = pid(name);
      const deadline = Date.now() + 120_000;
      while (!(await ready(name))) {
        if (!alive(p)) throw new Error(`${name} exited on restart; log: ${log}`);
        if (Date.now() > deadline) throw new Error(`${name} not ready 120 s after restart; log: ${log}`);
        await sleep(100);
      }
    },
    async stop() {
      // A stopped (SIGSTOP) process ignores SIGTERM until continued.
      for (const name of ['gateway', ...stack.services] as Workload[]) {
        try {
          if (alive(pid(name))) process.kill(pid(name), 'SIGCONT');
        } catch {
          // no pid file or already gone
        }
      }
      await stack.stop();
    },
  };
}
