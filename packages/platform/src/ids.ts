import { createHash } from 'node:crypto';

/**
 * A UUID (version 5 layout) derived from a namespace and a name: the same inputs always
 * give the same id. Seed data uses it so that services can refer to each other's seeded
 * entities (a product's brand) without a lookup.
 */
export function stableUuid(namespace: string, name: string): string {
  const hex = createHash('sha1').update(`${namespace}:${name}`).digest('hex');
  const variant = ((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}
