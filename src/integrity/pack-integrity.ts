import type { KeyObject } from 'node:crypto';
import type { EvidenceStore } from '../store/index.js';
import type { SignedCheckpoint } from './checkpoint.js';
import { integrityMaterial, type PackFile } from './pack-material.js';
import type { Integrity } from './setup.js';

/**
 * The pack writer's `integrity` callback, with what the database does not hold loaded first: the
 * public keys (the signing key's first) and the checkpoints from the anchors (read once, async).
 */
export async function packIntegrityFiles(store: EvidenceStore, integrity: Integrity): Promise<(runIds: readonly number[]) => PackFile[]> {
  const publicKeys: KeyObject[] = [];
  if (integrity.signer) publicKeys.push(integrity.signer.publicKey);
  for (const [fingerprint, key] of integrity.trustedKeys) if (fingerprint !== integrity.signer?.fingerprint) publicKeys.push(key);
  const checkpoints: SignedCheckpoint[] = [];
  for (const anchor of integrity.anchors) checkpoints.push(...(await anchor.list()));
  return (runIds) => integrityMaterial(store, runIds, { publicKeys, checkpoints });
}
