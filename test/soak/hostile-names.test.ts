import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CONFIG, DEMO_ESTATE, demoEnvironment } from '../../src/demo/environment.js';
import { loadEstateFile } from '../../src/demo/estate/load.js';
import type { Estate } from '../../src/demo/estate/schema.js';
import { startFakeGitHub, type FakeGithub } from '../../src/demo/fakes/github/server.js';
import { startFakeAws, type FakeAws } from '../../src/demo/fakes/server.js';
import { runCliProcess, type CliRun } from '../helpers/cli.js';
import { recordFigures } from './figures.js';

/**
 * Hostile resource names served by the fakes (issue 14, the suite's point 4): IAM users, S3 buckets and
 * GitHub repositories named with Unicode, control characters, SQL metacharacters and 10,000 characters,
 * through a real run over the fakes. Real AWS and GitHub refuse most of these names, but controlwatch must not
 * rely on that: an S3-compatible store, a proxy or a future API may serve them. Each name ends either in correct
 * results (its findings carry the name intact) or a clear error naming it — never a crash trace, never silently
 * missing — and the report and the export still render (the CSV parses back with a real parser).
 *
 * The estate schema only admits IAM-shaped names, so the names are set on the parsed estate the fakes serve.
 * The demo's declared scope is dropped so that every hostile resource is judged (not only listed as drift).
 */
const HOSTILE: Record<string, string> = {
  unicode: 'ünïcødé-Ω≈ç√-用户-\u202eevil',
  control: 'ctl\u0007bell\u001besc\ttab',
  newline: 'line\nbreak\r\u2028sep',
  sql: "x'; DROP TABLE runs; --\"",
  long: `L${'x'.repeat(9_999)}`,
};
const KINDS = Object.keys(HOSTILE);

function hostileEstate(estate: Estate): Estate {
  const copy = structuredClone(estate) as any;
  const prod = copy.aws.accounts.find((a: any) => a.id === '111111111111');
  const template = prod.users.find((u: any) => u.name === 'alice');
  for (const kind of KINDS) prod.users.push({ ...structuredClone(template), name: HOSTILE[kind] });
  const bucket = prod.s3.buckets.find((b: any) => b.name === 'prod-access-logs');
  for (const kind of KINDS) prod.s3.buckets.push({ ...structuredClone(bucket), name: HOSTILE[kind] });
  const org = copy.github.organizations[0];
  const repo = org.repositories.find((r: any) => r.name === 'payments-api');
  KINDS.forEach((kind, i) => org.repositories.push({ ...structuredClone(repo), name: HOSTILE[kind], id: 9001 + i }));
  return copy as Estate;
}

const TRACE = /\n\s+at .+:\d+:\d+/;

describe('hostile resource names served by the fakes', () => {
  let aws: FakeAws;
  let github: FakeGithub;
  let env: NodeJS.ProcessEnv;
  let dir: string;
  let tried = 0;

  beforeAll(async () => {
    const estate = hostileEstate(await loadEstateFile(DEMO_ESTATE));
    aws = await startFakeAws({ estate });
    github = await startFakeGitHub({ estate });
    env = demoEnvironment(estate, aws.endpoints, github);
    dir = mkdtempSync(join(tmpdir(), 'cw-hostile-'));
    const config = parse(readFileSync(DEMO_CONFIG, 'utf8')) as Record<string, unknown>;
    config['store'] = { path: join(dir, 'e.db') };
    // The demo declares a scope that leaves undeclared resources as drift (listed, never judged): without it
    // every hostile resource is judged, so its name has to travel through checks, findings and the seal.
    delete config['scope'];
    writeFileSync(join(dir, 'c.yaml'), stringify(config));
  });
  afterAll(async () => {
    recordFigures('hostile-names', { badInputsTried: tried });
    await aws?.close();
    await github?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('a run, the report as CSV and an export: each name is in the results intact or in an error naming it', async () => {
    const c = join(dir, 'c.yaml');
    const cli = (args: string[]): Promise<CliRun> => runCliProcess(['--config', c, ...args], { env });
    const run = await cli(['run', '--format', 'json']);
    expect([0, 1, 5, 8], run.stderr.slice(0, 2000)).toContain(run.code);
    expect(run.stderr).not.toMatch(TRACE);
    const result = JSON.parse(run.stdout) as unknown;
    const csv = await cli(['report', '--format', 'csv']);
    expect(csv.stderr).not.toMatch(TRACE);
    const rows = parseCsv(csv.stdout, { columns: true, relax_column_count: false }) as Record<string, string>[];
    expect(rows.length).toBeGreaterThan(10);
    const cells = rows.flatMap((r) => Object.values(r));
    const today = new Date().toISOString().slice(0, 10);
    // The period export (per-control timelines: no resource names, but built from these runs) still renders.
    for (const view of ['timeline', 'episodes']) {
      const exported = await cli(['export', '--from', today, '--to', today, '--format', 'csv', '--view', view]);
      expect(exported.code, exported.stderr.slice(0, 2000)).toBe(0);
      expect(exported.stderr).not.toMatch(TRACE);
      expect((parseCsv(exported.stdout, { columns: true }) as unknown[]).length, `export ${view}`).toBeGreaterThan(0);
    }
    const results = (result as { results: { resourceId: string; status: string; reason?: string }[] }).results;
    for (const kind of KINDS) {
      const name = HOSTILE[kind]!;
      for (const [resource, id] of [
        ['IAM user', `arn:aws:iam::111111111111:user/${name}`],
        ['bucket', `arn:aws:s3:::${name}`],
        ['repository', `github:acme/${name}`],
      ] as const) {
        tried += 1;
        // XML 1.0 normalises a carriage return in text to a line feed, so a name with \r reaches the SDK from
        // the Query and S3 XML APIs as \n (the credential report's CSV keeps it): the resource is then known
        // under that name, and reads addressed to it are refused (NoSuchBucket) — errors naming it, no pass.
        const received = resource === 'repository' ? id : id.replace(/\r\n?/g, '\n');
        const own = results.filter((r) => r.resourceId === id || r.resourceId === received);
        // Judged under its name (never silently missing): results for the checks of its type, each error with a reason.
        expect(own.length, `${kind} ${resource}: no result carries its name`).toBeGreaterThan(0);
        expect(own.every((r) => r.status !== 'error' || (r.reason ?? '').length > 10), `${kind} ${resource}: an error without a reason`).toBe(true);
        if (resource === 'bucket' && received !== id) expect(own.filter((r) => r.status === 'pass'), `${kind} bucket: a pass without its reads`).toEqual([]);
      }
      // The report's CSV carries the name intact (cells parsed back by csv-parse: quoting survived).
      expect(cells.some((cell) => cell.includes(name) || cell.includes(name.replace(/\r\n?/g, '\n'))), `${kind}: no report row carries the name`).toBe(true);
    }
    // A hostile name that survives transport is no error because of its name (the credential report, the
    // listings and the per-resource reads all carry it intact).
    const hostileErrors = results.filter((r) => r.status === 'error' && KINDS.some((k) => k !== 'newline' && r.resourceId.includes(HOSTILE[k]!)));
    expect(hostileErrors.map((r) => `${r.resourceId.slice(0, 80)}: ${(r.reason ?? '').slice(0, 200)}`)).toEqual([]);
  }, 300_000);
});
