import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

/**
 * Calls `onChange` (debounced) when any of `files` may have changed. Watches the directories,
 * not the files: Kubernetes ConfigMaps and editors replace a file rather than write into it,
 * which a watch on the file itself would miss after the first swap.
 * @returns a function that stops watching
 */
export function watchFiles(files: readonly string[], onChange: () => void, debounceMs = 200): () => void {
  let debounce: NodeJS.Timeout | undefined;
  const dirs = [...new Set(files.map((f) => path.dirname(path.resolve(f))))];
  const watchers: FSWatcher[] = dirs.map((dir) =>
    watch(dir, () => {
      clearTimeout(debounce);
      debounce = setTimeout(onChange, debounceMs);
    }),
  );
  return () => {
    clearTimeout(debounce);
    for (const w of watchers) w.close();
  };
}
