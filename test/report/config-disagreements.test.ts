import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EvidenceStore } from '../../src/store/index.js';
import { findConfigDisagreements } from '../../src/report/config-disagreements.js';
import { openEvidence } from '../../src/period/index.js';
import type { CheckInfo } from '../../src/report/types.js';
import type { Status } from '../../src/model/status.js';

const T = (m: number) => `2026-11-21T06:0${m}:00.000Z`;
const bucketArn = (name: string) => `arn:aws:s3:::${name}`;
const evaluation = (bucket: string, complianceType: string) => ({
  type: 'aws.config.rule_evaluation',
  id: `arn:aws:config:eu-west-1:111111111111:config-rule/config-rule-1/AWS::S3::Bucket/${bucket}`,
  scope: 'aws:111111111111:eu-west-1',
  attributes: {
    ruleName: 's3-versioning',
    ruleArn: 'arn:aws:config:eu-west-1:111111111111:config-rule/config-rule-1',
    managedRuleIdentifier: 'S3_BUCKET_VERSIONING_ENABLED',
    resourceType: 'AWS::S3::Bucket',
    resourceId: bucket,
    resourceArn: bucketArn(bucket),
    complianceType,
    annotation: null,
  },
  source: ['config:GetComplianceDetailsByConfigRule'],
});
const result = (bucket: string, status: Status) => ({ checkId: 's3.bucket_versioning_enabled', scope: 'aws:111111111111', resourceId: bucketArn(bucket), status, reason: `versioning ${status}` });
const collection = (collector: string, scope: string, observations: object[]) => ({
  collector, scope, status: 'ok' as const, error: null, apiCalls: 1, throttles: 0, callsByOperation: {}, startedAt: T(0), finishedAt: T(1), observations: observations as never, gaps: [],
});
const checks: CheckInfo[] = [{ id: 's3.bucket_versioning_enabled', title: 'versioning', severity: 'medium', mappings: {}, awsConfigRules: ['S3_BUCKET_VERSIONING_ENABLED'], event: false }];

describe('AWS Config rule vs check disagreements', () => {
  let store: EvidenceStore;
  beforeEach(() => {
    store = EvidenceStore.open(join(mkdtempSync(join(tmpdir(), 'cw-dis-')), 'e.db'));
  });
  afterEach(() => store.close());
  // Which collector produces the verdicts is the registry's knowledge; the report never names it.
  const evidence = () => openEvidence(store, { timezone: 'UTC', producers: (type) => (type === 'aws.config.rule_evaluation' ? ['aws-config'] : []) });

  it('lists resources where Config and the check reach opposite verdicts, and only those', () => {
    const runId = store.beginRun({ startedAt: T(0), trigger: 'test', agentVersion: 't', configHash: 'x', scope: {}, exceptions: [] });
    store.completeRun(runId, {
      finishedAt: T(2),
      collections: [
        collection('aws-config', 'aws:111111111111:eu-west-1', [evaluation('agree', 'NON_COMPLIANT'), evaluation('config-fails', 'NON_COMPLIANT'), evaluation('config-passes', 'COMPLIANT'), evaluation('unrated', 'NOT_APPLICABLE')]),
        collection('aws-s3', 'aws:111111111111', []),
      ],
      resultSets: [
        { checkId: 's3.bucket_versioning_enabled', scope: 'aws:111111111111', results: [result('agree', 'fail'), result('config-fails', 'pass'), result('config-passes', 'fail'), result('unrated', 'pass')] },
      ],
    });
    const found = findConfigDisagreements(evidence(), runId, checks);
    expect(found.map((d) => [d.resourceArn, d.configSays, d.checkSays])).toEqual([
      [bucketArn('config-fails'), 'NON_COMPLIANT', 'pass'],
      [bucketArn('config-passes'), 'COMPLIANT', 'fail'],
    ]);
    expect(found[0]).toMatchObject({ account: '111111111111', configRule: 's3-versioning', checkId: 's3.bucket_versioning_enabled', checkReason: 'versioning pass' });
  });

  it('finds nothing when no check names a Config rule', () => {
    const runId = store.beginRun({ startedAt: T(0), trigger: 'test', agentVersion: 't', configHash: 'x', scope: {}, exceptions: [] });
    store.completeRun(runId, { finishedAt: T(2), collections: [collection('aws-config', 'aws:111111111111:eu-west-1', [evaluation('b', 'NON_COMPLIANT')])], resultSets: [] });
    expect(findConfigDisagreements(evidence(), runId, [{ ...checks[0]!, awsConfigRules: [] }])).toEqual([]);
  });
});
