import { Option, type Command } from 'commander';
import { resolveConfig, storePath, openStore } from '../../engine/config-resolution.js';
import { checkFrameworkFilter } from '../../engine/catalog-info.js';
import { loadRegistry } from '../../registry/index.js';
import { daysOf, utcWindow } from '../../period/days.js';
import { slotStates } from '../../period/ledger.js';
import { schedulesExpectedDays } from '../../period/schedule-days.js';
import { planSchedules } from '../../scheduler/schedules.js';
import type { DayRange, PeriodOptions, PeriodReport } from '../../period/index.js';
import { buildExport } from '../../export/document.js';
import { periodContext, type PeriodContext } from '../../export/period-context.js';
import { renderPeriodCsv, renderPeriodTable } from '../../export/period-render.js';
import { dirname, resolve } from 'node:path';
import { loadIntegrity } from '../../integrity/setup.js';
import { packIntegrityFiles } from '../../integrity/pack-integrity.js';
import type { IntegrityFiles } from '../../export/pack.js';
import { formatOption, printJson, type Format } from '../formats.js';
import type { GlobalOptions } from '../global-options.js';
import type { AppConfig } from '../../config/schema.js';
import { CliError, EXIT, type ExitCode } from '../exit-codes.js';

export interface PeriodCliOptions extends GlobalOptions {
  from?: string;
  to?: string;
  framework: string[];
  control: string[];
}

/** What a period command works on, open for the duration of `use` (the store is closed after). */
export interface OpenPeriod {
  readonly ctx: PeriodContext;
  readonly range: DayRange;
  /** The open store (for src/integrity's pack material); read it through `ctx.evidence` otherwise. */
  readonly store: ReturnType<typeof openStore>;
  /** Period options: collectors per check and the schedule's expected days. */
  readonly options: PeriodOptions;
  /** The period report over the selected controls (expected days from the configured schedule). */
  readonly report: () => PeriodReport;
  /** The configured default sample sizes per frequency (`audit.sampleSizes`). */
  readonly sampleSizes: NonNullable<AppConfig['audit']['sampleSizes']>;
  /** The pack writer's integrity files: seal material to the head, signatures, public keys, checkpoints (src/integrity). */
  readonly integrity: () => Promise<IntegrityFiles>;
}

export function addPeriodOptions(cmd: Command, required = true): Command {
  return cmd
    .addOption(new Option('--from <day>', 'first audit day, YYYY-MM-DD').makeOptionMandatory(required))
    .addOption(new Option('--to <day>', 'last audit day, YYYY-MM-DD').makeOptionMandatory(required))
    .option('--framework <id...>', 'only controls of these frameworks', [])
    .option('--control <id...>', 'only these control ids', []);
}

export interface PeriodOpenOptions {
  /**
   * Start checking the seals of the range's sealed runs on a worker thread as soon as the store is open, for a
   * command whose answer checks them all (the period report of `period`, `export`, `log`): the answer's seal
   * check then only shares what is left (EvidenceStore.checkSealsAhead). A command that checks a few runs
   * (`sample`) would only pay the worker's start.
   */
  readonly sealsAhead?: boolean;
}

/** Resolves config and registry, validates the range and filters, opens the store read-only, runs `use`, closes. */
export function withPeriod<T>(opts: PeriodCliOptions, range: DayRange, use: (p: OpenPeriod) => T, open: PeriodOpenOptions = {}): T {
  const { period, close } = openPeriod(opts, range, open);
  try {
    return use(period);
  } finally {
    close();
  }
}

/** withPeriod for work that awaits (reading checkpoints from the anchors for an evidence pack). */
export async function withPeriodAsync<T>(opts: PeriodCliOptions, range: DayRange, use: (p: OpenPeriod) => Promise<T>, open: PeriodOpenOptions = {}): Promise<T> {
  const { period, close } = openPeriod(opts, range, open);
  try {
    return await use(period);
  } finally {
    close();
  }
}

/**
 * Below this many sealed runs the seal check stays on this thread: the worker's start costs this thread ~10-20 ms
 * (building the runs' material parts, creating the worker) and its own start ~30-60 ms of wall time, against
 * ~0.6 ms per run checked here, so for a short range it gains nothing. On the default-size year on the busy
 * 2-core machine a month (30 runs) was slower with the worker (7-run medians 143-302 ms against 126-166 ms), a
 * quarter (92 runs) about even, a year faster (issue 15).
 */
const SEALS_AHEAD_FROM_RUNS = 60;

/**
 * Opens the store and starts the seal check of the range's sealed runs on a worker (EvidenceStore.checkSealsAhead;
 * not for a short range) before the registry is loaded, so that the worker starts meanwhile (~40 ms). A failure
 * is handed back, not thrown: the caller raises it after the usage checks, where opening the store always failed.
 */
function openWithSealsAhead(opts: PeriodCliOptions, resolved: ReturnType<typeof resolveConfig>, range: DayRange): { store?: ReturnType<typeof openStore>; error?: unknown } {
  let store: ReturnType<typeof openStore> | undefined;
  try {
    daysOf(range); // an invalid range is refused by the caller, before any store is opened
  } catch {
    return {};
  }
  try {
    store = openStore(storePath(opts, resolved), true);
    // The runs runsByDay (src/period/runs.ts) will ask about are among these: the same window, before its day and trigger filters.
    const { fromIso, toIso } = utcWindow(range);
    const sealed = store.runsStartedBetween(fromIso, toIso).flatMap((r) => (r.status === 'sealed' ? [r.id] : []));
    if (sealed.length >= SEALS_AHEAD_FROM_RUNS) store.checkSealsAhead(sealed);
    return { store };
  } catch (error) {
    store?.close();
    return { error };
  }
}

function openPeriod(opts: PeriodCliOptions, range: DayRange, open: PeriodOpenOptions): { period: OpenPeriod; close: () => void } {
  const resolved = resolveConfig(opts, false, { secrets: 'not-needed' });
  const ahead = open.sealsAhead ? openWithSealsAhead(opts, resolved, range) : undefined;
  let registry: ReturnType<typeof loadRegistry>;
  try {
    registry = loadRegistry(resolved.config);
    const problem = checkFrameworkFilter(registry, opts.framework);
    if (problem) throw new CliError(problem, EXIT.usage);
    try {
      daysOf(range);
    } catch (err) {
      throw new CliError((err as Error).message, EXIT.usage);
    }
  } catch (err) {
    ahead?.store?.close();
    throw err;
  }
  if (ahead?.error !== undefined) throw ahead.error;
  const store = ahead?.store ?? openStore(storePath(opts, resolved), true);
  try {
    const ctx = periodContext(store, resolved.config, registry, { frameworks: opts.framework, controls: opts.control });
    if (opts.control.length > 0 && ctx.controls.length === 0) throw new CliError(`no automated check and no declared manual control maps to control ${opts.control.join(', ')}${opts.framework.length ? ` in ${opts.framework.join(', ')}` : ''}`, EXIT.usage);
    // Expected days follow the daemon's `schedule.cron` (read through its optional shape, so this command
    // does not depend on the schedule section's other keys); without one, every day is expected.
    // With per-collector schedules, a day is expected when any schedule fires on it, and each control's
    // expected days are those of the collectors that feed it (schedulesExpectedDays).
    const expected = schedulesExpectedDays(planSchedules(resolved.config.schedule, registry.collectors.map((c) => c.id)), resolved.config.audit.timezone, range);
    const isExpectedDay = expected.isExpectedDay;
    // The daemon's slot ledger, when the store has one: its slots are expected days and name why a day has no run.
    const { fromIso, toIso } = utcWindow(range);
    const slots = slotStates(store, fromIso, toIso);
    const options = {
      ...ctx.periodOptions,
      isExpectedDay,
      ...(expected.expectedDayOfCollector ? { expectedDayOfCollector: expected.expectedDayOfCollector } : {}),
      ...(slots.length > 0 ? { slots } : {}),
    };
    const configDir = resolved.path ? dirname(resolve(resolved.path)) : process.cwd();
    const period: OpenPeriod = {
      ctx,
      range,
      store,
      options,
      report: () => ctx.evidence.periodReport(range, ctx.controls, options),
      sampleSizes: resolved.config.audit.sampleSizes ?? {},
      // Public keys and checkpoints (from the anchors) for packs; the private key is optional: an auditor cannot read it.
      integrity: () => packIntegrityFiles(store, loadIntegrity(resolved.config.integrity, configDir, [], { signingKeyOptional: true })),
    };
    return { period, close: () => store.close() };
  } catch (err) {
    store.close();
    throw err;
  }
}

export function registerPeriod(program: Command, setExit: (code: ExitCode) => void): void {
  addPeriodOptions(
    program
      .command('period')
      .description('per control over an audit period: days passed / failed / error / excepted / no evidence, failure episodes and time to remediate, gaps with their reason, and a verdict (exit 1 when some control has exceptions to note)'),
  )
    .addOption(formatOption())
    .action((_opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals<PeriodCliOptions & { format: Format }>();
      const range = { from: opts.from!, to: opts.to! };
      const doc = withPeriod(opts, range, (p) => buildExport(p.report(), p.ctx.titleOf, p.ctx.evidence), { sealsAhead: true });
      if (opts.format === 'json') printJson(doc);
      else if (opts.format === 'csv') process.stdout.write(renderPeriodCsv(doc));
      else process.stdout.write(renderPeriodTable(doc));
      setExit(doc.controls.every((c) => c.verdict === 'operated every day in the period') ? EXIT.ok : EXIT.findings);
    });
}
