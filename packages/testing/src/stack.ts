import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  jwtSignerConfigSpec,
  loadConfig,
  signAccessToken,
  SUBGRAPHS,
  workload,
  type Authenticated,
  type ServiceName,
} from '@shopgraph/platform';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { IDENTITY_KEYS_ENV } from './identity.ts';
import { ROOT, runScript } from './infra.ts';

/** Every subgraph service, in the registry's order (packages/platform/workloads.tsv). */
export const ALL_SERVICES = SUBGRAPHS;
/** A subgraph service's name. */
export type StackService = ServiceName;

export interface KeyPair {
  readonly privatePem: string;
  readonly publicPem: string;
}

/** A fresh ES256 (P-256) key pair, as PEM (PKCS#8 private, SPKI public). */
export function keyPair(): KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export interface TestStack {
  /** The gateway's GraphQL URL. */
  readonly gateway: string;
  /** Each present service's database. */
  readonly dbs: Readonly<Partial<Record<StackService, TestDatabase>>>;
  /** The env the stack runs with (ports, databases, keys, namespace). */
  readonly env: NodeJS.ProcessEnv;
  /** The keys tokens are signed and verified with. */
  readonly keys: KeyPair;
  readonly services: readonly StackService[];
  stop(): Promise<void>;
}

export interface TestStackOptions {
  /** Names the databases and temp dirs, e.g. 'catalog'. */
  readonly name: string;
  /** The gateway's port; the subgraphs take the next seven. */
  readonly basePort: number;
  /** Extra settings, e.g. PAYMENT_SLOW_DELAY_MS. */
  readonly env?: NodeJS.ProcessEnv;
  /** Signing keys, when the test mints tokens itself. @default a fresh pair */
  readonly keys?: KeyPair;
}

/**
 * The stack `make up` runs (scripts/stack/services.sh: migrate + seed + start every present
 * service, then the gateway) with everything of its own: ports, databases, run dir, signing
 * keys and a Kafka namespace, so it shares the broker with other stacks (a developer's
 * `make up`, other test files) without reading their events or they its.
 */
export async function startTestStack(opts: TestStackOptions): Promise<TestStack> {
  const services = ALL_SERVICES.filter((s) => existsSync(path.join(ROOT, workload(s).dir, 'src/index.ts')));
  const keys = opts.keys ?? keyPair();
  const env: NodeJS.ProcessEnv = {
    GATEWAY_PORT: String(opts.basePort),
    ...Object.fromEntries(
      ALL_SERVICES.map((s, i) => [`${s.toUpperCase()}_PORT`, String(opts.basePort + 1 + i)]),
    ),
    RUN_DIR: mkdtempSync(path.join(tmpdir(), `shopgraph-${opts.name}-`)),
    KAFKA_NAMESPACE: `t-${opts.name.replace(/[^a-z0-9]/g, '')}-${randomBytes(3).toString('hex')}`,
    JWT_PRIVATE_KEY: keys.privatePem,
    JWT_PUBLIC_KEY: keys.publicPem,
    ...IDENTITY_KEYS_ENV,
    LOG_LEVEL: process.env['STACK_LOG_LEVEL'] ?? 'warn',
    ...opts.env,
  };
  const dbs: Partial<Record<StackService, TestDatabase>> = {};
  let started = false;
  const stop = async () => {
    if (started) runScript('scripts/stack/services.sh', ['stop'], env);
    for (const db of Object.values(dbs)) await db?.drop();
  };
  try {
    for (const s of services) {
      const db = await createTestDatabase(`e2e_${opts.name}_${s}`);
      dbs[s] = db;
      env[`${s.toUpperCase()}_DATABASE_URL`] = db.url;
    }
    started = true;
    runScript('scripts/stack/services.sh', ['start'], env);
  } catch (err) {
    await stop();
    throw err;
  }
  return { gateway: `http://127.0.0.1:${opts.basePort}/graphql`, dbs, env, keys, services, stop };
}

/** The Authorization header of a token for `identity`, signed with the stack's keys. */
export async function bearerFor(keys: KeyPair, identity: Authenticated): Promise<{ authorization: string }> {
  const signer = loadConfig(jwtSignerConfigSpec, { JWT_PRIVATE_KEY: keys.privatePem });
  return { authorization: `Bearer ${(await signAccessToken(signer, identity)).token}` };
}
