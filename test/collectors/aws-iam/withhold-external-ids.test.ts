import { describe, expect, it } from 'vitest';
import { withholdExternalIds, WITHHELD_EXTERNAL_ID } from '../../../collectors/aws-iam/withhold-external-ids.js';
import { crossAccountTrustRestricted } from '../../../checks/aws-iam/cross-account-trust-restricted.js';

const trust = (condition: Record<string, unknown> | undefined) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999999999999:root' }, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) }],
});

describe('external ids withheld from collected trust policies', () => {
  it('replaces every sts:ExternalId value (any operator, any key case, lists too) and keeps everything else', () => {
    const doc = trust({ StringEquals: { 'sts:ExternalId': 'secret-1', 'aws:SourceAccount': '999999999999' }, StringLike: { 'STS:externalid': ['a*', 'b*'] } });
    const out = withholdExternalIds(doc);
    expect(JSON.stringify(out)).not.toMatch(/secret-1|"a\*"|"b\*"/);
    expect(out).toEqual(trust({ StringEquals: { 'sts:ExternalId': WITHHELD_EXTERNAL_ID, 'aws:SourceAccount': '999999999999' }, StringLike: { 'STS:externalid': [WITHHELD_EXTERNAL_ID, WITHHELD_EXTERNAL_ID] } }));
    expect(doc.Statement[0]!.Condition!['StringEquals']).toEqual({ 'sts:ExternalId': 'secret-1', 'aws:SourceAccount': '999999999999' }); // input untouched
    expect(withholdExternalIds(trust(undefined))).toEqual(trust(undefined));
  });

  it('leaves the trust check its verdict: an approved account with an external id still passes, without one still fails', () => {
    const judge = (doc: Record<string, unknown>) =>
      crossAccountTrustRestricted.evaluate(
        { type: 'aws.iam.role', id: 'arn:aws:iam::111111111111:role/r', scope: 'aws:111111111111', source: [], attributes: { arn: 'arn:aws:iam::111111111111:role/r', name: 'r', trustPolicy: doc } } as never,
        { params: { approved_external_accounts: ["999999999999"] } } as never,
      );
    const withId = judge(withholdExternalIds(trust({ StringEquals: { 'sts:ExternalId': 'secret-1' } })));
    const withoutId = judge(withholdExternalIds(trust(undefined)));
    expect(withId).toMatchObject({ status: 'pass' });
    expect(withoutId).toMatchObject({ status: 'fail' });
  });
});
