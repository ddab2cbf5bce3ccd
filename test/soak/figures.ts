import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The soak's sizes and its figures line (issue 14, "the suite that keeps it so"). The same test files run in
 * `npm test` at CI sizes and under `npm run soak` (CONTROLWATCH_SOAK=full) at full sizes; each part writes its
 * figures to CONTROLWATCH_SOAK_FIGURES when set, and test/soak/run.ts sums them into the one line.
 */
export const SOAK_FULL = process.env['CONTROLWATCH_SOAK'] === 'full';

/** `ci` in the normal suite, `full` in the soak. */
export const size = (ci: number, full: number): number => (SOAK_FULL ? full : ci);

/** fast-check seed: fixed in CI (deterministic), from the environment or the clock in the soak (printed). */
export const SEED = Number(process.env['CONTROLWATCH_SOAK_SEED'] ?? (SOAK_FULL ? Date.now() % 2_147_483_647 : 20_260_315));

export interface Figures {
  faultsInjected: number;
  crashesSurvived: number;
  badInputsTried: number;
  falsePasses: number;
  evidenceGaps: number;
  acknowledgedRowsLost: number;
}

export const ZERO: Figures = { faultsInjected: 0, crashesSurvived: 0, badInputsTried: 0, falsePasses: 0, evidenceGaps: 0, acknowledgedRowsLost: 0 };

export function figuresLine(f: Figures): string {
  return `faults injected ${f.faultsInjected}, crashes survived ${f.crashesSurvived}, bad inputs tried ${f.badInputsTried}, false passes ${f.falsePasses}, evidence gaps ${f.evidenceGaps}, acknowledged rows lost ${f.acknowledgedRowsLost}`;
}

/** Adds one part's figures to the soak's figures directory (a no-op in the normal suite). */
export function recordFigures(part: string, figures: Partial<Figures>): void {
  const dir = process.env['CONTROLWATCH_SOAK_FIGURES'];
  if (dir === undefined) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${part}.json`), JSON.stringify({ ...ZERO, ...figures }));
}

export function sumFigures(dir: string): Figures {
  const total = { ...ZERO };
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const part = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Figures;
    for (const key of Object.keys(total) as (keyof Figures)[]) total[key] += part[key] ?? 0;
  }
  return total;
}
