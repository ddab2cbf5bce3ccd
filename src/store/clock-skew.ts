/**
 * A run whose clock reads earlier than the start of the last sealed run (the host's clock went back: a
 * restored VM snapshot, a dead RTC battery, NTP stepping the clock). Runs are chained in id order and every
 * period, change window and "new since the previous run" reads that order as time order; a run dated before
 * its predecessor would make the chain say time ran backwards (a day's evidence sealed after the next day's,
 * a negative change window). So the store refuses it, naming both times, instead of recording it silently.
 */
export class ClockSkewError extends Error {
  constructor(
    readonly path: string,
    readonly startedAt: string,
    readonly previousRunId: number,
    readonly previousStartedAt: string,
  ) {
    super(
      `${path}: refusing to record a run starting at ${startedAt}: sealed run ${previousRunId} started later, at ${previousStartedAt}. ` +
        `This host's clock is behind the evidence already sealed (check NTP / the system time); runs are recorded in time order, so nothing was written.`,
    );
    this.name = 'ClockSkewError';
  }
}

/** Throws ClockSkewError when `startedAt` is earlier than the latest sealed run's start. */
export function assertNotBeforeLatestSealed(path: string, startedAt: string, latest: { id: number; started_at: string } | undefined): void {
  if (latest !== undefined && Date.parse(startedAt) < Date.parse(latest.started_at)) throw new ClockSkewError(path, startedAt, latest.id, latest.started_at);
}
