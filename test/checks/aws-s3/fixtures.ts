import { NO_OTHER_OBSERVATIONS } from '../../../src/model/observation-types.js';
import type { PolicyAnalysisValue, PublicAccessBlockValue, S3AccountAttributes, S3BucketAttributes } from '../../../collectors/aws-s3/observations.js';
import type { CheckContext, CheckDefinition, Verdict } from '../../../src/model/check.js';
import type { Observation } from '../../../src/model/observation.js';
import { unknown } from '../../../src/model/unknown.js';

export const NOW = new Date('2026-04-01T12:00:00.000Z');
export const ACCOUNT = '111122223333';
export const DENIED = (operation: string) => unknown(`${operation} denied: AccessDenied`);

/** Run a check the way the engine does: parameters parsed by the check's own schema. */
export function run<A, P>(check: CheckDefinition<A, P>, attributes: A, params: unknown = {}): Verdict {
  const obs: Observation<A> = { type: check.observationType, id: 'arn:test', scope: `aws:${ACCOUNT}`, attributes, source: [] };
  const ctx: CheckContext<P> = { now: NOW, params: check.parameters.parse(params), observations: NO_OTHER_OBSERVATIONS };
  return check.evaluate(obs, ctx);
}

export const ON: PublicAccessBlockValue = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };

export function analysis(over: Partial<PolicyAnalysisValue> = {}): PolicyAnalysisValue {
  return { denyInsecureTransport: true, minimumTlsVersion: null, publicStatements: [], pinnedStatements: [], crossAccountPrincipals: [], statements: [], ...over };
}

export function accountAttrs(over: Partial<S3AccountAttributes> = {}): S3AccountAttributes {
  return { source: 's3-api', accountId: ACCOUNT, publicAccessBlock: ON, ...over };
}

/** A well-configured bucket: every check passes on it (object lock only when designated). */
export function bucketAttrs(over: Partial<S3BucketAttributes> = {}): S3BucketAttributes {
  return {
    source: 's3-api',
    name: 'data',
    arn: 'arn:aws:s3:::data',
    region: 'eu-west-1',
    createdAt: '2025-01-01T00:00:00.000Z',
    accountPublicAccessBlock: null,
    publicAccessBlock: ON,
    encryption: { algorithm: 'aws:kms', kmsKeyId: null, bucketKeyEnabled: true },
    versioning: { status: 'Enabled', mfaDelete: null },
    logging: { targetBucket: 'logs', targetPrefix: 'data/' },
    policy: { Statement: [] },
    policyAnalysis: analysis(),
    policyIsPublic: false,
    acl: { ownerId: 'o'.repeat(64), publicGrants: [], grants: [] },
    objectLock: { enabled: true, defaultRetention: { mode: 'COMPLIANCE', days: 30, years: null } },
    ownershipControls: 'BucketOwnerEnforced',
    ...over,
  };
}
