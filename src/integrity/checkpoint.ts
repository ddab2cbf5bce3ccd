import { canonicalJson } from '../util/canonical.js';
import type { EvidenceStore, SealSigner } from '../store/index.js';
import { verifySignature, type TrustedKeys } from './keys.js';

/**
 * A checkpoint states, signed, how long the chain was and what its head was at a time. Kept
 * outside the database (anchors.ts), it catches what the chain alone cannot: a truncated tail, or
 * a database rewritten end to end. `json` is canonical JSON of the body and is the signed bytes.
 */
export interface CheckpointBody {
  v: 1;
  /** Sealed runs since the first ever, pruned ones included. */
  runCount: number;
  headRunId: number;
  headSeal: string;
  time: string;
  keyFingerprint: string;
}

export interface SignedCheckpoint {
  /** File / object name stem, e.g. checkpoint-0000000042. */
  name: string;
  json: Buffer;
  signature: Buffer;
}

export function checkpointName(headRunId: number): string {
  return `checkpoint-${String(headRunId).padStart(10, '0')}`;
}

/** The checkpoint for the store's current head, or null before the first sealed run. */
export function makeCheckpoint(store: EvidenceStore, signer: SealSigner, now: Date): SignedCheckpoint | null {
  const head = store.latestSealedRun();
  if (!head) return null;
  const body: CheckpointBody = {
    v: 1,
    runCount: store.chainLength(),
    headRunId: head.id,
    headSeal: head.seal!,
    time: now.toISOString(),
    keyFingerprint: signer.fingerprint,
  };
  const json = Buffer.from(canonicalJson(body), 'utf8');
  return { name: checkpointName(head.id), json, signature: signer.sign(json) };
}

/** The body when the signature checks out against a trusted key; otherwise the reason it does not. */
export function openCheckpoint(cp: SignedCheckpoint, keys: TrustedKeys): { body: CheckpointBody } | { problem: string } {
  let body: CheckpointBody;
  try {
    body = JSON.parse(cp.json.toString('utf8')) as CheckpointBody;
  } catch {
    return { problem: `${cp.name}: not JSON` };
  }
  if (body.v !== 1 || !Number.isSafeInteger(body.headRunId) || !Number.isSafeInteger(body.runCount) || typeof body.headSeal !== 'string') {
    return { problem: `${cp.name}: not a checkpoint` };
  }
  const key = keys.get(body.keyFingerprint);
  if (!key) return { problem: `${cp.name}: signed by key ${body.keyFingerprint}, which is not a trusted public key` };
  if (!verifySignature(key, cp.json, cp.signature)) return { problem: `${cp.name}: signature does not verify (edited or forged)` };
  return { body };
}
