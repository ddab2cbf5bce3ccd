import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SampleSizes } from '../../src/config/schema.js';
import { FREQUENCIES, parseSizes } from '../../src/sample/sizes.js';
import { EvidenceStore } from '../../src/store/index.js';
import { dayData, header, tempDb, USERS } from '../store/fixtures.js';
import { cli } from '../cli/in-process.js';

/**
 * Default sample sizes come from the configuration (`audit.sampleSizes`, validated by zod), `--sizes`
 * overrides them per frequency and `--size` overrides everything: checked through the real CLI over a
 * ten-day store of a real check (iam.root_mfa_enabled → ISO 27001 A.8.5, a daily control).
 */
const db = tempDb();
const config = (name: string, yaml: string) => {
  const file = join(db.dir, name);
  writeFileSync(file, `version: 1\naudit:\n  timezone: UTC\n${yaml}`);
  return file;
};

beforeAll(() => {
  const store = EvidenceStore.open(db.path);
  for (let day = 1; day <= 10; day += 1) {
    const id = store.beginRun(header(day));
    const { collections, finishedAt } = dayData(day, USERS);
    const results = [{ checkId: 'iam.root_mfa_enabled', scope: collections[0]!.scope, resourceId: 'arn:aws:iam::123456789012:root', status: 'pass' as const, reason: 'root has MFA' }];
    store.completeRun(id, { finishedAt, collections, resultSets: [{ checkId: 'iam.root_mfa_enabled', scope: collections[0]!.scope, results }] });
  }
  store.close();
});
afterAll(() => db.cleanup());

const sample = async (configFile: string, ...extra: string[]) => {
  const r = await cli(['-c', configFile, '--db', db.path, 'sample', '--control', 'A.8.5', '--framework', 'iso27001-2022', '--from', '2025-03-01', '--to', '2025-03-10', '--seed', 'sizes', '--format', 'json', ...extra]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { size: number; frequency: string; populationSize: number; items: unknown[] };
};

describe('sample sizes from the configuration', () => {
  it('the configuration keys are exactly the sample frequencies', () => {
    expect(Object.keys(SampleSizes.shape).sort()).toEqual([...FREQUENCIES].sort());
  });

  it('defaults < audit.sampleSizes < --sizes, per frequency', () => {
    expect(parseSizes(undefined, { daily: 40 })).toMatchObject({ daily: 40, weekly: 5, 'per-change': 25 });
    expect(parseSizes('daily=7', { daily: 40, weekly: 9 })).toMatchObject({ daily: 7, weekly: 9 });
  });

  it('the CLI draws the configured size; --sizes and --size override it', async () => {
    const plain = await sample(config('plain.yaml', ''));
    expect(plain).toMatchObject({ frequency: 'daily', populationSize: 10, size: 10 }); // default 25, capped by the population
    const configured = config('sizes.yaml', '  sampleSizes:\n    daily: 3\n    weekly: 1\n');
    const three = await sample(configured);
    expect(three.size).toBe(3);
    expect(three.items).toHaveLength(3);
    expect((await sample(configured, '--sizes', 'daily=5')).size).toBe(5);
    expect((await sample(configured, '--size', '2')).size).toBe(2);
    expect((await sample(configured, '--frequency', 'weekly')).size).toBe(1);
  });

  it('a bad size is refused with its path in the configuration', async () => {
    for (const [yaml, message] of [
      ['  sampleSizes:\n    daily: 0\n', /audit\.sampleSizes\.daily/],
      ['  sampleSizes:\n    dialy: 3\n', /audit\.sampleSizes.*dialy/],
      ['  sampleSizes:\n    weekly: 2.5\n', /audit\.sampleSizes\.weekly/],
    ] as const) {
      const r = await cli(['-c', config('bad.yaml', yaml), '--db', db.path, 'sample', '--control', 'A.8.5', '--from', '2025-03-01', '--to', '2025-03-10']);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    }
  });
});
