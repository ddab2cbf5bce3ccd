import type { RunVerdict } from '../store/index.js';

/**
 * One line per run, as CloudTrail's validate-logs prints digests: `run 7: valid`,
 * `run 8: INVALID (reason; reason)`, `run 9: missing (reason)`; consecutive pruned or valid runs
 * collapse into one range line so a year of daily runs stays readable.
 */
export function runLines(runs: ReadonlyArray<Pick<RunVerdict, 'id' | 'reasons'> & { verdict: string }>): string[] {
  const lines: string[] = [];
  let i = 0;
  while (i < runs.length) {
    const r = runs[i]!;
    if (r.reasons.length > 0) {
      lines.push(`run ${r.id}: ${r.verdict} (${r.reasons.join('; ')})`);
      i += 1;
      continue;
    }
    let j = i;
    while (j + 1 < runs.length && runs[j + 1]!.verdict === r.verdict && runs[j + 1]!.reasons.length === 0 && runs[j + 1]!.id === runs[j]!.id + 1) j += 1;
    lines.push(j === i ? `run ${r.id}: ${r.verdict}` : `runs ${r.id}-${runs[j]!.id}: ${r.verdict}`);
    i = j + 1;
  }
  return lines;
}
