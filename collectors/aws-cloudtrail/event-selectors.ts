import { GetEventSelectorsCommand, type CloudTrailClient, type GetEventSelectorsCommandOutput } from '@aws-sdk/client-cloudtrail';
import { call } from '../../src/sdk/aws-call.js';

/** GetEventSelectors for one trail: its basic EventSelectors or its AdvancedEventSelectors (a trail has one kind). */

export const EVENT_SELECTORS = 'cloudtrail:GetEventSelectors';

/** By ARN, for the same reason as GetTrailStatus: a shadow trail has no name in this region. */
export async function getEventSelectors(client: CloudTrailClient, trailArn: string): Promise<GetEventSelectorsCommandOutput> {
  return call(EVENT_SELECTORS, () => client.send(new GetEventSelectorsCommand({ TrailName: trailArn })));
}
