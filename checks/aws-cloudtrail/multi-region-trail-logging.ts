import { z } from 'zod';
import { defineCheck } from '../../src/model/check.js';
import { isUnknown } from '../../src/model/unknown.js';
import { unknownsAsError } from '../lib/known.js';
import { someTrailQualifies } from './trail-coverage.js';

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
    return someTrailQualifies(
      obs.attributes,
      (t) => {
        const disqualified: string[] = [];
        const unread: string[] = [];
        if (!t.multiRegion) disqualified.push('is a single-region trail');
        if (isUnknown(t.logging)) unread.push(`its status could not be collected: ${t.logging.$unknown}`);
        else if (!t.logging) disqualified.push('is not logging');
        if (isUnknown(t.managementEvents)) unread.push(`its event selectors could not be collected: ${t.managementEvents.$unknown}`);
        else {
          const m = t.managementEvents;
          if (!m.read && !m.write) disqualified.push('records no management events');
          else if (!m.read || !m.write) disqualified.push(`records only ${m.read ? 'read' : 'write'} management events`);
          const excluded = m.excludedSources.filter((s) => !ctx.params.allowed_excluded_event_sources.includes(s));
          if (excluded.length > 0) disqualified.push(`excludes management events from ${excluded.join(', ')}`);
        }
        return { disqualified, unread };
      },
      {
        pass: (trails) => `${region} is logged by multi-region trail ${trails} (logging, management events read and write)`,
        unknown: (why) => `no trail is known to cover ${region}, and ${why}`,
        fail: (problems) => `no multi-region trail logging all management events covers ${region}: ${problems}`,
      },
    );
  }),
});
