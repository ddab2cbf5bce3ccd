import type { AttributesOf } from '../../src/model/observation-types.js';
import type { Verdict } from '../../src/model/check.js';
import { CannotEvaluate, requireKnown } from '../lib/known.js';

type Trail = Exclude<AttributesOf<'aws.cloudtrail.region'>['trails'], { $unknown: string }>[number];

/** What is known to disqualify a trail, and what could not be read about it. */
export interface TrailAssessment {
  readonly disqualified: string[];
  readonly unread: string[];
}

/**
 * "Some trail covering the region qualifies", the judgement the region-level CloudTrail checks share: a trail
 * that qualifies passes the region; otherwise a trail that might qualify but could not be read fully makes it
 * an error, never a pass or a fail; otherwise it fails, naming what disqualified each trail. A region with no
 * trail fails.
 */
export function someTrailQualifies(
  a: AttributesOf<'aws.cloudtrail.region'>,
  assess: (trail: Trail) => TrailAssessment,
  say: { readonly pass: (trails: string) => string; readonly unknown: (why: string) => string; readonly fail: (problems: string) => string },
): Verdict {
  const trails = requireKnown(a.trails, 'CloudTrail trails');
  if (trails.length === 0) return { status: 'fail', reason: `no CloudTrail trail logs ${a.region}` };
  const qualifying: string[] = [];
  const problems: string[] = [];
  const unknowns: string[] = [];
  for (const t of trails) {
    const { disqualified, unread } = assess(t);
    if (disqualified.length > 0) problems.push(`trail ${t.name} ${disqualified.join(' and ')}`);
    else if (unread.length > 0) unknowns.push(`trail ${t.name}: ${unread.join('; ')}`);
    else qualifying.push(t.name);
  }
  if (qualifying.length > 0) return { status: 'pass', reason: say.pass(qualifying.join(', ')) };
  if (unknowns.length > 0) throw new CannotEvaluate(say.unknown(unknowns.join('; ')));
  return { status: 'fail', reason: say.fail(problems.join('; ')) };
}
