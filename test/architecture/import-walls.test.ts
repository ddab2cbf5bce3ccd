import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dynamicImportsOf, findCycles, importGraph, importsOf, ROOT, sourceFiles, staticImportsOf, stripComments } from './import-graph.js';

/** Checks are pure functions of observations: no SDKs, no file system, no network, no database. */
const FORBIDDEN_IN_CHECKS: readonly RegExp[] = [
  /^@aws-sdk\//,
  /^@octokit\//,
  /^(node:)?fs(\/promises)?$/,
  /^(node:)?net$/,
  /^(node:)?https?$/,
  /^better-sqlite3$/,
];

/** Reading the clock makes a result depend on when it ran; checks get the run's time as ctx.now. */
const CLOCK_READS: readonly RegExp[] = [/\bDate\.now\s*\(/, /\bnew\s+Date\s*\(\s*\)/, /\bperformance\.now\b/];

/** Collectors and checks sit below the engine: they may use src/model and friends, never the engine's layers. */
const ENGINE_ONLY = ['src/store/', 'src/cli/', 'src/runner/'];

function violationsIn(file: string, source: string): string[] {
  const out: string[] = [];
  for (const spec of importsOf(source)) {
    if (FORBIDDEN_IN_CHECKS.some((re) => re.test(spec))) out.push(`${file} imports ${spec}`);
  }
  const code = stripComments(source);
  for (const re of CLOCK_READS) if (re.test(code)) out.push(`${file} reads the clock (${re.source})`);
  return out;
}

function importsInto(file: string, source: string, prefixes: readonly string[], specifiers: (source: string) => string[] = importsOf): string[] {
  return specifiers(source)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => ({ spec, target: posix.join(posix.dirname(file.replaceAll('\\', '/')), spec) }))
    .filter(({ target }) => prefixes.some((p) => target.startsWith(p)))
    .map(({ spec }) => `${file} imports ${spec}`);
}

const engineImports = (file: string, source: string) => importsInto(file, source, ENGINE_ONLY);

const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

describe('import walls', () => {
  const checkFiles = sourceFiles('checks');

  it('scans the check files', () => {
    expect(checkFiles.length).toBeGreaterThan(10);
  });

  it('nothing under checks/ imports an SDK, node:fs/net/http(s) or the database, or reads the clock', () => {
    expect(checkFiles.flatMap((f) => violationsIn(f, read(f)))).toEqual([]);
  });

  it('nothing under collectors/ or checks/ imports src/store, src/cli or src/runner', () => {
    const files = [...sourceFiles('collectors'), ...checkFiles];
    expect(files.flatMap((f) => engineImports(f, read(f)))).toEqual([]);
  });

  it('nothing under collectors/ imports checks/ (fetchers never judge; shared pure code lives in src/)', () => {
    expect(sourceFiles('collectors').flatMap((f) => importsInto(f, read(f), ['checks/']))).toEqual([]);
    expect(importsInto('collectors/aws-s3/x.ts', "import { CannotEvaluate } from '../../checks/lib/known.js';", ['checks/'])).toHaveLength(1);
  });

  /** Imports from one collector's folder into another's (collectors/X → collectors/Y, X ≠ Y). */
  const crossCollectorImports = (file: string, source: string): string[] => {
    const own = `${file.replaceAll('\\', '/').split('/').slice(0, 2).join('/')}/`;
    return importsInto(file, source, ['collectors/']).filter((v) => {
      const spec = v.slice(v.lastIndexOf(' imports ') + ' imports '.length);
      return !posix.join(posix.dirname(file.replaceAll('\\', '/')), spec).startsWith(own);
    });
  };

  it('nothing under collectors/X imports collectors/Y (plugins stand alone; shared code lives in src/, e.g. src/aws)', () => {
    const files = sourceFiles('collectors');
    expect(new Set(files.map((f) => f.split('/')[1])).size).toBeGreaterThanOrEqual(4);
    expect(files.flatMap((f) => crossCollectorImports(f, read(f)))).toEqual([]);
  });

  it('the collectors↛collectors rule catches a violation (and allows a collector its own files and src/)', () => {
    expect(crossCollectorImports('collectors/aws-s3/x.ts', "import { selectS3BucketConfigurations } from '../aws-config/s3-advanced-query.js';")).toEqual([
      'collectors/aws-s3/x.ts imports ../aws-config/s3-advanced-query.js',
    ]);
    expect(crossCollectorImports('collectors/aws-s3/x.ts', "import type { Grant } from '../../collectors/aws-config/item.js';")).toHaveLength(1);
    expect(crossCollectorImports('collectors/aws-s3/x.ts', "import { listBuckets } from './list-buckets.js';")).toEqual([]);
    expect(crossCollectorImports('collectors/aws-s3/x.ts', "import { selectS3BucketConfigurations } from '../../src/aws/config-advanced-query.js';")).toEqual([]);
  });

  it('the rules catch what they are meant to catch (so a green run means something)', () => {
    const bad = [
      "import { IAMClient } from '@aws-sdk/client-iam';",
      "import type { Octokit } from '@octokit/core';",
      "import { readFileSync } from 'node:fs';",
      "import * as fs from 'fs';",
      "const net = await import('node:net');",
      "export { request } from 'node:https';",
      "import Database from 'better-sqlite3';",
      'const t = Date.now();',
      'const d = new Date();',
      'const p = performance.now();',
    ].join('\n');
    expect(violationsIn('x.ts', bad)).toHaveLength(10);
    const fine = ["// Date.now() is never called here", "const d = new Date('2026-01-01');", "import { z } from 'zod';"].join('\n');
    expect(violationsIn('x.ts', fine)).toEqual([]);
    expect(engineImports('checks/aws-iam/x.ts', "import { openStore } from '../../src/store/db.js';")).toEqual([
      "checks/aws-iam/x.ts imports ../../src/store/db.js",
    ]);
    expect(engineImports('collectors/aws-iam/x.ts', "import type { Run } from '../../src/runner/run.js';")).toHaveLength(1);
    expect(engineImports('checks/aws-iam/x.ts', "import { defineCheck } from '../../src/model/check.js';")).toEqual([]);
  });
});

/**
 * The CLI parses arguments and prints; the engine (src/engine, src/runner, src/store, src/report, …) is what a
 * daemon or an HTTP server reuses, so nothing outside src/cli may depend on it. Tests may (they test the CLI).
 */
const cliImports = (file: string, source: string) => importsInto(file, source, ['src/cli/']);

/**
 * The simulated estate and its protocol fakes ship for `controlwatch demo`, and nothing else in production
 * loads them: no static import from anywhere outside src/demo. The demo command's action alone loads the demo,
 * with a dynamic import() when it runs (test/architecture/lazy-demo.test.ts checks what really loads).
 */
const DEMO_LOADER = 'src/cli/commands/demo.ts';
function demoImports(file: string, source: string): string[] {
  const statics = importsInto(file, source, ['src/demo/'], staticImportsOf);
  const dynamics = file === DEMO_LOADER ? [] : importsInto(file, source, ['src/demo/'], dynamicImportsOf);
  return [...statics, ...dynamics];
}

describe('engine, CLI and demo walls', () => {
  const production = [...sourceFiles('src'), ...sourceFiles('collectors'), ...sourceFiles('checks')];

  it('scans the production files, the engine and the demo loader among them', () => {
    expect(production).toContain(DEMO_LOADER);
    expect(production.filter((f) => f.startsWith('src/engine/')).length).toBeGreaterThanOrEqual(3);
    expect(dynamicImportsOf(read(DEMO_LOADER)).some((s) => s.includes('/demo/'))).toBe(true);
  });

  it('nothing outside src/cli imports src/cli (the engine never needs the CLI, nor throws its errors)', () => {
    expect(production.filter((f) => !f.startsWith('src/cli/')).flatMap((f) => cliImports(f, read(f)))).toEqual([]);
  });

  it('the CLI wall catches a violation', () => {
    expect(cliImports('src/engine/pipeline.ts', "import { CliError } from '../cli/exit-codes.js';")).toEqual(['src/engine/pipeline.ts imports ../cli/exit-codes.js']);
    expect(cliImports('collectors/github/x.ts', "import type { GlobalOptions } from '../../src/cli/global-options.js';")).toHaveLength(1);
    expect(cliImports('src/engine/pipeline.ts', "import { openStore } from './config-resolution.js';")).toEqual([]);
  });

  it('nothing in production outside src/demo imports src/demo, except the demo command loading it lazily', () => {
    expect(production.filter((f) => !f.startsWith('src/demo/')).flatMap((f) => demoImports(f, read(f)))).toEqual([]);
  });

  it('the demo wall catches a violation', () => {
    // A static import, even in the demo command itself, would load the fakes for every command.
    expect(demoImports(DEMO_LOADER, "import { runDemo } from '../../demo/run-demo.js';")).toEqual([`${DEMO_LOADER} imports ../../demo/run-demo.js`]);
    expect(demoImports('src/runner/run.ts', "import type { Estate } from '../demo/estate/schema.js';")).toHaveLength(1);
    expect(demoImports('collectors/aws-s3/x.ts', "const { startFakeAws } = await import('../../src/demo/fakes/server.js');")).toHaveLength(1);
    expect(demoImports(DEMO_LOADER, "const { runDemo } = await import('../../demo/run-demo.js');")).toEqual([]);
  });
});

describe('no circular imports among src/, collectors/, checks/', () => {
  it('finds no cycle', () => {
    const graph = importGraph([...sourceFiles('src'), ...sourceFiles('collectors'), ...sourceFiles('checks')]);
    expect(graph.size).toBeGreaterThan(20);
    expect(findCycles(graph).map((c) => c.join(' → '))).toEqual([]);
  });

  it('the walker reports a cycle when there is one', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(findCycles(graph)).toEqual([['a', 'b', 'c', 'a']]);
  });
});
