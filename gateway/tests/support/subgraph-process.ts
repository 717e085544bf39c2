// Runs one real subgraph in a process of its own, so a test can SIGSTOP it (by this PID) without
// stopping itself. Usage: node subgraph-process.ts <service> <database-url>; prints {"url": ...}
// once listening; SIGTERM stops it.
import { startService, testServiceConfig } from '@shopgraph/testing';
import type { ServiceName } from '@shopgraph/platform';

const [name, databaseUrl] = process.argv.slice(2) as [ServiceName, string];
const { [`create${name[0]!.toUpperCase()}${name.slice(1)}Service`]: create } = (await import(
  `../../../services/${name}/src/server.ts`
)) as Record<string, Parameters<typeof startService>[0]>;
if (create === undefined) throw new Error(`services/${name}/src/server.ts has no create<Name>Service`);
const { service, url } = await startService(create, testServiceConfig(name, databaseUrl));
process.stdout.write(`${JSON.stringify({ url })}\n`);
process.once('SIGTERM', () => void service.stop().finally(() => process.exit(0)));
