import { CronExpressionParser, type CronExpression } from 'cron-parser';

/** cron-parser's TIME_SPAN_OUT_OF_BOUNDS_ERROR_MESSAGE (its index does not export it): the walk reached `endDate`. */
export const CRON_RANGE_END = 'Out of the time span range';

const HOUR_MS = 3_600_000;
/** Consecutive hours skipped over searches cron-parser cannot finish before the walk is refused, by name. */
const MAX_SKIPPED_HOURS = 48;

/**
 * Steps a cron-parser expression firing by firing, up to its `endDate`.
 *
 * Why not cron-parser's own iterator or hasNext(): both end quietly on ANY error, and cron-parser 5 cannot step
 * across some DST changes (Australia/Lord_Howe's half-hour one: "loop limit exceeded"), so a walk built on them
 * stopped there and lost everything after it without a word (a period's expected days, the daemon's missed
 * slots). Here only the end-of-range error ends the walk. After any other, the search resumes an hour after where
 * it started (`onSkip` is told which hour, so a caller can account for it), and 48 failed hours in a row throw,
 * naming the schedule.
 */
export class CronWalk {
  private searchFrom: number;
  private failures = 0;

  private readonly interval: CronExpression;
  private readonly schedule: string;

  /** The firings of `cron` read in `timezone`, after `fromMs` and before `endMs`. */
  constructor(cron: string, timezone: string, fromMs: number, private readonly endMs: number) {
    this.interval = CronExpressionParser.parse(cron, { currentDate: new Date(fromMs), endDate: new Date(endMs), tz: timezone });
    this.schedule = `"${cron}" (${timezone})`;
    this.searchFrom = fromMs;
  }

  /** The next firing (epoch ms), or null at the end of the range. */
  next(onSkip: (fromMs: number, toMs: number) => void = () => {}): number | null {
    for (;;) {
      try {
        const at = this.interval.next().getTime();
        this.failures = 0;
        this.searchFrom = at;
        return at;
      } catch (err) {
        const message = (err as Error).message;
        if (message === CRON_RANGE_END) return null;
        this.failures += 1;
        if (this.failures > MAX_SKIPPED_HOURS) {
          throw new Error(`schedule ${this.schedule}: cron-parser found no firing after ${new Date(this.searchFrom).toISOString()} (${message})`);
        }
        const resumeAt = this.searchFrom + HOUR_MS;
        if (resumeAt >= this.endMs) return null;
        onSkip(this.searchFrom, resumeAt);
        this.restartAt(resumeAt);
      }
    }
  }

  /** Continues the walk from `ms` (firings after it). */
  restartAt(ms: number): void {
    this.interval.reset(new Date(ms));
    this.searchFrom = ms;
  }
}
