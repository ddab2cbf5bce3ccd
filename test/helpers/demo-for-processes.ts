import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEstateFile } from '../../src/demo/estate/load.js';
import { startFakeAws } from '../../src/demo/fakes/server.js';
import { startFakeGitHub, type FakeGithub } from '../../src/demo/fakes/github/server.js';
import { DEMO_CONFIG, DEMO_ESTATE, demoEnvironment } from '../../src/demo/environment.js';

/** The demo fakes on loopback and a demo config in a fresh folder, for tests that run the CLI as a real process. */
export interface DemoForProcesses {
  readonly fake: Awaited<ReturnType<typeof startFakeAws>>;
  readonly github: FakeGithub;
  /** The environment a CLI process needs to reach the fakes. */
  readonly env: NodeJS.ProcessEnv;
  readonly dir: string;
  readonly cfg: string;
  close(): Promise<void>;
}

/**
 * `requestTimeoutMs` is raised to 2 minutes, so a hang injected into a fake outlasts whatever the test does to
 * the process meanwhile (a kill, a signal).
 */
export async function demoForProcesses(prefix: string): Promise<DemoForProcesses> {
  const estate = await loadEstateFile(DEMO_ESTATE);
  const fake = await startFakeAws({ estate });
  const github = await startFakeGitHub({ estate });
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const cfg = join(dir, 'controlwatch.yaml');
  writeFileSync(cfg, readFileSync(DEMO_CONFIG, 'utf8').replace('requestTimeoutMs: 5000', 'requestTimeoutMs: 120000'));
  return {
    fake,
    github,
    env: demoEnvironment(estate, fake.endpoints, github),
    dir,
    cfg,
    async close() {
      fake.faults.clear();
      await fake.close();
      await github.close();
    },
  };
}
