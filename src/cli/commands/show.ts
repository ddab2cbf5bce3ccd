import { Argument, type Command } from 'commander';
import { formatOption, printJson } from '../formats.js';
import { openStore, resolveConfig, storePath } from '../../engine/config-resolution.js';
import type { GlobalOptions } from '../global-options.js';
import { loadRegistry } from '../../registry/index.js';
import { NoEvidenceError, openEvidence, producersFrom, type EvidenceReader } from '../../period/index.js';
import { parseRunId } from './report.js';
import { CliError, EXIT, type ExitCode } from '../exit-codes.js';

/**
 * `controlwatch show RESULT-or-RESOURCE [--run N]`: what an auditor asks for when they point at one row —
 * the result(s), the observation behind them (the stored blob, decompressed), the collection and calls
 * that produced it, and the run's seal with the seal it chains to. A RESULT is `CHECK_ID@RESOURCE_ID`;
 * a bare resource id shows every check's result on it.
 */
export function registerShow(program: Command, setExit: (code: ExitCode) => void): void {
  program
    .command('show')
    .description('one result or resource in a sealed run: result, observation (decompressed), collection calls, seal')
    .addArgument(new Argument('<item>', 'a resource id (e.g. arn:aws:iam::111111111111:user/bob) or CHECK_ID@RESOURCE_ID'))
    .option('--run <id>', 'this sealed run instead of the latest')
    .addOption(formatOption(['table', 'json']))
    .action((item: string, _opts, cmd: Command) => {
      const opts = cmd.optsWithGlobals<GlobalOptions & { run?: string; format: 'table' | 'json' }>();
      const resolved = resolveConfig(opts, false, { secrets: 'not-needed' });
      const registry = loadRegistry(resolved.config);
      const store = openStore(storePath(opts, resolved), true);
      try {
        const evidence = openEvidence(store, { timezone: resolved.config.audit.timezone, producers: producersFrom(registry.collectors) });
        const runId = opts.run === undefined ? latest(evidence) : parseRunId(opts.run);
        const shown = showItem(evidence, runId, item);
        if (opts.format === 'json') printJson(shown);
        else process.stdout.write(asText(shown));
      } finally {
        store.close();
      }
      setExit(EXIT.ok);
    });
}

function latest(evidence: EvidenceReader): number {
  const run = evidence.latestSealedRun();
  if (!run) throw new NoEvidenceError('no sealed run in the evidence store yet: run `controlwatch run` first');
  return run.id;
}

/** `CHECK@RESOURCE` when the part before `@` is a known check id in the run; otherwise the whole text is a resource id. */
function parseItem(item: string, checkIds: ReadonlySet<string>): { checkId: string | null; resourceId: string } {
  const at = item.indexOf('@');
  if (at > 0 && checkIds.has(item.slice(0, at))) return { checkId: item.slice(0, at), resourceId: item.slice(at + 1) };
  return { checkId: null, resourceId: item };
}

export function showItem(evidence: EvidenceReader, runId: number, item: string) {
  const all = evidence.results(runId);
  const { checkId, resourceId } = parseItem(item, new Set(all.map((r) => r.checkId)));
  const results = all.filter((r) => r.resourceId === resourceId && (checkId === null || r.checkId === checkId));
  if (results.length === 0) {
    throw new CliError(`run ${runId} has no result for ${checkId ? `check ${checkId} on ` : ''}${resourceId} (ids are exact: copy them from \`report\`)`, EXIT.usage);
  }
  const material = evidence.runMaterial(runId, [...new Set(results.map((r) => r.checkId))], new Set([resourceId]));
  const scopes = new Set(results.map((r) => r.scope));
  return {
    run: { id: material.run.id, startedAt: material.run.startedAt, finishedAt: material.run.finishedAt, trigger: material.run.trigger, seal: material.run.seal, prevSeal: material.run.prevSeal },
    resourceId,
    results: results.map((r) => ({ checkId: r.checkId, scope: r.scope, status: r.status, reason: r.reason, ...(r.underlying ? { underlying: r.underlying } : {}), ...(r.exceptionId ? { exceptionId: r.exceptionId } : {}) })),
    observations: material.observations.map((o) => ({ collector: o.collector, scope: o.scope, blobSha256: o.hash, observation: o.blob })),
    collections: material.collections
      .filter((c) => scopes.has(c.scope) && material.observations.some((o) => o.collector === c.collector && o.scope === c.scope))
      .map((c) => ({ collector: c.collector, scope: c.scope, status: c.status, error: c.error, startedAt: c.startedAt, finishedAt: c.finishedAt, apiCalls: c.apiCalls, throttles: c.throttles, callsByOperation: c.callsByOperation, manifestSha256: c.manifestHash })),
  };
}

function asText(s: ReturnType<typeof showItem>): string {
  const lines = [
    `run ${s.run.id} (${s.run.trigger}, ${s.run.startedAt} → ${s.run.finishedAt ?? '-'})`,
    `  seal       ${s.run.seal ?? '-'}`,
    `  chained to ${s.run.prevSeal ?? '(first sealed run)'}`,
    `resource ${s.resourceId}`,
    '',
  ];
  for (const r of s.results) lines.push(`${r.checkId}: ${r.status.toUpperCase()}${r.underlying ? ` (underlying ${r.underlying}, exception ${r.exceptionId})` : ''} — ${r.reason}`, `  scope ${r.scope}`);
  for (const o of s.observations) lines.push('', `observation from ${o.collector} in ${o.scope} (blob sha256 ${o.blobSha256}):`, JSON.stringify(o.observation, null, 2));
  if (s.observations.length === 0) lines.push('', 'no observation behind these results (the scope or population could not be collected: the reason says why)');
  for (const c of s.collections) {
    lines.push('', `collection ${c.collector} ${c.scope}: ${c.status}${c.error ? ` (${c.error})` : ''}, ${c.apiCalls} API calls, ${c.throttles} throttled, ${c.startedAt} → ${c.finishedAt}; manifest sha256 ${c.manifestSha256}`);
    for (const [op, n] of Object.entries(c.callsByOperation ?? {}).sort(([a], [b]) => a.localeCompare(b))) lines.push(`  ${op}: ${n}`);
  }
  return lines.join('\n') + '\n';
}
