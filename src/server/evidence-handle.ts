import { accessSync, constants } from 'node:fs';
import { dirname } from 'node:path';
import { openEvidence, producersFrom, type EvidenceReader } from '../period/index.js';
import type { Registry } from '../registry/index.js';
import type { EvidenceSource } from '../period/source.js';
import { openStore } from '../engine/config-resolution.js';

/** The store as the engine opens it (the server names no store module: evidence is read through src/period). */
type EvidenceStore = ReturnType<typeof openStore>;

/**
 * The server's one connection to the store, opened READ-ONLY (the server never writes) and lazily:
 * the daemon may create the database after the server starts, so a failed open is retried on the
 * next request and reported by /readyz meanwhile.
 */
export class EvidenceHandle {
  private store: EvidenceStore | undefined;
  private reader: EvidenceReader | undefined;

  constructor(
    readonly dbPath: string,
    private readonly timezone: string,
    private readonly registry: Registry,
  ) {}

  /** The reader over the store; throws (with the open error) when the database cannot be opened. */
  evidence(): EvidenceReader {
    return this.open().reader;
  }

  /** The store's read side, for the period functions that are not reader methods (collectorCalls). */
  source(): EvidenceSource {
    return this.open().store;
  }

  private open(): { store: EvidenceStore; reader: EvidenceReader } {
    if (!this.store || !this.reader) {
      const store = openStore(this.dbPath, true);
      this.store = store;
      this.reader = openEvidence(store, { timezone: this.timezone, producers: producersFrom(this.registry.collectors) });
    }
    return { store: this.store, reader: this.reader };
  }

  /**
   * Whether the writer (the daemon) can write: the file and its folder (WAL and journal files live
   * there) are writable by this process's user. Checked on the file system, never by writing.
   */
  writable(): string | null {
    for (const [what, path] of [['database file', this.dbPath], ['database folder', dirname(this.dbPath)]] as const) {
      try {
        accessSync(path, constants.W_OK);
      } catch (err) {
        return `${what} ${path} is not writable (${(err as NodeJS.ErrnoException).code ?? 'error'})`;
      }
    }
    return null;
  }

  close(): void {
    this.store?.close();
    this.store = undefined;
    this.reader = undefined;
  }
}
