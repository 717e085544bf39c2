// The subgraphs side of `make bench-gateway`, one process on the load core:
//   - The Guild benchmark's four subgraphs, in memory (guild-subgraphs.ts);
//   - one record/replay server per real subgraph given with --replay name=url: while
//     recording it forwards to the real subgraph and keeps each distinct request body's
//     answer; while replaying it answers from memory (an unknown body is a 502), so that the
//     gateway in front does all the work.
// Prints one JSON line with the URLs, then serves GET /stats (calls per subgraph) and
// POST /replay (switch every replay server from recording to replaying) on a control port.
import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { guildSubgraphs } from './guild-subgraphs.ts';
import { serveSubgraph } from './subgraph-server.ts';

const args = process.argv.slice(2);
const replayTargets = args.flatMap((a, i) =>
  args[i - 1] === '--replay' ? [a.split('=') as [string, string]] : [],
);

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

const listen = (server: http.Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );

const guild = Object.fromEntries(
  await Promise.all(guildSubgraphs().map(async (s) => [s.name, await serveSubgraph(s.schema)] as const)),
);

let replaying = false;
let misses = 0;
const replayCalls: Record<string, number> = {};
const replay: Record<string, string> = {};
for (const [name, target] of replayTargets) {
  const answers = new Map<string, { status: number; type: string; text: string }>();
  replayCalls[name] = 0;
  const server = http.createServer((req, res) => {
    void readBody(req).then(async (body) => {
      replayCalls[name]!++;
      let answer = answers.get(body);
      if (answer === undefined && !replaying) {
        const forwarded = Object.fromEntries(
          Object.entries(req.headers).filter(([k]) => k === 'content-type' || k.startsWith('x-shopgraph-')),
        ) as Record<string, string>;
        const upstream = await fetch(target, { method: 'POST', headers: forwarded, body });
        answer = {
          status: upstream.status,
          type: upstream.headers.get('content-type') ?? 'application/json',
          text: await upstream.text(),
        };
        answers.set(body, answer);
      }
      if (answer === undefined) {
        misses++;
        answer = { status: 502, type: 'application/json', text: '{"errors":[{"message":"not recorded"}]}' };
      }
      res.writeHead(answer.status, {
        'content-type': answer.type,
        'content-length': Buffer.byteLength(answer.text),
      });
      res.end(answer.text);
    });
  });
  server.keepAliveTimeout = 65_000;
  replay[name] = `${await listen(server)}/graphql`;
}

const control = http.createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/replay') replaying = true;
  const stats = {
    guild: Object.fromEntries(Object.entries(guild).map(([n, s]) => [n, s.requests()])),
    replay: replayCalls,
    misses,
    replaying,
  };
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(stats));
});
const controlUrl = await listen(control);
process.stdout.write(
  `${JSON.stringify({ guild: Object.fromEntries(Object.entries(guild).map(([n, s]) => [n, s.url])), replay, control: controlUrl })}\n`,
);
process.on('SIGTERM', () => process.exit(0));
