import type { Status, StatusCounts } from '../model/status.js';
import type { ResultChange, RunCoverage } from '../period/index.js';
import type { ProgrammeReport } from './programme-types.js';
import type { ManualStatus } from '../programme/manual.js';

export type { ResultChange, RunCoverage, ProgrammeReport };

/** What the report needs to know about a check (from config/checks metadata). */
export interface CheckInfo {
  readonly id: string;
  readonly title: string;
  readonly severity: string;
  /** framework id → control ids */
  readonly mappings: Readonly<Record<string, readonly string[]>>;
  /** AWS Config managed rules testing the same condition. */
  readonly awsConfigRules: readonly string[];
  /** It tests events in a window (e.g. merged pull requests), so results do not carry over between runs. */
  readonly event: boolean;
}

export interface FrameworkInfo {
  readonly id: string;
  readonly title: string;
  readonly controls: readonly { readonly id: string; readonly title: string }[];
}

export interface CheckSummary {
  readonly checkId: string;
  readonly title: string;
  readonly severity: string;
  readonly status: Status;
  readonly counts: StatusCounts;
  readonly controls: Readonly<Record<string, readonly string[]>>;
}

/**
 * A control's status in a run: its checks' roll-up, a declared manual control's attested status, or the
 * worse of both. `no_evidence`: a declared manual control never attested (or whose last attestation is
 * later than the day). `manual`: neither an automated check nor a declared manual control covers it.
 */
export type ControlStatus = Status | 'manual' | 'no_evidence';

export interface ControlSummary {
  readonly framework: string;
  readonly controlId: string;
  readonly title: string;
  readonly status: ControlStatus;
  readonly counts: StatusCounts;
  readonly checks: readonly string[];
  readonly owner: string | null;
  /** What evidences it: automated checks, attestations of a declared manual control, both, or nothing. */
  readonly evidence: 'automated' | 'attested' | 'both' | 'none';
  /** For a declared manual control: its attestation's state on the run's day (pass, fail when overdue, no_evidence). */
  readonly attestation: { readonly status: ManualStatus; readonly lastAttested: string | null; readonly due: string | null; readonly reason: string } | null;
}

export interface FindingRow {
  readonly checkId: string;
  readonly title: string;
  readonly severity: string;
  readonly scope: string;
  readonly resourceId: string;
  readonly status: Status;
  readonly reason: string;
  readonly controls: Readonly<Record<string, readonly string[]>>;
  /** On excepted findings: the underlying status and the exception that covers it. */
  readonly underlying?: 'fail' | 'error';
  readonly exceptionId?: string;
}

export interface FindingCounts {
  /** Findings to act on (fail or error), by the severity of their check. */
  readonly openBySeverity: Readonly<Record<string, number>>;
  readonly open: number;
  readonly excepted: number;
}

export interface Report {
  readonly run: { readonly id: number; readonly startedAt: string; readonly finishedAt: string | null; readonly day: string; readonly seal: string | null; readonly trigger: string };
  readonly previousRun: { readonly id: number; readonly startedAt: string } | null;
  /**
   * Scope coverage: the scopes the run said it must cover against what it collected (complete /
   * partial / empty, each missing scope with its reason). Not `coverage`, which is framework coverage.
   */
  readonly scopeCoverage: RunCoverage;
  readonly frameworks: readonly string[];
  readonly totals: StatusCounts;
  readonly checks: readonly CheckSummary[];
  readonly controls: readonly ControlSummary[];
  readonly coverage: readonly { readonly framework: string; readonly controls: number; readonly automated: number }[];
  readonly changes: readonly ResultChange[];
  /** Every result that is not pass / not_applicable: what the team acts on. */
  readonly findings: readonly FindingRow[];
  /**
   * How many of those findings are open (fail or error) per severity, and how many excepted: from the stored
   * per-check counts (no result is read) unless filters narrowed the findings (then counted from them).
   */
  readonly findingCounts: FindingCounts;
  /** Resources where the organisation's AWS Config rules and our checks disagree. */
  readonly configDisagreements: readonly ConfigDisagreement[];
  /** The control programme as the run recorded it: scope and drift, owners, exceptions, manual controls. */
  readonly programme: ProgrammeReport;
}

/** Where an AWS Config rule and one of our checks reach opposite verdicts on the same resource. */
export interface ConfigDisagreement {
  readonly account: string;
  readonly resourceArn: string;
  readonly configRule: string;
  readonly managedRuleIdentifier: string;
  readonly configSays: 'COMPLIANT' | 'NON_COMPLIANT';
  readonly checkId: string;
  readonly checkSays: Status;
  readonly checkReason: string;
}

