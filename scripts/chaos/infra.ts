// The chaos suite's own PostgreSQL and Kafka: the repo's scripts (scripts/stack/postgres.sh,
// scripts/kafka/run.sh) with another data dir (SHOPGRAPH_DATA=.data/chaos) and free ports, so
// killing or stopping them never touches the shared servers (.data/postgres :5432, Kafka :9092).
// Faults go to the PID each server wrote to its own data dir, checked against its command line.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { ROOT } from '@shopgraph/testing';

const run = promisify(execFile);

/** A TCP port nothing listens on right now (the kernel's pick for port 0). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** True when `count` consecutive ports from `base` are all free. */
export async function portsFree(base: number, count: number): Promise<boolean> {
  for (let p = base; p < base + count; p++) {
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(p, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (!free) return false;
  }
  return true;
}

/** The process exists and is not a zombie. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Sends `signal` to `pid` after checking its command line contains `expect` (no pid reuse). */
export function signal(pid: number, sig: NodeJS.Signals, expect: string): void {
  const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  if (!cmdline.includes(expect)) throw new Error(`pid ${pid} is not ${expect} (${cmdline.slice(0, 120)})`);
  process.kill(pid, sig);
}

export async function waitDead(pid: number, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (alive(pid)) {
    if (Date.now() > deadline) throw new Error(`pid ${pid} still alive after ${ms} ms`);
    await sleep(50);
  }
}

/**
 * A fresh broker creates its offsets topic on the first FindCoordinator; until that is done
 * consumer groups cannot join. Setup waits for it, so the services start as on a broker in use.
 */
async function groupCoordinatorReady(broker: string, ms = 60_000): Promise<void> {
  const kafka = new Kafka({
    clientId: 'chaos-setup',
    brokers: [broker],
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  await admin.connect();
  const deadline = Date.now() + ms;
  try {
    for (;;) {
      try {
        await admin.describeGroups(['chaos-setup']);
        return;
      } catch (err) {
        if (Date.now() > deadline)
          throw new Error(`kafka ${broker}: no group coordinator after ${ms} ms`, { cause: err });
        await sleep(200);
      }
    }
  } finally {
    await admin.disconnect();
  }
}

export interface ChaosInfra {
  readonly dataDir: string;
  /** Admin URL of the chaos PostgreSQL. */
  readonly adminUrl: string;
  /** host:port of the chaos broker. */
  readonly brokers: string;
  postgresPid(): number;
  kafkaPid(): number;
  /** Fast shutdown (SIGINT to the postmaster), resolves once it has exited. */
  stopPostgres(): Promise<void>;
  startPostgres(): Promise<void>;
  /** kill -9 of the broker's JVM, resolves once it is gone. */
  killKafka(): Promise<void>;
  startKafka(): Promise<void>;
  /** Stops both (the scripts' own stop), leaving the data dir for a look afterwards. */
  stop(): Promise<void>;
}

/**
 * Starts a fresh PostgreSQL and Kafka in `dataDir` (removed first, after stopping whatever a
 * previous run left there) on free ports.
 */
export async function startChaosInfra(dataDir = path.join(ROOT, '.data/chaos')): Promise<ChaosInfra> {
  if (path.resolve(dataDir) === path.join(ROOT, '.data'))
    throw new Error('the chaos data dir must not be .data');
  const env: NodeJS.ProcessEnv = { ...process.env, SHOPGRAPH_DATA: dataDir };
  delete env['DATABASE_URL'];
  delete env['KAFKA_BROKERS'];
  const script = async (file: string, args: string[], extra: NodeJS.ProcessEnv = {}) => {
    const { stdout } = await run('bash', [path.join(ROOT, file), ...args], {
      env: { ...env, ...extra },
      encoding: 'utf8',
      maxBuffer: 1 << 22,
    });
    return stdout;
  };
  // A previous run that was interrupted may have left its servers running in this data dir.
  if (existsSync(dataDir)) {
    const leftKafka = path.join(dataDir, 'kafka/server.properties');
    if (existsSync(leftKafka)) {
      const props = readFileSync(leftKafka, 'utf8');
      const port = /PLAINTEXT:\/\/127\.0\.0\.1:(\d+)/.exec(props)?.[1];
      const cport = /CONTROLLER:\/\/127\.0\.0\.1:(\d+)/.exec(props)?.[1];
      if (port && cport)
        await script('scripts/kafka/run.sh', ['stop'], { KAFKA_PORT: port, KAFKA_CONTROLLER_PORT: cport });
    }
    await script('scripts/stack/postgres.sh', ['stop']).catch(() => '');
    rmSync(dataDir, { recursive: true, force: true });
  }
  const pgPort = await freePort();
  let kafkaPort = await freePort();
  let controllerPort = await freePort();
  while (controllerPort === kafkaPort) controllerPort = await freePort();
  if (kafkaPort === pgPort) kafkaPort = await freePort();
  const kafkaEnv = { KAFKA_PORT: String(kafkaPort), KAFKA_CONTROLLER_PORT: String(controllerPort) };
  await Promise.all([
    script('scripts/stack/postgres.sh', ['start'], { PGPORT: String(pgPort) }),
    script('scripts/kafka/run.sh', ['start'], kafkaEnv),
  ]);
  await groupCoordinatorReady(`127.0.0.1:${kafkaPort}`);
  const adminUrl = (await script('scripts/stack/postgres.sh', ['url'])).trim();
  const pgDir = path.join(dataDir, 'postgres');
  const postgresPid = () => Number(readFileSync(path.join(pgDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const kafkaPid = () => Number(readFileSync(path.join(dataDir, 'kafka/kafka.pid'), 'utf8').trim());
  return {
    dataDir,
    adminUrl,
    brokers: `127.0.0.1:${kafkaPort}`,
    postgresPid,
    kafkaPid,
    async stopPostgres() {
      const pid = postgresPid();
      signal(pid, 'SIGINT', 'postgres');
      await waitDead(pid);
    },
    async startPostgres() {
      await script('scripts/stack/postgres.sh', ['start']);
    },
    async killKafka() {
      const pid = kafkaPid();
      signal(pid, 'SIGKILL', 'kafka.Kafka');
      await waitDead(pid);
    },
    async startKafka() {
      await script('scripts/kafka/run.sh', ['start'], kafkaEnv);
    },
    async stop() {
      await script('scripts/kafka/run.sh', ['stop'], kafkaEnv).catch(() => '');
      await script('scripts/stack/postgres.sh', ['stop']).catch(() => '');
    },
  };
}
