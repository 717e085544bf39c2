/** The simulated payment provider's test cards (DESIGN.md: deterministic tokens). */
export const TEST_CARDS = [
  { token: 'tok_visa', label: 'Test Visa — approves' },
  { token: 'tok_decline', label: 'Test card — declined' },
  { token: 'tok_slow', label: 'Test card — approves slowly' },
] as const;
