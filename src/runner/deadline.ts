/**
 * Bounded collection (config `deadlines`): a scope gets at most `scopeSeconds`, and nothing runs past the
 * run's `runSeconds`. A collector cannot be interrupted mid-call, so a late one is abandoned: its answer,
 * if it ever comes, is discarded, and the scope is recorded as an error now. The SDK's own request
 * timeout ends the abandoned calls soon after.
 */
export class DeadlineExceededError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeadlineExceededError';
  }
}

export interface Deadlines {
  readonly scopeMs: number;
  /** Epoch milliseconds after which no scope may start or keep running. */
  readonly runEndsAt: number;
  readonly runSeconds: number;
}

export function runDeadlines(config: { scopeSeconds: number; runSeconds: number }, startMs: number): Deadlines {
  return { scopeMs: config.scopeSeconds * 1000, runEndsAt: startMs + config.runSeconds * 1000, runSeconds: config.runSeconds };
}

/**
 * `work`, or a DeadlineExceededError once the scope's or the run's deadline passes, whichever is first.
 * `what` names the work in the message (a scope's collection, or a discovery, which is bounded like one).
 */
export async function withinDeadline<T>(work: () => Promise<T>, deadlines: Deadlines, now: number, what: 'scope' | 'discovery' = 'scope'): Promise<T> {
  const runLeft = deadlines.runEndsAt - now;
  if (runLeft <= 0) throw new DeadlineExceededError(`deadline exceeded: the run's ${deadlines.runSeconds} s collection deadline passed before this ${what} started`);
  const scopeBound = deadlines.scopeMs <= runLeft;
  const ms = Math.min(deadlines.scopeMs, runLeft);
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new DeadlineExceededError(
            scopeBound
              ? `deadline exceeded: no answer within the ${what === 'scope' ? "scope's" : "discovery's"} ${Math.round(ms / 1000)} s deadline (deadlines.scopeSeconds)`
              : `deadline exceeded: the run's ${deadlines.runSeconds} s collection deadline passed (deadlines.runSeconds)`,
          ),
        ),
      ms,
    );
  });
  try {
    return await Promise.race([work(), expired]);
  } finally {
    clearTimeout(timer);
  }
}
