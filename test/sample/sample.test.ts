import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEvidence, producersFrom, type EvidenceReader, type PeriodReport } from '../../src/period/index.js';
import { draw, rankOf } from '../../src/sample/algorithm.js';
import { drawSample } from '../../src/sample/sample.js';
import { DEFAULT_SIZES, periodOf } from '../../src/sample/sizes.js';
import { EvidenceStore } from '../../src/store/index.js';
import { tempDbPath } from '../period/fixtures.js';
import { CONTROLS, dayOf, HISTORY, writeHistory, YEAR } from '../period/history.js';

const CHILD = fileURLToPath(new URL('./draw-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

let path: string;
let store: EvidenceStore;
let evidence: EvidenceReader;
let report: PeriodReport;

beforeAll(() => {
  path = tempDbPath();
  const writer = EvidenceStore.open(path);
  writeHistory(writer);
  writer.close();
  store = EvidenceStore.open(path, { readonly: true });
  evidence = openEvidence(store, { timezone: 'UTC', producers: producersFrom([{ id: 'aws-s3', produces: { 'aws.s3.bucket': {} } }, { id: 'github', produces: { 'github.pull_request': {} } }]) });
  report = evidence.periodReport(YEAR, CONTROLS);
}, 60_000);
afterAll(() => store.close());

function child(seed: string, size: number): { sample: { items: { id: string; status: string }[]; populationSize: number; seed: string }; dir: string } {
  const dir = join(mkdtempSync(join(tmpdir(), 'cw-pack-')), 'pack');
  const out = execFileSync(process.execPath, ['--import', 'tsx', CHILD, path, seed, String(size), dir], { cwd: ROOT, encoding: 'utf8' });
  return { sample: JSON.parse(out), dir };
}

function filesOf(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

describe('the sampling algorithm', () => {
  it('ranks an item by HMAC-SHA-256(seed, id), exactly what openssl computes by hand', () => {
    const byHand = execFileSync('openssl', ['dgst', '-sha256', '-hmac', 'audit-2026'], { input: '2026-03-14', encoding: 'utf8' });
    expect(byHand.trim().split(/\s+/).at(-1)).toBe(rankOf('audit-2026', '2026-03-14'));
  });

  it('takes the lowest ranks and lists them in id order; another seed draws another sample', () => {
    const ids = Array.from({ length: 50 }, (_, i) => `item-${String(i).padStart(2, '0')}`);
    const picked = draw(ids, (x) => x, 's1', 5);
    const lowest = [...ids].sort((a, b) => rankOf('s1', a).localeCompare(rankOf('s1', b))).slice(0, 5).sort();
    expect(picked.map((p) => p.id)).toEqual(lowest);
    expect(draw(ids, (x) => x, 's2', 5).map((p) => p.id)).not.toEqual(lowest);
  });

  it('has the documented default sizes and period keys', () => {
    expect(DEFAULT_SIZES).toEqual({ 'per-change': 25, daily: 25, weekly: 5, monthly: 2, quarterly: 2, annual: 1 });
    expect([periodOf('2026-01-01', 'weekly'), periodOf('2026-12-31', 'weekly'), periodOf('2026-05-17', 'quarterly'), periodOf('2026-05-17', 'monthly')]).toEqual(['2026-W01', '2026-W53', '2026-Q2', '2026-05']);
  });
});

describe('sampling the 365-day store-API history (synthetic checks, test/period/history.ts)', () => {
  it('keeps gap days in the population as no evidence', () => {
    const all = drawSample(evidence, { control: report.controls[0]!, frequency: 'daily', seed: 'x', size: 365 });
    expect(all.populationSize).toBe(365);
    expect(all.populationGaps).toBe(HISTORY.outage.length + 1);
    const gapItems = all.items.filter((i) => i.status === 'no_evidence');
    expect(gapItems.map((i) => [i.id, i.gap?.reason])).toEqual([...HISTORY.outage.map((d) => [dayOf(d), 'agent_down']), [dayOf(HISTORY.crash), 'run_incomplete']]);
  });

  it('samples merged pull requests for a change-level control, dated by their merge day', () => {
    const s = drawSample(evidence, { control: report.controls[1]!, frequency: 'per-change', changeType: 'github.pull_request', seed: 'prs', size: 400 });
    // One PR merged on each day before a run; the outage days' PRs were never seen (no run), nor the crash day's.
    expect(s.populationSize).toBe(364 - HISTORY.outage.length - 1);
    const bad = s.items.find((i) => i.id === `github:acme/api#${HISTORY.badPr}`)!;
    expect(bad).toMatchObject({ kind: 'change', status: 'fail', day: dayOf(HISTORY.badPr - 1) });
  });

  it('a sample drawn from controlDays (the cells and gaps of the drawn days only) is the one drawn from the period report', () => {
    for (const control of report.controls) {
      const lean = evidence.controlDays(YEAR, control);
      for (const [frequency, size] of [['daily', 365], ['daily', 25], ['weekly', 5], ['monthly', 12]] as const) {
        for (const seed of ['a', 'audit-2026']) {
          const full = drawSample(evidence, { control, frequency, seed, size });
          expect(drawSample(evidence, { control: lean, frequency, seed, size }), `${control.controlId} ${frequency} ${size} ${seed}`).toEqual(full);
        }
      }
    }
  });

  it('weekly frequency draws weeks, each standing on its last day with evidence', () => {
    const s = drawSample(evidence, { control: report.controls[0]!, frequency: 'weekly', seed: 'w', size: DEFAULT_SIZES.weekly });
    expect(s.populationSize).toBe(53);
    expect(s.items).toHaveLength(5);
    for (const i of s.items) expect(periodOf(i.day, 'weekly')).toBe(i.id);
  });

  it('draws the same sample in two other processes and writes byte-identical evidence packs', () => {
    const here = drawSample(evidence, { control: report.controls[0]!, frequency: 'daily', seed: 'fixed-seed-7', size: 60 });
    const a = child('fixed-seed-7', 60);
    const b = child('fixed-seed-7', 60);
    expect(a.sample).toEqual(JSON.parse(JSON.stringify(here)));
    expect(b.sample).toEqual(a.sample);
    // This seed happens to draw a gap day: it is in the sample as no evidence (the population keeps gaps).
    expect(here.items.some((i) => i.status === 'no_evidence')).toBe(true);
    const fa = filesOf(a.dir);
    const fb = filesOf(b.dir);
    expect([...fa.keys()].sort()).toEqual([...fb.keys()].sort());
    for (const [name, bytes] of fa) expect(bytes.equals(fb.get(name)!), name).toBe(true);
    // Every file but the manifest, its sums and the index is listed with its SHA-256, and sha256sum agrees.
    const manifest = JSON.parse(fa.get('manifest.json')!.toString()) as { files: { path: string }[] };
    expect(manifest.files.map((f) => f.path).sort()).toEqual([...fa.keys()].filter((k) => !['manifest.json', 'SHA256SUMS'].includes(k)).sort());
    expect(execFileSync('sha256sum', ['-c', '--quiet', 'SHA256SUMS'], { cwd: a.dir, encoding: 'utf8' })).toBe('');
    // A sampled day holds its results, raw observations, scope, exceptions and the run's seal material.
    const day = here.items.find((i) => i.runId !== null)!;
    const dir = [...fa.keys()].find((k) => k.startsWith('items/') && k.includes(day.id) && k.endsWith('results.json'))!.split('/').slice(0, 2).join('/');
    for (const f of ['item.json', 'results.json', 'scope.json', 'exceptions.json']) expect(fa.has(`${dir}/${f}`), f).toBe(true);
    expect([...fa.keys()].filter((k) => k.startsWith(`${dir}/observations/`)).length).toBeGreaterThan(0);
    expect(fa.has(`integrity/runs/${day.runId}/material.json`)).toBe(true);
  }, 60_000);
});
