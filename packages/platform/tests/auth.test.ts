import { describe, expect, it } from 'vitest';
import {
  ANONYMOUS,
  encodeIdentity,
  requireBrand,
  requireCustomer,
  requireRole,
  type Identity,
} from '../src/index.ts';

const alice: Identity = { role: 'customer', subject: 'a', customerId: 'a' };
const ganni: Identity = { role: 'brand', subject: 'brand:ganni', brandId: 'b-ganni' };
const admin: Identity = { role: 'admin', subject: 'ops' };
const codeOf = (fn: () => unknown): unknown => {
  try {
    fn();
    return 'passed';
  } catch (err) {
    return (err as { extensions?: { code?: string } }).extensions?.code;
  }
};

describe('identity encoding', () => {
  it('when an identity carries extra fields, then encoding drops them', () => {
    const smuggled = { ...alice, brandId: 'b-ganni', role: 'customer' } as Identity;
    expect(JSON.parse(encodeIdentity(smuggled))).toEqual(alice);
  });
});

describe('authorization helpers', () => {
  it('requireRole: anonymous is UNAUTHENTICATED, a role not listed is FORBIDDEN, a listed one passes', () => {
    expect(codeOf(() => requireRole(ANONYMOUS, 'admin'))).toBe('UNAUTHENTICATED');
    expect(codeOf(() => requireRole(alice, 'admin', 'brand'))).toBe('FORBIDDEN');
    expect(requireRole(ganni, 'admin', 'brand')).toBe(ganni);
  });

  it('requireCustomer: the customer themselves and admin pass; other customers and brands are FORBIDDEN', () => {
    expect(codeOf(() => requireCustomer(alice, 'a'))).toBe('passed');
    expect(codeOf(() => requireCustomer(admin, 'a'))).toBe('passed');
    expect(codeOf(() => requireCustomer(alice, 'b'))).toBe('FORBIDDEN');
    expect(codeOf(() => requireCustomer(ganni, 'a'))).toBe('FORBIDDEN');
    expect(codeOf(() => requireCustomer(ANONYMOUS, 'a'))).toBe('UNAUTHENTICATED');
  });

  it('requireBrand: that brand and admin pass; other brands and customers are FORBIDDEN', () => {
    expect(codeOf(() => requireBrand(ganni, 'b-ganni'))).toBe('passed');
    expect(codeOf(() => requireBrand(admin, 'b-ganni'))).toBe('passed');
    expect(codeOf(() => requireBrand(ganni, 'b-cos'))).toBe('FORBIDDEN');
    expect(codeOf(() => requireBrand(alice, 'b-ganni'))).toBe('FORBIDDEN');
    expect(codeOf(() => requireBrand(ANONYMOUS, 'b-ganni'))).toBe('UNAUTHENTICATED');
  });
});
