import { openEvidence } from '../../src/period/index.js';
import { buildReport } from '../../src/report/build.js';
import type { CheckInfo, FrameworkInfo, Report } from '../../src/report/types.js';
import type { ResultSpec } from '../period/fixtures.js';
import { collection, sealedRun, tempDbPath, tempStore } from '../period/fixtures.js';

/** A long ARN: ids like this must never be cut in any output. */
export const LONG_ARN = 'arn:aws:iam::111111111111:role/service-role/a-very-long-role-name-that-goes-on-and-on-for-the-purpose-of-this-test';
export const T1 = '2026-11-21T06:00:00.000Z';
export const T2 = '2026-11-22T06:00:00.000Z';

export const CHECKS: CheckInfo[] = [
  { id: 'iam.root_mfa_enabled', title: 'Root MFA', severity: 'critical', mappings: { 'iso27001-2022': ['A.8.5'], 'soc2-2017': ['CC6.1'] }, awsConfigRules: [], event: false },
  { id: 'iam.cross_account_trust_restricted', title: 'Cross-account trust', severity: 'high', mappings: { 'iso27001-2022': ['A.5.15'], 'pci-dss-4.0': ['7.2.1'] }, awsConfigRules: [], event: false },
  { id: 'github.repo_pr_review_required', title: 'PR review', severity: 'medium', mappings: { 'iso27001-2022': ['A.8.32'], 'soc2-2017': ['CC8.1'] }, awsConfigRules: [], event: false },
  { id: 's3.bucket_access_logging_enabled', title: 'Access logging', severity: 'low', mappings: { 'soc2-2017': ['CC7.2'] }, awsConfigRules: [], event: false },
];

export const FRAMEWORKS: FrameworkInfo[] = [
  { id: 'iso27001-2022', title: 'ISO', controls: [{ id: 'A.8.5', title: 'Secure authentication' }, { id: 'A.5.15', title: 'Access control' }, { id: 'A.8.32', title: 'Change management' }, { id: 'A.5.1', title: 'Policies' }] },
  { id: 'soc2-2017', title: 'SOC 2', controls: [{ id: 'CC6.1', title: 'Logical access' }, { id: 'CC8.1', title: 'Change management' }, { id: 'CC7.2', title: 'Monitoring' }] },
  { id: 'pci-dss-4.0', title: 'PCI DSS', controls: [{ id: '7.2.1', title: 'Access model' }, { id: '12.1.1', title: 'Policy' }] },
];

const FIRST: ResultSpec[] = [
  { checkId: 'iam.root_mfa_enabled', scope: 'aws:111111111111', resourceId: 'arn:aws:iam::111111111111:root', status: 'fail' },
  { checkId: 'iam.root_mfa_enabled', scope: 'aws:222222222222', resourceId: 'arn:aws:iam::222222222222:root', status: 'pass' },
  { checkId: 'iam.cross_account_trust_restricted', scope: 'aws:111111111111', resourceId: LONG_ARN, status: 'pass' },
  { checkId: 'github.repo_pr_review_required', scope: 'github:acme', resourceId: 'github:acme/infra', status: 'fail' },
  { checkId: 's3.bucket_access_logging_enabled', scope: 'aws:222222222222:eu-west-1', resourceId: 'arn:aws:s3:::logs-bucket', status: 'error' },
];

/** The second run: the long-ARN role starts failing (a NEW finding), the rest as before. */
const SECOND: ResultSpec[] = FIRST.map((r) => (r.resourceId === LONG_ARN ? { ...r, status: 'fail' as const } : r));

const EXPECTED = [
  { collector: 'aws-iam', scope: 'aws:111111111111', origin: 'configured' as const },
  { collector: 'aws-iam', scope: 'aws:222222222222', origin: 'configured' as const },
];

/** A store with two sealed runs (complete coverage); returns its path. */
export function twoRunStore(): string {
  const path = tempDbPath();
  const store = tempStore(path);
  const collections = (t: string) => EXPECTED.map((e) => collection(e.collector, e.scope, t));
  sealedRun(store, { startedAt: T1, results: FIRST, expected: EXPECTED, collections: collections(T1) });
  sealedRun(store, { startedAt: T2, results: SECOND, expected: EXPECTED, collections: collections(T2) });
  store.close();
  return path;
}

/** The report of the latest run, with owners set on controls (as a run's recorded programme would). */
export function reportOf(path: string, runId?: number, owners: Record<string, string> = { 'A.8.5': 'identity-team', 'CC6.1': 'identity-team', 'A.8.32': 'platform' }): Report {
  const store = tempStore(path);
  try {
    const report = buildReport({ evidence: openEvidence(store, { timezone: 'UTC', producers: () => [] }), checks: CHECKS, frameworks: FRAMEWORKS, frameworkFilter: [], ...(runId === undefined ? {} : { runId }) });
    return { ...report, controls: report.controls.map((c) => ({ ...c, owner: owners[c.controlId] ?? c.owner })) };
  } finally {
    store.close();
  }
}
