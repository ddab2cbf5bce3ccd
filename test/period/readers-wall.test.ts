import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COLLECTORS } from '../../src/registry/index.js';
import { importGraph, ROOT, sourceFiles, stripComments } from '../architecture/import-graph.js';

/**
 * src/period is the one reader of sealed evidence: outside the store itself, only the writers (runner;
 * the daemon's slot ledger and writer lock; alert deliveries; attestations; seal signatures, checkpoints and
 * prune in src/integrity), the place that opens stores (engine) and the period layer import src/store.
 * Report, server, CLI and demo code go through the period layer (type-only imports are not loads), and
 * neither report nor period names a collector id (the registry's producers say who emits a type).
 */
const MAY_IMPORT_STORE = ['src/store/', 'src/period/', 'src/runner/', 'src/engine/', 'src/scheduler/', 'src/alerts/', 'src/integrity/', 'src/programme/'];

describe('evidence is read through src/period', () => {
  const graph = importGraph(sourceFiles('src'));

  it('only the store, the period layer, the engine and the writers import src/store', () => {
    const offenders = [...graph.entries()]
      .filter(([file]) => !MAY_IMPORT_STORE.some((dir) => file.startsWith(dir)))
      .flatMap(([file, deps]) => deps.filter((d) => d.startsWith('src/store/')).map((d) => `${file} → ${d}`));
    expect(offenders).toEqual([]);
    // The scan sees real imports (so an empty list above means something).
    expect(graph.get('src/period/source.ts')).toContain('src/store/index.ts');
    expect(graph.get('src/report/build.ts')).toContain('src/period/index.ts');
  });

  it('no report or period code names a collector id', () => {
    const ids = COLLECTORS.map((c) => c.id);
    expect(ids.length).toBeGreaterThanOrEqual(4);
    const files = [...sourceFiles('src/report'), ...sourceFiles('src/period')];
    const named = files.flatMap((file) => {
      const code = stripComments(readFileSync(join(ROOT, file), 'utf8'));
      return ids.filter((id) => new RegExp(`['"\`]${id}['"\`]`).test(code)).map((id) => `${file}: '${id}'`);
    });
    expect(files.length).toBeGreaterThan(10);
    expect(named).toEqual([]);
  });
});
