import type { EvidenceStore, RunRow, RunVerdict, VerifyReport } from '../store/index.js';
import type { CheckpointAnchor } from './anchors.js';
import { openCheckpoint, type CheckpointBody } from './checkpoint.js';
import { verifySignature, type TrustedKeys } from './keys.js';

/** What verify adds to the store's own report: signatures, tombstone signatures and checkpoint coverage. */
export interface IntegrityReport extends VerifyReport {
  signatures: {
    /** Fingerprints of the public keys signatures were checked against (none: not checked). */
    trustedKeys: string[];
    signedRuns: number;
    unsignedRuns: number[];
  };
  checkpoints: {
    anchors: Array<{ label: string; checkpoints: number; error?: string }>;
    /** The newest checkpoint that verified, over all anchors. */
    latest: CheckpointBody | null;
    /** Sealed runs after the latest checkpoint: not yet anchored outside the database. */
    uncoveredRuns: number[];
  };
}

/**
 * The full check `controlwatch verify` runs: the store's (blobs, seals, chain, tombstones as
 * recorded), then what only the key and the anchors can tell: a seal recomputed without the key
 * has no valid signature, and a tail cut off (with its ids hidden) or a whole database rewritten
 * no longer matches the checkpoints written outside it.
 */
export async function verifyIntegrity(store: EvidenceStore, keys: TrustedKeys, anchors: readonly CheckpointAnchor[]): Promise<IntegrityReport> {
  const base = store.verify();
  const problems = [...base.problems];
  const verdicts = new Map<number, RunVerdict>(base.runs.map((v) => [v.id, { ...v, reasons: [...v.reasons] }]));
  const flag = (id: number, verdict: 'INVALID' | 'missing', reason: string) => {
    const v = verdicts.get(id) ?? { id, verdict, reasons: [] };
    if (v.verdict !== 'INVALID') v.verdict = verdict;
    v.reasons.push(reason);
    verdicts.set(id, v);
    problems.push(`run ${id}: ${reason}`);
  };

  const sealed = store.listRuns({ status: 'sealed' }).reverse();
  const signatures = checkSignatures(store, sealed, keys, flag, problems);
  const checkpoints = await checkCheckpoints(sealed, base, keys, anchors, flag, problems);

  const runs = [...verdicts.values()].sort((a, b) => a.id - b.id);
  const firstBad = runs.find((v) => v.verdict === 'INVALID' || v.verdict === 'missing');
  const report: IntegrityReport = { ...base, ok: problems.length === 0, problems, runs, signatures, checkpoints };
  delete report.firstBadRun;
  if (firstBad) report.firstBadRun = { id: firstBad.id, reason: `run ${firstBad.id}: ${firstBad.reasons[0] ?? firstBad.verdict}` };
  return report;
}

type Flag = (id: number, verdict: 'INVALID' | 'missing', reason: string) => void;

function checkSignatures(store: EvidenceStore, sealed: RunRow[], keys: TrustedKeys, flag: Flag, problems: string[]): IntegrityReport['signatures'] {
  const byRun = new Map<number, Array<{ keyFingerprint: string; signature: Buffer }>>();
  for (const s of store.sealSignatures()) byRun.set(s.runId, [...(byRun.get(s.runId) ?? []), s]);
  const unsigned: number[] = [];
  let signedRuns = 0;
  let firstSigned: number | null = null;
  for (const run of sealed) {
    const sigs = byRun.get(run.id) ?? [];
    if (sigs.length === 0) {
      unsigned.push(run.id);
      // Once signing began, every later seal carries a signature: one without was re-sealed or stripped.
      if (firstSigned !== null && keys.size > 0) flag(run.id, 'INVALID', `has no signature, although run ${firstSigned} before it was signed (re-sealed or signature removed)`);
      continue;
    }
    firstSigned ??= run.id;
    signedRuns += 1;
    if (keys.size === 0) continue;
    for (const s of sigs) {
      const key = keys.get(s.keyFingerprint);
      if (!key) flag(run.id, 'INVALID', `signed by key ${s.keyFingerprint}, which is not a trusted public key`);
      else if (!verifySignature(key, Buffer.from(run.seal!, 'utf8'), s.signature)) {
        flag(run.id, 'INVALID', `signature by key ${s.keyFingerprint.slice(0, 16)}… does not match the seal (re-sealed without the key, or the signature was edited)`);
      }
    }
  }
  for (const t of store.tombstones()) {
    const key = keys.get(t.keyFingerprint);
    if (keys.size === 0) continue;
    if (!key) problems.push(`tombstone ${t.id}: signed by key ${t.keyFingerprint}, which is not a trusted public key`);
    else if (!verifySignature(key, Buffer.from(t.body, 'utf8'), t.signature)) problems.push(`tombstone ${t.id}: signature does not match its body (edited)`);
  }
  return { trustedKeys: [...keys.keys()].sort(), signedRuns, unsignedRuns: unsigned };
}

async function checkCheckpoints(
  sealed: RunRow[],
  base: VerifyReport,
  keys: TrustedKeys,
  anchors: readonly CheckpointAnchor[],
  flag: Flag,
  problems: string[],
): Promise<IntegrityReport['checkpoints']> {
  const anchorRows: IntegrityReport['checkpoints']['anchors'] = [];
  const bodies: Array<{ where: string; body: CheckpointBody }> = [];
  for (const anchor of anchors) {
    try {
      const list = await anchor.list();
      anchorRows.push({ label: anchor.label, checkpoints: list.length, ...(keys.size === 0 ? { error: 'not checked: no trusted public key' } : {}) });
      // Without a key a checkpoint proves nothing (anyone can write one); the text output says so.
      if (keys.size === 0) continue;
      for (const cp of list) {
        const opened = openCheckpoint(cp, keys);
        if ('problem' in opened) problems.push(`${anchor.label}: ${opened.problem}`);
        else bodies.push({ where: `${anchor.label} ${cp.name}`, body: opened.body });
      }
    } catch (err) {
      anchorRows.push({ label: anchor.label, checkpoints: 0, error: (err as Error).message });
      problems.push(`${anchor.label}: checkpoints could not be read (${(err as Error).message})`);
    }
  }
  const byId = new Map(sealed.map((r) => [r.id, r]));
  const tombstones = base.tombstones.flatMap((t) => (t.body ? [t.body] : []));
  const prunedSeals = new Map(tombstones.filter((t) => t.lastPrunedSeal !== null).map((t) => [t.lastRunId, t.lastPrunedSeal!]));
  const prunedThrough = Math.max(0, ...tombstones.map((t) => t.lastRunId));
  for (const { where, body } of bodies) {
    if (body.headRunId <= prunedThrough) {
      // The head was pruned since; its tombstone still names its seal when it was the last one pruned.
      const seal = prunedSeals.get(body.headRunId);
      if (seal !== undefined && seal !== body.headSeal) problems.push(`${where}: names seal ${body.headSeal} for run ${body.headRunId}; its tombstone names another`);
      continue;
    }
    const run = byId.get(body.headRunId);
    if (!run) {
      flag(body.headRunId, 'missing', `${where} (${body.time}) names it as the chain head with seal ${body.headSeal}; the run is not in the store (the tail was truncated or the run deleted)`);
      continue;
    }
    if (run.seal !== body.headSeal) flag(run.id, 'INVALID', `seal differs from the one ${where} (${body.time}) recorded for it (re-sealed after the checkpoint)`);
    const held = sealed.filter((r) => r.id <= body.headRunId).length + tombstones.filter((t) => t.lastRunId < body.headRunId).reduce((n, t) => n + t.sealedRunsRemoved, 0);
    if (held !== body.runCount) problems.push(`${where}: states ${body.runCount} sealed runs up to run ${body.headRunId}; the store accounts for ${held} (runs deleted or inserted)`);
  }
  const latest = bodies.map((b) => b.body).reduce<CheckpointBody | null>((a, b) => (a === null || b.headRunId > a.headRunId ? b : a), null);
  const uncoveredRuns = anchors.length === 0 ? [] : sealed.filter((r) => latest === null || r.id > latest.headRunId).map((r) => r.id);
  return { anchors: anchorRows, latest, uncoveredRuns };
}
