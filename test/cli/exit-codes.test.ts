import { describe, expect, it } from 'vitest';
import { cli } from './in-process.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { exitCodeFor, FAIL_ON_ANY, parseFailOn } from '../../src/cli/fail-on.js';
import type { ResultSpec } from '../period/fixtures.js';
import { collection, sealedRun, tempDbPath, tempStore } from '../period/fixtures.js';
import { LONG_ARN, reportOf, T1, T2 } from '../report/report-fixture.js';

const T3 = '2026-11-23T06:00:00.000Z';
const SCOPE = { collector: 'aws-iam', scope: 'aws:111111111111', origin: 'configured' as const };
const OLD: ResultSpec[] = [
  { checkId: 'iam.root_mfa_enabled', scope: 'aws:111111111111', resourceId: 'arn:aws:iam::111111111111:root', status: 'fail' },
  { checkId: 'iam.cross_account_trust_restricted', scope: 'aws:111111111111', resourceId: LONG_ARN, status: 'pass' },
];
const WITH_NEW_HIGH: ResultSpec[] = OLD.map((r) => (r.resourceId === LONG_ARN ? { ...r, status: 'fail' as const } : r));

/** Runs 1 (one critical fail), 2 (plus a new high fail), 3 (same as 2: nothing new). */
function store(): string {
  const path = tempDbPath();
  const s = tempStore(path);
  for (const [t, results] of [[T1, OLD], [T2, WITH_NEW_HIGH], [T3, WITH_NEW_HIGH]] as const) sealedRun(s, { startedAt: t, results, expected: [SCOPE], collections: [collection('aws-iam', SCOPE.scope, t)] });
  s.close();
  return path;
}

describe('exit codes from a sealed run and --fail-on', () => {
  const path = store();
  const code = (runId: number, failOn: string) => exitCodeFor(reportOf(path, runId), parseFailOn(failOn));

  it('any (the default for run): 8 when a finding is new, 1 when all were there before', () => {
    expect(code(1, 'any')).toBe(EXIT.newFindings); // the first run: nothing to compare with, every finding is new
    expect(code(2, 'any')).toBe(EXIT.newFindings);
    expect(code(3, 'any')).toBe(EXIT.findings);
  });

  it('new: only new findings count', () => {
    expect(code(2, 'new')).toBe(EXIT.newFindings);
    expect(code(3, 'new')).toBe(EXIT.ok);
  });

  it('severity>=LEVEL, alone and with new ("only new high")', () => {
    expect(code(3, 'severity>=critical')).toBe(EXIT.findings);
    expect(code(2, 'severity>=critical')).toBe(EXIT.findings); // the new finding is high, not critical
    expect(code(2, 'new,severity>=high')).toBe(EXIT.newFindings);
    expect(code(2, 'new,severity>=critical')).toBe(EXIT.ok);
    expect(code(3, 'new,severity>=high')).toBe(EXIT.ok);
  });

  it('none: findings never fail the exit, coverage still does', () => {
    expect(code(2, 'none')).toBe(EXIT.ok);
    const partial = { ...reportOf(path, 2), scopeCoverage: { status: 'partial' as const, expected: 2, collected: 1, missing: [], scopes: [] } };
    expect(exitCodeFor(partial, parseFailOn('none'))).toBe(EXIT.coverage);
  });

  it('an unknown term is a usage error naming the accepted ones', () => {
    expect(() => parseFailOn('severity>=urgent')).toThrow(/unknown term "severity>=urgent"; use any, new, none, severity>=/);
  });

  it('coverage: partial is 5, empty (nothing collected) is 6, whatever the findings', () => {
    const path = tempDbPath();
    const s = tempStore(path);
    const other = { ...SCOPE, scope: 'aws:222222222222' };
    sealedRun(s, { startedAt: T1, results: OLD, expected: [SCOPE, other], collections: [collection('aws-iam', SCOPE.scope, T1), collection('aws-iam', other.scope, T1, { status: 'error', error: 'getaddrinfo ENOTFOUND' })] });
    sealedRun(s, { startedAt: T2, results: [], expected: [SCOPE], collections: [collection('aws-iam', SCOPE.scope, T2, { status: 'error', error: 'connection refused' })] });
    s.close();
    expect(exitCodeFor(reportOf(path, 1), FAIL_ON_ANY)).toBe(EXIT.coverage);
    expect(exitCodeFor(reportOf(path, 2), FAIL_ON_ANY)).toBe(EXIT.nothingCollected);
  });
});

describe('exit codes of the CLI', () => {
  const path = store();

  it('report: 0 by default (findings are shown, not failed on); --fail-on gives 1 or 8', async () => {
    expect((await cli(['--db', path, 'report', '--view', 'summary'])).code).toBe(EXIT.ok);
    expect((await cli(['--db', path, 'report', '--view', 'summary', '--fail-on', 'any'])).code).toBe(EXIT.findings);
    expect((await cli(['--db', path, 'report', '--run', '2', '--view', 'summary', '--fail-on', 'new,severity>=high'])).code).toBe(EXIT.newFindings);
  });

  it('2 for a bad --fail-on, 7 for a store that cannot be opened, 9 for a store with no sealed run', async () => {
    const bad = await cli(['--db', path, 'report', '--fail-on', 'sometimes']);
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.stderr).toContain('--fail-on: unknown term "sometimes"');
    const missing = await cli(['--db', '/nonexistent-cw-dir/evidence.db', 'report']);
    expect(missing.code).toBe(EXIT.store);
    expect(missing.stderr).toContain('/nonexistent-cw-dir/evidence.db');
    const emptyPath = tempDbPath();
    tempStore(emptyPath).close();
    const empty = await cli(['--db', emptyPath, 'report']);
    expect(empty.code).toBe(EXIT.noEvidence);
    expect(empty.stderr).toMatch(/no sealed run/);
  });
});
