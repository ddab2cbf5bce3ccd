import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import type { YearFigures } from './year.js';
import type { QueryJob, QueryTiming } from './query-child.js';
import { ACCOUNT_IDS, ORGS } from './estate.js';

/**
 * The auditor's questions over the year, asked through the real CLI commands (the program, its option parsing,
 * the store opened read-only, the query and the rendering; only Node's start-up is left out), each command in a
 * process of its own (query-child.ts): once untimed (its first run: JIT and the catalogs' parse, reported as
 * `firstMs`), then `runs` times, median and p95.
 */

export type { QueryTiming };

const SAMPLE_CONTROL = { framework: 'iso27001-2022', control: 'A.8.24' } as const;

const CHILD = fileURLToPath(new URL('./query-child.ts', import.meta.url));

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

function runChild(job: QueryJob, jobPath: string): Promise<QueryTiming> {
  writeFileSync(jobPath, JSON.stringify(job));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, jobPath], { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`query child exited ${code}`));
      resolve(JSON.parse(readFileSync(job.resultPath, 'utf8')) as QueryTiming);
    });
  });
}

/** The most timed runs a command gets for `minMs` (QueryJob). */
export const MAX_RUNS = 1000;

/**
 * `runs`: timed runs of each command at least (`verify`, seconds a run, a fifth of them and at least 3); `minMs`:
 * then more until its timed runs took this long (QueryJob.minMs).
 */
export async function auditorQueries(dir: string, yearPath: string, year: YearFigures, runs: number, minMs = 0): Promise<Record<string, QueryTiming>> {
  const config = writeConfig(dir, yearPath);
  const base = ['--config', config, '--db', yearPath];
  const range = ['--from', year.from, '--to', year.to];
  const control = ['--framework', SAMPLE_CONTROL.framework, '--control', SAMPLE_CONTROL.control];
  // A day in the middle of the year, not the latest (which a cache might favour).
  const midRun = String(Math.round((year.runIds.first + year.runIds.last) / 2));
  const query = (name: string, command: string, rest: string[], n = runs) => ({ name, job: { command, args: [...base, command, ...rest], runs: n, minMs, maxRuns: MAX_RUNS, dbPath: yearPath, resultPath: join(dir, `query-${name}.json`) } });
  const queries = [
    query('report', 'report', ['--run', midRun]),
    query('reportSummary', 'report', ['--run', midRun, '--view', 'summary']),
    query('period', 'period', range),
    query('sample', 'sample', [...control, ...range, '--size', '25', '--seed', 'bench']),
    query('export', 'export', [...control, ...range, '--format', 'json']),
    // Seconds each: a few runs.
    query('verify', 'verify', [], Math.max(3, Math.ceil(runs / 5))),
  ];
  const out: Record<string, QueryTiming> = {};
  // One process per command, as each is one CLI invocation: the full report's ~10 MB of text a run is not
  // collected inside the next command's timed runs.
  for (const { name, job } of queries) out[name] = await runChild(job, join(dir, `query-${name}.job.json`));
  return out;
}
