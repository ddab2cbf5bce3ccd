/**
 * Process exit codes, documented in the README ("Exit codes"). They separate "ran and found problems"
 * (1, 8) from "could not look" (5, 6) from "could not run" (2, 4, 7, 9) so a CI pipeline or a scheduler
 * can tell them apart. When several apply, a run gives the one highest in this order: 6, 5, 8, 1, 0.
 * A `run` stopped by Ctrl-C or SIGTERM exits 130 / 143 (the shell's 128 + signal), its run marked
 * `incomplete` on the way out (src/engine/interrupt.ts).
 */
export const EXIT = {
  /** The command did what was asked; for `run`, nothing selected by --fail-on was found. */
  ok: 0,
  /** `run` finished and sealed its evidence, and results selected by --fail-on (default: any fail or error) are present, none of them new. */
  findings: 1,
  /** Bad command line or configuration (unknown key, unset variable, bad value): nothing was collected or stored. */
  usage: 2,
  /** `verify` found evidence that does not match its seals (or the store is unreadable as evidence). */
  integrity: 3,
  /** The command could not complete for another reason (an unexpected failure; the message says which). */
  failure: 4,
  /**
   * `run` sealed its evidence, but did not cover every expected scope (a discovery failed, an account or
   * region could not be collected): the day's evidence is partial. Takes precedence over 1 and 8.
   * `report` gives it too when the run it reports on has partial coverage.
   */
  coverage: 5,
  /** Coverage is empty: no expected scope could be collected at all (no network, every credential rejected) or none was stated. */
  nothingCollected: 6,
  /** The evidence store cannot be opened, created or written (path, permissions, a store of another evidence class). */
  store: 7,
  /** Like 1, and at least one selected finding is new since the previous sealed run (the first run: every finding is new). */
  newFindings: 8,
  /** The store holds no sealed run to read (`report`, `verify` before the first run). */
  noEvidence: 9,
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
