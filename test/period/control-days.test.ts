import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { openEvidence, type PeriodDay, type PeriodOptions } from '../../src/period/index.js';
import { EvidenceStore } from '../../src/store/index.js';
import { beginRun, collection, sealedRun, tempDbPath, tempStore } from './fixtures.js';

/**
 * Issue 15: a sample of days takes from controlDays whether each day has evidence, and computes the cells and gaps
 * of the drawn days only (their counts and collections alone are read). Each must be the one periodReport gives
 * that day, whatever the days hold: no run, an incomplete run, failed or stale collections, errors, several runs,
 * per-collector schedules.
 */
const DAYS = Array.from({ length: 12 }, (_, i) => `2026-05-${String(i + 1).padStart(2, '0')}`);
const STATUSES = ['pass', 'fail', 'error', 'not_applicable', 'excepted'] as const;

const runArb = fc.record({
  checks: fc.subarray(['c1', 'c2', 'c3'] as const, { minLength: 0 }),
  status: fc.constantFrom(...STATUSES),
  iamFailed: fc.boolean(),
  s3Failed: fc.boolean(),
  githubStale: fc.boolean(),
});
const dayArb = fc.oneof(
  { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'incomplete' as const }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('sealed' as const), runs: fc.array(runArb, { minLength: 1, maxLength: 2 }) }) },
);

// c3's collector (aws-s3) feeds no control below: its failures are never their gap.
const collectorsOfCheck = (c: string) => (c === 'c1' ? ['aws-iam'] : c === 'c2' ? ['github'] : ['aws-s3']);
const OPTIONS: PeriodOptions = {
  collectorsOfCheck,
  // Per-collector schedules: GitHub on even days, IAM on odd days; a day neither expected is not a gap.
  expectedDayOfCollector: (collector) => (collector === 'github' ? (day: string) => Number(day.slice(-2)) % 2 === 0 : collector === 'aws-iam' ? (day: string) => Number(day.slice(-2)) % 2 === 1 : undefined),
};

const omitGap = ({ gap: _gap, ...cell }: PeriodDay) => cell;

describe('a control’s days with the cells and gaps of some days only (controlDays)', () => {
  it('tells which days have evidence as periodReport does, and for any days asked, exactly periodReport’s cells and gaps', () => {
    fc.assert(
      fc.property(fc.array(dayArb, { minLength: DAYS.length, maxLength: DAYS.length }), fc.subarray(DAYS), fc.boolean(), fc.subarray(['c1', 'c2'], { minLength: 1 }), (days, asked, perCollector, checks) => {
        const path = tempDbPath();
        const store = tempStore(path);
        try {
          days.forEach((d, i) => {
            const day = DAYS[i]!;
            if (d.kind === 'incomplete') store.markRunIncomplete(beginRun(store, { startedAt: `${day}T06:00:00.000Z` }));
            if (d.kind !== 'sealed') return;
            d.runs.forEach((r, k) => {
              const at = `${day}T0${6 + k}:00:00.000Z`;
              const earlier = `${DAYS[Math.max(0, i - 1)]}T05:00:00.000Z`;
              sealedRun(store, {
                startedAt: at,
                results: r.checks.map((checkId) => ({ checkId, resourceId: 'r1', status: r.status })),
                collections: [
                  collection('aws-iam', 's', at, r.iamFailed ? { status: 'error', error: 'AccessDenied' } : {}),
                  collection('aws-s3', 's', at, r.s3Failed ? { status: 'error', error: 'SlowDown' } : {}),
                  collection('github', 's', r.githubStale && i > 0 ? earlier : at),
                ],
              });
            });
          });
          store.close();
          const read = EvidenceStore.open(path, { readonly: true });
          try {
            const evidence = openEvidence(read, { timezone: 'UTC', producers: () => [] });
            const range = { from: DAYS[0]!, to: DAYS.at(-1)! };
            const control = { framework: 'f', controlId: 'X.1', checks };
            const options = perCollector ? OPTIONS : { collectorsOfCheck };
            const full = evidence.periodReport(range, [control], options).controls[0]!;
            const countsRead = vi.spyOn(read, 'checkCounts');
            const lean = evidence.controlDays(range, control, options);
            expect(countsRead, 'whether a day has evidence is read without its counts').not.toHaveBeenCalled();
            expect(lean.days).toEqual(full.days.map((d) => ({ day: d.day, evaluated: d.shownRunId !== null })));
            // The cells of the days asked for, in range order, computed from those days' counts alone.
            const cells = lean.cellsOn(asked);
            // The counts read are those of the asked days' runs (and of runs between them), not the range's.
            const askedRuns = evidence.runsByDay(range).days.filter((d) => asked.includes(d.day)).flatMap((d) => d.runs.map((r) => r.id));
            const readRuns = countsRead.mock.results.flatMap((r) => (r.value as { runId: number }[]).map((row) => row.runId));
            expect(readRuns.filter((id) => askedRuns.length === 0 || id < Math.min(...askedRuns) || id > Math.max(...askedRuns))).toEqual([]);
            countsRead.mockRestore();
            expect([...cells.keys()]).toEqual(DAYS.filter((d) => asked.includes(d)));
            for (const day of asked) expect(cells.get(day)).toEqual(omitGap(full.days.find((d) => d.day === day)!));
            const gaps = lean.gapsOn(asked);
            expect([...gaps.keys()]).toEqual(DAYS.filter((d) => asked.includes(d)));
            for (const day of asked) expect(gaps.get(day)).toEqual(full.days.find((d) => d.day === day)!.gap);
          } finally {
            read.close();
          }
        } finally {
          rmSync(dirname(path), { recursive: true, force: true });
        }
      }),
      { numRuns: 40 },
    );
  });
});
