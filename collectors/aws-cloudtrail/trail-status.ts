import { GetTrailStatusCommand, type CloudTrailClient, type GetTrailStatusCommandOutput } from '@aws-sdk/client-cloudtrail';
import { call } from '../../src/sdk/aws-call.js';

/** GetTrailStatus for one trail: whether it is logging and how its latest S3 delivery went. */

export const TRAIL_STATUS = 'cloudtrail:GetTrailStatus';

/** By ARN: a shadow trail (one created in another region) is found only by its ARN. */
export async function getTrailStatus(client: CloudTrailClient, trailArn: string): Promise<GetTrailStatusCommandOutput> {
  return call(TRAIL_STATUS, () => client.send(new GetTrailStatusCommand({ Name: trailArn })));
}
