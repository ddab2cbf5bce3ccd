import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { openEvidence } from '../../src/period/index.js';
import { buildReport } from '../../src/report/build.js';
import { renderReportCsv } from '../../src/report/render-csv.js';
import { renderReportTable } from '../../src/report/render-table.js';
import type { CheckInfo } from '../../src/report/types.js';
import type { EvidenceStore } from '../../src/store/index.js';
import { collection, sealedRun, tempStore } from '../period/fixtures.js';

const T = '2026-11-21T06:00:00.000Z';
const DENIED = 'account 222222222222: discovery failed (organizations:ListAccounts AccessDenied); last discovered in run 1';
const checks: CheckInfo[] = [{ id: 'iam.root_mfa_enabled', title: 'root MFA', severity: 'critical', mappings: {}, awsConfigRules: [], event: false }];

describe('scope coverage in the report', () => {
  let store: EvidenceStore;
  beforeEach(() => {
    store = tempStore();
  });
  afterEach(() => store.close());
  const report = () => buildReport({ evidence: openEvidence(store, { timezone: 'UTC', producers: () => [] }), checks, frameworks: [], frameworkFilter: [] });

  function partialRun() {
    return sealedRun(store, {
      startedAt: T,
      expected: [
        { collector: 'aws-iam', scope: 'aws:111111111111', origin: 'configured' },
        { collector: 'aws-iam', scope: 'aws:222222222222', origin: 'last-discovered', unreachable: DENIED },
      ],
      collections: [collection('aws-iam', 'aws:111111111111', T), collection('aws-iam', 'aws:222222222222', T, { status: 'error', error: DENIED })],
      results: [
        { checkId: 'iam.root_mfa_enabled', scope: 'aws:111111111111', resourceId: 'arn:aws:iam::111111111111:root', status: 'pass' },
        { checkId: 'iam.root_mfa_enabled', scope: 'aws:222222222222', resourceId: 'aws:222222222222', status: 'error' },
      ],
    });
  }

  it('the table opens with coverage, and a partial run lists each missing scope with its reason before any result', () => {
    partialRun();
    const lines = renderReportTable(report()).split('\n');
    expect(lines[1]).toBe('coverage: PARTIAL — 1 of 2 expected scopes collected; its checks record error where a scope is missing');
    const missing = lines.findIndex((l) => l.includes('aws:222222222222'));
    expect(missing).toBeGreaterThan(1);
    expect(missing).toBeLessThan(lines.findIndex((l) => l.startsWith('results:')));
    expect(lines.slice(missing, missing + 4).join(' ')).toContain('organizations:ListAccounts');
  });

  it('a complete run says so in one line', () => {
    sealedRun(store, { startedAt: T, expected: [{ collector: 'aws-iam', scope: 'aws:111111111111', origin: 'configured' }], collections: [collection('aws-iam', 'aws:111111111111', T)] });
    expect(renderReportTable(report()).split('\n')[1]).toBe('coverage: complete — 1 of 1 expected scope collected');
  });

  it('JSON carries scopeCoverage; csv view `coverage` has one row per expected scope', () => {
    const runId = partialRun();
    const r = report();
    expect(JSON.parse(JSON.stringify(r)).scopeCoverage).toMatchObject({ status: 'partial', expected: 2, collected: 1, missing: [{ scope: 'aws:222222222222', reason: DENIED }] });
    const rows = parse(renderReportCsv(r, 'coverage'), { columns: true }) as Record<string, string>[];
    expect(rows).toEqual([
      { run_id: String(runId), day: '2026-11-21', coverage: 'partial', collector: 'aws-iam', scope: 'aws:111111111111', origin: 'configured', collection: 'ok', collected: 'yes', reason: '' },
      { run_id: String(runId), day: '2026-11-21', coverage: 'partial', collector: 'aws-iam', scope: 'aws:222222222222', origin: 'last-discovered', collection: 'error', collected: 'no', reason: DENIED },
    ]);
  });
});
