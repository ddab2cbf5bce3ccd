import { ConfigError } from '../config/errors.js';
import type { ScheduleConfig } from '../config/daemon-schema.js';
import { MAIN_SCHEDULE } from '../store/index.js';

/** The ledger's name for the main schedule (`schedule.cron`); rows written before per-collector schedules carry it too. */
export const DEFAULT_SCHEDULE_ID = MAIN_SCHEDULE;

/** One schedule the daemon keeps: its cron, and which collectors its runs collect. */
export interface PlannedSchedule {
  /** Its name in the slot ledger: `default`, or the ids of the collectors on it joined by `+` (`github`, `aws-iam+aws-s3`). */
  readonly id: string;
  readonly cron: string;
  readonly timezone: string;
  /** The collectors its runs collect; null = every collector (no per-collector schedule is configured). */
  readonly collectors: readonly string[] | null;
}

/**
 * The daemon's schedules from `schedule:`: the main cron for every collector not listed under
 * `perCollector`, and one schedule per distinct (cron, time zone) among the listed ones — collectors given
 * the same schedule run together, in one run, which is also how collectors whose checks join each other's
 * observations (aws-cloudtrail's log-bucket check reads aws-s3's buckets) stay in one run. A listed
 * collector whose schedule equals the main one simply stays on it. A name that is no collector is a
 * configuration error naming the key and the collectors there are.
 */
export function planSchedules(schedule: ScheduleConfig, collectorIds: readonly string[]): PlannedSchedule[] {
  const listed = Object.entries(schedule.perCollector ?? {});
  const unknown = listed.filter(([id]) => !collectorIds.includes(id)).map(([id]) => `schedule.perCollector.${id}: no collector is named '${id}' (collectors: ${collectorIds.join(', ')})`);
  if (unknown.length > 0) throw new ConfigError(unknown.join('\n'), unknown);
  if (listed.length === 0) return [{ id: DEFAULT_SCHEDULE_ID, cron: schedule.cron, timezone: schedule.timezone, collectors: null }];

  const key = (cron: string, timezone: string) => `${cron.trim().replace(/\s+/g, ' ')}\u0000${timezone}`;
  const mainKey = key(schedule.cron, schedule.timezone);
  const groups = new Map<string, { cron: string; timezone: string; collectors: string[] }>();
  const onMain: string[] = [];
  for (const id of collectorIds) {
    const own = schedule.perCollector[id];
    const timezone = own?.timezone ?? schedule.timezone;
    if (!own || key(own.cron, timezone) === mainKey) {
      onMain.push(id);
      continue;
    }
    const k = key(own.cron, timezone);
    const group = groups.get(k) ?? { cron: own.cron, timezone, collectors: [] };
    group.collectors.push(id);
    groups.set(k, group);
  }
  const out: PlannedSchedule[] = [];
  if (onMain.length > 0) out.push({ id: DEFAULT_SCHEDULE_ID, cron: schedule.cron, timezone: schedule.timezone, collectors: onMain });
  for (const g of groups.values()) {
    const collectors = [...g.collectors].sort();
    out.push({ id: collectors.join('+'), cron: g.cron, timezone: g.timezone, collectors });
  }
  return out;
}
