/**
 * The AWS-managed policies the IAM fake knows, with their documents as GetPolicyVersion returns them. Small
 * ones are AWS's documents as published; large read-only ones are abridged to a representative subset of
 * their statements (same shape: Get/List/Describe actions, including IAM reads, never an IAM write), which is
 * what an administrative-access analysis must tell apart. An attached AWS-managed ARN not listed here answers
 * NoSuchEntity, as a policy AWS does not have would.
 */

export interface AwsManagedPolicy {
  readonly name: string;
  readonly versionId: string;
  readonly document: Record<string, unknown>;
}

const doc = (...Statement: Record<string, unknown>[]) => ({ Version: '2012-10-17', Statement });

export const AWS_MANAGED_POLICIES: readonly AwsManagedPolicy[] = [
  { name: 'AdministratorAccess', versionId: 'v1', document: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) },
  { name: 'IAMFullAccess', versionId: 'v2', document: doc({ Effect: 'Allow', Action: ['iam:*', 'organizations:DescribeAccount', 'organizations:DescribeOrganization', 'organizations:DescribeOrganizationalUnit', 'organizations:DescribePolicy', 'organizations:ListChildren', 'organizations:ListParents', 'organizations:ListPoliciesForTarget', 'organizations:ListRoots', 'organizations:ListPolicies', 'organizations:ListTargetsForPolicy'], Resource: '*' }) },
  {
    name: 'PowerUserAccess',
    versionId: 'v5',
    document: doc(
      { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
      { Effect: 'Allow', Action: ['iam:CreateServiceLinkedRole', 'iam:DeleteServiceLinkedRole', 'iam:ListRoles', 'organizations:DescribeOrganization', 'account:ListRegions', 'account:GetAccountInformation'], Resource: '*' },
    ),
  },
  {
    name: 'ReadOnlyAccess',
    versionId: 'v118',
    document: doc({ Sid: 'ReadOnlyActions', Effect: 'Allow', Action: ['cloudtrail:Describe*', 'cloudtrail:Get*', 'cloudtrail:List*', 'config:Describe*', 'config:Get*', 'config:List*', 'ec2:Describe*', 'iam:Generate*', 'iam:Get*', 'iam:List*', 's3:Get*', 's3:List*'], Resource: '*' }),
  },
  {
    name: 'SecurityAudit',
    versionId: 'v44',
    document: doc({ Effect: 'Allow', Action: ['access-analyzer:List*', 'cloudtrail:DescribeTrails', 'cloudtrail:GetTrailStatus', 'config:Describe*', 'iam:GenerateCredentialReport', 'iam:Get*', 'iam:List*', 's3:GetBucket*', 's3:ListAllMyBuckets'], Resource: '*' }),
  },
  { name: 'AmazonS3ReadOnlyAccess', versionId: 'v3', document: doc({ Effect: 'Allow', Action: ['s3:Get*', 's3:List*', 's3:Describe*', 's3-object-lambda:Get*', 's3-object-lambda:List*'], Resource: '*' }) },
  { name: 'AWSSupportAccess', versionId: 'v1', document: doc({ Effect: 'Allow', Action: ['support:*'], Resource: '*' }) },
  { name: 'AWSCloudShellFullAccess', versionId: 'v1', document: doc({ Action: ['cloudshell:*'], Effect: 'Allow', Resource: '*' }) },
];

/** The AWS-managed policy an ARN names (any partition), if the fake knows it. */
export function awsManagedPolicy(arn: string): AwsManagedPolicy | undefined {
  const m = /^arn:[a-z-]+:iam::aws:policy\/(.+)$/.exec(arn);
  return m === null ? undefined : AWS_MANAGED_POLICIES.find((p) => p.name === m[1]);
}
