import type { RunRow } from '../store/index.js';
import type { EvidenceSource } from './source.js';

/**
 * The declared scope and the exceptions in force that a run stored with its row (DESIGN.md "runs"):
 * what was in scope and what was accepted that day, as the runner wrote them. Their shapes belong to
 * the runner and the config schema; coverage.ts reads the expected scopes out of the scope blob.
 */
export function scopeBlobOf(source: EvidenceSource, run: RunRow): unknown {
  return source.getBlob(run.scopeHash);
}

export function exceptionsBlobOf(source: EvidenceSource, run: RunRow): unknown {
  return source.getBlob(run.exceptionsHash);
}
