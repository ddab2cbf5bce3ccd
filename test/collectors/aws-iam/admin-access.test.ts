import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { awsIamCollector } from '../../../collectors/aws-iam/collector.js';
import type { IamPrivilegedPrincipalsAttributes, IamRoleAttributes, IamUserAttributes } from '../../../collectors/aws-iam/observations.js';
import { adminPrincipalsAllowlisted } from '../../../checks/aws-iam/admin-principals-allowlisted.js';
import { noGroupAdminOutsideAllowlist } from '../../../checks/aws-iam/no-group-admin-outside-allowlist.js';
import { noUserAdminAccess } from '../../../checks/aws-iam/no-user-admin-access.js';
import { usersNoDirectPolicies } from '../../../checks/aws-iam/users-no-direct-policies.js';
import { ConfigSchema, type AppConfig } from '../../../src/config/schema.js';
import { EstateSchema, type Estate } from '../../../src/demo/estate/schema.js';
import { startFakeAws, type FakeAws } from '../../../src/demo/fakes/server.js';
import type { CheckDefinition } from '../../../src/model/check.js';
import type { Observation } from '../../../src/model/observation.js';
import { NO_OTHER_OBSERVATIONS } from '../../../src/model/observation-types.js';
import type { CollectedScope } from '../../../src/runner/collect.js';
import { collectForTest } from '../../helpers/collect-for-test.js';
import { NOW } from './harness.js';

/**
 * Issue 13, effective administrative access, end to end: the real IAM client over HTTP against the IAM fake,
 * collected by the real runner (collectAll, which hands every scope the run's cache), judged by the real checks.
 */

const A = '111111111111';
const B = '222222222222';
const AWS = (name: string) => `arn:aws:iam::aws:policy/${name}`;
const TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
const deny = (action: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: action, Resource: '*' }] });

const ESTATE: Estate = EstateSchema.parse({
  version: 1,
  aws: {
    accounts: [
      {
        id: A,
        name: 'a',
        credentials: { access_key_id: 'AKIAADMINTESTA000001', secret_access_key: 'admin-test-secret-a-000001' },
        root: { created: '-1000d', mfa: 'hardware' },
        users: [
          { name: 'grace', created: '-100d', groups: ['Admins'] },
          { name: 'heidi', created: '-100d', groups: ['Admins'], inline_policies: [{ name: 'NoIam', document: deny('iam:*') }] },
          { name: 'judy', created: '-100d', groups: ['Admins'], inline_policies: [{ name: 'NoAttach', document: deny('iam:AttachUserPolicy') }] },
          { name: 'ivan', created: '-100d', managed_policies: [AWS('AdministratorAccess')], permissions_boundary: 'S3Only' },
          { name: 'ken', created: '-100d', groups: ['Readers'] },
        ],
        groups: [
          { name: 'Admins', created: '-200d', managed_policies: [AWS('AdministratorAccess')] },
          { name: 'Readers', created: '-200d', managed_policies: [AWS('ReadOnlyAccess')] },
        ],
        roles: [
          { name: 'deployer', created: '-100d', trust_policy: TRUST, managed_policies: [AWS('AdministratorAccess')], permissions_boundary: AWS('PowerUserAccess') },
          { name: 'ops', created: '-100d', trust_policy: TRUST, managed_policies: [AWS('IAMFullAccess')] },
        ],
        policies: [{ name: 'S3Only', created: '-100d', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] } }],
      },
      {
        id: B,
        name: 'b',
        credentials: { access_key_id: 'AKIAADMINTESTB000002', secret_access_key: 'admin-test-secret-b-000002' },
        root: { created: '-1000d', mfa: 'hardware' },
        roles: [{ name: 'break-glass', created: '-100d', trust_policy: TRUST, managed_policies: [AWS('AdministratorAccess')] }],
      },
    ],
  },
});

function config(fake: FakeAws, concurrency: number): AppConfig {
  return ConfigSchema.parse({
    version: 1,
    concurrency,
    aws: {
      accounts: ESTATE.aws!.accounts.map((a) => ({
        id: a.id,
        regions: ['eu-west-1'],
        credentials: { accessKeyId: a.credentials.access_key_id, secretAccessKey: a.credentials.secret_access_key },
      })),
      endpoints: { iam: fake.endpoints.iam, sts: fake.endpoints.sts },
      retry: { mode: 'standard', maxAttempts: 1 },
      requestTimeoutMs: 5_000,
      administrators: { roles: ['break-glass'], groups: ['Admins'], users: ['grace'] },
    },
  });
}

async function run(fake: FakeAws, concurrency = 1): Promise<CollectedScope[]> {
  return collectForTest([awsIamCollector], config(fake, concurrency), { now: NOW, concurrency });
}

const all = (scopes: CollectedScope[]) => scopes.flatMap((s) => s.observations);
function obs<T>(scopes: CollectedScope[], id: string): Observation<T> {
  const found = all(scopes).find((o) => o.id === id);
  if (found === undefined) throw new Error(`no observation ${id}`);
  return found as Observation<T>;
}
const judge = <A>(check: CheckDefinition<A, unknown>, o: Observation<A>) => check.evaluate(o, { now: NOW, params: {}, observations: NO_OTHER_OBSERVATIONS });
const user = (s: CollectedScope[], name: string) => obs<IamUserAttributes>(s, `arn:aws:iam::${A}:user/${name}`);
const requests = (fake: FakeAws, action: string, account?: string) => fake.requests.filter((r) => r.action === action && (account === undefined || r.accountId === account)).length;

describe('effective administrative access (real IAM client over the fake, real runner)', () => {
  let fake: FakeAws;
  let scopes: CollectedScope[];

  beforeAll(async () => {
    fake = await startFakeAws({ estate: ESTATE, now: NOW });
    scopes = await run(fake);
  });
  afterAll(() => fake.close());

  it('a user who is an administrator only through a group fails iam.no_user_admin_access, naming the group and policy', () => {
    const grace = user(scopes, 'grace');
    expect(grace.attributes.attachedManagedPolicies).toEqual([]);
    expect(grace.attributes.inlinePolicies).toEqual([]);
    // The check that existed before passes her: nothing is attached to her directly.
    expect(judge(usersNoDirectPolicies, grace).status).toBe('pass');
    expect(judge(noUserAdminAccess, grace)).toEqual({
      status: 'fail',
      reason: 'user has administrative access: via group Admins (AWS managed AdministratorAccess), whose statement 1 allows "*" on every resource',
    });
  });

  it('an AWS-managed policy attached in two accounts is read once per run (GetPolicy + GetPolicyVersion), by the first account', () => {
    // Distinct AWS-managed policies in the run: AdministratorAccess (both accounts), ReadOnlyAccess, PowerUserAccess, IAMFullAccess.
    expect(requests(fake, 'GetPolicyVersion')).toBe(4);
    expect(requests(fake, 'GetPolicy')).toBe(4);
    expect(requests(fake, 'GetPolicyVersion', B)).toBe(0);
    // Account B's judgement still rests on that read, and its evidence names the call.
    const breakGlass = obs<IamRoleAttributes>(scopes, `arn:aws:iam::${B}:role/break-glass`);
    expect(breakGlass.attributes.administrativeAccess).toMatchObject({ administrative: true });
    expect(breakGlass.source).toContain('iam:GetPolicyVersion');
    expect(scopes.find((s) => s.scope === `aws:${B}`)!.stats.byOperation['iam:GetPolicyVersion']).toBeUndefined();
  });

  it('reads each document once even when the accounts are collected at the same time', async () => {
    const concurrent = await startFakeAws({ estate: ESTATE, now: NOW });
    try {
      await run(concurrent, 2);
      expect(requests(concurrent, 'GetPolicyVersion')).toBe(4);
    } finally {
      await concurrent.close();
    }
  });

  it('an unconditional Deny of all IAM in the user\'s own policy removes administrative access (as documented)', () => {
    const heidi = user(scopes, 'heidi');
    expect(heidi.attributes.administrativeAccess).toEqual({
      administrative: false,
      via: [],
      notes: ['inline policy NoIam: statement 1 denies every IAM action on every resource'],
    });
    expect(judge(noUserAdminAccess, heidi).status).toBe('pass');
  });

  it('a Deny of one self-escalation action makes the answer Unknown: the check errors, never passes', () => {
    const verdict = judge(noUserAdminAccess, user(scopes, 'judy'));
    expect(verdict.status).toBe('error');
    expect(verdict.reason).toContain('inline policy NoAttach: statement 1');
  });

  it('a permissions boundary that allows no IAM removes administrative access (customer-managed and AWS-managed boundaries)', () => {
    const ivan = user(scopes, 'ivan');
    expect(ivan.attributes.permissionsBoundary).toBe(`arn:aws:iam::${A}:policy/S3Only`);
    expect(ivan.attributes.administrativeAccess).toMatchObject({ administrative: false, notes: [expect.stringContaining('permissions boundary customer managed S3Only does not allow every IAM action')] });
    const deployer = obs<IamRoleAttributes>(scopes, `arn:aws:iam::${A}:role/deployer`);
    expect(deployer.attributes.administrativeAccess).toMatchObject({ administrative: false });
    expect(judge(noUserAdminAccess, user(scopes, 'ken')).status).toBe('pass');
  });

  it('stores the privileged population with how each principal gets its access and the allow-list in force', () => {
    const population = obs<IamPrivilegedPrincipalsAttributes>(scopes, `arn:aws:iam::${A}:privileged-principals`);
    expect(population.attributes.approved).toEqual({ users: ['grace'], groups: ['Admins'], roles: ['break-glass'] });
    const principals = population.attributes.principals as Exclude<IamPrivilegedPrincipalsAttributes['principals'], { $unknown: string }>;
    expect(principals.map((p) => `${p.kind} ${p.name}`)).toEqual(['user grace', 'user judy', 'group Admins', 'role ops']);
    expect(principals.find((p) => p.name === 'Admins')).toMatchObject({
      members: [`arn:aws:iam::${A}:user/grace`, `arn:aws:iam::${A}:user/heidi`, `arn:aws:iam::${A}:user/judy`],
      access: { administrative: true, via: ['attached AWS managed AdministratorAccess, whose statement 1 allows "*" on every resource'] },
    });
    expect(principals.find((p) => p.name === 'ops')).toMatchObject({ access: { via: ['attached AWS managed IAMFullAccess, whose statement 1 allows "iam:*" on every resource'] } });
    // ops (IAMFullAccess) is not allow-listed.
    expect(judge(adminPrincipalsAllowlisted, population)).toMatchObject({ status: 'fail', reason: expect.stringContaining('role ops (attached AWS managed IAMFullAccess') });
    // Admins is allow-listed but hands its access to heidi and judy, who are not (heidi's access is removed by her
    // own Deny, but the group's grant is the group's: the member list is what the check reads).
    expect(judge(noGroupAdminOutsideAllowlist, population)).toMatchObject({ status: 'fail', reason: expect.stringContaining('group Admins gives heidi, judy administrative access') });
    const b = obs<IamPrivilegedPrincipalsAttributes>(scopes, `arn:aws:iam::${B}:privileged-principals`);
    expect(judge(adminPrincipalsAllowlisted, b)).toEqual({ status: 'pass', reason: 'only allow-listed roles and groups are administrative: role break-glass' });
  });
});

describe('effective administrative access when an AWS-managed document cannot be read', () => {
  let fake: FakeAws;
  beforeAll(async () => {
    fake = await startFakeAws({ estate: ESTATE, now: NOW });
  });
  afterEach(() => fake.faults.clear());
  afterAll(() => fake.close());

  it('GetPolicyVersion denied everywhere: Unknown access, the user check errors and the allow-list check errors, none passes', async () => {
    fake.faults.inject({ service: 'iam', operation: 'GetPolicyVersion', kind: 'AccessDenied' });
    const scopes = await run(fake);
    const grace = user(scopes, 'grace');
    expect(grace.attributes.administrativeAccess).toEqual({
      $unknown: 'could not read via group Admins (AWS managed AdministratorAccess): iam:GetPolicyVersion denied: AccessDenied',
    });
    expect(judge(noUserAdminAccess, grace).status).toBe('error');
    expect(judge(noUserAdminAccess, user(scopes, 'ken')).status).toBe('error');
    const b = obs<IamPrivilegedPrincipalsAttributes>(scopes, `arn:aws:iam::${B}:privileged-principals`);
    // break-glass is allow-listed (its access needs no decision); nothing else in B is undecided.
    expect(judge(adminPrincipalsAllowlisted, b).status).toBe('pass');
    const a = obs<IamPrivilegedPrincipalsAttributes>(scopes, `arn:aws:iam::${A}:privileged-principals`);
    expect(judge(adminPrincipalsAllowlisted, a).status).toBe('error');
    expect(judge(noGroupAdminOutsideAllowlist, a).status).toBe('error');
    // A failed read is not cached: account B tried again for itself.
    expect(requests(fake, 'GetPolicyVersion', B)).toBeGreaterThan(0);
  });
});
