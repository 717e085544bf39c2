import type { Logger } from '@shopgraph/platform';
import { watchFiles } from '../file-watch.ts';
import { EMPTY_MANIFEST, loadManifest, type Manifest } from './manifest.ts';

/** The current manifest, re-read when a file changes; listeners hear of each new one. */
export interface ManifestSource {
  current(): Manifest;
  /** Called with every manifest that replaces the previous one (e.g. to warm query plans). */
  onChange(listener: (manifest: Manifest) => void): void;
  close(): void;
}

/**
 * Loads the manifest files at start (a bad one stops the start: the operator asked for it) and
 * reloads them on change like the supergraph; a reload that fails keeps the previous manifest
 * and says why in the log.
 */
export async function manifestFromFiles(files: readonly string[], logger: Logger): Promise<ManifestSource> {
  let manifest = files.length > 0 ? await loadManifest(files) : EMPTY_MANIFEST;
  const listeners: ((m: Manifest) => void)[] = [];
  const reload = async () => {
    try {
      manifest = await loadManifest(files);
      logger.info({ files, documents: manifest.byId.size }, 'persisted documents reloaded');
      for (const l of listeners) l(manifest);
    } catch (err) {
      logger.warn({ err, files }, 'persisted documents cannot be reloaded; keeping the previous ones');
    }
  };
  const unwatch = files.length > 0 ? watchFiles(files, () => void reload()) : () => undefined;
  if (files.length > 0) logger.info({ files, documents: manifest.byId.size }, 'persisted documents loaded');
  return {
    current: () => manifest,
    onChange: (l) => void listeners.push(l),
    close: unwatch,
  };
}
