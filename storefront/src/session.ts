// The shopper's session: the access token in memory, mirrored to sessionStorage so a reload
// keeps it (never localStorage, never a URL). `expired` is set when the gateway rejects it.
import { useSyncExternalStore } from 'react';

const KEY = 'shopgraph.session';

export interface SessionState {
  readonly token: string | null;
  readonly name: string | null;
  /** The last token was rejected (expired or revoked): the login page says so. */
  readonly expired: boolean;
}

function load(): SessionState {
  try {
    const raw = sessionStorage.getItem(KEY);
    const parsed = raw ? (JSON.parse(raw) as { token?: unknown; name?: unknown }) : {};
    if (typeof parsed.token === 'string')
      return {
        token: parsed.token,
        name: typeof parsed.name === 'string' ? parsed.name : null,
        expired: false,
      };
  } catch {
    // unreadable storage: start signed out
  }
  return { token: null, name: null, expired: false };
}

let state = load();
const listeners = new Set<() => void>();

function set(next: SessionState): void {
  state = next;
  try {
    if (next.token) sessionStorage.setItem(KEY, JSON.stringify({ token: next.token, name: next.name }));
    else sessionStorage.removeItem(KEY);
  } catch {
    // storage full or blocked: the in-memory session still works
  }
  for (const l of listeners) l();
}

export const session = {
  get: (): SessionState => state,
  token: (): string | null => state.token,
  signIn: (token: string, name: string) => set({ token, name, expired: false }),
  signOut: () => set({ token: null, name: null, expired: false }),
  /** The gateway said the token is no good: forget it and remember why. */
  expire: () => {
    if (state.token) set({ token: null, name: null, expired: true });
  },
  subscribe: (l: () => void) => {
    listeners.add(l);
    return () => listeners.delete(l);
  },
};

export const useSession = (): SessionState => useSyncExternalStore(session.subscribe, session.get);
