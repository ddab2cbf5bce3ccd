import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { ConfigSchema } from '../../src/config/schema.js';
import type { CollectorDefinition, PreviousCollection } from '../../src/model/collector.js';
import { RunCache } from '../../src/model/run-cache.js';
import { COLLECTORS } from '../../src/registry/registry.js';
import { CollectionThreads, partitionOf } from '../../src/runner/collection-threads.js';

/** Which lane each scope of a run goes to (CollectionThreads.plan/assign), with threads that load and wait. */
const collector = (id: string) => COLLECTORS.find((c) => c.id === id)! as CollectorDefinition;
const previous = (apiCalls: number): PreviousCollection => ({ runId: 1, startedAt: '2026-12-06T06:00:00.000Z', status: 'ok', durationMs: 1000, apiCalls, completeThrough: {} });
const ACCOUNTS = ['aws:111111111111', 'aws:222222222222', 'aws:333333333333'];

const opened: CollectionThreads[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((t) => t.close()));
});

async function threads(count: number): Promise<CollectionThreads> {
  const started = await CollectionThreads.start({ count, config: ConfigSchema.parse({ version: 1 }), log: pino({ level: 'silent' }), cache: new RunCache(), entry: new URL('./fixtures/exiting-thread.ts', import.meta.url) });
  opened.push(started);
  return started;
}

/** The estate of three accounts: IAM and S3 per account, Config per account × region, and a GitHub organisation. */
function scopes(calls?: Record<string, number>) {
  const p = (scope: string) => (calls === undefined ? null : previous(calls[scope] ?? 1));
  return [
    ...ACCOUNTS.map((a) => ({ collector: collector('aws-iam'), scope: a, previous: p(`iam ${a}`) })),
    ...ACCOUNTS.map((a) => ({ collector: collector('aws-s3'), scope: a, previous: p(a) })),
    ...ACCOUNTS.flatMap((a) => ['us-east-1', 'eu-west-1'].map((r) => ({ collector: collector('aws-config'), scope: `${a}:${r}`, previous: p(`${a}:${r}`) }))),
    { collector: collector('github'), scope: 'github:acme', previous: p('github:acme') },
  ];
}

describe('collection threads: the plan', () => {
  it('a partition is an AWS account: its account-wide and regional scopes', () => {
    expect(partitionOf('aws:111111111111')).toBe('aws:111111111111');
    expect(partitionOf('aws:111111111111:eu-west-1')).toBe('aws:111111111111');
  });

  it('a first run deals the accounts out in order, threads first; each account stays on one lane; GitHub on the run’s own', async () => {
    const t = await threads(2);
    t.plan(scopes());
    const lanes = Object.fromEntries(scopes().map((s) => [`${s.collector.id} ${s.scope}`, t.assign(s.collector, s.scope).index]));
    expect(lanes).toMatchObject({ 'aws-iam aws:111111111111': 1, 'aws-iam aws:222222222222': 0, 'aws-iam aws:333333333333': 1, 'github github:acme': 0 });
    for (const s of scopes()) if (s.collector.provider === 'aws') expect(lanes[`${s.collector.id} ${s.scope}`]).toBe(lanes[`aws-iam ${partitionOf(s.scope)}`]);
  });

  it('with every cost known, the heaviest account goes first to the least loaded lane, GitHub’s calls counted on the run’s own', async () => {
    const t = await threads(3);
    // Account 3 (14,000 calls) → a thread; account 2 (10,000) → the other thread; account 1 (7,000) → the run's
    // own lane, which carries GitHub's 5,000 and so is still the least loaded (5,000 < 10,000 < 14,000).
    t.plan(scopes({ 'aws:333333333333': 14_000, 'aws:222222222222': 10_000, 'aws:111111111111': 7_000, 'github:acme': 5_000 }));
    const lane = (scope: string) => t.assign(collector('aws-s3'), scope).index;
    expect(lane('aws:333333333333')).toBe(1);
    expect(lane('aws:222222222222')).toBe(2);
    expect(lane('aws:111111111111')).toBe(0);
    // A heavier GitHub keeps the run's own lane for it alone: account 1 joins the lighter thread (account 2's).
    const u = await threads(3);
    u.plan(scopes({ 'aws:333333333333': 14_000, 'aws:222222222222': 10_000, 'aws:111111111111': 7_000, 'github:acme': 20_000 }));
    expect(ACCOUNTS.map((a) => u.assign(collector('aws-s3'), a).index)).toEqual([2, 2, 1]);
  });

  it('a collector of a test (not the registry’s definition) runs on the run’s own thread', async () => {
    const t = await threads(2);
    t.plan(scopes());
    const standIn = { ...collector('aws-iam') };
    expect(t.assign(standIn, 'aws:111111111111').index).toBe(0);
    expect(t.assign(collector('aws-iam'), 'aws:111111111111').index).toBe(1);
  });
});
