import { GetBucketAclCommand, type Grantee, type S3Client } from '@aws-sdk/client-s3';
import { call } from '../../src/sdk/aws-call.js';
import type { AclValue } from './observations.js';

/**
 * GetBucketAcl. Grants to the AllUsers / AuthenticatedUsers groups make a bucket public through its ACL.
 * A denied read is an Unknown, never "no public grants" (the mistake behind prowler issue #12872).
 */

export const OPERATION = 's3:GetBucketAcl';

const PUBLIC_GROUP_URIS: Readonly<Record<string, 'AllUsers' | 'AuthenticatedUsers'>> = {
  'http://acs.amazonaws.com/groups/global/AllUsers': 'AllUsers',
  'http://acs.amazonaws.com/groups/global/AuthenticatedUsers': 'AuthenticatedUsers',
};

function granteeId(g: Grantee | undefined): string {
  return g?.URI ?? g?.ID ?? g?.EmailAddress ?? '';
}

/**
 * The ACL value from its grants in S3's API terms (type CanonicalUser / Group / AmazonCustomerByEmail,
 * group URIs, FULL_CONTROL-style permissions). Shared with the AWS Config path (config-item.ts), so both
 * sources find public grants the same way.
 */
export function aclValue(ownerId: string | null, grants: AclValue['grants']): AclValue {
  const publicGrants = grants.flatMap((g) => {
    const group = PUBLIC_GROUP_URIS[g.grantee];
    return group === undefined ? [] : [{ grantee: group, permission: g.permission }];
  });
  return { ownerId, publicGrants, grants };
}

export async function getAcl(client: S3Client, bucket: string): Promise<AclValue> {
  const out = await call(OPERATION, () => client.send(new GetBucketAclCommand({ Bucket: bucket })));
  const grants = (out.Grants ?? []).map((g) => ({ type: g.Grantee?.Type ?? 'Unknown', grantee: granteeId(g.Grantee), permission: g.Permission ?? '' }));
  return aclValue(out.Owner?.ID ?? null, grants);
}
