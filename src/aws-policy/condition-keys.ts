/**
 * Condition keys that pin a request to an account, organisation or principal. A wildcard principal
 * with a positive match on one of them is restricted to that identity; `sts:ExternalId` alone is not
 * (it guards against the confused deputy, it does not identify the caller). Shared by the IAM
 * trust-policy check and the S3 bucket-policy analyser so both judge identity the same way.
 */
export const IDENTITY_CONDITION_KEYS: readonly string[] = [
  'aws:PrincipalOrgID',
  'aws:PrincipalOrgPaths',
  'aws:PrincipalAccount',
  'aws:PrincipalArn',
  'aws:SourceAccount',
  'aws:SourceArn',
  'aws:SourceOrgID',
  'aws:SourceOrgPaths',
];
