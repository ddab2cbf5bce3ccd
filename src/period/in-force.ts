import { expectedScopesOf } from '../model/expected-scope.js';
import type { RunDays } from './runs.js';
import type { EvidenceSource } from './source.js';

/**
 * One exception as a run stored it (config `exceptions` at the time), normalised over the stored shapes:
 * older runs stored `{ check, resource, justification, approver, expires }`; the control programme adds
 * `id`, `control` (instead of a check), `reason`, `approved`, `starts`.
 */
export interface StoredException {
  readonly id: string | null;
  /** The check id, or `control <id>` when the exception covers every check of a control. */
  readonly check: string;
  readonly resource: string;
  readonly justification: string;
  readonly approver: string;
  /** First day it applies; null when it applies from whenever it was stored. */
  readonly starts: string | null;
  readonly expires: string;
}

export interface DayExceptions {
  readonly day: string;
  /** The day's last sealed run, whose stored exceptions are shown; null on a day without evidence. */
  readonly runId: number | null;
  /** Exceptions the run stored that had not expired on that day. */
  readonly exceptions: readonly StoredException[];
}

export interface ScopeChange {
  readonly day: string;
  readonly runId: number;
  readonly previousRunId: number;
  /** `collector scope` pairs expected now and not before, and the reverse. */
  readonly added: readonly string[];
  readonly removed: readonly string[];
  /** True when the declared scope blob changed but the expected scopes did not (checks, parameters, disabled list). */
  readonly declarationOnly: boolean;
}

/** The exceptions a run stored, as a list (a malformed blob reads as none, never as a throw mid-report). */
export function storedExceptions(blob: unknown): StoredException[] {
  if (!Array.isArray(blob)) return [];
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  const out: StoredException[] = [];
  for (const raw of blob) {
    if (typeof raw !== 'object' || raw === null) continue;
    const e = raw as Record<string, unknown>;
    const check = text(e.check) ?? (text(e.control) ? `control ${text(e.control)}` : null);
    const expires = text(e.expires);
    if (check === null || expires === null) continue;
    out.push({
      id: text(e.id),
      check,
      resource: text(e.resource) ?? '*',
      justification: text(e.justification) ?? text(e.reason) ?? '',
      approver: text(e.approver) ?? '',
      starts: text(e.starts) ?? text(e.approved),
      expires,
    });
  }
  return out;
}

/**
 * Exceptions in force per day, from what each day's last sealed run stored (never today's config).
 * An exception that expired before the day, or starts after it, is not in force that day even if the run stored it.
 */
export function exceptionsByDay(source: EvidenceSource, runDays: RunDays): DayExceptions[] {
  // Each distinct exceptions blob is read once: content-addressed, and runs mostly store the same register (issue 15).
  const stored = new Map<string, StoredException[]>();
  return runDays.days.map((d) => {
    const run = d.runs.at(-1);
    if (!run) return { day: d.day, runId: null, exceptions: [] };
    const row = runDays.rows.get(run.id) ?? source.getRun(run.id)!;
    let register = stored.get(row.exceptionsHash);
    if (register === undefined) stored.set(row.exceptionsHash, (register = storedExceptions(source.getBlob(row.exceptionsHash))));
    const exceptions = register.filter((e) => e.expires >= d.day && (e.starts === null || e.starts <= d.day));
    return { day: d.day, runId: run.id, exceptions };
  });
}

/** Days on which the stored scope blob differs from the previous sealed run's, with the expected scopes added and removed. */
export function scopeChanges(source: EvidenceSource, runDays: RunDays): ScopeChange[] {
  const out: ScopeChange[] = [];
  const runs = runDays.days.flatMap((d) => d.runs.map((r) => ({ day: d.day, id: r.id })));
  let prev = runs.length > 0 ? source.previousSealedRun(runs[0]!.id) : undefined;
  for (const r of runs) {
    const row = runDays.rows.get(r.id) ?? source.getRun(r.id)!;
    if (prev && prev.scopeHash !== row.scopeHash) {
      const before = new Set(expectedScopesOf(source.getBlob(prev.scopeHash)).map((e) => `${e.collector} ${e.scope}`));
      const after = new Set(expectedScopesOf(source.getBlob(row.scopeHash)).map((e) => `${e.collector} ${e.scope}`));
      const added = [...after].filter((k) => !before.has(k)).sort();
      const removed = [...before].filter((k) => !after.has(k)).sort();
      out.push({ day: r.day, runId: r.id, previousRunId: prev.id, added, removed, declarationOnly: added.length === 0 && removed.length === 0 });
    }
    prev = row;
  }
  return out;
}
