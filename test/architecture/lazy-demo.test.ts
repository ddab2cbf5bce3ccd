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
 * and their dependencies (fast-xml-parser) are for `controlwatch demo` only. The CLI runs in a child
 * process (through tsx, as users run it but from source) with module-log.mjs preloaded, which writes
 * every module the process loads to a file; the test reads that file.
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
  });

  it('report on a store loads no src/demo module and not fast-xml-parser', async () => {
    const r = await cliModules(['--db', db, 'report']);
    // The run collected nothing, so the report may flag its coverage; it must not fail to report.
    expect([EXIT.ok, EXIT.findings, EXIT.coverage, EXIT.nothingCollected], r.stderr).toContain(r.code);
    expect(r.stdout).toMatch(/controlwatch report — run 1/);
    expect(r.modules.some((m) => m.includes('/src/report/'))).toBe(true);
    expect(r.modules.filter(isDemo)).toEqual([]);
    expect(r.modules.filter(isDemoDependency)).toEqual([]);
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
});
