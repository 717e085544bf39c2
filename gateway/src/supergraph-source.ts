import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { SupergraphSdlHook } from '@apollo/gateway';
import type { Logger } from '@shopgraph/platform';

/**
 * Serves the supergraph from a file and hands the gateway a new one when the file changes,
 * so a new schema rolls out without a restart and without dropping requests (the gateway
 * swaps query plans atomically). A file that fails to load keeps the previous schema.
 */
export function supergraphFromFile(path: string, logger: Logger): SupergraphSdlHook {
  return async ({ update }) => {
    let current = await readFile(path, 'utf8');
    let watcher: FSWatcher | undefined;
    let debounce: NodeJS.Timeout | undefined;
    const reload = async () => {
      const next = await readFile(path, 'utf8').catch(() => current);
      if (next === current) return;
      try {
        update(next);
        current = next;
        logger.info({ path }, 'supergraph reloaded');
      } catch (err) {
        logger.error({ err, path }, 'new supergraph rejected; keeping the previous one');
      }
    };
    // Watch the directory: Kubernetes ConfigMaps and editors replace the file, not write into it.
    watcher = watch(path.replace(/[^/]+$/, '') || '.', () => {
      clearTimeout(debounce);
      debounce = setTimeout(() => void reload(), 200);
    });
    return {
      supergraphSdl: current,
      cleanup: async () => {
        clearTimeout(debounce);
        watcher?.close();
        watcher = undefined;
      },
    };
  };
}
