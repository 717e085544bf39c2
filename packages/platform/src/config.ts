/**
 * Typed configuration read once from the environment and validated at start.
 * Every key names its env var, its default and what it is for, so `describeConfig`
 * can print the full manual and a bad value stops the process with a precise message.
 */
export interface ConfigKey<T> {
  /** Environment variable(s) read, first one set wins. */
  readonly env: string | readonly string[];
  /** What the key is for (one line, shown in `describeConfig`). */
  readonly doc: string;
  /** Used when none of the variables is set; omit to make the key required. */
  readonly default?: T;
  /** Turns the raw string into a value, or returns an Error naming what was expected. */
  readonly parse: (raw: string) => T | Error;
  /** Redact the value in logs and descriptions. */
  readonly secret?: boolean;
}

export type ConfigSpec = Record<string, ConfigKey<unknown>>;
export type ConfigOf<S extends ConfigSpec> = {
  readonly [K in keyof S]: S[K] extends ConfigKey<infer T> ? T : never;
};

export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.problems = problems;
    this.name = 'ConfigError';
  }
}

const envNames = (key: ConfigKey<unknown>): readonly string[] =>
  typeof key.env === 'string' ? [key.env] : key.env;

/** Reads and validates every key; throws one ConfigError listing every problem found. */
export function loadConfig<S extends ConfigSpec>(spec: S, env: NodeJS.ProcessEnv = process.env): ConfigOf<S> {
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(spec)) {
    const names = envNames(key);
    const setName = names.find((n) => env[n] !== undefined && env[n] !== '');
    if (setName === undefined) {
      if (key.default === undefined) problems.push(`${names[0]} is required: ${key.doc}`);
      else out[name] = key.default;
      continue;
    }
    const raw = env[setName] as string;
    const value = key.parse(raw);
    if (value instanceof Error) {
      const shown = key.secret ? '<redacted>' : JSON.stringify(raw);
      problems.push(`${setName}=${shown} is invalid: expected ${value.message}`);
    } else out[name] = value;
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return out as ConfigOf<S>;
}

/** One line per key: env var, default, doc. Used by `--help-config` and the README. */
export function describeConfig(spec: ConfigSpec): string {
  return Object.values(spec)
    .map((k) => {
      const dflt = k.default === undefined ? '(required)' : k.secret ? '<secret>' : JSON.stringify(k.default);
      return `${envNames(k).join(' | ')}  default ${dflt}  ${k.doc}`;
    })
    .join('\n');
}

/** Parsers for the value kinds the services use. Each error message says what was expected. */
export const parse = {
  string: (raw: string): string => raw,
  int:
    (min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER) =>
    (raw: string): number | Error => {
      const n = Number(raw);
      return /^-?\d+$/.test(raw.trim()) && n >= min && n <= max
        ? n
        : new Error(`an integer from ${min} to ${max}`);
    },
  port: (raw: string): number | Error => {
    const n = Number(raw);
    return /^\d+$/.test(raw) && n >= 0 && n <= 65535 ? n : new Error('a TCP port number 0-65535');
  },
  bool: (raw: string): boolean | Error => {
    const v = raw.trim().toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(v)) return true;
    if (['0', 'false', 'no', 'off'].includes(v)) return false;
    return new Error('a boolean (true/false/1/0)');
  },
  url:
    (...protocols: string[]) =>
    (raw: string): string | Error => {
      try {
        const u = new URL(raw);
        return protocols.length === 0 || protocols.includes(u.protocol.replace(/:$/, ''))
          ? raw
          : new Error(`a URL with protocol ${protocols.join(' or ')}`);
      } catch {
        return new Error(`a URL (${protocols.join('/') || 'any protocol'}://...)`);
      }
    },
  oneOf:
    <T extends string>(...values: T[]) =>
    (raw: string): T | Error =>
      (values as string[]).includes(raw) ? (raw as T) : new Error(`one of ${values.join(', ')}`),
  list: (raw: string): string[] | Error => {
    const items = raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    return items.length > 0 ? items : new Error('a comma-separated list with at least one item');
  },
  hostPortList: (raw: string): string[] | Error => {
    const items = raw.split(',').map((s) => s.trim());
    return items.length > 0 && items.every((i) => /^[\w.-]+:\d{1,5}$/.test(i))
      ? items
      : new Error('a comma-separated list of host:port');
  },
};
