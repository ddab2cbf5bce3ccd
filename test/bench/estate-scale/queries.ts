import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { cli } from '../../cli/in-process.js';
import { percentile, type YearFigures } from './year.js';
import { ACCOUNT_IDS, ORGS } from './estate.js';

/**
 * The auditor's questions over the year, asked through the real CLI commands in this process (the program,
 * its option parsing, the store opened read-only, the query and the rendering; only Node's start-up is left
 * out, since an auditor's session pays it once): each several times, median and p95. As in any long-lived process,
 * the check metadata's YAML is parsed by the first command only (src/catalog/check-metadata.ts keeps it per file
 * text): `report`, timed first, pays it in its first run (~25 ms warm, 100-300 ms with a cold JIT). The p95 of 7
 * runs is each command's slowest, usually its first in the process.
 */

export const SAMPLE_CONTROL = { framework: 'iso27001-2022', control: 'A.8.24' } as const;

export interface QueryTiming {
  readonly command: string;
  readonly runs: number;
  readonly medianMs: number;
  readonly p95Ms: number;
}

/** A configuration whose registry is the benchmark's (AWS and GitHub collectors), for the read commands. */
function writeConfig(dir: string, dbPath: string): string {
  const path = join(dir, 'auditor.yaml');
  const config = {
    version: 1,
    store: { path: dbPath },
    aws: { accounts: ACCOUNT_IDS.map((id) => ({ id })) },
    github: { auth: { token: 'not-used-by-read-commands' }, organizations: ORGS.map((name) => ({ name })) },
  };
  writeFileSync(path, stringify(config));
  return path;
}

async function time(command: string, args: string[], runs: number): Promise<QueryTiming> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t = performance.now();
    const out = await cli(args);
    ms.push(performance.now() - t);
    // Exit 0/1 are answers (1: findings or exceptions to note); anything else means the query did not run.
    if (out.code > 1 && !(command === 'report' && out.code < 7)) throw new Error(`${command} exited ${out.code}: ${out.stderr.slice(0, 500)}`);
  }
  return { command, runs, medianMs: percentile(ms, 50), p95Ms: percentile(ms, 95) };
}

export async function auditorQueries(dir: string, yearPath: string, year: YearFigures, runs: number): Promise<Record<string, QueryTiming>> {
  const config = writeConfig(dir, yearPath);
  const base = ['--config', config, '--db', yearPath];
  const range = ['--from', year.from, '--to', year.to];
  const control = ['--framework', SAMPLE_CONTROL.framework, '--control', SAMPLE_CONTROL.control];
  const sampleControl = ['--framework', SAMPLE_CONTROL.framework, '--control', SAMPLE_CONTROL.control];
  const out: Record<string, QueryTiming> = {};
  // A day in the middle of the year, not the latest (which a cache might favour).
  const midRun = Math.round((year.runIds.first + year.runIds.last) / 2);
  out.report = await time('report', [...base, 'report', '--run', String(midRun)], runs);
  out.reportSummary = await time('report', [...base, 'report', '--run', String(midRun), '--view', 'summary'], runs);
  out.period = await time('period', [...base, 'period', ...range], runs);
  out.sample = await time('sample', [...base, 'sample', ...sampleControl, ...range, '--size', '25', '--seed', 'bench'], runs);
  out.export = await time('export', [...base, 'export', ...control, ...range, '--format', 'json'], runs);
  out.verify = await time('verify', [...base, 'verify'], Math.max(3, Math.ceil(runs / 2)));
  return out;
}
