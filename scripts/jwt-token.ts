// Usage: see scripts/jwt-token.sh (env ROLE, BRAND, EMAIL; JWT_* as for the customers service).
import {
  createLogger,
  createPool,
  isUuid,
  jwtSignerConfigSpec,
  loadConfigOrExit,
  serviceConfigSpec,
  signAccessToken,
  type Authenticated,
  type ServiceName,
} from '@shopgraph/platform';

const fail = (message: string): never => {
  process.stderr.write(`token: ${message}\n`);
  process.exit(1);
};

/** One row's id from a service's own database (the one `make up` runs). */
async function lookup(service: ServiceName, sql: string, value: string): Promise<string | null> {
  const config = loadConfigOrExit(serviceConfigSpec(service));
  const pool = createPool({
    url: config.databaseUrl,
    max: 1,
    logger: createLogger('token', 'silent'),
    applicationName: 'token',
  });
  try {
    const { rows } = await pool.query<{ id: string }>(sql, [value]);
    return rows[0]?.id ?? null;
  } catch (err) {
    return fail(`cannot read the ${service} database (is \`make up\` running?): ${(err as Error).message}`);
  } finally {
    await pool.end();
  }
}

async function identity(): Promise<Authenticated> {
  const role = process.env['ROLE'] || 'admin';
  switch (role) {
    case 'admin':
      return { role: 'admin', subject: process.env['SUBJECT'] || 'admin:local' };
    case 'brand': {
      const brand = process.env['BRAND'] || fail('ROLE=brand needs BRAND=<slug or id>, e.g. BRAND=ganni');
      const id = isUuid(brand)
        ? brand
        : await lookup('brands', 'SELECT id FROM brands WHERE slug = $1', brand);
      return {
        role: 'brand',
        subject: `brand:${brand}`,
        brandId: id ?? fail(`no brand with slug "${brand}"`),
      };
    }
    case 'customer': {
      const email =
        process.env['EMAIL'] || fail('ROLE=customer needs EMAIL=<email>, e.g. EMAIL=ada@example.com');
      const id = await lookup('customers', 'SELECT id FROM customers WHERE lower(email) = lower($1)', email);
      if (id === null) return fail(`no customer with email ${email}`);
      return { role: 'customer', subject: id, customerId: id };
    }
    default:
      return fail(`ROLE must be admin, brand or customer, not "${role}"`);
  }
}

const signer = loadConfigOrExit(jwtSignerConfigSpec);
const { token } = await signAccessToken(signer, await identity());
process.stdout.write(`${token}\n`);
