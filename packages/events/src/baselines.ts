import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EventDefinition } from './define-event.ts';

/** Committed JSON Schema of every published event version: `schemas/<producer>.<Name>.v<N>.json`. */
export const BASELINE_DIR = fileURLToPath(new URL('../schemas', import.meta.url));

export const baselinePath = (def: EventDefinition) =>
  path.join(BASELINE_DIR, `${def.producer}.${def.name}.v${def.version}.json`);

/** The schema as plain JSON (TypeBox's symbol keys dropped), as committed. */
export const schemaJson = (def: EventDefinition) => `${JSON.stringify(def.schema, null, 2)}\n`;

export function readBaseline(def: EventDefinition): unknown {
  const file = baselinePath(def);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as unknown) : undefined;
}
