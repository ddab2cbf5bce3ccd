import { CronExpressionParser } from 'cron-parser';
import { CronWalk } from '../util/cron-walk.js';

/**
 * Slot arithmetic over the cron expression. node-cron wakes the daemon but forgets what it did
 * not see; the ledger needs to name every slot that fell while the agent was down, so slots are
 * enumerated with cron-parser (the same 5/6-field syntax, the same time zone).
 */

/** A slot is identified by its scheduled second (node-cron's own wake-up time carries milliseconds). */
export function slotIso(date: Date): string {
  return new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString();
}

/** Slots strictly after `afterIso` and at or before `until`, oldest first, at most `cap` of the newest. */
export function slotsBetween(cron: string, timezone: string, afterIso: string, until: Date, cap = 10_000): string[] {
  // Not hasNext(): it ends quietly on a search cron-parser cannot finish (a DST change at Lord Howe), which lost every
  // later slot; the walk goes on past it (util/cron-walk.ts).
  const walk = new CronWalk(cron, timezone, Date.parse(afterIso), until.getTime() + 1);
  const out: string[] = [];
  for (let firing = walk.next(); firing !== null; firing = walk.next()) {
    const at = slotIso(new Date(firing));
    if (at <= afterIso) continue;
    if (Date.parse(at) > until.getTime()) break;
    out.push(at);
    if (out.length > cap) out.shift();
  }
  return out;
}

/** The first slot strictly after `from`. */
export function nextSlot(cron: string, timezone: string, from: Date): string {
  return slotIso(CronExpressionParser.parse(cron, { currentDate: from, tz: timezone }).next().toDate());
}

/** The latest slot at or before `at` (the slot a wake-up at `at` belongs to). */
export function slotAtOrBefore(cron: string, timezone: string, at: Date): string {
  return slotIso(CronExpressionParser.parse(cron, { currentDate: new Date(at.getTime() + 1), tz: timezone }).prev().toDate());
}

/** Typical gap between slots (readiness: "last sealed run younger than 2× the schedule interval"). */
export function intervalMs(cron: string, timezone: string, from: Date): number {
  const it = CronExpressionParser.parse(cron, { currentDate: from, tz: timezone });
  const a = it.next().toDate().getTime();
  const b = it.next().toDate().getTime();
  return b - a;
}
