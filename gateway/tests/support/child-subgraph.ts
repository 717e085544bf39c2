import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface ChildSubgraph {
  readonly url: string;
  readonly pid: number;
  /** SIGSTOP / SIGCONT / SIGKILL to this child only (by its PID). */
  signal(signal: 'SIGSTOP' | 'SIGCONT' | 'SIGKILL'): void;
  stop(): Promise<void>;
}

/** A real subgraph (services/<name>) in a child process: support/subgraph-process.ts. */
export async function startChildSubgraph(name: string, databaseUrl: string): Promise<ChildSubgraph> {
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(import.meta.dirname, 'subgraph-process.ts'), name, databaseUrl],
    { stdio: ['ignore', 'pipe', 'inherit'], env: process.env },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${name} subgraph exited with ${code} before listening`)));
    createInterface({ input: child.stdout! }).once('line', (line) =>
      resolve((JSON.parse(line) as { url: string }).url),
    );
  });
  const pid = child.pid!;
  let gone = false;
  void exited.then(() => (gone = true));
  return {
    url,
    pid,
    signal: (signal) => {
      if (!gone) process.kill(pid, signal);
    },
    async stop() {
      if (gone) return;
      process.kill(pid, 'SIGCONT');
      process.kill(pid, 'SIGTERM');
      await exited;
    },
  };
}
