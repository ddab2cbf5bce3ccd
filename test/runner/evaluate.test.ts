import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { evaluateAll } from '../../src/runner/evaluate.js';
import type { CollectedScope } from '../../src/runner/collect.js';
import { defineCollector } from '../../src/model/collector.js';
import type { CheckDefinition } from '../../src/model/check.js';
import { CallStats } from '../../src/sdk/call-stats.js';

// An engine-level test: a tiny collector definition and check exercise the evaluation rules.
const collector = defineCollector({
  id: 'widgets',
  title: 'widgets',
  provider: 'aws',
  services: [],
  produces: { 'test.widget': z.object({ ok: z.boolean() }) },
  permissions: [],
  targets: () => [],
  collect: async () => ({ observations: [], gaps: [] }),
});
// Built as the engine holds it (not with defineCheck, which only accepts observation types a collector declares).
const widgetOk: CheckDefinition<{ ok: boolean }, { strict: boolean }> = {
  id: 'test.widget_ok',
  observationType: 'test.widget',
  parameters: z.object({ strict: z.boolean() }),
  evaluate: (o) => (o.attributes.ok ? { status: 'pass', reason: 'ok' } : { status: 'fail', reason: 'not ok' }),
};

function scope(partial: Partial<CollectedScope>): CollectedScope {
  return {
    collector,
    scope: 'test:1',
    status: 'ok',
    error: null,
    observations: [],
    gaps: [],
    invalid: [],
    stats: new CallStats(),
    startedAt: '2026-11-21T00:00:00.000Z',
    finishedAt: '2026-11-21T00:00:01.000Z',
    ...partial,
  };
}

const run = (collected: CollectedScope[], exceptions = []) =>
  evaluateAll({ checks: [{ definition: widgetOk, params: { strict: true } }], collected, now: new Date('2026-11-21T00:00:00Z'), today: '2026-11-21', exceptions });

const widget = (id: string, ok: boolean) => ({ type: 'test.widget', id, scope: 'test:1', attributes: { ok }, source: ['test:List'] });

describe('evaluation', () => {
  it('evaluates each observation', () => {
    const [set] = run([scope({ observations: [widget('w1', true), widget('w2', false)] })]);
    expect(set!.results.map((r) => [r.resourceId, r.status])).toEqual([
      ['w1', 'pass'],
      ['w2', 'fail'],
    ]);
  });

  it('a failed collection gives one error for the scope, never a pass', () => {
    const [set] = run([scope({ status: 'error', error: 'AccessDenied' })]);
    expect(set!.results).toEqual([{ checkId: 'test.widget_ok', scope: 'test:1', resourceId: 'test:1', status: 'error', reason: 'collection by widgets failed: AccessDenied' }]);
  });

  it('a population gap gives an error beside whatever was seen', () => {
    const [set] = run([scope({ status: 'partial', observations: [widget('w1', true)], gaps: [{ type: 'test.widget', reason: 'List denied' }] })]);
    expect(set!.results.map((r) => r.status).sort()).toEqual(['error', 'pass']);
    expect(set!.results.find((r) => r.status === 'error')!.reason).toContain('List denied');
  });

  it('an invalid observation is an error for that resource', () => {
    const [set] = run([scope({ invalid: [{ type: 'test.widget', id: 'w9', reason: 'bad shape' }] })]);
    expect(set!.results).toMatchObject([{ resourceId: 'w9', status: 'error', reason: 'bad shape' }]);
  });

  it('an empty population is not_applicable, stated, not silently absent', () => {
    const [set] = run([scope({})]);
    expect(set!.results).toMatchObject([{ resourceId: 'test:1', status: 'not_applicable', reason: 'no test.widget resources in test:1' }]);
  });

  it('a check that throws yields error for that resource only', () => {
    const throwing = { ...widgetOk, evaluate: () => { throw new Error('boom'); } };
    const [set] = evaluateAll({ checks: [{ definition: throwing, params: {} }], collected: [scope({ observations: [widget('w1', true)] })], now: new Date(), today: '2026-11-21', exceptions: [] });
    expect(set!.results).toMatchObject([{ resourceId: 'w1', status: 'error', reason: 'check test.widget_ok raised: boom' }]);
  });

  it('applies exceptions to failures', () => {
    const [set] = run([scope({ observations: [widget('w2', false)] })], [
      { id: 'EXC-1', check: 'test.widget_ok', resource: 'w*', reason: 'legacy', approver: 'ciso', expires: '2026-12-01', covers: ['fail'] },
    ] as never);
    expect(set!.results[0]).toMatchObject({ status: 'excepted', underlying: 'fail', exceptionId: 'EXC-1' });
  });
});
