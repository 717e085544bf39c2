import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { TSchema } from '@sinclair/typebox';

// One Ajv for every event schema. Formats are the few our schemas use; an unknown format is
// a schema bug, so Ajv's strict mode reports it when the schema is compiled.
const ajv = new Ajv({ allErrors: true, strict: true });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
ajv.addFormat('uuid', UUID);
ajv.addFormat('date-time', {
  validate: (s: string) => !Number.isNaN(Date.parse(s)) && /^\d{4}-\d\d-\d\dT/.test(s),
});
ajv.addFormat('email', /^[^\s@]+@[^\s@]+\.[^\s@]+$/);
ajv.addFormat('uri', { validate: (s: string) => URL.canParse(s) });

/** Thrown when event data does not match its schema (in the producer, or when consuming). */
export class EventValidationError extends Error {
  override readonly name = 'EventValidationError';
  readonly eventType: string;
  readonly errors: readonly string[];
  constructor(eventType: string, errors: readonly string[]) {
    super(`${eventType}: invalid data: ${errors.join('; ')}`);
    this.eventType = eventType;
    this.errors = errors;
  }
}

const describe = (e: ErrorObject) =>
  e.keyword === 'required'
    ? `${e.instancePath}/${String((e.params as { missingProperty: string }).missingProperty)} is required`
    : `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`;

/** A validator compiled on first use (services load the whole catalog but use a few events). */
export function lazyValidator(eventType: string, schema: TSchema): (data: unknown) => void {
  let compiled: ValidateFunction | undefined;
  return (data) => {
    compiled ??= ajv.compile(schema);
    if (!compiled(data)) throw new EventValidationError(eventType, (compiled.errors ?? []).map(describe));
  };
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
