import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsIamCollector } from '../../../collectors/aws-iam/collector.js';
import type { IamAccountAttributes, IamPolicyAttributes, IamRoleAttributes, IamUserAttributes } from '../../../collectors/aws-iam/observations.js';
import { IAM_OBSERVATION_TYPES } from '../../../collectors/aws-iam/observations.js';
import type { Estate } from '../../../src/demo/estate/schema.js';
import type { FakeAws } from '../../../src/demo/fakes/server.js';
import { hashJson } from '../../../src/util/canonical.js';
import { targetsOf } from '../../../src/runner/collect.js';
import { collect, configForAccount, daysAgo, find, ids, PROD, SANDBOX, startDemoFake, type Collected } from './harness.js';

describe('aws-iam collector against the demo estate', () => {
  let estate: Estate;
  let fake: FakeAws;
  let prod: Collected;
  let sandbox: Collected;

  beforeAll(async () => {
    ({ estate, fake } = await startDemoFake());
    prod = await collect(configForAccount(estate, fake, PROD));
    sandbox = await collect(configForAccount(estate, fake, SANDBOX));
  });
  afterAll(() => fake.close());

  it('emits only observations that validate against the declared schemas, and no gaps', () => {
    for (const { output } of [prod, sandbox]) {
      expect(output.gaps).toEqual([]);
      for (const obs of output.observations) {
        const schema = IAM_OBSERVATION_TYPES[obs.type as keyof typeof IAM_OBSERVATION_TYPES];
        expect(schema, obs.type).toBeDefined();
        schema.parse(obs.attributes);
        expect(obs.scope).toBe(obs.id.includes(PROD) ? `aws:${PROD}` : `aws:${SANDBOX}`);
        expect(JSON.stringify(obs.attributes)).not.toContain('$unknown');
      }
    }
  });

  it('lists every user, role and policy of the estate', () => {
    expect(ids(prod.output, 'aws.iam.user')).toEqual([
      'arn:aws:iam::111111111111:user/alice',
      'arn:aws:iam::111111111111:user/automation/ci-deploy',
      'arn:aws:iam::111111111111:user/bob',
      'arn:aws:iam::111111111111:user/carol',
      'arn:aws:iam::111111111111:user/contractors/old-contractor',
      'arn:aws:iam::111111111111:user/erin',
    ]);
    expect(ids(prod.output, 'aws.iam.role')).toHaveLength(5);
    expect(ids(prod.output, 'aws.iam.policy')).toEqual([
      'arn:aws:iam::111111111111:policy/AdminEverything',
      'arn:aws:iam::111111111111:policy/app/S3ReadOnly',
      'arn:aws:iam::111111111111:role/service-role/app-server/inline-policy/ReadArtifacts',
      'arn:aws:iam::111111111111:user/carol/inline-policy/EmergencyAll',
    ]);
    expect(ids(sandbox.output, 'aws.iam.user')).toEqual(['arn:aws:iam::222222222222:user/dana']);
  });

  it('reads the prod root user and password policy', () => {
    const account = find<IamAccountAttributes>(prod.output, 'aws.iam.account', 'arn:aws:iam::111111111111:root');
    expect(account.attributes).toMatchObject({
      accountId: PROD,
      rootMfaEnabled: true,
      rootAccessKeysPresent: false,
      rootMfaIsVirtual: false,
      rootCredentials: { passwordEnabled: true, passwordLastUsed: daysAgo(60), passwordLastChanged: null, mfaActive: true, accessKeys: [] },
      passwordPolicy: { minimumPasswordLength: 8, passwordReusePrevention: null, requireSymbols: true, expirePasswords: false, maxPasswordAge: null },
    });
    expect(account.source).toEqual([
      'iam:GenerateCredentialReport',
      // Support-role and CloudShell holders come from the authorization details.
      'iam:GetAccountAuthorizationDetails',
      'iam:GetAccountPasswordPolicy',
      'iam:GetAccountSummary',
      'iam:GetCredentialReport',
      'iam:ListVirtualMFADevices',
      // The account proof every observation of the scope rests on.
      'sts:GetCallerIdentity',
    ]);
  });

  it('reads the sandbox root misuse and treats a missing password policy as a real null', () => {
    const account = find<IamAccountAttributes>(sandbox.output, 'aws.iam.account', 'arn:aws:iam::222222222222:root');
    expect(account.attributes.passwordPolicy).toBeNull();
    expect(account.attributes.rootAccessKeysPresent).toBe(true);
    expect(account.attributes.rootMfaIsVirtual).toBe(true);
    expect(account.attributes.rootCredentials).toEqual({
      passwordEnabled: true,
      passwordLastUsed: daysAgo(3),
      passwordLastChanged: null,
      mfaActive: true,
      accessKeys: [{ slot: 1, active: true, lastRotated: daysAgo(30), lastUsed: daysAgo(4) }],
    });
  });

  it('joins credential-report usage with authorization details per user', () => {
    const ci = find<IamUserAttributes>(prod.output, 'aws.iam.user', 'arn:aws:iam::111111111111:user/automation/ci-deploy');
    expect(ci.attributes).toEqual({
      name: 'ci-deploy',
      arn: 'arn:aws:iam::111111111111:user/automation/ci-deploy',
      path: '/automation/',
      createdAt: daysAgo(400),
      credentials: {
        passwordEnabled: false,
        passwordLastUsed: null,
        passwordLastChanged: null,
        mfaActive: false,
        accessKeys: [{ slot: 1, active: true, lastRotated: daysAgo(200), lastUsed: daysAgo(1) }],
      },
      groups: [],
      attachedManagedPolicies: [{ name: 'S3ReadOnly', arn: 'arn:aws:iam::111111111111:policy/app/S3ReadOnly' }],
      inlinePolicies: [],
      permissionsBoundary: null,
      tags: {},
      administrativeAccess: { administrative: false, via: [], notes: [] },
    });
    expect(ci.source).toEqual(['iam:GenerateCredentialReport', 'iam:GetAccountAuthorizationDetails', 'iam:GetCredentialReport', 'sts:GetCallerIdentity']);

    const bob = find<IamUserAttributes>(prod.output, 'aws.iam.user', 'arn:aws:iam::111111111111:user/bob');
    expect(bob.attributes.credentials).toMatchObject({ passwordEnabled: true, passwordLastUsed: daysAgo(2), passwordLastChanged: daysAgo(50), mfaActive: false });
    expect(bob.attributes.groups).toEqual(['engineers']);

    const carol = find<IamUserAttributes>(prod.output, 'aws.iam.user', 'arn:aws:iam::111111111111:user/carol');
    expect(carol.attributes.inlinePolicies).toEqual([
      { name: 'EmergencyAll', document: { Version: '2012-10-17', Statement: [{ Sid: 'BreakGlass', Effect: 'Allow', Action: '*', Resource: '*' }] } },
    ]);
  });

  it('decodes trust policies and role last use', () => {
    const vendor = find<IamRoleAttributes>(prod.output, 'aws.iam.role', 'arn:aws:iam::111111111111:role/vendor-audit');
    expect(vendor.attributes.trustPolicy).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999999999999:root' }, Action: 'sts:AssumeRole' }],
    });
    expect(vendor.attributes.lastUsed).toBe(daysAgo(7));
    expect(vendor.attributes.attachedManagedPolicies).toEqual([{ name: 'SecurityAudit', arn: 'arn:aws:iam::aws:policy/SecurityAudit' }]);
    const partner = find<IamRoleAttributes>(prod.output, 'aws.iam.role', 'arn:aws:iam::111111111111:role/partner-readonly');
    expect(partner.attributes.lastUsed).toBeNull();
  });

  it('maps customer-managed policy attachments from users, groups and roles', () => {
    const admin = find<IamPolicyAttributes>(prod.output, 'aws.iam.policy', 'arn:aws:iam::111111111111:policy/AdminEverything');
    expect(admin.attributes).toMatchObject({ kind: 'customer-managed', embeddedIn: null, attachedTo: ['arn:aws:iam::111111111111:role/ops-admin'] });
    expect(admin.attributes.document).toEqual({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    const s3 = find<IamPolicyAttributes>(prod.output, 'aws.iam.policy', 'arn:aws:iam::111111111111:policy/app/S3ReadOnly');
    expect(s3.attributes.attachedTo).toEqual(['arn:aws:iam::111111111111:role/partner-readonly', 'arn:aws:iam::111111111111:user/automation/ci-deploy']);
    const inline = find<IamPolicyAttributes>(prod.output, 'aws.iam.policy', 'arn:aws:iam::111111111111:user/carol/inline-policy/EmergencyAll');
    expect(inline.attributes).toMatchObject({ kind: 'inline', embeddedIn: 'arn:aws:iam::111111111111:user/carol', attachedTo: ['arn:aws:iam::111111111111:user/carol'] });
  });

  it('names every deliberately failing IAM resource of the estate as an observation', () => {
    const all = new Set([...prod.output.observations, ...sandbox.output.observations].map((o) => o.id));
    const iamFailures = estate.expected_failures.filter((f) => f.check.startsWith('iam.'));
    expect(iamFailures.length).toBeGreaterThanOrEqual(10);
    for (const failure of iamFailures) expect(all.has(failure.resource), failure.resource).toBe(true);
  });

  it('calls exactly the declared permissions, counting each HTTP request', () => {
    expect(Object.keys(prod.stats.byOperation).sort()).toEqual([...awsIamCollector.permissions].sort());
    expect(prod.stats.byOperation['iam:GenerateCredentialReport']).toBe(2); // STARTED, then COMPLETE
    expect(prod.stats.calls).toBe(fake.requests.filter((r) => r.accountId === PROD).length);
    expect(prod.stats.throttles).toBe(0);
  });

  it('gives identical observations on a second collection (nothing time-dependent in them)', async () => {
    const again = await collect(configForAccount(estate, fake, PROD));
    expect(hashJson(again.output)).toBe(hashJson(prod.output));
  });

  it('has one target per configured account, scoped aws:<id>, whose serialized form holds no secret', () => {
    const config = configForAccount(estate, fake, PROD);
    const targets = awsIamCollector.targets(config.aws!);
    expect(targets.map((t) => [t.scope, t.accountId, t.region])).toEqual([[`aws:${PROD}`, PROD, 'eu-west-1']]);
    const secret = config.aws!.accounts[0]!.credentials!.secretAccessKey;
    expect(JSON.stringify(targets)).not.toContain(secret);
    expect((targets[0]!.clientConfig('iam', 'eu-west-1').credentials as { secretAccessKey?: string } | undefined)?.secretAccessKey).toBe(secret);
    // The runner hands a collector only its own section, and none when the section is absent.
    expect(targetsOf(awsIamCollector, { ...config, aws: undefined })).toEqual([]);
    expect(targetsOf(awsIamCollector, config).map((t) => t.scope)).toEqual([`aws:${PROD}`]);
  });
});
