import type { AnalyzerSummary } from '@aws-sdk/client-accessanalyzer';
import type { CollectionOutput } from '../../src/model/collector.js';
import type { Observation } from '../../src/model/observation.js';
import { unknown, type Maybe } from '../../src/model/unknown.js';
import type { Traced } from '../../src/sdk/aws-call.js';
import { compareText } from '../../src/util/compare.js';
import { LIST_ANALYZERS } from './list-analyzers.js';
import type { AccessAnalyzerRegionAttributes, AnalyzerValue } from './observations.js';

/** Pure: the region's ListAnalyzers answer (or why it is missing) → one observation. No I/O, no clock. */

export interface AccessAnalyzerRawState {
  readonly accountId: string;
  readonly region: string;
  readonly scope: string;
  /** The scope-level calls every observation rests on (the account proof). */
  readonly proof: readonly string[];
  readonly analyzers: Traced<AnalyzerSummary[]>;
}

export function regionObservationId(accountId: string, region: string): string {
  return `arn:aws:access-analyzer:${region}:${accountId}:analyzers`;
}

/** An analyzer without its name, ARN, type or status cannot be judged: the whole list is Unknown, never a partial read. */
function analyzers(outcome: Traced<AnalyzerSummary[]>): Maybe<AnalyzerValue[]> {
  if (!outcome.ok) return unknown(outcome.reason);
  const out: AnalyzerValue[] = [];
  for (const a of outcome.value) {
    if (!a.name || !a.arn || !a.type || !a.status) return unknown(`${LIST_ANALYZERS} returned an analyzer without its name, ARN, type or status`);
    out.push({ name: a.name, arn: a.arn, type: a.type, status: a.status, statusReason: a.statusReason?.code ?? null });
  }
  return out.sort((x, y) => compareText(x.name, y.name));
}

export function normalizeAccessAnalyzer(raw: AccessAnalyzerRawState): CollectionOutput {
  const observation: Observation<AccessAnalyzerRegionAttributes> = {
    type: 'aws.accessanalyzer.region',
    id: regionObservationId(raw.accountId, raw.region),
    scope: raw.scope,
    attributes: { accountId: raw.accountId, region: raw.region, analyzers: analyzers(raw.analyzers) },
    source: [...new Set([...raw.proof, ...raw.analyzers.operations])].sort(compareText),
  };
  return { observations: [observation], gaps: [] };
}
