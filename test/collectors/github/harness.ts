import { Writable } from 'node:stream';
import { pino } from 'pino';
import { ConfigSchema, type AppConfig } from '../../../src/config/schema.js';
import { loadEstateFile } from '../../../src/demo/estate/load.js';
import type { Estate } from '../../../src/demo/estate/schema.js';
import { startFakeGitHub, type FakeGithub, type FakeGithubOptions } from '../../../src/demo/fakes/github/server.js';
import { CallStats } from '../../../src/sdk/call-stats.js';
import { createGithubCollector } from '../../../collectors/github/collector.js';
import type { CollectionOutput, PreviousCollection } from '../../../src/model/collector.js';
import type { Observation } from '../../../src/model/observation.js';

/** Shared set-up: the demo estate's `github:` section served by the real fake, collected by the real collector (real Octokit + plugins) over HTTP. */

export const DEMO_ESTATE_PATH = new URL('../../../config/demo/estate.yaml', import.meta.url).pathname;
export const NOW = new Date('2026-03-15T12:00:00.000Z');

export async function demoEstate(): Promise<Estate> {
  return loadEstateFile(DEMO_ESTATE_PATH);
}

export function token(estate: Estate, name: string): string {
  const t = estate.github?.tokens.find((x) => x.name === name);
  if (t === undefined) throw new Error(`no token ${name}`);
  return t.token;
}

export async function startGithub(options: Partial<FakeGithubOptions> = {}): Promise<{ estate: Estate; fake: FakeGithub }> {
  const estate = options.estate ?? (await demoEstate());
  const fake = await startFakeGitHub({ now: NOW, ...options, estate });
  return { estate, fake };
}

export interface AppAuthOptions {
  readonly appId: number | string;
  readonly privateKey: string;
  readonly installationId: number | string;
}

/** `token` for token auth, or `app` for GitHub App installation auth. */
export function githubConfig(o: { url: string; token?: string; app?: AppAuthOptions; include?: string[]; exclude?: string[]; lookbackDays?: number; maxThrottleRetries?: number }): AppConfig {
  return ConfigSchema.parse({
    version: 1,
    github: {
      baseUrl: o.url,
      auth: o.app ?? { token: o.token },
      organizations: [{ name: 'acme', repositories: { include: o.include ?? ['*', 'secret-project'], exclude: o.exclude ?? [] } }],
      pullRequests: { lookbackDays: o.lookbackDays ?? 30 },
      requestTimeoutMs: 5_000,
      maxThrottleRetries: o.maxThrottleRetries ?? 2,
    },
  });
}

export interface Collected extends CollectionOutput {
  readonly stats: CallStats;
  readonly logs: string;
}

/** Runs the collector's first (only) target; `clock` is the collection start, default NOW. */
export async function collect(config: AppConfig, opts: { previous?: PreviousCollection | null; clock?: Date } = {}): Promise<Collected> {
  let logs = '';
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs += chunk.toString();
      done();
    },
  });
  const collector = createGithubCollector({ timeScaleMs: 5 });
  const [target] = collector.targets(config.github!);
  if (target === undefined) throw new Error('no github target');
  const stats = new CallStats();
  try {
    const out = await collector.collect(target, { log: pino({ level: 'debug' }, sink), stats, sleep: async () => undefined, previous: opts.previous ?? null, startedAt: (opts.clock ?? NOW).toISOString() });
    return { ...out, stats, logs };
  } catch (error) {
    // A failed collection: the logs up to the failure stay inspectable (e.g. that no secret was logged).
    throw new CollectionFailed(error, logs);
  }
}

export class CollectionFailed extends Error {
  constructor(
    readonly original: unknown,
    readonly logs: string,
  ) {
    super(original instanceof Error ? original.message : String(original));
  }
}

export function find(out: CollectionOutput, type: string, id: string): Observation {
  const o = out.observations.find((x) => x.type === type && x.id === id);
  if (o === undefined) throw new Error(`no ${type} ${id}; have ${out.observations.map((x) => x.id).join(', ')}`);
  return o;
}

export function attrs<T = Record<string, unknown>>(out: CollectionOutput, type: string, id: string): T {
  return find(out, type, id).attributes as T;
}
