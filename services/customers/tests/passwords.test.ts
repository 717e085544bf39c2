import { describe, expect, it } from 'vitest';
import { hashPassword, UNMATCHABLE_HASH, verifyPassword } from '../src/domain/passwords.ts';

describe('password hashing (scrypt)', () => {
  it('when a password is hashed, then the hash names its parameters, the same password verifies and another does not', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^scrypt\$15\$8\$3\$[\w-]{22}\$[\w-]{43}$/);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
  });

  it('when the same password is hashed twice, then the salts differ', async () => {
    const [a, b] = await Promise.all([hashPassword('same password'), hashPassword('same password')]);
    expect(a).not.toBe(b);
  });

  it('when a password is typed in another Unicode normal form, then it still verifies', async () => {
    const hash = await hashPassword('caf\u00e9-au-lait'); // é precomposed
    expect(await verifyPassword('cafe\u0301-au-lait', hash)).toBe(true); // e + combining accent
  });

  it('when the stored hash is malformed or the unmatchable one, then nothing verifies', async () => {
    expect(await verifyPassword('x', 'plain')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$99$8$1$AA$AA')).toBe(false);
    expect(await verifyPassword('', UNMATCHABLE_HASH)).toBe(false);
  });

  it('when an email is unknown, then the password is checked against a hash of the same cost and shape as a real one', async () => {
    // login verifies against UNMATCHABLE_HASH then, so an unknown email takes as long as a wrong password.
    const real = (await hashPassword('any password')).split('$');
    const dummy = UNMATCHABLE_HASH.split('$');
    expect(dummy.slice(0, 4)).toEqual(real.slice(0, 4));
    expect(dummy.map((part) => part.length)).toEqual(real.map((part) => part.length));
  });
});
