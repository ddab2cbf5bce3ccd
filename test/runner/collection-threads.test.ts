import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { loadConfigFile } from '../../src/config/load.js';
import type { AppConfig } from '../../src/config/schema.js';
import { runPipeline } from '../../src/engine/pipeline.js';
import { openStore } from '../../src/engine/config-resolution.js';
import { previousCollection } from '../../src/runner/change-window.js';
import type { CollectedScope } from '../../src/runner/collect.js';
import { collectAll } from '../../src/runner/collect.js';
import { COLLECTORS } from '../../src/registry/registry.js';
import { demoForProcesses, type DemoForProcesses } from '../helpers/demo-for-processes.js';

/**
 * Collection threads (config `collectionThreads`, src/runner/collection-threads.ts): the demo estate collected on
 * two threads gives the run exactly what one thread gives it — every scope's status, observations, gaps and calls,
 * the collectors' log lines — and a thread that dies or cannot start loses nothing silently.
 */

interface Captured {
  readonly lines: Record<string, unknown>[];
  readonly log: Logger;
}

function capture(): Captured {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, log: pino({ level: 'debug' }, sink) };
}

/**
 * What a run records of a scope, in an order that does not depend on which thread finished first, with its
 * instants written as one placeholder: the two runs start seconds apart, and event windows end at a run's start.
 */
function recorded(c: CollectedScope): unknown {
  const value = { status: c.status, error: c.error, observations: [...c.observations].sort((a, b) => `${a.type}/${a.id}`.localeCompare(`${b.type}/${b.id}`)), gaps: c.gaps };
  return JSON.parse(JSON.stringify(value).replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<instant>'));
}

/** Calls per operation over the whole run: a shared answer (an account's proof) is counted by whichever scope asked first. */
function callsByOperation(collected: readonly CollectedScope[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of collected) for (const [op, n] of Object.entries(c.stats.byOperation)) out[op] = (out[op] ?? 0) + n;
  return out;
}

/** The AWS collectors' own lines (bound to a collector and scope), as a sorted list of what they said where. */
function collectorLines(lines: readonly Record<string, unknown>[]): string[] {
  return lines
    .filter((l) => String(l['collector']).startsWith('aws-') && typeof l['scope'] === 'string')
    .map((l) => `${String(l['level'])} ${String(l['collector'])} ${String(l['scope'])} ${String(l['msg'])}`)
    .sort();
}

describe('collection threads', () => {
  let demo: DemoForProcesses;
  let config: AppConfig;

  beforeAll(async () => {
    demo = await demoForProcesses('cw-threads-');
    config = loadConfigFile(demo.cfg, demo.env).config;
  });
  afterAll(async () => demo?.close());

  const run = async (threads: number, name: string) => {
    const captured = capture();
    const { outcome } = await runPipeline({ ...config, collectionThreads: threads }, join(demo.dir, `${name}.db`), 'test', captured.log);
    return { outcome, lines: captured.lines };
  };

  it('two threads record what one records: statuses, observations, gaps, calls and the collectors’ log lines', async () => {
    // A first run against the fake asks IAM to generate the credential report and polls for it; later runs find it
    // ready. So both compared runs come after a first one, and see the fake in the same state.
    await run(1, 'first');
    const two = await run(2, 'two');
    const one = await run(1, 'one');
    // The AWS scopes did run on the second thread, and the GitHub scopes on the run's own.
    const started = two.lines.filter((l) => l['msg'] === 'collection started');
    expect(started.filter((l) => l['thread'] === 1).map((l) => String(l['scope'])).every((s) => s.startsWith('aws:'))).toBe(true);
    expect(started.some((l) => l['thread'] === 1)).toBe(true);
    expect(started.filter((l) => String(l['scope']).startsWith('github:')).every((l) => l['thread'] === 0)).toBe(true);
    expect(two.lines.some((l) => l['msg'] === 'collecting on threads' && l['threads'] === 2)).toBe(true);

    const byKey = (collected: readonly CollectedScope[]) => Object.fromEntries(collected.map((c) => [`${c.collector.id} ${c.scope}`, recorded(c)]));
    expect(Object.keys(byKey(two.outcome.collected)).length).toBeGreaterThan(10);
    expect(byKey(two.outcome.collected)).toEqual(byKey(one.outcome.collected));
    // One account proof per account in both runs: the threads share the run's cache (thread-cache.ts).
    expect(callsByOperation(two.outcome.collected)).toEqual(callsByOperation(one.outcome.collected));
    // The demo's denied and failing calls are logged inside the thread; the run's logger writes each line.
    expect(collectorLines(two.lines)).toEqual(collectorLines(one.lines));
    expect(collectorLines(two.lines).some((l) => l.startsWith('40 aws-'))).toBe(true);
    expect(two.outcome.results.map((r) => `${r.checkId} ${r.scope} ${r.resourceId} ${r.status}`).sort()).toEqual(
      one.outcome.results.map((r) => `${r.checkId} ${r.scope} ${r.resourceId} ${r.status}`).sort(),
    );
    // The next run places the accounts by these calls: each scope's previous collection carries them from the store.
    const store = openStore(join(demo.dir, 'two.db'), true);
    try {
      for (const c of two.outcome.collected) expect(previousCollection(store, c.collector.id, c.scope, [])?.apiCalls, `${c.collector.id} ${c.scope}`).toBe(c.stats.calls);
    } finally {
      store.close();
    }
  }, 120_000);

  const collectWith = async (entry?: URL, threadStartupTimeoutMs?: number) => {
    const captured = capture();
    const collected = await collectAll(
      COLLECTORS.filter((c) => c.provider === 'aws'),
      config,
      { log: captured.log, clock: () => new Date(), sleep: async () => {}, secrets: [], concurrency: 4, previous: () => null, threads: 2, ...(entry !== undefined ? { threadEntry: entry } : {}), ...(threadStartupTimeoutMs !== undefined ? { threadStartupTimeoutMs } : {}) },
    );
    return { collected, lines: captured.lines };
  };

  it('a scope whose collection throws in a thread is an error with the collector’s own reason, as on the run’s thread', async () => {
    demo.fake.faults.inject({ service: 'sts', operation: 'GetCallerIdentity', kind: 'AccessDenied' });
    try {
      const { collected, lines } = await collectWith();
      const onThread = new Set(lines.filter((l) => l['msg'] === 'collection started' && l['thread'] === 1).map((l) => `${String(l['collector'])} ${String(l['scope'])}`));
      expect(onThread.size).toBeGreaterThan(0);
      for (const c of collected) {
        expect(c.status, `${c.collector.id} ${c.scope}`).toBe('error');
        const account = c.scope.split(':')[1]!;
        expect(c.error).toBe(`${c.collector.id}: could not confirm the credentials belong to account ${account}: sts:GetCallerIdentity denied: AccessDenied`);
      }
      expect(collected.filter((c) => onThread.has(`${c.collector.id} ${c.scope}`)).length).toBe(onThread.size);
    } finally {
      demo.fake.faults.clear();
    }
  }, 60_000);

  it('a thread that dies fails the scopes it was collecting, with the reason, and the run goes on', async () => {
    const { collected, lines } = await collectWith(new URL('./fixtures/exiting-thread.ts', import.meta.url));
    const lost = collected.filter((c) => c.status === 'error');
    expect(lost.length).toBeGreaterThan(0);
    for (const c of lost) expect(c.error).toBe('collection thread 1 stopped: exited with code 3');
    // The accounts planned for the run's own thread are collected there.
    expect(collected.some((c) => c.status !== 'error')).toBe(true);
    expect(lines.some((l) => l['msg'] === 'collection thread stopped' && l['err'] === 'exited with code 3')).toBe(true);
    expect(lines.filter((l) => l['msg'] === 'collection failed').length).toBe(lost.length);
  }, 60_000);

  it('a thread that cannot start is left out with a warning, and every scope is collected on the run’s thread', async () => {
    const { collected, lines } = await collectWith(new URL('./fixtures/failing-thread.ts', import.meta.url));
    expect(lines.some((l) => l['msg'] === 'collection thread could not start; its share is collected on the other threads' && String(l['err']).includes('this thread cannot load its collectors'))).toBe(true);
    expect(lines.some((l) => l['msg'] === 'collecting on threads' && l['threads'] === 1)).toBe(true);
    expect(collected.length).toBeGreaterThan(5);
    expect(collected.every((c) => !String(c.error ?? '').includes('collection thread'))).toBe(true);
    expect(lines.filter((l) => l['msg'] === 'collection started').every((l) => l['thread'] === 0)).toBe(true);
  }, 60_000);

  it('a thread that hangs while loading is stopped after its startup timeout and left out; the run does not wait on it', async () => {
    const { collected, lines } = await collectWith(new URL('./fixtures/silent-thread.ts', import.meta.url), 1500);
    expect(lines.some((l) => l['msg'] === 'collection thread could not start; its share is collected on the other threads' && l['err'] === 'did not load its collectors within 1.5 s')).toBe(true);
    expect(lines.some((l) => l['msg'] === 'collecting on threads' && l['threads'] === 1)).toBe(true);
    expect(collected.length).toBeGreaterThan(5);
    expect(collected.every((c) => !String(c.error ?? '').includes('collection thread'))).toBe(true);
  }, 60_000);
});
