import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUnreachableEndpoints, type UnreachableEndpoints } from '../helpers/unreachable.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/load.js';
import { runPipeline } from '../../src/engine/pipeline.js';
import { silentLogger } from '../../src/log.js';
import { exitCodeFor, FAIL_ON_ANY } from '../../src/cli/fail-on.js';
import { sealedReport } from '../../src/cli/commands/run.js';
import { EXIT } from '../../src/cli/exit-codes.js';

/**
 * A whole run on a machine without network, three ways (refused, unresolvable, black hole), through the
 * real pipeline, SDK and Octokit clients: every scope records the true cause, the run ends within its
 * (short) deadline with `deadline exceeded` where nothing answered, it still seals, and its exit code says
 * it could not look (6: nothing at all was collected). No timing is asserted: the black hole would hang for the 60 s request timeout
 * without the 1 s scope deadline, beyond the test's own timeout. Refused and unresolvable get a deadline
 * long enough for the clients' own retries (Octokit retries twice), so their cause is what ends them.
 */
let endpoints: UnreachableEndpoints;
let refusedPort: number;
let blackHolePort: number;

beforeAll(async () => {
  endpoints = await startUnreachableEndpoints();
  ({ refusedPort, blackHolePort } = endpoints);
});
afterAll(() => endpoints.close());

function config(endpoint: string, requestTimeoutMs: number, scopeSeconds: number) {
  const services = ['iam', 'sts', 's3', 's3control', 'config', 'cloudtrail', 'accessanalyzer'].map((s) => `${s}: "${endpoint}"`).join(', ');
  return parseConfig(
    `version: 1
deadlines: { scopeSeconds: ${scopeSeconds}, runSeconds: ${scopeSeconds * 3} }
aws:
  requestTimeoutMs: ${requestTimeoutMs}
  retry: { maxAttempts: 1 }
  endpoints: { ${services} }
  s3ForcePathStyle: true
  credentials: { accessKeyId: AKIAEXAMPLEEXAMPLE00, secretAccessKey: ${'x'.repeat(40)} }
  accounts:
    - id: "111111111111"
      regions: [eu-west-1]
github:
  baseUrl: "${endpoint}"
  requestTimeoutMs: ${requestTimeoutMs}
  auth: { token: ghp_example }
  organizations:
    - name: acme
`,
    'no-network.test',
  );
}

async function runAgainst(endpoint: string, requestTimeoutMs: number, scopeSeconds: number) {
  const db = join(mkdtempSync(join(tmpdir(), 'cw-nonet-')), 'e.db');
  const cfg = config(endpoint, requestTimeoutMs, scopeSeconds);
  const { outcome, registry } = await runPipeline(cfg, db, 'test', silentLogger);
  return { outcome, code: exitCodeFor(sealedReport(db, outcome.runId, registry, cfg), FAIL_ON_ANY) };
}

describe('a run without network', () => {
  /**
   * AWS scopes fail at the account proof with the cause; the GitHub organisation, whose first call never
   * reached GitHub, is an `error` collection with the cause too (not a `partial` one full of Unknowns), so
   * nothing at all was collected: coverage is empty and the exit is 6. Every result names the cause.
   */
  function expectCause(outcome: Awaited<ReturnType<typeof runAgainst>>['outcome'], cause: RegExp) {
    for (const c of outcome.collected) {
      expect(c.status, c.collector.id).toBe('error');
      expect(c.error, c.collector.id).toMatch(cause);
      expect(c.error).not.toMatch(/rejected the credentials|HTTP 500/);
    }
    expect(outcome.collected.find((c) => c.collector.id === 'github')?.error).toMatch(/^github: cannot reach GitHub for organisation acme \(could not reach GitHub: /);
    const githubResults = outcome.results.filter((r) => r.scope.startsWith('github:'));
    expect(githubResults.length).toBeGreaterThan(0);
    for (const r of githubResults) {
      expect(r.status).toBe('error');
      expect(r.reason).toMatch(cause);
      expect(r.reason).not.toMatch(/HTTP 500/);
    }
    expect(outcome.coverage.status).toBe('empty');
  }

  it('connection refused: every scope names it, the run seals, the exit says it could not look', async () => {
    const { outcome, code } = await runAgainst(`http://127.0.0.1:${refusedPort}`, 2000, 15);
    expect(outcome.seal).toMatch(/^[0-9a-f]{64}$/);
    expectCause(outcome, /connection refused \(ECONNREFUSED\)/);
    expect(code).toBe(EXIT.nothingCollected);
  }, 60_000);

  it('a host that does not resolve: every scope names the DNS failure', async () => {
    const { outcome, code } = await runAgainst('http://controlwatch-test.invalid', 2000, 15);
    expectCause(outcome, /DNS lookup failed for controlwatch-test\.invalid \(ENOTFOUND\)/);
    expect(code).toBe(EXIT.nothingCollected);
  }, 60_000);

  it('a black hole: the scope deadline ends each collection as "deadline exceeded", the run still seals', async () => {
    const { outcome, code } = await runAgainst(`http://127.0.0.1:${blackHolePort}`, 60_000, 1);
    expect(outcome.seal).toMatch(/^[0-9a-f]{64}$/);
    for (const c of outcome.collected) {
      expect(c.status).toBe('error');
      expect(c.error, c.collector.id).toMatch(/^deadline exceeded: /);
    }
    expect(outcome.results.filter((r) => r.status === 'error').length).toBeGreaterThan(0);
    expect(outcome.results.every((r) => r.status === 'error')).toBe(true);
    expect(code).toBe(EXIT.nothingCollected);
  }, 60_000);
});
