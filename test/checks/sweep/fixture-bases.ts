import { ACCOUNT, account, creds, policy, role, strongPolicy, user, NOW as IAM_NOW } from '../aws-iam/fixtures.js';
import { accountAttrs, bucketAttrs, NOW as S3_NOW } from '../aws-s3/fixtures.js';
import { hook, org, pr, push, repo, NOW as GITHUB_NOW } from '../github/fixtures.js';

/**
 * Hand-made healthy observations, beside the demo estate's: the sweep needs passing bases (a pass is where an
 * Unknown can wrongly survive), and they give a base to a type the demo does not emit. Reused from the
 * per-family fixtures, never restated.
 */
export interface FixtureBase {
  readonly type: string;
  readonly id: string;
  readonly attributes: unknown;
  readonly now: Date;
}

const READ_DOC = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' }] };
const TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] };

export const FIXTURE_BASES: readonly FixtureBase[] = [
  { type: 'aws.iam.account', id: `arn:aws:iam::${ACCOUNT}:root`, attributes: account({ passwordPolicy: strongPolicy() }), now: IAM_NOW },
  {
    type: 'aws.iam.user',
    id: `arn:aws:iam::${ACCOUNT}:user/alice`,
    attributes: user({ credentials: creds({ passwordEnabled: true, mfaActive: true, passwordLastUsed: '2026-03-30T00:00:00Z' }) }),
    now: IAM_NOW,
  },
  { type: 'aws.iam.role', id: `arn:aws:iam::${ACCOUNT}:role/app`, attributes: role(TRUST), now: IAM_NOW },
  { type: 'aws.iam.policy', id: `arn:aws:iam::${ACCOUNT}:policy/p`, attributes: policy(READ_DOC), now: IAM_NOW },
  { type: 'aws.s3.account', id: `arn:aws:s3::${ACCOUNT}:account`, attributes: accountAttrs(), now: S3_NOW },
  { type: 'aws.s3.bucket', id: 'arn:aws:s3:::data', attributes: bucketAttrs(), now: S3_NOW },
  { type: 'github.org', id: 'github:acme', attributes: org(), now: GITHUB_NOW },
  {
    type: 'github.repo',
    id: 'github:acme/app',
    attributes: repo({
      webhooks: [hook()],
      deployKeys: [{ id: 7, title: 'ci read', readOnly: true, createdAt: '2026-01-01T00:00:00Z', verified: true, addedBy: 'alice' }],
    }),
    now: GITHUB_NOW,
  },
  { type: 'github.pull_request', id: 'github:acme/app#42', attributes: pr({ mergedBy: 'bob' }), now: GITHUB_NOW },
  { type: 'github.direct_push', id: `github:acme/app@${'c'.repeat(40)}`, attributes: push(), now: GITHUB_NOW },
];
