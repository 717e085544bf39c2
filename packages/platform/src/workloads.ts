import { readFileSync } from 'node:fs';

/** What a workload is: a subgraph service, the gateway, or a web front end (not in the supergraph). */
export type WorkloadKind = 'subgraph' | 'gateway' | 'web';

/** One line of `packages/platform/workloads.tsv`, the project's one list of its workloads. */
export interface Workload {
  /** DNS-safe name: env prefix (`<NAME>_PORT`), chart, image and log name. */
  readonly name: string;
  readonly kind: WorkloadKind;
  /** Local default port (DESIGN.md "Local defaults"). */
  readonly port: number;
  /** Its workspace folder, relative to the repository root. */
  readonly dir: string;
  /** Its PostgreSQL database (and role); null for none. */
  readonly database: string | null;
  /** The Kafka topic it publishes to; null for none. */
  readonly events: string | null;
}

/** Where the list lives; scripts/lib.sh, charts/ and docker/ read the same file. */
export const WORKLOADS_FILE = new URL('../workloads.tsv', import.meta.url);

const KINDS: readonly string[] = ['subgraph', 'gateway', 'web'];

/** Parses the registry's text; a malformed line throws naming its number. */
export function parseWorkloads(text: string): Workload[] {
  return text.split('\n').flatMap((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return [];
    const [name, kind, port, dir, database, events, ...rest] = line.split(/\s+/);
    if (
      !name ||
      !kind ||
      !KINDS.includes(kind) ||
      !dir ||
      !database ||
      !events ||
      rest.length > 0 ||
      !/^\d+$/.test(port ?? '')
    )
      throw new Error(
        `workloads.tsv line ${i + 1}: want "name kind port dir database events", got "${line}"`,
      );
    const orNull = (v: string) => (v === '-' ? null : v);
    return [
      {
        name,
        kind: kind as WorkloadKind,
        port: Number(port),
        dir,
        database: orNull(database),
        events: orNull(events),
      },
    ];
  });
}

/** Every workload, in the registry's order. */
export const WORKLOADS: readonly Workload[] = Object.freeze(
  parseWorkloads(readFileSync(WORKLOADS_FILE, 'utf8')),
);

/** The subgraph services' names, in order (brands, products, ...). */
export const SUBGRAPHS: readonly string[] = Object.freeze(
  WORKLOADS.filter((w) => w.kind === 'subgraph').map((w) => w.name),
);

/** The workload called `name`; throws for a name the registry does not list. */
export function workload(name: string): Workload {
  const found = WORKLOADS.find((w) => w.name === name);
  if (!found) throw new Error(`unknown workload "${name}" (not in packages/platform/workloads.tsv)`);
  return found;
}
