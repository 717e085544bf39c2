import type { Queryable } from '@shopgraph/platform';
import type { Customer, NewCustomer } from '../domain/model.ts';

/** What login needs; kept apart so the hash never travels with a Customer. */
export interface Credentials {
  readonly customer: Customer;
  readonly passwordHash: string;
}

const COLUMNS = 'id, email, name, created_at AS "createdAt"';

export async function insertCustomer(db: Queryable, customer: NewCustomer): Promise<Customer> {
  const { rows } = await db.query<Customer>(
    `INSERT INTO customers (id, email, name, password_hash) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
    [customer.id, customer.email, customer.name, customer.passwordHash],
  );
  return rows[0]!;
}

export async function findCustomersByIds(db: Queryable, ids: readonly string[]): Promise<Customer[]> {
  const { rows } = await db.query<Customer>(`SELECT ${COLUMNS} FROM customers WHERE id = ANY($1::uuid[])`, [
    ids,
  ]);
  return rows;
}

export async function findCustomerByEmail(db: Queryable, email: string): Promise<Customer | null> {
  const { rows } = await db.query<Customer>(
    `SELECT ${COLUMNS} FROM customers WHERE lower(email) = lower($1)`,
    [email],
  );
  return rows[0] ?? null;
}

export async function findCredentialsByEmail(db: Queryable, email: string): Promise<Credentials | null> {
  const { rows } = await db.query<Customer & { passwordHash: string }>(
    `SELECT ${COLUMNS}, password_hash AS "passwordHash" FROM customers WHERE lower(email) = lower($1)`,
    [email],
  );
  const row = rows[0];
  if (row === undefined) return null;
  const { passwordHash, ...customer } = row;
  return { customer, passwordHash };
}

/** Locks the customer's row until the transaction ends (serialises address-book changes). */
export async function lockCustomer(db: Queryable, id: string): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM customers WHERE id = $1 FOR UPDATE', [id]);
  return rowCount === 1;
}
