import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { isUnknown } from '../../src/model/unknown.js';
import { CannotEvaluate, requireKnown, unknownsAsError } from '../lib/known.js';

const Params = z.object({ allowed_excluded_event_sources: z.array(z.string().min(1)) }).strict();


/**
 * The region is logged by at least one multi-region trail that is logging and records management events, read
 * and write, leaving out no event source beyond `allowed_excluded_event_sources`. One result per configured
 * account × region, so "every region" is the set of these results. A trail disqualified by what is known
 * (single-region, stopped, write-only) counts against it; one that might qualify but whose status or selectors
 * could not be read makes the region an error, never a pass or a fail.
 */
export const multiRegionTrailLogging = defineCheck({
  id: 'cloudtrail.multi_region_trail_logging',
  observes: 'aws.cloudtrail.region',
  parameters: Params,
  evaluate: unknownsAsError((obs, ctx) => {
    const { region } = obs.attributes;
    const trails = requireKnown(obs.attributes.trails, 'CloudTrail trails');
    if (trails.length === 0) return { status: 'fail', reason: `no CloudTrail trail logs ${region}` };
    const qualifying: string[] = [];
    const problems: string[] = [];
    const unknowns: string[] = [];
    for (const t of trails) {
      const known: string[] = [];
      const missing: string[] = [];
      if (!t.multiRegion) known.push('is a single-region trail');
      if (isUnknown(t.logging)) missing.push(`its status could not be collected: ${t.logging.$unknown}`);
      else if (!t.logging) known.push('is not logging');
      if (isUnknown(t.managementEvents)) missing.push(`its event selectors could not be collected: ${t.managementEvents.$unknown}`);
      else {
        const m = t.managementEvents;
        if (!m.read && !m.write) known.push('records no management events');
        else if (!m.read || !m.write) known.push(`records only ${m.read ? 'read' : 'write'} management events`);
        const excluded = m.excludedSources.filter((s) => !ctx.params.allowed_excluded_event_sources.includes(s));
        if (excluded.length > 0) known.push(`excludes management events from ${excluded.join(', ')}`);
      }
      if (known.length > 0) problems.push(`trail ${t.name} ${known.join(' and ')}`);
      else if (missing.length > 0) unknowns.push(`trail ${t.name}: ${missing.join('; ')}`);
      else qualifying.push(t.name);
    }
    if (qualifying.length > 0) {
      return { status: 'pass', reason: `${region} is logged by multi-region trail ${qualifying.join(', ')} (logging, management events read and write)` };
    }
    if (unknowns.length > 0) throw new CannotEvaluate(`no trail is known to cover ${region}, and ${unknowns.join('; ')}`);
    return { status: 'fail', reason: `no multi-region trail logging all management events covers ${region}: ${problems.join('; ')}` };
  }),
});
