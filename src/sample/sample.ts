import type { AttestationEvidence, EvidenceReader } from '../period/index.js';
import { ALGORITHM, draw } from './algorithm.js';
import { changePopulation, changeStatus, dayPopulation, type PopulationItem, type SampledControl } from './population.js';
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
  readonly control: SampledControl;
  readonly frequency: Frequency;
  /** For per-change controls: the observation type whose items are sampled (e.g. `github.pull_request`). */
  readonly changeType?: string;
  readonly seed: string;
  readonly size: number;
}

/** Draws a reproducible sample of a control's population (algorithm.ts; the README shows how to redo it by hand). */
export function drawSample(evidence: EvidenceReader, req: SampleRequest): Sample {
  const { control } = req;
  let population: PopulationItem[];
  if (req.frequency === 'per-change') {
    if (!req.changeType) throw new Error(`control ${control.controlId} has no change-level observation type to sample`);
    population = changePopulation(evidence, control, req.changeType);
  } else {
    population = dayPopulation(control, req.frequency);
  }
  const drawn = draw(population, (p) => p.id, req.seed, Math.min(req.size, population.length));
  const gaps = control.gapsOn?.(drawn.map(({ item }) => item.day));
  const items = drawn.map(({ item, rank }) => {
    const a = item.attestation;
    return {
      ...item,
      ...(gaps ? { gap: gaps.get(item.day) ?? null } : {}),
      ...(item.kind === 'change' ? { status: changeStatus(evidence, item, control.checks) } : {}),
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
    populationSize: population.length,
    populationGaps: population.filter((p) => p.runId === null).length,
    size: items.length,
    items,
  };
}
