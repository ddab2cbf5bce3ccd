/**
 * The ARN our own collectors would give a resource that AWS Config names by type and id, so a Config
 * verdict can be set beside ours for the same resource. Only mappings that are certain: Config reports IAM
 * users, roles and policies by their unique ids (AIDA…, AROA…, ANPA…), which cannot be turned into ARNs
 * without IAM's own listing, so those stay null rather than guessed.
 */
export function resourceArnFor(resourceType: string | null, resourceId: string | null): string | null {
  if (resourceType === null || resourceId === null) return null;
  if (resourceId.startsWith('arn:')) return resourceId;
  switch (resourceType) {
    case 'AWS::S3::Bucket':
      return `arn:aws:s3:::${resourceId}`;
    case 'AWS::::Account':
      // Account-level rules (e.g. IAM_ROOT_ACCESS_KEY_CHECK) evaluate the account: our aws.iam.account id.
      return /^\d{12}$/.test(resourceId) ? `arn:aws:iam::${resourceId}:root` : null;
    default:
      return null;
  }
}
