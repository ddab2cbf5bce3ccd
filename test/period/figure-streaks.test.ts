import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DayContext } from '../../src/period/day-context.js';
import { computeFigures, type FailureEpisode } from '../../src/period/figures.js';
import type { DayCell, DayStatus } from '../../src/period/series.js';

/**
 * computeFigures keeps its running state (open episode, current and longest failing streak) in scalar locals
 * (issue 15: ~46,000 failing cells a year). These pin what it computes on any sequence of day verdicts against
 * a plain restatement of the rules: episodes open on a fail and close on the first pass / excepted / n/a; an
 * error or no-evidence day inside neither closes one nor counts as failing; the longest streak is the first
 * run of consecutive failing days to reach its length.
 */
const day = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
const at = (runId: number) => new Date(Date.UTC(2026, 0, 1) + (runId - 1) * 86_400_000 + 6 * 3_600_000).toISOString();

function year(statuses: readonly DayStatus[]): { cells: DayCell[]; contexts: DayContext[] } {
  const cells = statuses.map((status, i): DayCell => {
    const runs = status === 'no_evidence' ? [] : [{ runId: i + 1, status }];
    return { day: day(i), status, counts: { pass: 0, fail: 0, error: 0, excepted: 0, not_applicable: 0 }, runs, shownRunId: runs.length ? i + 1 : null, note: null };
  });
  const contexts = statuses.map((status, i): DayContext => ({
    day: day(i), expected: true, sealedRunIds: status === 'no_evidence' ? [] : [i + 1], sealedRuns: [], incompleteRunIds: [],
    failedCollections: [], staleCollections: [], dayGap: status === 'no_evidence' ? { day: day(i), reason: 'agent_down', detail: 'no run' } : null,
  }));
  return { cells, contexts };
}

/** The rules, restated over the whole sequence at once. */
function expected(statuses: readonly DayStatus[]) {
  const episodes: FailureEpisode[] = [];
  let open: { start: number; end: number; failing: number } | null = null;
  statuses.forEach((s, i) => {
    if (s === 'fail') open = open ? { ...open, end: i, failing: open.failing + 1 } : { start: i, end: i, failing: 1 };
    else if (open && (s === 'pass' || s === 'excepted' || s === 'not_applicable')) {
      episodes.push({ start: day(open.start), end: day(open.end), remediatedOn: day(i), failingDays: open.failing, hoursToRemediate: (i - open.start) * 24, firstFailingRunId: open.start + 1, remediatingRunId: i + 1 });
      open = null;
    }
  });
  const o = open as { start: number; end: number; failing: number } | null;
  if (o) episodes.push({ start: day(o.start), end: null, remediatedOn: null, failingDays: o.failing, hoursToRemediate: null, firstFailingRunId: o.start + 1, remediatingRunId: null });
  let best: { days: number; from: string; to: string } | null = null;
  for (let i = 0; i < statuses.length; ) {
    if (statuses[i] !== 'fail') { i += 1; continue; }
    let j = i;
    while (j + 1 < statuses.length && statuses[j + 1] === 'fail') j += 1;
    if (!best || j - i + 1 > best.days) best = { days: j - i + 1, from: day(i), to: day(j) };
    i = j + 1;
  }
  return { episodes, longestFailingStreak: best, firstFailure: episodes[0]?.start ?? null };
}

describe('period figures: episodes and the longest failing streak', () => {
  it('two streaks of equal length: the first is the longest; an error day inside an episode neither ends it nor counts', () => {
    const s: DayStatus[] = ['pass', 'fail', 'fail', 'error', 'fail', 'pass', 'fail', 'fail', 'no_evidence', 'excepted'];
    const f = computeFigures({ ...year(s), startedAt: at });
    expect(f.longestFailingStreak).toEqual({ days: 2, from: day(1), to: day(2) });
    expect(f.episodes).toEqual(expected(s).episodes);
    expect(f.episodes.map((e) => [e.start, e.end, e.failingDays])).toEqual([[day(1), day(4), 3], [day(6), day(7), 2]]);
  });

  it('any sequence of verdicts gives the episodes, first failure and longest streak of the rules', () => {
    const status = fc.constantFrom<DayStatus>('pass', 'fail', 'fail', 'fail', 'error', 'excepted', 'not_applicable', 'no_evidence');
    fc.assert(
      fc.property(fc.array(status, { maxLength: 60 }), (s) => {
        const f = computeFigures({ ...year(s), startedAt: at });
        expect({ episodes: f.episodes, longestFailingStreak: f.longestFailingStreak, firstFailure: f.firstFailure }).toEqual(expected(s));
      }),
      { numRuns: 300 },
    );
  });
});
