import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GithubChangeWindowAttributes } from '../../collectors/github/observations.js';
import { DEMO_CONFIG, DEMO_ESTATE, demoEnvironment } from '../../src/demo/environment.js';
import { loadEstateFile } from '../../src/demo/estate/load.js';
import { startFakeGitHub, type FakeGithub } from '../../src/demo/fakes/github/server.js';
import { startFakeAws, type FakeAws } from '../../src/demo/fakes/server.js';
import { EvidenceStore } from '../../src/store/index.js';
import { finished, runCliProcess, spawnCli } from '../helpers/cli.js';
import { storedObservations } from '../reliability/github-runs.js';
import { recordFigures, SEED, size } from './figures.js';

/**
 * The crash loop (issue 14, the suite's point 2): the real CLI's `run` SIGKILLed at random moments of its life —
 * before the run row, mid-collection, while sealing, after — then, each time: SQLite's integrity_check is ok,
 * `verify` finds nothing wrong, every run sealed before the kill (acknowledged evidence) is still there with
 * its seal. At the end the next run seals, every killed run that had begun is `incomplete`, and the complete
 * GitHub change windows of the sealed runs still tile (each starts where the one before ended). One more kill lands
 * inside the seal transaction for certain (the store's test hook, src/store/seal-pause.ts).
 */
const CRASHES = size(1, 50);

describe(`crash loop: ${CRASHES} SIGKILLs at random moments (seed ${SEED})`, () => {
  let aws: FakeAws;
  let github: FakeGithub;
  let env: NodeJS.ProcessEnv;
  let dir: string;
  let cfg: string;
  const db = () => join(dir, 'controlwatch.db');
  const figures = { crashesSurvived: 0, acknowledgedRowsLost: 0, evidenceGaps: 0 };

  beforeAll(async () => {
    const estate = await loadEstateFile(DEMO_ESTATE);
    aws = await startFakeAws({ estate });
    github = await startFakeGitHub({ estate });
    env = demoEnvironment(estate, aws.endpoints, github);
    dir = mkdtempSync(join(tmpdir(), 'cw-crash-loop-'));
    cfg = join(dir, 'controlwatch.yaml');
    writeFileSync(cfg, readFileSync(DEMO_CONFIG, 'utf8'));
  });
  afterAll(async () => {
    recordFigures('crash-loop', figures);
    await aws?.close();
    await github?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  /** Sealed runs (acknowledged evidence): id → seal. */
  function sealedRuns(): Map<number, string> {
    if (!existsSync(db())) return new Map();
    const store = EvidenceStore.open(db(), { readonly: true });
    try {
      return new Map(store.listRuns({ status: 'sealed' }).map((r) => [r.id, r.seal!]));
    } finally {
      store.close();
    }
  }

  /** What must hold after every kill; returns the problems in words. */
  function afterKill(acknowledged: Map<number, string>): string[] {
    if (!existsSync(db())) return acknowledged.size === 0 ? [] : ['the store is gone'];
    const problems: string[] = [];
    const raw = new Database(db(), { readonly: true, fileMustExist: true });
    try {
      const integrity = raw.pragma('integrity_check', { simple: true });
      if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`);
    } finally {
      raw.close();
    }
    const store = EvidenceStore.open(db(), { readonly: true });
    try {
      const report = store.verify();
      if (!report.ok) problems.push(`verify: ${report.problems.join('; ')}`);
      for (const [id, seal] of acknowledged) {
        const run = store.getRun(id);
        if (run?.status !== 'sealed' || run.seal !== seal) {
          figures.acknowledgedRowsLost += 1;
          problems.push(`acknowledged run ${id} lost or changed (${run?.status ?? 'missing'})`);
        }
      }
    } finally {
      store.close();
    }
    return problems;
  }

  it('every kill leaves a verifiable store with no acknowledged run lost; the next run seals and windows tile', async () => {
    // A first, whole run: evidence to protect, and how long a run takes (process start included).
    const started = Date.now();
    const first = await runCliProcess(['--config', cfg, 'run', '--format', 'json'], { env });
    const runMs = Date.now() - started;
    expect(first.code, first.stderr).toBe(8);

    const moments = fc.sample(fc.integer({ min: 0, max: Math.round(runMs * 1.1) }), { numRuns: CRASHES, seed: SEED });
    const problems: string[] = [];
    for (const [i, at] of moments.entries()) {
      const acknowledged = sealedRuns();
      const child = spawnCli(['--config', cfg, 'run'], { env });
      const done = finished(child);
      await new Promise((r) => setTimeout(r, at));
      child.kill('SIGKILL');
      const ended = await done;
      const found = afterKill(acknowledged);
      if (found.length === 0) figures.crashesSurvived += 1;
      problems.push(...found.map((p) => `kill ${i + 1} at ${at} ms (${ended.signal ?? `exit ${ended.code}`}): ${p}`));
    }
    expect(problems).toEqual([]);

    const next = await runCliProcess(['--config', cfg, 'run', '--format', 'json'], { env });
    expect([0, 1, 5, 8], next.stderr).toContain(next.code);
    const store = EvidenceStore.open(db(), { readonly: true });
    try {
      expect(store.verify().problems).toEqual([]);
      // Every killed run that had begun is now incomplete (the next writer's recovery): none is left running.
      const runs = store.listRuns({});
      expect(runs.filter((r) => r.status === 'running')).toEqual([]);
      expect(runs.filter((r) => r.status === 'sealed').length).toBeGreaterThanOrEqual(2);
      const nextId = (JSON.parse(next.stdout) as { run: { id: number } }).run.id;
      expect(store.getRun(nextId)?.status).toBe('sealed');
      // Change windows of the sealed runs still tile, per organisation and population.
      const sealed = runs.filter((r) => r.status === 'sealed').sort((a, b) => a.id - b.id);
      const windows = sealed.flatMap((r) =>
        store
          .collections(r.id)
          .filter((c) => c.collector === 'github')
          .flatMap((c) => storedObservations<GithubChangeWindowAttributes>(store, r.id, 'github', c.scope, 'github.change_window').map((o) => ({ scope: c.scope, ...o.attributes }))),
      );
      expect(windows.length).toBeGreaterThan(0);
      for (const key of new Set(windows.map((w) => `${w.scope} ${w.population}`))) {
        const complete = windows.filter((w) => `${w.scope} ${w.population}` === key && w.complete).sort((a, b) => a.from.localeCompare(b.from));
        for (let i = 1; i < complete.length; i++) {
          if (complete[i]!.from !== complete[i - 1]!.until) {
            figures.evidenceGaps += 1;
            problems.push(`${key}: window ${complete[i]!.from} does not start where ${complete[i - 1]!.until} ended`);
          }
        }
      }
    } finally {
      store.close();
    }
    expect(problems).toEqual([]);
  }, 3_600_000);

  it('a kill inside the seal transaction (before COMMIT): integrity ok, the run is not sealed, then incomplete, the next run seals', async () => {
    // Random moments land in the seal's few milliseconds too rarely: the store's test hook
    // (src/store/seal-pause.ts) writes the run id to a marker file and blocks before COMMIT; the kill follows.
    const marker = join(dir, 'in-seal');
    const acknowledged = sealedRuns();
    const child = spawnCli(['--config', cfg, 'run'], { env: { ...env, CONTROLWATCH_TEST_PAUSE_IN_SEAL: marker } });
    const done = finished(child);
    const deadline = Date.now() + 120_000;
    while (!existsSync(marker) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(existsSync(marker), 'the run reached its seal transaction').toBe(true);
    const killedId = Number(readFileSync(marker, 'utf8'));
    child.kill('SIGKILL');
    expect(Number.isInteger(killedId) && killedId > 0, `the marker names the run in its seal: ${killedId}`).toBe(true);
    expect((await done).signal).toBe('SIGKILL');
    expect(afterKill(acknowledged)).toEqual([]);
    const killed = new Database(db(), { readonly: true });
    try {
      // The seal's UPDATE and the run's rows rolled back with the transaction: still `running`, no seal, no rows.
      expect(killed.prepare('SELECT status, seal FROM runs WHERE id = ?').get(killedId)).toEqual({ status: 'running', seal: null });
      expect(killed.prepare('SELECT COUNT(*) AS n FROM result_sets WHERE run_id = ?').get(killedId)).toEqual({ n: 0 });
    } finally {
      killed.close();
    }
    figures.crashesSurvived += 1;

    const next = await runCliProcess(['--config', cfg, 'run', '--format', 'json'], { env });
    expect([0, 1, 5, 8], next.stderr).toContain(next.code);
    const store = EvidenceStore.open(db(), { readonly: true });
    try {
      expect(store.verify().problems).toEqual([]);
      expect(store.getRun(killedId)?.status).toBe('incomplete');
      const nextId = (JSON.parse(next.stdout) as { run: { id: number } }).run.id;
      expect(nextId).toBeGreaterThan(killedId);
      expect(store.getRun(nextId)?.status).toBe('sealed');
    } finally {
      store.close();
    }
  }, 600_000);
});
