import { canonicalJson } from '../util/canonical.js';
import { sealMaterial } from '../store/seal.js';
import type { EvidenceStore } from '../store/index.js';

/** One file the evidence pack writer copies into a pack (and lists in its manifest.json). */
export interface PackFile {
  /** Relative to the pack's root, '/'-separated. */
  path: string;
  bytes: Buffer;
}

/**
 * The integrity files of an evidence pack: for every sealed run from the earliest sampled run up to
 * the chain head, the exact bytes its seal hashes (`integrity/runs/<id>/material.json`, so
 * `sha256sum` of that file IS the seal) and the seal string itself (`seal.txt`, the bytes an Ed25519
 * signature signs). The chain rule: each material's prevSeal is the seal of the run before it.
 *
 * Later additions (signatures, public key, checkpoint) land in this same list, so the pack writer
 * never needs to know what they are.
 */
export function integrityMaterial(store: EvidenceStore, runIds: readonly number[]): PackFile[] {
  if (runIds.length === 0) return [];
  const from = Math.min(...runIds);
  const chain = store.listRuns({ status: 'sealed' }).filter((r) => r.id >= from).reverse();
  const files: PackFile[] = [];
  for (const run of chain) {
    const material = sealMaterial(run, store.collections(run.id), store.resultSets(run.id), run.prevSeal);
    files.push({ path: `integrity/runs/${run.id}/material.json`, bytes: Buffer.from(canonicalJson(material), 'utf8') });
    files.push({ path: `integrity/runs/${run.id}/seal.txt`, bytes: Buffer.from(run.seal!, 'utf8') });
  }
  files.push({
    path: 'integrity/chain.json',
    bytes: Buffer.from(canonicalJson(chain.map((r) => ({ runId: r.id, seal: r.seal, prevSeal: r.prevSeal }))), 'utf8'),
  });
  return files;
}
