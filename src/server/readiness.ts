import type { EvidenceHandle } from './evidence-handle.js';

export interface Readiness {
  readonly ready: boolean;
  /** Why not, one line each; empty when ready. */
  readonly reasons: readonly string[];
  readonly lastSealedRun: { readonly id: number; readonly finishedAt: string | null; readonly ageSeconds: number } | null;
  readonly maxAgeSeconds: number;
}

/**
 * Ready = the database opens and answers a query, its file and folder are writable by the writer's
 * user, and the last sealed run is younger than `maxAgeMs` (2× the schedule interval): a daemon that
 * has stopped producing evidence is not ready even though its process is alive (/healthz).
 */
export function readiness(handle: EvidenceHandle, now: Date, maxAgeMs: number): Readiness {
  const reasons: string[] = [];
  let lastSealedRun: Readiness['lastSealedRun'] = null;
  try {
    const latest = handle.evidence().latestSealedRun();
    if (!latest) reasons.push('no sealed run in the store yet');
    else {
      const at = latest.finishedAt ?? latest.startedAt;
      const ageSeconds = Math.max(0, Math.round((now.getTime() - Date.parse(at)) / 1000));
      lastSealedRun = { id: latest.id, finishedAt: latest.finishedAt, ageSeconds };
      if (ageSeconds * 1000 > maxAgeMs) reasons.push(`last sealed run ${latest.id} finished ${at}, ${ageSeconds} s ago: older than 2× the schedule interval (${maxAgeMs / 1000} s)`);
    }
  } catch (err) {
    handle.close(); // retried on the next probe
    reasons.push(`database ${handle.dbPath} cannot be read: ${(err as Error).message}`);
  }
  const notWritable = handle.writable();
  if (notWritable) reasons.push(notWritable);
  return { ready: reasons.length === 0, reasons, lastSealedRun, maxAgeSeconds: maxAgeMs / 1000 };
}
