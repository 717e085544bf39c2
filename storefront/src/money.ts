export interface Money {
  readonly amount: number;
  readonly currency: string;
}

/** 12345 EUR -> "€123.45" in the browser's locale. */
export function formatMoney(money: Money): string {
  return new Intl.NumberFormat(undefined, { style: 'currency', currency: money.currency }).format(
    money.amount / 100,
  );
}

/** The sum of `amount`s of one currency (the cart never mixes currencies at checkout). */
export function sumMoney(items: readonly Money[]): Money | null {
  const first = items[0];
  if (!first) return null;
  return { amount: items.reduce((s, m) => s + m.amount, 0), currency: first.currency };
}
