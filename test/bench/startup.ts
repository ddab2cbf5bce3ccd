/**
 * Benchmark (not a test): what the built CLI loads and how long it takes to start, for `--version` and
 * `report` (neither may load the demo or its fakes). Needs `npm run build` first. Prints figures; asserts
 * nothing (test/architecture/lazy-demo.test.ts asserts the demo stays unloaded).
 *
 *   npm run build && npm run bench:startup -- [--db <a store with a sealed run>] [--runs 10]
 *
 * Without --db it makes a store with one `demo` run in a temporary folder. Modules are counted by
 * test/architecture/module-log.mjs (an ES module load hook plus require.cache at exit); wall time is the
 * median of --runs sequential runs, measured without the hook.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'controlwatch.js');
const HOOK = join(ROOT, 'test', 'architecture', 'module-log.mjs');

const { values } = parseArgs({ options: { db: { type: 'string' }, runs: { type: 'string', default: '10' } } });
const runs = Number(values.runs);
const work = mkdtempSync(join(tmpdir(), 'cw-startup-'));

function cli(args: string[], env: NodeJS.ProcessEnv = {}, extraNodeArgs: string[] = []) {
  const r = spawnSync(process.execPath, [...extraNodeArgs, BIN, ...args], { cwd: work, env: { ...process.env, ...env }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`controlwatch ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r;
}

interface ModuleCounts {
  esm: number;
  cjs: number;
  total: number;
  demo: number;
  fastXmlParser: boolean;
}

function countModules(args: string[]): ModuleCounts {
  const log = join(work, `modules-${Math.random().toString(36).slice(2)}.log`);
  cli(args, { CW_MODULE_LOG: log }, ['--import', HOOK]);
  const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => l.split(' ') as [string, string]);
  const urls = new Set(lines.filter(([kind]) => kind !== 'builtin').map(([, url]) => url));
  return {
    esm: lines.filter(([kind]) => kind === 'module').length,
    cjs: lines.filter(([kind]) => kind === 'require').length,
    total: urls.size,
    demo: [...urls].filter((u) => u.includes('/src/demo/')).length,
    fastXmlParser: [...urls].some((u) => u.includes('/node_modules/fast-xml-parser/')),
  };
}

function wallTimes(args: string[]): { median: number; min: number; max: number } {
  cli(args); // warm the file-system cache once
  const ms: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = process.hrtime.bigint();
    cli(args);
    ms.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  ms.sort((a, b) => a - b);
  const mid = Math.floor(ms.length / 2);
  const median = ms.length % 2 ? ms[mid]! : (ms[mid - 1]! + ms[mid]!) / 2;
  return { median, min: ms[0]!, max: ms[ms.length - 1]! };
}

try {
  let db = values.db;
  if (db === undefined) {
    db = join(work, 'demo.db');
    cli(['--db', db, 'demo']);
  }
  const commands: Array<[string, string[]]> = [
    ['--version', ['--version']],
    ['report', ['--db', db, 'report']],
  ];
  console.log(`node ${process.version}, ${runs} timed runs each (median, min–max)`);
  for (const [name, args] of commands) {
    const m = countModules(args);
    const t = wallTimes(args);
    console.log(
      `${name.padEnd(10)} ES modules ${m.esm}, CommonJS ${m.cjs}, distinct ${m.total}; src/demo ${m.demo}; fast-xml-parser ${m.fastXmlParser ? 'loaded' : 'not loaded'}; ` +
        `${t.median.toFixed(0)} ms (${t.min.toFixed(0)}–${t.max.toFixed(0)})`,
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
