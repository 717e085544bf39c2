// One measured round against one gateway: autocannon at CONNECTIONS for SECONDS, every
// response compared byte for byte with that gateway's answer that was checked against the
// reference (so only correct answers count), plus the gateway's CPU time and RSS from /proc.
import { readdirSync, readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const TICKS_PER_SECOND = 100; // Linux USER_HZ

/** The pid and all its descendants (Hive Gateway may fork workers). */
function tree(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // exited meanwhile
    }
  }
  const out = [pid];
  for (let i = 0; i < out.length; i++) out.push(...(parents.get(out[i]!) ?? []));
  return out;
}

/** CPU milliseconds used so far by the process tree. */
export function cpuMs(pid: number): number {
  let ticks = 0;
  for (const p of tree(pid)) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      // exited meanwhile
    }
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/** Resident set size of the process tree, MB. */
export function rssMb(pid: number): number {
  let kb = 0;
  for (const p of tree(pid)) {
    try {
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      kb += Number(m?.[1] ?? 0);
    } catch {
      // exited meanwhile
    }
  }
  return kb / 1024;
}

export interface RoundResult {
  readonly rps: number;
  readonly ok: number;
  readonly bad: number;
  readonly p50: number;
  readonly p99: number;
  readonly cpuMsPerRequest: number;
  readonly peakRssMb: number;
}

export interface RoundOptions {
  readonly url: string;
  readonly pid: number;
  readonly body: string;
  readonly expected: string;
  readonly seconds: number;
  readonly connections: number;
}

export async function round(opts: RoundOptions): Promise<RoundResult> {
  let peak = rssMb(opts.pid);
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(opts.pid))), 250);
  const cpuBefore = cpuMs(opts.pid);
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    autocannon(
      {
        url: opts.url,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: opts.body,
        expectBody: opts.expected,
        duration: opts.seconds,
        connections: opts.connections,
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
  });
  const cpu = cpuMs(opts.pid) - cpuBefore;
  clearInterval(sampler);
  peak = Math.max(peak, rssMb(opts.pid));
  const total = result.requests.total;
  const bad = result.errors + result.timeouts + result.non2xx + result.mismatches;
  const ok = Math.max(0, total - result.non2xx - result.mismatches);
  return {
    rps: ok / (result.duration || opts.seconds),
    ok,
    bad,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuMsPerRequest: total > 0 ? cpu / total : 0,
    peakRssMb: peak,
  };
}

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length === 0 ? NaN : sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
