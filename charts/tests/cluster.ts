// The local control plane for the cluster test (scripts/cluster/up.sh): starting it, the real
// kubectl and helm against it, and watches of the real API (kubectl get --raw ...?watch=true).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { HELM, ROOT, type K8sObject } from './helm.ts';

const run = promisify(execFile);
export const KUBECONFIG = `${ROOT}/.data/cluster/kubeconfig`;
export const KUBECTL = `${ROOT}/.tools/cluster/bin/kubectl`;

export interface CmdResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function cmd(file: string, args: string[], input?: string): Promise<CmdResult> {
  const child = run(file, args, { cwd: ROOT, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' });
  if (input !== undefined) {
    child.child.stdin?.end(input);
  }
  try {
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof e.code === 'number' ? e.code : 1,
      stdout: e.stdout ?? '',
      stderr: e.stderr ?? String(error),
    };
  }
}

/** Starts the control plane (builds it first if needed); true when this call started it. */
export async function clusterUp(): Promise<boolean> {
  const r = await cmd('bash', [`${ROOT}/scripts/cluster/up.sh`]);
  if (r.code !== 0) throw new Error(`scripts/cluster/up.sh failed (${r.code}):\n${r.stderr}${r.stdout}`);
  return r.stdout.includes('cluster: started');
}

export async function clusterDown(): Promise<void> {
  const r = await cmd('bash', [`${ROOT}/scripts/cluster/down.sh`]);
  if (r.code !== 0) throw new Error(`scripts/cluster/down.sh failed:\n${r.stderr}`);
}

/** kubectl against the local cluster; never throws. */
export const kubectl = (args: string[], input?: string): Promise<CmdResult> =>
  cmd(KUBECTL, ['--kubeconfig', KUBECONFIG, ...args], input);

/** helm against the local cluster; never throws, so a test can assert on a failure's message. */
export const helmk = (args: string[]): Promise<CmdResult> => cmd(HELM, ['--kubeconfig', KUBECONFIG, ...args]);

export async function must(p: Promise<CmdResult>, what: string): Promise<string> {
  const r = await p;
  if (r.code !== 0) throw new Error(`${what} failed (${r.code}):\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** Objects of some kinds (comma-separated, as kubectl takes them) in a namespace. */
export async function list(ns: string, kinds: string): Promise<K8sObject[]> {
  const out = await must(kubectl(['-n', ns, 'get', kinds, '-o', 'json']), `kubectl get ${kinds}`);
  return (JSON.parse(out) as { items: K8sObject[] }).items;
}

export async function get(ns: string, kind: string, name: string): Promise<K8sObject | undefined> {
  const r = await kubectl(['-n', ns, 'get', kind, name, '-o', 'json', '--ignore-not-found']);
  if (r.code !== 0) throw new Error(`kubectl get ${kind}/${name} failed:\n${r.stderr}`);
  return r.stdout.trim() ? (JSON.parse(r.stdout) as K8sObject) : undefined;
}

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: K8sObject & { status?: Record<string, unknown> };
}

export interface Watch {
  /** The collection as listed when the watch started. */
  initial: K8sObject[];
  /** Ends the watch and returns every event after the initial list, in order. */
  stop: () => Promise<WatchEvent[]>;
}

/**
 * List-then-watch of an API collection (e.g. /apis/apps/v1/namespaces/x/deployments), the way
 * controllers do it: the list gives a resourceVersion and the watch (the real API's stream, through
 * `kubectl get --raw`) delivers every change after it, so nothing between the two is missed.
 */
export async function watch(path: string): Promise<Watch> {
  const listed = JSON.parse(await must(kubectl(['get', '--raw', path]), `list ${path}`)) as {
    metadata: { resourceVersion: string };
    items: K8sObject[];
  };
  const events: WatchEvent[] = [];
  const child: ChildProcess = spawn(
    KUBECTL,
    [
      '--kubeconfig',
      KUBECONFIG,
      'get',
      '--raw',
      `${path}?watch=true&resourceVersion=${listed.metadata.resourceVersion}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (line.trim()) events.push(JSON.parse(line) as WatchEvent);
  });
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    initial: listed.items,
    stop: async () => {
      if (child.exitCode !== null) throw new Error(`watch ${path} ended early: ${stderr}`);
      child.kill('SIGTERM');
      await closed;
      const error = events.find((e) => e.type === 'ERROR');
      if (error) throw new Error(`watch ${path}: ${JSON.stringify(error.object)}`);
      return events;
    },
  };
}
