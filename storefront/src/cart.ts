// The cart lives in the browser (sessionStorage): product, price seen, quantity, and the stock
// seen when it was added, which caps the quantity picker.
import { useSyncExternalStore } from 'react';
import type { Money } from './money.ts';

const KEY = 'shopgraph.cart';

export interface CartLine {
  readonly productId: string;
  readonly name: string;
  readonly brand: string;
  readonly unitPrice: Money;
  readonly quantity: number;
  readonly maxQuantity: number;
}

function load(): readonly CartLine[] {
  try {
    const raw = sessionStorage.getItem(KEY);
    const lines = raw ? (JSON.parse(raw) as unknown) : [];
    return Array.isArray(lines) ? (lines as CartLine[]) : [];
  } catch {
    return [];
  }
}

let lines = load();
const listeners = new Set<() => void>();

function set(next: readonly CartLine[]): void {
  lines = next;
  try {
    sessionStorage.setItem(KEY, JSON.stringify(next));
  } catch {
    // storage blocked: the in-memory cart still works
  }
  for (const l of listeners) l();
}

const clamp = (n: number, max: number) => Math.max(1, Math.min(Math.floor(n), max));

export const cart = {
  lines: () => lines,
  /** Adds `quantity` (never past `maxQuantity` in total). */
  add(line: Omit<CartLine, 'quantity'>, quantity: number) {
    const existing = lines.find((l) => l.productId === line.productId);
    const total = clamp((existing?.quantity ?? 0) + quantity, line.maxQuantity);
    set([...lines.filter((l) => l.productId !== line.productId), { ...line, quantity: total }]);
  },
  setQuantity(productId: string, quantity: number) {
    set(
      lines.map((l) => (l.productId === productId ? { ...l, quantity: clamp(quantity, l.maxQuantity) } : l)),
    );
  },
  remove: (productId: string) => set(lines.filter((l) => l.productId !== productId)),
  clear: () => set([]),
  subscribe: (l: () => void) => {
    listeners.add(l);
    return () => listeners.delete(l);
  },
};

export const useCart = (): readonly CartLine[] => useSyncExternalStore(cart.subscribe, cart.lines);
