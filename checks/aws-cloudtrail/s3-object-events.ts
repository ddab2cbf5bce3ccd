import { z } from 'zod';
import type { AttributesOf } from '../../src/model/observation-types.js';
import type { Verdict } from '../../src/model/check.js';
import { isUnknown } from '../../src/model/unknown.js';
import { someTrailQualifies } from './trail-coverage.js';

export const S3ObjectEventsParams = z.object({}).strict();

/**
 * Shared by cloudtrail.s3_object_write_events_logged (CIS 4.8) and …_read_events_logged (CIS 4.9): the region
 * is covered by a logging trail (its own, or a multi-region one) that records S3 object-level `kind` data events
 * for every bucket. A trail that names only some buckets does not count (its buckets are named). A trail that
 * might qualify but whose status or selectors are unknown makes the region an error, never a pass.
 */
export function judgeS3ObjectEvents(a: AttributesOf<'aws.cloudtrail.region'>, kind: 'read' | 'write'): Verdict {
  return someTrailQualifies(
    a,
    (t) => {
      const disqualified: string[] = [];
      const unread: string[] = [];
      if (isUnknown(t.logging)) unread.push(`its status could not be collected: ${t.logging.$unknown}`);
      else if (!t.logging) disqualified.push('is not logging');
      if (isUnknown(t.s3DataEvents)) unread.push(`its event selectors could not be collected: ${t.s3DataEvents.$unknown}`);
      else {
        const d = t.s3DataEvents;
        const all = kind === 'read' ? d.allBucketsRead : d.allBucketsWrite;
        if (!all) disqualified.push(d.someBuckets.length > 0 ? `records S3 data events for some buckets only (${d.someBuckets.join(', ')})` : `records no S3 object-level ${kind} events`);
      }
      return { disqualified, unread };
    },
    {
      pass: (trails) => `S3 object-level ${kind} events of every bucket in ${a.region} are logged by trail ${trails}`,
      unknown: (why) => `no trail is known to log S3 object-level ${kind} events in ${a.region}, and ${why}`,
      fail: (problems) => `no logging trail records S3 object-level ${kind} events of every bucket in ${a.region}: ${problems}`,
    },
  );
}
