/**
 * `npm run bench:period`: builds the 365-day test history (test/period/history.ts) and prints how long
 * writing it, the period figures over the year, the daily log, and a 25-item sample with its evidence
 * pack take. Printed, not asserted: timings are for people, tests stay deterministic.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openEvidence, producersFrom } from '../../src/period/index.js';
import { packFiles } from '../../src/export/pack.js';
import { drawSample } from '../../src/sample/sample.js';
import { EvidenceStore } from '../../src/store/index.js';
import { CONTROLS, writeHistory, YEAR } from '../period/history.js';

const path = join(mkdtempSync(join(tmpdir(), 'cw-bench-period-')), 'e.db');
const time = <T>(label: string, f: () => T): T => {
  const t = performance.now();
  const out = f();
  console.log(`${label.padEnd(44)} ${(performance.now() - t).toFixed(1).padStart(8)} ms`);
  return out;
};

const writer = EvidenceStore.open(path);
time('write 365-day history (store API)', () => writeHistory(writer));
writer.close();

const store = EvidenceStore.open(path, { readonly: true });
const evidence = openEvidence(store, { timezone: 'UTC', producers: producersFrom([{ id: 'github', produces: { 'github.pull_request': {} } }, { id: 'aws-s3', produces: { 'aws.s3.bucket': {} } }]) });
for (let i = 0; i < 4; i++) time(`period figures, 365 days, 2 controls (#${i + 1})`, () => evidence.periodReport(YEAR, CONTROLS));
const report = evidence.periodReport(YEAR, CONTROLS);
time('daily log, 365 days', () => evidence.dailyLog(report, { isEventCheck: (id) => id === 'chk.pr', ownersOfCheck: () => [], ownersOfControl: () => [] }));
const sample = time('sample: 25 days of control T 1', () => drawSample(evidence, { control: report.controls[0]!, frequency: 'daily', seed: 'bench', size: 25 }));
time('sample: 25 merged pull requests (T 2)', () => drawSample(evidence, { control: report.controls[1]!, frequency: 'per-change', changeType: 'github.pull_request', seed: 'bench', size: 25 }));
time('evidence pack files for the 25 days', () => packFiles(evidence, sample, () => []));
store.close();
