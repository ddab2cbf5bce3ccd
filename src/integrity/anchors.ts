import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SignedCheckpoint } from './checkpoint.js';

/**
 * Where checkpoints are kept, outside the database: whoever can rewrite the database should not
 * also be able to rewrite these. Each checkpoint is two files, `<name>.json` (the signed bytes) and
 * `<name>.sig` (the raw 64-byte Ed25519 signature), so openssl can check one directly.
 */
export interface CheckpointAnchor {
  /** For reports: `directory /path` or `s3://bucket/prefix`. */
  readonly label: string;
  /** Writes a checkpoint; one already there under the same name is left as it is (never overwritten). */
  write(cp: SignedCheckpoint): Promise<void>;
  /** Every checkpoint held, in name order. */
  list(): Promise<SignedCheckpoint[]>;
}

/** A directory, e.g. a mounted volume the agent may create files in but that is backed up elsewhere. */
export class DirectoryAnchor implements CheckpointAnchor {
  readonly label: string;

  constructor(private readonly dir: string) {
    this.label = `directory ${dir}`;
  }

  async write(cp: SignedCheckpoint): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    for (const [ext, bytes] of [['sig', cp.signature], ['json', cp.json]] as const) {
      try {
        writeFileSync(join(this.dir, `${cp.name}.${ext}`), bytes, { flag: 'wx', mode: 0o444 });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
  }

  async list(): Promise<SignedCheckpoint[]> {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    return names
      .filter((n) => n.endsWith('.json'))
      .sort()
      .map((n) => {
        const name = n.slice(0, -'.json'.length);
        const sigPath = join(this.dir, `${name}.sig`);
        let signature: Buffer;
        try {
          signature = readFileSync(sigPath);
        } catch {
          signature = Buffer.alloc(0);
        }
        return { name, json: readFileSync(join(this.dir, n)), signature };
      });
  }
}
