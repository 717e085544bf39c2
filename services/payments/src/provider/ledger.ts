import type { Queryable } from '@shopgraph/platform';
import type { SettleOperation, SettleResult } from './provider.ts';

/** One operation the simulated provider did, under the idempotency key it was asked with. */
export interface LedgerEntry extends SettleResult {
  readonly idempotencyKey: string;
}

/**
 * The simulated provider's books. `record` keeps the first entry per idempotency key and returns
 * the one kept: the entry given when the key was new, the earlier one otherwise.
 */
export interface ProviderLedger {
  record(entry: LedgerEntry): Promise<LedgerEntry>;
}

/** Books in process memory (unit tests; forgotten with the process). */
export function memoryLedger(): ProviderLedger & { readonly entries: readonly LedgerEntry[] } {
  const byKey = new Map<string, LedgerEntry>();
  return {
    get entries() {
      return [...byKey.values()];
    },
    async record(entry) {
      const first = byKey.get(entry.idempotencyKey);
      if (first) return first;
      byKey.set(entry.idempotencyKey, entry);
      return entry;
    },
  };
}

const COLUMNS = `idempotency_key AS "idempotencyKey", id, operation, reference,
  json_build_object('amount', amount, 'currency', currency) AS amount`;

/**
 * Books in the simulated_provider_operations table: each call is one autocommit statement on the
 * pool (never the caller's transaction), so what the provider did survives a crash of the caller.
 */
export function postgresLedger(db: Queryable): ProviderLedger {
  return {
    async record(e) {
      const added = await db.query<LedgerEntry>(
        `INSERT INTO simulated_provider_operations (idempotency_key, id, operation, reference, amount, currency)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (idempotency_key) DO NOTHING RETURNING ${COLUMNS}`,
        [e.idempotencyKey, e.id, e.operation, e.reference, e.amount.amount, e.amount.currency],
      );
      if (added.rows[0]) return added.rows[0];
      // A statement of its own (a fresh snapshot): it sees a row a concurrent call just committed.
      const first = await db.query<LedgerEntry>(
        `SELECT ${COLUMNS} FROM simulated_provider_operations WHERE idempotency_key = $1`,
        [e.idempotencyKey],
      );
      return first.rows[0]!;
    },
  };
}

/**
 * How many operations of a kind the simulated provider did per authorization reference (tests:
 * "at most one capture per payment"; a payment's reference is `payments.provider_ref`).
 */
export async function providerOperationCounts(
  db: Queryable,
  operation: SettleOperation,
): Promise<Map<string, number>> {
  const { rows } = await db.query<{ reference: string; n: number }>(
    `SELECT reference, count(*)::int AS n FROM simulated_provider_operations WHERE operation = $1 GROUP BY reference`,
    [operation],
  );
  return new Map(rows.map((r) => [r.reference, r.n]));
}
