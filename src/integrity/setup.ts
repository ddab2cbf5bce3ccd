import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { KeyObject } from 'node:crypto';
import type { Logger } from 'pino';
import type { IntegrityConfig } from '../config/integrity-schema.js';
import type { EvidenceStore, SealSigner } from '../store/index.js';
import { DirectoryAnchor, type CheckpointAnchor } from './anchors.js';
import { makeCheckpoint } from './checkpoint.js';
import { loadPublicKey, loadSigner, type TrustedKeys } from './keys.js';
import { S3Anchor } from './s3-anchor.js';

/** The configured key, anchors and trusted public keys; relative paths are taken from `baseDir`. */
export interface Integrity {
  readonly signer: (SealSigner & { publicKey: KeyObject }) | null;
  readonly anchors: readonly CheckpointAnchor[];
  readonly trustedKeys: TrustedKeys;
}

/**
 * `signingKeyOptional`: for readers (verify). They need only public keys, and an auditor running
 * verify usually cannot read the private key; an unreadable key is then skipped and `warning` says
 * so (list its public key under `publicKeys` or pass --public-key).
 */
export function loadIntegrity(
  config: IntegrityConfig | undefined,
  baseDir = process.cwd(),
  extraPublicKeyFiles: readonly string[] = [],
  opts: { signingKeyOptional?: boolean } = {},
): Integrity & { warning?: string } {
  let signer: Integrity['signer'] = null;
  let warning: string | undefined;
  if (config?.signingKey) {
    try {
      signer = loadSigner(resolve(baseDir, config.signingKey));
    } catch (err) {
      if (!opts.signingKeyOptional) throw err;
      warning = `signing key not used for verifying (${(err as Error).message}); trusting only publicKeys and --public-key`;
    }
  }
  const trusted = new Map<string, KeyObject>();
  if (signer) trusted.set(signer.fingerprint, signer.publicKey);
  for (const file of [...(config?.publicKeys ?? []), ...extraPublicKeyFiles]) {
    const { fingerprint, key } = loadPublicKey(readFileSync(resolve(baseDir, file)));
    trusted.set(fingerprint, key);
  }
  const anchors = (config?.checkpoints ?? []).map((a): CheckpointAnchor => {
    if (a.type === 'directory') return new DirectoryAnchor(resolve(baseDir, a.path));
    return new S3Anchor({
      bucket: a.bucket,
      prefix: a.prefix,
      retentionDays: a.retentionDays,
      client: {
        region: a.region,
        forcePathStyle: a.forcePathStyle,
        ...(a.endpoint ? { endpoint: a.endpoint } : {}),
        ...(a.credentials ? { credentials: a.credentials } : {}),
      },
    });
  });
  return { signer, anchors, trustedKeys: trusted, ...(warning ? { warning } : {}) };
}

/**
 * The one seam the pipeline calls: before the run, the store signs every seal it makes (inside the
 * sealing transaction); after it, a signed checkpoint of the new head goes to every anchor. A failed
 * anchor write is logged, not thrown: the run is sealed and signed already, and the next run's
 * checkpoint covers it (verify reports runs no checkpoint covers yet).
 */
export function attachIntegrity(store: EvidenceStore, integrity: Integrity, log: Logger, now: () => Date = () => new Date()): { afterRun(): Promise<void> } {
  store.useSealSigner(integrity.signer);
  return {
    async afterRun() {
      if (!integrity.signer || integrity.anchors.length === 0) return;
      const cp = makeCheckpoint(store, integrity.signer, now());
      if (!cp) return;
      for (const anchor of integrity.anchors) {
        try {
          await anchor.write(cp);
          log.info({ anchor: anchor.label, checkpoint: cp.name }, 'checkpoint written');
        } catch (err) {
          log.error({ anchor: anchor.label, checkpoint: cp.name, err: (err as Error).message }, 'checkpoint could not be written');
        }
      }
    },
  };
}
