import { describe, expect, it } from 'vitest';
import { analyseBucketPolicy } from '../../../collectors/aws-s3/policy.js';
import { CannotEvaluate } from '../../../checks/lib/known.js';

/** The bucket-policy analyser over every legal statement shape. */

const OWN = '111111111111';
const B = 'arn:aws:s3:::b';
const analyse = (statement: unknown) => analyseBucketPolicy({ Version: '2012-10-17', Statement: statement }, 'b', OWN);
const allow = (extra: Record<string, unknown>) => ({ Effect: 'Allow', Action: 's3:GetObject', Resource: `${B}/*`, ...extra });
const tlsDeny = (extra: Record<string, unknown> = {}) => ({
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: [B, `${B}/*`],
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  ...extra,
});

describe('bucket policy analysis: who is granted', () => {
  it.each([
    ['"*"', '*'],
    ['{"AWS": "*"}', { AWS: '*' }],
    ['{"AWS": ["*", account]}', { AWS: ['*', '111111111111'] }],
  ])('Principal %s without a condition is public', (_label, principal) => {
    expect(analyse([allow({ Principal: principal })]).publicStatements).toEqual([{ statement: 'statement 1', via: 'Principal "*"', actions: ['s3:GetObject'], notActions: null }]);
  });

  it('Allow with NotPrincipal is public; Deny statements never are', () => {
    expect(analyse(allow({ NotPrincipal: { AWS: `arn:aws:iam::${OWN}:root` } })).publicStatements).toMatchObject([{ via: 'NotPrincipal' }]);
    expect(analyse({ Effect: 'Deny', Principal: '*', Action: 's3:DeleteObject', Resource: `${B}/*` }).publicStatements).toEqual([]);
  });

  it('a wildcard pinned by a restricting condition is not public but is listed with the keys that pin it', () => {
    const pinned = analyse([
      allow({ Principal: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }),
      allow({ Sid: 'Office', NotPrincipal: { AWS: `arn:aws:iam::${OWN}:root` }, Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }),
      allow({ Principal: { AWS: `arn:aws:iam::${OWN}:root` } }),
    ]);
    expect(pinned.publicStatements).toEqual([]);
    expect(pinned.pinnedStatements).toEqual([
      { statement: 'statement 1', via: 'Principal "*"', keys: ['aws:PrincipalOrgID', 'aws:SourceIp'] },
      { statement: 'statement 2 (Sid "Office")', via: 'NotPrincipal', keys: ['aws:SourceIp'] },
    ]);
    // 0.0.0.0/0 pins nothing: public, not pinned.
    const anywhere = analyse(allow({ Principal: '*', Condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } } }));
    expect([anywhere.publicStatements.length, anywhere.pinnedStatements]).toEqual([1, []]);
  });

  it('NotAction is reported as such', () => {
    expect(analyse([{ Effect: 'Allow', Principal: '*', NotAction: ['s3:DeleteObject'], Resource: `${B}/*` }]).publicStatements).toEqual([
      { statement: 'statement 1', via: 'Principal "*"', actions: null, notActions: ['s3:DeleteObject'] },
    ]);
  });

  it.each([
    ['StringEquals aws:PrincipalOrgID', { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } }],
    ['StringLike aws:SourceVpce', { StringLike: { 'aws:SourceVpce': 'vpce-1*' } }],
    ['StringEquals aws:SourceVpc', { StringEquals: { 'aws:SourceVpc': 'vpc-1' } }],
    ['ArnLike aws:SourceArn', { ArnLike: { 'aws:SourceArn': 'arn:aws:cloudfront::111111111111:distribution/E1' } }],
    ['ForAnyValue:StringEquals aws:PrincipalOrgID', { 'ForAnyValue:StringEquals': { 'aws:PrincipalOrgID': ['o-abc'] } }],
    ['IpAddress aws:SourceIp', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }],
    ['lower-case key', { StringEquals: { 'aws:principalorgid': 'o-abc' } }],
  ])('"*" restricted by %s is not public', (_label, condition) => {
    expect(analyse(allow({ Principal: '*', Condition: condition })).publicStatements).toEqual([]);
  });

  it.each([
    ['StringNotEquals (negated)', { StringNotEquals: { 'aws:PrincipalOrgID': 'o-abc' } }],
    ['StringEqualsIfExists', { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1' } }],
    ['a "*" value', { StringLike: { 'aws:PrincipalOrgID': '*' } }],
    ['an unrelated key', { StringEquals: { 's3:prefix': 'home/' } }],
    ['IpAddress 0.0.0.0/0', { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }],
  ])('"*" with %s is still public', (_label, condition) => {
    expect(analyse(allow({ Principal: '*', Condition: condition })).publicStatements).toHaveLength(1);
  });

  it('cross-account principals: ARN or bare account id, own account excluded, unresolvable kept with null', () => {
    const a = analyse(
      allow({ Principal: { AWS: [`arn:aws:iam::${OWN}:role/app`, 'arn:aws:iam::222222222222:root', '333333333333', 'AROAEXAMPLEID0000000'] } }),
    );
    expect(a.crossAccountPrincipals).toEqual([
      { statement: 'statement 1', principal: 'arn:aws:iam::222222222222:root', accountId: '222222222222' },
      { statement: 'statement 1', principal: '333333333333', accountId: '333333333333' },
      { statement: 'statement 1', principal: 'AROAEXAMPLEID0000000', accountId: null },
    ]);
  });

  it('a wildcard pinned to another account by aws:PrincipalAccount / aws:SourceAccount is a cross-account grant', () => {
    const a = analyse(allow({ Principal: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': ['444444444444', OWN] } } }));
    expect(a.publicStatements).toEqual([]);
    expect(a.crossAccountPrincipals).toEqual([{ statement: 'statement 1', principal: '* with aws:PrincipalAccount 444444444444', accountId: '444444444444' }]);
  });

  it('Service, CanonicalUser and Federated principals are neither public nor account principals', () => {
    const a = analyse([
      allow({ Principal: { Service: ['logging.s3.amazonaws.com'] } }),
      allow({ Principal: { CanonicalUser: 'a'.repeat(64) } }),
      allow({ Principal: { Federated: 'cognito-identity.amazonaws.com' } }),
    ]);
    expect([a.publicStatements, a.crossAccountPrincipals]).toEqual([[], []]);
  });

  it('lists each statement with its Sid and condition keys', () => {
    expect(analyse([tlsDeny({ Sid: 'TLS' }), allow({ Principal: { AWS: OWN } })]).statements).toEqual([
      { statement: 'statement 1 (Sid "TLS")', effect: 'Deny', conditionKeys: ['aws:SecureTransport'] },
      { statement: 'statement 2', effect: 'Allow', conditionKeys: [] },
    ]);
  });
});

describe('bucket policy analysis: TLS', () => {
  it.each([
    ['Bool "false"', { Bool: { 'aws:SecureTransport': 'false' } }],
    ['Bool ["false"]', { Bool: { 'aws:SecureTransport': ['false'] } }],
    ['Bool false', { Bool: { 'aws:SecureTransport': false } }],
    ['BoolIfExists "false"', { BoolIfExists: { 'aws:SecureTransport': 'false' } }],
    ['NumericLessThanIfExists s3:TlsVersion', { NumericLessThanIfExists: { 's3:TlsVersion': '1.2' } }],
  ])('a Deny on %s denies plain HTTP', (_label, condition) => {
    expect(analyse([tlsDeny({ Condition: condition })]).denyInsecureTransport).toBe(true);
  });

  it.each([
    ['Action "*", Principal {"AWS": "*"}, Resource "arn:aws:s3:::b*"', { Action: '*', Principal: { AWS: '*' }, Resource: `${B}*` }],
    ['Statement as a single object', {}],
  ])('accepts %s', (_label, extra) => {
    expect(analyseBucketPolicy({ Statement: tlsDeny(extra) }, 'b', OWN).denyInsecureTransport).toBe(true);
  });

  it.each([
    ['only the objects', { Resource: `${B}/*` }],
    ['only some actions', { Action: 's3:GetObject' }],
    ['a named principal', { Principal: { AWS: 'arn:aws:iam::222222222222:root' } }],
    ['Bool "true"', { Condition: { Bool: { 'aws:SecureTransport': 'true' } } }],
    ['an extra narrowing condition', { Condition: { Bool: { 'aws:SecureTransport': 'false' }, StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } } }],
    ['Effect Allow', { Effect: 'Allow' }],
    ['NotResource', { Resource: undefined, NotResource: `${B}/public/*` }],
  ])('does not count a statement covering %s', (_label, extra) => {
    expect(analyse([tlsDeny(extra)]).denyInsecureTransport).toBe(false);
  });

  it('NumericLessThan s3:TlsVersion (without IfExists) sets the minimum TLS but does not deny plain HTTP', () => {
    const a = analyse([tlsDeny({ Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } })]);
    expect([a.denyInsecureTransport, a.minimumTlsVersion]).toEqual([false, '1.2']);
    const both = analyse([tlsDeny(), tlsDeny({ Condition: { NumericLessThan: { 's3:TlsVersion': '1.3' } } })]);
    expect([both.denyInsecureTransport, both.minimumTlsVersion]).toEqual([true, '1.3']);
  });
});

describe('bucket policy analysis: malformed documents', () => {
  it.each([
    ['no Statement', { Version: '2012-10-17' }],
    ['a statement without Effect', { Statement: [{ Principal: '*' }] }],
    ['an unknown principal type', { Statement: [{ Effect: 'Allow', Principal: { Everyone: '*' } }] }],
    ['Action as a number', { Statement: [{ Effect: 'Allow', Principal: '*', Action: 5 }] }],
  ])('%s throws CannotEvaluate (→ Unknown, never "not public")', (_label, doc) => {
    expect(() => analyseBucketPolicy(doc, 'b', OWN)).toThrow(CannotEvaluate);
  });
});
