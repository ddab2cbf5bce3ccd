/**
 * The benchmark's machine-speed sampler (machine-speed.ts, startSpeedSampler): times the fixed CPU work once every
 * interval and appends `<epoch ms> <ms>` lines to the file it was given; tells its parent after the first sample, and
 * ends when the parent goes away.
 *
 *   node --import tsx test/bench/estate-scale/speed-sampler.ts <file> <interval ms>
 */
import { appendFileSync } from 'node:fs';
import { calibrationMs } from './machine-speed.js';

const [path, interval] = [process.argv[2], Number(process.argv[3])];
if (path === undefined || !(interval > 0)) {
  process.stderr.write(`usage: speed-sampler.ts <file> <interval ms>; got ${JSON.stringify(process.argv.slice(2))}\n`);
  process.exit(2);
}
const sample = () => appendFileSync(path, `${Date.now()} ${calibrationMs().toFixed(2)}\n`);
sample();
process.send?.('ready');
setInterval(sample, interval);
process.on('disconnect', () => process.exit(0));
