import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EvidenceStore } from '../../src/store/index.js';
import { findConfigDisagreements } from '../../src/report/config-disagreements.js';
import { buildReport } from '../../src/report/build.js';
import { scopeInventory } from '../../src/report/programme.js';
import { openEvidence } from '../../src/period/index.js';
import type { CheckInfo } from '../../src/report/types.js';
import type { Status } from '../../src/model/status.js';
import { storeWith } from '../support/store-with.js';

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

/**
 * Issue 15: the report decoded every AWS Config rule evaluation twice, once for its scope inventory and once for this
 * comparison. buildReport reads the run's observations once and gives both their lists.
 */
describe('the report reads each observation once for its scope inventory and its Config comparison', () => {
  let store: EvidenceStore;
  beforeEach(() => {
    store = EvidenceStore.open(join(mkdtempSync(join(tmpdir(), 'cw-dis-once-')), 'e.db'));
  });
  afterEach(() => store.close());

  const producers = (type: string) => (type === 'aws.config.rule_evaluation' ? ['aws-config'] : type === 'aws.s3.bucket' ? ['aws-s3'] : []);
  const bucket = (name: string) => ({ type: 'aws.s3.bucket', id: bucketArn(name), scope: 'aws:111111111111', attributes: { name }, source: ['s3:ListBuckets'] });

  function sealed(): number {
    const runId = store.beginRun({ startedAt: T(0), trigger: 'test', agentVersion: 't', configHash: 'x', scope: {}, exceptions: [] });
    store.completeRun(runId, {
      finishedAt: T(2),
      collections: [
        collection('aws-config', 'aws:111111111111:eu-west-1', [evaluation('agree', 'NON_COMPLIANT'), evaluation('config-fails', 'NON_COMPLIANT'), evaluation('config-passes', 'COMPLIANT')]),
        collection('aws-s3', 'aws:111111111111', [bucket('agree'), bucket('config-fails'), bucket('config-passes')]),
      ],
      resultSets: [{ checkId: 's3.bucket_versioning_enabled', scope: 'aws:111111111111', results: [result('agree', 'fail'), result('config-fails', 'pass'), result('config-passes', 'fail')] }],
    });
    return runId;
  }

  /** The store, counting how often each blob is opened through getBlob (observations; manifests go through manifest()). */
  function counting(): { source: EvidenceStore; opened: Map<string, number> } {
    const opened = new Map<string, number>();
    const source = storeWith(store, { getBlob: (hash: string) => (opened.set(hash, (opened.get(hash) ?? 0) + 1), store.getBlob(hash)) });
    return { source, opened };
  }

  for (const types of [['aws.config.rule_evaluation', 'aws.s3.bucket'], ['aws.s3.bucket'], []]) {
    it(`inventorying [${types.join(', ')}]: every observation opened at most once, the same disagreements and tallies as read alone`, () => {
      const runId = sealed();
      const { source, opened } = counting();
      const report = buildReport({ evidence: openEvidence(source, { timezone: 'UTC', producers }), checks, frameworks: [], frameworkFilter: [], observationTypes: types, runId });
      const hashesOf = (collector: string) => store.collections(runId).filter((c) => c.collector === collector).flatMap((c) => Object.values(store.manifest(c.manifestHash).observations));
      // The rule evaluations are always read (a check names a Config rule), each once. The run declared no scope, so
      // the inventory is the counts stored with the manifests: no bucket is opened for it.
      const expected = hashesOf('aws-config');
      expect(expected).toHaveLength(3);
      expect(new Map([...opened].filter(([hash]) => expected.includes(hash) || hashesOf('aws-s3').includes(hash)))).toEqual(new Map(expected.map((h) => [h, 1])));

      const alone = openEvidence(store, { timezone: 'UTC', producers });
      expect(report.configDisagreements).toEqual(findConfigDisagreements(alone, runId, checks));
      expect(report.configDisagreements.map((d) => d.resourceArn)).toEqual([bucketArn('config-fails'), bucketArn('config-passes')]);
      expect(report.programme.scope.byType).toEqual(scopeInventory(alone, runId, null, types).byType);
      expect(report.programme.scope.byType.map((t) => [t.type, t.discovered])).toEqual(types.map((t) => [t, 3]));
    });
  }

  it('a run whose manifests predate the stored counts: the inventory reads the observations, each once, with the same tallies', () => {
    const runId = sealed();
    const opened = new Map<string, number>();
    const source = storeWith(store, {
      getBlob: (hash: string) => (opened.set(hash, (opened.get(hash) ?? 0) + 1), store.getBlob(hash)),
      manifestTypeCounts: () => undefined,
    });
    const types = ['aws.config.rule_evaluation', 'aws.s3.bucket'];
    const report = buildReport({ evidence: openEvidence(source, { timezone: 'UTC', producers }), checks, frameworks: [], frameworkFilter: [], observationTypes: types, runId });
    const buckets = store.collections(runId).filter((c) => c.collector === 'aws-s3').flatMap((c) => Object.values(store.manifest(c.manifestHash).observations));
    expect(buckets.map((h) => opened.get(h))).toEqual([1, 1, 1]);
    const counted = buildReport({ evidence: openEvidence(store, { timezone: 'UTC', producers }), checks, frameworks: [], frameworkFilter: [], observationTypes: types, runId });
    expect(report.programme.scope).toEqual(counted.programme.scope);
    expect(report.programme.scope.byType.map((t) => [t.type, t.discovered, t.inScope])).toEqual(types.map((t) => [t, 3, 3]));
  });
});
