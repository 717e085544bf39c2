import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { RefusedOperation } from '../limits/refusal.ts';
import type { Manifest, TrustedDocument } from './manifest.ts';

/** off: manifests unused; allow: listed documents run by id, others run too; enforce: only listed ones run. */
export type TrustedDocumentsMode = 'off' | 'allow' | 'enforce';

export interface TrustedDocumentsOptions {
  readonly mode: TrustedDocumentsMode;
  /** Automatic persisted queries (clients register a document by its sha256); never in enforce. */
  readonly apq: boolean;
  /** Most bytes of document text the APQ cache holds. */
  readonly apqCacheBytes: number;
}

/** What a request asked for: an id (APQ `sha256Hash` or a `documentId`) and/or the text. */
export interface DocumentRequest {
  readonly id: string | undefined;
  readonly query: string | undefined;
}

export type Resolved =
  /** The text to run; `trusted` when it came from (or matches) a manifest; `register` for APQ. */
  { readonly query: string; readonly trusted: TrustedDocument | undefined; readonly register: boolean };

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Turns a request's id and/or text into the document to run, before anything parses it, or
 * refuses it with a coded error (refusal.ts). The APQ cache is an LRU bounded in bytes, and a
 * document enters it only after it resolved to an operation (`register`, then `remember`).
 */
export class DocumentResolver {
  readonly #opts: TrustedDocumentsOptions;
  readonly #manifest: () => Manifest;
  readonly #apq: LRUCache<string, string>;

  constructor(opts: TrustedDocumentsOptions, manifest: () => Manifest) {
    this.#opts = opts;
    this.#manifest = manifest;
    this.#apq = new LRUCache({
      maxSize: Math.max(1, opts.apqCacheBytes),
      sizeCalculation: (v, k) => v.length + k.length,
    });
  }

  resolve({ id, query }: DocumentRequest): Resolved {
    const { mode } = this.#opts;
    const manifest = mode === 'off' ? undefined : this.#manifest();
    if (id !== undefined) {
      const listed = manifest?.byId.get(id);
      if (listed !== undefined) return { query: listed.body, trusted: listed, register: false };
      if (mode === 'enforce') throw notInList();
      if (!this.#opts.apq)
        throw new RefusedOperation('persisted_not_supported', 'PersistedQueryNotSupported');
      if (query === undefined) {
        const cached = this.#apq.get(id);
        if (cached === undefined) throw new RefusedOperation('persisted_not_found', 'PersistedQueryNotFound');
        return { query: cached, trusted: undefined, register: false };
      }
      if (sha256(query) !== id)
        throw new RefusedOperation(
          'persisted_hash_mismatch',
          'The sha256Hash does not match the query text.',
        );
      return { query, trusted: undefined, register: true };
    }
    if (query === undefined) return { query: '', trusted: undefined, register: false };
    const listed = manifest?.byBody.get(query);
    if (listed === undefined && mode === 'enforce') throw notInList();
    return { query, trusted: listed, register: false };
  }

  /** Stores an APQ registration once its document proved to be an operation. */
  remember(id: string, query: string): void {
    this.#apq.set(id, query);
  }

  /** Bytes held by the APQ cache (its bound is apqCacheBytes). */
  get apqBytes(): number {
    return this.#apq.calculatedSize;
  }
}

const notInList = () =>
  new RefusedOperation(
    'persisted_not_in_list',
    'Only persisted documents may run on this gateway: this one is not in the list.',
  );
