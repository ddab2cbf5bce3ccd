import { z } from 'zod';
import { CronExpressionParser } from 'cron-parser';
import { isValidTimeZone } from '../util/calendar.js';

/**
 * The daemon's `schedule:` and `alerts:` sections (documented in config/controlwatch.example.yaml).
 * Strict like the rest of the config.
 */

/** `30s`, `15m`, `6h`, `2d`: the few units a window or a grace period needs. */
const DURATION = /^(\d+)(s|m|h|d)$/;
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export function durationMs(text: string): number {
  const m = DURATION.exec(text);
  if (!m) throw new Error(`expected a duration such as 30s, 15m, 6h or 2d, got '${text}'`);
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}

const Duration = z.string().regex(DURATION, 'expected a duration such as 30s, 15m, 6h or 2d');

const Cron = z.string().refine((expr) => {
  try {
    CronExpressionParser.parse(expr);
    return true;
  } catch {
    return false;
  }
}, 'expected a cron expression such as "0 6 * * *" (5 fields, or 6 with seconds first)');

export const DEFAULT_SCHEDULE = { cron: '0 6 * * *', timezone: 'UTC', catchUpWindow: '12h', shutdownGrace: '60s' } as const;

/** A collector's own schedule; its time zone defaults to `schedule.timezone`. */
const CollectorSchedule = z
  .object({
    cron: Cron,
    timezone: z.string().refine(isValidTimeZone, 'expected an IANA time zone such as Europe/Paris').optional(),
  })
  .strict();

/** Collector ids as the registry spells them (`aws-iam`, `github`); whether one exists is checked against the registry (src/scheduler/schedules.ts). */
const COLLECTOR_ID = /^[a-z][a-z0-9-]*$/;

export const ScheduleSection = z
  .object({
    /** When runs are due (node-cron syntax; a leading sixth field is seconds). Default: daily at 06:00. */
    cron: Cron.default(DEFAULT_SCHEDULE.cron),
    /** IANA zone the cron expression is read in. */
    timezone: z.string().refine(isValidTimeZone, 'expected an IANA time zone such as Europe/Paris').default(DEFAULT_SCHEDULE.timezone),
    /** On start, the latest missed slot is run at once when it is at most this old; older ones stay `missed`. `0s` disables catch-up. */
    catchUpWindow: Duration.default(DEFAULT_SCHEDULE.catchUpWindow),
    /** On SIGTERM/SIGINT, how long the current run may take to finish before it is left `incomplete`. */
    shutdownGrace: Duration.default(DEFAULT_SCHEDULE.shutdownGrace),
    /**
     * Collectors on their own schedule (e.g. github hourly while AWS stays daily): each listed collector runs
     * on its cron, in runs of its own; collectors with the same cron and time zone run together; the others
     * follow `cron`. Each schedule has its own slots in the ledger. Runs never overlap: a slot due while
     * another schedule's run is going waits for it.
     */
    perCollector: z
      .record(z.string(), CollectorSchedule)
      // Checked here rather than by the record's key schema, whose error ("Invalid key in record") names neither the key nor the rule.
      .superRefine((entries, ctx) => {
        for (const key of Object.keys(entries)) {
          if (!COLLECTOR_ID.test(key)) ctx.addIssue({ code: 'custom', path: [key], message: `'${key}' is not a collector id: expected one such as github or aws-iam` });
        }
      })
      .default({}),
  })
  .strict();

export const ALERT_EVENTS = ['control_failing', 'control_recovered', 'collector_erroring', 'slot_missed', 'exception_expiring'] as const;
export type AlertEventType = (typeof ALERT_EVENTS)[number];

const Webhook = z
  .object({
    /** The webhook URL; use ${ENV_VAR}. Treated as a secret: never logged, recorded or sent. */
    url: z.url({ protocol: /^https?$/ }),
    /** `json`: a generic JSON body; `slack`: Slack's incoming-webhook `{ text, blocks }`. */
    format: z.enum(['json', 'slack']).default('json'),
    /** Which changes to send (all when absent). */
    events: z.array(z.enum(ALERT_EVENTS)).min(1).default([...ALERT_EVENTS]),
  })
  .strict();

export const AlertsSection = z
  .object({
    webhooks: z.array(Webhook).default([]),
    /** An exception is announced once when it expires within this many days. */
    expiringWithinDays: z.number().int().min(1).max(365).default(14),
    /** Retries after the first attempt (exponential backoff from `retryMinDelayMs`). */
    retries: z.number().int().min(0).max(10).default(4),
    retryMinDelayMs: z.number().int().min(1).max(60_000).default(1_000),
  })
  .strict();

export type ScheduleConfig = z.infer<typeof ScheduleSection>;
export type AlertsConfig = z.infer<typeof AlertsSection>;
