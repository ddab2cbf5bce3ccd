import { describe, expect, it } from 'vitest';
import { adminFacts, adminVerdict, type HeldPolicy } from '../../src/aws-policy/admin-access.js';
import { CannotEvaluate } from '../../src/model/cannot-evaluate.js';

const CTX = { partition: 'aws', accountId: '111122223333' };
const doc = (...Statement: Record<string, unknown>[]) => ({ Version: '2012-10-17', Statement });
const held = (label: string, document: Record<string, unknown>): HeldPolicy => ({ label, facts: adminFacts(document, CTX) });
const verdict = (policies: HeldPolicy[], boundary: HeldPolicy | null = null) => adminVerdict(policies, boundary);

const ADMIN = doc({ Effect: 'Allow', Action: '*', Resource: '*' });
const POWER_USER = doc(
  { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
  { Effect: 'Allow', Action: ['iam:CreateServiceLinkedRole', 'iam:ListRoles'], Resource: '*' },
);

describe('administrative access: the grant', () => {
  it.each([
    ['"*" on "*"', doc({ Effect: 'Allow', Action: '*', Resource: '*' }), '"*"'],
    ['"*:*" in a list', doc({ Effect: 'Allow', Action: ['s3:GetObject', '*:*'], Resource: ['*'] }), '"*"'],
    ['iam:* on *', doc({ Effect: 'Allow', Action: 'iam:*', Resource: '*' }), '"iam:*"'],
    ['a wildcard covering all of IAM (IAM:*, i*)', doc({ Effect: 'Allow', Action: ['IAM:*'], Resource: '*' }), '"iam:*"'],
    ['iam:* on arn:aws:iam::*', doc({ Effect: 'Allow', Action: 'iam:*', Resource: 'arn:aws:iam::*' }), '"iam:*"'],
    ['iam:* on this account\'s IAM resources', doc({ Effect: 'Allow', Action: 'iam:*', Resource: 'arn:aws:iam::111122223333:*' }), '"iam:*"'],
    ['NotAction that excludes no IAM action', doc({ Effect: 'Allow', NotAction: 's3:*', Resource: '*' }), '"iam:*"'],
    ['NotResource that excludes no IAM resource', doc({ Effect: 'Allow', Action: '*', NotResource: 'arn:aws:s3:::secret/*' }), '"*"'],
  ])('%s is administrative', (_what, document, allows) => {
    const v = verdict([held('attached customer managed p', document)]);
    expect(v.status).toBe('administrative');
    expect(v.status === 'administrative' && v.via[0]).toContain(`allows ${allows} on every resource`);
  });

  it.each([
    ['PowerUserAccess (NotAction excludes all of IAM)', POWER_USER],
    ['IAM reads only', doc({ Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' })],
    ['every action on named resources', doc({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::bucket/*' })],
    ['iam:* on another account', doc({ Effect: 'Allow', Action: 'iam:*', Resource: 'arn:aws:iam::999999999999:*' })],
    ['a Deny of everything alone', doc({ Effect: 'Deny', Action: '*', Resource: '*' })],
  ])('%s is not administrative', (_what, document) => {
    expect(verdict([held('p', document)]).status).toBe('not_administrative');
  });

  it('a condition does not excuse the grant; the reason says so', () => {
    const v = verdict([held('attached p', doc({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }))]);
    expect(v).toMatchObject({ status: 'administrative', via: ['attached p, whose statement 1 allows "*" on every resource under a condition'] });
  });

  it('a NotAction or NotResource that excludes only part of IAM is undecided: Unknown, never "not admin"', () => {
    expect(verdict([held('p', doc({ Effect: 'Allow', NotAction: 'iam:PassRole', Resource: '*' }))])).toMatchObject({ status: 'unknown' });
    expect(verdict([held('p', doc({ Effect: 'Allow', Action: 'iam:*', NotResource: 'arn:aws:iam::111122223333:role/x' }))])).toMatchObject({ status: 'unknown' });
  });
});

describe('administrative access: Deny statements in the same principal\'s policies', () => {
  it('an unconditional Deny of every IAM action on every resource removes it, naming the statement', () => {
    const v = verdict([held('via group Admins (AWS managed AdministratorAccess)', ADMIN), held('inline policy NoIam', doc({ Sid: 'NoIam', Effect: 'Deny', Action: 'iam:*', Resource: '*' }))]);
    expect(v).toEqual({ status: 'not_administrative', notes: ['inline policy NoIam: statement 1 (Sid "NoIam") denies every IAM action on every resource'] });
  });

  it('a Deny that blocks some self-escalation action on every resource makes it Unknown', () => {
    const v = verdict([held('a', ADMIN), held('b', doc({ Effect: 'Deny', Action: 'iam:AttachUserPolicy', Resource: '*' }))]);
    expect(v.status).toBe('unknown');
  });

  it('a conditional Deny, or one on some resources only, leaves it administrative and is noted', () => {
    const conditional = verdict([held('a', ADMIN), held('b', doc({ Effect: 'Deny', Action: '*', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } }))]);
    expect(conditional).toMatchObject({ status: 'administrative', notes: ['b: Deny statement 1 (conditional) does not remove it'] });
    const narrow = verdict([held('a', ADMIN), held('b', doc({ Effect: 'Deny', Action: 'iam:DeleteRole', Resource: 'arn:aws:iam::111122223333:role/OrgAccess' }))]);
    expect(narrow.status).toBe('administrative');
    const nonIam = verdict([held('a', ADMIN), held('b', doc({ Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' }))]);
    expect(nonIam).toMatchObject({ status: 'administrative', notes: [] });
  });
});

describe('administrative access: permissions boundaries', () => {
  it('a boundary that allows every IAM action leaves it', () => {
    expect(verdict([held('a', ADMIN)], held('permissions boundary AWS managed AdministratorAccess', ADMIN))).toMatchObject({ status: 'administrative' });
  });

  it('a boundary that allows no way to change the holder\'s own permissions removes it (PowerUserAccess, an S3-only boundary)', () => {
    for (const boundary of [POWER_USER, doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' })]) {
      const v = verdict([held('a', ADMIN)], held('permissions boundary b', boundary));
      expect(v.status).toBe('not_administrative');
      expect(v.status === 'not_administrative' && v.notes[0]).toContain('permissions boundary b does not allow every IAM action');
    }
  });

  it('a boundary that allows part of IAM including a self-escalation action is Unknown', () => {
    expect(verdict([held('a', ADMIN)], held('b', doc({ Effect: 'Allow', Action: ['s3:*', 'iam:PutUserPolicy'], Resource: '*' }))).status).toBe('unknown');
  });

  it('a boundary without an identity grant changes nothing: not administrative', () => {
    expect(verdict([held('a', doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }))], held('b', ADMIN)).status).toBe('not_administrative');
  });
});

describe('administrative access: Unknown inputs never read as "not admin"', () => {
  it('an unreadable document with no grant elsewhere is Unknown, naming it', () => {
    const v = verdict([held('a', doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' })), { label: 'via group Ops (AWS managed X)', facts: { unknown: 'iam:GetPolicyVersion denied: AccessDenied' } }]);
    expect(v).toEqual({ status: 'unknown', reason: 'could not read via group Ops (AWS managed X): iam:GetPolicyVersion denied: AccessDenied' });
  });

  it('an unreadable document beside a grant is Unknown too (it could hold the Deny that removes it)', () => {
    expect(verdict([held('a', ADMIN), { label: 'b', facts: { unknown: 'x' } }]).status).toBe('unknown');
  });

  it('an unreadable boundary beside a grant is Unknown', () => {
    expect(verdict([held('a', ADMIN)], { label: 'permissions boundary b', facts: { unknown: 'denied' } })).toMatchObject({ status: 'unknown' });
  });

  it.each([
    ['an unknown document field', { ...ADMIN, Extra: 1 }],
    ['an unknown statement field', doc({ Effect: 'Allow', Action: '*', Resource: '*', Principal: '*' })],
    ['an unknown Version', { Version: '2020-01-01', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }],
    ['an Effect that is neither Allow nor Deny', doc({ Effect: 'Maybe', Action: '*', Resource: '*' })],
    ['both Action and NotAction', doc({ Effect: 'Allow', Action: '*', NotAction: 's3:*', Resource: '*' })],
    ['no Resource', doc({ Effect: 'Allow', Action: '*' })],
    ['no Statement', { Version: '2012-10-17' }],
  ])('%s cannot be evaluated', (_what, document) => {
    expect(() => adminFacts(document, CTX)).toThrow(CannotEvaluate);
  });
});
