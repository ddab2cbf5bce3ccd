/**
 * The pre-period-layer report builder, kept verbatim as the test oracle; do not edit.
 * (Frozen from src/report/ as of commit 3ed69ff; only relative import paths were repointed at src/.
 * test/report/same-as-before.test.ts compares its Report with the one built on src/period/.)
 */
import type { Status, StatusCounts } from '../../../src/model/status.js';

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

export interface ControlSummary {
  readonly framework: string;
  readonly controlId: string;
  readonly title: string;
  /** `manual` when no automated check maps to the control: it needs evidence gathered by hand. */
  readonly status: Status | 'manual';
  readonly counts: StatusCounts;
  readonly checks: readonly string[];
  readonly owner: string | null;
}

export interface ResultChange {
  readonly checkId: string;
  readonly scope: string;
  readonly resourceId: string;
  /** null: the resource was not there in the previous run */
  readonly from: Status | null;
  /** null: the resource is gone in this run */
  readonly to: Status | null;
  readonly reason: string | null;
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
}

export interface Report {
  readonly run: { readonly id: number; readonly startedAt: string; readonly finishedAt: string | null; readonly day: string; readonly seal: string | null; readonly trigger: string };
  readonly previousRun: { readonly id: number; readonly startedAt: string } | null;
  readonly frameworks: readonly string[];
  readonly totals: StatusCounts;
  readonly checks: readonly CheckSummary[];
  readonly controls: readonly ControlSummary[];
  readonly coverage: readonly { readonly framework: string; readonly controls: number; readonly automated: number }[];
  readonly changes: readonly ResultChange[];
  /** Every result that is not pass / not_applicable: what the team acts on. */
  readonly findings: readonly FindingRow[];
  /** Resources where the organisation's AWS Config rules and our checks disagree. */
  readonly configDisagreements: readonly ConfigDisagreement[];
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

