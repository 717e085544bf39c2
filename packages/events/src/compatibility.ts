/**
 * Backward compatibility of a published event version (DESIGN.md "Events"): compared with its
 * committed baseline, a schema may gain optional fields, nothing else. Works on plain JSON Schema
 * (what TypeBox produces): objects, arrays, unions (anyOf), literals (const) and primitives.
 */
export interface CompatibilityProblem {
  /** JSON path of the field, e.g. `price.amount`. */
  readonly field: string;
  readonly problem: 'removed' | 'added-required' | 'became-required' | 'became-optional' | 'type-changed';
  readonly message: string;
}

type Schema = Record<string, unknown>;

const isObject = (s: Schema) => s['type'] === 'object' || 'properties' in s;

/** The set of shapes a schema allows, as comparable strings (`string`, `const:"ACTIVE"`, `object`...). */
function shapes(s: Schema): Set<string> {
  if (Array.isArray(s['anyOf'])) return new Set((s['anyOf'] as Schema[]).flatMap((x) => [...shapes(x)]));
  if ('const' in s) return new Set([`const:${JSON.stringify(s['const'])}`]);
  if (Array.isArray(s['enum']))
    return new Set((s['enum'] as unknown[]).map((v) => `const:${JSON.stringify(v)}`));
  const t = s['type'];
  const types = Array.isArray(t) ? (t as string[]) : typeof t === 'string' ? [t] : ['any'];
  return new Set(types.map((x) => (x === 'integer' ? 'number:int' : x)));
}

/** Shapes added or dropped: either breaks someone (new readers of old events, old readers of new). */
function changed(base: Set<string>, current: Set<string>): boolean {
  if (base.has('any') && current.has('any')) return false;
  return base.size !== current.size || [...base].some((shape) => !current.has(shape));
}

function variants(s: Schema, kind: 'object' | 'array'): Schema[] {
  const all = Array.isArray(s['anyOf']) ? (s['anyOf'] as Schema[]) : [s];
  return all.filter((x) => (kind === 'object' ? isObject(x) : x['type'] === 'array'));
}

function compare(
  event: string,
  path: string,
  base: Schema,
  current: Schema,
  out: CompatibilityProblem[],
): void {
  const label = path || '(data)';
  if (changed(shapes(base), shapes(current))) {
    out.push({
      field: label,
      problem: 'type-changed',
      message: `${event}: field "${label}" changed type (${[...shapes(base)].join('|')} -> ${[...shapes(current)].join('|')})`,
    });
    return;
  }
  const [baseObj] = variants(base, 'object');
  const [curObj] = variants(current, 'object');
  if (baseObj && curObj) {
    const bp = (baseObj['properties'] ?? {}) as Record<string, Schema>;
    const cp = (curObj['properties'] ?? {}) as Record<string, Schema>;
    const breq = new Set((baseObj['required'] ?? []) as string[]);
    const creq = new Set((curObj['required'] ?? []) as string[]);
    for (const name of Object.keys(bp)) {
      const field = path ? `${path}.${name}` : name;
      const cur = cp[name];
      if (!cur) {
        out.push({ field, problem: 'removed', message: `${event}: field "${field}" was removed` });
        continue;
      }
      if (creq.has(name) && !breq.has(name)) {
        out.push({
          field,
          problem: 'became-required',
          message: `${event}: optional field "${field}" became required`,
        });
      }
      if (breq.has(name) && !creq.has(name)) {
        out.push({
          field,
          problem: 'became-optional',
          message: `${event}: required field "${field}" became optional`,
        });
      }
      compare(event, field, bp[name]!, cur, out);
    }
    for (const name of Object.keys(cp)) {
      const field = path ? `${path}.${name}` : name;
      if (!(name in bp) && creq.has(name)) {
        out.push({
          field,
          problem: 'added-required',
          message: `${event}: new field "${field}" is required (a new field must be optional)`,
        });
      }
    }
  }
  const [baseArr] = variants(base, 'array');
  const [curArr] = variants(current, 'array');
  if (baseArr?.['items'] && curArr?.['items']) {
    compare(event, `${path}[]`, baseArr['items'] as Schema, curArr['items'] as Schema, out);
  }
}

/** Every way `current` breaks readers of `baseline`; empty when it is backward compatible. */
export function checkCompatibility(
  event: string,
  baseline: unknown,
  current: unknown,
): CompatibilityProblem[] {
  const out: CompatibilityProblem[] = [];
  compare(event, '', baseline as Schema, current as Schema, out);
  return out;
}
