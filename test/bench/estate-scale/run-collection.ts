import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeAws } from '../../../src/demo/fakes/server.js';
import { AwsRateLimiter, DEFAULT_AWS_RATE_LIMITS } from '../../../src/demo/fakes/rate-limits.js';
import { startFakeGitHub } from '../../../src/demo/fakes/github/server.js';
import { GITHUB_RATE_LIMITS, GithubRateLimiter } from '../../../src/demo/fakes/github/rate-limits.js';
import { EvidenceStore } from '../../../src/store/index.js';
import type { ChildJob, ChildResult } from './collect-child.js';
import { ACCOUNT_IDS, countsFor, generateEstate, GITHUB_TOKEN, ORGS, REGIONS, type EstateCounts } from './estate.js';
import { boundMs, minimumCalls, SERVICES, total, type Service } from './minimum.js';

/**
 * One daily run of the generated estate at `factor`: the fakes (with latency and rate limits) in this process,
 * controlwatch's real pipeline in a child process (collect-child.ts), then the figures: calls per service
 * against the minimum (minimum.ts), throttled answers, retries, results lost to throttling, wall times, peak RSS.
 */

export interface RunSettings {
  readonly factor: number;
  readonly latencyMs: number;
  /** Requests in flight per partition and service, for the bound (see minimum.ts). */
  readonly concurrency: number;
  /** The agent's `collectionThreads`: threads collecting AWS scopes, its own included. */
  readonly threads: number;
  /** How long GitHub's rate-limit "hour" lasts here (its minute is 1/60 of it). */
  readonly githubHourMs: number;
  readonly workDir: string;
  /** When set, the agent's process writes a V8 CPU profile (.cpuprofile) there: where its CPU time goes. */
  readonly profileDir?: string;
}

export interface ServiceFigures {
  readonly calls: number;
  /** False for a service the minimum does not model yet (a collector added after the benchmark): no target. */
  readonly modelled: boolean;
  readonly minimum: number;
  readonly throttled: number;
  readonly retries: number;
  readonly resources: number;
  readonly callsPerResource: number;
  readonly minimumPerResource: number;
  readonly boundMs: number;
  /** Operations whose calls exceed their minimum, with both counts (the "why" of a ratio above 1). */
  readonly excess: Record<string, { calls: number; minimum: number }>;
  /** Operations called fewer times than their minimum: the model counts a call the agent did not need, or the agent skipped a read. */
  readonly below: Record<string, { calls: number; minimum: number }>;
}

export interface CollectorFigures {
  readonly calls: number;
  readonly throttles: number;
  readonly scopes: number;
  readonly wallMs: number;
  readonly errorScopes: number;
}

export interface CollectionFigures {
  readonly factor: number;
  readonly counts: EstateCounts;
  readonly resources: number;
  readonly wallMs: number;
  readonly collectionMs: number;
  /** The collection's span as epoch ms (machine-speed.ts reads the machine's speed over it). */
  readonly collectionWindow: { readonly from: number; readonly to: number };
  readonly checkAndStoreMs: number;
  readonly boundMs: number;
  readonly maxRssMb: number;
  /** Peaks of process.memoryUsage() parts in the agent's process (collect-child.ts). */
  readonly memoryPeaksMb: Record<string, number>;
  /** CPU seconds of the agent's process for the whole run. */
  readonly cpuSeconds: number;
  readonly calls: number;
  readonly minimum: number;
  readonly results: number;
  readonly lostToThrottling: number;
  readonly errorResults: number;
  readonly byService: Record<string, ServiceFigures>;
  readonly byCollector: Record<string, CollectorFigures>;
  readonly dbPath: string;
  readonly runId: number;
}

const CHILD = fileURLToPath(new URL('./collect-child.ts', import.meta.url));
const THROTTLE_TEXT = /throttl|rate limit|rate exceeded|slowdown|slow down|toomanyrequests|too many requests/i;

function serviceOf(operation: string): string {
  if (/^(GET|POST|PUT|PATCH|DELETE) /.test(operation)) return 'github';
  return operation.split(':')[0]!;
}

function runChild(job: ChildJob, profileDir: string | undefined): Promise<ChildResult> {
  const jobPath = join(job.resultPath + '.job.json');
  writeFileSync(jobPath, JSON.stringify(job));
  const profile = profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...profile, '--import', 'tsx', CHILD, jobPath], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`collection child exited ${code}`));
      resolve(JSON.parse(readFileSync(job.resultPath, 'utf8')) as ChildResult);
    });
  });
}

export async function runCollection(s: RunSettings): Promise<CollectionFigures> {
  const estate = generateEstate(s.factor);
  const counts = countsFor(s.factor);
  const aws = new AwsRateLimiter(DEFAULT_AWS_RATE_LIMITS);
  const ghSpec = { ...GITHUB_RATE_LIMITS, hourMs: s.githubHourMs, minuteMs: s.githubHourMs / 60 };
  const gh = new GithubRateLimiter(ghSpec);
  const fakeAws = await startFakeAws({ estate, latencyMs: s.latencyMs, rateLimits: aws });
  const fakeGithub = await startFakeGitHub({ estate, latencyMs: s.latencyMs, rateLimits: gh });
  const tag = `x${s.factor}`;
  const dbPath = join(s.workDir, `collection-${tag}.db`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(dbPath + suffix, { force: true });
  let child: ChildResult;
  try {
    const e = fakeAws.endpoints;
    const config = {
      version: 1,
      log: { level: 'silent' },
      // Scopes at once: the estate's five heavy scopes (three accounts' buckets, two organisations) all start at
      // once with the IAM reads beside them, as an operator would set it for this estate (docs/scaling.md).
      concurrency: 8,
      // The AWS scopes' SDK work spread over this many threads (src/runner/collection-threads.ts): the run is CPU-bound on one.
      collectionThreads: s.threads,
      aws: {
        endpoints: { iam: e.iam, sts: e.sts, s3: e.s3, s3control: e.s3control, config: e.config, cloudtrail: e.cloudtrail, accessanalyzer: e.accessanalyzer },
        s3ForcePathStyle: true,
        // Buckets read at once per account, a request in flight each: the concurrency the bound assumes (minimum.ts).
        s3BucketConcurrency: s.concurrency,
        // The SDK's adaptive mode: client-side rate limiting after the first throttle, then retries.
        retry: { mode: 'adaptive', maxAttempts: 10 },
        accounts: estate.aws!.accounts.map((a) => ({
          id: a.id,
          regions: [...REGIONS],
          credentials: { accessKeyId: a.credentials.access_key_id, secretAccessKey: a.credentials.secret_access_key },
        })),
      },
      github: { baseUrl: fakeGithub.url, auth: { token: GITHUB_TOKEN }, organizations: ORGS.map((name) => ({ name })), maxThrottleRetries: 10 },
    };
    child = await runChild({ config, dbPath, resultPath: join(s.workDir, `collection-${tag}.json`) }, s.profileDir);
  } finally {
    await fakeAws.close();
    await fakeGithub.close();
  }

  const minimum = minimumCalls(estate, REGIONS);
  const specFor = (op: string) => {
    const spec = DEFAULT_AWS_RATE_LIMITS.operations?.[op] ?? DEFAULT_AWS_RATE_LIMITS.services[op.split(':')[0] as keyof typeof DEFAULT_AWS_RATE_LIMITS.services];
    return spec === undefined ? undefined : { rate: spec.ratePerSecond, burst: spec.burst };
  };
  const bound = boundMs(minimum, { latencyMs: s.latencyMs, concurrency: s.concurrency, ratePerSecond: specFor, githubPerWindow: ghSpec.restPerHour, githubWindowMs: ghSpec.hourMs });

  // What the agent counted (every HTTP attempt), from the sealed run's collections.
  const store = EvidenceStore.open(dbPath, { readonly: true });
  const byOperation: Record<string, number> = {};
  const byCollector: Record<string, CollectorFigures> = {};
  const spans: Record<string, [number, number]> = {};
  let lost = 0;
  let errorResults = 0;
  try {
    for (const c of store.collections(child.runId)) {
      for (const [op, n] of Object.entries(c.callsByOperation)) byOperation[op] = (byOperation[op] ?? 0) + n;
      const prev = byCollector[c.collector] ?? { calls: 0, throttles: 0, scopes: 0, wallMs: 0, errorScopes: 0 };
      const span = (spans[c.collector] ??= [Number.POSITIVE_INFINITY, 0]);
      span[0] = Math.min(span[0], Date.parse(c.startedAt));
      span[1] = Math.max(span[1], Date.parse(c.finishedAt));
      byCollector[c.collector] = {
        calls: prev.calls + c.apiCalls,
        throttles: prev.throttles + c.throttles,
        scopes: prev.scopes + 1,
        wallMs: span[1] - span[0],
        errorScopes: prev.errorScopes + (c.status === 'error' ? 1 : 0),
      };
      if (c.status === 'error' && THROTTLE_TEXT.test(c.error ?? '')) lost += c.observationCount;
    }
    // A result lost to throttling is one whose check could not be evaluated because a call stayed throttled.
    for (const set of store.resultSets(child.runId)) {
      if (set.counts.error === 0) continue;
      for (const r of store.results(set.resultsHash)) {
        if (r.status !== 'error') continue;
        errorResults += 1;
        if (THROTTLE_TEXT.test(r.reason)) lost += 1;
      }
    }
  } finally {
    store.close();
  }

  const resourcesOf: Record<string, number> = {
    sts: ACCOUNT_IDS.length,
    iam: counts.users + counts.roles,
    s3: counts.buckets,
    s3control: ACCOUNT_IDS.length,
    config: ACCOUNT_IDS.length * REGIONS.length,
    cloudtrail: ACCOUNT_IDS.length * REGIONS.length,
    accessanalyzer: ACCOUNT_IDS.length * REGIONS.length,
    github: counts.repositories,
  };
  // Throttled answers as the fakes sent them (the agent's own count is per collector, in byCollector).
  const throttledOf = (service: string) =>
    service === 'github' ? gh.refused.primary + gh.refused.secondary : Object.entries(aws.throttled).filter(([k]) => k.startsWith(`${service}:`)).reduce((n, [, v]) => n + v, 0);
  const byService: Record<string, ServiceFigures> = {};
  const seen = Object.keys(byOperation).map(serviceOf);
  for (const service of [...new Set<string>([...SERVICES, ...seen])]) {
    const modelled = (SERVICES as readonly string[]).includes(service);
    const ops = Object.entries(byOperation).filter(([op]) => serviceOf(op) === service);
    const calls = ops.reduce((n, [, c]) => n + c, 0);
    const minOps: Record<string, number> = {};
    for (const partition of Object.values(modelled ? minimum[service as Service] : {})) for (const [op, n] of Object.entries(partition)) minOps[op] = (minOps[op] ?? 0) + n;
    const min = modelled ? total(minimum[service as Service]) : 0;
    const excess: Record<string, { calls: number; minimum: number }> = {};
    const below: Record<string, { calls: number; minimum: number }> = {};
    for (const op of new Set([...ops.map(([o]) => o), ...Object.keys(minOps)])) {
      const c = byOperation[op] ?? 0;
      const m = minOps[op] ?? 0;
      if (c > m) excess[op] = { calls: c, minimum: m };
      if (c < m) below[op] = { calls: c, minimum: m };
    }
    const throttled = throttledOf(service);
    byService[service] = {
      calls,
      modelled,
      minimum: min,
      throttled,
      // Every throttled answer the agent retried is one more attempt; those not retried are counted as lost.
      retries: throttled,
      resources: resourcesOf[service] ?? ACCOUNT_IDS.length,
      callsPerResource: calls / (resourcesOf[service] ?? ACCOUNT_IDS.length),
      minimumPerResource: min / (resourcesOf[service] ?? ACCOUNT_IDS.length),
      boundMs: modelled ? bound.byService[service as Service] : 0,
      excess,
      below,
    };
  }
  // The run's totals compare like with like: the services the minimum models.
  const calls = Object.values(byService).reduce((n, f) => n + (f.modelled ? f.calls : 0), 0);
  return {
    factor: s.factor,
    counts,
    resources: counts.users + counts.roles + counts.buckets + counts.repositories,
    wallMs: child.wallMs,
    collectionMs: child.collectionMs,
    collectionWindow: child.collectionWindow,
    checkAndStoreMs: child.checkAndStoreMs,
    boundMs: bound.total,
    maxRssMb: child.maxRssKb / 1024,
    memoryPeaksMb: child.memoryPeaksMb,
    cpuSeconds: child.cpuSeconds,
    calls,
    minimum: Object.values(byService).reduce((n, f) => n + f.minimum, 0),
    results: child.results,
    lostToThrottling: lost,
    errorResults,
    byService,
    byCollector,
    dbPath,
    runId: child.runId,
  };
}
