import type { KeyObject } from 'node:crypto';
import { canonicalJson } from '../util/canonical.js';
import { sealMaterial } from '../store/seal.js';
import type { EvidenceStore } from '../store/index.js';
import type { SignedCheckpoint } from './checkpoint.js';
import { fingerprintOf, publicKeyPem } from './keys.js';
import { packVerificationReadme } from './pack-readme.js';

/** One file the evidence pack writer copies into a pack (and lists in its manifest.json). */
export interface PackFile {
  /** Relative to the pack's root, '/'-separated. */
  path: string;
  bytes: Buffer;
}

/** What the database does not hold: the public keys and the checkpoints (from the anchors). */
export interface PackIntegrityExtras {
  /** The first is written as integrity/public-key.pem (the current signing key); all as integrity/keys/<fingerprint>.pem. */
  publicKeys?: readonly KeyObject[];
  /** Every checkpoint read from the anchors; the pack carries the newest whose head is in its chain. */
  checkpoints?: readonly SignedCheckpoint[];
}

/**
 * The integrity files of an evidence pack. For every sealed run from the earliest sampled run up to
 * the chain head:
 *   integrity/runs/<id>/material.json  the exact bytes its seal hashes (`sha256sum` of it IS the seal)
 *   integrity/runs/<id>/seal.txt       the seal string: the bytes its Ed25519 signature signs
 *   integrity/runs/<id>/seal.sig       the raw 64-byte signature (by the first public key given, else any)
 *   integrity/runs/<id>/signatures.json every signature, by key fingerprint (keys rotate)
 * and integrity/chain.json, integrity/public-key.pem, integrity/keys/*.pem, integrity/checkpoint.json
 * + .sig, integrity/README.txt (how to check all of it without controlwatch).
 *
 * Deterministic: the same store, runs and extras give the same bytes.
 */
export function integrityMaterial(store: EvidenceStore, runIds: readonly number[], extras: PackIntegrityExtras = {}): PackFile[] {
  if (runIds.length === 0) return [];
  const from = Math.min(...runIds);
  const chain = store.listRuns({ status: 'sealed' }).filter((r) => r.id >= from).reverse();
  const keys = extras.publicKeys ?? [];
  const primary = keys[0] ? fingerprintOf(keys[0]) : null;
  const signatures = new Map<number, Array<{ keyFingerprint: string; signature: Buffer }>>();
  for (const s of store.sealSignatures()) if (s.runId >= from) signatures.set(s.runId, [...(signatures.get(s.runId) ?? []), s]);

  const files: PackFile[] = [];
  const text = (path: string, value: string) => files.push({ path, bytes: Buffer.from(value, 'utf8') });
  for (const run of chain) {
    const dir = `integrity/runs/${run.id}`;
    text(`${dir}/material.json`, canonicalJson(sealMaterial(run, store.collections(run.id), store.resultSets(run.id), run.prevSeal)));
    text(`${dir}/seal.txt`, run.seal!);
    const sigs = signatures.get(run.id) ?? [];
    const chosen = sigs.find((s) => s.keyFingerprint === primary) ?? sigs[0];
    if (chosen) {
      files.push({ path: `${dir}/seal.sig`, bytes: chosen.signature });
      text(`${dir}/signatures.json`, canonicalJson(sigs.map((s) => ({ keyFingerprint: s.keyFingerprint, signature: s.signature.toString('base64') }))));
    }
  }
  text('integrity/chain.json', canonicalJson(chain.map((r) => ({ runId: r.id, seal: r.seal, prevSeal: r.prevSeal }))));
  if (keys[0]) text('integrity/public-key.pem', publicKeyPem(keys[0]));
  for (const key of keys) text(`integrity/keys/${fingerprintOf(key)}.pem`, publicKeyPem(key));

  const inChain = new Map(chain.map((r) => [r.id, r.seal]));
  const checkpoint = [...(extras.checkpoints ?? [])]
    .map((cp) => ({ cp, body: parse(cp.json) }))
    .filter((c) => c.body !== null && inChain.get(c.body.headRunId) === c.body.headSeal)
    .sort((a, b) => b.body!.headRunId - a.body!.headRunId)[0];
  if (checkpoint) {
    files.push({ path: 'integrity/checkpoint.json', bytes: checkpoint.cp.json });
    files.push({ path: 'integrity/checkpoint.sig', bytes: checkpoint.cp.signature });
  }
  text('integrity/README.txt', packVerificationReadme());
  return files;
}

function parse(json: Buffer): { headRunId: number; headSeal: string } | null {
  try {
    const v = JSON.parse(json.toString('utf8')) as { headRunId?: unknown; headSeal?: unknown };
    return typeof v.headRunId === 'number' && typeof v.headSeal === 'string' ? { headRunId: v.headRunId, headSeal: v.headSeal } : null;
  } catch {
    return null;
  }
}
