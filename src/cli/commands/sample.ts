import { Option, type Command } from 'commander';
import { packFiles, writePack, type IntegrityFiles } from '../../export/pack.js';
import { newSeed } from '../../sample/algorithm.js';
import { drawSample, type Sample } from '../../sample/sample.js';
import { FREQUENCIES, parseSizes, type Frequency } from '../../sample/sizes.js';
import type { ControlRef } from '../../period/index.js';
import { formatOption, printJson } from '../formats.js';
import { CliError, EXIT, type ExitCode } from '../exit-codes.js';
import { withPeriodAsync, type OpenPeriod, type PeriodCliOptions } from './period.js';

interface SampleOptions extends PeriodCliOptions {
  size?: string;
  seed?: string;
  sizes?: string;
  frequency?: Frequency;
  out?: string;
  format: 'table' | 'json';
}

/** The one control a sample is drawn for; several frameworks naming the same id need --framework. */
export function oneControl(controls: readonly ControlRef[], id: string): ControlRef {
  const found = controls.filter((c) => c.controlId === id);
  if (found.length === 0) throw new CliError(`no automated check and no declared manual control maps to control ${id}`, EXIT.usage);
  if (found.length > 1) throw new CliError(`control ${id} exists in ${found.map((c) => c.framework).join(' and ')}; choose one with --framework`, EXIT.usage);
  return found[0]!;
}

/** Draws the sample (and writes its pack when `out` is set) inside an open period. */
export function sampleIn(p: OpenPeriod, opts: { control: string; seed: string; size?: number; sizes?: string; frequency?: Frequency; out?: string; integrity?: IntegrityFiles }): Sample {
  const ref = oneControl(p.ctx.controls, opts.control);
  const changeType = p.ctx.changeTypeOf(ref);
  const frequency = opts.frequency ?? (changeType ? 'per-change' : 'daily');
  // A sample of days or periods shows the drawn days' runs only: their seals are checked below, and of the
  // other runs only the chain links (a deleted or re-sealed run), not every row of a year (issue 15; README
  // "Sampling"). A per-change population opens every run's observations, each checked as it is read.
  const byDay = frequency !== 'per-change';
  // A sample of days needs only whether each day has evidence: the drawn days' cells and gaps (their counts and
  // collections) are read after the draw.
  const days = byDay ? p.ctx.evidence.controlDays(p.range, ref, { ...p.options, sealChecks: 'chain-only' }) : null;
  const control = days ?? p.ctx.evidence.periodReport(p.range, [ref], p.options).controls[0]!;
  let sizes;
  try {
    sizes = parseSizes(opts.sizes, p.sampleSizes);
  } catch (err) {
    throw new CliError((err as Error).message, EXIT.usage);
  }
  const sample = drawSample(p.ctx.evidence, { control, frequency, seed: opts.seed, size: opts.size ?? sizes[frequency], ...(changeType ? { changeType } : {}) });
  // Every sealed run of a drawn day that evaluated the control, not only the one whose verdict is shown.
  if (days) p.ctx.evidence.assertSealed([...days.cellsOn(sample.items.map((i) => i.day)).values()].flatMap((c) => c.runs.map((r) => r.runId)));
  if (opts.out) {
    if (!opts.integrity) throw new Error('an evidence pack needs its integrity material');
    writePack(opts.out, packFiles(p.ctx.evidence, sample, opts.integrity));
  }
  return sample;
}

export function registerSample(program: Command, setExit: (code: ExitCode) => void): void {
  program
    .command('sample')
    .description('draw a reproducible sample of a control\'s population (days, or merged pull requests for change-level controls; gap days stay in as "no evidence"); --out writes an evidence pack')
    .requiredOption('--control <id>', 'the control to sample')
    .requiredOption('--from <day>', 'first audit day, YYYY-MM-DD')
    .requiredOption('--to <day>', 'last audit day, YYYY-MM-DD')
    .option('--framework <id...>', 'the framework of the control (when the id exists in several)', [])
    .option('--size <n>', 'sample size (default by frequency: per-change and daily 25, weekly 5, monthly and quarterly 2, annual 1; configurable as audit.sampleSizes)')
    .option('--sizes <list>', 'default sizes per frequency, over audit.sampleSizes, e.g. daily=40,weekly=10')
    .addOption(new Option('--frequency <f>', 'how often the control operates (default: per-change for change-level controls, else daily)').choices([...FREQUENCIES]))
    .option('--seed <text>', 'the seed (printed; a random one is chosen and printed when absent)')
    .option('--out <dir>', 'write an evidence pack for the sampled items into this new directory')
    .addOption(formatOption(['table', 'json']))
    .action(async (_opts, cmd: Command) => {
      const raw = cmd.optsWithGlobals<Omit<SampleOptions, 'control'> & { control: string }>();
      if (raw.size !== undefined && !/^\d+$/.test(raw.size)) throw new CliError(`--size expects a whole number, got "${raw.size}"`, EXIT.usage);
      const seed = raw.seed ?? newSeed();
      const opts: PeriodCliOptions = { ...raw, control: [raw.control] };
      const sample = await withPeriodAsync(opts, { from: raw.from!, to: raw.to! }, async (p) =>
        sampleIn(p, {
          control: raw.control,
          seed,
          ...(raw.size ? { size: Number(raw.size) } : {}),
          ...(raw.sizes ? { sizes: raw.sizes } : {}),
          ...(raw.frequency ? { frequency: raw.frequency } : {}),
          ...(raw.out ? { out: raw.out, integrity: await p.integrity() } : {}),
        }),
      );
      if (raw.format === 'json') printJson(sample);
      else process.stdout.write(renderSample(sample, raw.out));
      setExit(EXIT.ok);
    });
}

function renderSample(s: Sample, out: string | undefined): string {
  const lines = [
    `control ${s.framework} ${s.controlId}, ${s.from} to ${s.to} (audit days in ${s.timezone}), frequency ${s.frequency}`,
    `seed: ${s.seed}`,
    `algorithm: ${s.algorithm}`,
    `population: ${s.populationSize} item(s), ${s.populationGaps} without evidence (kept in the population)`,
    `sample: ${s.size} item(s)`,
    ...s.items.map((i) => `  ${i.id.padEnd(24)} ${i.day}  run ${String(i.runId ?? '—').padEnd(5)} ${i.status === 'no_evidence' ? 'no evidence' : i.status}${i.gap ? ` (${i.gap.reason}: ${i.gap.detail})` : ''}`),
  ];
  if (out) lines.push(`evidence pack written to ${out} (open index.html; check with sha256sum -c SHA256SUMS)`);
  return lines.join('\n') + '\n';
}
