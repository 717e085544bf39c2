import { useEffect } from 'react';

/** Calls `refresh` every `ms` while `active` (and the tab is visible). */
export function usePolling(refresh: () => void, ms: number, active: boolean): void {
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (document.visibilityState !== 'hidden') refresh();
    }, ms);
    return () => clearInterval(timer);
  }, [refresh, ms, active]);
}
