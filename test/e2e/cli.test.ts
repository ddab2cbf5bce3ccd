import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { runCliProcess } from '../helpers/cli.js';

/** Node 20 is past end of life; the AWS SDK says so on stderr. That is the only stderr output allowed. */
function withoutNodeWarnings(stderr: string): string {
  return stderr.replace(/\(node:\d+\) Warning: NodeVersionSupportWarning[\s\S]*?to show where the warning was created\)\n/g, '');
}

/** The real binary, as a user runs it: demo, verify, tampering, report formats, exit codes. */
describe('CLI end to end', () => {
  let dir: string;
  let db: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cw-cli-'));
    db = join(dir, 'demo.db');
    const first = await runCliProcess(['--db', db, 'demo']);
    expect(withoutNodeWarnings(first.stderr)).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/controlwatch report — run 1/);
    const second = await runCliProcess(['--db', db, 'demo']);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/Changes since run 1: none/);
  }, 60_000);

  it('verify says the chain is intact', async () => {
    const r = await runCliProcess(['--db', db, 'verify']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/checked 2 sealed runs/);
    expect(r.stdout).toMatch(/chain intact/);
  });

  it('report prints json and csv; a bad framework is a usage error', async () => {
    const json = await runCliProcess(['--db', db, 'report', '--format', 'json', '--framework', 'soc2-2017']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.run.id).toBe(2);
    expect(report.frameworks).toEqual(['soc2-2017']);
    expect(report.totals.fail).toBeGreaterThan(0);
    const csv = await runCliProcess(['--db', db, 'report', '--format', 'csv', '--view', 'findings']);
    expect(csv.code).toBe(0);
    expect(csv.stdout.split('\n')[0]).toBe('run_id,day,status,severity,check,scope,resource,reason,controls,owner,new');
    const bad = await runCliProcess(['--db', db, 'report', '--framework', 'nist-800-53']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown framework "nist-800-53"; known: /);
  });

  it('an edited result is caught: verify names the run and exits 3', async () => {
    const copy = join(dir, 'tampered.db');
    const src = new Database(db, { readonly: true });
    await src.backup(copy);
    src.close();
    const raw = new Database(copy);
    const changed = raw.prepare('UPDATE result_sets SET fail = 0, pass = pass + fail WHERE run_id = 2 AND fail > 0').run();
    raw.close();
    expect(changed.changes).toBeGreaterThan(0);
    const r = await runCliProcess(['--db', copy, 'verify']);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/first bad run is 2/);
  });

  it('bad configuration exits 2 with one message naming the field, and creates no store', async () => {
    const cfg = join(dir, 'bad.yaml');
    const store = join(dir, 'never.db');
    writeFileSync(cfg, `version: 1\nstore: { path: ${store} }\naws:\n  accounts:\n    - id: "111111111111"\n      regoins: [eu-west-1]\n`);
    const r = await runCliProcess(['--config', cfg, 'run']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('aws.accounts[0]: unknown key "regoins"');
    expect(existsSync(store)).toBe(false);
  });

  it('a missing environment variable exits 2 naming field and variable', async () => {
    const cfg = join(dir, 'env.yaml');
    writeFileSync(cfg, 'version: 1\naws:\n  accounts:\n    - id: "111111111111"\n      credentials:\n        accessKeyId: ${CW_TEST_UNSET_KEY}\n        secretAccessKey: x\n');
    const r = await runCliProcess(['--config', cfg, 'run'], { env: { CW_TEST_UNSET_KEY: '' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('aws.accounts[0].credentials.accessKeyId: environment variable ${CW_TEST_UNSET_KEY} is not set');
  });

  // An empty file was never initialised as a store: a store problem (7). A store with no sealed run is 9 (test/cli/exit-codes.test.ts).
  it('report on an empty file says no run was ever recorded in it (exit 7)', async () => {
    const empty = join(dir, 'empty.db');
    new Database(empty).close();
    const r = await runCliProcess(['--db', empty, 'report']);
    expect(r.code).toBe(7);
    expect(r.stderr).toContain('no run was ever recorded');
  });

  it('checks and controls list the catalog', async () => {
    const checks = await runCliProcess(['checks', '--format', 'json']);
    expect(checks.code).toBe(0);
    const list = JSON.parse(checks.stdout) as { id: string; mappings: Record<string, string[]> }[];
    expect(list.length).toBeGreaterThanOrEqual(8);
    for (const c of list) {
      expect(c.mappings['iso27001-2022']?.length).toBeGreaterThan(0);
      expect(c.mappings['soc2-2017']?.length).toBeGreaterThan(0);
    }
    const controls = await runCliProcess(['controls', '--framework', 'iso27001-2022', '--automated', '--format', 'json']);
    const rows = JSON.parse(controls.stdout) as { control: string; checks: string[] }[];
    expect(rows.find((r) => r.control === 'A.8.5')?.checks).toContain('iam.root_mfa_enabled');
    expect(rows.every((r) => r.checks.length > 0)).toBe(true);
  });
});
