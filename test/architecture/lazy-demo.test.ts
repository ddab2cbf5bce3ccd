import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { runPipeline } from '../../src/engine/pipeline.js';
import { silentLogger } from '../../src/log.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { finished, runCliProcess } from '../helpers/cli.js';
import { ROOT } from './import-graph.js';

/**
 * `--version` and `report` must not load the demo: its simulated estate and protocol fakes (src/demo/)
 * and their dependencies (fast-xml-parser) are for `controlwatch demo` only. Nor may they, or `verify`, load an
 * AWS SDK client package: the collectors load theirs when they first collect (src/sdk/aws-collector.ts
 * `implementation`), the S3 checkpoint anchor and the Organizations discovery when first used; nor Octokit, the
 * Parquet writer or pino-pretty, loaded to collect from GitHub, to export Parquet, for a terminal. Those packages
 * were ~0.5 s of every command's start (`controlwatch --version` 1.3 s → 0.75 s, 2026-12-07; npm run bench:startup).
 * The CLI runs in a child process (through tsx, as users run it but from source) with module-log.mjs preloaded,
 * which writes every module the process loads to a file; the test reads that file.
 */
const HOOK = fileURLToPath(new URL('./module-log.mjs', import.meta.url));

let dir: string;
let logCount = 0;

function logFile(): string {
  logCount += 1;
  return join(dir, `modules-${logCount}.log`);
}

/** Module URLs from a module-log.mjs log (both the ES loader's and the CommonJS require cache's). */
function loadedModules(log: string): string[] {
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => line.slice(line.indexOf(' ') + 1));
}

const isDemo = (url: string) => url.includes('/src/demo/');
const isDemoDependency = (url: string) => url.includes('/node_modules/fast-xml-parser/');
/** An AWS SDK client package (the STS client included); the credential providers' entry point loads none of them. */
const isAwsClient = (url: string) => /\/node_modules\/@aws-sdk\/client-[a-z0-9-]+\//.test(url);
/** Loaded only to collect from GitHub (Octokit), to write Parquet, or to print logs on a terminal (stderr here is a pipe). */
const isLoadedOnUse = (url: string) => /\/node_modules\/(@octokit\/|bottleneck\/|hyparquet-writer\/|pino-pretty\/)/.test(url);

async function cliModules(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; modules: string[] }> {
  const log = logFile();
  const r = await runCliProcess(args, { env: { CW_MODULE_LOG: log, NODE_OPTIONS: `--import=${HOOK}` } });
  return { code: r.code, stdout: r.stdout, stderr: r.stderr, modules: loadedModules(log) };
}

describe('the demo loads lazily', () => {
  let db: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cw-lazy-demo-'));
    db = join(dir, 'small.db');
    // A small store with one sealed run (nothing configured to collect), made in-process without the CLI.
    await runPipeline(parseConfig('version: 1\n', 'lazy-demo.test'), db, 'test', silentLogger);
  });

  it('--version loads no src/demo module and not fast-xml-parser', async () => {
    const r = await cliModules(['--version']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+/);
    expect(r.modules.some((m) => m.endsWith('/src/cli/main.ts'))).toBe(true);
    expect(r.modules.filter(isDemo)).toEqual([]);
    expect(r.modules.filter(isDemoDependency)).toEqual([]);
    expect(r.modules.filter(isAwsClient)).toEqual([]);
    expect(r.modules.filter(isLoadedOnUse)).toEqual([]);
  });

  it('report on a store loads no src/demo module and not fast-xml-parser', async () => {
    const r = await cliModules(['--db', db, 'report']);
    // The run collected nothing, so the report may flag its coverage; it must not fail to report.
    expect([EXIT.ok, EXIT.findings, EXIT.coverage, EXIT.nothingCollected], r.stderr).toContain(r.code);
    expect(r.stdout).toMatch(/controlwatch report — run 1/);
    expect(r.modules.some((m) => m.includes('/src/report/'))).toBe(true);
    expect(r.modules.filter(isDemo)).toEqual([]);
    expect(r.modules.filter(isDemoDependency)).toEqual([]);
    expect(r.modules.filter(isAwsClient)).toEqual([]);
    expect(r.modules.filter(isLoadedOnUse)).toEqual([]);
  });

  it('verify of a store loads no AWS SDK client (no anchor is configured)', async () => {
    const r = await cliModules(['--db', db, 'verify']);
    expect(r.code, r.stderr).toBe(EXIT.ok);
    expect(r.modules.some((m) => m.includes('/src/store/verify.ts'))).toBe(true);
    expect(r.modules.filter(isAwsClient)).toEqual([]);
    expect(r.modules.filter(isLoadedOnUse)).toEqual([]);
  });

  it('the module log sees a demo module when one is imported (so an empty list above means something)', async () => {
    const log = logFile();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--import', HOOK, '--input-type=module', '-e', "await import('./src/demo/environment.ts'); await import('fast-xml-parser');"],
      { cwd: ROOT, env: { ...process.env, CW_MODULE_LOG: log }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const r = await finished(child);
    expect(r.code, r.stderr).toBe(0);
    const modules = loadedModules(log);
    expect(modules.filter(isDemo).map((m) => m.slice(m.indexOf('/src/')))).toContain('/src/demo/environment.ts');
    expect(modules.some(isDemoDependency)).toBe(true);
  });

  it('the module log sees the AWS SDK clients when a collector is loaded to collect (so an empty list above means something)', async () => {
    const log = logFile();
    const script = "const { COLLECTORS } = await import('./src/registry/index.ts'); const iam = COLLECTORS.find((c) => c.id === 'aws-iam'); await iam.collect({ scope: 'aws:1', accountId: '1', region: 'us-east-1', regions: [], clientConfig: () => { throw new Error('stop before any call'); } }, { stats: {}, log: {} }).catch(() => {});";
    const child = spawn(process.execPath, ['--import', 'tsx', '--import', HOOK, '--input-type=module', '-e', script], {
      cwd: ROOT,
      env: { ...process.env, CW_MODULE_LOG: log },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const r = await finished(child);
    expect(r.code, r.stderr).toBe(0);
    const clients = loadedModules(log).filter(isAwsClient).map((m) => /@aws-sdk\/(client-[a-z0-9-]+)\//.exec(m)![1]);
    expect(new Set(clients)).toEqual(new Set(['client-iam', 'client-sts']));
  });
});
