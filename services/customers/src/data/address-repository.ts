import type { Queryable } from '@shopgraph/platform';
import type { Address } from '../domain/model.ts';

const COLUMNS =
  'id, customer_id AS "customerId", name, line1, line2, city, postal_code AS "postalCode", country';

export async function insertAddress(db: Queryable, a: Address): Promise<Address> {
  const { rows } = await db.query<Address>(
    `INSERT INTO addresses (id, customer_id, name, line1, line2, city, postal_code, country)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
    [a.id, a.customerId, a.name, a.line1, a.line2, a.city, a.postalCode, a.country],
  );
  return rows[0]!;
}

export async function countAddresses(db: Queryable, customerId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM addresses WHERE customer_id = $1',
    [customerId],
  );
  return rows[0]!.n;
}

/** Every address of these customers, oldest first. */
export async function findAddressesByCustomerIds(
  db: Queryable,
  customerIds: readonly string[],
): Promise<Address[]> {
  const { rows } = await db.query<Address>(
    `SELECT ${COLUMNS} FROM addresses WHERE customer_id = ANY($1::uuid[]) ORDER BY seq`,
    [customerIds],
  );
  return rows;
}

export async function findAddressesByIds(db: Queryable, ids: readonly string[]): Promise<Address[]> {
  const { rows } = await db.query<Address>(`SELECT ${COLUMNS} FROM addresses WHERE id = ANY($1::uuid[])`, [
    ids,
  ]);
  return rows;
}
