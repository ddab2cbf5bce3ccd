import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigSchema } from '../../src/config/schema.js';
import { defineCollector, type CollectTarget, type PreviousCollection } from '../../src/model/collector.js';
import { silentLogger } from '../../src/log.js';
import { collectAll } from '../../src/runner/collect.js';
import { launchOrder } from '../../src/runner/launch-order.js';

const previous = (durationMs?: number): PreviousCollection => ({ runId: 1, startedAt: '2026-12-01T06:00:00.000Z', status: 'ok', completeThrough: {}, ...(durationMs !== undefined ? { durationMs } : {}) });

describe('launchOrder: longest scopes start first', () => {
  it('with history: longest last duration first, ties in configuration order', () => {
    const order = launchOrder([
      { index: 0, collectorScopes: 3, previous: previous(2_000) },
      { index: 1, collectorScopes: 3, previous: previous(90_000) },
      { index: 2, collectorScopes: 12, previous: previous(500) },
      { index: 3, collectorScopes: 2, previous: previous(90_000) },
    ]);
    expect(order).toEqual([1, 3, 0, 2]);
  });

  it('a scope with no history goes before every scope whose duration is known', () => {
    expect(launchOrder([{ index: 0, collectorScopes: 3, previous: previous(60_000) }, { index: 1, collectorScopes: 12, previous: null }])).toEqual([1, 0]);
  });

  it('a first run starts collectors with fewer scopes (account- or organisation-wide) before per-region ones', () => {
    const order = launchOrder([
      { index: 0, collectorScopes: 12, previous: null },
      { index: 1, collectorScopes: 12, previous: null },
      { index: 2, collectorScopes: 3, previous: null },
      { index: 3, collectorScopes: 2, previous: null },
    ]);
    expect(order).toEqual([3, 2, 0, 1]);
  });
});

describe('collectAll starts the longest scope first and keeps the configuration order in its results', () => {
  const started: string[] = [];
  const target = (scope: string): CollectTarget => ({ scope });
  const make = (id: string, scopes: string[]) =>
    defineCollector({
      id,
      title: id,
      provider: 'aws',
      services: [],
      produces: { 'test.thing': z.object({}) },
      permissions: [],
      targets: () => scopes.map(target),
      collect: async (t) => {
        started.push(t.scope);
        return { observations: [], gaps: [] };
      },
    });
  const regional = make('regional', ['r:1', 'r:2', 'r:3']);
  const wide = make('wide', ['w:1']);
  const config = ConfigSchema.parse({ version: 1, aws: { accounts: [{ id: '111111111111', regions: ['eu-west-1'] }] } });
  const run = (durations: Record<string, number> | null) =>
    collectAll([regional, wide], config, {
      log: silentLogger,
      clock: () => new Date('2026-12-06T06:00:00.000Z'),
      sleep: async () => undefined,
      secrets: [],
      concurrency: 1,
      previous: (_c, scope) => (durations === null ? null : previous(durations[scope])),
    });

  it('first run: the single wide scope before the three regional ones', async () => {
    started.length = 0;
    const results = await run(null);
    expect(started).toEqual(['w:1', 'r:1', 'r:2', 'r:3']);
    expect(results.map((r) => r.scope)).toEqual(['r:1', 'r:2', 'r:3', 'w:1']);
  });

  it('later runs: by the last collection’s duration, longest first', async () => {
    started.length = 0;
    const results = await run({ 'r:1': 100, 'r:2': 9_000, 'r:3': 300, 'w:1': 2_000 });
    expect(started).toEqual(['r:2', 'w:1', 'r:3', 'r:1']);
    expect(results.map((r) => r.scope)).toEqual(['r:1', 'r:2', 'r:3', 'w:1']);
  });

  it('a previous collection that cannot be read fails that scope alone, with the reason', async () => {
    const results = await collectAll([regional, wide], config, {
      log: silentLogger,
      clock: () => new Date('2026-12-06T06:00:00.000Z'),
      sleep: async () => undefined,
      secrets: [],
      concurrency: 2,
      previous: (_c, scope) => {
        if (scope === 'r:2') throw new Error('database is locked');
        return null;
      },
    });
    expect(results.map((r) => [r.scope, r.status])).toEqual([['r:1', 'ok'], ['r:2', 'error'], ['r:3', 'ok'], ['w:1', 'ok']]);
    expect(results[1]!.error).toContain('database is locked');
  });
});
