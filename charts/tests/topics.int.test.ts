// The topic hook against the code: every producer in the event catalog gets
// shopgraph.<producer>.events, every service that handles events gets shopgraph.<service>.dlq
// (and the topics it reads). A new producer or consumer that the chart does not know fails here.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../packages/events/src/catalog/index.ts';
import { render, ROOT, SUBGRAPHS, type K8sObject } from './helm.ts';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

const producerOf = new Map(catalog.map((e) => [e.name, e.producer]));
const producers = [...new Set(catalog.map((e) => e.producer))];

/** service -> producers whose events it handles, from `handle(EventName, ...)` in services/<service>/src. */
const consumes = new Map<string, string[]>();
for (const service of readdirSync(join(ROOT, 'services'))) {
  const src = join(ROOT, 'services', service, 'src');
  let files: string[];
  try {
    files = sources(src);
  } catch {
    continue;
  }
  const from = new Set<string>();
  for (const file of files)
    for (const m of readFileSync(file, 'utf8').matchAll(/\bhandle\(\s*([A-Z][A-Za-z0-9]*)\b/g)) {
      const producer = producerOf.get(m[1]!);
      if (producer) from.add(producer);
    }
  if (from.size > 0) consumes.set(service, [...from]);
}

function expectedTopics(enabled: readonly string[]): string[] {
  const topics = new Set<string>();
  for (const s of enabled) {
    if (producers.includes(s)) topics.add(`shopgraph.${s}.events`);
    const reads = consumes.get(s);
    if (reads) {
      topics.add(`shopgraph.${s}.dlq`);
      for (const p of reads) topics.add(`shopgraph.${p}.events`);
    }
  }
  return [...topics].sort();
}

function hookTopics(objs: K8sObject[]): string[] {
  const job = objs.find((o) => o.kind === 'Job' && o.metadata.name === 'kafka-topics');
  const env = job?.spec.template.spec.containers[0].env.find((e: { name: string }) => e.name === 'TOPICS');
  return String(env?.value ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .sort();
}

describe('When the topic hook is compared with the event catalog and the services that consume', () => {
  it('then the code has producers and consumers to compare with (the derivation itself works)', () => {
    expect(producers.length).toBeGreaterThanOrEqual(7);
    expect(consumes.get('orders')).toContain('payments');
    for (const s of [...producers, ...consumes.keys()])
      expect(
        SUBGRAPHS as readonly string[],
        `${s} is a producer/consumer but not a chart subgraph`,
      ).toContain(s);
  });

  it('then with every subgraph enabled it creates exactly each producer’s events topic and each consumer’s DLQ', () => {
    expect(hookTopics(render('prod'))).toEqual(expectedTopics(SUBGRAPHS));
  });

  it.each(['orders', 'brands', 'payments'])(
    'then with %s disabled it still creates the topics the remaining consumers read',
    (off) => {
      const objs = render('prod', ['--set', `${off}.enabled=false`]);
      expect(hookTopics(objs)).toEqual(expectedTopics(SUBGRAPHS.filter((s) => s !== off)));
    },
  );

  it('then with global.kafka.namespace set, the hook creates the same topics under the prefix the services use', () => {
    const objs = render('prod', ['--set', 'global.kafka.namespace=blue']);
    expect(hookTopics(objs)).toEqual(expectedTopics(SUBGRAPHS).map((t) => `blue.${t}`));
  });
});
