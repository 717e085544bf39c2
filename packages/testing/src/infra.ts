import { execFileSync } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../../..');

/** Runs a project script (the same ones `make up` uses) and returns its stdout. */
export function runScript(script: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  return execFileSync('bash', [path.join(ROOT, script), ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

/** True when the script's `status` says its server (started by this project) is running. */
export function isRunning(script: string): boolean {
  try {
    runScript(script, ['status']);
    return true;
  } catch {
    return false;
  }
}
