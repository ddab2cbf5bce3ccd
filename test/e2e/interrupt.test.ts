import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { EvidenceStore } from '../../src/store/index.js';
import { demoForProcesses, type DemoForProcesses } from '../helpers/demo-for-processes.js';
import { finished, spawnCli } from '../helpers/cli.js';

/**
 * Ctrl-C (SIGINT) or SIGTERM during `run`: the run is marked `incomplete` on the way out, with a log
 * line, and the process exits 130 / 143 — not left `running` until the next start finds it.
 */
describe('a run interrupted by a signal', () => {
  let demo: DemoForProcesses;
  let fake: DemoForProcesses['fake'];
  let env: NodeJS.ProcessEnv;
  let dir: string;
  let cfg: string;
  const db = () => join(dir, 'controlwatch.db');

  beforeAll(async () => {
    demo = await demoForProcesses('cw-interrupt-');
    ({ fake, env, dir, cfg } = demo);
    fake.faults.inject({ service: 'iam', operation: 'GetAccountAuthorizationDetails', kind: 'Timeout' });
  });
  afterAll(async () => {
    await demo?.close();
  });

  it.each([
    ['SIGTERM', 143, 1],
    ['SIGINT', 130, 2],
  ] as const)('%s: exit %i, the run marked incomplete at once, a log line says so', async (signal, code, runId) => {
    const child = spawnCli(['--config', cfg, 'run'], { env });
    const done = finished(child);
    await waitFor(() => runs('running').includes(runId));
    child.kill(signal);
    const out = await done;
    expect(out.code).toBe(code);
    expect(out.stderr).toContain(`run ${runId} interrupted: marked incomplete (not evidence)`);
    // No later start has run: the mark was made on the way out.
    expect(runs('running')).toEqual([]);
    expect(runs('incomplete')).toContain(runId);
  }, 60_000);

  function runs(status: 'running' | 'incomplete'): number[] {
    try {
      const store = EvidenceStore.open(db(), { readonly: true });
      try {
        return store.listRuns({ status }).map((r) => r.id);
      } finally {
        store.close();
      }
    } catch {
      return [];
    }
  }
});

async function waitFor(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}
