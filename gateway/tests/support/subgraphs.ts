import { readFileSync } from 'node:fs';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { ROOT } from '@shopgraph/testing';
import { parse } from 'graphql';

/** A subgraph's committed SDL, by service name. */
export const sdlOf = (service: string): string =>
  readFileSync(path.join(ROOT, 'services', service, 'schema.graphql'), 'utf8');

/** The supergraph of `subgraphs` (name → [sdl, url]), composed as supergraph/ does. */
export function compose(subgraphs: Record<string, { sdl: string; url: string }>): string {
  const result = composeServices(
    Object.entries(subgraphs).map(([name, { sdl, url }]) => ({ name, url, typeDefs: parse(sdl) })),
  );
  if (result.errors) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.supergraphSdl;
}
