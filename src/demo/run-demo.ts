import { readFileSync } from 'node:fs';
import { parseConfig } from '../config/load.js';
import type { AppConfig } from '../config/schema.js';
import { createLogger } from '../log.js';
import { runPipeline, type PipelineResult } from '../engine/pipeline.js';
import { loadEstateFile } from './estate/load.js';
import type { Estate } from './estate/schema.js';
import { startFakeAws } from './fakes/server.js';
import { startFakeGitHub, type FakeGithub } from './fakes/github/server.js';
import { DEMO_CONFIG, DEMO_ESTATE, demoEnvironment } from './environment.js';
import { seedDemoAttestation } from './attestation.js';

export interface DemoRun extends PipelineResult {
  readonly config: AppConfig;
  readonly estate: Estate;
}

/**
 * One demo run: serves the simulated estate on 127.0.0.1, runs the engine's real pipeline against it
 * (real SDK clients, real checks, a real sealed store at `dbPath`) and stops the fakes again.
 * The CLI loads this module only when `demo` runs, so no other command loads the fakes.
 */
export async function runDemo(dbPath: string, logLevel?: string): Promise<DemoRun> {
  const estate = await loadEstateFile(DEMO_ESTATE);
  const fake = await startFakeAws({ estate });
  let github: FakeGithub | undefined;
  try {
    if (estate.github !== undefined) github = await startFakeGitHub({ estate });
    const config = parseConfig(readFileSync(DEMO_CONFIG, 'utf8'), DEMO_CONFIG, demoEnvironment(estate, fake.endpoints, github));
    const log = createLogger(logLevel ?? config.log.level);
    seedDemoAttestation(dbPath, config);
    const { outcome, registry } = await runPipeline(config, dbPath, 'demo', log);
    return { outcome, registry, config, estate };
  } finally {
    await fake.close();
    await github?.close();
  }
}
