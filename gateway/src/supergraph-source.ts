import { readFile } from 'node:fs/promises';
import type { SupergraphSdlHook } from '@apollo/gateway';
import type { Logger } from '@shopgraph/platform';
import { watchFiles } from './file-watch.ts';

/**
 * Serves the supergraph from a file and hands the gateway a new one when the file changes,
 * so a new schema rolls out without a restart and without dropping requests (the gateway
 * swaps query plans atomically). A file that fails to read or to load keeps the previous
 * schema, and says so in the log.
 */
export function supergraphFromFile(path: string, logger: Logger): SupergraphSdlHook {
  return async ({ update }) => {
    let current = await readFile(path, 'utf8');
    const reload = async () => {
      let next: string;
      try {
        next = await readFile(path, 'utf8');
      } catch (err) {
        logger.warn({ err, path }, 'supergraph file cannot be read; keeping the previous schema');
        return;
      }
      if (next === current) return;
      try {
        update(next);
        current = next;
        logger.info({ path }, 'supergraph reloaded');
      } catch (err) {
        logger.error({ err, path }, 'new supergraph rejected; keeping the previous one');
      }
    };
    const unwatch = watchFiles([path], () => void reload());
    return { supergraphSdl: current, cleanup: async () => unwatch() };
  };
}
