import Table from 'cli-table3';
import { stringify } from 'csv-stringify/sync';
import type { LogEntry } from '../period/index.js';
import type { PeriodExport } from './document.js';

/** `period` as a table: one row per control with its verdict, then its episodes and gaps. */
export function renderPeriodTable(doc: PeriodExport): string {
  const table = new Table({ head: ['framework', 'control', 'pass', 'fail', 'error', 'excepted', 'n/a', 'no evidence', 'first failure', 'longest streak', 'verdict'] });
  for (const c of doc.controls) {
    const t = c.tally;
    table.push([c.framework, c.controlId, t.pass, t.fail, t.error, t.excepted, t.not_applicable, t.no_evidence, c.firstFailure ?? '', c.longestFailingStreak ? `${c.longestFailingStreak.days}d` : '', c.verdict]);
  }
  const lines = [`period ${doc.from} to ${doc.to} (audit days in ${doc.timezone}), ${doc.runs.length} sealed runs`, table.toString()];
  for (const c of doc.controls) {
    if (c.episodes.length === 0 && c.gaps.length === 0) continue;
    lines.push('', `${c.framework} ${c.controlId}: ${c.verdict}`);
    for (const e of c.episodes) {
      lines.push(`  failing ${e.start} → ${e.end ?? 'still failing'}${e.remediatedOn ? `, remediated ${e.remediatedOn} (${e.hoursToRemediate} h)` : ''}, ${e.failingDays} failing day(s)`);
    }
    for (const g of c.gaps) lines.push(`  gap ${g.day}: ${g.reason} — ${g.detail}`);
  }
  return lines.join('\n') + '\n';
}

/** `period --format csv`: one row per control. */
export function renderPeriodCsv(doc: PeriodExport): string {
  return stringify(
    doc.controls.map((c) => ({ framework: c.framework, control: c.controlId, ...c.tally, first_failure: c.firstFailure ?? '', longest_failing_streak: c.longestFailingStreak?.days ?? 0, episodes: c.episodes.length, gaps: c.gaps.length, verdict: c.verdict })),
    { header: true, columns: ['framework', 'control', 'pass', 'fail', 'error', 'excepted', 'not_applicable', 'no_evidence', 'first_failure', 'longest_failing_streak', 'episodes', 'gaps', 'verdict'] },
  );
}

const LOG_COLUMNS = ['day', 'kind', 'subject', 'resource', 'detail', 'owners'] as const;

export function renderLogCsv(entries: readonly LogEntry[]): string {
  return stringify(entries.map((e) => ({ ...e, resource: e.resource ?? '', owners: e.owners.join(' ') })), { header: true, columns: [...LOG_COLUMNS] });
}

/** The log as plain text, one heading per day. */
export function renderLogText(entries: readonly LogEntry[], from: string, to: string): string {
  if (entries.length === 0) return `${from} to ${to}: nothing changed\n`;
  const lines: string[] = [];
  let day = '';
  for (const e of entries) {
    if (e.day !== day) {
      day = e.day;
      lines.push('', day);
    }
    const who = e.owners.length ? ` [${e.owners.join(', ')}]` : '';
    lines.push(`  ${e.kind.replace(/_/g, ' ')}: ${e.subject}${e.resource ? ` ${e.resource}` : ''} — ${e.detail}${who}`);
  }
  return lines.slice(1).join('\n') + '\n';
}
