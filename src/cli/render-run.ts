import Table from 'cli-table3';
import type { RunOutcome } from '../runner/run.js';
import type { Registry } from '../registry/index.js';
import { emptyCounts } from '../model/status.js';
import { addCounts } from '../report/rollup.js';
import { resultCore } from '../report/result-document.js';
import type { Report } from '../report/types.js';

/**
 * `run --format json`: the shared result document (src/report/result-document.ts, the same core as
 * `report --format json`, read back from the sealed run) plus what only a run knows: every result with
 * its mapped controls, the expected scopes, discovery, and what each collection cost.
 */
export function runAsJson(outcome: RunOutcome, registry: Registry, report: Report) {
  const mappings = new Map(registry.checks.map((c) => [c.definition.id, c.metadata.mappings]));
  return {
    ...resultCore(report, 'run'),
    seal: outcome.seal,
    expected: outcome.expected,
    discovery: outcome.discovery,
    collections: outcome.collected.map((c) => ({
      collector: c.collector.id,
      scope: c.scope,
      status: c.status,
      error: c.error,
      observations: c.observations.length,
      gaps: c.gaps,
      apiCalls: c.stats.calls,
      throttles: c.stats.throttles,
    })),
    results: outcome.results.map((r) => ({
      checkId: r.checkId,
      resourceId: r.resourceId,
      scope: r.scope,
      status: r.status,
      reason: r.reason,
      controls: mappings.get(r.checkId) ?? {},
    })),
  };
}

/** `run` default output: one line per collection and a count table per check. */
export function runAsTable(outcome: RunOutcome): string {
  const lines: string[] = [];
  lines.push(`run ${outcome.runId} sealed ${outcome.finishedAt} (seal ${outcome.seal.slice(0, 16)}…)`);
  for (const d of outcome.discovery) {
    const skipped = d.skipped.length ? `, skipped ${d.skipped.map((x) => `${x.key} (${x.why})`).join(', ')}` : '';
    lines.push(
      d.status === 'ok'
        ? `  discovery ${d.id}: ${d.found.length} added${skipped}`
        : `  discovery ${d.id} FAILED (${d.error}); ${d.found.length ? `the ${d.found.length} scopes last discovered in run ${d.discoveredInRun} stay expected and are recorded as errors` : 'nothing discovered earlier to fall back on'}`,
    );
  }
  lines.push(coverageLine(outcome.coverage));
  for (const m of outcome.coverage.missing) lines.push(`    not covered: ${m.collector} ${m.scope}: ${m.reason}`);
  for (const c of outcome.collected) {
    const extra = c.error ? `: ${c.error}` : c.gaps.length ? `: ${c.gaps.map((g) => `${g.type} unknown (${g.reason})`).join('; ')}` : '';
    lines.push(`  ${c.collector.id} ${c.scope}: ${c.status}, ${c.observations.length} observations, ${c.stats.calls} API calls, ${c.stats.throttles} throttled${extra}`);
  }
  const byCheck = new Map<string, ReturnType<typeof emptyCounts>>();
  for (const s of outcome.resultSets) {
    const counts = byCheck.get(s.checkId) ?? emptyCounts();
    for (const r of s.results) counts[r.status] += 1;
    byCheck.set(s.checkId, counts);
  }
  const t = new Table({ head: ['check', 'pass', 'fail', 'error', 'exc.', 'n/a'], style: { head: [], border: [], compact: true } });
  const total = emptyCounts();
  for (const [id, c] of [...byCheck.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    t.push([id, c.pass, c.fail, c.error, c.excepted, c.not_applicable]);
    addCounts(total, c);
  }
  t.push(['total', total.pass, total.fail, total.error, total.excepted, total.not_applicable]);
  lines.push(t.toString());
  return lines.join('\n') + '\n';
}

/** The first thing a reader must know: did the run look at everything it was expected to? */
export function coverageLine(c: RunOutcome['coverage']): string {
  const label = c.status === 'complete' ? 'complete' : c.status === 'partial' ? 'PARTIAL' : 'EMPTY';
  return `  coverage ${label}: ${c.collected} of ${c.expected} expected scopes collected`;
}
