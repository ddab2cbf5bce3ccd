/**
 * Run in a separate process by sample.test.ts: opens the store read-only, draws the sample and writes
 * an evidence pack, and prints the sample as JSON, so the test compares draws and packs across processes.
 * argv: <db> <seed> <size> <pack dir>
 */
import { EvidenceStore } from '../../src/store/index.js';
import { openEvidence, producersFrom } from '../../src/period/index.js';
import { drawSample } from '../../src/sample/sample.js';
import { packFiles, writePack } from '../../src/export/pack.js';
import { integrityMaterial } from '../../src/integrity/pack-material.js';
import { CONTROLS, YEAR } from '../period/history.js';

const [db, seed, size, out] = process.argv.slice(2) as [string, string, string, string];
const store = EvidenceStore.open(db, { readonly: true });
const evidence = openEvidence(store, { timezone: 'UTC', producers: producersFrom([{ id: 'aws-s3', produces: { 'aws.s3.bucket': {} } }, { id: 'github', produces: { 'github.pull_request': {} } }]) });
const control = evidence.periodReport(YEAR, CONTROLS).controls[0]!;
const sample = drawSample(evidence, { control, frequency: 'daily', seed, size: Number(size) });
writePack(out, packFiles(evidence, sample, (ids) => integrityMaterial(store, ids)));
store.close();
process.stdout.write(JSON.stringify(sample));
