import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEstateFile } from '../../src/demo/estate/load.js';
import { startFakeAws, type FakeAws } from '../../src/demo/fakes/server.js';
import { startFakeGitHub, type FakeGithub } from '../../src/demo/fakes/github/server.js';
import { DEMO_CONFIG, DEMO_ESTATE, demoEnvironment } from '../../src/demo/environment.js';
import type { Estate } from '../../src/demo/estate/schema.js';
import { EvidenceStore } from '../../src/store/index.js';
import { slotStates, type SlotState } from '../../src/period/index.js';

/** The demo estate served on loopback (the shared fakes), and the environment its config reads. */
export interface DemoFakes {
  readonly estate: Estate;
  readonly aws: FakeAws;
  readonly github: FakeGithub;
  readonly env: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

export async function startDemoFakes(opts: { latencyMs?: number } = {}): Promise<DemoFakes> {
  const estate = structuredClone(await loadEstateFile(DEMO_ESTATE));
  const aws = await startFakeAws({ estate, ...(opts.latencyMs !== undefined ? { latencyMs: opts.latencyMs } : {}) });
  const github = await startFakeGitHub({ estate });
  return {
    estate,
    aws,
    github,
    env: demoEnvironment(estate, aws.endpoints, github),
    close: async () => {
      await aws.close();
      await github.close();
    },
  };
}

/** A temp folder holding the demo configuration plus a `schedule:` section (and anything else appended). */
export function writeDemoConfig(extraYaml: string): { dir: string; config: string; db: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cw-daemon-'));
  const config = join(dir, 'controlwatch.yaml');
  // An ephemeral port: daemons under test run beside each other and beside other test files.
  const server = /^server:/m.test(extraYaml) ? '' : 'server: { listen: "127.0.0.1:0" }\n';
  writeFileSync(config, `${readFileSync(DEMO_CONFIG, 'utf8')}\n${extraYaml}\n${server}`);
  return { dir, config, db: join(dir, 'evidence.db') };
}

/** The ledger as the HTTP API reads it (src/period), from a read-only connection. */
export function readLedger(db: string): SlotState[] {
  const store = EvidenceStore.open(db, { readonly: true });
  try {
    return slotStates(store, '2000-01-01T00:00:00.000Z', '2100-01-01T00:00:00.000Z');
  } finally {
    store.close();
  }
}

/** Polls until `probe` returns a value (not a timed assertion: the deadline only bounds a hang). */
export async function waitFor<T>(what: string, probe: () => T | undefined | false, deadlineMs = 60_000, everyMs = 100): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    let value: T | undefined | false;
    try {
      value = probe();
    } catch {
      value = undefined; // the store may not exist yet
    }
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
