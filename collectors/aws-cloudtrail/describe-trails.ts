import { DescribeTrailsCommand, type CloudTrailClient, type Trail } from '@aws-sdk/client-cloudtrail';
import { call } from '../../src/sdk/aws-call.js';

/**
 * DescribeTrails: every trail that logs this region — the region's own trails and, with includeShadowTrails,
 * the shadows of multi-region trails created elsewhere (and of organisation trails) — so "is this region
 * covered" is answered here and not by guessing from another region. Not paginated.
 */

export const DESCRIBE_TRAILS = 'cloudtrail:DescribeTrails';

export async function describeTrails(client: CloudTrailClient): Promise<Trail[]> {
  const out = await call(DESCRIBE_TRAILS, () => client.send(new DescribeTrailsCommand({ includeShadowTrails: true })));
  return out.trailList ?? [];
}
