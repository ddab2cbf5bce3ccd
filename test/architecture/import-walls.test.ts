import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCycles, importGraph, importsOf, ROOT, sourceFiles, stripComments } from './import-graph.js';

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

function importsInto(file: string, source: string, prefixes: readonly string[]): string[] {
  return importsOf(source)
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
