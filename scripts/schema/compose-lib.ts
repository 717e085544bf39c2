import { readFileSync } from 'node:fs';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import YAML from 'yaml';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const SUPERGRAPH_PATH = path.join(ROOT, 'supergraph/supergraph.graphql');
const CONFIG_PATH = path.join(ROOT, 'supergraph/subgraphs.yaml');

interface SubgraphsConfig {
  subgraphs: Record<string, { routing_url: string; schema: string }>;
}

export type Composition = { ok: true; supergraphSdl: string } | { ok: false; errors: string[] };

/** Composes the supergraph from the subgraph SDL files listed in supergraph/subgraphs.yaml. */
export function composeFromWorkingTree(): Composition {
  const config = YAML.parse(readFileSync(CONFIG_PATH, 'utf8')) as SubgraphsConfig;
  const services = Object.entries(config.subgraphs).map(([name, s]) => ({
    name,
    url: s.routing_url,
    typeDefs: parse(readFileSync(path.join(ROOT, s.schema), 'utf8')),
  }));
  const result = composeServices(services);
  if (result.errors)
    return {
      ok: false,
      errors: result.errors.map((e) => `${e.extensions['code'] ?? 'ERROR'}: ${e.message}`),
    };
  return { ok: true, supergraphSdl: result.supergraphSdl };
}
