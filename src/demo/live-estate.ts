import { readFileSync } from 'node:fs';
import { parseConfig } from '../config/load.js';
import { ConfigSchema, type AppConfig } from '../config/schema.js';
import { loadEstateFile } from './estate/load.js';
import type { Estate } from './estate/schema.js';
import { startFakeAws, type FakeAws } from './fakes/server.js';
import { startFakeGitHub, type FakeGithub } from './fakes/github/server.js';
import { DEMO_CONFIG, DEMO_ESTATE, demoEnvironment } from './environment.js';

/**
 * The demo estate served for longer than one run (`demo --serve`): the same fakes as `demo`, with a
 * clock the caller can move (the backfill replays past days; the estate's relative dates resolve
 * against it) and the estate object itself, which the fakes read on every request, so a scenario can
 * change it between runs.
 */
export interface LiveEstate {
  readonly estate: Estate;
  readonly config: AppConfig;
  readonly aws: FakeAws;
  /** Sets the fakes' clock; undefined → the real clock again. */
  setClock(clock: (() => Date) | undefined): void;
  close(): Promise<void>;
}

export async function startLiveEstate(extra: { exceptions?: readonly unknown[] } = {}): Promise<LiveEstate> {
  const estate = await loadEstateFile(DEMO_ESTATE);
  let clock: (() => Date) | undefined;
  const now = () => (clock ? clock() : new Date());
  const aws = await startFakeAws({ estate, now });
  let github: FakeGithub | undefined;
  try {
    if (estate.github !== undefined) github = await startFakeGitHub({ estate, now });
    const parsed = parseConfig(readFileSync(DEMO_CONFIG, 'utf8'), DEMO_CONFIG, demoEnvironment(estate, aws.endpoints, github));
    // Exceptions dated relative to today cannot be written in the YAML; they go through the schema like any other.
    const config = extra.exceptions?.length ? ConfigSchema.parse({ ...parsed, exceptions: [...parsed.exceptions, ...extra.exceptions] }) : parsed;
    return {
      estate,
      config,
      aws,
      setClock: (c) => {
        clock = c;
      },
      close: async () => {
        await aws.close();
        await github?.close();
      },
    };
  } catch (err) {
    await aws.close();
    await github?.close();
    throw err;
  }
}
