import { describe, expect, it } from 'vitest';
import { CannotEvaluate } from '../../checks/lib/known.js';
import { actionCovers, allowStatements, grantsFullAdmin, requiredConditionValues, statements } from '../../src/aws-policy/statements.js';

describe('policy statement normalisation', () => {
  it('reads Statement as a single object or an array', () => {
    const one = statements({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' } });
    const many = statements({ Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['*'] }, { Effect: 'Deny', Action: '*', Resource: '*' }] });
    expect(one).toHaveLength(1);
    expect(one[0]!.action).toEqual(['s3:GetObject']);
    expect(many.map((s) => s.effect)).toEqual(['Allow', 'Deny']);
    expect(many[0]!.resource).toEqual(['*']);
  });
  it('keeps only Allow statements in allowStatements', () => {
    expect(allowStatements({ Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] })).toEqual([]);
  });
  it('reads principals as "*", or an object with string or array values', () => {
    const [star, obj, arr] = statements({
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' },
        { Effect: 'Allow', Principal: { AWS: '111122223333', Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
        { Effect: 'Allow', Principal: { AWS: ['*', 'arn:aws:iam::444455556666:root'] }, Action: 'sts:AssumeRole' },
      ],
    });
    expect(star!.principal?.wildcard).toBe(true);
    expect(obj!.principal).toMatchObject({ wildcard: false, aws: ['111122223333'], service: ['ec2.amazonaws.com'] });
    expect(arr!.principal).toMatchObject({ wildcard: true, aws: ['arn:aws:iam::444455556666:root'] });
  });
  it('treats malformed documents as evidence it cannot use', () => {
    expect(() => statements({})).toThrow(CannotEvaluate);
    expect(() => statements({ Statement: [{ Effect: 'Allow', Action: 5 }] })).toThrow(/Action is neither a string nor a list/);
    expect(() => statements({ Statement: [{ Action: '*' }] })).toThrow(/has no Effect/);
    expect(() => statements({ Statement: [{ Effect: 'Allow', Principal: ['x'] }] })).toThrow(/Principal/);
  });
  it('recognises full admin only for Allow, Action * or *:*, Resource *', () => {
    const admin = (st: object) => statements({ Statement: st }).some(grantsFullAdmin);
    expect(admin({ Effect: 'Allow', Action: '*', Resource: '*' })).toBe(true);
    expect(admin({ Effect: 'Allow', Action: ['s3:*', '*:*'], Resource: ['*'] })).toBe(true);
    expect(admin({ Effect: 'Deny', Action: '*', Resource: '*' })).toBe(false);
    expect(admin({ Effect: 'Allow', Action: 'iam:*', Resource: '*' })).toBe(false);
    expect(admin({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::bucket/*' })).toBe(false);
    expect(admin({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })).toBe(false); // out of scope, documented
  });
  it('reads positive condition values case-insensitively, ignoring IfExists and negations', () => {
    const [s] = statements({
      Statement: {
        Effect: 'Allow',
        Condition: { StringEquals: { 'STS:ExternalId': 'abc' }, StringNotEquals: { 'aws:PrincipalOrgID': 'o-1' }, StringEqualsIfExists: { 'aws:SourceAccount': '1' } },
      },
    });
    expect(requiredConditionValues(s!, 'sts:ExternalId')).toEqual(['abc']);
    expect(requiredConditionValues(s!, 'aws:PrincipalOrgID')).toEqual([]);
    expect(requiredConditionValues(s!, 'aws:SourceAccount')).toEqual([]);
  });
  it('matches action wildcards case-insensitively', () => {
    expect(actionCovers('iam:Put*', 'iam:PutUserPolicy')).toBe(true);
    expect(actionCovers('IAM:putuserpolicy', 'iam:PutUserPolicy')).toBe(true);
    expect(actionCovers('iam:Get*', 'iam:PutUserPolicy')).toBe(false);
    expect(actionCovers('iam:?utUserPolicy', 'iam:PutUserPolicy')).toBe(true);
  });
});
