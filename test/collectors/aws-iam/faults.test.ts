import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { IamAccountAttributes, IamUserAttributes } from '../../../collectors/aws-iam/observations.js';
import { IAM_OBSERVATION_TYPES } from '../../../collectors/aws-iam/observations.js';
import type { Estate } from '../../../src/demo/estate/schema.js';
import type { FakeAws } from '../../../src/demo/fakes/server.js';
import type { CollectionOutput } from '../../../src/model/collector.js';
import { collect, configForAccount, find, ids, PROD, startDemoFake } from './harness.js';

const ROOT = 'arn:aws:iam::111111111111:root';
const ALICE = 'arn:aws:iam::111111111111:user/alice';

function validate(output: CollectionOutput) {
  for (const obs of output.observations) IAM_OBSERVATION_TYPES[obs.type as keyof typeof IAM_OBSERVATION_TYPES].parse(obs.attributes);
}

describe('aws-iam collector: one failed call makes exactly its attributes Unknown', () => {
  let estate: Estate;
  let fake: FakeAws;

  beforeAll(async () => {
    ({ estate, fake } = await startDemoFake());
  });
  afterEach(() => fake.faults.clear());
  afterAll(() => fake.close());

  it('throttled beyond the retry budget: Unknown "throttled after retries"', async () => {
    fake.faults.inject({ service: 'iam', operation: 'ListVirtualMFADevices', kind: 'Throttling' });
    const { output, stats } = await collect(configForAccount(estate, fake, PROD, { maxAttempts: 2 }));
    expect(stats.byOperation['iam:ListVirtualMFADevices']).toBe(2);
    expect(stats.throttles).toBe(2);
    const account = find<IamAccountAttributes>(output, 'aws.iam.account', ROOT);
    expect(account.attributes.rootMfaIsVirtual).toEqual({ $unknown: 'iam:ListVirtualMFADevices throttled after retries: Throttling' });
    expect(account.attributes.rootMfaEnabled).toBe(true);
  });

  it('a persistent 503: Unknown with the status after the SDK retried', async () => {
    fake.faults.inject({ service: 'iam', operation: 'GetAccountSummary', kind: 'ServiceUnavailable' });
    const { output, stats } = await collect(configForAccount(estate, fake, PROD, { maxAttempts: 2 }));
    expect(stats.byOperation['iam:GetAccountSummary']).toBe(2);
    const account = find<IamAccountAttributes>(output, 'aws.iam.account', ROOT);
    expect(account.attributes.rootMfaEnabled).toEqual({ $unknown: 'iam:GetAccountSummary failed: ServiceUnavailable (HTTP 503)' });
  });

  it('a call that never answers: Unknown "timed out" once the client timeout passes', async () => {
    fake.faults.inject({ service: 'iam', operation: 'GetAccountSummary', kind: 'Timeout' });
    const { output, stats } = await collect(configForAccount(estate, fake, PROD, { maxAttempts: 2, requestTimeoutMs: 250 }));
    expect(stats.byOperation['iam:GetAccountSummary']).toBe(2);
    const account = find<IamAccountAttributes>(output, 'aws.iam.account', ROOT);
    expect(account.attributes.rootAccessKeysPresent).toEqual({ $unknown: expect.stringMatching(/^iam:GetAccountSummary timed out/) });
    expect(ids(output, 'aws.iam.role')).toHaveLength(5);
  });

  it('authorization details denied: users still come from the credential report; roles and policies are gaps', async () => {
    fake.faults.inject({ service: 'iam', operation: 'GetAccountAuthorizationDetails', kind: 'AccessDenied' });
    const { output } = await collect(configForAccount(estate, fake, PROD));
    validate(output);
    const reason = 'iam:GetAccountAuthorizationDetails denied: AccessDenied';
    expect(output.gaps).toEqual([
      { type: 'aws.iam.role', reason },
      { type: 'aws.iam.policy', reason },
    ]);
    const alice = find<IamUserAttributes>(output, 'aws.iam.user', ALICE);
    expect(alice.attributes.credentials).toMatchObject({ mfaActive: true, passwordEnabled: true });
    expect(alice.attributes.groups).toEqual({ $unknown: reason });
    expect(alice.attributes.attachedManagedPolicies).toEqual({ $unknown: reason });
    expect(alice.attributes.inlinePolicies).toEqual({ $unknown: reason });
    expect(alice.attributes.path).toBe('/');
    const ci = find<IamUserAttributes>(output, 'aws.iam.user', 'arn:aws:iam::111111111111:user/automation/ci-deploy');
    expect(ci.attributes.path).toBe('/automation/');
    // The denied details call was made (and asked about this user), so the source names it.
    expect(ci.source).toEqual(['iam:GenerateCredentialReport', 'iam:GetAccountAuthorizationDetails', 'iam:GetCredentialReport', 'sts:GetCallerIdentity']);
  });

  it('credential report denied: users come from authorization details with credentials Unknown', async () => {
    fake.faults.inject({ service: 'iam', operation: 'GetCredentialReport', kind: 'AccessDenied' });
    const { output } = await collect(configForAccount(estate, fake, PROD));
    expect(output.gaps).toEqual([]);
    const alice = find<IamUserAttributes>(output, 'aws.iam.user', ALICE);
    expect(alice.attributes.credentials).toEqual({ $unknown: 'iam:GetCredentialReport denied: AccessDenied' });
    expect(alice.attributes.groups).toEqual(['engineers']);
    // The denied fetch was made, so the evidence names it; no call that was not made is named (the listing of
    // virtual MFA devices and the password policy serve the account, not its users). alice's group holds the
    // AWS-managed ReadOnlyAccess, whose document (GetPolicy, GetPolicyVersion) her administrative access rests on.
    expect(alice.source).toEqual([
      'iam:GenerateCredentialReport',
      'iam:GetAccountAuthorizationDetails',
      'iam:GetCredentialReport',
      'iam:GetPolicy',
      'iam:GetPolicyVersion',
      'sts:GetCallerIdentity',
    ]);
    const account = find<IamAccountAttributes>(output, 'aws.iam.account', ROOT);
    expect(account.attributes.rootCredentials).toEqual({ $unknown: 'iam:GetCredentialReport denied: AccessDenied' });
  });

  it('credential report AND authorization details denied: the user population is a gap, never an empty list', async () => {
    fake.faults.inject({ service: 'iam', operation: 'GenerateCredentialReport', kind: 'AccessDenied' });
    fake.faults.inject({ service: 'iam', operation: 'GetAccountAuthorizationDetails', kind: 'AccessDenied' });
    const { output } = await collect(configForAccount(estate, fake, PROD));
    expect(ids(output, 'aws.iam.user')).toEqual([]);
    expect(output.gaps.map((g) => g.type)).toEqual(['aws.iam.user', 'aws.iam.role', 'aws.iam.policy']);
    expect(output.gaps[0]!.reason).toBe('iam:GenerateCredentialReport denied: AccessDenied; iam:GetAccountAuthorizationDetails denied: AccessDenied');
    // The account observation still carries what the other calls gave.
    const account = find<IamAccountAttributes>(output, 'aws.iam.account', ROOT);
    expect(account.attributes.rootMfaEnabled).toBe(true);
    expect(account.attributes.rootCredentials).toEqual({ $unknown: 'iam:GenerateCredentialReport denied: AccessDenied' });
  });

  it('every call failing fails the scope with the reasons', async () => {
    for (const operation of ['GenerateCredentialReport', 'GetAccountSummary', 'GetAccountPasswordPolicy', 'GetAccountAuthorizationDetails', 'ListVirtualMFADevices', 'ListServerCertificates']) {
      fake.faults.inject({ service: 'iam', operation, kind: 'AccessDenied' });
    }
    await expect(collect(configForAccount(estate, fake, PROD))).rejects.toThrow(
      /every IAM call failed for account 111111111111: iam:GenerateCredentialReport denied: AccessDenied; iam:GetAccountSummary denied/,
    );
  });
});
