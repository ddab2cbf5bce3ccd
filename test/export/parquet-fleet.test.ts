import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillHistory } from '../../src/demo/backfill.js';
import type { HistoryScenario } from '../../src/demo/history-scenario.js';
import { startLiveEstate, type LiveEstate } from '../../src/demo/live-estate.js';
import type { AppConfig } from '../../src/config/schema.js';
import { loadRegistry } from '../../src/registry/index.js';
import { EvidenceStore } from '../../src/store/index.js';
import { cli } from '../cli/in-process.js';

/**
 * The fleet's query path (issue 15, "beyond one machine"): two agents with different scopes — agent A
 * owns AWS account 111111111111, agent B account 222222222222 and the GitHub organisation acme — each
 * write their own store with real runs over the demo's protocol fakes (the demo's backfill, a simulated
 * clock per day). Each exports `--format parquet`; DuckDB reads both files as one table and answers an
 * org-wide question, failing controls per account per day, which must agree with `period` on each store.
 */
const DOC = fileURLToPath(new URL('../../docs/parquet-export.md', import.meta.url));
const BASE: HistoryScenario = {
  days: 4,
  runHourUtc: 6,
  outage: [],
  // Never applied unless a scenario moves it into the window (offsets -3 … -1).
  drift: { from: 9, to: 9, account: '111111111111', bucket: 'prod-audit-evidence', control: 'A.5.33' },
  exceptionExpires: -30,
};
/** A: the evidence bucket loses Object Lock on day -2 (A.5.33 fails that day only). B: down on day -2 (no run). */
const AGENTS = {
  a: { accounts: ['111111111111'], github: false, scenario: { ...BASE, drift: { ...BASE.drift, from: -2, to: -2 } } },
  b: { accounts: ['222222222222'], github: true, scenario: { ...BASE, outage: [-2] } },
} as const;
type Agent = keyof typeof AGENTS;

let dir: string;
let days: string[];
let duck: DuckDBConnection;
const db = (agent: Agent) => join(dir, `${agent}.db`);
const parquet = (agent: Agent) => join(dir, `${agent}.parquet`);
const configFile = () => join(dir, 'read.yaml');

/** The demo configuration narrowed to one agent's partition. */
function partition(live: LiveEstate, agent: Agent): AppConfig {
  const { github, ...rest } = live.config;
  const spec = AGENTS[agent];
  const aws = { ...live.config.aws!, accounts: live.config.aws!.accounts.filter((a) => (spec.accounts as readonly string[]).includes(a.id)) };
  return { ...rest, aws, ...(spec.github && github ? { github } : {}) } as AppConfig;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cw-parquet-fleet-'));
  writeFileSync(configFile(), 'version: 1\naudit:\n  timezone: UTC\n');
  const now = new Date();
  const today = Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00Z`);
  days = [-3, -2, -1].map((o) => new Date(today + o * 86_400_000).toISOString().slice(0, 10));
  const live = await startLiveEstate();
  try {
    for (const agent of Object.keys(AGENTS) as Agent[]) {
      const config = partition(live, agent);
      const r = await backfillHistory({ dbPath: db(agent), live: { ...live, config }, registry: loadRegistry(config), log: pino({ level: 'silent' }), now, scenario: AGENTS[agent].scenario });
      expect(r.runs).toBe(3 - AGENTS[agent].scenario.outage.length);
    }
  } finally {
    await live.close();
  }
  for (const agent of Object.keys(AGENTS) as Agent[]) {
    const r = await cli(['-c', configFile(), '--db', db(agent), 'export', '--format', 'parquet', '--from', days[0]!, '--to', days[2]!, '--out', parquet(agent)]);
    expect(r.code, r.stderr).toBe(0);
  }
  duck = await (await DuckDBInstance.create(':memory:')).connect();
}, 240_000);
afterAll(() => {
  duck?.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

const query = async (sql: string) => (await duck.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
const both = () => `read_parquet(['${parquet('a')}', '${parquet('b')}'])`;

/** `period --format json` of one store: per day, the controls whose verdict is `fail`. */
async function failingPerDay(agent: Agent): Promise<Map<string, Set<string>>> {
  const r = await cli(['-c', configFile(), '--db', db(agent), 'period', '--from', days[0]!, '--to', days[2]!, '--format', 'json']);
  expect(r.stderr).toBe('');
  const doc = JSON.parse(r.stdout) as { controls: { framework: string; controlId: string; timeline: { day: string; status: string }[] }[] };
  const out = new Map(days.map((d) => [d, new Set<string>()]));
  for (const c of doc.controls) for (const t of c.timeline) if (t.status === 'fail') out.get(t.day)!.add(`${c.framework} ${c.controlId}`);
  return out;
}

describe('export --format parquet from two agents, queried together with DuckDB', () => {
  it('has the columns and types docs/parquet-export.md documents, and its format in the metadata', async () => {
    const documented = [...readFileSync(DOC, 'utf8').matchAll(/^\| `([a-z_]+)` \| ([^|]+) \|/gm)].map((m) => [m[1], m[2]!.trim()]);
    expect(documented.length).toBeGreaterThan(10);
    const described = (await query(`DESCRIBE SELECT * FROM '${parquet('a')}'`)).map((r) => [r.column_name, r.column_type]);
    expect(described).toEqual(documented);
    const meta = await query(`SELECT decode(key) AS key, decode(value) AS value FROM parquet_kv_metadata('${parquet('b')}')`);
    expect(meta).toEqual(expect.arrayContaining([{ key: 'controlwatch.format', value: 'controlwatch-results/1' }, { key: 'controlwatch.from', value: days[0] }, { key: 'controlwatch.timezone', value: 'UTC' }]));
  });

  it('each file holds its own partition only: one row per result of each sealed run, a run per day, none on the outage day', async () => {
    const units = await query(`SELECT DISTINCT scope_unit FROM ${both()} ORDER BY 1`);
    expect(units.map((u) => u.scope_unit)).toEqual(['aws:111111111111', 'aws:222222222222', 'github:acme']);
    const perFile = await query(`SELECT parse_filename(filename, true) AS agent, string_agg(DISTINCT scope_unit, ',' ORDER BY scope_unit) AS units, count(DISTINCT day) AS days, count(DISTINCT run_id) AS runs FROM read_parquet(['${parquet('a')}', '${parquet('b')}'], filename = true) GROUP BY 1 ORDER BY 1`);
    expect(perFile).toEqual([
      { agent: 'a', units: 'aws:111111111111', days: '3', runs: '3' },
      { agent: 'b', units: 'aws:222222222222,github:acme', days: '2', runs: '2' },
    ]);
    expect(await query(`SELECT count(*) AS n FROM '${parquet('b')}' WHERE day = DATE '${days[1]}'`)).toEqual([{ n: '0' }]);
    // Every row carries its run's seal, and each run has exactly as many rows as its stored result counts add up to.
    for (const agent of Object.keys(AGENTS) as Agent[]) {
      const store = EvidenceStore.open(db(agent), { readonly: true });
      try {
        const stored = store.listRuns({ status: 'sealed' }).map((run) => ({ seal: run.seal, n: String(store.resultSets(run.id).reduce((sum, set) => sum + Object.values(set.counts).reduce((a, b) => a + b, 0), 0)) }));
        const exported = await query(`SELECT seal, count(*) AS n FROM '${parquet(agent)}' GROUP BY seal`);
        expect(exported.sort((x, y) => String(x.seal).localeCompare(String(y.seal)))).toEqual(stored.sort((x, y) => String(x.seal).localeCompare(String(y.seal))));
      } finally {
        store.close();
      }
    }
  });

  it('answers "failing controls per account per day" for the fleet, and each agent\'s answer is what its period says', async () => {
    const rows = await query(`
      SELECT scope_unit AS account, strftime(day, '%Y-%m-%d') AS day, list(DISTINCT c.framework || ' ' || c.control_id ORDER BY 1) AS failing
      FROM (SELECT scope_unit, day, unnest(controls) AS c FROM ${both()} WHERE status = 'fail')
      GROUP BY ALL ORDER BY account, day`);
    const answer = new Map(rows.map((r) => [`${r.account} ${r.day}`, new Set(r.failing as string[])]));
    expect(answer.size).toBeGreaterThan(0);

    // Agent A is one account: its per-account answer is exactly its period's failing controls, day by day.
    const a = await failingPerDay('a');
    for (const day of days) expect([...(answer.get(`aws:111111111111 ${day}`) ?? [])].sort(), `A ${day}`).toEqual([...a.get(day)!].sort());
    // The drift shows: the evidence bucket's Object Lock check fails on day -2 only, and A.5.33 with it.
    const lock = await query(`SELECT strftime(day, '%Y-%m-%d') AS day, status FROM '${parquet('a')}' WHERE check_id = 's3.bucket_object_lock_enabled' AND resource_id = 'arn:aws:s3:::prod-audit-evidence' ORDER BY day`);
    expect(lock).toEqual([{ day: days[0], status: 'pass' }, { day: days[1], status: 'fail' }, { day: days[2], status: 'pass' }]);
    expect(answer.get(`aws:111111111111 ${days[1]}`)?.has('iso27001-2022 A.5.33')).toBe(true);

    // Agent B spans an account and an organisation: a control fails in its period when it fails in either.
    const b = await failingPerDay('b');
    for (const day of days) {
      const union = new Set([...(answer.get(`aws:222222222222 ${day}`) ?? []), ...(answer.get(`github:acme ${day}`) ?? [])]);
      expect([...union].sort(), `B ${day}`).toEqual([...b.get(day)!].sort());
    }
    // The outage day: no rows, and period says no evidence rather than zero failures meaning "clean".
    expect(b.get(days[1]!)!.size).toBe(0);
    expect(answer.has(`aws:222222222222 ${days[1]}`)).toBe(false);
  });

  it('--framework keeps only the checks of that framework, and lists only its controls', async () => {
    const file = join(dir, 'soc2.parquet');
    const r = await cli(['-c', configFile(), '--db', db('a'), 'export', '--format', 'parquet', '--from', days[0]!, '--to', days[2]!, '--framework', 'soc2-2017', '--out', file]);
    expect(r.code, r.stderr).toBe(0);
    const [stats] = await query(`SELECT count(*) AS n, count(*) FILTER (WHERE len(controls) = 0) AS unmapped, count(*) FILTER (WHERE list_filter(controls, c -> c.framework <> 'soc2-2017') <> []) AS other FROM '${file}'`);
    expect(Number(stats!.n)).toBeGreaterThan(0);
    expect(stats).toMatchObject({ unmapped: '0', other: '0' });
  });
});
