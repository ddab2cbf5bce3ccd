/** Process exit codes, documented in the README. */
export const EXIT = {
  /** The command did what was asked; for `run`, every result passed, was excepted or not applicable. */
  ok: 0,
  /** `run` finished and sealed its evidence, but some results are `fail` or `error`. */
  findings: 1,
  /** Bad command line or configuration: nothing was collected or stored. */
  usage: 2,
  /** `verify` found evidence that does not match its seals (or the store is unreadable as evidence). */
  integrity: 3,
  /** The command could not complete (store cannot be opened, no evidence yet, unexpected failure). */
  failure: 4,
  /**
   * `run` sealed its evidence, but did not cover every expected scope (a discovery failed, an account or
   * region could not be collected): the day's evidence is partial or empty. Takes precedence over 1.
   * `report` gives it too when the run it reports on has partial or empty coverage.
   */
  coverage: 5,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Thrown by commands to end with a specific exit code and message. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
