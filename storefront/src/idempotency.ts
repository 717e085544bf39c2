/**
 * A new idempotency key for one checkout attempt. crypto.getRandomValues works outside secure
 * contexts too (crypto.randomUUID does not), e.g. on a plain-http cluster ingress.
 */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `checkout-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
