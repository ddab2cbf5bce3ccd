import type { AttestationEvidence, EvidenceReader } from '../period/index.js';
import { ALGORITHM, draw } from './algorithm.js';
import { changePopulation, changeStatus, dayItemOf, dayPopulation, sampledDays, type PopulationItem, type SampledControl, type SampledDays } from './population.js';
import type { Frequency } from './sizes.js';

export interface SampledItem extends PopulationItem {
  readonly rank: string;
  /** For a manual control's day: the attestation in force, its sealed record and each attached file's SHA-256. */
  readonly attestationRecord?: AttestationEvidence;
}

export interface Sample {
  readonly framework: string;
  readonly controlId: string;
  readonly checks: readonly string[];
  readonly from: string;
  readonly to: string;
  readonly timezone: string;
  readonly frequency: Frequency;
  readonly seed: string;
  readonly algorithm: string;
  readonly populationSize: number;
  /** Population items without evidence (they stay in the population and can be drawn). */
  readonly populationGaps: number;
  readonly size: number;
  readonly items: readonly SampledItem[];
}

export interface SampleRequest {
  /** For a sample of changes: a period report's control (its every cell); of days or periods, either that or SampledDays. */
  readonly control: SampledControl | SampledDays;
  readonly frequency: Frequency;
  /** For per-change controls: the observation type whose items are sampled (e.g. `github.pull_request`). */
  readonly changeType?: string;
  readonly seed: string;
  readonly size: number;
}

/** Draws a reproducible sample of a control's population (algorithm.ts; the README shows how to redo it by hand). */
export function drawSample(evidence: EvidenceReader, req: SampleRequest): Sample {
  const { control } = req;
  let populationSize: number;
  let populationGaps: number;
  let drawn: { item: PopulationItem; rank: string }[];
  if (req.frequency === 'per-change') {
    if (!req.changeType) throw new Error(`control ${control.controlId} has no change-level observation type to sample`);
    if ('cellsOn' in control) throw new Error(`a sample of changes of control ${control.controlId} reads every day's runs: give it the period report's control`);
    const population = changePopulation(evidence, control, req.changeType);
    populationSize = population.length;
    populationGaps = population.filter((p) => p.runId === null).length;
    drawn = draw(population, (p) => p.id, req.seed, Math.min(req.size, population.length)).map(({ item, rank }) => ({ item: { ...item, status: changeStatus(evidence, item, control.checks) }, rank }));
  } else {
    // Only the drawn days' cells are needed: a day's id and whether it has evidence are all the draw reads.
    const days = 'cellsOn' in control ? control : sampledDays(control);
    const population = dayPopulation(days, req.frequency);
    populationSize = population.length;
    populationGaps = population.filter((p) => !p.evaluated).length;
    const picked = draw(population, (p) => p.id, req.seed, Math.min(req.size, population.length));
    const drawnDays = picked.map(({ item }) => item.day);
    const cells = days.cellsOn(drawnDays);
    const gaps = days.gapsOn?.(drawnDays);
    drawn = picked.map(({ item, rank }) => {
      const cell = cells.get(item.day);
      if (!cell) throw new Error(`day ${item.day} of control ${control.controlId} was drawn but has no cell`);
      const withCell = dayItemOf(item, cell);
      return { item: gaps ? { ...withCell, gap: gaps.get(item.day) ?? null } : withCell, rank };
    });
  }
  const items = drawn.map(({ item, rank }) => {
    const a = item.attestation;
    return {
      ...item,
      rank,
      ...(a && a.attestationId !== null && a.recordHash !== null ? { attestationRecord: evidence.attestation(a.attestationId, a.recordHash) } : {}),
    };
  });
  return {
    framework: control.framework,
    controlId: control.controlId,
    checks: control.checks,
    from: control.days[0]!.day,
    to: control.days.at(-1)!.day,
    timezone: evidence.timezone,
    frequency: req.frequency,
    seed: req.seed,
    algorithm: ALGORITHM,
    populationSize,
    populationGaps,
    size: items.length,
    items,
  };
}
