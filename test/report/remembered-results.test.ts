import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { EvidenceStore } from '../../src/store/index.js';
import { openEvidence } from '../../src/period/index.js';
import { buildReport } from '../../src/report/build.js';
import { rememberingResults } from '../../src/report/remembered-results.js';
import type { CheckInfo } from '../../src/report/types.js';
import type { Status } from '../../src/model/status.js';
import { storeWith } from '../support/store-with.js';

const T = (day: number, m: number) => `2026-11-2${day}T06:0${m}:00.000Z`;
const arn = (name: string) => `arn:aws:s3:::${name}`;
const CHECK = 's3.bucket_versioning_enabled';
const evaluation = (bucket: string, complianceType: string) => ({
  type: 'aws.config.rule_evaluation',
  id: `arn:aws:config:eu-west-1:111111111111:config-rule/r1/AWS::S3::Bucket/${bucket}`,
  scope: 'aws:111111111111:eu-west-1',
  attributes: { ruleName: 's3-versioning', ruleArn: 'arn:aws:config:eu-west-1:111111111111:config-rule/r1', managedRuleIdentifier: 'S3_BUCKET_VERSIONING_ENABLED', resourceType: 'AWS::S3::Bucket', resourceId: bucket, resourceArn: arn(bucket), complianceType, annotation: null },
  source: ['config:GetComplianceDetailsByConfigRule'],
});
const result = (bucket: string, status: Status) => ({ checkId: CHECK, scope: 'aws:111111111111', resourceId: arn(bucket), status, reason: `versioning ${status}` });
const checks: CheckInfo[] = [{ id: CHECK, title: 'versioning', severity: 'medium', mappings: {}, awsConfigRules: ['S3_BUCKET_VERSIONING_ENABLED'], event: false }];
const producers = (type: string) => (type === 'aws.config.rule_evaluation' ? ['aws-config'] : []);

/** Issue 15: a report read the same result set for its findings, its AWS Config comparison and its diff, decoding it each time. */
describe('a report reader that decodes each result set once', () => {
  let store: EvidenceStore;
  let path: string;
  beforeEach(() => {
    path = join(mkdtempSync(join(tmpdir(), 'cw-once-')), 'e.db');
    store = EvidenceStore.open(path);
  });
  afterEach(() => store.close());

  function day(d: number, results: ReturnType<typeof result>[]): number {
    const runId = store.beginRun({ startedAt: T(d, 0), trigger: 'test', agentVersion: 't', configHash: 'x', scope: {}, exceptions: [] });
    store.completeRun(runId, {
      finishedAt: T(d, 2),
      collections: [
        { collector: 'aws-config', scope: 'aws:111111111111:eu-west-1', status: 'ok', error: null, apiCalls: 1, throttles: 0, callsByOperation: {}, startedAt: T(d, 0), finishedAt: T(d, 1), observations: [evaluation('a', 'NON_COMPLIANT'), evaluation('b', 'COMPLIANT')] as never, gaps: [] },
      ],
      resultSets: [{ checkId: CHECK, scope: 'aws:111111111111', results }],
    });
    return runId;
  }

  /** The store, counting results() calls per result-set hash. */
  function counting(): { source: EvidenceStore; reads: Map<string, number> } {
    const reads = new Map<string, number>();
    const source = storeWith(store, { results: (hash: string) => (reads.set(hash, (reads.get(hash) ?? 0) + 1), store.results(hash)) });
    return { source, reads };
  }

  it('builds the same report, reading the day’s result set once instead of twice (findings, Config comparison)', () => {
    day(1, [result('a', 'pass'), result('b', 'pass')]);
    const runId = day(2, [result('a', 'pass'), result('b', 'fail')]);
    const build = (source: EvidenceStore) => buildReport({ evidence: openEvidence(source, { timezone: 'UTC', producers }), checks, frameworks: [], frameworkFilter: [], observationTypes: [], runId });

    const plain = counting();
    const before = build(plain.source);
    const once = counting();
    const after = build(rememberingResults(once.source));

    expect(after).toEqual(before);
    // The report has something from each reader: a finding, a disagreement each way, a change.
    expect(after.findings.map((f) => f.resourceId)).toEqual([arn('b')]);
    expect(after.configDisagreements.map((d) => [d.resourceArn, d.configSays, d.checkSays])).toEqual([[arn('a'), 'NON_COMPLIANT', 'pass'], [arn('b'), 'COMPLIANT', 'fail']]);
    expect(after.changes.map((c) => [c.resourceId, c.from, c.to])).toEqual([[arn('b'), 'pass', 'fail']]);
    const today = store.resultSets(runId)[0]!.resultsHash;
    // (The diff reads only the differing parts of two trees, through getBlob: test/period/diff-trees.test.ts.)
    expect(plain.reads.get(today)).toBe(2);
    expect(once.reads.get(today)).toBe(1);
    expect([...once.reads.values()].every((n) => n === 1)).toBe(true);
  });

  it('still refuses a result set whose stored bytes were edited, every time it is asked', () => {
    const runId = day(1, [result('a', 'fail')]);
    const hash = store.resultSets(runId)[0]!.resultsHash;
    // Another connection edits the stored blob (a status changed; size and compression consistent): only the hash can tell.
    const edited = JSON.stringify([result('a', 'pass')]).replace('pass', 'PASS');
    const db = new Database(path);
    db.prepare('UPDATE blobs SET size = ?, data = ? WHERE hash = unhex(?)').run(Buffer.byteLength(edited), brotliCompressSync(Buffer.from(edited)), hash);
    db.close();
    const evidence = openEvidence(rememberingResults(store), { timezone: 'UTC', producers });
    expect(() => evidence.findings(runId)).toThrow(/does not hash to its key/);
    // A failed read is not remembered as an answer: asking again fails again.
    expect(() => evidence.findings(runId)).toThrow(/does not hash to its key/);
  });
});
