import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { EvidenceStore } from '../../src/store/index.js';
import { demoForProcesses, type DemoForProcesses } from '../helpers/demo-for-processes.js';
import { finished, runCliProcess, spawnCli } from '../helpers/cli.js';

/**
 * A run killed mid-collection (SIGKILL: no cleanup code runs) must stay visible as `incomplete`,
 * never count as evidence, and leave the earlier sealed evidence and the chain intact.
 */
describe('a run killed midway', () => {
  let demo: DemoForProcesses;
  let fake: DemoForProcesses['fake'];
  let env: NodeJS.ProcessEnv;
  let dir: string;
  let cfg: string;
  const db = () => join(dir, 'controlwatch.db');

  beforeAll(async () => {
    demo = await demoForProcesses('cw-crash-');
    ({ fake, env, dir, cfg } = demo);
  });
  afterAll(async () => {
    await demo?.close();
  });

  it('is marked incomplete at the next start; earlier evidence and the chain are intact', async () => {
    const first = await runCliProcess(['--config', cfg, 'run', '--format', 'json'], { env });
    expect(first.code).toBe(8); // sealed, with the demo's deliberate failures, all new (no earlier run)
    const firstSeal = JSON.parse(first.stdout).seal as string;

    fake.faults.inject({ service: 'iam', operation: 'GetAccountAuthorizationDetails', kind: 'Timeout' });
    const child = spawnCli(['--config', cfg, 'run'], { env });
    const done = finished(child);
    await waitFor(() => fake.requests.some((r) => r.action === 'GetAccountAuthorizationDetails') && runningRuns().length === 1);
    child.kill('SIGKILL');
    const killed = await done;
    expect(killed.signal).toBe('SIGKILL');
    expect(runningRuns()).toEqual([2]); // nothing cleaned up after the kill
    fake.faults.clear();

    const third = await runCliProcess(['--config', cfg, 'run', '--format', 'json'], { env });
    expect(third.code).toBe(1);
    expect(JSON.parse(third.stdout).run.id).toBe(3);

    const store = EvidenceStore.open(db(), { readonly: true });
    try {
      expect(store.getRun(2)?.status).toBe('incomplete');
      expect(store.resultSets(2)).toEqual([]);
      expect(store.getRun(1)?.seal).toBe(firstSeal);
      expect(store.getRun(3)?.prevSeal).toBe(firstSeal); // the chain skips the incomplete run
      expect(store.previousSealedRun(3)?.id).toBe(1);
    } finally {
      store.close();
    }
    const verify = await runCliProcess(['--config', cfg, 'verify'], { env });
    expect(verify.code).toBe(0);
    expect(verify.stdout).toContain('run 2 is incomplete: not evidence');
    expect(verify.stdout).toContain('chain intact');
  }, 60_000);

  function runningRuns(): number[] {
    try {
      const store = EvidenceStore.open(db(), { readonly: true });
      try {
        return store.listRuns({ status: 'running' }).map((r) => r.id);
      } finally {
        store.close();
      }
    } catch {
      return []; // not created yet
    }
  }
});

async function waitFor(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
