import { signAccessToken, type JwtSignerOptions, type SignedToken } from '@shopgraph/platform';
import type { Customer } from './model.ts';

export interface AuthPayload extends SignedToken {
  readonly customer: Customer;
}

/** A customer's access token: subject and customerId are the customer's id. */
export async function signIn(signer: JwtSignerOptions, customer: Customer): Promise<AuthPayload> {
  const signed = await signAccessToken(signer, {
    role: 'customer',
    subject: customer.id,
    customerId: customer.id,
  });
  return { ...signed, customer };
}
